"""``extract``: parity with plain transformers, tokens, layer selection, bad input, truncation.

The reference is the article's own recipe with today's transformers:
``from_pretrained(folder, output_attentions=True)`` (which selects eager attention)
and ``torch.mean(outputs.attentions[-1], dim=1)[0]``. The kit must give the same
numbers for the same model and text.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pytest
import torch
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer
from transformers.utils import logging as hf_logging

from attn_teach import AttnTeachError, TruncationWarning, embedded_model_path, extract, load_model

EN = "I love natural language processing!"
JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"
CASES = {"tiny-bert-en": (EN, AutoModel), "tiny-gpt2-ja": (JA, AutoModelForCausalLM)}


@pytest.fixture(scope="module", params=list(CASES))
def case(request):
    """(loaded model, text, kit's Attention, plain transformers outputs, plain input ids)."""
    name = request.param
    text, auto = CASES[name]
    folder = embedded_model_path(name)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = auto.from_pretrained(folder, output_attentions=True)
    inputs = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        outputs = model(**inputs)
    loaded = load_model(name)
    return loaded, text, extract(text, loaded), outputs, inputs["input_ids"][0].tolist()


# -- parity --------------------------------------------------------------------------
def test_head_mean_equals_the_article_recipe(case):
    _, _, attention, outputs, _ = case
    expected = torch.mean(outputs.attentions[-1], dim=1)[0].numpy()  # (query, key)
    np.testing.assert_allclose(attention.head_mean(-1), expected, rtol=0, atol=1e-5)


def test_every_layer_and_head_equals_plain_transformers(case):
    _, _, attention, outputs, _ = case
    expected = torch.stack(outputs.attentions)[:, 0].numpy()  # (layer, head, query, key)
    assert attention.weights.shape == expected.shape
    assert attention.weights.dtype == np.float32
    np.testing.assert_allclose(attention.weights, expected, rtol=0, atol=1e-5)
    assert attention.layers == (0, 1, 2, 3)


def test_rows_sum_to_one(case):
    _, _, attention, _, _ = case
    np.testing.assert_allclose(attention.weights.sum(axis=-1), 1.0, rtol=0, atol=1e-5)


def test_tokens_are_the_tokenizers(case):
    loaded, text, attention, _, ids = case
    assert attention.tokens == loaded.tokenizer.convert_ids_to_tokens(ids)
    assert attention.text == text and attention.model_name == loaded.name


def test_bert_tokens_and_special_mask(bert):
    a = extract(EN, bert)
    assert a.tokens == ["[CLS]", "i", "love", "natural", "language", "process", "##ing", "!", "[SEP]"]
    assert a.special_mask.tolist() == [True] + [False] * 7 + [True]
    assert a.causal is False
    assert np.count_nonzero(np.triu(a.weights, k=1)) > 0  # an encoder looks both ways


def test_gpt_tokens_special_mask_and_causality(gpt):
    a = extract(JA, gpt)
    assert a.tokens[:3] == ["▁", "今日", "は"] and a.tokens[-1] == "</s>"
    assert a.special_mask.tolist() == [False] * (len(a) - 1) + [True]
    assert a.causal is True
    above = np.triu(np.ones((len(a), len(a)), dtype=bool), k=1)
    assert np.all(a.weights[..., above] == 0.0)  # exactly zero, not merely small
    assert np.all(a.weights[..., ~above] > 0.0)


# -- layer selection --------------------------------------------------------------------
def test_last_layer_only_equals_keeping_all(bert):
    full = extract(EN, bert)
    last = extract(EN, bert, layers=[-1])
    assert last.layers == (3,)
    assert last.weights.shape == (1, 4, 9, 9)
    np.testing.assert_array_equal(last.weights[0], full.weights[-1])
    np.testing.assert_array_equal(last.head_mean(-1), full.head_mean(-1))
    np.testing.assert_array_equal(last.head_mean(0), full.head_mean(3))


def test_layers_are_sorted_and_unique(gpt):
    full = extract(JA, gpt)
    some = extract(JA, gpt, layers=[2, -4, 0])
    assert some.layers == (0, 2)
    np.testing.assert_array_equal(some.weights, full.weights[[0, 2]])


@pytest.mark.parametrize("layers", [[4], [-5], [0, 9], []])
def test_bad_layers_are_refused(bert, layers):
    with pytest.raises(AttnTeachError, match="out of range|empty"):
        extract(EN, bert, layers=layers)


# -- bad text ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", " ", "\n\t  "])
def test_empty_text_is_refused(bert, text):
    with pytest.raises(AttnTeachError, match="empty"):
        extract(text, bert)


# -- truncation ---------------------------------------------------------------------------
def test_long_english_text_is_truncated_with_a_warning(bert):
    text = " ".join(["love"] * 600)  # 602 tokens with [CLS] and [SEP]
    with pytest.warns(TruncationWarning, match="602 tokens.* at most 512: 90 tokens at the end were dropped"):
        a = extract(text, bert, layers=[-1])
    assert len(a) == 512 and a.weights.shape == (1, 4, 512, 512)
    assert a.tokens[0] == "[CLS]" and a.tokens[-1] == "[SEP]"
    np.testing.assert_allclose(a.weights.sum(axis=-1), 1.0, atol=1e-5)


def test_text_at_the_limit_is_not_truncated(bert):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = extract(" ".join(["love"] * 510), bert, layers=[-1])
    assert len(a) == 512


def test_long_japanese_text_is_truncated_with_a_warning(gpt):
    text = "今日は" * 600  # ▁ + 1200 pieces + </s>
    with pytest.warns(TruncationWarning, match="1202 tokens.* at most 1024: 178 tokens at the end were dropped"):
        a = extract(text, gpt, layers=[-1])
    assert len(a) == 1024
    assert a.tokens[-1] == "</s>"
    assert np.all(np.triu(a.weights[0, 0], k=1) == 0.0)


def test_truncation_notice_is_the_kits_only(bert):
    """transformers' own "will result in indexing errors" notice would contradict ours: the
    text is truncated, nothing fails. It must not appear.

    transformers prints that notice once per tokenizer object, so the test uses fresh
    tokenizers: with the shared one, an earlier test may already have used up the notice
    and this test would pass whatever the kit does. The first fresh tokenizer shows that
    the notice is caught here when it is printed."""
    import dataclasses

    text = " ".join(["love"] * 600)
    folder = embedded_model_path("tiny-bert-en")
    messages = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: messages.append(record.getMessage())
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_warning()
    logging.getLogger("transformers").addHandler(handler)
    try:
        AutoTokenizer.from_pretrained(folder)(text)  # plain transformers: the notice is printed...
        caught = [m for m in messages if "indexing errors" in m]
        messages.clear()
        fresh = dataclasses.replace(bert, tokenizer=AutoTokenizer.from_pretrained(folder))
        with pytest.warns(TruncationWarning):
            extract(text, fresh, layers=[-1])  # ...the kit, with a tokenizer that has not printed it yet
    finally:
        logging.getLogger("transformers").removeHandler(handler)
        hf_logging.set_verbosity(verbosity)
    assert caught, "the notice was not caught: this test could not see it either"
    assert not [m for m in messages if "indexing errors" in m]


@pytest.mark.parametrize(
    ("name", "text", "unk", "specials"),
    [
        ("tiny-bert-en", "I love 🍛 curry", "[UNK]", ("[CLS]", "[SEP]")),
        ("tiny-gpt2-ja", "今日は🍛を食べました。", "<unk>", ("</s>",)),
    ],
)
def test_unknown_token_is_a_word_not_a_special_token(name, text, unk, specials):
    """An emoji comes out as the unknown token, which stands for part of the text:
    not special, so without_special() (``--no-special``) keeps it."""
    a = extract(text, name)
    assert a.tokens.count(unk) == 1
    assert not a.special_mask[a.tokens.index(unk)]
    assert a.special_mask.tolist() == [t in specials for t in a.tokens]
    assert unk in a.without_special().tokens


def test_a_model_without_eager_attention_gives_one_clear_error():
    import dataclasses

    from transformers import AutoModel

    from attn_teach import AttnTeachError, embedded_model_path, load_model

    sdpa = AutoModel.from_pretrained(embedded_model_path("tiny-bert-en"), attn_implementation="sdpa")
    loaded = dataclasses.replace(load_model("tiny-bert-en"), network=sdpa)
    with pytest.raises(AttnTeachError, match="no attention weights"):
        extract("I love natural language processing!", loaded)


def test_the_package_names_stay_the_functions_after_their_modules_are_imported():
    """`attn_teach.extract` and `attn_teach.interactive` share their names with modules: importing
    those modules first (as the CLI and the docs do) must not turn the package's functions into
    modules (Sphinx once failed: "attn_teach.extract ... is not a callable object")."""
    import subprocess
    import sys

    code = (
        "import attn_teach.extract, attn_teach.interactive.encoder, attn_teach; "
        "assert callable(attn_teach.extract) and callable(attn_teach.interactive), "
        "(attn_teach.extract, attn_teach.interactive)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr

"""What each practice stage's function is given, and what it should give back: the input cases.

A stage runs on at least two cases that differ in exactly the dimensions learners
confuse (stage 2's layers and heads, stage 5's batch, the length of the text), so a
hard-coded shape, swapped axes or a mean over the batch cannot pass by chance:

* the article's sentences through the kit's embedded models (shipped as
  ``practice/data/<model>.npz``, written by :func:`write_samples`);
* a small BERT with random weights made at check time (seeded, 3 layers x 2 heads,
  against the shipped model's 4 x 4), read through the same ``from_pretrained`` a
  learner uses, on a text of another length, and a batch of two sentences.

Each case is ``{"label", "args", "expected"}``; the expected values are computed
here, in the child process, before the learner's file is imported.
"""

from __future__ import annotations

import atexit
import functools
import pathlib
import shutil
import tempfile
from typing import Any

import numpy as np

from attn_teach.attention import Attention
from attn_teach.i18n import N_

RANDOM_LABEL = N_("random BERT, 3 layers and 2 heads")  # a case's label is shown in hints: translated there
BATCH_LABEL = RANDOM_LABEL
SHORT_LABEL = N_(
    "a shorter sentence"
)  # a figure stage's second input  # the batch of two: the hint says "a batch of 2" itself

TEXT_EN = "I love natural language processing!"
TEXT_JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"
TEXT_EN_2 = "The cat sat on the mat and looked at the dog."  # another length than TEXT_EN
TEXT_JA_2 = "明日はラーメンを食べます。"  # shorter than TEXT_JA
BATCH = ["I love natural language processing!", "Attention is all you need."]
MODELS = {"tiny-bert-en": TEXT_EN, "tiny-gpt2-ja": TEXT_JA}
# the figure stages' second input: another sentence of another length (7 and 9 tokens against 9 and 20),
# so a figure drawn for the article's sentence only (range(9), matrix[:20, :20]) fails
SHORT = {"tiny-bert-en": "We like natural language.", "tiny-gpt2-ja": TEXT_JA_2}
DATA_DIR = pathlib.Path(__file__).parent / "data"
RANDOM_BERT: dict[str, Any] = {
    "num_hidden_layers": 3,
    "num_attention_heads": 2,  # against tiny-bert-en's 4 and 4
    "hidden_size": 32,
    "intermediate_size": 64,
    "initializer_range": 0.5,  # large weights: peaked attention, so a wrong axis shows
    "attention_probs_dropout_prob": 0.1,
}
SEED = 1234


def sample_path(model: str, *, short: bool = False) -> pathlib.Path:
    return DATA_DIR / (f"{model}-short.npz" if short else f"{model}.npz")


def sample(model: str, *, short: bool = False) -> Attention:
    """The article's sentence for ``model`` (or the shorter one of :data:`SHORT`), every layer, as shipped."""
    return Attention.load(sample_path(model, short=short))


def write_samples(folder: pathlib.Path = DATA_DIR) -> list[pathlib.Path]:
    """Run the sentences through the embedded models and save them (kit maintainers only)."""
    from attn_teach.extract import extract
    from attn_teach.files import atomic_write

    written = []
    for texts, suffix in ((MODELS, ""), (SHORT, "-short")):
        for model, text in texts.items():
            attention = extract(text, model)
            tmp = folder / f".{model}{suffix}.tmp.npz"
            attention.save(tmp, overwrite=True)
            written.append(atomic_write(folder / f"{model}{suffix}.npz", tmp.read_bytes(), force=True))
            tmp.unlink()
    return written


# -- models ------------------------------------------------------------------------------
def _embedded(model: str) -> str:
    from attn_teach.models import embedded_model_path

    return str(embedded_model_path(model))


@functools.cache
def random_bert_folder() -> str:
    """A BERT with random weights (seeded) and another layer and head count, saved as safetensors.

    Its tokenizer is the embedded tiny-bert-en's. The folder lives for the process: in a check's
    child it is made in the check's own temporary folder (removed with the child); anywhere else it
    is removed when the process ends.
    """
    import torch
    from transformers import BertConfig, BertModel

    source = pathlib.Path(_embedded("tiny-bert-en"))
    folder = pathlib.Path(tempfile.mkdtemp(prefix="attn-practice-bert-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # a forked child ends with os._exit: not run there
    for name in ("vocab.txt", "tokenizer_config.json"):
        shutil.copy(source / name, folder / name)
    vocab = sum(1 for _ in (source / "vocab.txt").open(encoding="utf-8"))
    torch.manual_seed(SEED)
    config = BertConfig(vocab_size=vocab, max_position_embeddings=64, **RANDOM_BERT)
    BertModel(config).save_pretrained(folder)
    return str(folder)


def _run(folder: str, texts: list[str] | str, *, grad: bool = False, causal: bool = False):
    """``(outputs, input_ids)`` of the model in ``folder``: eager, eval mode, padded batch."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, BertModel

    tokenizer = AutoTokenizer.from_pretrained(folder)
    cls = AutoModelForCausalLM if causal else BertModel
    model = cls.from_pretrained(folder, attn_implementation="eager").eval()
    inputs = tokenizer(texts, return_tensors="pt", padding=True)
    if causal:
        inputs = {"input_ids": tokenizer.encode(texts, return_tensors="pt")}
    with torch.set_grad_enabled(grad):
        outputs = model(**inputs, output_attentions=True)
    return outputs, inputs["input_ids"], tokenizer


def _stacked(attentions) -> np.ndarray:
    """``(layer, batch, head, query, key)`` float32 from a tuple of tensors."""
    return np.stack([a.detach().cpu().numpy() for a in attentions]).astype(np.float32)


# -- the cases of each stage ---------------------------------------------------------------
def extract_cases() -> list[dict]:
    """Stage 1: two model folders (4 x 4 and 3 x 2), two texts."""
    cases = []
    for label, folder, text in (
        ("tiny-bert-en", _embedded("tiny-bert-en"), TEXT_EN),
        (RANDOM_LABEL, random_bert_folder(), TEXT_EN_2),
    ):
        outputs, _, _ = _run(folder, text)
        cases.append({"label": label, "args": (folder, text), "expected": {"weights": _stacked(outputs.attentions)}})
    return cases


def shape_cases() -> list[dict]:
    """Stage 2: the attentions of two models whose layer and head counts differ, texts of two lengths."""
    cases = []
    for label, folder, text in (
        ("tiny-bert-en", _embedded("tiny-bert-en"), TEXT_EN),
        (RANDOM_LABEL, random_bert_folder(), TEXT_EN_2),
    ):
        outputs, _, _ = _run(folder, text)
        shape = [len(outputs.attentions), *outputs.attentions[-1].shape[1:]]
        cases.append({"label": label, "args": (outputs.attentions,), "expected": {"shape": [int(n) for n in shape]}})
    return cases


def numpy_cases() -> list[dict]:
    """Stage 3: outputs that still require grad; one sentence, then a batch of two."""
    cases = []
    for label, folder, texts in (
        ("tiny-bert-en", _embedded("tiny-bert-en"), TEXT_EN),
        (BATCH_LABEL, random_bert_folder(), BATCH),
    ):
        outputs, _, _ = _run(folder, texts, grad=True)
        cases.append({"label": label, "args": (outputs,), "expected": {"weights": _stacked(outputs.attentions)}})
    return cases


def head_mean_cases() -> list[dict]:
    """Stage 5: one layer (batch, head, query, key) with a batch of one, then a batch of two."""
    first = sample("tiny-bert-en").weights[-1][None].copy()  # (1, head, query, key)
    outputs, _, _ = _run(random_bert_folder(), BATCH)
    second = outputs.attentions[-1].numpy().copy()  # (2, head, query, key)
    return [
        {"label": label, "args": (w,), "expected": {"weights": w[None].copy()}}
        for label, w in (("tiny-bert-en", first), (BATCH_LABEL, second))
    ]


def japanese_cases() -> list[dict]:
    """Stage 7: the Japanese model on two texts of different lengths."""
    cases = []
    folder = _embedded("tiny-gpt2-ja")
    for text in (TEXT_JA, TEXT_JA_2):
        outputs, ids, tokenizer = _run(folder, text, causal=True)
        tokens = [str(t) for t in tokenizer.convert_ids_to_tokens(ids[0])]
        cases.append(
            {
                "label": text,
                "args": (folder, text),
                "expected": {"weights": _stacked(outputs.attentions)[:, 0], "tokens": tokens},
            }
        )
    return cases


def _drawing(model: str, with_tokens: bool = True) -> list[dict]:
    """The article's sentence, then a shorter one (the first case is the one the baseline image shows)."""
    cases = []
    for short in (False, True):
        attention = sample(model, short=short)
        matrix = attention.head_mean(-1)  # (query, key)
        args = (matrix, list(attention.tokens)) if with_tokens else (matrix,)
        label = SHORT_LABEL if short else model
        cases.append({"label": label, "args": args, "expected": {"matrix": matrix, "tokens": list(attention.tokens)}})
    return cases


def english_drawing_cases() -> list[dict]:
    """Stages 4 and 6: the English sentences' last layer, head mean."""
    return _drawing("tiny-bert-en")


def japanese_drawing_cases() -> list[dict]:
    """Stages 8, 9 and 11: the Japanese sentences' last layer, head mean."""
    return _drawing("tiny-gpt2-ja")


def scatter_cases() -> list[dict]:
    """Stage 10: the Japanese matrices alone."""
    return _drawing("tiny-gpt2-ja", with_tokens=False)

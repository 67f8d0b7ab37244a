"""Loading models: the embedded folders, plain transformers on them, and bad names.

The embedded models must behave like the article's hub models under plain
``from_pretrained(folder)``: same tokenizer classes, same model classes, the same
load report for ``BertModel``. Bad input must end in one :class:`AttnTeachError`
line that says what to do, and at once.
"""

from __future__ import annotations

import logging
import pathlib

import numpy as np
import pytest
import torch
from offline_probe import slow_paths
from transformers import (
    AutoConfig,
    AutoModel,
    AutoModelForCausalLM,
    AutoTokenizer,
    BertModel,
    BertTokenizer,
    GPT2LMHeadModel,
    T5Tokenizer,
)
from transformers.utils import logging as hf_logging

from attn_teach import AttnTeachError, embedded_model_path, extract, load_model
from attn_teach.models import EMBEDDED

EN = "I love natural language processing!"
JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"


class Records(logging.Handler):
    """Collects what transformers logs (its logger does not propagate to pytest's caplog)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    @property
    def messages(self) -> list[str]:
        return [r.getMessage() for r in self.records]


@pytest.fixture
def transformers_log():
    handler, verbosity = Records(), hf_logging.get_verbosity()
    hf_logging.set_verbosity_warning()
    logging.getLogger("transformers").addHandler(handler)
    yield handler
    logging.getLogger("transformers").removeHandler(handler)
    hf_logging.set_verbosity(verbosity)


# -- the embedded folders -------------------------------------------------------
@pytest.mark.parametrize("name", ["tiny-bert-en", "tiny-gpt2-ja"])
def test_embedded_folder_is_a_model_folder(name):
    folder = embedded_model_path(name)
    assert folder.is_dir() and folder.name == name
    assert (folder / "config.json").is_file()
    assert list(folder.glob("*.safetensors"))
    assert not list(folder.glob("*.bin")) and not list(folder.glob("*.py"))
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert card.startswith(f"# {name}\n")


def test_embedded_models_are_small():
    total = sum(p.stat().st_size for name in EMBEDDED for p in embedded_model_path(name).iterdir())
    assert 1_000_000 < total < 20_000_000


def test_embedded_model_path_refuses_other_names():
    with pytest.raises(AttnTeachError, match="tiny-bert-en, tiny-gpt2-ja"):
        embedded_model_path("bert-base-uncased")


# -- load_model -------------------------------------------------------------------
def test_load_bert(bert):
    assert bert.name == "tiny-bert-en"
    assert bert.causal is False
    assert bert.max_positions == 512
    assert isinstance(bert.network, BertModel)
    assert isinstance(bert.tokenizer, BertTokenizer)
    assert bert.network.config._attn_implementation == "eager"
    assert bert.network.training is False
    assert repr(bert) == "LoadedModel('tiny-bert-en', BertModel, layers=4, heads=4, max_positions=512)"


def test_load_gpt(gpt):
    assert gpt.name == "tiny-gpt2-ja"
    assert gpt.causal is True
    assert gpt.max_positions == 1024
    assert isinstance(gpt.network, GPT2LMHeadModel)
    assert isinstance(gpt.tokenizer, T5Tokenizer)
    assert gpt.network.config._attn_implementation == "eager"
    assert gpt.network.training is False


def test_embedded_models_are_loaded_once():
    # not against the module's fixture: other tests may load other models in between (any order)
    first = load_model("tiny-bert-en")
    assert load_model("tiny-bert-en") is first


def test_load_from_a_folder_is_quiet_and_eager(transformers_log, bert):
    """A folder path takes the same route as the embedded name, without the load report."""
    loaded = load_model(str(embedded_model_path("tiny-bert-en")))
    assert isinstance(loaded.network, BertModel)
    assert loaded.network.config._attn_implementation == "eager"
    assert not [m for m in transformers_log.messages if "LOAD REPORT" in m]
    a, b = extract(EN, loaded, layers=[-1]), extract(EN, bert, layers=[-1])
    np.testing.assert_array_equal(a.weights, b.weights)


# -- plain transformers on the embedded folders -------------------------------------
def test_plain_transformers_loads_bert_folder():
    folder = embedded_model_path("tiny-bert-en")
    assert type(AutoTokenizer.from_pretrained(folder)) is BertTokenizer
    # the article's own call: the folder's vocabulary, so the same pieces as the kit's tokenizer
    article_tokenizer = BertTokenizer.from_pretrained(folder)
    assert article_tokenizer.vocab_size == AutoConfig.from_pretrained(folder).vocab_size
    assert article_tokenizer.tokenize(EN) == ["i", "love", "natural", "language", "process", "##ing", "!"]
    model = AutoModel.from_pretrained(folder, attn_implementation="eager")
    assert type(model) is BertModel  # the article's class, chosen by the folder's config
    # ...and the trained weights were read, not initialised at random: the same attention as the kit's
    with torch.inference_mode():
        out = model(**AutoTokenizer.from_pretrained(folder)(EN, return_tensors="pt"), output_attentions=True)
    np.testing.assert_allclose(
        out.attentions[-1][0].numpy(), extract(EN, "tiny-bert-en", layers=[-1]).weights[0], atol=1e-6
    )


def test_plain_bert_model_reports_unused_pretraining_heads(transformers_log):
    """transformers 5 reports it as one WARNING record on its ``transformers.modeling_utils``
    logger (printed to stderr by transformers' own handler, not propagated, so pytest's
    ``caplog`` misses it): a "LOAD REPORT" table listing the ``cls.*`` keys of the
    pretraining heads as UNEXPECTED, as it does for ``bert-base-uncased``."""
    BertModel.from_pretrained(embedded_model_path("tiny-bert-en"))
    reports = [r for r in transformers_log.records if "LOAD REPORT" in r.getMessage()]
    assert len(reports) == 1
    assert reports[0].levelno == logging.WARNING
    assert reports[0].name.startswith("transformers.")
    report = reports[0].getMessage()
    assert "BertModel" in report and "UNEXPECTED" in report
    for key in ["cls.predictions.bias", "cls.predictions.transform.dense.weight", "cls.seq_relationship.weight"]:
        assert key in report
    assert "bert." not in report  # only the heads are unused; every encoder weight was loaded


def test_plain_transformers_loads_gpt_folder():
    folder = embedded_model_path("tiny-gpt2-ja")
    assert type(AutoTokenizer.from_pretrained(folder)) is T5Tokenizer
    assert isinstance(AutoModelForCausalLM.from_pretrained(folder), GPT2LMHeadModel)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("tiny-bert-en", EN, ["i", "love", "natural", "language", "process", "##ing", "!"]),
        (
            "tiny-gpt2-ja",
            JA,
            [
                "▁",
                "今日",
                "は",
                "カレー",
                "ライス",
                "を",
                "食べ",
                "ました",
                "。",
                "明日",
                "は",
                "ラーメン",
                "を",
                "食べ",
                "よう",
                "と",
                "思い",
                "ます",
                "。",
            ],
        ),
    ],
)
def test_article_sentences_have_no_unknown_token(name, text, expected):
    tok = AutoTokenizer.from_pretrained(embedded_model_path(name))
    tokens = tok.convert_ids_to_tokens(tok(text)["input_ids"])  # the strings the ids stand for
    assert tok.unk_token not in tokens
    assert [t for t in tokens if t not in tok.all_special_tokens] == expected
    assert tok.tokenize(text) == expected


@pytest.mark.parametrize(("name", "unk"), [("tiny-bert-en", "[UNK]"), ("tiny-gpt2-ja", "<unk>")])
def test_an_unknown_character_becomes_the_unknown_token(name, unk):
    """The id the tokenizer gives an emoji is the id of its unknown token, not of another special."""
    tok = AutoTokenizer.from_pretrained(embedded_model_path(name))
    assert tok.unk_token == unk
    tokens = tok.convert_ids_to_tokens(tok("🍛")["input_ids"])
    assert tokens.count(unk) == 1
    assert tok.convert_ids_to_tokens(tok.unk_token_id) == unk


@pytest.mark.parametrize("text", ["hello", "Hello, world!", "I love Python!", "AIとGPU", "12時に", "zebra quiz jumps"])
def test_japanese_model_reads_latin_words_and_numbers(text):
    """As rinna's tokenizer does: Latin text and digits are pieces, never <unk>."""
    tok = AutoTokenizer.from_pretrained(embedded_model_path("tiny-gpt2-ja"))
    tokens = tok.convert_ids_to_tokens(tok(text)["input_ids"])
    assert "<unk>" not in tokens, tokens
    assert "".join(tokens).replace("▁", " ").replace("</s>", "").strip() == text


def test_japanese_model_has_the_corpus_words_as_pieces():
    tok = AutoTokenizer.from_pretrained(embedded_model_path("tiny-gpt2-ja"))
    assert tok.tokenize("hello") == ["▁", "hello"]
    assert tok.tokenize("今日はPythonを勉強しました。") == ["▁", "今日", "は", "Python", "を", "勉強し", "ました", "。"]


# -- bad names ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["no such model!", "./nope", "nope.bin", "", "   "])
def test_unknown_model_names_the_embedded_models(name):
    with pytest.raises(AttnTeachError, match="tiny-bert-en") as info:
        load_model(name)
    assert "\n" not in str(info.value)


def test_uncached_hub_id_offline_fails_at_once(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    name = "attn-teach-tests/no-such-model"  # never in anyone's cache
    with pytest.raises(AttnTeachError) as info:
        load_model(name)
    message = str(info.value)
    # at once: no retry's sleep, and neither torch nor transformers is imported for the refusal
    refusal = f"from attn_teach import load_model\ntry:\n    load_model({name!r})\nexcept Exception: pass"
    assert slow_paths(refusal) == "heavy imports: []"
    assert f"attn-teach download {name}" in message
    assert "tiny-bert-en (for bert-base-uncased)" in message
    assert "tiny-gpt2-ja (for rinna/japanese-gpt2-medium)" in message
    assert "\n" not in message


# -- pickled weights --------------------------------------------------------------------
@pytest.fixture(scope="module")
def pickled_folder(tmp_path_factory):
    """tiny-bert-en with its weights in pytorch_model.bin (a pickle) instead of safetensors."""
    from safetensors.torch import load_file

    bert = load_model("tiny-bert-en")
    folder = tmp_path_factory.mktemp("pickled")
    bert.network.config.save_pretrained(folder)
    bert.tokenizer.save_pretrained(folder)
    state = load_file(embedded_model_path("tiny-bert-en") / "model.safetensors")
    torch.save(state, folder / "pytorch_model.bin")
    return folder


def test_pickled_weights_are_refused(pickled_folder):
    with pytest.raises(AttnTeachError, match="allow_pickle=True") as info:
        load_model(pickled_folder)
    assert "pytorch_model.bin" in str(info.value)


def test_pickled_weights_load_when_allowed(pickled_folder, bert):
    loaded = load_model(pickled_folder, allow_pickle=True)
    assert isinstance(loaded.network, BertModel)
    a, b = extract(EN, loaded), extract(EN, bert)
    np.testing.assert_allclose(a.weights, b.weights, rtol=0, atol=1e-6)


def test_folder_without_weights_is_refused(tmp_path, bert):
    bert.network.config.save_pretrained(tmp_path)
    with pytest.raises(AttnTeachError, match="no weights"):
        load_model(tmp_path)


def test_folder_without_config_is_refused(tmp_path):
    with pytest.raises(AttnTeachError, match="config.json"):
        load_model(tmp_path)


def test_cli_pickle_opt_in(pickled_folder, tmp_path, capsys):
    """The error names --allow-pickle, and that flag exists and works."""
    from attn_teach.cli import main

    out = tmp_path / "a.npz"
    assert main(["extract", EN, "--model", str(pickled_folder), "-o", str(out)]) == 2
    assert "--allow-pickle" in capsys.readouterr().err
    assert not out.exists()
    assert main(["extract", EN, "--model", str(pickled_folder), "--allow-pickle", "-o", str(out)]) == 0
    assert out.exists()


@pytest.mark.parametrize("name", ["EleutherAI/gpt-neo-1.3B", "Qwen/Qwen2.5-0.5B", "bert-base-uncased"])
def test_hub_ids_with_dots_are_hub_ids(name):
    from attn_teach.models import resolve

    assert resolve(name) == (name, False)


@pytest.mark.parametrize("name", ["attention.npz", "weights.bin", "model.safetensors"])
def test_file_names_are_not_taken_for_hub_ids(name):
    from attn_teach.models import resolve

    with pytest.raises(AttnTeachError, match="unknown model"):
        resolve(name)


def test_count_parameters_on_meta_equals_a_real_models_count():
    """Counting from a configuration (meta device, nothing allocated) gives the real model's count."""
    from transformers import AutoConfig, BertForPreTraining, GPT2LMHeadModel

    from attn_teach.models import count_parameters

    for name, cls in (("tiny-bert-en", BertForPreTraining), ("tiny-gpt2-ja", GPT2LMHeadModel)):
        folder = embedded_model_path(name)
        real = cls.from_pretrained(folder)
        expected = sum(p.numel() for p in real.parameters())
        config = AutoConfig.from_pretrained(folder)
        assert count_parameters(config) == expected  # class from config.architectures
        assert count_parameters(config, model_class=cls) == expected
    # a name or a loaded model is counted as load_model builds it (the bare BertModel: no pre-training heads)
    network = load_model("tiny-bert-en").network
    assert count_parameters("tiny-bert-en") == count_parameters(network) == sum(p.numel() for p in network.parameters())
    with_heads = count_parameters(AutoConfig.from_pretrained(embedded_model_path("tiny-bert-en")))
    assert count_parameters("tiny-bert-en") < with_heads


# -- code from the model's author, shapes that do not match ----------------------------------
def _copy_with(tmp_path, name: str, file: str, **changes):
    """A copy of an embedded model whose ``file`` (JSON) has ``changes``."""
    import json
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(embedded_model_path(name), folder)
    settings = json.loads((folder / file).read_text(encoding="utf-8"))
    (folder / file).write_text(json.dumps({**settings, **changes}), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", EMBEDDED)
def test_a_tokenizer_with_its_own_code_is_refused_as_custom_code(tmp_path, name):
    """A tokenizer_config.json whose auto_map names the author's code: refused as such, the code never run."""
    folder = _copy_with(
        tmp_path,
        name,
        "tokenizer_config.json",
        tokenizer_class="EvilTokenizer",
        auto_map={"AutoTokenizer": ["tokenization_evil.EvilTokenizer", None]},
    )
    (folder / "tokenization_evil.py").write_text("raise SystemExit('the author code ran')\n", encoding="utf-8")
    with pytest.raises(AttnTeachError) as info:
        load_model(folder)
    message = str(info.value)
    assert "needs code from the model repository" in message and "tokenization_evil.EvilTokenizer" in message
    assert "spiece.model" not in message and "\n" not in message


def test_weights_of_another_shape_say_so(tmp_path):
    """config.json's intermediate_size changed: not "look at the above report", but what happened."""
    folder = _copy_with(tmp_path, "tiny-bert-en", "config.json", intermediate_size=300)
    with pytest.raises(AttnTeachError) as info:
        load_model(folder)
    message = str(info.value)
    assert "do not have the shapes its config.json describes" in message, message
    assert "above report" not in message


def test_a_size_of_the_wrong_type_names_the_field_and_the_value(tmp_path):
    folder = _copy_with(tmp_path, "tiny-bert-en", "config.json", intermediate_size=1e9)
    with pytest.raises(AttnTeachError, match=r"intermediate_size.*expected int, got float \(value: 1000000000\.0\)"):
        load_model(folder)


def test_an_uncached_hub_id_offline_is_refused_before_torch_is_imported(tmp_path):
    """The refusal needs no model: torch and transformers (seconds of start-up) are not imported for it."""
    import os
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from attn_teach.cli import main\n"
        "code = main(['extract', 'hello', '--model', 'bert-base-uncased', '-o', 'h.npz'])\n"
        "print(code, sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    import attn_teach

    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HF_HUB_CACHE": str(tmp_path / "empty-cache"),
        "ATTN_TEACH_LANG": "en",
        "PYTHONPATH": os.pathsep.join(
            [str(pathlib.Path(attn_teach.__file__).parent.parent), os.environ.get("PYTHONPATH", "")]
        ),
    }
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )
    assert done.stdout.strip() == "2 []", done.stdout + done.stderr
    assert "bert-base-uncased is not in the local cache and offline" in done.stderr
    assert not (tmp_path / "h.npz").exists()

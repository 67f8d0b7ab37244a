"""Hostile and careless input: concurrent use, broken model folders, huge declared sizes, odd arguments.

Each test names the behaviour it guards: one line (AttnTeachError / exit 2) instead of a
traceback, a wrong result or a gigabyte allocation.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile

import numpy as np
import pytest

from attn_teach import Attention, extract, load_model
from attn_teach.errors import AttnTeachError
from attn_teach.models import embedded_model_path

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg"}


def _cli(*args, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "attn_teach", *args], env={**ENV, **(env or {})},
                          capture_output=True, **kwargs)


def _copy(name, tmp_path, folder="model"):
    target = tmp_path / folder
    shutil.copytree(embedded_model_path(name), target)
    return target


def _edit_config(folder, **changes):
    config = json.loads((folder / "config.json").read_text())
    config.update(changes)
    (folder / "config.json").write_text(json.dumps(config))


# -- 1. extract is thread-safe -------------------------------------------------------------------
TEXTS_SAME = ["I love natural language processing!", "You like natural language processing?",
              "We love natural language modelling.", "They read natural language books!"]
TEXTS_MIXED = ["I love natural language processing!", "Hello.", "The cat sat on the mat and looked at the dog.",
               "Attention is all you need, they said, and then they said it again."]


@pytest.mark.parametrize("texts", [TEXTS_SAME, TEXTS_MIXED], ids=["equal-lengths", "different-lengths"])
def test_extract_from_eight_threads_equals_a_serial_run(bert, texts):
    jobs = [(texts[i % len(texts)], [None, [-1], [0, 2]][i % 3]) for i in range(8 * 5)]
    serial = [extract(t, bert, layers=layers).weights for t, layers in jobs]
    results, errors = [None] * len(jobs), []
    barrier = threading.Barrier(8)

    def worker(k):
        barrier.wait()
        try:
            for i in range(k, len(jobs), 8):
                results[i] = extract(jobs[i][0], bert, layers=jobs[i][1]).weights
        except Exception as exc:  # noqa: BLE001 - collected and shown by the assert below
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    wrong = [i for i, (a, b) in enumerate(zip(results, serial)) if a.shape != b.shape or not np.array_equal(a, b)]
    assert wrong == []


# -- 3. no silent random weights ------------------------------------------------------------------
def test_a_checkpoint_without_tensors_is_refused(tmp_path):
    from safetensors.numpy import save_file

    folder = _copy("tiny-bert-en", tmp_path)
    save_file({}, str(folder / "model.safetensors"))
    with pytest.raises(AttnTeachError, match=r"weights are missing from the checkpoint .*attention"):
        load_model(folder)


def test_another_architectures_weights_are_refused(tmp_path):
    folder = _copy("tiny-bert-en", tmp_path)
    shutil.copy(embedded_model_path("tiny-gpt2-ja") / "model.safetensors", folder / "model.safetensors")
    with pytest.raises(AttnTeachError, match=r"weights are missing from the checkpoint"):
        load_model(folder)


def test_the_pretraining_head_report_is_not_an_error(bert):
    assert bert.tokenizer.tokenize("I love natural language processing!")[0] == "i"


def test_a_folder_without_tokenizer_files_is_refused(tmp_path):
    folder = _copy("tiny-bert-en", tmp_path)
    (folder / "vocab.txt").unlink()
    with pytest.raises(AttnTeachError, match="no tokenizer files in"):
        load_model(folder)


# -- 5. caps on hostile sizes ---------------------------------------------------------------------
def test_a_config_with_a_million_layers_is_refused_before_building(tmp_path):
    folder = _copy("tiny-bert-en", tmp_path)
    _edit_config(folder, num_hidden_layers=1_000_000)
    with pytest.raises(AttnTeachError, match=r"num_hidden_layers = 1000000, outside 1\.\.512"):
        load_model(folder)


@pytest.mark.parametrize("key", ["num_attention_heads", "max_position_embeddings", "vocab_size"])
def test_other_absurd_sizes_are_refused(tmp_path, key):
    folder = _copy("tiny-bert-en", tmp_path)
    _edit_config(folder, **{key: 10**12})
    with pytest.raises(AttnTeachError, match=rf"{key} = {10**12}"):
        load_model(folder)


def _npz_with_header(path, shape):
    """An .npz whose weights member claims ``shape`` but holds almost nothing."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f4", "fortran_order": False, "shape": shape})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("weights.npy", header.getvalue() + b"\0" * 64)


def test_a_header_claiming_364_tib_is_refused(tmp_path):
    path = tmp_path / "huge.npz"
    _npz_with_header(path, (100_000, 1_000_000, 1_000_000))
    with pytest.raises(AttnTeachError, match=r"declares .* GiB of arrays, more than the .* limit"):
        Attention.load(path)


def test_a_zip_bomb_is_refused_before_decompressing(tmp_path):
    from attn_teach.limits import check_npz

    path = tmp_path / "bomb.npz"
    np.savez_compressed(path, weights=np.zeros((4, 1024, 1024), np.float32))  # 16 MiB of zeros, ~16 KiB on disk
    assert path.stat().st_size < 100_000
    with pytest.raises(AttnTeachError, match="more than the"):
        check_npz(path, limit=1 << 20)


# -- 6. one line where there were tracebacks --------------------------------------------------------
def test_invalid_utf8_text_argument(tmp_path):
    done = _cli("extract", b"caf\xe9 au lait", "-o", str(tmp_path / "a.npz"))
    assert done.returncode == 2
    assert done.stderr.decode().strip() == "attn-teach: error: the text is not valid UTF-8; save or type it " \
        "as UTF-8 and try again"


def test_empty_vocab_txt(tmp_path):
    folder = _copy("tiny-bert-en", tmp_path)
    (folder / "vocab.txt").write_text("")
    with pytest.raises(AttnTeachError, match="vocab.txt is empty"):
        load_model(folder)


@pytest.mark.parametrize("encoding", ["cp932", "cp1252"])
def test_stdout_in_a_legacy_encoding(tmp_path, encoding):
    out = tmp_path / "a.npz"
    done = _cli("extract", "今日はカレーライスを食べました。", "--model", "tiny-gpt2-ja", "-o", str(out),
                env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    assert Attention.load(out).text == "今日はカレーライスを食べました。"


def test_an_npy_renamed_npz(tmp_path):
    path = tmp_path / "a.npz"
    with open(path, "wb") as f:
        np.save(f, np.eye(3))
    with pytest.raises(AttnTeachError, match=r"is not an attention file written by Attention.save \(not an .npz"):
        Attention.load(path)


@pytest.mark.parametrize("layers", ["12", 1.0, [1.5], True])
def test_layers_must_be_whole_numbers_in_a_list(bert, layers):
    with pytest.raises(AttnTeachError, match="layers must be"):
        extract("I love it", bert, layers=layers)


def test_a_single_layer_number_is_still_accepted(bert):
    assert extract("I love it", bert, layers=-1).layers == (3,)
    assert extract("I love it", bert, layers=np.int64(0)).layers == (0,)


@pytest.mark.parametrize("model", [None, 3, "bert-object", "tokenizer-object"])
def test_a_model_object_where_a_name_is_expected(bert, model):
    model = {"bert-object": bert.network, "tokenizer-object": bert.tokenizer}.get(model, model)
    with pytest.raises(AttnTeachError, match=r"expected a model name, got a .*: pass a name .*load_model\(\.\.\.\)"):
        extract("I love it", model)
    with pytest.raises(AttnTeachError, match="expected a model name"):
        load_model(model)


@pytest.mark.parametrize("text", [b"I love it", 42, ["I", "love"]])
def test_text_that_is_not_a_string(bert, text):
    with pytest.raises(AttnTeachError, match=r"the text must be a string \(str\), not "):
        extract(text, bert)


@pytest.mark.parametrize("shape", [(1, 1, 0, 0), (1, 0, 2, 2), (0, 1, 2, 2)])
def test_an_attention_without_tokens_heads_or_layers_is_refused(shape):
    n = shape[2]
    with pytest.raises(AttnTeachError, match="at least one token, one layer and one head"):
        Attention("x", "m", ["t"] * n, np.zeros(n, bool), np.zeros(shape, np.float32), layers=(0,) * shape[0])


def test_a_broken_pipe_after_the_write_exits_quietly(tmp_path):
    out = tmp_path / "a.npz"
    reader, writer = os.pipe()
    os.close(reader)  # like `| head` that has already exited
    try:
        done = subprocess.run([sys.executable, "-m", "attn_teach", "extract", "I love it", "-o", str(out)],
                              env=ENV, stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr and b"error" not in done.stderr
    assert Attention.load(out).tokens[1] == "i"


# -- 7. bf16 and fp16 checkpoints ---------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["bfloat16", "float16"])
def test_half_precision_checkpoints_load_and_extract(tmp_path, bert, dtype):
    import torch

    folder = tmp_path / dtype
    half = type(bert.network).from_pretrained(embedded_model_path("tiny-bert-en"), dtype=getattr(torch, dtype))
    half.save_pretrained(folder)
    bert.tokenizer.save_pretrained(folder)
    assert "F16" in (folder / "model.safetensors").read_bytes()[:2000].decode("latin-1").upper()
    a = extract("I love natural language processing!", load_model(folder))
    reference = extract("I love natural language processing!", bert)
    assert a.weights.dtype == np.float32
    np.testing.assert_allclose(a.weights.sum(-1), 1, atol=1e-5)
    np.testing.assert_allclose(a.weights, reference.weights, atol=0.05)  # half-precision weights, float32 maths


# -- 8. messages that name the real cause -------------------------------------------------------------
def test_a_symlink_loop_is_named(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(AttnTeachError, match="symbolic link that leads to no folder"):
        load_model(loop)


def test_a_garbage_spiece_model_is_named(tmp_path):
    folder = _copy("tiny-gpt2-ja", tmp_path)
    (folder / "spiece.model").write_bytes(b"this is not a sentencepiece model" * 10)
    with pytest.raises(AttnTeachError, match="could not read the tokenizer files") as caught:
        load_model(folder)
    assert "tiktoken" not in str(caught.value)


def test_custom_code_is_named(tmp_path):
    folder = _copy("tiny-bert-en", tmp_path)
    _edit_config(folder, model_type="my-own-bert", auto_map={"AutoConfig": "configuration_mine.MyConfig",
                                                             "AutoModel": "modeling_mine.MyModel"})
    with pytest.raises(AttnTeachError, match=r"needs code from the model repository \(trust_remote_code\)"):
        load_model(folder)


def test_a_model_with_zero_layers_is_named(tmp_path):
    folder = _copy("tiny-bert-en", tmp_path)
    _edit_config(folder, num_hidden_layers=0)
    with pytest.raises(AttnTeachError, match="num_hidden_layers = 0, outside 1..512"):
        load_model(folder)
    from attn_teach.extract import normalise_layers

    with pytest.raises(AttnTeachError, match="has no layers"):
        normalise_layers(None, 0, "m")


def test_empty_text_is_refused_before_the_model_loads(monkeypatch):
    module = sys.modules["attn_teach.extract"]  # the package re-exports the function under the same name

    def no_loading(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(module, "load_model", no_loading)
    with pytest.raises(AttnTeachError, match="the text is empty"):
        module.extract("   ", "tiny-bert-en")


@pytest.mark.parametrize("command, suffix", [("extract", ".NPZ"), ("plot", ".PNG")])
def test_upper_case_suffixes_are_accepted(tmp_path, command, suffix):
    out = tmp_path / f"out{suffix}"
    done = _cli(command, "I love it", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    assert out.stat().st_size > 100


def test_a_bad_suffix_is_refused_before_the_model_runs(tmp_path):
    done = _cli("extract", "I love it", "--model", str(tmp_path / "no-such-model"), "-o", str(tmp_path / "a.txt"))
    assert done.returncode == 2
    assert "the output must end in .npz" in done.stderr.decode()


def test_the_text_round_trip_keeps_trailing_nul_characters(tmp_path):
    text = "a b\0\0"
    a = Attention(text, "m", ["a", "b"], np.zeros(2, bool), np.full((1, 1, 2, 2), 0.5, np.float32))
    assert Attention.load(a.save(tmp_path / "a.npz")).text == text


def test_the_cli_never_follows_a_dangling_symlink(tmp_path):
    victim = tmp_path / "elsewhere" / "fig.png"
    (tmp_path / "fig.png").symlink_to(victim)
    done = _cli("plot", "I love it", "-o", str(tmp_path / "fig.png"))
    assert done.returncode == 2
    assert "is a symbolic link to nothing" in done.stderr.decode()
    assert not victim.parent.exists()

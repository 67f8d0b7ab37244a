"""Loading a broken or hostile model folder: missing tensors, another architecture, absurd sizes,
half precision, custom code, a symlink loop, a garbage tokenizer.

First written in a reliability review; each test names the real cause it expects in one line.
"""

import json
import shutil

import numpy as np
import pytest

from attn_teach import extract, load_model
from attn_teach.errors import AttnTeachError
from attn_teach.models import embedded_model_path


def _copy(name, tmp_path, folder="model"):
    target = tmp_path / folder
    shutil.copytree(embedded_model_path(name), target)
    return target


def _edit_config(folder, **changes):
    config = json.loads((folder / "config.json").read_text())
    config.update(changes)
    (folder / "config.json").write_text(json.dumps(config))


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


@pytest.mark.parametrize("key", ["num_attention_heads", "max_position_embeddings", "vocab_size", "intermediate_size"])
def test_other_absurd_sizes_are_refused(tmp_path, key):
    folder = _copy("tiny-bert-en", tmp_path)
    _edit_config(folder, **{key: 10**12})
    with pytest.raises(AttnTeachError, match=rf"{key} = {10**12}"):
        load_model(folder)


# -- 6. one line where there were tracebacks --------------------------------------------------------


def test_empty_vocab_txt(tmp_path):
    folder = _copy("tiny-bert-en", tmp_path)
    (folder / "vocab.txt").write_text("")
    with pytest.raises(AttnTeachError, match="vocab.txt is empty"):
        load_model(folder)


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
    _edit_config(
        folder,
        model_type="my-own-bert",
        auto_map={"AutoConfig": "configuration_mine.MyConfig", "AutoModel": "modeling_mine.MyModel"},
    )
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

"""The Attention value and the model side keep what they are given: no unpickling on load, reductions
that keep the text, model and layer numbers, a decoder config that stays causal.

Each test fails for a specific plausible one-line bug (named in its docstring) that once passed
every other test (a mutation run).
"""

from __future__ import annotations

import json
import pickle
import shutil

import numpy as np
import pytest

from attn_teach import (
    Attention,
    AttnTeachError,
    embedded_model_path,
    extract,
    load_model,
)

EN = "I love natural language processing!"


# -- 4. a decoder config is causal without an LM-head architecture ------------------------------
def test_a_decoder_config_without_an_lm_head_is_causal(tmp_path):
    """Bug guarded: ``is_decoder=True`` ignored when deciding causality (only the architecture names
    ``...ForCausalLM`` / ``...LMHeadModel`` counted)."""
    folder = tmp_path / "bert-decoder"
    shutil.copytree(embedded_model_path("tiny-bert-en"), folder)
    config = json.loads((folder / "config.json").read_text())
    config.update(is_decoder=True, architectures=["BertModel"])
    (folder / "config.json").write_text(json.dumps(config))
    loaded = load_model(str(folder))
    assert loaded.causal is True
    a = extract(EN, loaded, layers=[-1])
    assert a.causal is True
    np.testing.assert_array_equal(np.triu(a.weights[0, 0], k=1), 0.0)  # and the model really is causal


# -- loading never unpickles --------------------------------------------------------------------
class _Marker:
    """Unpickling this object creates a file: the proof that a pickle was read."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_load_refuses_a_pickled_object_array_without_unpickling(tmp_path):
    """Bug guarded: ``Attention.load`` reading pickled (object) arrays: unpickling can run code."""
    good = Attention("a b", "m", ["a", "b"], np.zeros(2, bool), np.full((1, 1, 2, 2), 0.5, np.float32))
    path = tmp_path / "evil.npz"
    marker = tmp_path / "unpickled"
    fields = dict(
        text=np.array(good.text),
        model_name=np.array("m"),
        special_mask=good.special_mask,
        weights=good.weights,
        layers=np.array([0]),
        causal=np.array(False),
    )
    tokens = np.empty(2, dtype=object)
    tokens[:] = [_Marker(marker), "b"]
    with open(path, "wb") as f:
        np.savez(f, tokens=tokens, **fields)
    assert pickle.dumps(_Marker(marker))  # the file really holds a pickle
    with pytest.raises(AttnTeachError, match="is not an attention file written by Attention.save"):
        Attention.load(path)
    assert not marker.exists()


@pytest.mark.parametrize("reduction", ["words", "without_special"])
def test_reductions_keep_text_model_and_layer_numbers(reduction):
    """Bug guarded (found by mutmut): ``words()`` dropping ``layers`` (a figure of the last layer then
    titled "layer 0"), or the text or model name."""
    a = extract(EN, "tiny-bert-en", layers=[-1])
    b = getattr(a, reduction)()
    assert (b.text, b.model_name, b.layers, b.causal) == (EN, "tiny-bert-en", (3,), False)

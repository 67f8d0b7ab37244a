"""Attention files (.npz) that are hostile or damaged: huge declared sizes, zip bombs, a renamed .npy,
shapes without tokens, text with trailing NUL characters.

First written in a reliability review.
"""

import io
import zipfile

import numpy as np
import pytest

from attn_teach import Attention
from attn_teach.errors import AttnTeachError

# -- 5. caps on hostile sizes ---------------------------------------------------------------------


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


def test_an_npy_renamed_npz(tmp_path):
    path = tmp_path / "a.npz"
    with open(path, "wb") as f:
        np.save(f, np.eye(3))
    with pytest.raises(AttnTeachError, match=r"is not an attention file written by Attention.save \(not an .npz"):
        Attention.load(path)


@pytest.mark.parametrize("shape", [(1, 1, 0, 0), (1, 0, 2, 2), (0, 1, 2, 2)])
def test_an_attention_without_tokens_heads_or_layers_is_refused(shape):
    n = shape[2]
    with pytest.raises(AttnTeachError, match="at least one token, one layer and one head"):
        Attention("x", "m", ["t"] * n, np.zeros(n, bool), np.zeros(shape, np.float32), layers=(0,) * shape[0])


# -- 8. messages that name the real cause -------------------------------------------------------------


def test_the_text_round_trip_keeps_trailing_nul_characters(tmp_path):
    text = "a b\0\0"
    a = Attention(text, "m", ["a", "b"], np.zeros(2, bool), np.full((1, 1, 2, 2), 0.5, np.float32))
    assert Attention.load(a.save(tmp_path / "a.npz")).text == text

"""The child's report crosses to the parent as plain data: JSON and .npy, never pickle."""

from __future__ import annotations

import numpy as np
import pytest

from attn_teach.practice import wire


def test_plain_data_round_trips():
    value = {
        "none": None,
        "flag": True,
        "n": 3,
        "x": 0.25,
        "nan": float("nan"),
        "text": "トークン",
        "png": b"\x89PNG\x00",
        "shape": (1, 2),
        "cases": [{"array": np.arange(6, dtype=np.float32).reshape(2, 3)}],
        "scalar": np.float32(0.5),
        "strings": np.array(["a", "bc"]),
    }
    back = wire.decode(wire.encode(value))
    assert back["none"] is None and back["flag"] is True and back["n"] == 3 and back["x"] == 0.25
    assert np.isnan(back["nan"]) and back["text"] == "トークン" and back["png"] == b"\x89PNG\x00"
    assert back["shape"] == (1, 2) and back["scalar"] == 0.5
    array = back["cases"][0]["array"]
    assert array.dtype == np.float32 and array.shape == (2, 3)
    np.testing.assert_array_equal(array, np.arange(6, dtype=np.float32).reshape(2, 3))
    np.testing.assert_array_equal(back["strings"], ["a", "bc"])


@pytest.mark.parametrize(
    "value",
    [
        object(),
        np.array([object()], dtype=object),
        {1: "a key that is not a str"},
        {"\x00nd": 0},
        {"set": {1, 2}},
    ],
)
def test_anything_but_plain_data_is_refused(value):
    with pytest.raises(TypeError):
        wire.encode(value)


def test_a_pickled_array_in_a_frame_is_not_unpickled():
    import io

    buffer = io.BytesIO()
    np.save(buffer, np.array([object()], dtype=object), allow_pickle=True)  # what a hostile child could send
    blob = buffer.getvalue()
    header = b'{"a": {"\\u0000nd": 0}}'
    body = len(header).to_bytes(8, "big") + header + len(blob).to_bytes(8, "big") + blob
    frame = wire.MAGIC + len(body).to_bytes(8, "big") + body
    with pytest.raises(ValueError):
        wire.decode(bytes(frame))


@pytest.mark.parametrize("cut", [0, 5, 14, 30, -1])
def test_a_damaged_or_cut_frame_is_a_value_error(cut):
    frame = wire.encode({"a": np.ones(3), "b": b"xyz"})
    with pytest.raises(ValueError):
        wire.decode(frame[:cut] if cut else b"XXXXXX" + frame[6:])


def test_split_keeps_what_is_not_yet_a_whole_frame():
    one, two = wire.encode({"n": 1}), wire.encode({"n": 2})
    values, rest = wire.split(one + two[:10])
    assert values == [{"n": 1}] and rest == two[:10]
    values, rest = wire.split(rest + two[10:])
    assert values == [{"n": 2}] and rest == b""

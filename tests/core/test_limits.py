"""limits.py: every cap tested just below and just above, and zip bombs under the cap refused before allocation.

The caps were once untested (any could be off by ten, the parameter estimate could miss a
term, the ``.npz`` total could count elements instead of bytes); each test here fails on
such a change. ``bomb()`` writes a real, valid ``.npz`` whose member decompresses to the
size it declares (zeros), about 1 MB per GiB, without compressing a GiB: deflate blocks
ended by a full flush are independent, so one compressed 16 MiB block is repeated.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import subprocess
import sys
import types
import zipfile
import zlib

import numpy as np
import pytest

from attn_teach import Attention, AttnTeachError, limits
from attn_teach.limits import CONFIG_LIMITS, ConfigLimits, check_config, check_npz

GiB = 1 << 30
CHUNK = 1 << 24


def _npy_header(dtype: str, count: int) -> bytes:
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": dtype, "fortran_order": False, "shape": (count,)})
    return header.getvalue()


@functools.cache
def _zero_block() -> bytes:
    """16 MiB of zeros as one deflate block ended by a full flush (it does not refer to what came before)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    c.compress(b"x")
    c.flush(zlib.Z_FULL_FLUSH)
    return c.compress(bytes(CHUNK)) + c.flush(zlib.Z_FULL_FLUSH)


def _deflate_zeros(n_bytes: int, head: bytes) -> bytes:
    """A raw deflate stream of ``head`` then ``n_bytes`` zeros (independent, repeated full-flush blocks)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)]
    whole, tail = divmod(n_bytes, CHUNK)
    if whole:
        out.append(_zero_block() * whole)
    if tail:
        out.append(c.compress(bytes(tail)) + c.flush(zlib.Z_FULL_FLUSH))
    out.append(c.flush(zlib.Z_FINISH))
    return b"".join(out)


@functools.cache
def _crc_zeros(n_bytes: int, head: bytes) -> int:
    crc = zlib.crc32(head)
    whole, tail = divmod(n_bytes, CHUNK)
    zeros = bytes(CHUNK)
    for _ in range(whole):
        crc = zlib.crc32(zeros, crc)
    return zlib.crc32(bytes(tail), crc)


def write_zip(path, members: list[tuple[str, bytes, int, int]]) -> None:
    """A zip of (name, raw deflate data, crc, uncompressed size) members, written by hand."""
    local_parts, central_parts, offset = [], [], 0
    for name, data, crc, size in members:
        fname = name.encode()
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(fname), 0)
        central_parts.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(fname),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + fname
        )
        local_parts.append(local + fname + data)
        offset += len(local) + len(fname) + len(data)
    central = b"".join(central_parts)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), offset, 0)
    path.write_bytes(b"".join(local_parts) + central + end)


def zeros_member(
    name: str, declared: int, dtype: str = "|u1", *, crc: bool = False, stored: int | None = None
) -> tuple[str, bytes, int, int]:
    """A member whose header declares ``declared`` bytes; its data is ``stored`` zeros (default: all)."""
    itemsize = np.dtype(dtype).itemsize
    head = _npy_header(dtype, declared // itemsize)
    stored = declared if stored is None else stored
    return (name, _deflate_zeros(stored, head), _crc_zeros(stored, head) if crc else 0, len(head) + stored)


def real_members(attention: Attention, skip: str = "weights") -> list[tuple[str, bytes, int, int]]:
    """The members Attention.save writes, except ``skip``, as raw deflate data."""
    fields = dict(
        text=np.array(attention.text),
        model_name=np.array(attention.model_name),
        text_utf8=np.frombuffer(attention.text.encode(), dtype=np.uint8),
        tokens=np.array(attention.tokens, dtype=str),
        special_mask=attention.special_mask,
        layers=np.array(attention.layers, dtype=np.int64),
        causal=np.array(attention.causal),
    )
    out = []
    for name, array in fields.items():
        if name == skip:
            continue
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, array, allow_pickle=False)
        raw = buffer.getvalue()
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        out.append((name + ".npy", c.compress(raw) + c.flush(), zlib.crc32(raw), len(raw)))
    return out


def small_attention(n: int = 4) -> Attention:
    w = np.full((1, 2, n, n), 1.0 / n, dtype=np.float32)  # (layer, head, query, key)
    return Attention("a b c d", "hand-made", [f"t{i}" for i in range(n)], np.zeros(n, bool), w)


# -- .npz: zip bombs under the cap -----------------------------------------------------------


@pytest.fixture(scope="module")
def one_gib_bomb(tmp_path_factory):
    """A valid 1 MB attention file whose weights declare (and decompress to) 1 GiB of float32 zeros."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.npz"
    members = real_members(small_attention())
    members.append(zeros_member("weights.npy", GiB, "<f4", crc=True))
    write_zip(path, members)
    return path


def test_a_1_mb_file_declaring_1_gib_is_refused_before_allocating(one_gib_bomb, tmp_path):
    """Before: the 1 GiB array was allocated and filled (1.05 GB of memory), then refused for its rows."""
    assert one_gib_bomb.stat().st_size < 1.1e6
    with zipfile.ZipFile(one_gib_bomb) as archive:
        assert archive.getinfo("weights.npy").file_size > GiB  # the zip's sizes agree with the header
        assert archive.testzip() is None  # a valid archive: the CRC of the whole GiB is right
    with pytest.raises(
        AttnTeachError,
        match=r"member weights\.npy declares 1\.02e\+03 MiB of data but holds "
        r"1\.02e\+03 MiB \(0\.99\d* MiB compressed\)",
    ):
        check_npz(one_gib_bomb)


@pytest.mark.skipif(
    bool(__import__("os").environ.get("MUTANT_UNDER_TEST")),
    reason="its subprocesses import the installed kit, not mutmut's mutant",
)
def test_loading_the_bomb_peaks_under_50_mb_more_than_a_small_file(one_gib_bomb, tmp_path):
    """Before: 1.12 GB peak and 15 s; now the refusal comes before the GiB is allocated."""
    small = small_attention().save(tmp_path / "small.npz")
    script = (
        "import resource, sys\nfrom attn_teach import Attention, AttnTeachError\n"
        "try:\n    Attention.load(sys.argv[1])\nexcept AttnTeachError as e:\n    print(e, file=sys.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    peaks = {}
    for name, path in (("small", small), ("bomb", one_gib_bomb)):
        run = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120)
        peaks[name] = int(run.stdout.split()[-1]) * 1024  # bytes (ru_maxrss is in KiB on Linux)
        if name == "bomb":
            assert "built to fill the memory" in run.stderr
    assert peaks["bomb"] - peaks["small"] < 50e6, peaks  # the GiB is never allocated


def test_a_member_declaring_more_than_the_zip_holds_is_refused(tmp_path):
    path = tmp_path / "short.npz"
    write_zip(path, real_members(small_attention()) + [zeros_member("weights.npy", GiB, "<f4", stored=1000, crc=True)])
    with pytest.raises(AttnTeachError, match="member weights.npy declares"):
        check_npz(path)


@pytest.mark.parametrize(
    "declared, file_size, compress_size, archive, problem",
    [
        (100, 100, 100, 100, None),
        (100, 99, 100, 100, "uncompressed"),  # one byte more than the member holds
        (100, 200, 101, 100, "compressed"),  # one byte more than the file holds
        (64 * 2**20, 2**40, 1, 2**40, None),  # small members may compress without limit
        (64 * 2**20 + 1, 2**40, 1, 2**40, "ratio"),
        (32 * 2**21, 2**40, 2**21, 2**40, None),  # 64 MiB + : exactly 32 times the compressed size
        (32 * 2**22, 2**40, 2**22, 2**40, None),
        (32 * 2**22 + 1, 2**40, 2**22, 2**40, "ratio"),  # one byte above 32 times
    ],
)
def test_member_problem_at_each_boundary(declared, file_size, compress_size, archive, problem):
    assert limits.MAX_RATIO == 32 and limits.RATIO_FREE_BYTES == 64 * 2**20
    assert limits.member_problem(declared, file_size, compress_size, archive) == problem


def test_a_hand_made_known_answer_compresses_1000_fold_and_still_loads(tmp_path):
    n = 512
    w = np.full((2, 4, n, n), 1.0 / n, dtype=np.float32)  # 8 MiB of one value: ratio about 1000
    a = Attention("x", "uniform", [f"t{i}" for i in range(n)], np.zeros(n, bool), w)
    path = a.save(tmp_path / "uniform.npz")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("weights.npy")
        assert info.file_size / info.compress_size > 500
    np.testing.assert_array_equal(Attention.load(path).weights, w)


# -- .npz: the total cap, in bytes --------------------------------------------------------------


def _declared_bytes(path) -> int:
    with np.load(path) as f:
        return sum(f[name].nbytes for name in f.files)


def test_the_npz_cap_counts_bytes_not_elements(tmp_path):
    path = small_attention().save(tmp_path / "a.npz")
    total = _declared_bytes(path)  # weights alone: 32 float32 = 128 bytes in 32 elements
    check_npz(path, limit=total)  # exactly at the cap
    with pytest.raises(AttnTeachError) as info:
        check_npz(path, limit=total - 1)
    assert str(info.value) == (
        f"{path} declares {total / 2**30:.3g} GiB of arrays, more than the "
        f"{(total - 1) / 2**30:.3g} GiB limit: it is damaged or not an attention file"
    )


def test_a_shape_whose_size_overflows_int64_is_still_refused(tmp_path):
    """2^32 x 2^32 float32 is 2^66 bytes: counted in 64-bit integers it would wrap round to 0."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f4", "fortran_order": False, "shape": (2**32, 2**32)})
    path = tmp_path / "a.npz"
    _zip(path, {"weights.npy": header.getvalue() + bytes(64)})
    with pytest.raises(AttnTeachError, match=r"declares 6\.87e\+10 GiB of arrays, more than the 4 GiB limit"):
        check_npz(path)


def test_the_default_npz_cap_is_4_gib(tmp_path):
    """4 GiB exactly is within the cap (refused only as a bomb); one byte more is refused by the cap."""
    data = zeros_member("x.npy", GiB)[1:]  # (deflate data, crc, size) of 1 GiB declared, 1 MB written
    four = [(f"{name}.npy", *data) for name in "abcd"]
    at_cap, over = tmp_path / "at.npz", tmp_path / "over.npz"
    write_zip(at_cap, four)
    write_zip(over, four + [zeros_member("e.npy", 1, crc=True)])
    with pytest.raises(AttnTeachError, match="built to fill the memory"):
        check_npz(at_cap)
    with pytest.raises(AttnTeachError, match="declares 4 GiB of arrays, more than the 4 GiB limit"):
        check_npz(over)


# -- config.json caps ---------------------------------------------------------------------------

CAPS = [  # (name in config.json, other name, cap)
    ("num_hidden_layers", "n_layer", 512),
    ("num_attention_heads", "n_head", 512),
    ("max_position_embeddings", "n_positions", 1 << 20),
    ("vocab_size", None, 1 << 22),
    ("hidden_size", "n_embd", 1 << 16),
    ("intermediate_size", "n_inner", 1 << 18),  # the feed-forward width: 4 x the hidden cap
]


@pytest.mark.parametrize("key, other, cap", CAPS, ids=[c[0] for c in CAPS])
def test_each_config_cap_just_below_and_just_above(key, other, cap):
    for name in filter(None, (key, other)):
        check_config(types.SimpleNamespace(**{name: cap}), "m")  # at the cap
        check_config(types.SimpleNamespace(**{name: 1}), "m")  # at the floor
        for bad in (cap + 1, 0):
            with pytest.raises(AttnTeachError) as info:
                check_config(types.SimpleNamespace(**{name: bad}), "m")
            assert str(info.value) == (
                f"m: config.json gives {key} = {bad}, outside 1..{cap}; the file is damaged or not meant for this kit"
            )
        for bad in (True, 12.0, "12"):
            with pytest.raises(AttnTeachError) as info:
                check_config(types.SimpleNamespace(**{name: bad}), "m")
            assert str(info.value) == f"m: config.json gives {key} = {bad!r}; it must be a whole number"


def test_a_config_without_sizes_passes():
    check_config(types.SimpleNamespace(), "m")
    check_config(types.SimpleNamespace(num_hidden_layers=None), "m")


@pytest.mark.parametrize(
    "sizes, estimate",
    [
        # 12 * layers * hidden^2 + (vocab + positions) * hidden; a missing size counts as 1
        (dict(num_hidden_layers=2, hidden_size=8, vocab_size=10, max_position_embeddings=5), 1656),
        (dict(hidden_size=8, vocab_size=10), 856),  # layers and positions missing
        (dict(num_hidden_layers=3, vocab_size=10, max_position_embeddings=5), 51),  # hidden missing
        (dict(num_hidden_layers=2, hidden_size=8, max_position_embeddings=5), 1584),  # vocabulary missing
        (dict(n_layer=2, n_embd=8, vocab_size=10, n_positions=5), 1656),  # GPT-2's names
        # with a feed-forward width: layers * (4 * hidden^2 + 2 * hidden * intermediate) + ...;
        # missing, it is 4 * hidden (BERT's and GPT-2's default), which gives the 12 * hidden^2 above
        (
            dict(num_hidden_layers=2, hidden_size=8, intermediate_size=16, vocab_size=10, max_position_embeddings=5),
            1144,
        ),
        (dict(n_layer=2, n_embd=8, n_inner=16, vocab_size=10, n_positions=5), 1144),  # GPT-2's names
        (dict(num_hidden_layers=3, intermediate_size=1000), 6014),  # hidden missing: 3 * (4 + 2000) + 2
    ],
)
def test_the_parameter_estimate_counts_every_term(sizes, estimate):
    config = types.SimpleNamespace(**sizes)
    check_config(config, "m", ConfigLimits(parameters=estimate))  # exactly at the cap
    message = f"m: config.json describes a model of about {estimate:.2g} parameters, more than the {estimate - 1:.2g}"
    with pytest.raises(AttnTeachError, match=re.escape(message) + " this kit accepts$"):
        check_config(config, "m", ConfigLimits(parameters=estimate - 1))


def test_the_default_parameter_cap_is_2_to_the_37():
    assert CONFIG_LIMITS.parameters == 1 << 37
    # 12 * 512 * 4729^2 + 2 * 4729 = 1.37401e11 < 2^37 = 1.37439e11 < 12 * 512 * 4730^2
    check_config(types.SimpleNamespace(num_hidden_layers=512, hidden_size=4729), "m")
    with pytest.raises(AttnTeachError, match="about 1.4e\\+11 parameters"):
        check_config(types.SimpleNamespace(num_hidden_layers=512, hidden_size=4730), "m")


def test_a_wide_feed_forward_counts_in_the_parameter_estimate():
    # every size under its own cap and 12 * 512 * 4096^2 = 1.03e11 under the parameter cap, but the
    # feed-forward layers at their widest make it 512 * (4 * 4096^2 + 2 * 4096 * 2^18) = 1.1e12
    config = types.SimpleNamespace(num_hidden_layers=512, hidden_size=4096)
    check_config(config, "m")
    config.intermediate_size = 1 << 18
    with pytest.raises(AttnTeachError, match="about 1.1e\\+12 parameters"):
        check_config(config, "m")
    # bert-base's sizes pass (12 layers, 768 wide, 3072 in the feed-forward layer)
    check_config(types.SimpleNamespace(num_hidden_layers=12, hidden_size=768, intermediate_size=3072), "m")


# -- .npz: files that are not ours, said in one line ----------------------------------------------


def _zip(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _npy(array: np.ndarray, **kwargs) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, **kwargs)
    return buffer.getvalue()


def test_a_file_that_is_not_a_zip_is_named(tmp_path):
    path = tmp_path / "a.npz"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(AttnTeachError) as info:
        check_npz(path)
    assert str(info.value) == f"{path} is not an attention file written by Attention.save (not an .npz archive)"


def test_a_member_holding_pickled_objects_is_named(tmp_path):
    path = tmp_path / "a.npz"
    _zip(path, {"tokens.npy": _npy(np.array(["a", None], dtype=object), allow_pickle=True)})
    with pytest.raises(AttnTeachError) as info:
        check_npz(path)
    assert str(info.value) == (
        f"{path} is not an attention file written by Attention.save (member tokens.npy holds pickled objects)"
    )


def test_a_broken_header_is_named(tmp_path):
    path = tmp_path / "a.npz"
    _zip(path, {"weights.npy": b"\x93NUMPY\x01\x00\x10\x00{'descr': nonsense}"})
    with pytest.raises(
        AttnTeachError,
        match=r"^" + re.escape(f"{path} is not an attention file written by Attention.save (") + r".+\)$",
    ):
        check_npz(path)


def test_the_reason_numpy_gives_is_kept(tmp_path):
    path = tmp_path / "a.npz"
    _zip(path, {"weights.npy": b"NOTNUMPY and more bytes"})
    with pytest.raises(AttnTeachError) as info:
        check_npz(path)
    assert str(info.value).startswith(
        f"{path} is not an attention file written by Attention.save (the magic "
        "string is not correct; expected b'\\x93NUMPY'"
    )


def test_other_members_are_skipped_and_the_arrays_after_them_still_checked(tmp_path):
    path = tmp_path / "a.npz"
    _zip(path, {"notes.txt": b"hello", "weights.npy": _npy(np.zeros(100, np.float32))})
    check_npz(path, limit=400)
    with pytest.raises(AttnTeachError, match="declares"):
        check_npz(path, limit=399)  # the member after notes.txt is counted


def test_version_2_headers_are_read_and_counted(tmp_path):
    path = tmp_path / "a.npz"
    _zip(path, {"weights.npy": _npy(np.zeros(100, np.float32), version=(2, 0))})
    check_npz(path, limit=400)
    with pytest.raises(AttnTeachError, match="declares"):
        check_npz(path, limit=399)


def test_the_bomb_message_names_the_member_and_its_sizes(tmp_path):
    path = tmp_path / "short.npz"
    write_zip(path, [zeros_member("weights.npy", 2**21, "<f4", stored=1000, crc=True)])
    with pytest.raises(AttnTeachError) as info:
        check_npz(path)
    with zipfile.ZipFile(path) as archive:
        compressed = archive.getinfo("weights.npy").compress_size / 2**20
    assert str(info.value) == (
        f"{path}: member weights.npy declares 2 MiB of data but holds 0.00108 MiB "
        f"({compressed:.3g} MiB compressed), more than real attention weights compress: "
        "the file is damaged or built to fill the memory"
    )

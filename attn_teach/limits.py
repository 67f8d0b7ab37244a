"""Size caps checked before anything is allocated: a hostile or broken file gets one line.

A model's ``config.json`` says how big the model is before it is built, and an ``.npz``
file's members say their shapes in a small header before their data. Both are read
and checked here against generous bounds (far above the article's models: bert-base
has 12 layers, 12 heads, 512 positions, a 30522-word vocabulary), so a config claiming
a million layers or a zip bomb is refused instead of filling the memory.

A zip bomb can stay under the total cap: a 1 MB ``.npz`` declaring 1 GiB of zeros is
within 4 GiB, and NumPy allocates the declared array before it reads a byte. So each
member's declared size is also checked against the zip's own sizes: it must fit in the
member's uncompressed size, and above :data:`RATIO_FREE_BYTES` it may be at most
:data:`MAX_RATIO` times the compressed size. Attention weights barely compress: files
of the embedded models measured 1.06 to 1.18 (BERT) and 1.6 to 2.1 (GPT-2, whose upper
triangle is zeros); only hand-made known answers (uniform: 1000) compress further, and
they are small.
"""

from __future__ import annotations

import dataclasses
import pathlib
import tokenize
import zipfile

import numpy as np

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _


@dataclasses.dataclass(frozen=True)
class ConfigLimits:
    """Largest sizes a model configuration may declare."""

    layers: int = 512  # the largest public models have ~100-200 layers
    heads: int = 512
    positions: int = 1 << 20  # tokens
    vocabulary: int = 1 << 22  # pieces
    hidden: int = 1 << 16  # width of the hidden state
    intermediate: int = 1 << 18  # width of the feed-forward layer: 4 x the widest hidden state
    parameters: int = 1 << 37  # about 137 billion, a rough count from the sizes above


CONFIG_LIMITS = ConfigLimits()
MAX_NPZ_BYTES = 1 << 32  # 4 GiB: the 1024-token, 24-layer, 16-head case is 1.6 GB of float32
MAX_RATIO = 32  # declared bytes per compressed byte of one member; real attention files: 1.06 to 2.1
RATIO_FREE_BYTES = 1 << 26  # 64 MiB: a member up to this size may compress as well as it likes


def _size(config, *names: str) -> int | None:
    for name in names:
        value = getattr(config, name, None)
        if value is not None:
            return value
    return None


def check_config(config, where: str, limits: ConfigLimits = CONFIG_LIMITS) -> None:
    """Refuse a configuration whose declared sizes are absurd or unusable, before the model is built."""
    sizes = {
        "num_hidden_layers": (_size(config, "num_hidden_layers", "n_layer"), 1, limits.layers),
        "num_attention_heads": (_size(config, "num_attention_heads", "n_head"), 1, limits.heads),
        "max_position_embeddings": (_size(config, "max_position_embeddings", "n_positions"), 1, limits.positions),
        "vocab_size": (_size(config, "vocab_size"), 1, limits.vocabulary),
        "hidden_size": (_size(config, "hidden_size", "n_embd"), 1, limits.hidden),
        "intermediate_size": (_size(config, "intermediate_size", "n_inner"), 1, limits.intermediate),
    }
    for key, (value, low, high) in sizes.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise AttnTeachError(
                _("{where}: config.json gives {key} = {value!r}; it must be a whole number").format(
                    where=where, key=key, value=value
                )
            )
        if not low <= value <= high:
            raise AttnTeachError(
                _(
                    "{where}: config.json gives {key} = {value}, outside {low}..{high}; the file is "
                    "damaged or not meant for this kit"
                ).format(where=where, key=key, value=value, low=low, high=high)
            )
    layers, hidden = sizes["num_hidden_layers"][0] or 1, sizes["hidden_size"][0] or 1
    vocab, positions = sizes["vocab_size"][0] or 1, sizes["max_position_embeddings"][0] or 1
    inner = sizes["intermediate_size"][0] or 4 * hidden  # GPT-2's n_inner=None means 4 x hidden, as BERT's default
    # parameters, roughly: per layer the attention's four projections and the feed-forward's two
    # (12 * hidden^2 for the usual 4 x hidden feed-forward), then the token and position embeddings
    estimate = layers * (4 * hidden * hidden + 2 * hidden * inner) + (vocab + positions) * hidden
    if estimate > limits.parameters:
        raise AttnTeachError(
            _(
                "{where}: config.json describes a model of about {estimate:.2g} parameters, more "
                "than the {parameters:.2g} this kit accepts"
            ).format(where=where, estimate=estimate, parameters=limits.parameters)
        )


def member_problem(declared: int, file_size: int, compress_size: int, archive_bytes: int) -> str | None:
    """Why one member's declared array size cannot be true, or None.

    ``declared`` is the size its ``.npy`` header promises (bytes of data); the other
    three are what the zip says: the member uncompressed, compressed, and the whole file.

    >>> member_problem(4_000, 4_128, 3_900, 10_000) is None
    True
    >>> member_problem(2**30, 2**30 + 128, 1_044_243, 1_044_363)
    'ratio'
    """
    if compress_size > archive_bytes:
        return "compressed"  # the zip claims more data than the file holds
    if declared > file_size:
        return "uncompressed"  # the array would not fit in its own member
    if declared > max(RATIO_FREE_BYTES, MAX_RATIO * compress_size):
        return "ratio"
    return None


def check_npz(path: pathlib.Path, limit: int = MAX_NPZ_BYTES) -> None:
    """Read the header of every member of an ``.npz`` file and refuse it if they declare too much.

    Checks that the file is a zip archive of ``.npy`` members without pickled objects, that
    their declared sizes add up to at most ``limit`` bytes, and that each member's declared
    size agrees with the zip's sizes (:func:`member_problem`), before any data is decompressed.
    """
    path = pathlib.Path(path)
    not_ours = _("{path} is not an attention file written by Attention.save").format(path=path)
    if not zipfile.is_zipfile(path):
        raise AttnTeachError(_("{not_ours} (not an .npz archive)").format(not_ours=not_ours))
    members = []  # (zip entry, bytes its header declares)
    try:
        archive_bytes = path.stat().st_size
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.endswith(".npy"):
                    continue
                with archive.open(info) as member:
                    version = np.lib.format.read_magic(member)
                    read = (
                        np.lib.format.read_array_header_1_0
                        if version == (1, 0)
                        else np.lib.format.read_array_header_2_0
                    )
                    shape, _fortran_order, dtype = read(member, max_header_size=10_000)
                if dtype.hasobject:
                    raise AttnTeachError(
                        _("{not_ours} (member {filename} holds pickled objects)").format(
                            not_ours=not_ours, filename=info.filename
                        )
                    )
                members.append((info, int(np.prod(shape, dtype=object)) * dtype.itemsize))
    except (
        ValueError,
        OSError,
        EOFError,
        zipfile.BadZipFile,
        NotImplementedError,
        SyntaxError,
        tokenize.TokenError,
    ) as exc:  # the last two: a header numpy cannot parse
        if isinstance(exc, AttnTeachError):
            raise
        raise AttnTeachError(_("{not_ours} ({exc})").format(not_ours=not_ours, exc=exc)) from None
    total = sum(declared for _info, declared in members)
    if total > limit:
        raise AttnTeachError(
            _(
                "{path} declares {size:.3g} GiB of arrays, more than the {limit:.3g} GiB limit: it "
                "is damaged or not an attention file"
            ).format(path=path, size=total / 2**30, limit=limit / 2**30)
        )
    for info, declared in members:
        if member_problem(declared, info.file_size, info.compress_size, archive_bytes) is not None:
            raise AttnTeachError(
                _(
                    "{path}: member {filename} declares {size:.3g} MiB of data but holds "
                    "{stored:.3g} MiB ({compressed:.3g} MiB compressed), more than real attention "
                    "weights compress: the file is damaged or built to fill the memory"
                ).format(
                    path=path,
                    filename=info.filename,
                    size=declared / 2**20,
                    stored=info.file_size / 2**20,
                    compressed=info.compress_size / 2**20,
                )
            )

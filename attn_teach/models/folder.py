"""Checks of a model folder made before transformers reads it: one clear line for each problem.

A folder that transformers would load wrongly or unsafely is refused here, without
importing torch: no ``config.json``, pickled weights only (unpickling can run code),
no weights at all, no tokenizer files or empty ones (transformers would quietly build
a five-token tokenizer), and tokenizer or model code named by an ``auto_map`` (code
from the model's author, which the kit never runs).
"""

from __future__ import annotations

import json
import pathlib

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _

# files from which transformers can build a tokenizer (one is enough)
TOKENIZER_FILES = (
    "tokenizer.json",
    "vocab.txt",
    "spiece.model",
    "tokenizer.model",
    "vocab.json",
    "sentencepiece.bpe.model",
)
# the files in which a model names code of its own (``auto_map``: class -> "module.Class")
_CODE_NAMERS = ("tokenizer_config.json", "config.json")


def check_weights(folder: pathlib.Path, allow_pickle: bool) -> None:
    """Refuse a folder without ``config.json``, or without safetensors weights unless ``allow_pickle``."""
    if not (folder / "config.json").is_file():
        raise AttnTeachError(
            _("{folder} has no config.json: it is not a transformers model folder").format(folder=folder)
        )
    if allow_pickle or any(folder.glob("*.safetensors")):
        return
    pickled = sorted(p.name for p in folder.glob("*.bin")) + sorted(p.name for p in folder.glob("*.pt"))
    if pickled:
        raise AttnTeachError(
            _(
                "{folder} has only pickled weights ({files}); attn_teach loads safetensors only. If "
                "you trust the file, opt in with allow_pickle=True (CLI: --allow-pickle)"
            ).format(folder=folder, files=", ".join(pickled))
        )
    raise AttnTeachError(_("{folder} has no weights file (*.safetensors)").format(folder=folder))


def check_tokenizer(folder: pathlib.Path) -> None:
    """Refuse a folder without tokenizer files (transformers would build a 5-token tokenizer)."""
    found = [folder / f for f in TOKENIZER_FILES if (folder / f).is_file()]
    if not found:
        raise AttnTeachError(
            _(
                "no tokenizer files in {folder}: expected one of {files}; copy them from the model "
                "you trained or downloaded"
            ).format(folder=folder, files=", ".join(TOKENIZER_FILES))
        )
    for path in found:
        if path.stat().st_size == 0 or (path.suffix in (".txt", ".json") and not path.read_bytes().strip()):
            raise AttnTeachError(
                _("{path} is empty: the tokenizer has no vocabulary; copy the file again").format(path=path)
            )


def custom_code(folder: pathlib.Path) -> str | None:
    """The first piece of the model author's code that ``folder`` names in an ``auto_map``, or None.

    Examples
    --------
    >>> from attn_teach.models.names import embedded_model_path
    >>> custom_code(embedded_model_path("tiny-bert-en")) is None
    True
    """
    for name in _CODE_NAMERS:
        try:
            settings = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing or unreadable: transformers says so in its own words
            continue
        auto_map = settings.get("auto_map") if isinstance(settings, dict) else None
        if isinstance(auto_map, dict) and auto_map:
            refs = [ref for value in auto_map.values() for ref in (value if isinstance(value, list) else [value])]
            return f"{name}: {next((r for r in refs if isinstance(r, str)), '?')}"
    return None


def refuse_custom_code(name: str, code: str) -> AttnTeachError:
    """The error for a model whose loading failed because it needs its author's ``code``."""
    return AttnTeachError(
        _(
            "{name} needs code from the model repository (trust_remote_code), which attn_teach "
            "never runs: {code}; use a model that transformers supports natively"
        ).format(name=name, code=code)
    )

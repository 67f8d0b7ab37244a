"""What a model name means: an embedded model, a folder, or a hub id (in that order).

The kit ships two small models (``tiny-bert-en``, ``tiny-gpt2-ja``), each standing in
for one of the article's hub models (:data:`ARTICLE`, lesson 0). Anything else is a
folder when one exists under that name, else a hub id such as ``bert-base-uncased``.
Nothing here imports torch or transformers: a bad name is refused at once.
"""

from __future__ import annotations

import os
import pathlib
import re

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.i18n import join_list

EMBEDDED_DIR = pathlib.Path(__file__).resolve().parent.parent / "embedded"
EMBEDDED = ("tiny-bert-en", "tiny-gpt2-ja")
# the article's models, and the embedded model that stands in for each
ARTICLE = {"tiny-bert-en": "bert-base-uncased", "tiny-gpt2-ja": "rinna/japanese-gpt2-medium"}
# names that look like files are not hub ids, even when no such file exists
_FILE_SUFFIXES = {".npz", ".bin", ".pt", ".pth", ".safetensors", ".json", ".txt", ".model", ".png", ".pdf", ".svg"}
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


def embedded_model_path(name: str) -> pathlib.Path:
    """Folder of an embedded model, loadable with plain ``from_pretrained(folder)``.

    Examples
    --------
    >>> embedded_model_path("tiny-bert-en").name
    'tiny-bert-en'
    """
    if name not in EMBEDDED:
        raise AttnTeachError(
            _("{name!r} is not an embedded model; the embedded models are: {models}").format(
                name=name, models=join_list(EMBEDDED)
            )
        )
    return EMBEDDED_DIR / name


def alternatives() -> str:
    """The embedded models with the article's model each stands in for, for error messages."""
    return join_list(_("{embedded} (for {article})").format(embedded=e, article=a) for e, a in ARTICLE.items())


def resolve(name: str | os.PathLike) -> tuple[str, bool]:
    """Return ``(where, is_local)``: a folder path for local models, else the hub id.

    Examples
    --------
    >>> resolve("bert-base-uncased")
    ('bert-base-uncased', False)
    """
    if not isinstance(name, (str, os.PathLike)):
        raise AttnTeachError(
            _(
                "expected a model name, got a {type}: pass a name such as {example!r}, a model "
                "folder, or the result of load_model(...)"
            ).format(type=type(name).__name__, example=EMBEDDED[0])
        )
    text = os.fspath(name)
    if not isinstance(text, str):
        text = os.fsdecode(text)
    if not text.strip():
        raise AttnTeachError(_("no model name given; use one of: {models}").format(models=", ".join(EMBEDDED)))
    if text in EMBEDDED:
        return str(embedded_model_path(text)), True
    if pathlib.Path(text).is_dir():
        return text, True
    if os.path.islink(text):  # a link to nothing: a loop or a missing target, not a hub id
        raise AttnTeachError(
            _(
                "{text} is a symbolic link that leads to no folder (a loop or a missing target); "
                "point it at a model folder"
            ).format(text=text)
        )
    looks_like_file = "/" not in text and pathlib.Path(text).suffix.lower() in _FILE_SUFFIXES
    if not _HUB_ID.match(text) or looks_like_file or text.startswith("."):
        raise AttnTeachError(
            _("unknown model {text!r}: not an embedded model, a folder or a hub id; embedded models: {models}").format(
                text=text, models=", ".join(EMBEDDED)
            )
        )
    return text, False

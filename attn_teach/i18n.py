"""One way to say things in the learner's language: gettext catalogues, English and Japanese.

Every user-facing string of the package is written in English in the code and looked
up at run time in a gettext catalogue::

    attn_teach/locale/<lang>/LC_MESSAGES/<domain>.po   (source: English msgid, translated msgstr)
    attn_teach/locale/<lang>/LC_MESSAGES/<domain>.mo   (compiled by ``msgfmt``; committed)

Domains: ``attn_teach`` (figure text, command-line messages) and ``practice``
(the practice tasks and hints). English needs no catalogue: a message without a
translation is shown as written.

The language is chosen, first match wins, by :func:`set_language` (or
:func:`use_language`), then ``ATTN_TEACH_LANG``, then the locale variables
``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (a value starting with ``ja``
means Japanese), else English.

>>> with use_language("ja"):
...     gettext("The heatmap", domain="practice")
'ヒートマップ'
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
import os
import pathlib
from collections.abc import Iterator

from attn_teach.errors import AttnTeachError

LANGUAGES = ("en", "ja")
LOCALE_DIR = pathlib.Path(__file__).parent / "locale"
DOMAINS = ("attn_teach", "practice")
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_explicit: str | None = None  # set by set_language(); None = decide from the environment


def _check(lang: str) -> str:
    lang = str(lang).strip().lower()
    if lang not in LANGUAGES:
        raise AttnTeachError(gettext("unknown language {lang!r}; use one of {languages}").format(
            lang=lang, languages=", ".join(LANGUAGES)))
    return lang


def get_language() -> str:
    """The language messages are shown in: ``"en"`` or ``"ja"``."""
    if _explicit is not None:
        return _explicit
    chosen = os.environ.get("ATTN_TEACH_LANG", "").strip().lower()
    if chosen:
        return "ja" if chosen.startswith("ja") else "en"
    for name in _LOCALE_VARIABLES:
        value = os.environ.get(name, "")
        if value:  # the first variable that is set decides, as in gettext
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def set_language(lang: str | None) -> None:
    """Show messages in ``lang`` from now on; ``None`` goes back to the environment's choice."""
    global _explicit
    _explicit = None if lang is None else _check(lang)


@contextlib.contextmanager
def use_language(lang: str | None) -> Iterator[None]:
    """Show messages in ``lang`` inside the ``with`` block (``None``: leave the choice as it is)."""
    global _explicit
    before = _explicit
    if lang is not None:
        set_language(lang)
    try:
        yield
    finally:
        _explicit = before


@functools.cache
def _catalogue(domain: str, lang: str) -> _gettext.NullTranslations:
    return _gettext.translation(domain, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def gettext(message: str, *, domain: str = "attn_teach", lang: str | None = None) -> str:
    """``message`` in ``lang`` (default: :func:`get_language`), or as written if it has no translation."""
    lang = get_language() if lang is None else _check(lang)
    if lang == "en":
        return message
    return _catalogue(domain, lang).gettext(message)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark ``message`` for translation without translating it now (it is translated when shown)."""
    return message

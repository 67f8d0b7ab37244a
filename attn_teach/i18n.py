"""One way to say things in the learner's language: gettext catalogues, English and Japanese.

Every user-facing string of the package is written in English in the code and looked
up at run time in a gettext catalogue::

    attn_teach/locale/<lang>/LC_MESSAGES/<domain>.po   (source: English msgid, translated msgstr)
    attn_teach/locale/<lang>/LC_MESSAGES/<domain>.mo   (compiled by ``msgfmt``; committed)
    attn_teach/locale/<domain>.pot                      (every msgid, extracted: ``pybabel extract``)

Domains: ``attn_teach`` (figure text, command-line messages) and ``practice``
(the practice tasks and hints). English needs no catalogue: a message without a
translation is shown as written.

The language is chosen, first match wins, by :func:`use_language` (for the caller
only: the current thread or asyncio task, see :mod:`contextvars`), then
:func:`set_language` (the process default, for a command line's ``--lang``), then
``ATTN_TEACH_LANG``, then the locale variables ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG`` (a value whose language part is ``ja``, as in
``ja_JP.UTF-8``, means Japanese), else English. An ``ATTN_TEACH_LANG`` the kit does
not know falls back to English with one :class:`LanguageWarning`.

>>> with use_language("ja"):
...     gettext("The heatmap", domain="practice")
'ヒートマップ'
>>> gettext("The heatmap", domain="practice", lang="ja")
'ヒートマップ'
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as _gettext
import os
import pathlib
import re
import threading
import warnings
from collections.abc import Iterator

from attn_teach.errors import AttnTeachError

LANGUAGES = ("en", "ja")
LOCALE_DIR = pathlib.Path(__file__).parent / "locale"
DOMAINS = ("attn_teach", "practice")
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# the caller's choice (use_language): each thread and asyncio task sees its own
_caller: contextvars.ContextVar[str | None] = contextvars.ContextVar("attn_teach_language", default=None)
_process: str | None = None  # set_language(): the process default; None = decide from the environment
_warned: set[str] = set()  # unknown ATTN_TEACH_LANG values already reported
_warned_lock = threading.Lock()


class LanguageWarning(UserWarning):
    """``ATTN_TEACH_LANG`` names a language the kit does not know; English is used."""


def _check(lang: str) -> str:
    lang = str(lang).strip().lower()
    if lang not in LANGUAGES:
        raise AttnTeachError(
            gettext("unknown language {lang!r}; use one of {languages}").format(
                lang=lang, languages=", ".join(LANGUAGES)
            )
        )
    return lang


def language_part(value: str) -> str:
    """The language code of a locale name: ``"ja_JP.UTF-8"`` -> ``"ja"``, ``"en-US"`` -> ``"en"``.

    >>> [language_part(v) for v in ("ja_JP.UTF-8", "JA", "en-US", "C.UTF-8", "ja:en")]
    ['ja', 'ja', 'en', 'c', 'ja']
    """
    return re.split(r"[_.@:\-]", value.strip().lower(), maxsplit=1)[0]


def _from_environment() -> str:
    chosen = os.environ.get("ATTN_TEACH_LANG", "").strip()
    if chosen:
        code = language_part(chosen)
        if code in LANGUAGES:
            return code
        with _warned_lock:
            first = chosen not in _warned
            _warned.add(chosen)
        if first:
            warnings.warn(
                gettext(
                    "ATTN_TEACH_LANG={value!r} is not a language this kit knows ({languages}); showing English",
                    lang="en",
                ).format(value=chosen, languages=", ".join(LANGUAGES)),
                LanguageWarning,
                stacklevel=4,
            )
        return "en"
    for name in _LOCALE_VARIABLES:
        value = os.environ.get(name, "")
        if value:  # the first variable that is set decides, as in gettext
            return "ja" if language_part(value) == "ja" else "en"
    return "en"


def get_language() -> str:
    """The language messages are shown in: ``"en"`` or ``"ja"``."""
    chosen = _caller.get()
    if chosen is not None:
        return chosen
    if _process is not None:
        return _process
    return _from_environment()


def set_language(lang: str | None) -> None:
    """Make ``lang`` the process default (a command line's ``--lang``); ``None`` goes back to the environment.

    A caller inside :func:`use_language` keeps its own language.
    """
    global _process
    _process = None if lang is None else _check(lang)


@contextlib.contextmanager
def process_language(lang: str | None) -> Iterator[None]:
    """:func:`set_language` for the ``with`` block (threads it starts included), then the earlier default back.

    For a command run inside another program (``attn_teach.cli.main`` called from a test or a
    notebook): its ``--lang`` must not outlive the command.
    """
    global _process
    before = _process
    set_language(lang)
    try:
        yield
    finally:
        _process = before


@contextlib.contextmanager
def use_language(lang: str | None) -> Iterator[None]:
    """Show messages in ``lang`` inside the ``with`` block, for this caller only.

    The choice lives in a :class:`contextvars.ContextVar`: other threads (and asyncio
    tasks) keep theirs, and the process default is never touched. ``None`` leaves the
    choice as it is.
    """
    if lang is None:
        yield
        return
    token = _caller.set(_check(lang))
    try:
        yield
    finally:
        _caller.reset(token)


@functools.cache
def _catalogue(domain: str, lang: str) -> _gettext.NullTranslations:
    return _gettext.translation(domain, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def gettext(message: str, *, domain: str = "attn_teach", lang: str | None = None) -> str:
    """``message`` in ``lang`` (default: :func:`get_language`), or as written if it has no translation."""
    lang = get_language() if lang is None else _check(lang)
    if lang == "en":
        return message
    return _catalogue(domain, lang).gettext(message)


def pgettext(context: str, message: str, *, domain: str = "attn_teach", lang: str | None = None) -> str:
    """``message`` in the sense ``context`` names (a ``msgctxt``: the same English, another translation)."""
    lang = get_language() if lang is None else _check(lang)
    if lang == "en":
        return message
    return _catalogue(domain, lang).pgettext(context, message)


def join_list(items, *, lang: str | None = None) -> str:
    """``items`` as one list in the language: ``a, b`` in English, ``a、b`` in Japanese."""
    return pgettext("list separator", ", ", lang=lang).join(items)


def quote(token: str, *, lang: str | None = None) -> str:
    """A token (or character) quoted for a printout or figure: ``'love'`` in English, 「love」 in Japanese."""
    return pgettext("quoted token", "'{token}'", lang=lang).format(token=token)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark ``message`` for translation without translating it now (it is translated when shown)."""
    return message

"""The one decorator every view wears: ``language=`` becomes the caller's language, in the kit's style.

Every view takes ``language=`` (``"en"``, ``"ja"``, or None for the kit's language) and
builds its figure inside :func:`~attn_teach.views.style.style`. Rather than repeat
``with use_language(language), style():`` and the parameter's description in each of
them, a view is written without ``language`` and decorated with :func:`view`, which

* adds the keyword-only parameter ``language`` to the view's signature;
* runs the view inside :func:`attn_teach.i18n.use_language` (the caller's own language,
  a context variable: other threads keep theirs and the process default is untouched)
  and :func:`~attn_teach.views.style.style` (the kit's settings, under the drawing lock);
* writes the parameter's description where the docstring says ``%(language)s``, the
  pattern of matplotlib's ``_docstring.interpd``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TypeVar

from attn_teach.i18n import use_language
from attn_teach.views.style import style

F = TypeVar("F", bound=Callable)

PLACEHOLDER = "%(language)s"
LANGUAGE_DOC = """language : str, optional
        ``"en"`` or ``"ja"`` for the figure's text; default (None) the kit's language
        (:func:`attn_teach.i18n.get_language`). Token labels are the tokens in either.
        The choice holds for this call only (:func:`attn_teach.i18n.use_language`)."""


def view(func: F) -> F:
    """Give ``func`` a ``language=`` keyword and run it in that language and in the kit's style.

    ``func``'s docstring must hold :data:`PLACEHOLDER` in its Parameters section (indented
    by four spaces, as numpydoc writes a parameter); it becomes :data:`LANGUAGE_DOC`.
    """
    if func.__doc__ is None or PLACEHOLDER not in func.__doc__:
        raise TypeError(f"{func.__qualname__}: the docstring needs {PLACEHOLDER} among its parameters")

    @functools.wraps(func)
    def wrapper(*args, language: str | None = None, **kwargs):
        with use_language(language), style():
            return func(*args, **kwargs)

    signature = inspect.signature(func)
    language = inspect.Parameter("language", inspect.Parameter.KEYWORD_ONLY, default=None, annotation="str | None")
    wrapper.__signature__ = signature.replace(parameters=[*signature.parameters.values(), language])
    wrapper.__doc__ = func.__doc__.replace(PLACEHOLDER, LANGUAGE_DOC)
    return wrapper  # type: ignore[return-value]

"""The interactive view: one offline HTML file or notebook cell to explore an :class:`~attn_teach.Attention`.

One room, read top to bottom:

- :mod:`~attn_teach.interactive.encoder`: each matrix as colour codes and exact printed digits;
- :mod:`~attn_teach.interactive.format`: the page's data, versioned (:data:`FORMAT_VERSION`);
- :mod:`~attn_teach.interactive.page`: the HTML page, :func:`interactive` and :class:`InteractiveView`;
- ``view.js`` and ``view.css``: the reader, plain JavaScript and CSS inlined into each page.

The design (why plain JavaScript, how the numbers are stored, what is left out) is in the
docs page ``interactive``. ``attn_teach.interactive`` is the function on the package
``attn_teach`` (the public API); import this room's modules with
``from attn_teach.interactive import encoder``.
"""

from attn_teach.interactive.format import DEFAULT_MAX_BYTES, FORMAT_VERSION, NOTEBOOK_MAX_BYTES
from attn_teach.interactive.page import InteractiveView, interactive

__all__ = ["DEFAULT_MAX_BYTES", "FORMAT_VERSION", "NOTEBOOK_MAX_BYTES", "InteractiveView", "interactive"]

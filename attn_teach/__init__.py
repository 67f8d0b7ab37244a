"""attn_teach: look inside Transformers, reproducibly. Where does a model's attention go?

The data flows one way::

    text -> load_model(name) -> extract(text, model) -> Attention -> reductions -> views -> Figure
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# the public names, imported on first use: `import attn_teach.practice...` (a practice check's
# parent process) then stays free of matplotlib's and torch's import time
_EXPORTS = {
    "Attention": "attn_teach.attention",
    "AttnTeachError": "attn_teach.errors",
    "LoadedModel": "attn_teach.models",
    "embedded_model_path": "attn_teach.models",
    "load_model": "attn_teach.models",
    "rollout": "attn_teach.reduce",
    **{
        name: "attn_teach.views"
        for name in (
            "attention_from",
            "attention_to",
            "bars_by_layer",
            "grid",
            "heads",
            "heatmap",
            "received_plot",
            "rollout_view",
            "scatter3d",
        )
    },
}

if TYPE_CHECKING:
    from attn_teach.attention import Attention
    from attn_teach.errors import AttnTeachError
    from attn_teach.extract import TruncationWarning, extract
    from attn_teach.models import LoadedModel, embedded_model_path, load_model
    from attn_teach.reduce import rollout
    from attn_teach.views import (
        attention_from,
        attention_to,
        bars_by_layer,
        grid,
        heads,
        heatmap,
        received_plot,
        rollout_view,
        scatter3d,
    )


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'attn_teach' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


# extract and the interactive room need only NumPy until a model runs, so they are imported now:
# their module names would otherwise shadow the functions attn_teach.extract and
# attn_teach.interactive as soon as anything imports attn_teach.extract or attn_teach.interactive.*
from attn_teach.extract import TruncationWarning, extract  # noqa: E402

# the interactive room needs only NumPy, so it is imported now: its package name would otherwise
# shadow the function ``attn_teach.interactive`` once any of its modules is imported
from attn_teach.interactive import InteractiveView, interactive  # noqa: E402
from attn_teach.interactive.jupyter import quiet_tqdm_in_kernels  # noqa: E402

quiet_tqdm_in_kernels()  # a notebook's first cell shows no TqdmWarning (interactive/jupyter.py)

__version__ = "0.1.0"

__all__ = [
    "Attention",
    "AttnTeachError",
    "InteractiveView",
    "LoadedModel",
    "TruncationWarning",
    "embedded_model_path",
    "attention_from",
    "attention_to",
    "bars_by_layer",
    "extract",
    "grid",
    "heads",
    "heatmap",
    "interactive",
    "load_model",
    "received_plot",
    "rollout",
    "rollout_view",
    "scatter3d",
]

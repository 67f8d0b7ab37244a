"""attn_teach: look inside Transformers, reproducibly. Where does a model's attention go?

The data flows one way::

    text -> load_model(name) -> extract(text, model) -> Attention -> reductions -> views -> Figure
"""

from attn_teach.attention import Attention
from attn_teach.errors import AttnTeachError
from attn_teach.extract import TruncationWarning, extract
from attn_teach.interactive import InteractiveView, interactive
from attn_teach.interactive.jupyter import quiet_tqdm_in_kernels
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

quiet_tqdm_in_kernels()  # a notebook's first cell shows no TqdmWarning (interactive/jupyter.py)

__version__ = "0.1.0"

__all__ = [
    "Attention", "AttnTeachError", "InteractiveView", "LoadedModel", "TruncationWarning", "embedded_model_path",
    "attention_from", "attention_to", "bars_by_layer", "extract", "grid", "heads", "heatmap", "interactive",
    "load_model", "received_plot", "rollout", "rollout_view", "scatter3d",
]

"""Views: functions ``view(attention, ..., ax=None) -> Figure``.

Each view draws inside :func:`attn_teach.views.style.style`, never shows the figure
and never changes global settings; saving is up to the caller.
"""

from attn_teach.views.flow import rollout_view
from attn_teach.views.grid import grid
from attn_teach.views.heads import heads, layers
from attn_teach.views.heatmap import heatmap
from attn_teach.views.lines import attention_from, attention_to, received_bars
from attn_teach.views.three_d import bars_by_layer, scatter3d

__all__ = [
    "attention_from", "attention_to", "bars_by_layer", "grid", "heads", "heatmap", "layers", "received_bars",
    "rollout_view", "scatter3d",
]

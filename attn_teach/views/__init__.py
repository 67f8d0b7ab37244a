"""Views: functions from an :class:`~attn_teach.Attention` to a matplotlib ``Figure``.

Single-axes views take ``ax=None`` and draw into it when given, else into a new
figure: ``heatmap``, ``received_plot``, ``attention_from``, ``attention_to``, and the
3D views ``scatter3d`` and ``bars_by_layer`` (a 3D axes). Views of several panels
draw a whole figure and take no ``ax``: ``layer_panels``, ``heads``, ``grid`` and
``rollout_view``.

Each view draws inside :func:`attn_teach.views.style.style`, never shows the figure
and never changes global settings; saving is up to the caller.

Modules, one idea each: :mod:`~attn_teach.views.matrix` (the heatmap),
:mod:`~attn_teach.views.cells` (cell values), :mod:`~attn_teach.views.build`
(drawing a matrix), :mod:`~attn_teach.views.panels` (matrices side by side),
:mod:`~attn_teach.views.side_by_side`, :mod:`~attn_teach.views.model_view`,
:mod:`~attn_teach.views.flow`, :mod:`~attn_teach.views.lines`,
:mod:`~attn_teach.views.three_d` and :mod:`~attn_teach.views.style`.
"""

from attn_teach.views.flow import rollout_view
from attn_teach.views.lines import attention_from, attention_to, received_plot
from attn_teach.views.matrix import heatmap
from attn_teach.views.model_view import grid
from attn_teach.views.side_by_side import heads, layer_panels
from attn_teach.views.three_d import bars_by_layer, scatter3d

__all__ = [
    "attention_from",
    "attention_to",
    "bars_by_layer",
    "grid",
    "heads",
    "heatmap",
    "layer_panels",
    "received_plot",
    "rollout_view",
    "scatter3d",
]

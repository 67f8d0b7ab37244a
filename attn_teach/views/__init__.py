"""Views: functions ``view(attention, ..., ax=None) -> Figure``.

Each view draws inside :func:`attn_teach.views.style.style`, never shows the figure
and never changes global settings; saving is up to the caller.
"""

from attn_teach.views.heads import heads
from attn_teach.views.heatmap import heatmap
from attn_teach.views.lines import attention_from, received_bars

__all__ = ["attention_from", "heads", "heatmap", "received_bars"]

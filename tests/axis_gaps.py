"""Axis labels keep clear of their tick labels: the check the lesson image tests run on each figure they draw.

An axis label stands ``AXIS_LABEL_GAP`` ems from its tick labels in every figure and language: a Japanese
label's glyphs fill their box, so matplotlib's 4 pt between boxes let 「キー：注目されるトークン」 touch
the rotated tick label 「language」 (lesson 02). The image tests draw every lesson figure in English and in
Japanese already; they check the gap on the figure they compare, rather than drawing it again.
"""

from __future__ import annotations


def label_gaps(fig) -> list[tuple[str, float]]:
    """``(label, gap in points)`` between each 2D axis label and the tick labels on its side."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    to_points = 72 / fig.dpi
    gaps = []
    for ax in fig.axes:
        if ax.name != "rectilinear":
            continue  # 3D axes place their labels themselves (explicit labelpad)
        for axis in (ax.xaxis, ax.yaxis):
            label = axis.label
            low, high = sorted(axis.get_view_interval())
            shown = [  # the tick labels drawn: a tick outside the view keeps its text but is not drawn
                text.get_window_extent(renderer)
                for tick in axis.get_major_ticks()
                if low - 1e-9 <= tick.get_loc() <= high + 1e-9
                for text in (tick.label1, tick.label2)  # label2: the right or top side (a colour bar's)
                if text.get_visible() and text.get_text()
            ]
            if not (label.get_visible() and label.get_text() and shown):
                continue
            box = label.get_window_extent(renderer)
            if axis is ax.xaxis:
                gap = (
                    min(b.y0 for b in shown) - box.y1
                    if axis.get_label_position() == "bottom"
                    else box.y0 - max(b.y1 for b in shown)
                )
            else:
                gap = (
                    min(b.x0 for b in shown) - box.x1
                    if axis.get_label_position() == "left"
                    else box.x0 - max(b.x1 for b in shown)
                )
            gaps.append((label.get_text(), gap * to_points))
    return gaps


def assert_axis_labels_clear(fig) -> None:
    """Fail with the labels that stand closer than ``AXIS_LABEL_GAP`` ems to their tick labels.

    Measured on a copy: drawing the figure itself before pytest-mpl saves it would lay it out twice
    (a constrained layout settles differently on a second pass) and change the image compared."""
    import pickle

    import matplotlib.pyplot as plt

    from attn_teach.views.style import AXIS_LABEL_GAP, AXIS_LABEL_POINTS

    copy = pickle.loads(pickle.dumps(fig))
    try:
        gaps = label_gaps(copy)
    finally:
        plt.close(copy)
    close = [(text, round(gap, 1)) for text, gap in gaps if gap < AXIS_LABEL_GAP * AXIS_LABEL_POINTS - 0.5]
    assert not close, f"axis labels touching their tick labels (label, gap in points): {close}"

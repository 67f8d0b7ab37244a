"""Views on hand-made attention with known answers (identity, uniform, causal-uniform): no model needed.

Checks what each view puts on the figure (the numbers), and the size rules: tick
labels thin out when they cannot be read; cell values are left out, with a notice,
above the size where they cannot be read.
"""

from __future__ import annotations

import io
import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from attn_teach import Attention, AttnTeachError, attention_from, heads, heatmap, received_plot
from attn_teach.views.cells import CellLabels
from attn_teach.views.matrix import ANNOTATE_MAX, AnnotationSkipped
from attn_teach.views.style import tick_step


def make(kind: str, n: int, layers: int = 1, heads_: int = 2) -> Attention:
    if kind == "identity":
        m = np.eye(n)
    elif kind == "uniform":
        m = np.full((n, n), 1.0 / n)
    elif kind == "causal":
        m = np.tril(np.ones((n, n)))
        m /= m.sum(axis=1, keepdims=True)
    else:
        raise ValueError(kind)
    w = np.broadcast_to(m, (layers, heads_, n, n)).astype(np.float32)
    return Attention("known answer", kind, [f"t{i}" for i in range(n)], np.zeros(n, bool), w, causal=kind == "causal")


@pytest.mark.parametrize("kind", ["identity", "uniform", "causal"])
def test_heatmap_draws_the_matrix(kind):
    a = make(kind, 6)
    image = heatmap(a).axes[0].images[0]
    np.testing.assert_allclose(np.ma.getdata(image.get_array()), a.head_mean(), atol=1e-7)
    mask = np.ma.getmaskarray(image.get_array())
    if kind == "causal":  # the future is masked, not drawn as zero attention
        np.testing.assert_array_equal(mask, np.triu(np.ones((6, 6), bool), k=1))
    else:
        assert not mask.any()


def test_heatmap_colour_scale_starts_at_zero_and_is_labelled():
    fig = heatmap(make("uniform", 5))
    assert fig.axes[0].images[0].norm.vmin == 0
    assert fig.axes[1].get_ylabel() == "attention weight"


def test_one_head_or_the_mean():
    w = np.zeros((1, 2, 3, 3), np.float32)
    w[0, 0] = np.eye(3)
    w[0, 1] = 1 / 3
    a = Attention("x", "m", ["a", "b", "c"], np.zeros(3, bool), w)
    np.testing.assert_allclose(heatmap(a, head=0).axes[0].images[0].get_array(), np.eye(3))
    np.testing.assert_allclose(heatmap(a).axes[0].images[0].get_array(), (np.eye(3) + 1 / 3) / 2, atol=1e-7)


def test_annotations_hold_every_value_and_readable_colours():
    a = make("identity", 4)
    fig = heatmap(a, annotate=True)
    labels = [c for c in fig.axes[0].get_children() if isinstance(c, CellLabels)]
    assert len(labels) == 1
    cells = labels[0]
    assert len(cells.strings) == 16
    for (col, row), text in zip(cells.positions.astype(int), cells.strings):
        assert text == f"{a.head_mean()[row, col]:.2f}"
    colours = dict(zip(map(tuple, cells.positions.astype(int)), cells.colors))
    assert colours[(0, 0)][:3] == (1.0, 1.0, 1.0)  # 1.00: darkest cell, light text
    assert colours[(1, 0)][:3] == (0.0, 0.0, 0.0)  # 0.00: lightest cell, dark text


def test_causal_annotations_skip_the_masked_cells():
    cells = [c for c in heatmap(make("causal", 5), annotate=True).axes[0].get_children() if isinstance(c, CellLabels)][
        0
    ]
    assert len(cells.strings) == 15  # the lower triangle with its diagonal
    assert all(col <= row for col, row in cells.positions)


def written_text(data: bytes, suffix: str) -> list[str]:
    """Every text an SVG (one comment per text) or uncompressed PDF (``Tj``/``TJ`` runs) writes."""
    if suffix == "svg":
        return [m.decode() for m in re.findall(rb"<!-- (.*?) -->", data)]
    runs = re.findall(rb"\[([^\]]*)\] TJ|\(((?:[^()\\]|\\.)*)\) Tj", data)
    return [
        b"".join(re.findall(rb"\(((?:[^()\\]|\\.)*)\)", kerned)).decode() if kerned else plain.decode()
        for kerned, plain in runs
    ]


@pytest.mark.parametrize("suffix", ["svg", "pdf"])
def test_annotated_heatmap_writes_every_value_in_vector_formats(suffix):
    """Vector output writes each cell value as text: exactly the 16 values of the matrix."""
    buffer = io.BytesIO()
    with plt.rc_context({"pdf.compression": 0}):  # a PDF whose text can be read back
        heatmap(make("identity", 4), annotate=True).savefig(buffer, format=suffix)
    values = [t for t in written_text(buffer.getvalue(), suffix) if re.fullmatch(r"\d\.\d\d", t)]
    assert sorted(values) == ["0.00"] * 12 + ["1.00"] * 4


def test_annotated_png_shows_a_label_in_every_cell():
    """The raster path really writes the values: annotated and plain PNGs differ inside every cell
    (by at least the pixels of a small label), and not outside the matrix."""
    a = make("uniform", 4)
    images, figures = [], []
    for annotate in (False, True):
        fig = heatmap(a, annotate=annotate)
        fig.canvas.draw()
        images.append(np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int))
        figures.append(fig)
    changed = np.abs(images[0] - images[1]).sum(axis=-1) > 40  # (y, x), y downward
    ax, height = figures[1].axes[0], changed.shape[0]
    inside = np.zeros_like(changed)
    for row in range(4):
        for col in range(4):
            corners = ax.transData.transform([(col - 0.5, row - 0.5), (col + 0.5, row + 0.5)])
            (x0, x1), (y0, y1) = np.sort(corners[:, 0]), np.sort(height - corners[:, 1])
            cell = changed[int(y0) : int(y1), int(x0) : int(x1)]
            assert cell.sum() >= 20, f"no label drawn in cell ({row}, {col})"
            inside[int(y0) : int(y1), int(x0) : int(x1)] = True
    assert not changed[~inside].any()


def test_annotation_is_skipped_with_a_notice_above_the_limit():
    a = make("uniform", ANNOTATE_MAX + 1)
    with pytest.warns(AnnotationSkipped, match="unreadable"):
        fig = heatmap(a, annotate="auto")
    assert not [c for c in fig.axes[0].get_children() if isinstance(c, CellLabels)]
    assert any("not written" in t.get_text() for t in fig.texts + fig.axes[0].texts)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        small = heatmap(make("uniform", ANNOTATE_MAX), annotate="auto")
    assert [c for c in small.axes[0].get_children() if isinstance(c, CellLabels)]


def test_annotate_true_writes_every_value_whatever_the_size():
    """True is a request, not a suggestion: unlike "auto" it has no size limit."""
    n = ANNOTATE_MAX + 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no AnnotationSkipped either
        fig = heatmap(make("uniform", n), annotate=True)
    labels = [c for c in fig.axes[0].get_children() if isinstance(c, CellLabels)]
    assert len(labels) == 1 and len(labels[0].strings) == n * n


@pytest.mark.parametrize("bad", ["yes", "always", 2])
def test_annotate_refuses_other_values(bad):
    with pytest.raises(AttnTeachError, match="annotate must be True, False or 'auto'"):
        heatmap(make("uniform", 3), annotate=bad)


def test_tick_labels_thin_out_on_long_inputs():
    assert tick_step(9, 5.0) == 1
    assert tick_step(512, 7.5) > 1
    a = make("uniform", 512, heads_=1)
    ax = heatmap(a).axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert 10 < len(labels) < 100  # thinned, but still a useful scale
    step = int(ax.get_xticks()[1] - ax.get_xticks()[0])
    assert labels[:3] == ["t0", f"t{step}", f"t{2 * step}"]  # every label still names its own position


def test_short_inputs_keep_every_label():
    ax = heatmap(make("uniform", 9)).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"t{i}" for i in range(9)]


def test_received_plot_of_known_answers():
    np.testing.assert_allclose(
        [p.get_height() for p in received_plot(make("uniform", 4)).axes[0].patches], [0.25] * 4, atol=1e-7
    )
    causal = [p.get_height() for p in received_plot(make("causal", 3)).axes[0].patches]
    np.testing.assert_allclose(causal, [(1 + 1 / 2 + 1 / 3) / 3, (1 / 2 + 1 / 3) / 3, (1 / 3) / 3], atol=1e-6)


def test_attention_from_a_token_is_its_row():
    a = make("causal", 4)
    line = attention_from(a, "t2").axes[0].lines[0]
    # causal: the line stops at the query; the keys after it are not visible, not zero-valued
    np.testing.assert_allclose(line.get_ydata(), [1 / 3, 1 / 3, 1 / 3], atol=1e-7)
    line = attention_from(make("uniform", 4), "t2").axes[0].lines[0]
    np.testing.assert_allclose(line.get_ydata(), [0.25] * 4, atol=1e-7)


def test_heads_panels_then_mean():
    w = np.stack([np.eye(3), np.full((3, 3), 1 / 3)])[None].astype(np.float32)  # (1, 2, 3, 3)
    a = Attention("x", "m", ["a", "b", "c"], np.zeros(3, bool), w)
    images = [ax.images[0].get_array() for ax in heads(a).axes if ax.images]
    assert len(images) == 3
    np.testing.assert_allclose(images[2], (np.eye(3) + 1 / 3) / 2, atol=1e-7)


def test_views_leave_global_settings_alone():
    before = dict(plt.rcParams)
    heatmap(make("causal", 5), annotate=True)
    heads(make("uniform", 3))
    assert dict(plt.rcParams) == before


def _thread_attention() -> Attention:
    rng = np.random.default_rng(0)
    w = rng.random((2, 2, 5, 5)).astype(np.float32) + 0.05  # (layer, head, query, key)
    w /= w.sum(axis=-1, keepdims=True)
    return Attention(
        "猫 が 好き",
        "hand-made",
        ["[CLS]", "猫", "が", "好き", "[SEP]"],
        np.array([True, False, False, False, True]),
        w,
    )


THREAD_VIEWS = {  # every view of attn_teach.views, called as a user would
    "heatmap": lambda a, lang: heatmap(a, annotate=True, language=lang),
    "received_plot": lambda a, lang: received_plot(a, language=lang),
    "attention_from": lambda a, lang: attention_from(a, 1, language=lang),
    "attention_to": lambda a, lang: __import__("attn_teach").attention_to(a, 1, language=lang),
    "scatter3d": lambda a, lang: __import__("attn_teach").scatter3d(a, language=lang),
    "bars_by_layer": lambda a, lang: __import__("attn_teach").bars_by_layer(a, language=lang),
    "heads": lambda a, lang: heads(a, language=lang),
    "layer_panels": lambda a, lang: __import__("attn_teach.views", fromlist=["x"]).layer_panels(a, language=lang),
    "grid": lambda a, lang: __import__("attn_teach").grid(a, language=lang),
    "rollout_view": lambda a, lang: __import__("attn_teach").rollout_view(a, language=lang),
}


def _png(name: str, lang: str, attention: Attention) -> bytes:
    from attn_teach.views.style import write_figure

    fig = THREAD_VIEWS[name](attention, lang)
    buffer = io.BytesIO()
    write_figure(fig, buffer)
    plt.close(fig)
    return buffer.getvalue()


@pytest.mark.heavy
def test_every_view_draws_the_same_bytes_from_eight_threads():
    """Each view in English and Japanese, drawn from 8 threads at once, gives the PNG bytes it gives
    when drawn alone (process-wide style and language once gave larger fonts and cut labels)."""
    import threading

    a = _thread_attention()
    jobs = [(name, lang) for name in THREAD_VIEWS for lang in ("en", "ja")]  # 20
    serial = {job: _png(*job, a) for job in jobs}
    assert serial[("heatmap", "en")] != serial[("heatmap", "ja")]  # the language shows in the picture
    threads = 8
    barrier = threading.Barrier(threads)
    results: list[tuple[tuple[str, str], bytes]] = []
    errors: list[BaseException] = []

    def draw(t: int) -> None:
        try:
            barrier.wait()
            for i in range(3):  # 24 drawings: every (view, language) at least once, in rotating order
                job = jobs[(t * 7 + i * 2) % len(jobs)]
                results.append((job, _png(*job, a)))
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    workers = [threading.Thread(target=draw, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    assert len(results) == threads * 3
    assert {job for job, _ in results} == set(jobs)
    differ = sorted({f"{name}/{lang}" for (name, lang), png in results if png != serial[(name, lang)]})
    assert differ == [], f"{len(differ)} drawings differ from the serial ones"


def test_every_view_takes_language_through_the_one_decorator():
    """``language=`` is added by :func:`attn_teach.views.decorator.view`: in each view's signature and
    docstring once, and no view module repeats the ``use_language`` wrapper or the parameter's text."""
    import inspect
    import pathlib

    import attn_teach.views as views
    from attn_teach.views.decorator import LANGUAGE_DOC, PLACEHOLDER

    for name in views.__all__:
        function = getattr(views, name)
        parameter = inspect.signature(function).parameters["language"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is None, name
        assert function.__doc__.count(LANGUAGE_DOC) == 1 and PLACEHOLDER not in function.__doc__, name
    folder = pathlib.Path(views.__file__).parent
    for path in folder.glob("*.py"):
        if path.name != "decorator.py":
            source = path.read_text(encoding="utf-8")
            assert "use_language" not in source and "language : str" not in source, path.name
    with pytest.raises(AttnTeachError, match="unknown language 'fr'"):
        heatmap(make("uniform", 3), language="fr")
    assert heatmap(make("uniform", 3), language="ja").axes[0].get_xlabel() != "key: token attended to"


def test_mid_range_cells_get_text_by_luminance_in_rgb_order():
    """A mid-blue cell of YlGnBu (0.65 of the scale: RGB about (0.12, 0.53, 0.73), relative luminance
    0.455) gets white text, a slightly lighter one (0.55) black. With the BT.709 weights applied in BGR
    order the mid-blue cell would read 0.541 and get black text; no baseline has such a cell."""
    w = np.array([[0.65, 0.35, 0.0], [0.55, 0.45, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)  # (query, key)
    a = Attention("x", "hand-made", ["a", "b", "c"], np.zeros(3, bool), np.broadcast_to(w, (1, 1, 3, 3)))
    fig = heatmap(a, annotate=True)
    labels = next(c for c in fig.axes[0].get_children() if isinstance(c, CellLabels))
    colour = {s: c[:3] for s, c in zip(labels.strings, labels.colors)}
    assert colour["0.65"] == (1.0, 1.0, 1.0)  # white on mid-blue
    assert colour["0.55"] == (0.0, 0.0, 0.0)  # black on the lighter blue-green
    assert colour["1.00"] == (1.0, 1.0, 1.0) and colour["0.35"] == (0.0, 0.0, 0.0)

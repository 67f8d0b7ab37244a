"""The figure stages' rules: figures drawn by hand, read back (readback.py), judged (figures.py).

Small figures (a 5 x 5 matrix) drawn every way a learner might, each right or wrong
in exactly one thing a reader would notice.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from attn_teach.practice import figures  # noqa: E402
from attn_teach.practice.readback import describe_figure  # noqa: E402

TOKENS = ["[CLS]", "i", "love", "it", "[SEP]"]
M = np.random.default_rng(0).dirichlet(np.ones(5) * 0.5, size=5)  # (query, key), rows sum to 1
N = len(TOKENS)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _findings_can_be_said(monkeypatch):
    """Every finding made here must fill its hint's text: a value missing or misnamed fails the test."""
    import dataclasses

    from attn_teach.practice.hints import HINTS, Finding

    @dataclasses.dataclass(frozen=True)
    class Said(Finding):
        def __post_init__(self):
            HINTS[self.key].format(**self.values)

    monkeypatch.setattr(figures, "Finding", Said)


def heat(
    draw="imshow",
    data=None,
    cmap="YlGnBu",
    labels=TOKENS,
    rotation=90,
    colorbar=True,
    offset=0.0,
    kwargs=None,
    annotate=None,
):
    fig, ax = plt.subplots(figsize=(4, 4), dpi=100)
    data = M if data is None else data
    if draw == "imshow":
        artist = ax.imshow(data, cmap=cmap, **(kwargs or {}))
    elif draw == "matshow":
        artist = ax.matshow(data, cmap=cmap, **(kwargs or {}))
    else:
        artist = ax.pcolormesh(data, cmap=cmap, **(kwargs or {}))
        ax.invert_yaxis()
        offset += 0.5
    ax.set_xticks(np.arange(len(labels)) + offset, labels, rotation=rotation)
    ax.set_yticks(np.arange(len(labels)) + offset, labels)
    if colorbar is True:
        fig.colorbar(artist, ax=ax)
    elif colorbar is not None and colorbar is not False:
        fig.colorbar(colorbar, ax=ax)
    if annotate is not None:
        for (i, j), v in np.ndenumerate(M):
            x, y, text = annotate(i, j, v)
            ax.text(x, y, text, ha="center", va="center", fontsize=6)
    return describe_figure(fig)


def judge(desc, **asks):
    return figures.heatmap_check(**asks)({"figure": desc, "expected": {"matrix": M, "tokens": TOKENS}})


STAGE_4 = {"cmap": "YlGnBu", "colorbar": True, "rotation": 90}


@pytest.mark.parametrize("draw", ["imshow", "matshow", "pcolormesh"])
def test_right_heatmaps_pass_however_drawn(draw):
    assert judge(heat(draw), **STAGE_4) is None


def test_seaborn_heatmap_passes():
    sns = pytest.importorskip("seaborn")
    fig, ax = plt.subplots(figsize=(4, 4), dpi=100)
    sns.heatmap(M, cmap="YlGnBu", xticklabels=TOKENS, yticklabels=TOKENS, ax=ax)
    ax.tick_params(axis="x", rotation=90)
    assert judge(describe_figure(fig), **STAGE_4) is None


def test_read_back_matrix_is_the_matrix():
    desc = heat()
    values = desc["heatmap"]["values"]
    assert values.shape == M.shape
    assert np.max(np.abs(values - M)) < (M.max() - M.min()) / 256 * 3.5
    x, y = desc["heatmap"]["x"], desc["heatmap"]["y"]
    np.testing.assert_allclose(x[0], np.arange(N))
    np.testing.assert_allclose(y[:, 0], np.arange(N))
    assert desc["heatmap"]["width"] == pytest.approx(1) and desc["heatmap"]["height"] == pytest.approx(1)
    assert [t["text"] for t in desc["xticks"]] == TOKENS
    assert [t["position"] for t in desc["yticks"]] == list(range(N))


def test_origin_lower_reads_rows_from_the_bottom():
    desc = heat(kwargs={"origin": "lower"})
    np.testing.assert_allclose(desc["heatmap"]["y"][:, 0], np.arange(N))
    assert judge(desc, **STAGE_4) is None


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"draw": "imshow", "data": M.T}, "transposed"),
        ({"data": M[:, :4]}, "image_differs"),
        ({"data": np.sqrt(M)}, "image_differs"),
        ({"cmap": "viridis"}, "wrong_cmap"),
        ({"kwargs": {"vmax": 0.1}}, "clipped_colours"),
        ({"kwargs": {"vmin": 0.2}}, "clipped_colours"),
        ({"kwargs": {"interpolation": "bilinear"}}, "blended_cells"),
        ({"kwargs": {"extent": [0, N, N, 0]}}, "ticks_not_centred"),
        ({"draw": "pcolormesh", "offset": -0.5}, "ticks_not_centred"),
        ({"labels": TOKENS[1:-1]}, "ticks_off_by_one"),
        ({"labels": TOKENS[:-1]}, "unlabelled_last"),
        ({"labels": [""] + TOKENS[1:]}, "labels_differ"),
        ({"labels": TOKENS[::-1]}, "labels_differ"),
        ({"colorbar": False}, "no_colorbar"),
        ({"colorbar": plt.cm.ScalarMappable(norm=plt.Normalize(0, 1), cmap="YlGnBu")}, "colorbar_unlinked"),
        ({"rotation": 0}, "label_not_rotated"),
        ({"rotation": 45}, "label_rotation"),
    ],
)
def test_each_heatmap_mistake_is_named(options, key):
    got = judge(heat(**options), **STAGE_4)
    assert got is not None and got.key == key, got


def test_what_the_task_does_not_ask_is_not_required():
    assert judge(heat(cmap="viridis", colorbar=False, rotation=0)) is None
    assert judge(heat(rotation=-90), **STAGE_4) is None  # read the other way, still vertical
    assert judge(heat(rotation=270), **STAGE_4) is None


def test_colour_bar_of_a_mappable_with_the_same_colours_is_linked():
    same = plt.cm.ScalarMappable(norm=plt.Normalize(M.min(), M.max()), cmap="YlGnBu")
    assert judge(heat(colorbar=same), **STAGE_4) is None


def test_values_in_heatmap_findings():
    off = judge(heat(labels=TOKENS[1:-1]), **STAGE_4)
    assert off.values == {"axis": "x", "first": "i", "token": "[CLS]", "special": "[CLS] [SEP]"}
    clipped = judge(heat(kwargs={"vmax": 0.1}), **STAGE_4)
    assert clipped.values["vmax"] == pytest.approx(0.1) and clipped.values["high"] == pytest.approx(M.max())
    assert judge(heat(labels=[""] + TOKENS[1:]), **STAGE_4).values == {
        "axis": "x",
        "position": 0,
        "got": "",
        "expected": "[CLS]",
    }
    assert judge(heat(labels=TOKENS[:-1]), **STAGE_4).values == {
        "axis": "x",
        "rows": 5,
        "got": 4,
        "token": "[SEP]",
        "last": 4,
    }
    differs = judge(heat(data=np.sqrt(M)), **STAGE_4).values
    r, c = differs["row"], differs["column"]
    assert differs["got"] == pytest.approx(np.sqrt(M)[r, c]) and differs["expected"] == pytest.approx(M[r, c])
    assert judge(heat(rotation=0), **STAGE_4) == figures.Finding("label_not_rotated")
    assert judge(heat(rotation=45), **STAGE_4).values == {"got": 45.0}
    assert judge(heat(kwargs={"interpolation": "bicubic"}), **STAGE_4).values == {"interpolation": "bicubic"}


def test_no_heatmap():
    fig, ax = plt.subplots()
    ax.plot(M)
    assert judge(describe_figure(fig)).key == "no_image"
    assert figures.image_finding(None, M) == figures.Finding("no_image")


@pytest.mark.parametrize(
    "interpolation, blended",
    [("nearest", False), ("none", False), ("auto", True), ("bilinear", True), ("gouraud", True)],
)
def test_blending_is_judged_from_how_the_artist_fills_a_cell(interpolation, blended):
    """Samples off a cell's colour (borders, antialiasing) never make a nearest image blended."""
    fig, ax = plt.subplots(figsize=(4, 4), dpi=100)
    ax.imshow(M, cmap="YlGnBu")
    found = describe_figure(fig)["heatmap"]
    found.update(spread=np.ones_like(M), interpolation=interpolation)  # every cell seen with several colours
    got = figures.image_finding(found, M)
    assert (got is not None and got.key == "blended_cells") == blended


def test_colours_that_hide_the_matrix_are_seen():
    """Right data, but drawn half transparent over black: the colours no longer say the weights."""
    fig, ax = plt.subplots(figsize=(4, 4), dpi=100)
    ax.set_facecolor("black")
    ax.imshow(M, cmap="YlGnBu", alpha=0.4)
    ax.set_xticks(range(N), TOKENS)
    ax.set_yticks(range(N), TOKENS)
    got = judge(describe_figure(fig))
    assert got is not None and got.key in ("image_differs", "no_image")


# -- annotations ---------------------------------------------------------------------------------
def test_annotations():
    def centre(i, j, v):
        return j, i, f"{v:.2f}"

    assert judge(heat(annotate=centre), annotations=True) is None
    corners = judge(heat(annotate=lambda i, j, v: (j - 0.5, i - 0.5, f"{v:.2f}")), annotations=True)
    assert corners.key == "annotations_at_corners"
    swapped = judge(heat(annotate=lambda i, j, v: (i, j, f"{v:.2f}")), annotations=True)
    assert swapped.key == "annotations_swapped"
    assert judge(heat(annotate=lambda i, j, v: (j, i, f"{v:.1f}")), annotations=True).key == "annotations_wrong"
    missing = judge(heat(), annotations=True)
    assert missing.key == "annotations_missing" and missing.values == {"count": 25, "row": 0, "column": 0}


def test_annotations_of_a_causal_matrix_must_fill_the_future_too():
    causal = np.tril(M)
    fig, ax = plt.subplots(figsize=(4, 4), dpi=100)
    ax.imshow(causal)
    ax.set_xticks(range(N), TOKENS)
    ax.set_yticks(range(N), TOKENS)
    for i in range(N):
        for j in range(i + 1):
            ax.text(j, i, f"{causal[i, j]:.2f}", ha="center", va="center", fontsize=6)
    check = figures.heatmap_check(annotations=True)
    finding = check({"figure": describe_figure(fig), "expected": {"matrix": causal, "tokens": TOKENS}})
    assert finding.key == "annotations_missing"  # the task: every cell gets its number, 0.00 too
    assert finding.values["count"] == N * (N - 1) // 2


# -- line plots ------------------------------------------------------------------------------------
def lines(x=None, data=None, labels=TOKENS, legend="label", positions=None):
    fig, ax = plt.subplots(figsize=(6, 3), dpi=100)
    data = M if data is None else data
    drawn = ax.plot(data) if x is None else ax.plot(x, data)
    if legend == "label":
        for line, token in zip(drawn, TOKENS):
            line.set_label(f"to {token}")
        ax.legend()
    elif legend == "tokens":
        ax.legend(TOKENS)
    elif legend == "reversed":
        ax.legend(drawn[::-1], TOKENS)
    ax.set_xticks(range(len(labels)) if positions is None else positions, labels)
    return describe_figure(fig)


def line_check(desc):
    return figures.lines_check()({"figure": desc, "expected": {"matrix": M, "tokens": TOKENS}})


@pytest.mark.parametrize("legend", ["label", "tokens"])
def test_right_line_plots_pass(legend):
    assert line_check(lines(legend=legend)) is None
    assert line_check(lines(x=np.arange(N), legend=legend)) is None


def test_lines_at_other_label_positions_pass():
    positions = np.arange(N) * 2.0
    assert line_check(lines(x=positions, positions=positions)) is None


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"data": M.T}, "lines_per_query"),
        ({"data": M[:, ::-1]}, "lines_differ"),
        ({"data": M[:, :3]}, "line_count"),
        ({"labels": TOKENS[1:-1]}, "ticks_off_by_one"),
        ({"labels": TOKENS[:-1]}, "unlabelled_last"),
        ({"labels": [""] + TOKENS[1:]}, "labels_differ"),
        ({"x": np.arange(1, N + 1)}, "lines_shifted"),
        ({"x": np.arange(N) - 1.0}, "lines_shifted"),
        ({"legend": None}, "legend_missing"),
        ({"legend": "reversed"}, "legend_missing"),
    ],
)
def test_each_line_mistake_is_named(options, key):
    got = line_check(lines(**options))
    assert got is not None and got.key == key, got


def test_values_in_line_findings():
    shifted = line_check(lines(x=np.arange(1, N + 1)))
    assert shifted.values == {"steps": 1.0, "direction": "to the right", "token": "[CLS]", "position": 0.0, "x": 1.0}
    assert line_check(lines(data=M[:, ::-1])).values == {"k": 0}
    assert line_check(lines(data=M[:, :3])).values == {"got": 3, "expected": 5}


def test_a_missing_legend_entry_is_seen():
    fig, ax = plt.subplots()
    drawn = ax.plot(M)
    ax.set_xticks(range(N), TOKENS)
    ax.legend(drawn[:4], TOKENS[:4])
    assert line_check(describe_figure(fig)).key == "legend_missing"


# -- 3D scatter ------------------------------------------------------------------------------------
def scatter(xs, ys, zs, projection="3d"):
    fig = plt.figure()
    ax = fig.add_subplot(projection=projection)
    if projection == "3d":
        ax.scatter(xs, ys, zs)
    else:
        ax.scatter(xs, ys)
    return figures.scatter_check()({"figure": describe_figure(fig), "expected": {"matrix": M}})


I, J = np.meshgrid(np.arange(N), np.arange(N), indexing="ij")


def test_scatter():
    assert scatter(J.ravel(), I.ravel(), M.ravel()) is None
    assert scatter(J.ravel(), I.ravel(), M.ravel(), projection=None).key == "not_3d"
    times = scatter(J.ravel(), I.ravel(), M.ravel() * 10)
    assert times.key == "percent" and times.values["factor"] == pytest.approx(10)
    assert scatter(J.ravel() + 1, I.ravel() + 1, M.ravel()).key == "one_based"
    assert scatter([0, *J.ravel()], [0, *I.ravel()], [0, *M.ravel()]).key == "origin_point"
    assert scatter(J.ravel()[:-1], I.ravel()[:-1], M.ravel()[:-1]).key == "point_count"
    assert scatter(I.ravel(), J.ravel(), M.ravel()).key == "points_differ"  # x and y swapped
    assert scatter(J.ravel() + 0.5, I.ravel(), M.ravel()).key == "points_differ"
    assert scatter(J.ravel() - 1, I.ravel(), M.ravel()).key == "points_differ"
    doubled = np.r_[J.ravel()[:-1], 0]
    assert scatter(doubled, I.ravel(), M[I.ravel(), doubled]).key == "points_differ"  # one cell twice
    fig = plt.figure()
    fig.add_subplot(projection="3d")
    assert figures.scatter_check()({"figure": describe_figure(fig), "expected": {"matrix": M}}).key == "no_scatter"


# -- glyphs ------------------------------------------------------------------------------------------
def test_glyph_finding():
    glyphs = [
        "Glyph 20170 (\\N{CJK UNIFIED IDEOGRAPH-4ECA}) missing from font(s) DejaVu Sans.",
        "Glyph 26085 (x) missing from font(s) DejaVu Sans.",
    ]
    assert figures.glyph_finding([], {"ms gothic"}) is None
    assert figures.glyph_finding(glyphs, {"ms gothic", "dejavu sans"}) == figures.Finding("ms_gothic", {"count": 2})
    missing = figures.glyph_finding(glyphs, {"dejavu sans"})
    assert missing.key == "missing_glyph" and missing.values == {"count": 2, "chars": "今 日"}


def test_masked_future_cells_of_a_causal_matrix_pass_but_masked_weights_fail():
    causal = np.tril(M)
    causal = causal / causal.sum(1, keepdims=True)
    expected = {"matrix": causal, "tokens": TOKENS}
    for mask, passes in ((np.triu(np.ones((N, N), bool), 1), True), (np.eye(N, dtype=bool), False)):
        fig, ax = plt.subplots(figsize=(4, 4), dpi=100)
        ax.imshow(np.ma.masked_where(mask, causal), cmap="YlGnBu")
        ax.set_xticks(range(N), TOKENS)
        ax.set_yticks(range(N), TOKENS)
        got = figures.heatmap_check()({"figure": describe_figure(fig), "expected": expected})
        assert (got is None) == passes, got

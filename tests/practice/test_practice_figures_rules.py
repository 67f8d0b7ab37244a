"""The figure stages' rules (attn_teach.practice.figures) on hand-made descriptions: each boundary, each value.

Fast (no drawing): a description is what :func:`attn_teach.practice.readback.describe_figure`
returns, written here by hand, so that each test moves one number across one of
the rules' limits (a tick a quarter of a cell off its centre, a colour limit a few
colormap steps inside the data, a text 0.35 of a cell off) and says on which side
it must land. ``test_practice_figures.py`` draws real figures for the same rules.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from practice_described import TOKENS, M, N, centres, heat, line_desc, points, texts, ticks

from attn_teach.practice import figures

STEP = (M.max() - M.min()) / 256 * 3.5  # the rules' tolerance on a colour read back: a few colormap steps


@pytest.fixture(autouse=True)
def _findings_can_be_said(monkeypatch):
    """Every finding made here must fill its hint's text: a value missing or misnamed fails the test."""
    from attn_teach.practice.hints import HINTS, Finding

    @dataclasses.dataclass(frozen=True)
    class Said(Finding):
        def __post_init__(self):
            HINTS[self.key].format(**self.values)

    monkeypatch.setattr(figures, "Finding", Said)


def judge(desc, matrix=M, tokens=TOKENS, **asks):
    return figures.heatmap_check(**asks)({"figure": desc, "expected": {"matrix": matrix, "tokens": tokens}})


def key(finding):
    return None if finding is None else finding.key


STAGE_4 = {"cmap": "YlGnBu", "colorbar": True, "rotation": 90}


def test_the_right_description_passes():
    assert judge(heat(), **STAGE_4) is None
    assert judge(heat(origin=0.5), **STAGE_4) is None  # pcolormesh and seaborn: cells centred on 0.5, 1.5, ...
    assert judge(heat(origin=3.0, step=2.0), **STAGE_4) is None  # an extent: cells 2 wide from 2


# -- tick labels at the cell centres --------------------------------------------------------------
@pytest.mark.parametrize(("origin", "step"), [(0.5, 1.0), (3.0, 2.0), (-1.0, 0.5)])
def test_labels_are_read_at_the_centres_wherever_the_cells_are(origin, step):
    got = figures.cell_labels(ticks(TOKENS, centres(origin, step)), centres(origin, step), "x")
    assert got == dict(enumerate(TOKENS))


def test_two_cells_give_the_step_and_one_cell_a_step_of_one():
    assert figures.cell_labels(ticks(["a", "b"], [3.0, 5.0]), centres(3.0, 2.0, 2), "x") == {0: "a", 1: "b"}
    assert figures.cell_labels(ticks(["a"], [0.5]), np.array([0.5]), "x") == {0: "a"}
    assert figures.cell_labels(ticks(["a"], [0.78]), np.array([0.5]), "x") == {}  # 0.28 of a cell off: not its label


def test_a_label_a_quarter_of_a_cell_off_still_names_the_cell():
    assert figures.cell_labels(ticks(["a", "b"], [0.25, 0.75]), centres(), "x") == {0: "a", 1: "b"}
    assert figures.cell_labels(ticks(["a", "b"], [-0.25, 1.25]), centres(), "x") == {0: "a", 1: "b"}


def test_a_label_between_a_quarter_and_0_3_of_a_cell_off_names_nothing():
    assert figures.cell_labels(ticks(["a", "b"], [0.28, 1.72]), centres(), "x") == {}


@pytest.mark.parametrize("off", [0.32, 0.5, 0.68])
def test_labels_on_the_cell_edges_are_not_centred(off):
    got = figures.cell_labels(ticks(["a"], [2 + off]), centres(), "y")
    assert got == figures.Finding("ticks_not_centred", {"axis": "y"})


def test_labels_outside_the_cells_are_not_read():
    got = figures.cell_labels(ticks(["before", *TOKENS, "after"], np.arange(-1, N + 1)), centres(), "x")
    assert got == dict(enumerate(TOKENS))


def test_labels_off_by_one():
    got = figures.labels_finding(dict(enumerate(TOKENS[1:-1])), TOKENS, "x")
    assert got == figures.Finding(
        "ticks_off_by_one", {"axis": "x", "first": "i", "token": "[CLS]", "special": "[CLS] [SEP]"}
    )
    plain = ["a", "b", "c"]  # no special token: the first one is named
    assert figures.labels_finding({0: "b", 1: "c"}, plain, "y").values == {
        "axis": "y",
        "first": "b",
        "token": "a",
        "special": "a",
    }
    assert figures.labels_finding({0: "b"}, ["a", "b"], "x").key == "labels_differ"  # two tokens: too few to tell
    # shifted except the last label, which is another word: not an off-by-one
    assert figures.labels_finding({0: "i", 1: "love", 2: "it", 3: "x"}, TOKENS, "x").key == "labels_differ"


def test_last_label_missing():
    got = figures.labels_finding(dict(enumerate(TOKENS[:-1])), TOKENS, "x")
    assert got == figures.Finding("unlabelled_last", {"axis": "x", "rows": 5, "got": 4, "token": "[SEP]", "last": 4})
    wrong_last = figures.labels_finding({**dict(enumerate(TOKENS[:-1])), 4: "x"}, TOKENS, "x")
    assert wrong_last.key == "labels_differ" and wrong_last.values["position"] == 4


@pytest.mark.parametrize("hidden", range(N))
def test_every_position_is_checked_the_first_too(hidden):
    got = dict(enumerate(TOKENS))
    del got[hidden]
    finding = figures.labels_finding(got, TOKENS, "x")
    if hidden == N - 1:
        assert finding.key == "unlabelled_last"
    else:
        assert finding.values == {"axis": "x", "position": hidden, "got": "", "expected": TOKENS[hidden]}


@pytest.mark.parametrize("axis", ["x", "y"])
def test_both_axes_are_read(axis):
    desc = heat()
    desc[f"{axis}ticks"] = ticks(["", *TOKENS[1:]], centres(), 90.0 if axis == "x" else 0.0)  # [CLS] hidden
    assert judge(desc).values == {"axis": axis, "position": 0, "got": "", "expected": "[CLS]"}
    desc[f"{axis}ticks"] = ticks(TOKENS, centres() + 0.5, 90.0 if axis == "x" else 0.0)
    assert judge(desc) == figures.Finding("ticks_not_centred", {"axis": axis})


# -- the colours --------------------------------------------------------------------------------------
def test_no_heatmap():
    assert judge(heat(heatmap=None)) == figures.Finding("no_image")


def test_data_of_another_shape():
    wide = M[:, :3]
    assert figures.image_finding(heat(wide.T)["heatmap"], wide) == figures.Finding("transposed")
    got = figures.image_finding(heat(M[:4, :4])["heatmap"], wide)
    assert got == figures.Finding("image_differs", {"row": 0, "column": 0, "got": M[0, 0], "expected": M[0, 0]})
    other = figures.image_finding(heat(2 * M[:3, :3])["heatmap"], wide)
    assert other.values == {"row": 0, "column": 0, "got": 2 * M[0, 0], "expected": M[0, 0]}


def test_data_a_little_off_is_named_at_its_cell():
    data = M.copy()
    data[3, 1] += 1e-3
    data[0, 2] += 5e-4
    got = figures.image_finding(heat(data=data)["heatmap"], M)
    assert got == figures.Finding("image_differs", {"row": 3, "column": 1, "got": data[3, 1], "expected": M[3, 1]})
    data = M.copy()
    data[3, 1] += 5e-7  # float32 data: still the matrix
    assert figures.image_finding(heat(data=data)["heatmap"], M) is None


def test_transposed_data():
    assert figures.image_finding(heat(data=M.T)["heatmap"], M) == figures.Finding("transposed")


@pytest.mark.parametrize(
    ("off", "passes"), [(0.9, True), (-0.9, True), (0.998, True), (1.1, False), (-1.1, False), (1.002, False)]
)
def test_colours_read_back_within_a_few_colormap_steps(off, passes):
    values = M.copy()
    values[2, 3] += off * STEP
    got = judge(heat(values=values))
    if passes:
        assert got is None
    else:
        assert got.values == {"row": 2, "column": 3, "got": values[2, 3], "expected": M[2, 3]}


@pytest.mark.parametrize(
    ("limits", "clipped"),
    [
        ({"vmax": M.max() - 0.9 * STEP}, False),
        ({"vmax": M.max() - 1.1 * STEP}, True),
        ({"vmin": M.min() + 0.9 * STEP}, False),
        ({"vmin": M.min() + 1.1 * STEP}, True),
        ({"vmin": 0.0, "vmax": 1.0}, False),  # limits wider than the data: fine
    ],
)
def test_colour_limits_that_clip(limits, clipped):
    desc = heat(**limits)
    got = judge(desc)
    if clipped:
        heat_ = desc["heatmap"]
        expected = {"vmin": heat_["vmin"], "vmax": heat_["vmax"], "low": M.min(), "high": M.max()}
        assert got == figures.Finding("clipped_colours", expected)
    else:
        assert got is None


def test_colormap_only_where_the_task_names_it():
    desc = heat(cmap="viridis")
    assert judge(desc, cmap="YlGnBu") == figures.Finding("wrong_cmap", {"got": "viridis", "expected": "YlGnBu"})
    assert judge(desc) is None
    assert judge(heat(cmap="viridis", vmax=0.1), cmap="YlGnBu").key == "wrong_cmap"  # the colormap is said first


@pytest.mark.parametrize(
    ("share", "spread", "interpolation", "blended"),
    [
        (8, 0.31, "antialiased", True),  # 8 of 25 cells (32 %) hold several colours
        (7, 0.31, "antialiased", False),  # 28 %
        (8, 0.29, "antialiased", False),  # each cell mostly one colour
        (25, 1.0, "nearest", False),
        (25, 1.0, "none", False),
        (25, 1.0, "bilinear", True),
    ],
)
def test_blended_cells(share, spread, interpolation, blended):
    spreads = np.zeros(N * N)
    spreads[:share] = spread
    got = judge(heat(spread=spreads.reshape(N, N), interpolation=interpolation))
    assert got == (figures.Finding("blended_cells", {"interpolation": interpolation}) if blended else None)


def test_unread_cells():
    values = M.copy()
    values[1, 1] = np.nan
    got = judge(heat(values=values))
    assert got.key == "image_differs" and (got.values["row"], got.values["column"]) == (1, 1)
    assert judge(heat(values=np.full_like(M, np.nan))) == figures.Finding("no_image")
    causal = np.tril(M)
    masked = np.where(causal == 0, np.nan, causal)  # the future masked: grey cells where the weight is 0
    assert judge(heat(causal, values=masked), causal) is None


# -- colour bar, rotation ----------------------------------------------------------------------------
def test_colour_bar():
    assert judge(heat(colorbar={"count": 0, "linked": False}), colorbar=True) == figures.Finding("no_colorbar")
    assert judge(heat(colorbar=None), colorbar=True) == figures.Finding("no_colorbar")
    assert judge(heat(colorbar={"count": 2, "linked": False}), colorbar=True) == figures.Finding("colorbar_unlinked")
    assert judge(heat(colorbar={"count": 0, "linked": False})) is None


@pytest.mark.parametrize(("rotation", "right"), [(90, True), (270, True), (-90, True), (450, True), (89.9, False)])
def test_rotation(rotation, right):
    desc = heat()
    desc["xticks"] = ticks(TOKENS, centres(), rotation)
    got = judge(desc, rotation=90)
    assert got == (None if right else figures.Finding("label_rotation", {"got": rotation}))
    if right:
        desc["xticks"][-1]["rotation"] = 0.0  # every label is checked, the last too
        assert judge(desc, rotation=90) == figures.Finding("label_not_rotated")  # 0: "not rotated", no degrees


def test_glyphs_named_once_each_six_at_most():
    glyphs = [f"Glyph {ord(c)} ({c}) missing from font(s) DejaVu Sans." for c in "今日は良い天気今"]
    got = figures.glyph_finding(glyphs, {"dejavu sans"})
    assert got == figures.Finding("missing_glyph", {"count": 7, "chars": " ".join(sorted("今日は良い天気")[:6])})
    assert figures.glyph_finding(["Glyph x missing"], set()) == figures.Finding(
        "missing_glyph", {"count": 0, "chars": ""}
    )


# -- annotations -------------------------------------------------------------------------------------
def annotations(desc_texts, matrix=M, **heat_changes):
    return figures.annotations_finding(heat(matrix, texts=desc_texts, **heat_changes), matrix)


@pytest.mark.parametrize(("dx", "dy"), [(0.15, 0.0), (0.0, -0.15), (-0.15, 0.15)])
def test_a_number_near_its_cells_centre_counts(dx, dy):
    assert annotations(texts(dx=dx, dy=dy)) is None


@pytest.mark.parametrize(("dx", "dy"), [(0.35, 0.0), (0.0, -0.35), (0.27, 0.36)])  # the last: ha="left", va="top"
def test_a_number_inside_its_cell_but_off_its_centre_is_not_centred(dx, dy):
    assert annotations(texts(dx=dx, dy=dy)) == figures.Finding("annotations_not_centred", {"row": 0, "column": 0})


def test_numbers_in_cells_two_wide_and_in_a_single_cell():
    desc = heat(texts=[{"text": f"{M[i, j]:.2f}", "x": 3 + 2 * j, "y": 3 + 2 * i} for i in range(N) for j in range(N)])
    desc["heatmap"].update(
        x=np.tile(3 + 2.0 * np.arange(N), (N, 1)), y=np.tile(3 + 2.0 * np.arange(N)[:, None], (1, N))
    )
    assert figures.annotations_finding(desc, M) is None
    one = np.array([[1.0]])
    assert annotations([{"text": "1.00", "x": 0.15, "y": -0.15}], one) is None


def test_a_number_off_its_cell_is_missing():
    got = annotations(texts(dx=0.45))  # every number beside its centre: not centred (ha and va)
    assert got == figures.Finding("annotations_not_centred", {"row": 0, "column": 0})
    outside = texts(cells=[(i, j) for i in range(N) for j in range(N) if (i, j) != (2, 3)])
    outside.append({"text": "0.50", "x": N, "y": 2})  # beyond the last column
    outside.append({"text": "0.50", "x": 3, "y": -1})  # above the first row
    assert annotations(outside) == figures.Finding("annotations_missing", {"count": 1, "row": 2, "column": 3})


def test_numbers_at_the_corners():
    got = annotations(texts(dx=0.5, dy=0.5))
    assert got == figures.Finding("annotations_at_corners", {"row": 1, "column": 1})
    assert annotations(texts(dx=-0.4, dy=-0.6)) == figures.Finding("annotations_at_corners", {"row": 0, "column": 0})
    cells = [(i, j) for i in range(N) for j in range(N)]
    # a number on a corner, 12 of 25 cells left empty: the missing cells are named
    most = texts(cells=cells[:13]) + texts(dx=0.5, dy=0.5, cells=[(4, 4)])
    assert annotations(most) == figures.Finding("annotations_missing", {"count": 12, "row": 2, "column": 3})
    # 13 of 25 cells left empty, a corner seen: at the corners
    half = texts(cells=cells[:12]) + texts(dx=0.5, dy=0.5, cells=[(4, 4)])
    assert annotations(half) == figures.Finding("annotations_at_corners", {"row": 5, "column": 5})


def test_the_first_wrong_number_is_named():
    wrong = texts()
    wrong[7] = {**wrong[7], "text": "0.99"}  # (1, 2)
    wrong[21] = {**wrong[21], "text": "0.98"}  # (4, 1)
    got = annotations(wrong[::-1])
    assert got == figures.Finding(
        "annotations_wrong", {"row": 1, "column": 2, "got": "0.99", "expected": f"{M[1, 2]:.2f}"}
    )
    padded = [{**t, "text": f" {t['text']} "} for t in texts()]
    assert annotations(padded) is None


# -- line plots ------------------------------------------------------------------------------------
def lines(desc, matrix=M, tokens=TOKENS):
    return figures.lines_check()({"figure": desc, "expected": {"matrix": matrix, "tokens": tokens}})


def test_right_lines_pass():
    assert lines(line_desc()) is None
    desc = line_desc(x=np.arange(N) * 2.0 + 1, positions=np.arange(N) * 2.0 + 1)
    desc["xticks"] = desc["xticks"][::-1]  # the labels in any order: read by position
    assert lines(desc) is None
    desc["xticks"].append({"position": 20.0, "text": "extra", "rotation": 0.0})  # a label after the last query
    assert lines(desc) is None


def test_lines_per_query_only_where_rows_and_columns_differ():
    rows = line_desc()
    for k, line in enumerate(rows["lines"]):
        line["y"] = M[k]
    assert lines(rows) == figures.Finding("lines_per_query")
    sym = (M + M.T) / 2
    same = line_desc(sym)
    for k, line in enumerate(same["lines"]):
        line["y"] = sym[k]  # rows of a symmetric matrix are its columns: right
    assert lines(same, sym) is None


def test_a_line_a_little_off_is_named():
    desc = line_desc()
    desc["lines"][3]["y"] = M[:, 3].astype(np.float16).astype(np.float64)  # float16
    assert lines(desc) == figures.Finding("lines_differ", {"k": 3})
    desc["lines"][3]["y"] = M[:, 3] + 5e-7  # float32 noise
    assert lines(desc) is None
    desc["lines"][3]["y"] = M[:4, 3]
    assert lines(desc) == figures.Finding("lines_differ", {"k": 3})


def test_line_count():
    desc = line_desc()
    desc["lines"] = desc["lines"][:4]
    assert lines(desc) == figures.Finding("line_count", {"got": 4, "expected": 5})


def test_lines_shifted_say_where():
    desc = line_desc(x=np.r_[0.0, 1.0, 2.0, 3.5, 4.0])
    assert lines(desc) == figures.Finding(
        "lines_shifted", {"steps": 0.5, "direction": "to the right", "token": "it", "position": 3.0, "x": 3.5}
    )
    near = line_desc(x=np.arange(N) + 5e-7)
    assert lines(near) is None


def test_labels_of_a_line_plot_position_0_included():
    assert lines(line_desc(labels=["", *TOKENS[1:]])).values == {
        "axis": "x",
        "position": 0,
        "got": "",
        "expected": "[CLS]",
    }
    assert lines(line_desc(labels=TOKENS[1:-1])).key == "ticks_off_by_one"


def test_legend():
    assert lines(line_desc(legend=False)) == figures.Finding("legend_missing")
    short = line_desc()
    short["legend"]["texts"] = short["legend"]["texts"][:4]
    assert lines(short) == figures.Finding("legend_missing")
    swapped = line_desc()
    swapped["legend"]["texts"][1], swapped["legend"]["texts"][2] = (
        swapped["legend"]["texts"][2],
        swapped["legend"]["texts"][1],
    )
    assert lines(swapped) == figures.Finding(
        "legend_order", {"k": 1, "got": swapped["legend"]["texts"][1], "expected": TOKENS[1]}
    )
    colours = line_desc()
    colours["legend"]["handles"] = colours["legend"]["handles"][::-1]
    assert lines(colours) == figures.Finding("legend_missing")
    no_colour = line_desc()
    no_colour["legend"]["handles"] = [{"color": None}] * N  # handles whose colour cannot be read: the texts decide
    assert lines(no_colour) is None
    fewer = line_desc()
    fewer["legend"]["handles"] = fewer["legend"]["handles"][:2]
    assert lines(fewer) is None


# -- 3D scatter --------------------------------------------------------------------------------------
I, J = np.meshgrid(np.arange(N), np.arange(N), indexing="ij")


def scatter(xs, ys, zs, axes=1, collections=1):
    desc = points(xs, ys, zs, axes, collections)
    return figures.scatter_check()({"figure": desc, "expected": {"matrix": M}})


def test_scatter_rules():
    x, y, z = J.ravel(), I.ravel(), M.ravel()
    assert scatter(x, y, z) is None
    assert scatter(x, y, z + 5e-7) is None
    assert scatter(x, y, z, axes=0) == figures.Finding("not_3d")
    assert scatter([], [], [], collections=0) == figures.Finding("no_scatter")
    assert scatter([0, *x], [0, *y], [0, *z]) == figures.Finding("origin_point", {"got": 26, "expected": 25})
    assert scatter([1, *x], [0, *y], [0, *z]) == figures.Finding("point_count", {"got": 26, "expected": 25})
    assert scatter(x[:-1], y[:-1], z[:-1]) == figures.Finding("point_count", {"got": 24, "expected": 25})


def test_one_based_points():
    x, y, z = J.ravel(), I.ravel(), M.ravel()
    assert scatter(x + 1, y + 1, z) == figures.Finding("one_based")
    assert scatter(x + 1, y, z) == figures.Finding("points_differ")
    assert scatter(x, y + 1, z) == figures.Finding("points_differ")


def test_points_off_the_grid():
    x, y, z = J.ravel(), I.ravel(), M.ravel()
    for xs, ys in ((x + 0.5, y), (x, y - 1), (x, y + 1e-3), (x - 1e-3, y)):
        assert scatter(xs, ys, z) == figures.Finding("points_differ")


def test_every_cell_once():
    x, y, z = J.ravel().copy(), I.ravel().copy(), M.ravel().copy()
    x[-1], y[-1] = 0, 0  # one cell twice, another never
    z[-1] = M[0, 0]
    assert scatter(x, y, z) == figures.Finding("points_differ")


def test_heights_scaled():
    x, y, z = J.ravel(), I.ravel(), M.ravel()
    for factor in (100, 1.01, 0.5, -1):
        got = scatter(x, y, z * factor)
        assert got.key == "percent" and got.values["factor"] == pytest.approx(factor)
    assert scatter(x, y, z * 1.0005) == figures.Finding("points_differ")  # too close to 1 to be a factor
    noisy = z * 100
    noisy[4] += 0.05
    assert scatter(x, y, noisy) == figures.Finding("points_differ")
    assert scatter(x, y, np.zeros_like(z)) == figures.Finding("points_differ")  # not "the weights times 0"


def test_heights_scaled_within_a_tolerance_that_scales_with_the_factor():
    x, y, z = J.ravel(), I.ravel(), M.ravel()
    noisy = z * 100
    noisy[4] += 5e-3  # percentages rounded to 2 decimals: within 1e-4 of the factor
    got = scatter(x, y, noisy)
    assert got.key == "percent" and got.values["factor"] == pytest.approx(100, rel=1e-3)


def test_a_weight_of_exactly_1e_3_counts_towards_the_factor_like_the_others():
    m = M.copy()
    m[0, 0] = 1e-3
    desc = points(J.ravel(), I.ravel(), m.ravel() * 10)
    got = figures.scatter_check()({"figure": desc, "expected": {"matrix": m}})
    assert got.key == "percent" and got.values["factor"] == pytest.approx(10)

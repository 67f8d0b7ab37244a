"""``attn-teach plot``: one view of a text's attention, written as PNG, SVG or PDF.

Runs in-process through :func:`attn_teach.cli.main`. A refusal is exit code 2 with
one line on stderr and no file written or replaced.
"""

from __future__ import annotations

import struct
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.patches import Rectangle

from attn_teach import cli, extract, rollout
from attn_teach.view_registry import options, views

VIEWS, OPTIONS = views(), options()

EN = "I love natural language processing!"
JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"
LONG = " ".join([EN] * 72 + ["I love natural language processing"])  # 512 tokens on tiny-bert-en


def plot(capsys, *args: str) -> str:
    """Run ``attn-teach plot`` expecting success; return its stdout."""
    code = cli.main(["plot", *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    return captured.out


def refused(capsys, *args: str) -> str:
    """Run ``attn-teach plot`` expecting a refusal; return its one error line."""
    code = cli.main(["plot", *args])
    captured = capsys.readouterr()
    assert code == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("attn-teach: error: ")
    return lines[0]


def assert_png(path, fig=None):
    """A PNG file; given the figure it was saved from, with that figure's size in pixels."""
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000
    if fig is not None:
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
        assert (width, height) == tuple(round(s * fig.dpi) for s in fig.get_size_inches())


@pytest.fixture(scope="module")
def en():
    """``EN`` through tiny-bert-en: every layer, and the last layer alone."""
    return extract(EN, "tiny-bert-en"), extract(EN, "tiny-bert-en", layers=[-1])


def image(ax) -> np.ndarray:
    return np.asarray(ax.images[0].get_array())


def cell_labels(ax) -> list[str]:
    """The cell values written on a heatmap (the artist that holds them exposes ``strings``)."""
    found = [c for c in ax.get_children() if isinstance(getattr(c, "strings", None), list)]
    return found[0].strings if found else []


def assert_draws(fig, view: str, every, last) -> None:
    """``fig`` shows what ``view`` promises for ``EN``, read back from its artists."""
    received = last.head_mean().mean(axis=0)  # (key,): attention each token receives
    ax = fig.axes[0]
    if view in ("heatmap", "annotated"):
        np.testing.assert_array_equal(image(ax), last.head_mean())
        assert len(cell_labels(ax)) == (81 if view == "annotated" else 0)
    elif view == "line":
        assert len(ax.lines) == 1 and not [p for p in ax.patches if isinstance(p, Rectangle)]
        np.testing.assert_allclose(ax.lines[0].get_ydata(), received, rtol=1e-6)
    elif view == "bars":
        assert not ax.lines
        np.testing.assert_allclose([p.get_height() for p in ax.patches], received, rtol=1e-6)
    elif view == "grid":
        panels = [image(a) for a in fig.axes if a.images]
        assert len(panels) == 16  # 4 layers x 4 heads, row by row
        for i, panel in enumerate(panels):
            np.testing.assert_array_equal(panel, every.weights[i // 4, i % 4])
    elif view == "rollout":
        panels = [image(a) for a in fig.axes if a.images]
        assert len(panels) == 2
        np.testing.assert_allclose(panels[0], every.head_mean(-1), rtol=1e-6)
        np.testing.assert_allclose(panels[1], rollout(every), rtol=1e-6)
    else:  # 3d: bars of attention received, one row per layer
        assert ax.name == "3d"
        assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "1", "2", "3"]
        top = max(every.head_mean(i).mean(axis=0).max() for i in range(4))
        assert ax.get_zlim()[1] == pytest.approx(top, rel=1e-6)


def test_png_svg_pdf_by_extension(tmp_path, capsys):
    png, svg, pdf = tmp_path / "x.png", tmp_path / "x.svg", tmp_path / "x.pdf"
    for path in (png, svg, pdf):
        assert str(path) in plot(capsys, EN, "--model", "tiny-bert-en", "-o", str(path))
    assert_png(png)
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(list(root.iter())) > 100  # it holds the drawing, not just an empty frame
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and len(data) > 5_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pdf", "x.png", "x.svg"]  # nothing left behind


def test_japanese_as_svg_and_pdf(tmp_path, capsys):
    svg, pdf = tmp_path / "ja.svg", tmp_path / "ja.pdf"
    plot(capsys, JA, "--model", "tiny-gpt2-ja", "--words", "-o", str(svg))
    assert ET.parse(svg).getroot().tag.endswith("svg")
    plot(capsys, JA, "--model", "tiny-gpt2-ja", "--view", "grid", "-o", str(pdf))
    assert b"IPAexGothic" in pdf.read_bytes()  # the Japanese font is embedded


@pytest.mark.parametrize("view", [v.name for v in VIEWS.values() if v.output == "figure"])
def test_every_view_writes_a_png(tmp_path, capsys, drawn, en, view):
    out = tmp_path / f"{view}.png"
    said = plot(capsys, EN, "--view", view, "-o", str(out))
    assert said.startswith(f"{out}: {view} of Attention(model='tiny-bert-en'")
    [fig] = drawn
    assert_png(out, fig)
    assert_draws(fig, view, *en)


def test_layer_head_words_and_no_special(tmp_path, capsys, drawn, en):
    every, _ = en
    said = plot(capsys, EN, "--layer", "1", "--head", "2", "-o", str(tmp_path / "a.png"))
    assert "layers=1, heads=4, tokens=9" in said
    np.testing.assert_array_equal(image(drawn[-1].axes[0]), every.weights[1, 2])
    said = plot(capsys, EN, "--words", "-o", str(tmp_path / "b.png"))
    assert "tokens=8: [CLS] i love natural language processing ! [SEP]" in said
    np.testing.assert_allclose(image(drawn[-1].axes[0]), every.words().head_mean(), rtol=1e-6)
    said = plot(capsys, EN, "--words", "--no-special", "--view", "bars", "-o", str(tmp_path / "c.png"))
    assert "tokens=6: i love natural language processing !" in said
    heights = [p.get_height() for p in drawn[-1].axes[0].patches]
    np.testing.assert_allclose(heights, every.words().without_special().head_mean().mean(axis=0), rtol=1e-5)
    assert [t.get_text() for t in drawn[-1].axes[0].get_xticklabels()] == "i love natural language processing !".split()


def test_overwrite_needs_force(tmp_path, capsys):
    out = tmp_path / "x.png"
    out.write_bytes(b"keep me")
    assert "already exists" in refused(capsys, EN, "-o", str(out))
    assert out.read_bytes() == b"keep me"
    plot(capsys, EN, "-o", str(out), "--force")
    assert_png(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--layer", "4"], "layer 4 is out of range"),
        (["--layer", "-5"], "layer -5 is out of range"),
        (["--head", "4"], "head 4 is out of range"),
        (["--view", "bars", "--head", "-5"], "head -5 is out of range"),
        (["--view", "grid", "--layer", "0"], "draws every layer"),
        (["--view", "grid", "--head", "0"], "drop --head"),
        (["--view", "rollout", "--words"], "drop --words"),
        (["--view", "rollout", "--no-special"], "drop --no-special"),
        (["--view", "rollout", "--words", "--no-special"], "drop --words and --no-special"),
    ],
)
def test_bad_options_exit_2(tmp_path, capsys, args, message):
    out = tmp_path / "x.png"
    assert message in refused(capsys, EN, *args, "-o", str(out))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["x.jpg", "x", "x.npz"])
def test_unknown_extension_exit_2(tmp_path, capsys, name):
    assert ".png or .svg or .pdf" in refused(capsys, EN, "-o", str(tmp_path / name))
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_exit_2(tmp_path, capsys):
    assert "does not exist" in refused(capsys, EN, "-o", str(tmp_path / "no" / "x.png"))


def test_grid_of_512_tokens(tmp_path, capsys):
    out = tmp_path / "long.png"
    t0 = time.perf_counter()
    said = plot(capsys, LONG, "--view", "grid", "-o", str(out))
    seconds = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\nattn-teach plot --view grid, 512 tokens (extract + draw + save): {seconds:.1f} s")
    assert "tokens=512" in said
    assert_png(out)


# -- every view, every option, through the registry ---------------------------------------------
TAKEN = [(v.name, o) for v in VIEWS.values() for o in OPTIONS if o.name in v.options]
NOT_TAKEN = [(v.name, o) for v in VIEWS.values() for o in OPTIONS if o.name not in v.options]
GIVEN = {"layer": ["--layer", "1"], "head": ["--head", "2"], "words": ["--words"], "no_special": ["--no-special"]}


@pytest.fixture
def calls(monkeypatch):
    """Each view's function, recording what the command line passes it (figure views draw an empty figure)."""
    import importlib

    from matplotlib.figure import Figure

    made = []
    for view in VIEWS.values():
        module, _, name = view.function.partition(":")
        module = importlib.import_module(module)
        real = getattr(module, name)

        def record(attention, *args, _real=real, _html=view.output == "html", **kwargs):
            made.append((attention, args, kwargs))
            return _real(attention, *args, **kwargs) if _html else Figure()

        monkeypatch.setattr(module, name, record)
    return made


def suffix(view: str) -> str:
    return ".html" if VIEWS[view].output == "html" else ".png"


@pytest.mark.parametrize(("view", "option"), TAKEN, ids=[f"{v}-{o.name}" for v, o in TAKEN])
def test_every_view_gets_each_option_it_takes(tmp_path, capsys, calls, en, view, option):
    """The option reaches the view, and not as another option (--words and --no-special swapped, say)."""
    every, _ = en
    plot(capsys, EN, "--view", view, *GIVEN[option.name], "-o", str(tmp_path / f"x{suffix(view)}"))
    [(attention, args, kwargs)] = calls
    html = VIEWS[view].output == "html"
    if option.name == "layer":
        assert attention.layers == (1,)
    elif option.name == "head":
        assert kwargs["head"] == 2
    elif html:  # the page gets every token and switches the merge or the hiding on itself
        assert attention.tokens == every.tokens
        assert (kwargs["words"], kwargs["hide_special"]) == ((True, False) if option.name == "words" else (False, True))
    elif option.name == "words":
        assert attention.tokens == every.words().tokens
    else:
        assert attention.tokens == every.without_special().tokens


@pytest.mark.parametrize(("view", "option"), NOT_TAKEN, ids=[f"{v}-{o.name}" for v, o in NOT_TAKEN])
def test_every_view_refuses_the_options_it_does_not_take(tmp_path, capsys, calls, view, option):
    line = refused(capsys, EN, "--view", view, *GIVEN[option.name], "-o", str(tmp_path / f"x{suffix(view)}"))
    assert line.endswith(f"; drop {option.flag}") and VIEWS[view].limits in line
    assert calls == [] and list(tmp_path.iterdir()) == []


def test_the_help_and_the_docs_list_every_view_from_the_registry(capsys):
    import attn_teach.view_registry as registry

    with pytest.raises(SystemExit):
        cli.main(["plot", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for view in VIEWS.values():
        assert f"{view.name}: {view.description}" in shown
        assert f"* - ``{view.name}``" in registry.__doc__  # the table on the API page
        assert callable(view.load())
    for option in OPTIONS:
        assert option.flag in shown

"""``attn-teach plot``: one view of a text's attention, written as PNG, SVG or PDF.

Runs in-process through :func:`attn_teach.cli.main`. A refusal is exit code 2 with
one line on stderr and no file written or replaced.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest

from attn_teach import cli

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


def assert_png(path):
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000


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


@pytest.mark.parametrize("view", cli.PLOT_VIEWS)
def test_every_view_writes_a_png(tmp_path, capsys, view):
    out = tmp_path / f"{view}.png"
    said = plot(capsys, EN, "--view", view, "-o", str(out))
    assert said.startswith(f"{out}: {view} of Attention(model='tiny-bert-en'")
    assert_png(out)


def test_layer_head_words_and_no_special(tmp_path, capsys):
    said = plot(capsys, EN, "--layer", "1", "--head", "2", "-o", str(tmp_path / "a.png"))
    assert "layers=1, heads=4, tokens=9" in said
    said = plot(capsys, EN, "--words", "-o", str(tmp_path / "b.png"))
    assert "tokens=8: [CLS] i love natural language processing ! [SEP]" in said
    said = plot(capsys, EN, "--words", "--no-special", "--view", "bars", "-o", str(tmp_path / "c.png"))
    assert "tokens=6: i love natural language processing !" in said


def test_overwrite_needs_force(tmp_path, capsys):
    out = tmp_path / "x.png"
    out.write_bytes(b"keep me")
    assert "already exists" in refused(capsys, EN, "-o", str(out))
    assert out.read_bytes() == b"keep me"
    plot(capsys, EN, "-o", str(out), "--force")
    assert_png(out)


@pytest.mark.parametrize(("args", "message"), [
    (["--layer", "4"], "layer 4 is out of range"),
    (["--layer", "-5"], "layer -5 is out of range"),
    (["--head", "4"], "head 4 is out of range"),
    (["--view", "bars", "--head", "-5"], "head -5 is out of range"),
    (["--view", "grid", "--layer", "0"], "draws every layer"),
    (["--view", "grid", "--head", "0"], "drop --head"),
    (["--view", "rollout", "--words"], "drop --words"),
])
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

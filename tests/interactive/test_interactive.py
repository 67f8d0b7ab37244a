"""The interactive view's data and file, without a browser: the numbers it embeds, its size
budget, no external URL, atomic saving, the CLI and the notebook hook (attn_teach/interactive/)."""

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from interactive_pages import TEXT, TEXT_JA

from attn_teach import Attention, AttnTeachError, extract, interactive, rollout
from attn_teach.cli import main
from attn_teach.interactive.encoder import decode, text
from attn_teach.interactive.format import PAGE_BYTES, pack
from attn_teach.interactive.page import ASSETS


def softmax_attention(layers, heads, n, *, causal=False, seed=0, special=(0, -1)):
    """Real softmax rows of random scores, shaped like a model's output."""
    scores = np.random.default_rng(seed).normal(scale=3.0, size=(layers, heads, n, n))
    if causal:
        scores = np.where(np.triu(np.ones((n, n), bool), 1), -np.inf, scores)
    w = np.exp(scores - scores.max(-1, keepdims=True))
    mask = np.zeros(n, bool)
    mask[list(special)] = True
    return Attention("t", "random", [f"t{i}" for i in range(n)], mask, (w / w.sum(-1, keepdims=True)), causal=causal)


def shown(data, entry, n, causal=False):
    """The strings the page prints for ``entry`` (a dash where masked), through the page's arithmetic."""
    thousandths, _ = decode(data["blobs"][entry["b"]], entry, n, causal)
    return np.array([["\u2014" if t < 0 else text(int(t)) for t in row] for row in thousandths])


def printed(matrix):
    """What Python prints for each value at 3 decimals: the reference every page digit must equal."""
    return np.array([[f"{float(v):.3f}" for v in row] for row in np.asarray(matrix)])


def colours_of(matrix):
    """matplotlib's own colours for ``matrix`` on the scale 0..max (as the static heatmap draws it)."""
    import matplotlib as mpl

    from attn_teach.views.style import CMAP

    norm = mpl.colors.Normalize(0, float(np.max(matrix)))
    return mpl.colormaps[CMAP](norm(np.asarray(matrix, dtype=np.float64)), bytes=True)[..., :3]


def test_embedded_matrices_are_the_library_reductions(bert_attention):
    data = interactive(bert_attention, fallback=False).data
    n_layers = bert_attention.n_layers
    assert data["layers"] == list(range(n_layers))
    sources = {
        "tokens": bert_attention,
        "nospecial": bert_attention.without_special(),
        "words": bert_attention.words(),
        "words_nospecial": bert_attention.words().without_special(),
    }
    assert set(data["variants"]) == set(sources)
    for key, att in sources.items():
        v = data["variants"][key]
        n = len(att.tokens)
        assert v["tokens"] == att.tokens and v["heads"]
        for layer in range(n_layers):
            stored = v["layers"][str(layer)]
            np.testing.assert_array_equal(shown(data, stored["mean"], n), printed(att.head_mean(layer)))
            for h in range(att.n_heads):
                np.testing.assert_array_equal(shown(data, stored["heads"][h], n), printed(att.weights[layer, h]))
    flow = rollout(bert_attention)  # float64
    np.testing.assert_array_equal(shown(data, data["rollout"], len(bert_attention.tokens)), printed(flow))


def test_causal_model_stores_the_lower_triangle(gpt_attention):
    data = interactive(gpt_attention, fallback=False).data
    n = len(gpt_attention.tokens)
    assert data["causal"] and "▁" in data["variants"]["tokens"]["tokens"]
    last = str(gpt_attention.n_layers - 1)
    entries = [data["variants"]["tokens"]["layers"][last]["mean"], data["rollout"]]
    for entry in entries:
        got = shown(data, entry, n, causal=True)
        assert (got[np.triu_indices(n, 1)] == "\u2014").all() and "\u2014" not in got[np.tril_indices(n)]
    layer = data["variants"]["tokens"]["layers"][last]
    offsets = [layer["mean"]["o"]] + [h["o"] for h in layer["heads"]]
    assert np.diff(offsets).tolist() == [n * (n + 1) // 2] * gpt_attention.n_heads  # n(n+1)/2 cells each


def test_budget_leaves_out_first_layers_and_says_how_to_choose():
    a = softmax_attention(6, 4, 60)
    full = pack(a)
    budget = PAGE_BYTES + sum(map(len, full["blobs"])) // 3
    data = pack(a, max_bytes=budget)
    assert PAGE_BYTES + sum(map(len, data["blobs"])) <= budget
    page = interactive(a, max_bytes=budget).to_html()
    assert len(page.encode()) <= budget  # the whole file, fallback picture and script included
    assert 1 <= len(data["layers"]) < 6 and data["layers"][-1] == 5  # the last layers are kept
    assert any("--layer" in note and "layers 0" in note for note in data["omitted"])
    assert not data["variants"]["nospecial"]["heads"]  # switched views fall back to the mean of heads
    assert any("mean of heads" in note for note in data["omitted"])
    full = pack(a)
    assert full["omitted"] == [] and len(full["layers"]) == 6 and full["variants"]["nospecial"]["heads"]
    chosen = pack(a, layers=[2])
    assert chosen["layers"] == [2] and chosen["rollout"] is not None  # rollout uses every layer held


def test_rollout_needs_every_layer(bert_attention):
    last = extract(TEXT, "tiny-bert-en", layers=[-1])
    data = pack(last)
    assert data["rollout"] is None and any("rollout needs every layer" in note for note in data["omitted"])


EXTERNAL = [
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",  # script, style, font or image from a host
    r"@import",
    r"""url\(\s*["']?\s*(?:https?:)?//""",
]


def external_urls(page: str) -> list[str]:
    return [m.group(0) for pattern in EXTERNAL for m in re.finditer(pattern, page, re.IGNORECASE)]


def test_no_external_url_in_the_page(gpt_attention):
    page = interactive(gpt_attention).to_html()
    assert external_urls(page) == []
    for bad in (
        '<script src="https://cdn.example/d3.js">',
        "<link href='//fonts.example/x.css'>",
        "@import 'x.css';",
        "src: url(http://f.example/a.woff2)",
    ):
        assert external_urls(page + bad), bad  # the check sees each kind of external reference
    assert "<script src" not in page and "<link" not in page


def test_page_data_cannot_end_its_script_tag():
    a = Attention(
        "</script><b>",
        "m",
        ["</script>", "<b>"],
        np.array([False, False]),
        np.full((1, 1, 2, 2), 0.5, dtype=np.float32),
    )
    page = interactive(a, fallback=False).to_html()
    body = page.split('class="atv-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(body)["variants"]["tokens"]["tokens"] == ["</script>", "<b>"]


def test_save_is_atomic_and_refuses_to_overwrite(tmp_path, bert_attention):
    view = interactive(bert_attention, fallback=False)
    path = tmp_path / "view.html"
    view.save(path)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    path.write_text("mine")
    with pytest.raises(AttnTeachError, match="already exists"):
        view.save(path)
    assert path.read_text() == "mine"
    view.save(path, force=True)
    assert "attn-teach-view" in path.read_text(encoding="utf-8")
    with pytest.raises(AttnTeachError, match=r"\.html"):
        view.save(tmp_path / "view.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.html"]  # no temp file left


def test_notebook_hook_and_fallback_picture(bert_attention):
    page = bert_attention._repr_html_()
    assert 'class="attn-teach-view"' in page and "data:image/png;base64," in page
    assert "<!DOCTYPE" not in page  # a fragment for a cell


def test_front_end_files_are_package_data():
    import fnmatch

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    config = tomllib.loads((ASSETS.parent.parent / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "attn_teach.interactive" in config["packages"]
    patterns = config["package-data"]["attn_teach.interactive"]
    front = [p.name for p in ASSETS.iterdir() if p.suffix in (".js", ".css")]
    assert sorted(front) == ["view.css", "view.js"]
    for name in front:
        assert any(fnmatch.fnmatch(name, p) for p in patterns), f"{name} would not be installed"


def test_interactive_rejects_what_it_cannot_show(bert_attention):
    with pytest.raises(AttnTeachError, match="Attention"):
        interactive(np.zeros((1, 1, 2, 2)))
    with pytest.raises(AttnTeachError, match="layer 9 is out of range"):
        interactive(bert_attention, layer=9)
    with pytest.raises(AttnTeachError, match="nothing to show"):
        interactive(bert_attention, layers=[])


def test_cli_writes_the_interactive_view(tmp_path, capsys):
    out = tmp_path / "view.html"
    assert main(["plot", TEXT_JA, "--model", "tiny-gpt2-ja", "--view", "interactive", "-o", str(out)]) == 0
    data_text = out.read_text(encoding="utf-8")
    assert "カレー" in data_text and external_urls(data_text) == []
    assert main(["plot", TEXT, "--view", "interactive", "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["plot", TEXT, "--view", "interactive", "-o", str(tmp_path / "v.png")]) == 2
    assert "must end in .html" in capsys.readouterr().err
    assert not (tmp_path / "v.png").exists()


# -- the page's words come from the gettext catalogue, not from view.js ---------------------------------------

_TOKENS = re.compile(r"""/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`""", re.S)
_TEXT_CALLS = {"el": 2, "check": 1, "labelled": 0, "createTextNode": 0}  # function: index of its text argument
_TEXT_PROPERTIES = r"textContent|innerText|innerHTML|outerHTML|title|placeholder|alt|value"
_TEXT_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


def _expression(js: str, start: int, spans: dict[int, int], *, stop_at_comma: bool) -> tuple[str, int]:
    """The JavaScript expression beginning at ``start``, up to ``;`` or the bracket that closes around it."""
    depth, i = 0, start
    while i < len(js):
        if i in spans:
            i = spans[i]
            continue
        c = js[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (c == ";" or (c == "," and stop_at_comma)):
            break
        i += 1
    return js[start:i], i


def english_in_view_js(js: str) -> list[str]:
    """String literals in ``js`` that reach the screen with words in them (the page's text must come from data.ui).

    Text reaches the screen through ``el(tag, cls, text)``, ``check(cls, text)``, ``labelled(text, ...)``,
    ``createTextNode``, assignments to ``textContent``/``title``/``innerHTML``/..., and
    ``setAttribute("aria-label"|"title"|..., text)``; markup in ``innerHTML`` is stripped before looking.
    """
    spans, literals = {}, {}
    for m in _TOKENS.finditer(js):
        spans[m.start()] = m.end()
        if not m.group().startswith("/"):
            literals[m.start()] = m.group()[1:-1]
    found = []

    def words_in(expression_start: int, expression: str, markup: bool) -> None:
        parts = [text for pos, text in literals.items() if expression_start <= pos < expression_start + len(expression)]
        shown = "#".join(parts)
        if markup:
            shown = re.sub(r"<[^<>]*>?|^[^<>]*>", " ", shown)  # tags, also split across literals
            shown = re.sub(r'[\w-]+="[^"]*"?', " ", shown)
        if re.search(r"[A-Za-z]{2,}", shown):
            found.append(expression.strip())

    def in_literal(pos: int) -> bool:
        return any(s <= pos < spans[s] for s in spans)

    for name, index in _TEXT_CALLS.items():
        for m in re.finditer(rf"\b{name}\(", js):
            if in_literal(m.start()) or re.search(rf"function\s+{name}\($", js[max(0, m.start() - 9) : m.end()]):
                continue
            i = m.end()
            for _ in range(index):
                _, i = _expression(js, i, spans, stop_at_comma=True)
                if i >= len(js) or js[i] != ",":
                    break
                i += 1
            else:
                expression, _ = _expression(js, i, spans, stop_at_comma=True)
                words_in(i, expression, markup=False)
    for m in re.finditer(rf"\.(?:{_TEXT_PROPERTIES})\s*\+?=(?!=)", js):
        if in_literal(m.start()):
            continue
        expression, _ = _expression(js, m.end(), spans, stop_at_comma=False)
        words_in(m.end(), expression, markup="HTML" in m.group())
    for m in re.finditer(r"""setAttribute\(\s*["']([\w-]+)["']\s*,""", js):
        if m.group(1) in _TEXT_ATTRIBUTES:
            expression, _ = _expression(js, m.end(), spans, stop_at_comma=True)
            words_in(m.end(), expression, markup=False)
    return found


def test_view_js_shows_no_english_of_its_own():
    assert english_in_view_js((ASSETS / "view.js").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "planted",
    [
        'note.textContent = "Left out: " + x;',
        "bar.title = 'rollout needs every layer';",
        'readout.appendChild(el("span", "atv-rv", v === null ? "masked" : fmt(v)));',
        'var c = check("atv-x", "hide special tokens");',
        'labelled("layer", el("select", "atv-layer"));',
        'readout.appendChild(document.createTextNode(": where it looks"));',
        'svg.setAttribute("aria-label", "token lines");',
        'svg.innerHTML = "<text x=\\"1\\">" + k + " key</text>";',
        "title.textContent = `layer ${state.layer}`;",
    ],
)
def test_the_english_scan_catches_a_planted_string(planted):
    js = (ASSETS / "view.js").read_text(encoding="utf-8")
    at = js.index("    this.point = point;")
    assert english_in_view_js(js[:at] + "    " + planted + "\n" + js[at:]) != []


def test_page_text_is_translated_and_english_stays(bert_attention, gpt_attention):
    from attn_teach.i18n import use_language

    english = interactive(gpt_attention, fallback=False, language="en")
    assert english.data["ui"]["hideSpecial"] == "hide special tokens"
    assert english.data["ui"]["query"] == "query {q} \u201c{token}\u201d"
    assert english.data["variants"]["tokens"]["label"] == "all tokens"
    assert english.to_html().startswith('<!DOCTYPE html>\n<html lang="en">')
    with use_language("ja"):
        japanese = interactive(gpt_attention, max_bytes=1, fallback=False)  # layers left out
        notebook = bert_attention._repr_html_()
    ui = japanese.data["ui"]
    assert ui["hideSpecial"] == "特殊トークンを除く" and ui["layer"] == "層" and ui["rollout"] == "ロールアウト"
    assert ui["query"] == "クエリ{q}「{token}」" and ui["key"] == "キー{k}「{token}」"
    assert japanese.data["variants"]["tokens"]["label"] == "すべてのトークン"
    assert any("層0" in note and "省略しました" in note for note in japanese.data["omitted"])
    assert japanese.data["variants"]["tokens"]["tokens"] == gpt_attention.tokens  # tokens are not translated
    assert japanese.to_html().startswith('<!DOCTYPE html>\n<html lang="ja">')
    assert 'lang="ja"' in notebook and "特殊トークンを除く" in notebook
    for key, english_text in english.data["ui"].items():  # every field of the English text is in the Japanese
        fields = set(re.findall(r"\{(\w+)", english_text))
        assert fields == set(re.findall(r"\{(\w+)", ui[key])), key
    with pytest.raises(AttnTeachError, match="unknown language"):
        interactive(gpt_attention, fallback=False, language="fr")


# -- a notebook's first cell: no red TqdmWarning ------------------------------------------------------------------


@pytest.mark.heavy
def test_import_shows_no_tqdm_warning_in_a_kernel_without_ipywidgets():
    """In a fresh Python that looks like a Jupyter kernel and cannot import ipywidgets, loading a model
    (which imports huggingface_hub, then tqdm.auto) prints no TqdmWarning; other warnings still show."""
    code = (
        "import sys, warnings\n"
        "sys.modules['ipywidgets'] = None  # not installed\n"
        "import ipykernel.zmqshell  # tqdm.autonotebook takes this for a notebook\n"
        "warnings.simplefilter('default')\n"
        "import attn_teach\n"
        "attn_teach.extract('hello world', 'tiny-bert-en')\n"
        "import tqdm.auto\n"
        "warnings.warn('another warning stays visible', UserWarning)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "default"},
    )
    assert done.returncode == 0, done.stderr
    assert "IProgress" not in done.stderr and "TqdmWarning" not in done.stderr, done.stderr
    assert "another warning stays visible" in done.stderr


def test_the_check_sees_the_tqdm_warning_without_the_kit():
    """The same fresh Python, importing huggingface_hub without the kit first: the warning is there."""
    code = (
        "import sys, warnings\nsys.modules['ipywidgets'] = None\nimport ipykernel.zmqshell\n"
        "warnings.simplefilter('default')\nimport tqdm.auto  # as huggingface_hub does when a model loads\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert "IProgress not found" in done.stderr, done.stderr

"""Figures follow the language: one copy of each view, its text from the ``attn_teach`` gettext domain.

* every lesson figure drawn in Japanese (``ATTN_TEACH_LANG=ja``, the variable the
  Japanese docs build sets) against its reviewed baseline in ``baseline_images/ja/``,
  under the same file name as the English one;
* the English baselines hold on a Japanese machine (``LANG=ja_JP.UTF-8``);
* the Japanese catalogue is complete, not fuzzy, keeps every placeholder, and its
  compiled ``.mo`` says what the ``.po`` says;
* no figure text in the views or lessons bypasses the catalogue.
"""

from __future__ import annotations

import ast
import gettext as std_gettext
import os
import pathlib
import string
import subprocess
import sys

import numpy as np
import pytest
from axis_gaps import assert_axis_labels_clear
from axis_names import assert_token_axes_named, exempt

from attn_teach import Attention, heatmap
from attn_teach.i18n import LOCALE_DIR, use_language
from attn_teach.lesson import figures
from attn_teach.reproduce import lesson_modules, load_lesson

ROOT = pathlib.Path(__file__).resolve().parents[2]
PO = LOCALE_DIR / "ja" / "LC_MESSAGES" / "attn_teach.po"
MO = PO.with_suffix(".mo")
FIGURE_SOURCES = sorted((ROOT / "attn_teach" / "views").glob("*.py")) + sorted((ROOT / "lessons").glob("plot_*.py"))

CASES = [(name, function.__name__) for _, name in lesson_modules() for function in figures(load_lesson(name))]


# -- the Japanese figures --------------------------------------------------------
@pytest.mark.parametrize(
    ("lesson", "function"),
    [
        pytest.param(
            lesson,
            function,
            id=f"{lesson}-{function}",
            marks=pytest.mark.mpl_image_compare(
                baseline_dir="../../baseline_images/ja", filename=f"test_lesson_figure_{lesson}-{function}.png"
            ),
        )
        for lesson, function in CASES
    ],
)
def test_lesson_figure_ja(lesson, function, monkeypatch):
    """The environment variable alone switches a figure to Japanese (no glyph may be missing)."""
    monkeypatch.setenv("ATTN_TEACH_LANG", "ja")
    fig = getattr(load_lesson(lesson), function)()
    assert_axis_labels_clear(fig)
    if not exempt(lesson, function):
        assert_token_axes_named(fig)
    return fig


def test_every_figure_has_a_japanese_baseline_and_no_other():
    names = {f"test_lesson_figure_{lesson}-{function}.png" for lesson, function in CASES}
    assert {p.name for p in (ROOT / "baseline_images" / "ja").glob("*.png")} == names


def _identity() -> Attention:
    return Attention(
        "a b", "hand-made", ["a", "b"], np.array([False, False]), np.eye(2, dtype=np.float32)[None, None]
    )  # (layer, head, query, key)


def test_language_switch_changes_text_not_tokens(monkeypatch):
    english = heatmap(_identity()).axes[0]
    with use_language("ja"):
        japanese = heatmap(_identity()).axes[0]
    assert english.get_xlabel() == "key: token attended to"
    assert japanese.get_xlabel() == "キー：注目されるトークン"
    assert japanese.get_title() == "hand-made、層0、1ヘッドの平均"
    assert [t.get_text() for t in japanese.get_xticklabels()] == ["a", "b"]  # tokens stay tokens
    monkeypatch.setenv("ATTN_TEACH_LANG", "ja")
    assert heatmap(_identity()).axes[1].get_ylabel() == "Attentionの重み"  # the colour bar


def test_tests_draw_english_on_a_japanese_machine(monkeypatch):
    """conftest pins English, above the locale variables a Japanese learner has set."""
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    monkeypatch.setenv("LANGUAGE", "ja")
    assert heatmap(_identity()).axes[0].get_xlabel() == "key: token attended to"


@pytest.mark.heavy
def test_english_baselines_hold_under_a_japanese_locale():
    """A whole pytest run started with LANG=ja_JP.UTF-8 (and no ATTN_TEACH_LANG) compares equal."""
    env = {k: v for k, v in os.environ.items() if k != "ATTN_TEACH_LANG"}
    env.update(LANG="ja_JP.UTF-8", LANGUAGE="ja", LC_ALL="")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-n0",  # one test: no worker processes (pyproject's addopts would start one per core)
            "tests/lessons/test_lessons.py",
            "-k",
            "plot_04_heatmap",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 passed" in result.stdout


# -- the catalogue -------------------------------------------------------------------
def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def read_po(path: pathlib.Path) -> list[dict]:
    """The entries of a ``.po`` file: ``msgctxt`` (or None), ``msgid``, ``msgstr`` and ``flags`` (header
    included, msgid "")."""
    entries, entry, field = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"msgctxt": None, "msgid": [], "msgstr": [], "flags": set()}
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            field = "msgctxt"
            entry["msgctxt"] = [line.partition(" ")[2]]
        elif line.startswith(("msgid ", "msgstr ")):
            field, _, rest = line.partition(" ")
            entry[field].append(rest)
        elif line.startswith('"') and field:
            entry[field].append(line)
        else:
            raise AssertionError(f"{path.name}: cannot read {raw!r}")
    return [
        {
            "msgctxt": None if e["msgctxt"] is None else _unquote(e["msgctxt"]),
            "msgid": _unquote(e["msgid"]),
            "msgstr": _unquote(e["msgstr"]),
            "flags": e["flags"],
        }
        for e in entries
        if e["msgid"] or e["msgstr"]
    ]


def placeholders(text: str) -> list[tuple]:
    return sorted(
        {(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text) if name is not None}
    )


def code_messages() -> dict[str, str]:
    """Every literal ``_("...")`` in the views and lessons, with the file it is in."""
    found = {}
    for path in FIGURE_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_gettext(node):
                found.setdefault(node.args[0].value, path.name)
    return found


def _is_gettext(node) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def test_japanese_catalogue_is_complete_and_not_fuzzy():
    entries = [e for e in read_po(PO) if e["msgid"]]
    assert len(entries) > 60
    untranslated = [e["msgid"] for e in entries if not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    assert len({(e["msgctxt"], e["msgid"]) for e in entries}) == len(entries)  # no msgid twice in one context


def test_translations_keep_every_placeholder():
    """Same names and formats; Japanese may show a token in 「{token}」 where English uses {token!r}."""
    for entry in read_po(PO):
        if entry["msgid"]:
            english, japanese = placeholders(entry["msgid"]), placeholders(entry["msgstr"])
            msgstr = entry["msgstr"]
            quoted = {name for name, _, conversion in english if conversion == "r" and f"「{{{name}}}」" in msgstr}
            english = [(n, s, None if n in quoted else c) for n, s, c in english]
            assert japanese == sorted(english), entry["msgid"]


def test_every_figure_message_is_in_the_catalogue():
    catalogue = {e["msgid"] for e in read_po(PO)}
    missing = {message: where for message, where in code_messages().items() if message not in catalogue}
    assert missing == {}


def test_compiled_catalogue_matches_its_source():
    with MO.open("rb") as stream:
        compiled = std_gettext.GNUTranslations(stream)
    for entry in read_po(PO):
        if entry["msgid"] and entry["msgctxt"] is not None:
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
        elif entry["msgid"]:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"]


# -- no figure text around the catalogue ----------------------------------------------
TEXT_METHODS = {
    "set_title",
    "set_xlabel",
    "set_ylabel",
    "set_zlabel",
    "set_label",
    "suptitle",
    "supxlabel",
    "supylabel",
    "text",
    "annotate",
    "bar_label",
    "legend",
    "colorbar",
    "set_xticks",
    "set_yticks",
    "set_xticklabels",
    "set_yticklabels",
    "axvspan",
    "bar",
    "barh",
    "plot",
    "step",
}
TEXT_KEYWORDS = {"label", "title", "labels", "s", "text"}


def _has_words(text: str) -> bool:
    """True for prose; False for a number format such as "{:.2f}" or a bare placeholder."""
    literal = "".join(part for part, *_ in string.Formatter().parse(text))
    return any(c.isalpha() for c in literal)


def bypasses(node) -> list[ast.AST]:
    """The parts of a figure-text expression that are prose written around the catalogue.

    Allowed: ``_("...")``, ``_("...").format(...)``, values passed through (names,
    attributes, subscripts: tokens, a caller's title), numbers, number formats.
    """
    if _is_gettext(node):
        return []
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        owner = node.func.value
        if _is_gettext(owner) or (isinstance(owner, ast.Constant) and not _has_words(owner.value)):
            return []
        return [node]
    if isinstance(node, ast.Constant):
        return [node] if isinstance(node.value, str) and _has_words(node.value) else []
    if isinstance(node, ast.JoinedStr):
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return [node] if any(c.isalpha() for c in literal) else []
    if isinstance(node, ast.IfExp):
        return bypasses(node.body) + bypasses(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [bad for element in node.elts for bad in bypasses(element)]
    if isinstance(node, ast.ListComp):
        return bypasses(node.elt)
    if isinstance(node, ast.BinOp):
        return bypasses(node.left) + bypasses(node.right)
    return []  # a value passed through


def _practice_references() -> set[str]:
    """The practice stages' reference solutions: plain matplotlib shown to learners as it is
    (``attn-teach practice solution N``), so their labels are the stubs' English labels."""
    from attn_teach.practice.stages import STAGES

    return {stage.reference for stage in STAGES}


def figure_text_bypassing_the_catalogue(source: str) -> list[tuple[int, str]]:
    found = []
    tree = ast.parse(source)
    shown = {
        id(n)
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef) and f.name in _practice_references()
        for n in ast.walk(f)
    }
    for node in ast.walk(tree):
        if id(node) in shown:
            continue
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in TEXT_METHODS):
            continue
        arguments = list(node.args) if node.func.attr not in ("plot", "bar", "barh", "step", "axvspan") else []
        arguments += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        found += [(bad.lineno, ast.unparse(bad)) for argument in arguments for bad in bypasses(argument)]
    return found


@pytest.mark.parametrize("path", FIGURE_SOURCES, ids=lambda p: p.name)
def test_no_figure_text_bypasses_the_catalogue(path):
    assert figure_text_bypassing_the_catalogue(path.read_text(encoding="utf-8")) == []


def test_the_scan_finds_text_written_around_the_catalogue():
    source = """
ax.set_title("Attention received")
ax.set_xlabel(f"layer {layer}")
fig.colorbar(image, ax=ax, label="attention weight")
ax.bar(x, y, label=title if ok else "even share")
ax.set_ylabel(_("attention weight"))
ax.set_title(title if title is not None else _("{model}, layer {layer}").format(model=m, layer=l))
ax.text(j, i, "{:.2f}".format(v), color="w")
ax.set_xticks(pos, tokens, rotation=90)
"""
    assert [line for line, _ in figure_text_bypassing_the_catalogue(source)] == [2, 3, 4, 5]


# -- a language per figure ---------------------------------------------------------------
def _small() -> Attention:
    """Two layers (from the first, as rollout needs), two heads, three tokens; uniform rows."""
    return Attention(
        "a b c",
        "hand-made",
        ["a", "b", "c"],
        np.array([False, False, False]),
        np.full((2, 2, 3, 3), 1 / 3, dtype=np.float32),
    )  # (layer, head, query, key)


VIEW_CALLS = {
    "heatmap": {},
    "received_plot": {},
    "attention_from": {"query": "b"},
    "attention_to": {"key": "b"},
    "scatter3d": {},
    "bars_by_layer": {},
    "grid": {},
    "heads": {},
    "layer_panels": {},
    "rollout_view": {},
}


def _figure_text(fig) -> str:
    """Every text on the figure: titles, axis and colour-bar labels, ticks, legends, notes."""
    from matplotlib.text import Text

    return " ".join(t.get_text() for t in fig.findobj(Text) if t.get_text())


def _japanese(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text)


def test_every_view_takes_the_same_language_argument():
    import inspect

    import attn_teach.views as views

    assert set(VIEW_CALLS) == set(views.__all__)
    for name in views.__all__:
        parameter = inspect.signature(getattr(views, name)).parameters["language"]
        assert (parameter.kind, parameter.default) == (inspect.Parameter.KEYWORD_ONLY, None), name


@pytest.mark.parametrize("name", sorted(VIEW_CALLS))
def test_language_argument_switches_one_figure(name):
    import attn_teach.views as views

    view = getattr(views, name)
    english = _figure_text(view(_small(), **VIEW_CALLS[name]))
    japanese = _figure_text(view(_small(), **VIEW_CALLS[name], language="ja"))
    assert not _japanese(english)
    assert _japanese(japanese)
    assert _figure_text(view(_small(), **VIEW_CALLS[name])) == english  # the choice ends with the call


def test_unknown_language_is_a_clear_error():
    from attn_teach.errors import AttnTeachError

    with pytest.raises(AttnTeachError, match="unknown language 'fr'; use one of en, ja"):
        heatmap(_identity(), language="fr")

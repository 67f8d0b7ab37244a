"""No stray space between Japanese words around inline markup, no half-width colon after Japanese
(docs/check_spacing.py)."""

from __future__ import annotations

import importlib.util
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs"))
spec = importlib.util.spec_from_file_location("docs_check_spacing", ROOT / "docs" / "check_spacing.py")
check_spacing = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_spacing)


@pytest.mark.parametrize(
    "text, count",
    [
        ("最初の図はラベルが :term:`文字化け <mojibake>` し、", 2),
        ("これは **重要** です。", 2),
        ("この :term:`トークン <token>`\\ が", 1),
        # markup that shows Latin text joins Japanese without a space too (the site writes JavaScriptが)
        ("テキストを :term:`token` に分けます。", 2),
        ("matplotlibには :term:`NumPy配列 <NumPy array>`\\ が必要で", 1),
        ("**attn_teach** は、その問いを", 1),
        ("行列を計算する *eager* 実装", 2),
        ("ここで :math:`d` は、ヘッドの次元数", 2),  # a formula shows letters, whatever its LaTeX starts with
        ("スコアを :math:`\\sqrt{d}` で割る", 2),
        ("テキストを\\ :term:`token`\\ に分けます。行列\\ :math:`A`\\ の行", 0),
        # code keeps its space: a literal, and the roles that show code
        ("モデル ``tiny-bert-en`` を読み込みます。", 0),
        ("関数 :func:`attn_teach.extract` は、:class:`~attn_teach.Attention` を返します", 0),
        ("描画関数 :func:`図 <attn_teach.heatmap>` を使う", 0),
        ("英語の attention (in Latin) と", 0),  # no markup: latin_spaces' part
        ("ワークスペースでは ``ステージ4（ヒートマップ）：完了`` です", 0),  # a literal takes spaces
        ("ラベルが\\ :term:`文字化け <mojibake>`\\ し、", 0),
        # a link's text is what shows: `記事から変わったこと`_ に shows 「記事から変わったこと に」
        ("`記事から変わったこと`_ にまとめました。", 1),
        ("`記事から変わったこと <https://example.org/>`__ を参照", 1),
        ("`tiktoken`_ を入れます。", 1),  # a link shows its (Latin) text: no space before Japanese
        ("`記事から変わったこと`_\\ にまとめました。", 0),
        # :doc: and :ref: without a title show the page's (Japanese) title
        ("詳しくは :doc:`since_the_article` にまとめてあります。", 2),
        ("（:ref:`sphx_glr_auto_lessons_plot_12_grid.py` を参照）", 1),
        (":doc:`since_the_article`\\ にまとめてあります。", 0),
    ],
)
def test_stray_spaces_are_found(text, count):
    assert len(check_spacing.stray_spaces(text)) == count


@pytest.mark.parametrize(
    "text, count",
    [
        ("次のようにします:", 1),
        ("ミューテーションテストを実行します::", 1),  # reST prints one ":" of "::"
        ("記事の見出し: 「Attentionの取り出し」", 1),
        ("（test_figure_language.py）:", 1),
        ("次のようにします：", 0),
        ("``python -m pytest tests/docs:`` と :func:`attn_teach.heatmap` は 12:00 に", 0),
        ("attn-teach: 補足: 省略しました", 0),  # the command line's prefix (the term base: 補足:)
        ("attn-teach: エラー: {message}", 0),
        ("attn-teach: エラー: 層は0から数えます: 層5はありません", 1),
        ("URL は https://example.org/ です", 0),
        ("{title}: 完了", 1),  # a printed label: the field is Japanese text here
        ("ステージ {number}: {title}", 1),
        ("{file} の {line} 行目：{source}\n  {error}: {text}", 0),  # Python's own "ValueError: ..." line
    ],
)
def test_a_half_width_colon_after_japanese_is_found(text, count):
    assert len(check_spacing.half_width_colons(text)) == count


@pytest.mark.parametrize(
    "text, count",
    [
        (":ref:`sphx_glr_a.py`, :ref:`sphx_glr_b.py`", 1),  # a list of links on a Japanese page: 、
        ("`記事`_, `用語集`_ を参照", 1),
        ("行の和は1になる; X（トークンごとに1行）; W_Q", 2),  # an alt text's ASCII "; " after Japanese
        (":ref:`sphx_glr_a.py`、:ref:`sphx_glr_b.py`", 0),
        ("``f(a, b)`` と ``x; y`` はコード", 0),
        ("tiny-bert-en, layer 3; head 0", 0),
        (":func:`attn_teach.extract`, :class:`attn_teach.Attention`", 1),  # a References list takes 、 too
        ("``attn_implementation``, ``output_loading_info``", 1),
        (":func:`a.subplots`\\ （``sharex``、``sharey``）, :meth:`a.imshow`", 1),
        (":func:`attn_teach.extract`、:class:`attn_teach.Attention`、``x``", 0),
    ],
)
def test_ascii_list_separators_in_japanese_are_found(text, count):
    assert len(check_spacing.ascii_separators(text)) == count


@pytest.mark.parametrize(
    "text, count",
    [
        ("ワークスペースでは\\ ``ステージ4：完了``\\ です", 2),
        ("モデル ``tiny-bert-en`` を読み込みます。", 0),
        ("``x``\\ （コード）、``y``。", 0),  # none next to full-width punctuation
    ],
)
def test_a_code_literal_joined_to_japanese_is_found(text, count):
    assert len(check_spacing.literal_spaces(text)) == count


@pytest.mark.parametrize(
    "text, count",
    [
        ("ビューには JavaScript が必要です。", 2),
        ("最後の ID なので", 2),
        ("記事の順に 0 から 11 まで番号を振りました。", 4),
        ("ビューにはJavaScriptが必要です。IDの列。0から11まで。", 0),
        ("モデル ``tiny-bert-en`` と :term:`token` を `tiktoken`_ で **attn_teach** は", 0),  # stray_spaces' part
        ("**最終層では、列 k はもうトークン k だけではありません。**", 4),  # strong text is prose
        ("これは *行* 6 です", 1),
        ("なぜ √dで割るのか", 1),  # a formula sign in plain text
        ("**最終層では、列kはもうトークンkだけではありません。**なぜ√dで割るのか", 0),
    ],
)
def test_a_space_between_a_latin_word_and_japanese_is_found(text, count):
    assert len(check_spacing.latin_spaces(text)) == count


def test_only_the_sites_catalogues_are_held_to_latin_spacing():
    assert check_spacing.site_catalogue(ROOT / "docs/locale/ja/LC_MESSAGES/index.po")
    assert not check_spacing.site_catalogue(ROOT / "attn_teach/locale/ja/LC_MESSAGES/attn_teach.po")


def test_the_fix_writes_escaped_spaces():
    text = "ラベルが :term:`文字化け <mojibake>` し、``plt`` を **必ず** 読む"
    fixed = check_spacing.without_stray_spaces(text)
    assert fixed == "ラベルが\\ :term:`文字化け <mojibake>`\\ し、``plt`` を\\ **必ず**\\ 読む"
    assert check_spacing.stray_spaces(fixed) == []


@pytest.mark.parametrize(
    "path", check_spacing.check_terms.japanese_catalogues(), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_no_stray_space_in_a_japanese_catalogue(path):
    found = [
        excerpt
        for _, text in check_spacing.check_terms.messages(path)
        for excerpt in (
            check_spacing.stray_spaces(text)
            + check_spacing.half_width_colons(text)
            + check_spacing.ascii_separators(text)
            + check_spacing.literal_spaces(text)
            + check_spacing.particle_emphasis(text)
            + (check_spacing.latin_spaces(text) if check_spacing.site_catalogue(path) else [])
        )
    ]
    assert not found, found


def test_the_style_sheets_japanese_labels_take_a_full_width_colon():
    """custom.css writes the Japanese mark of a lesson's printout (出力：) as its own text."""
    css = (ROOT / "docs" / "_static" / "custom.css").read_text(encoding="utf-8")
    labels = re.findall(r'content:\s*"([^"]*)"', css)
    assert labels and not [label for label in labels if check_spacing.half_width_colons(label)], labels


@pytest.mark.parametrize(
    "text, count",
    [
        ("その位置のトークン\\ *が*\\ どれかのトークンに", 1),  # a particle
        ("フォントを登録する\\ *だけでなく*、記事の1行と同じように", 1),
        ("重みをどこかに与え\\ *なければなりません*\\ 。", 1),
        ("より多くを\\ *受け取り*\\ ます。", 1),  # a word cut from its polite ending
        ("\\ *注目する*\\ トークンです。これは\\ *行*\\ 6、各\\ *入力*\\ トークン", 0),
        ("重みは\\ *小さく*\\ なります。英語の\\ *mojibake*\\ は別のもの。**重要**\\ です。", 0),
        ("``a*b*c`` と :math:`x*y*z` はコード", 0),
    ],
)
def test_emphasis_on_a_particle_or_half_a_word_is_found(text, count):
    assert len(check_spacing.particle_emphasis(text)) == count

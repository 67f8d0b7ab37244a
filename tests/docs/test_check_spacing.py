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
        # a placeholder of Sphinx's messages (sphinx.po) shows a Latin word or a number
        ("%(docstitle)s 内を検索", 1),
        ("バージョン %(version)s の変更点", 2),
        ("${resultCount} ページ", 1),
        ("バージョン%(version)sの変更点 &#8212; %(docstitle)s。%(docstitle)s内を検索", 0),
    ],
)
def test_a_space_between_a_latin_word_and_japanese_is_found(text, count):
    assert len(check_spacing.latin_spaces(text)) == count


@pytest.mark.parametrize(
    "text, problems",
    [  # Sphinx's own Japanese catalogue (9.0), as translations.js held it
        ("%(docstitle)s 内を検索", ["a space between"]),
        ("索引と表一覧:", ["a half-width colon"]),
        ("最終更新: %(last_updated)s", ["a half-width colon"]),
        ("検索を準備しています...", ["three ASCII dots"]),
        ("検索機能を使うには JavaScript を有効にしてください。", ["a space between", "a space between"]),
        ('<a href="https://www.sphinx-doc.org/">Sphinx</a> 9.0.4 を使用して作成', ["a space between"]),
        # the site's words
        ("検索を準備しています…", []),
        ("索引と表一覧：", []),
        ("%(filename)s &#8212; %(docstitle)s", []),
        ('<a href="https://www.sphinx-doc.org/">Sphinx</a> %(sphinx_version)sを使用して作成されました。', []),
        ("検索機能を使うにはJavaScriptを有効にしてください。", []),
        ("記事は「うーん・・・、3Dにする意味が無かったですね」と書きました。", []),  # the article's own dots
    ],
)
def test_a_sphinx_message_is_held_to_the_site_rule(text, problems):
    found = check_spacing.message_style(text)
    assert [p.split(":")[0][: len(q)] for p, q in zip(found, problems, strict=False)] == problems, found
    assert len(found) == len(problems), found


def test_the_site_and_the_kit_each_have_their_latin_spacing_rule():
    assert check_spacing.site_catalogue(ROOT / "docs/locale/ja/LC_MESSAGES/index.po")
    assert not check_spacing.kit_catalogue(ROOT / "docs/locale/ja/LC_MESSAGES/index.po")
    assert not check_spacing.site_catalogue(ROOT / "attn_teach/locale/ja/LC_MESSAGES/attn_teach.po")
    assert check_spacing.kit_catalogue(ROOT / "attn_teach/locale/ja/LC_MESSAGES/attn_teach.po")
    assert check_spacing.kit_catalogue(ROOT / "attn_teach/locale/ja/LC_MESSAGES/practice.po")


# The kit's catalogues: plain text, where the words show what is code (check_spacing.kit_spaces).
@pytest.mark.parametrize(
    "text, count",
    [
        # a plain word, name, unit or number touches Japanese
        ("すべての図を PNG で保存する", 2),
        ("x 軸はクエリの位置", 1),
        ("matplotlib の既定。DejaVu Sans のみ", 2),  # a name of two words is one phrase
        ("GPT-2 のモデル、UTF-8 で保存", 2),
        ("層（残差 0.5）、0 から 11 まで", 4),
        ("4 や 00a のような ID", 4),
        ("すべての図をPNGで保存する。x軸。matplotlibの既定。DejaVu Sansのみ。残差0.5。0から11まで。", 0),
        ("3D散布図のαとq·kと√dで割った値", 0),
        # a model's name is a name, a Hub id (owner/name) too: no space
        ("rinna/japanese-gpt2-medium のパラメーター数はtiny-gpt2-jaの350.6倍", 1),
        ("rinna/japanese-gpt2-mediumのパラメーター数はtiny-gpt2-jaの350.6倍", 0),
    ],
)
def test_a_plain_word_or_number_touches_japanese_in_the_kit(text, count):
    assert len(check_spacing.kit_spaces(text)) == count


@pytest.mark.parametrize(
    "text, count",
    [
        # a field holding a number or a count, a word or a name is plain
        ("線が {got} 本あります", 2),
        ("位置 {position} は範囲外", 2),
        ("最も濃いセル：重み {weight:.2f}", 1),
        ("層 {layer} のヘッド {head} は", 4),
        ("{model} の層は {count} 個", 3),
        ("パラメーター {parameters:>13,} 個", 2),
        ("線が{got}本あります。位置{position}は。重み{weight:.2f}。層{layer}。{model}の層は{count}個", 0),
        # a field that prints code keeps its spaces: a path, a repr, an expression, a type or shape
        ("図は {out}/ にあります。{path} を書き込みました。{folder} に置きます", 0),
        ("不明なモデル {text!r} です。渡されたのは {type} です。形が {shape} です", 0),
        ("{out}に書き込みました", 1),
        ("不明なモデル{text!r}です", 2),
        ("セルごとに {matrix[i, j]:.2f} を書く", 0),
        ("セルごとに{matrix[i, j]:.2f}を書く", 2),
    ],
)
def test_a_field_is_spaced_by_what_it_prints_in_the_kit(text, count):
    assert len(check_spacing.kit_spaces(text)) == count


@pytest.mark.parametrize(
    "text, count",
    [
        # code keeps one space on each side
        ("ファイルは .npz で終わります", 0),
        ("ファイルは.npzで終わります", 2),
        ("表示する層は --layer L で選べます", 0),  # an option and its value are one phrase
        ("表示する層は--layer Lで選べます", 2),
        ("--lang {lang} を付けてください", 0),
        ("ラベルは tokenize() の個数。[CLS] と [SEP] を付けます", 0),
        ("ラベルはtokenize()の個数。[CLS]と[SEP]を付けます", 5),
        ("ここ、またはこの下の attn_practice/", 0),
        ("image = ax.imshow(...) のように受け取り", 0),  # a statement is one phrase
        ("image = ax.imshow(...)のように受け取り", 1),
        ("ネットワークのある所で `attn-teach download {name}` を実行", 0),
        ("ネットワークのある所で`attn-teach download {name}`を実行", 2),
        # Japanese that is part of the code: a keyword argument's value, a call's or index's arguments
        ("各線に label=トークン を付け、ax.text(列, 行) で書き、matrix[クエリ, キー] です", 0),
        # a phrase ends after a colon: "{path}:" is code, "Attention" is a plain word
        ("{path}: Attentionの重みのファイルは .npz で終わります", 0),
        ("{path}: Attention の重みのファイル", 1),
    ],
)
def test_code_keeps_a_space_on_each_side_in_the_kit(text, count):
    assert len(check_spacing.kit_spaces(text)) == count


@pytest.mark.parametrize(
    "text, code_words, count",
    [
        # a bare Python name is a plain word unless the message's "# code:" comment names it
        ("imshow で描き、vmin と vmax は指定しない", (), 4),
        ("imshow で描き、vmin と vmax は指定しない", ("imshow", "vmin", "vmax"), 0),
        ("imshowで描き", ("imshow",), 1),
        ("matplotlib の既定", ("imshow",), 1),  # the comment names imshow, not matplotlib
        ("カラースケールは {vmin:.3g} から", ("vmin",), 2),  # a code word is a word, not a field's name
        ("= {where} です", (), 1),
        ("= {where} です", ("{where}",), 0),  # a field named by the comment prints code here
    ],
)
def test_a_bare_name_is_code_only_where_the_message_says_so(text, code_words, count):
    assert len(check_spacing.kit_spaces(text, code_words)) == count


@pytest.mark.parametrize(
    "text",
    [
        "x = キーの位置 + 1",  # symbols at a phrase's edge: a formula keeps its spaces
        "{layers}層 × {heads}ヘッド",
        "行 = クエリ（注目するトークン）、列 = キー",
        "層{layer}：{raw:.2f}   ロールアウト：{rolled:.2f}",  # two or more spaces: a printout's columns
        "修正前：DejaVu Sansのみ\nWindows以外で",  # a line break is not a space
        "（PNG、SVG、PDF）に描く",  # full-width punctuation takes none
    ],
)
def test_what_the_kit_rule_does_not_judge(text):
    assert check_spacing.kit_spaces(text) == []


def test_the_kit_fix_drops_and_adds_spaces():
    text = "すべての図を PNG で保存し、線が {got} 本、ファイルは.npzで終わります"
    fixed = check_spacing.without_kit_spaces(text)
    assert fixed == "すべての図をPNGで保存し、線が{got}本、ファイルは .npz で終わります"
    assert check_spacing.kit_spaces(fixed) == []
    assert check_spacing.without_kit_spaces("imshowで描く", ("imshow",)) == "imshow で描く"


def test_the_kit_rule_reads_the_code_comment_of_a_catalogue(tmp_path):
    po = tmp_path / "attn_teach.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '# code: imshow\nmsgid "a"\nmsgstr "imshow で描きます"\n\n'
        'msgid "b"\nmsgstr "imshow で描きます"\n',
        encoding="utf-8",
    )
    assert [(line, code) for line, _, code in check_spacing.kit_messages(po)] == [(5, ("imshow",)), (8, ())]
    assert check_spacing.main([str(po)]) == 1


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
    if check_spacing.kit_catalogue(path):
        found += [
            excerpt
            for _, text, code_words in check_spacing.kit_messages(path)
            for excerpt in check_spacing.kit_spaces(text, code_words)
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

"""Numbers the lessons' prose states about their figures, checked against the code.

A sentence such as "rinna's model has about 351 times as many parameters" or "the
darkest cell is (!, !)" is only true of the model it was written for. Each test here
computes the number from the lesson's own functions and checks that the English text
of the lesson (and of its twin elsewhere in the docs) and its Japanese translation
(the page's gettext catalogue) say it, so a retrained model or a changed figure fails
here instead of leaving a stale sentence.
"""

from __future__ import annotations

import pathlib
import re
from decimal import Decimal

import numpy as np
import pytest
from babel.messages.pofile import read_po

from attn_teach import extract
from attn_teach.reproduce import load_lesson

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "docs" / "locale" / "ja" / "LC_MESSAGES"
TEXT = "I love natural language processing!"
JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"


def english(lesson: str) -> str:
    """The lesson's text, comment lines joined as the page shows them (one space between lines)."""
    lines = (ROOT / "lessons" / f"{lesson}.py").read_text(encoding="utf-8").splitlines()
    return " ".join(line.lstrip("# ").rstrip() for line in lines)


def japanese(page: str) -> str:
    """Every translated message of one page's catalogue, e.g. ``auto_lessons/plot_00_getting_models``."""
    with open(CATALOGUES / f"{page}.po", "rb") as f:
        return "\n".join(m.string for m in read_po(f) if m.id)


def says(text: str, *phrases: str) -> None:
    for phrase in phrases:
        assert phrase in text, f"the text should say {phrase!r}"


# -- lesson 00 ---------------------------------------------------------------
def test_lesson00_parameter_ratios_in_the_lesson_and_troubleshooting():
    ratios = load_lesson("plot_00_getting_models").size_ratios()
    bert, rinna = round(ratios["bert-base-uncased"]), round(ratios["rinna/japanese-gpt2-medium"])
    page = english("plot_00_getting_models")
    says(page, f"{bert} times as many parameters", f"about {rinna} times")
    says(japanese("auto_lessons/plot_00_getting_models"), f"{bert}倍", f"約{rinna}倍")
    troubleshooting = " ".join((ROOT / "docs" / "troubleshooting.rst").read_text(encoding="utf-8").split())
    says(troubleshooting, f"has {bert} times as many parameters", f"about {rinna} times as many")
    says(japanese("troubleshooting"), f"{bert}倍", f"約{rinna}倍")


def test_lesson00_log_bars_draw_a_large_ratio_short():
    lesson = load_lesson("plot_00_getting_models")
    drawn = lesson.drawn_length_ratio()
    words = {3: "three", 2: "twice", 4: "four"}[round(drawn)]
    says(english("plot_00_getting_models"), f"only about {words} times as")
    says(japanese("auto_lessons/plot_00_getting_models"), f"約{round(drawn)}倍の長さ")
    assert lesson.size_ratios()["bert-base-uncased"] > 10 * drawn  # the point of the sentence


# -- lesson 00a --------------------------------------------------------------
def test_lesson00a_scaling_keeps_the_softmax_from_one_hot():
    lesson = load_lesson("plot_00a_what_attention_computes")
    for d in (2, 32, 64):
        raw, scaled = lesson.dot_product_spread(d)
        assert raw == pytest.approx(np.sqrt(d), rel=0.03)  # "its standard deviation √d"
        assert scaled == pytest.approx(1.0, rel=0.03)
    unscaled = lesson.softmax(lesson.row_scores)
    scaled = lesson.softmax(lesson.row_scores / np.sqrt(lesson.d_tiny))
    assert unscaled.max() > 0.95 > 0.7 > scaled.max()  # "almost all the weight on the largest one"


def test_lesson00a_causal_mask_zeroes_the_future_and_first_row_is_one():
    lesson = load_lesson("plot_00a_what_attention_computes")
    np.testing.assert_array_equal(np.triu(lesson.A_causal, k=1), 0.0)  # exactly 0, as the text says
    np.testing.assert_allclose(lesson.A_causal[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(lesson.A_causal.sum(axis=1), 1.0)


# -- lesson 01 ---------------------------------------------------------------
def test_lesson01_neighbour_heads_of_layer_0():
    shares = load_lesson("plot_01_extracting").neighbour_shares()  # (head, next/previous)
    nxt_head, prev_head = int(shares[:, 0].argmax()), int(shares[:, 1].argmax())
    nxt, prev = f"{shares[nxt_head, 0]:.2f}", f"{shares[prev_head, 1]:.2f}"
    says(
        english("plot_01_extracting"),
        f"Head {nxt_head} gives on average {nxt} of each row to the next token",
        f"head {prev_head} gives {prev} to the previous one",
    )
    says(
        japanese("auto_lessons/plot_01_extracting"),
        f"ヘッド{nxt_head}は各行の重みのうち平均{nxt}を次のトークンに",
        f"ヘッド{prev_head}は平均{prev}を前のトークンに",
    )


# -- lesson 04 ---------------------------------------------------------------
def test_lesson04_darkest_cell_and_receiving_keys():
    lesson = load_lesson("plot_04_heatmap")
    query, key, weight = lesson.darkest_cell()
    says(english("plot_04_heatmap"), f"the darkest cell is ``({query}, {key})``", f"gives {weight:.2f} of its weight")
    says(japanese("auto_lessons/plot_04_heatmap"), f"``({query}, {key})``", f"重みの{weight:.2f}を")
    matrix = extract(TEXT, "tiny-bert-en").head_mean(-1)
    tokens = extract(TEXT, "tiny-bert-en").tokens
    top = [tokens[k] for k in np.argsort(matrix.sum(axis=0))[::-1][:3]]
    says(english("plot_04_heatmap"), "the keys that receive most are ``{}``, ``{}`` and ``{}``".format(*top))
    says(japanese("auto_lessons/plot_04_heatmap"), "受け取るキーは ``{}``、``{}``、``{}``".format(*top))


def test_lesson04_last_layer_keys_are_mixtures():
    flow = load_lesson("plot_04_heatmap").own_share_below_last()  # (position, input token)
    own = np.diag(flow)
    largest = int((flow.argmax(axis=1) == np.arange(len(own))).sum())
    low, high = f"{own.min():.2f}", f"{own.max():.2f}"
    says(
        english("plot_04_heatmap"),
        f"the largest share in {largest} of the {len(own)} positions",
        f"only {low} to {high} of the mixture",
    )
    says(  # the Japanese text counts in digits with a counter: 9個の位置のうち8個
        japanese("auto_lessons/plot_04_heatmap"),
        f"{len(own)}個の位置のうち{largest}個",
        f"{low}から{high}",
    )


# -- lesson 05 ---------------------------------------------------------------
def test_lesson05_stripes_of_the_last_layer():
    lesson = load_lesson("plot_05_heads")
    keys = [key for key, _ in lesson.stripes()]  # the key with the largest column mean, per head
    tops = lesson.favourites()  # per head, the key of each row's largest weight
    assert keys[0] == keys[1]  # "heads 0 and 1 give most to ..."
    n = len(tops[0])
    first, last = tops[0].count(keys[0]), tops[3].count(keys[3])
    assert first < n - 2  # "An average can hide rows that look elsewhere"
    tokens = extract(TEXT, "tiny-bert-en").tokens
    away = [token for token, top in zip(tokens, tops[0]) if top != keys[0]]
    seen = sorted({top for top in tops[0] if top != keys[0]}, key=tokens.index)
    both = lambda words: ", ".join(f"``{w}``" for w in words[:-1]) + f" and ``{words[-1]}``"  # noqa: E731
    says(
        english("plot_05_heads"),
        f"On average, heads 0 and 1 give most to ``{keys[0]}``, head 2 to ``{keys[2]}``, head 3 to ``{keys[3]}``",
        f"in head 0, ``{keys[0]}`` takes the largest weight of only {first} of the {n} queries",
        f"{both(away)} look at {both(seen)} instead",
        f"in head 3, ``{keys[3]}`` takes that of {last} of the {n}",
    )
    says(
        japanese("auto_lessons/plot_05_heads"),
        f"ヘッド0と1は ``{keys[0]}`` に、ヘッド2は ``{keys[2]}`` に、ヘッド3は ``{keys[3]}``",
        f"{n}個のクエリのうち{first}個だけ",
        "、".join(f"``{w}``" for w in away),
        " と ".join(f"``{w}``" for w in seen),
        f"{n}個のうち{last}個が ``{keys[3]}``",
    )


# -- lesson 06 ---------------------------------------------------------------
def test_lesson06_answer_and_where_the_impression_came_from():
    lesson = load_lesson("plot_06_line_plot")
    value, rank, n = lesson.love_received()
    ordinal = {1: "1st", 2: "2nd", 3: "3rd"}.get(rank, f"{rank}th")
    says(
        english("plot_06_line_plot"),
        f'"love" receives {value:.3f} of the last layer\'s attention, {ordinal} of the {n} tokens',
    )
    says(japanese("auto_lessons/plot_06_line_plot"), f"{value:.3f}で、{n}個のトークンのうち{rank}番目")
    assert value < 1 / n  # "less than an even share"
    query, key, peak = lesson.under_love_tick()
    says(
        english("plot_06_line_plot"),
        f"the query ``{query}``, and there the line of the key ``{key}`` rises to {peak:.2f}",
    )
    says(japanese("auto_lessons/plot_06_line_plot"), f"クエリ ``{query}``", f"キー ``{key}`` の線が{peak:.2f}まで")


# -- lesson 12 ---------------------------------------------------------------
def test_lesson12_heads_named_in_the_text():
    lesson = load_lesson("plot_12_head_grid")
    shapes = lesson.head_shapes()
    rule, stripe = lesson.NEIGHBOUR, lesson.STRIPE
    neighbours = [(l, h, n, p) for l, h, n, p, _, _ in shapes if max(n, p) > rule]
    stripes = [(l, h, m, k) for l, h, _, _, m, k in shapes if m > stripe]
    assert [(l, h) for l, h, _, _ in neighbours] == [(0, 0), (0, 3)]  # "two neighbour heads, both in layer 0"
    ((l, h, most, key),) = stripes  # "one full stripe"
    text, ja = english("plot_12_head_grid"), japanese("auto_lessons/plot_12_head_grid")
    says(text, "a **neighbour head** gives more than half of each row", f"a single key more than {stripe}")
    assert rule == 0.5
    says(ja, "半分より多くを", f"{stripe}より多くを")
    says(
        text,
        f"head 0 gives {neighbours[0][2]:.2f} to the next token, head 3 {neighbours[1][3]:.2f} to the previous",
        f"layer {l} head {h}, where every token gives all its weight ({most:.2f}) to ``{key}``",
    )
    says(
        ja,
        f"ヘッド0は次のトークンに{neighbours[0][2]:.2f}",
        f"ヘッド3は前のトークンに{neighbours[1][3]:.2f}",
        f"層{l}のヘッド{h}",
        f"（{most:.2f}）を ``{key}``",
    )
    # "Two more heads lean towards the next token without passing one half": the next two by "next" share
    rest = sorted((n, l, h) for l, h, n, p, _, _ in shapes if max(n, p) <= rule)[::-1]
    (n1, l1, h1), (n2, l2, h2), (n3, _, _) = rest[:3]
    assert n2 - n3 > 0.1  # a clear gap to the remaining heads
    says(text, f"layer {l1} head {h1} ({n1:.2f}) and layer {l2} head {h2} ({n2:.2f})")
    says(ja, f"層{l1}のヘッド{h1}（{n1:.2f}）と層{l2}のヘッド{h2}（{n2:.2f}）")


# -- lesson 14 ---------------------------------------------------------------
def test_lesson14_cells_above_one_half():
    most_special, cells = load_lesson("plot_14_special_tokens").strong_cells()
    text, ja = english("plot_14_special_tokens"), japanese("auto_lessons/plot_14_special_tokens")
    says(text, f"No head gives more than {most_special:.2f} to ``[CLS]`` and ``[SEP]``")
    says(ja, f"合わせて{most_special:.2f}より多く")
    assert len(cells) == 2  # "Only two cells on the right pass one half"
    for (l, h, token, value), punct in zip(cells, (True, False)):
        assert (token in "!.,?") == punct  # one punctuation mark, one content word
        share = f"({value:.2f}) to ``{token}``" if punct else f"{value:.2f} to ``{token}``"
        says(text, f"layer {l} head {h} gives", share)
        says(ja, f"層{l}のヘッド{h}は", f"``{token}``")


# -- lesson 15 ---------------------------------------------------------------
def test_lesson15_printed_merge_adds_up_as_shown():
    """The printed parts, as printed, give the printed sum (no rounding gap a reader would stop at)."""
    to_word, from_word = load_lesson("plot_15_words").merge_lines()
    number = r"(\d+\.\d+)"
    a, b, total, merged = map(
        Decimal,
        re.fullmatch(
            rf"'love' -> 'processing': {number} \+ {number} = {number}; words\(\) gives {number}", to_word
        ).groups(),
    )
    assert a + b == total == merged
    a, b, mean, merged = map(
        Decimal,
        re.fullmatch(
            rf"'processing' -> 'love': \({number} \+ {number}\) / 2 = {number}; words\(\) gives {number}", from_word
        ).groups(),
    )
    assert (a + b) / 2 == mean == merged


def test_lesson00a_scaling_figure_sentence():
    lesson = load_lesson("plot_00a_what_attention_computes")
    unscaled = lesson.softmax(lesson.row_scores)
    scaled = lesson.softmax(lesson.row_scores / np.sqrt(lesson.d_tiny))
    assert unscaled.argmax() == scaled.argmax()  # "still favour that key"
    says(
        english("plot_00a_what_attention_computes"),
        f"one key takes {unscaled.max():.2f} of the weight",
        f"with {scaled.max():.2f}",
    )
    says(japanese("auto_lessons/plot_00a_what_attention_computes"), f"{unscaled.max():.2f}", f"{scaled.max():.2f}")


# -- lessons 07, 09, 10, 14: counts about the Japanese sentence --------------
def test_japanese_sentence_counts_in_the_text():
    ja = extract(JA, "tiny-gpt2-ja")
    n = len(ja.tokens)
    hidden = n * (n - 1) // 2  # cells above the diagonal
    says(english("plot_07_japanese_model"), f"{n - 1} pieces, {n} ids", f"The attention matrix is {n} x {n}")
    labelled = n - 1  # the article's loops write numbers into tokenize()'s pieces only
    says(english("plot_09_annotated_heatmap"), f"{labelled * (labelled - 1) // 2} of the {labelled**2} numbers")
    says(english("plot_10_3d"), f"the {hidden} cells a causal model cannot see")


def test_lesson14_tiny_gpt2_first_token_no_sink():
    """ "The tiny model gives its first token no more than that": no layer above the even share."""
    from attn_teach.reduce import received

    ja = extract(JA, "tiny-gpt2-ja")
    uniform = np.mean(1 / np.arange(1, len(ja) + 1))
    assert all(received(ja.head_mean(layer))[0] <= uniform for layer in range(ja.n_layers))
    says(english("plot_14_special_tokens"), "The tiny model gives its first token no more than that")

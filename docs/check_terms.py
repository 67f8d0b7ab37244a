"""Check every Japanese catalogue of the project against the term base: one word per idea.

::

    python docs/check_terms.py                 # every Japanese .po in the repository
    python docs/check_terms.py FILE.po ...     # only these catalogues
    python docs/check_terms.py --every-term    # the kit's catalogues held to the site-only terms too

The term base is the glossary (``docs/glossary.rst``, Japanese headwords in
``docs/locale/ja/LC_MESSAGES/glossary.po``). For each idea it names the one Japanese word
the project writes, following the article's own words ("Attention", 注意機構, トークン化,
文字化け, ...); ``TERMS`` below lists, per idea, the variants that must not appear in a
translation. Three kinds of text are not prose and are left out before the check:

* code: ````literal````, ```role```` targets and ``:role:`text <target>``` targets, ``{field}``;
* the article's own words: a 「quote」 whose text occurs in the article
  (``../shared/article/article-ja.md`` beside the repository, when it is there), a 『quote』
  inside it read as the article's 「」 and each part of a quote with a …… gap checked on its
  own (as ``docs/check_quotes.py`` reads them); the article writes Numpy配列 and 注意度, and a
  quote keeps them;
* the English ``msgid``: only the ``msgstr`` (the Japanese) is checked;
* a code name in a plain-text message (a CLI choice such as ``--view rollout``): a translator
  comment ``# code: rollout`` above the message says that, in this message, the word is code
  (read as a ````literal````, so a ``through_code`` term still sees it; ``docs/check_spacing.py``
  reads the same comment to space it as code).

Two exceptions are written on the term itself: a term that ``through_code`` also reads a
````literal```` as its text (``eager`` 方式 is the wrong word after the code word), and a term's
``home`` is the one message where the variant is the word itself (豆腐, in the glossary's entry on *tofu*),
named by its catalogue and the start of its msgid.

A term marked ``site_only`` is held in the site's catalogues (``docs/locale/``) only: its
comment says why (the kit's own messages, ``attn_teach/locale``, may need the variant: a message
to the kit's developers names a check script).

Prints one line per finding, ``file:line: [idea] 'variant' in ...; write ...``.
Exit status 0 when no catalogue uses a forbidden variant, 1 otherwise.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _find_article() -> pathlib.Path:
    """The article beside the repository (``../shared/article/article-ja.md``; a worktree one folder
    deeper looks one level further up); ``ATTN_TEACH_ARTICLE`` names another copy."""
    import os

    if os.environ.get("ATTN_TEACH_ARTICLE"):
        return pathlib.Path(os.environ["ATTN_TEACH_ARTICLE"])
    candidates = [up / "shared" / "article" / "article-ja.md" for up in (ROOT.parent, ROOT.parent.parent)]
    return next((c for c in candidates if c.is_file()), candidates[0])


ARTICLE = _find_article()


@dataclasses.dataclass(frozen=True)
class Term:
    """One idea: the word to write and the variants (regular expressions) that must not appear."""

    idea: str
    write: str
    never: tuple[str, ...]
    #: also look where ````code```` shows its text (``eager`` 方式 is the wrong word after code)
    through_code: bool = False
    #: ``(catalogue file name, msgid)`` of the one message where a variant is the word itself
    home: tuple[str, str] | None = None
    #: look at the message as written, fields included (``{token!r}`` prints ASCII quotes)
    raw: bool = False
    #: held only in the site's catalogues (``docs/locale``): each such term says why beside it
    site_only: bool = False
    #: held only in the kit's catalogues (``attn_teach/locale``): each such term says why beside it
    kit_only: bool = False
    #: look at the message exactly as written (no code left out: ``：{value}`` is what prints)
    as_written: bool = False


TERMS: tuple[Term, ...] = (
    Term(
        "attention",
        "Attention, Attentionの重み; a token 注目する",
        (
            r"アテンション",
            r"注意の重み",
            r"注意重み",
            r"注意度",
            # 注意 as the model's attention; 注意機構 and the caution idioms are fine
            r"(?<!ご)(?<!要)注意(?!機構)(?!点|して|する必要|が必要|深く)(?![:：])",
            # a token 注目している; 注意して(ください) is the caution idiom
            r"注意して(?:いる|いた|います|いない)",
        ),
    ),
    Term(
        "query side / key side",
        "クエリ（注目するトークン）, キー（注目されるトークン）",
        (r"見ている側", r"見ている先", r"見られる側", r"見られている側"),
    ),
    Term("sub-word piece", "サブワード / トークン", (r"断片", r"かけら")),
    Term("softmax", "ソフトマックス (code names stay as code)", (r"(?<![\w.])[Ss]oftmax(?![\w(])",)),
    Term("glyph", "グリフ", (r"字形",)),
    Term(
        "cell of a heatmap",
        "セル: a square of a heatmap or of a table of values; a notebook's cell is ノートブックのセル "
        "(its parts: テキストのブロック, ノートブックで)",
        (
            r"(?<![ァ-ヶー])マス(?![ァ-ヶー])",
            r"(?:テキスト|コード)の?セル",
            r"(?<!ノートブックの)セル(?:を|の)?実行",  # a notebook's cell, run
        ),
    ),
    Term("line plot", "折れ線グラフ", (r"(?<!折れ)線グラフ", r"ライン(?:プロット|グラフ)")),
    Term("3D scatter plot", "3D散布図", (r"(?:3|三)次元の?散布図", r"3D\s*の散布図")),
    Term("NumPy array", "NumPy配列 (the article's Numpy配列 only inside its quotes)", (r"Numpy配列", r"numpy配列")),
    Term("layer", "層 (層3, counted from 0)", (r"レイヤー?", r"第\s*[0-9０-９一二三四五六七八九十]+\s*層")),
    Term("tokenization", "トークン化", (r"トークナイズ",)),
    Term("special token", "特殊トークン", (r"特別な?トークン", r"スペシャルトークン")),
    # without_special() and the interactive view's switch remove tokens (their rows and columns, then
    # renormalise): 除く, one verb; 隠す would hide that the rows change
    Term(
        "removing tokens",
        "除く (特殊トークンを除く, the view's switch too; 目印を除く)",
        (r"取り除", r"特殊トークン[^。]{0,10}?隠[しすさせ]", r"隠[しすさ][^。]{0,4}特殊トークン"),
    ),
    Term("causal mask", "因果マスク", (r"コーザルマスク", r"因果的な?マスク")),
    Term(
        "rollout",
        "ロールアウト (the control and the idea; code names stay as code)",
        (r"(?<![\w.-])(?<!--view )[Rr]ollout(?![\w(-])",),
    ),
    Term(
        "view controls",
        "ロールアウト / 特殊トークンを除く / 単語ごと (as the view shows them; the switch removes, then renormalises)",
        (r"hide special tokens", r"\*words\*"),
    ),
    Term("CLI note prefix", "補足:", (r"注意\s*[:：]",)),
    Term("citation", "Vaswani et al. (never ほか after a Latin name)", (r"[A-Za-z][A-Za-z.]*\s*ほか",)),
    Term("last layer", "最終層", (r"最後の\s*層",)),
    Term(
        "bundled model",
        "同梱のモデル (tiny-bert-en, tiny-gpt2-ja)",
        (r"組み?込み?の?モデル", r"小さなモデル", r"キットのモデル", r"代役", r"同梱の[^。]{0,40}同梱し"),
    ),
    Term("the article's models", "記事のモデル", (r"本物の",)),
    Term("Japanese model", "日本語のモデル", (r"日本語モデル",)),
    Term("import", "インポート (``import`` stays as code)", (r"(?<![\w.])import\s*(?:する|した|して|でき|さ)",)),
    Term("Hugging Face Hub", "Hugging Face Hub (first mention on a page), then Hub", (r"モデルハブ",)),
    Term("sdpa", "``sdpa`` (one spelling, as the code writes it)", (r"(?<![\w`])SDPA(?!\w)",)),
    Term("tick label", "目盛りのラベル", (r"目盛りラベル",)),
    Term("baseline image", "基準画像", (r"確認済みの(?:基準)?画像",)),
    Term("before / after the fix", "修正前／修正後 (as the figures say)", (r"直す前", r"直した後")),
    # the glossary's 均等な取り分 already means over the keys a query can see (1 / (クエリ + 1) in a causal
    # model): a qualified variant reads as a second idea
    Term(
        "even share",
        "均等な取り分 (均等な取り分：0.18; never qualified as 見えるキーでの均等な取り分: its meaning already)",
        (r"均等に[^。、]{0,12}?配(?:っ|る|り)", r"均等に分けた場合", r"見える(?:キー|トークン)での\s*均等な取り分"),
    ),
    # 対角線 is the main diagonal (the glossary); a number after bare 対角 is the mean of its entries
    # one word for the line: 対角線 (the main diagonal); its entries' mean is 対角線の平均, Kovaleva et al.'s
    # class of heads is named as a class, 対角線型（diagonal）: a bare 対角 read as both
    Term(
        "diagonal word",
        "対角線 (対角線の平均0.11; Kovaleva et al.'s class: 対角線型（diagonal）)",
        (r"対角(?!線|行列|成分)",),
    ),
    Term("row number", "行番号", (r"行の番号",)),
    Term("code names", "``viridis``, ``cls.*`` in code font", (r"(?<![\w`.])viridis(?![\w`])", r"(?<![\w`])cls\.\*")),
    Term(
        "eager implementation",
        'eager実装 (no space, no italics, not ``eager`` 実装; ``attn_implementation="eager"`` is code)',
        (
            r"eager\s*(?:方式|の\s*Attention|のアテンション)",
            r"eager\s+実装",  # ``eager`` 実装 (the code word read as its text), eager 実装
            r"\*eager\*",
            r"[（(]\s*eager\s*[）)]",  # 明示的な（``eager``）Attentionの実装
        ),
        through_code=True,
    ),
    Term("encoder / decoder", "エンコーダー / デコーダー", (r"(?:エン|デ)コーダ(?!ー)",)),
    Term("deep / shallow layers", "深い層 / 浅い層 (as meant)", (r"(?:下|上|前|後ろ)の?ほうの層",)),
    Term("hint", "ヒント", (r"手がかり", r"手掛か?り")),
    Term(
        "tofu",
        "文字化け (what it looks like: 四角（□）); 豆腐 only in the glossary's own entry",
        (r"豆腐",),
        home=("glossary.po", "*Tofu*: the boxes drawn"),  # the entry's text: the headword is 文字化け
    ),
    Term(
        "value vector",
        "バリュー, バリューのベクトル (値 means a number)",
        (r"値\s*[（(]\s*value\s*[）)]", r"バリューベクトル"),
    ),
    Term("attends to", "注目する / 注目している", (r"見ている(?![側先])", r"参照して(?:いる|います|いた)")),
    Term("annotated heatmap", "数値入り", (r"数字入り",)),
    Term("tick", "目盛り", (r"目盛(?!り)",)),
    Term(
        "parameter / folder / browser / pointer",
        "パラメーター, フォルダー, ブラウザー, ポインター (with ー)",
        (r"パラメータ(?!ー)", r"フォルダ(?!ー)", r"ブラウザ(?!ー)", r"ポインタ(?!ー)"),
    ),
    Term("static figure", "静的な図", (r"静止画",)),
    Term(
        "interactive view",
        "操作できるビュー",
        (r"インタラクティブ(?:な|の)?\s*(?:表示|ビュー)", r"操作して見る", r"操作しながら見る"),
    ),
    Term("attention matrix", "Attentionの行列", (r"重みの行列",)),
    # 重み means only Attention weights; what a model learned is its パラメーター
    Term(
        "model parameters",
        "パラメーター (モデル自身のパラメーター, safetensorsのパラメーター); 重み only for Attention weights",
        (
            r"自身の重み",
            r"重みテンソル",
            r"(?<!Attentionの)重みのテンソル",
            r"safetensors\s*(?:形式)?\s*の重み",
            r"cls\.\*\s*の重み",
            r"ランダムな重み",
            # a checkpoint's weights: its files, its pickle, its shapes against config.json, the
            # ones it lacks or leaves unused (Attentionの重みのファイル, the .npz of weights, is fine)
            r"(?<!Attentionの)(?<!Attention の)重みの?ファイル",
            r"重み[がのを]?\s*(?:un)?pickle|pickle\s*(?:形式)?\s*(?:[（(][^）)]{0,12}[）)])?\s*の重み",
            r"重み(?:も|は)\s*読ま",  # a model built on the meta device reads no パラメーター
            r"重み[^。]{0,12}config\.json|config\.json[^。]{0,12}重み",
            r"重みと一緒に配られた",
            r"(?:使われない|足りない)重み",
            r"チェックポイント[^。]{0,20}重み",
        ),
        through_code=True,
    ),
    Term("parameter matrix", "パラメーター行列（W_Q、W_K、W_V）", (r"重み行列",)),
    Term("Attention sink", "Attentionシンク", (r"(?<!Attention)(?<!アテンション)シンク",)),
    Term(
        "hidden state",
        "隠れ状態 (the vector a layer receives for a token)",
        (r"層に入るベクトル",),
    ),
    Term(
        "docstring",
        "ドキュメント文字列（docstring） on first use, then ドキュメント文字列",
        (r"(?<![（(])docstring",),
    ),
    # the query side takes in (取り込む) from the other tokens; a key 受け取る its Attention
    Term(
        "query takes in",
        "トークンから何をどれだけ取り込むか (受け取る only for a key)",
        (r"トークン\s*から\s*(?:何を\s*)?どれだけ受け取る",),
    ),
    # 受け取る is kept for one idea, what a key gets of the weights; what code gets out of the model
    # is 取り出す (the article's own word, 「Attentionの取り出し」), a function's argument is 引数,
    # and the vector a layer starts from comes in (入ってくる)
    Term(
        "get out of the model",
        "取り出す (``outputs.attentions`` を取り出しました); 引数 for what a function takes; "
        "受け取る only for a key's share of the weights",
        (
            r"受け取りました",
            r"出力から[^。]{0,30}受け取",
            r"受け取る(?:ベクトル|行列|テンソル)",
            r"(?:フォーカス|ケース|引数|行列|テンソル|入力)[\\\s]*を\s*受け取",
            r"(?:^|\s)を\s*受け取",  # a code word received: a function and its argument
        ),
    ),
    Term("informal wording", "平たく並ぶ", (r"ぺたん",)),
    Term("weighted sum", "重み付き和", (r"重み付き平均",)),
    Term("most", "最も", (r"もっとも(?![、,])", r"いちばん", r"一番")),
    Term(
        "stripe",
        "縦じま (lesson 12's rule: one key gets more than 0.9); Kovaleva's class 縦じま（vertical）; "
        "stripes a drawing adds: describe them (データにない線)",
        (r"縞", r"縦（vertical", r"縦と対角", r"しま模様"),
    ),
    # 目印 for a marker (the SentencePiece ▁); 印刷, 印象, 矢印 are other words
    Term("marker", "目印 (目印の ``▁``)", (r"(?<![目矢])印(?![刷象])", r"▁\s*記号"), through_code=True),
    Term("fused kernel", "融合カーネル", (r"まとめたカーネル",)),
    Term(
        "pre-training output part",
        "事前学習用の出力部（``cls.*``） (ヘッド means only an attention head, 層 only a Transformer layer)",
        (
            r"事前学習用?の[^。、]{0,8}ヘッド",
            r"(?:当てる|判定する|予測する)(?:ヘッド|層)",
            r"出力ヘッド",
            r"事前学習用?の出力層",
        ),
    ),
    Term(
        "English word quoted",
        "「love」 (never \"love\" or 'love'; a figure's {token!r} becomes 「{token}」)",
        (
            # one or two words in ASCII quotes (a paper's title, three words or more, keeps them);
            # not code: a quote after a name, =, (, [, { or a backslash is a Python string
            r"(?<![\w=(\[{\\])\"[^\"\s{}]+(?: [^\"\s{}]+)?\"(?![\w:])",
            r"(?<![\w=(\[{\\])'[^'\s{}]+(?: [^'\s{}]+)?'(?![\w:])",
            # a token or label shown with repr() (a user's value in an error message may keep it)
            r"(?<!=)\{(?:\w*(?:token|label|word)\w*|first|got|expected)!r\}",
        ),
        raw=True,
    ),
    Term(
        "lesson / stage number",
        "レッスン08 (two digits, as the files), ステージ1 (no space)",
        (r"レッスン\s*\d(?![\da-z])", r"レッスン\s+[\d{]", r"ステージ\s+[\d{]"),
        raw=True,
    ),
    Term("times sign", "20×20", (r"\d\s*x\s*\d",)),
    Term(
        "share to a token",
        "特殊トークンへの割合, 次のトークンへの割合 (the glossary's 割合; に向かう is for the weights themselves)",
        (r"(?<!1つのキー)に向かう(?:Attentionの)?割合",),
    ),
    Term("the article's reading", "記事の読み取り (what the article read off its figures)", (r"記事の印象",)),
    Term("first token", "最初のトークン", (r"先頭のトークン",)),
    Term(
        "drawing function (prose)",
        "描画関数 (the kit's); レッスンの関数, 描画の呼び出し otherwise",
        (r"描く関数", r"描画する関数"),
    ),
    Term("dictionary", "辞書 (``dict`` as code for the type)", (r"(?<![`A-Za-z_.])dict(?![`A-Za-z_(])",)),
    Term(
        "the value shown",
        "表示値 (the interactive view's readout; 読み取り is the article's reading)",
        (r"読み取り値",),
    ),
    Term(
        "the article's Japanese model",
        "rinnaのGPT-2 (``rinna/japanese-gpt2-medium`` once per page)",
        (r"rinnaのモデル", r"rinnaの日本語GPT-2"),
    ),
    # -- one word per idea, second reading (defaults, the view's colour index, fonts, being online, ...)
    # a setting's default is 既定値; リストの初期値 (the value a list starts with, lesson 10) is another idea
    Term(
        "default value",
        "既定値 (a setting's default); 初期値 only for the value a list starts with (リストの初期値)",
        (r"(?<!リストの)(?<!始めたときの)初期値",),
    ),
    # the interactive view's colour index (one byte per cell): 色の段階, glossed once on a page as 0〜255の番号
    Term(
        "colour level", "色の段階（0〜255の番号） (the interactive view's colour index)", (r"色の(?:番号|コード|区間)",)
    ),
    # the fallback family list (DejaVu Sans, then IPAexGothic) is フォントのリスト; the fonts matplotlib has
    # registered (fonts.register() adds one) are matplotlibが知っているフォント, not a second フォントのリスト
    Term(
        "font list",
        "フォントのリスト (the fallback family list); matplotlibが知っているフォント (its font registry)",
        (r"フォントの並び", r"フォントファミリーのリスト", r"matplotlibの\s*フォントのリスト"),
    ),
    # being online is one wording site-wide; ネットワーク is kept for a neural network (フィードフォワード
    # ネットワーク, 残差接続のないネットワーク, ``LoadedModel.network``)
    Term(
        "being online",
        "インターネットにつながっていれば / インターネットにつながる環境で (ネットワーク only for a neural network)",
        (
            r"ネットワーク\s*(?:が\s*(?:あ|使え|つなが)|の\s*(?:ある|ない)|に\s*(?:つな|一切|接続|触れ))",
            r"オンライン\s*(?:なら|であれば|のとき|の環境)",
        ),
    ),
    # the longest input a model takes (``max_positions``): 入力長の上限, one name
    Term(
        "input-length limit",
        "入力長の上限 (BERTは512トークン)",
        (r"位置の上限", r"最長の入力", r"最大(?:の)?入力長", r"入力長(?!\s*の上限)"),
    ),
    # the site counts rows from 0 (行6, 位置0): row 0 is 最初の行（行0） on first use in a message, then
    # 最初の行; 1行目 reads as row 1
    Term("first row", "最初の行（行0） on first use in a message, then 最初の行", (r"(?<![0-9０-９])[1１一]行目",)),
    # lessons 12 and 14 measure a head by the largest share one key gets (縦じま near 1): one name, as the
    # figure of lesson 14 writes it
    Term(
        "largest share to one key",
        "1つのキーへの最大の割合",
        (r"1つのキーに向かう割合", r"最も多く受け取る」の割合", r"最も多く受け取るのは「[^」]*」の"),
    ),
    # a cell a query cannot see (above the diagonal of a causal model) is 見えない位置: 見えない位置のセル（灰色）
    Term(
        "masked cell",
        "見えない位置 (見えない位置のセル（灰色）; the glossary's 因果マスク)",
        (
            r"マスク(?:され|し)た\s*(?:セル|位置)",
            r"マスクされたまま",
            r"隠した\s*セル",
            r"セルを\s*隠",
            r"灰色[^。、]{0,40}?で\s*隠",
            r"網掛け",
            r"薄い灰色",
        ),
    ),
    Term("3D bar chart", "3D棒グラフ (as 3D散布図)", (r"3D\s*の\s*棒(?!グラフ)", r"(?:3|三)次元の?棒")),
    # removing tokens leaves rows that no longer add up to 1: 正規化し直す, glossed once on a page as
    # （各行の和が1になるように）正規化し直す
    Term(
        "renormalise", "正規化し直す (once: （各行の和が1になるように）正規化し直す)", (r"和を\s*1\s*に戻", r"再正規化")
    ),
    # a page named in running text is in 「」 (「:doc:`since_the_article`」を参照); 『』 is only for a quote
    # inside a quote
    Term(
        "page cross-reference",
        "「ページ名」を参照 (「:ref:`...`」, 「:doc:`...`」; 『』 only inside a quote)",
        (r"『\s*:(?:ref|doc):", r"（\s*:doc:`[^`]*`(?:\\\s*)?を参照"),
        as_written=True,
    ),
    # -- end of the second reading's terms
    Term(
        "averaging the heads",
        "ヘッドの平均 (noun), ヘッドについて平均する (verb)",
        (r"全ヘッド", r"(?:ヘッド|ヘッドの重み)を(?:平均|まとめて平均)", r"ヘッドで平均"),
    ),
    Term("Latin letters", "ラテン文字 (a font's Latin glyphs, a letter in a file name)", (r"英字", r"アルファベット")),
    # クエリ is a token; in arithmetic it is its position (クエリの位置 + 1) or a named one (クエリ ``q``)
    Term("query as a number", "1 / (クエリの位置 + 1)", (r"クエリ\s*[+\-×/]\s*\d", r"\d\s*[+\-×/]\s*クエリ(?!の位置)")),
    Term(
        "attention received",
        "受け取る (a token 受け取る its Attention, 受け取るAttention, itself a share: never 受け取るAttentionの割合; "
        "the weights 〜に向かう a key; never 集める/集まる/受ける, never 受け取る重み)",
        (
            r"Attention(?:の重み)?(?:を|が|は|しか|も)(?:集め|集ま|受け(?!取))",
            r"(?:集まる|集める|(?<![り取])受ける)\s*Attention",
            r"受け取る重み",  # a key's share is 受け取るAttention (lesson 06), in lesson 16 too
            r"(?<!受け取る)(?<!Attentionの)重みの割合",  # lesson 16: 受け取るAttention / 受け取る寄与の割合
            r"受け取るAttentionの割合",  # its column means already sum to 1; 受け取る寄与の割合 beside it
            r"重み[^。、]{0,12}集ま",
            r"集ま[っりる][^。、]{0,6}重み",
        ),
    ),
    Term(
        "colour scale",
        "カラースケール (one scale shared by panels, vmin to vmax); カラーバー for the drawn bar",
        (r"色の(?:目盛り?|範囲)", r"カラースケールの(?:下|上(?!限)|横|隣)"),
    ),
    Term(
        "drawing function",
        "描画関数 (ビュー only in 操作できるビュー, the interactive page)",
        (r"(?<![レブ])(?<!操作できる)ビュー(?!ア)",),
    ),
    Term(
        "causal model",
        "因果モデル (GPT-2 named as itself stays)",
        (
            r"因果的な[^。、]{0,8}モデル",
            r"因果的",  # not in the glossary: 因果モデル：True, 因果モデルのA, 因果モデルかどうか
            r"GPT\s*型の",
            r"続きを書くモデル",
            r"(?:ような|である)デコーダー",
            r"左から右へ読む\s*GPT",
            r"デコーダー(?:[（(][^）)]{0,12}[）)])?\s*の?\s*モデル",  # デコーダー（GPT系）のモデル: 因果モデル
        ),
    ),
    # a weight (a cell) is counted with 個, a plotted point with 点: 重み400個に対して401点
    Term(
        "counting points",
        "401点, 1点 (a plotted point); 重み400個 (a weight, a cell)",
        (r"点が\s*(?:\d+|\{\w+\})\s*個", r"(?:につき|ごとに)\s*点を\s*(?:ちょうど)?\s*\d+\s*(?:つ|個)"),
        raw=True,  # the count is a {field}
    ),
    Term(
        "mean of the heads",
        "ヘッドの平均; with a count, 4ヘッドの平均 (各ヘッドと4ヘッドの平均; never 4個のヘッドとその平均)",
        (r"ヘッド平均", r"(?:\d|\})個のヘッド(?:とその|の)平均"),
        raw=True,  # the count is a {field} in a figure's title
    ),
    Term("model answer", "模範解答 (the learner writes コード)", (r"(?<!模範)解答",)),
    Term("note", "注釈 (Sphinx's word for a note)", (r"注記",)),
    Term("learner", "学習者", (r"学ぶ人", r"読み手", r"読者")),
    Term("check", "チェック", (r"検査",)),
    Term(
        "attending",
        "注目する; 重みを与える / 重みが集まる (never Attentionを向ける/置く)",
        (
            r"Attention(?:の重み)?(?:の[^。、]{0,8})?を[^。を]{0,40}?(?:向け|向く|置(?:いて|いた|いる|く|き(?!換)|か))",
            r"重み(?:の[^。、]{0,8})?を[^。を]{0,40}?置(?:いて|いた|いる|く|き(?!換)|か)",
            r"(?:Attention|重み)[^。]{0,20}?に(?:向(?:い|く|け)|置か)",
            r"(?:Attention|重み)[^。、]{0,6}?が\s*置か",
            r"多くを向け",
            r"置かれ(?:て)?(?:いた|る|た)?\s*(?:Attention|重み)",
        ),
    ),
    # the kit's and transformers' log messages are warnings; nothing else is a 通知 on the site
    Term("warning", "警告 (記事では「ワーニング」)", (r"通知",)),
    Term(
        "global settings",
        "グローバルな設定 / グローバルな ``rcParams``",
        (r"全体の\s*(?:設定|rcParams|フォント)",),
        through_code=True,
    ),
    Term("feed-forward network", "フィードフォワードネットワーク (「MLP」 only in parentheses)", (r"(?<![（(])MLP",)),
    Term(
        "norm / dimension",
        "ノルム (a vector's norm) / 次元数 (d, a head's size)",
        (r"(?:ベクトル|ヘッド)の(?:長さ|大きさ)", r"(?:長さ|大きさ)\s*(?:‖|\|\|)"),
        through_code=True,
    ),
    Term(
        "numerals",
        "digits for anything counted: 1つ, 2つ, 4個, 9個のうち8個 (JTF); kanji only in set phrases (一度に, 一部)",
        (
            r"(?<![〇一二三四五六七八九十百千万唯])[一二三四五六七八九]つ(?!ひとつ)",
            r"(?<![一二三四五六七八九十百千万唯])[二三四五六七八九](?:種類|か所|箇所|枚|段階|通り|個|本|回|倍|層|ヘッド|トークン|文(?!字))",
            r"(?<![一二三四五六七八九十百千万唯])一(?:種類|か所|箇所|枚|段階|個|段ずつ)",
        ),
    ),
    Term("parameter count", "0.9M (no space before M)", (r"[\d}]\s+M(?![A-Za-z])",), raw=True),
    Term(
        "uncased",
        "小文字化（uncased）版 (the gloss: Japanese first, English in parentheses)",
        (r"uncased\s*の\s*モデル", r"(?<![（(])uncased\s*[（(]?\s*(?:小文字化\s*[）)])?\s*版"),
    ),
    Term(
        "loading with a flag",
        "``output_attentions=True`` 付きで読み込む (one を)",
        (r"を\s*output_attentions=True\s*を付け",),
        through_code=True,
    ),
    # 重み is only an Attention weight, 割合 and 取り分 are a token's: rollout's mix with the identity is
    # one setting, 残差の比率 (the glossary's entry)
    Term(
        "residual ratio",
        "残差の比率 (rollout's ``residual``; 単位行列を混ぜる比率)",
        (
            r"残差の(?:重み|割合|取り分)",
            r"単位行列[^。、]{0,12}?の重み",
            # bare 残差 (残差0.5, 残差なし) reads as the connection: the setting is 残差の比率
            r"残差(?!の比率|接続)",
        ),
    ),
    # English verbs and class names left in Japanese prose
    Term("unpickle", "pickleを読み込む (pickle形式のパラメーターを読み込む)", (r"(?<![A-Za-z0-9_`])[Uu]npickl",)),
    Term(
        "matplotlib class names",
        "``Axes``, ``Artist`` (as code: they are class names)",
        (r"(?<![A-Za-z0-9_.`])(?:Axes|Artist)(?![A-Za-z0-9_`])",),
    ),
    Term("token position", "位置 (整数の位置, 負の数は末尾から数える)", (r"インデックス",)),
    Term(
        "first text of a batch",
        "バッチの最初の文 (``[0]``; バッチの最初の（ここでは唯一の）文 where the batch holds one; counted from 0)",
        (r"バッチの\s*(?:1|１|一)番目", r"バッチの最初のテキスト", r"バッチに\s*1つだけ入っている"),
    ),
    # the format is safetensors形式; a file is named by its extension, ``.safetensors`` ファイル
    Term(
        "safetensors format",
        "safetensors形式 (the format); ``.safetensors`` ファイル (a file)",
        (r"\.safetensors\s*形式", r"safetensors\s+形式"),
        through_code=True,
    ),
    # 出力 is what the attention (or a layer) outputs (the glossary); what a lesson prints is its 表示
    Term("printout", "上の表示 / 下の表示 (出力 only for what attention or a layer outputs)", (r"(?:上|下)の出力",)),
    # a function's arguments; パラメーター is what a model has learned (the glossary)
    Term(
        "function argument",
        "引数 (その他の引数, キーワード引数); パラメーター only for a model's learned numbers",
        (r"(?:キーワード|位置専用|その他の|関数の|メソッドの)\s*パラメーター", r"^パラメーター$"),
    ),
    Term(
        "sub-word",
        "トークン (トークンごと); サブワード only where a word is split into several tokens",
        (r"サブワード\s*(?:ごと|のとき|単位)",),
    ),
    Term(
        "head pattern",
        "パターン (the glossary's ヘッドのパターン: 隣の対角線、縦じま、広がり); 形 only for a tensor's shape; "
        "模様 never; a trend of numbers is 傾向 (同様の傾向が出た)",
        (
            r"(?<!しま)(?<!縞)模様",
            r"ヘッドの[\\\s]*\**形(?!式)",
            r"形に分かれ",
            r"探す形",
            r"(?:同様の|ある)パターンが",  # a trend of numbers (lesson 10, 14), not a head's pattern
        ),
    ),
    Term("hidden size", "隠れ状態の次元数 (1024)", (r"幅\s*[0-9{]", r"(?:隠れ状態|ベクトル|モデル)の幅")),
    Term("floor of a 3D plot", "底面", (r"床",)),
    Term(
        "mask",
        "因果マスク / パディングのマスク（``attention_mask``） (never a bare マスク; マスクする/された is the verb)",
        (r"Attention\s*マスク", r"(?<![ァ-ヶー])(?<!因果)(?<!パディングの)(?<!因果の)マスク(?![しさ])"),
    ),
    Term("in its workings", "仕組みの上で", (r"仕組みのうえで",)),
    Term("CI", "自動テスト（CI）", (r"CI\s*[（(]\s*自動テスト",)),
    Term(
        "generation config",
        "テキスト生成の設定（generation config）",
        (r"(?<!テキスト)生成用?の設定", r"テキスト生成用の設定"),
    ),
    # one citation style in running text: 「Clark et al.（2019、3節と図2）は」, in a remark
    # 「（Abnar & Zuidema、2020）」; places in Japanese (節, 図, 表). A reference list's entry
    # (Kudo & Richardson (2018), "Title") keeps its bibliographic form.
    Term(
        "citation style",
        "Clark et al.（2019、3節と図2）; （Abnar & Zuidema、2020）",
        (
            r"et al\.\s*\(\s*\d{4}(?!\),\s*\")",  # not a reference list's "Radford et al. (2019), "Title""
            r"(?:et al\.|&\s*[A-Z][\w-]+),\s*\d",  # （Kobayashi et al., 2020）, （Kobayashi et al., 2.2節）
            r"(?<![\w.])(?:Figure|Fig\.|Table)\s*\d",
            r"[（(]\s*\d{4}\s*,",  # Jain & Wallace (2019, "Title")
        ),
    ),
    Term(
        "backend names",
        "FlashAttention; メモリ効率のよい注意機構の実装（memory-efficient attention）",
        (r"[Ff]lash[\s_-]+[Aa]ttention|flashattention", r"(?<![（(])memory-efficient attention"),
    ),
    Term(
        "attention received (label)",
        "受け取るAttention（列の平均）; a colour bar of one row or column: 「食べ」からのAttentionの重み",
        (r"受け取るAttentionの平均", r"」\s*(?:から|へ)の\s*Attention$"),  # a label: the message ends there
    ),
    Term(
        "layer and head",
        "層L、ヘッドH (this order, with 、)",
        # 層3 ヘッド0 and 層3ヘッド0 (no 、), ヘッド0、層3 (the other order)
        (r"層\s*(?:\d+|\{\w+\})\s*ヘッド", r"ヘッド\s*(?:\d+|\{\w+\})\s*、\s*層"),
        raw=True,  # the numbers are {fields} in a printout
    ),
    Term(
        "diagonal",
        "対角線: only the main diagonal (対角線より上); the pattern of attending to the neighbour: 隣の対角線",
        (
            r"主対角線",  # 対角線 is the main one already
            r"(?<!隣の)(?<!隣の\\ )対角線[\\\s*]*(?:[（(]各トークンが隣|、\s*縦じま)",  # the pattern, unqualified
            r"(?:右|左)に対角線",
        ),
    ),
    Term(
        "drawing function and view",
        "描画関数: the Python function that draws a figure; a view the command line draws is 図の種類",
        (r"描画関数を描", r"描ける描画関数", r"描画関数がモデルの", r"コマンドライン(?:で|が)描ける図(?!の種類)"),
    ),
    Term(
        "tick labels on an axis",
        "x軸の目盛りのラベル (see also 目盛りのラベル); 軸ラベル only for an axis title",
        # {axis}軸のラベル: a field reads as a space
        (r"(?:[xyＸＹ]|(?<=\s))軸のラベル", r"[xyＸＹ]軸の目盛り(?!の?ラベル)"),
    ),
    Term(
        "share and fraction",
        "取り分: rollout's share and the even share only; what reaches a token (a column mean) is 割合",
        (r"届く取り分", r"(?:キー|トークン)にも取り分が残"),
    ),
    Term(
        "contribution",
        "寄与: only ‖α f(x)‖ (lesson 16, Kobayashi et al.); rollout's share of an input token: 入力トークンの取り分",
        (r"寄与が(?:広が|混ざ)",),
    ),
    Term("bundled models", "同梱のモデル", (r"自前のモデル",)),
    Term("load report", "読み込み時の警告 (the LOAD REPORT is a warning)", (r"読み込みのレポート",)),
    Term(
        "the glossary's rule",
        "the article's words, except where an entry says why not (記事での呼び方)",
        (r"記事に言い方があればそれに従います(?![^。]*。[^。]*ただし)",),
    ),
    Term(
        "developer words on a learner page",
        "(learner pages do not mention the project's check scripts)",
        (r"check_\w+\.py", r"カタログ"),
        through_code=True,
        site_only=True,  # the kit's messages to developers may name them; the site's pages are for learners
    ),
    # 受け取るAttention is the column mean (a number per token); the column itself is the weights on a key
    Term(
        "attention received is a mean",
        "受け取るAttention only for the column mean; a column is 「食べ」に向かう重み",
        (
            r"受け取る[\\\s*]*Attention[^。、]{0,3}?(?:は|が)[、\s]*1本の線",
            r"受け取る[\\\s*]*Attention[^。]{0,12}?列\s*\d",
        ),
    ),
    Term(
        "broad pattern",
        "広がり (the head pattern: 重みが広く散らばるヘッド)",
        (r"広がった[\\\s*]*(?:パネル|ヘッド)", r"広く注目する(?:ヘッド|パネル)"),
    ),
    Term(
        "drawing off-screen",
        "画面外で描く",
        (r"画面に\s*(?:表示せず|出さず)に?\s*(?:パネルを)?\s*描", r"オフスクリーン"),
    ),
    Term(
        "SentencePiece",
        "SentencePiece (the method and its library); ``sentencepiece`` only as code (the pip package)",
        (r"(?<![A-Za-z0-9_.-])[Ss]entencepiece(?![A-Za-z0-9_-])", r"Sentence\s+Piece"),
    ),
    Term(
        "transformers' load report",
        "``LOAD REPORT``, ``UNEXPECTED`` (what transformers prints, as code)",
        (r"LOAD\s+REPORT", r"(?<![A-Za-z_])UNEXPECTED(?![A-Za-z_])"),
        site_only=True,  # the kit's messages are plain text, with no code font to put them in
    ),
    # a paper's title inside a Japanese sentence is quoted 「What Does BERT Look At?」; a reference list's
    # entry (Clark et al. (2019), "Title") keeps its bibliographic form
    Term(
        "paper title quoted",
        '「Attention is Not Only a Weight」 in a Japanese sentence; a reference list keeps "Title"',
        (r'(?<![\w=(\[{\\])(?<!\), )(?<![A-Za-z], )"[A-Z][^"\n]*?\s[^"\n]*?"',),
        site_only=True,  # the kit's messages quote a command line's argument ("I love ...") as typed
    ),
    Term(
        "et al. before Japanese",
        "Clark et al.は, Kobayashi et al.（2020） (no space after et al. before Japanese)",
        (r"et al\.[ \t]+(?=[ぁ-んァ-ヶー一-龯「『（])",),
    ),
    Term("font name", "MS Gothic (a font's name, unquoted, as DejaVu Sans)", (r"「\s*MS Gothic\s*」",)),
    Term("dated release", "transformers 4.41（2024年5月）", (r"4\.41\s*[（(]\s*2024\s*年?\s*[）)]",)),
    Term("heterogeneous", "不均一（heterogeneous）", (r"まちまち",)),
    Term("where a layer reads from", "層がどの位置から情報を取り込むか", (r"読み取り元",)),
    # -- the kit's printouts and figures (attn_teach/locale): counts, colons, quoted tokens, verbs ---------
    Term(
        "counts multiplied",
        "4層×4ヘッド, {layers}層×{heads}ヘッド (no space around × between counts; a formula keeps its own)",
        (
            r"(?:\d|\})[ぁ-んァ-ヶー一-龯]{1,6}\s+×",  # 4層 ×
            r"×\s+(?:\d+|\{[^{}]*\})[ぁ-んァ-ヶー一-龯]",  # × 4ヘッド
            r"×\{[^{}]*:[<>^]?\d+\}",  # ×{heads:>2}: a padded field prints the space
        ),
        raw=True,
    ),
    Term(
        "label and value",
        '行の和：{sums} (no space after ：; build the line with a placeholder, not print(_("…:"), value))',
        (r"：[ \t]",),
        as_written=True,
        kit_only=True,  # the site writes ：``code`` (the literal reads as a space here)
    ),
    # lesson 01 prints 次のトークン0.59、前のトークン0.13: lesson 12 prints the same numbers, with the same labels
    Term(
        "next / previous token",
        "次のトークン{next:.2f}、前のトークン{previous:.2f} (the label is the token, as lesson 01 prints it)",
        (r"(?<![ぁ-んァ-ヶー一-龯])(?:次|前)\s*\{",),
        raw=True,
    ),
    # a Japanese line lists its labelled values with 、 (an English log's run of spaces reads as a gap);
    # a table's columns (a header, {name:28} padding) have no label：value before the spaces
    Term(
        "values in a line",
        "層0、ヘッド0：次のトークン0.59、前のトークン0.13 (、 between labelled values, never a run of spaces)",
        (r"：[^\s、。]*[ \t]{2,}(?=\S)", r"：[^\s、。`|]*[ \t]*\|[ \t]*\S"),  # or a log's " | " (not ``||x||``)
        as_written=True,
    ),
    Term(
        "token quoted (fields)",
        "「{token}」 (a printout's or figure's token in 「」; an error may show a user's value with !r)",
        # not code: a quote after a name, =, ( or [ is a Python string (f"{matrix[i, j]:.2f}")
        (
            r"(?<![A-Za-z0-9_=(\[])'\{[^{}]*\}'",
            r'(?<![A-Za-z0-9_=(\[])"\{[^{}]*\}"',
            r"\{\w*(?:query|key|gainer|loser)\w*!r\}",
        ),
        raw=True,
    ),
    Term(
        "what a key brings",
        "キーの寄与 (a key 寄与する to a query; never 加える, and never 寄与をもたらす: 寄与 says it already)",
        (r"(?:キー|クエリ)[^。、]{0,12}に加える", r"寄与を\s*もたら", r"もたらす\s*寄与"),
    ),
    # bare Attention is the idea or an amount of weight (受け取るAttention); the mechanism is 注意機構
    Term(
        "attention mechanism",
        "注意機構 (注意機構の実装, 注意機構の層, 注意機構の計算をする部分); bare Attention is never the mechanism",
        (
            r"Attention(?:の既定)?の\s*実装",
            # the layer's position, not an Attention object's layers (このAttentionの層は4個)
            r"Attentionの\s*層の[\\\s*]*(?:後ろ|前|あと|中)",
            r"Attentionを計算する\s*(?:部分|の|か)",
            r"1つのAttentionの計算",
            # a backend, a head, what a layer gathers through it, what a head does: all the mechanism
            r"メモリ効率の(?:よい|良い)\s*Attention",
            r"Attentionの\s*ヘッド",
            r"Attentionで\s*取り込",
            r"することがない(?:とき|場合)の\s*Attention",
            r"Attention\s*(?:は|を|が)\s*eager\s*実装",  # 評価モードで、注意機構はeager実装
        ),
    ),
    # -- the API page's docstrings and the interactive page: one word with the lessons ------------------
    Term("grid of panels", "格子 (lesson 12's word: 格子の読み方, 4×4の格子)", (r"グリッド",)),
    Term(
        "reduction",
        "集約, 集約の関数 (head_mean, without_special, words, rollout: the API's section is 集約)",
        (r"集計",),
    ),
    # the interactive page's format, in the page's words: two バイト列 per matrix, a 推定値 from k plus r,
    # the 表示値 the page shows under the pointer
    Term(
        "interactive format",
        "バイト列, 推定値 (``k`` による推定値), 表示値",
        (r"バイトの面", r"(?:2つの|すべての)面(?:が|を|は)", r"読み取り表示", r"推測を足", r"から求めた推測"),
    ),
    Term(
        "interactive tool",
        "対話型のツール (bertviz and other people's tools); 操作できるビュー only for the kit's page",
        (r"対話的", r"操作できるツール", r"インタラクティブな?ツール"),
    ),
    # a ratio rounded from the printout (121.4, 350.6) says so, with one word
    Term(
        "approximate ratio",
        "約121倍, 約351倍, 約1.3倍 (約, never およそ, before a ratio; 121 and 351 are rounded)",
        (r"およそ\s*\d[\d.,]*\s*倍", r"(?<![約\d.])(?:121|351)\s*倍"),
    ),
    Term(
        "model size",
        "24層×16ヘッド, 4層×4ヘッド (as lessons 00 and 12 write it)",
        (r"(?:\d|\})層、\s*(?:\d+|\{\w+\})ヘッド", r"(?:\d|\})層で各\s*\d+ヘッド"),
        raw=True,
    ),
    Term(
        "units",
        "5MB, 20MB, 50ms (no space between a number and its unit in Japanese)",
        (r"(?:\d|\})[ \t]+(?:[kKMGT]i?B|ms)(?![A-Za-z])",),
        raw=True,  # the size is a {field} in the kit's messages
    ),
    Term(
        "large counts",
        "約3.4億個 (Japanese counts in 万 and 億; 0.9M only as the kit's figure labels print it)",
        (r"\d\s*[MB]\s*個",),
    ),
    # -- the wince list: phrasings a Japanese teacher corrects ------------------------------------------
    Term(
        "unnatural phrasing",
        "1つのモジュールに1つの役割; 1行の重みを足すと1; 貼り付ける; 計算で決まる値; "
        "最初のトークンをAttentionシンクとして使う",
        (r"1つに1つの考え", r"色を足すと", r"押し付け", r"決まりで決まる", r"シンクを学習"),
    ),
    # what the article meant or saw, when the site only guesses it, is hedged (考えられる, おそらく)
    Term(
        "guess stated as fact",
        "記事が示そうとしたと考えられるもの; 四角（文字化け。記事でもおそらくこう表示された）",
        (r"本当に示したかった", r"記事と同じく\s*四角"),
    ),
    # a heading that is a quoted message carries its own 「」: a reference to it takes no second pair
    Term(
        "doubled brackets",
        "one pair of 「」 (a quote inside a quote is 『』); :ref: to a quoted heading without 「」 around it",
        (r"「「", r"」」", r"「(?:\\\s)?:ref:`troubleshooting-(?:protobuf|generation-flag)`"),
        as_written=True,
    ),
    Term(
        "kana spelling",
        "ほかの, とおり (次のとおり, いつもどおり); 2通り counts ways, を通り is the verb",
        (r"(?<!その)他の", r"(?<![\d０-９を])通り"),
    ),
    Term("number format", "1024 (as n_positions=1024 prints it; 32,000 keeps its comma)", (r"1,024",)),
)

# Text that is code, not prose: ``literal``, a role's target, {python-brace field}, %(field)s.
_TITLED_ROLE = re.compile(r":[\w:]+:`([^`<]*?)\s*<[^<>`]*>`")  # :term:`トークン <token>` -> トークン
_TERM_ROLE = re.compile(r":term:`([^`<]*)`")  # :term:`softmax` shows "softmax": prose
_CODE = re.compile(r"``.+?``|:[\w:]+:`[^`]*`|`[^`]*`_{0,2}|\{[\w.!:]*\}|%\(\w+\)\w")
_QUOTE = re.compile(r"「([^「」]*(?:「[^「」]*」[^「」]*)*)」")


def article_text(path: pathlib.Path = ARTICLE) -> str | None:
    """The article's text with whitespace removed (quotes are compared that way), or None."""
    if not path.is_file():
        return None
    return re.sub(r"\s+", "", path.read_text(encoding="utf-8"))


_LITERAL = re.compile(r"``(.+?)``")


def prose(text: str, article: str | None, through_code: bool = False) -> str:
    """``text`` without code and without the article's own quoted words (see the module docstring).

    With ``through_code``, a ````literal```` is kept as its text (to find the word written after it)."""
    if through_code:
        text = _LITERAL.sub(r"\1", text)
    text = _CODE.sub(" ", _TERM_ROLE.sub(r"\1", _TITLED_ROLE.sub(r"\1", text)))
    if article is None:
        return text

    def keep_unless_article(match: re.Match) -> str:
        # a quote inside the quote is written 『』 where the article has 「」; …… marks a gap
        quoted = re.sub(r"\s+", "", match.group(1)).replace("『", "「").replace("』", "」")
        parts = [part for part in re.split(r"…+", quoted) if part]
        return "「」" if parts and all(part in article for part in parts) else match.group(0)

    return _QUOTE.sub(keep_unless_article, text)


@dataclasses.dataclass(frozen=True)
class Finding:
    path: pathlib.Path
    line: int
    term: Term
    variant: str
    context: str

    def __str__(self) -> str:
        try:
            where = self.path.relative_to(ROOT)
        except ValueError:
            where = self.path
        return f"{where}:{self.line}: [{self.term.idea}] {self.variant!r} in …{self.context}…; write {self.term.write}"


def messages(path: pathlib.Path):
    """``(line, msgstr)`` of every translated message of a catalogue (fuzzy ones too)."""
    for line, _, string in entries(path):
        yield line, string


def translated(path: pathlib.Path):
    """``(message, msgstr)`` of every translated message of a catalogue (fuzzy ones too; each plural form)."""
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        yield from ((message, string) for string in strings if string)


def code_words(comments) -> tuple[str, ...]:
    """The words a message's translator comments mark as code (``# code: imshow {where}``)."""
    return tuple(
        word
        for comment in comments
        if comment.strip().startswith("code:")
        for word in comment.strip()[len("code:") :].split()
    )


def entries(path: pathlib.Path):
    """``(line, msgid, msgstr)`` of every translated message of a catalogue (fuzzy ones too)."""
    for message, string in translated(path):
        # a code word reads as a ``literal``: prose leaves it out, and a term that looks through code
        # still sees it (``cls.*`` の重み where the message marks cls.* as code); a {field} is code
        # already (and a colon after it stays)
        for word in code_words(message.user_comments):
            if not word.startswith("{"):
                string = re.sub(rf"(?<![\w`-]){re.escape(word)}(?![\w`-])", f"``{word}``", string)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        yield message.lineno, msgid, string


def check_text(
    text: str, article: str | None = None, home: tuple[str, str] | None = None
) -> list[tuple[Term, str, str]]:
    """``(term, variant, context)`` for every forbidden variant in the prose of ``text``.

    ``home`` is ``(catalogue file name, msgid)`` of the message: a term whose ``home`` names it (the
    catalogue and the start of the msgid) allows it."""
    found = []
    plain = prose(text, article)
    for term in TERMS:
        if term.home is not None and home is not None and term.home[0] == home[0] and home[1].startswith(term.home[1]):
            continue
        if term.as_written:
            checked = text
        elif term.raw:
            # the message as written, less ``literals`` and the article's quotes; fields stay
            checked = prose(_LITERAL.sub(" ", text).replace("{", "\x00").replace("}", "\x01"), article)
            checked = checked.replace("\x00", "{").replace("\x01", "}")
        elif term.through_code:
            checked = prose(text, article, through_code=True)
        else:
            checked = plain
        pattern = "|".join(f"(?:{variant})" for variant in term.never)  # one finding per place
        for match in re.finditer(pattern, checked):
            start, end = max(0, match.start() - 12), match.end() + 12
            found.append((term, match.group(0), checked[start:end].replace("\n", " ")))
    return found


def site_catalogue(path: pathlib.Path) -> bool:
    """A catalogue of the docs site (``docs/locale/``), not one of the kit's."""
    parts = path.resolve().parts
    return "docs" in parts and "locale" in parts


def check_catalogue(path: pathlib.Path, article: str | None, every_term: bool = False) -> list[Finding]:
    """The findings in one catalogue; ``every_term`` holds the kit's catalogues to the site-only terms too."""
    site = every_term or site_catalogue(path)
    return [
        Finding(path, line, term, variant, context)
        for line, msgid, text in entries(path)
        for term, variant, context in check_text(text, article, home=(path.name, msgid))
        if (site or not term.site_only) and not (term.kit_only and site_catalogue(path))
    ]


def japanese_catalogues(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """Every Japanese catalogue of the repository: ``**/locale/ja/LC_MESSAGES/**/*.po``."""
    skip = {".git", ".venv", ".venv-ci", "_build", "node_modules", ".nox"}
    return sorted(
        p for p in root.glob("**/locale/ja/LC_MESSAGES/**/*.po") if not skip.intersection(p.relative_to(root).parts)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "catalogues",
        nargs="*",
        type=pathlib.Path,
        help="catalogues to check (default: every Japanese .po of the repository)",
    )
    parser.add_argument(
        "--every-term",
        action="store_true",
        help="hold the kit's catalogues to the site-only terms too (what they still write)",
    )
    args = parser.parse_args(argv)
    article = article_text()
    if article is None:
        print(f"note: no article at {ARTICLE}: every 「quote」 is checked as prose", file=sys.stderr)
    paths = args.catalogues or japanese_catalogues()
    findings = [finding for path in paths for finding in check_catalogue(path, article, args.every_term)]
    for finding in findings:
        print(finding)
    if findings:
        files = len({f.path for f in findings})
        print(
            f"term check FAILED: {len(findings)} forbidden variant(s) in {files} of {len(paths)} catalogue(s); "
            f"the term base is docs/glossary.rst",
            file=sys.stderr,
        )
        return 1
    print(f"term check passed: {len(paths)} catalogue(s), one word per idea")
    return 0


if __name__ == "__main__":
    sys.exit(main())

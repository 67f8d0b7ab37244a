"""Deterministic training corpora for the embedded models.

The kit cannot download a corpus, and a corpus copied from somewhere would carry
someone else's licence. So both corpora are *generated* here from small grammars
written for the kit: sentences about food, days, study and language technology,
in English (for ``tiny-bert-en``) and in Japanese (for ``tiny-gpt2-ja``). As real
Japanese text does, the Japanese lines also carry words in Latin letters
("Python", "AI", "GPU", 「hello world」) and numbers ("3時に").

The grammars are built so that the article's two sentences are in-distribution:

* "I love natural language processing!"
* "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"

Everything is driven by ``random.Random(seed)``: the same seed gives the same
lines, byte for byte, on every machine (``tests/models/test_embedded.py`` checks it).
"""

from __future__ import annotations

import hashlib
import random

EN_SENTENCE = "I love natural language processing!"
JA_SENTENCE = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"

# --- English grammar -------------------------------------------------------
_EN_SUBJECTS = [
    "i",
    "you",
    "we",
    "they",
    "she",
    "he",
    "my friend",
    "the teacher",
    "the student",
    "our team",
    "the researcher",
    "my sister",
]
_EN_VERBS_LIKE = ["love", "like", "enjoy", "study", "teach", "learn", "hate", "read about"]
_EN_VERBS_LIKE_3 = {
    "love": "loves",
    "like": "likes",
    "enjoy": "enjoys",
    "study": "studies",
    "teach": "teaches",
    "learn": "learns",
    "hate": "hates",
    "read about": "reads about",
}
_EN_TOPICS = [
    "natural language processing",
    "machine learning",
    "deep learning",
    "language models",
    "computer vision",
    "speech recognition",
    "machine translation",
    "data processing",
    "signal processing",
    "image processing",
    "statistics",
    "linear algebra",
    "neural networks",
    "transformers",
    "attention",
]
_EN_FOODS = [
    "curry",
    "ramen",
    "rice",
    "bread",
    "noodles",
    "sushi",
    "soup",
    "salad",
    "pizza",
    "apples",
    "cake",
    "tea",
    "coffee",
]
_EN_TIMES = ["today", "yesterday", "tomorrow", "every day", "on sunday", "this morning", "last night", "next week"]
_EN_ADJ = [
    "natural",
    "new",
    "simple",
    "hard",
    "useful",
    "interesting",
    "large",
    "small",
    "fast",
    "slow",
    "beautiful",
    "strange",
]
_EN_NOUNS = [
    "model",
    "language",
    "sentence",
    "word",
    "book",
    "paper",
    "idea",
    "computer",
    "program",
    "network",
    "picture",
    "story",
    "question",
    "answer",
]
_EN_PUNCT = [".", ".", ".", "!", "!"]


def _en_line(r: random.Random) -> str:
    subj = r.choice(_EN_SUBJECTS)
    third = subj not in ("i", "you", "we", "they")
    kind = r.randrange(7)
    if kind <= 1:
        verb = r.choice(_EN_VERBS_LIKE)
        verb = _EN_VERBS_LIKE_3[verb] if third else verb
        s = f"{subj} {verb} {r.choice(_EN_TOPICS)}"
    elif kind == 2:
        verb = ("eats" if third else "eat") if r.random() < 0.5 else "ate"
        s = f"{r.choice(_EN_TIMES)} {subj} {verb} {r.choice(_EN_FOODS)}"
    elif kind == 3:
        be = "is" if third else ("am" if subj == "i" else "are")
        s = (
            f"{subj} {be} {r.choice(['reading', 'writing', 'processing', 'learning', 'testing'])} "
            f"a {r.choice(_EN_ADJ)} {r.choice(_EN_NOUNS)}"
        )
    elif kind == 4:
        s = f"the {r.choice(_EN_NOUNS)} is {r.choice(_EN_ADJ)} and {r.choice(_EN_ADJ)}"
    elif kind == 5:
        s = f"{r.choice(_EN_TOPICS)} is {r.choice(_EN_ADJ)}"
    else:
        verb = r.choice(_EN_VERBS_LIKE)
        verb = _EN_VERBS_LIKE_3[verb] if third else verb
        s = f"{subj} {verb} {r.choice(_EN_FOODS)} and {r.choice(_EN_TOPICS)}"
    s = s[0].upper() + s[1:]
    return s + r.choice(_EN_PUNCT)


# --- Japanese grammar ------------------------------------------------------
# "|" marks morpheme boundaries. The sentencepiece trainer is told not to make
# pieces across them (``pretokenization_delimiter``); the text the models see has
# no "|" at all (see :func:`japanese`).
_JA_TIMES_PAST = ["今日", "昨日", "今朝", "先週", "日曜日", "昨夜"]
_JA_TIMES_FUTURE = ["明日", "来週", "今夜", "週末", "明後日"]
_JA_FOODS = [
    "カレー|ライス",
    "ラーメン",
    "うどん",
    "そば",
    "寿司",
    "パン",
    "ご飯",
    "サラダ",
    "ケーキ",
    "りんご",
    "天ぷら",
    "おにぎり",
    "スープ",
    "カレー",
    "焼き|そば",
]
_JA_DRINKS = ["お茶", "コーヒー", "水", "牛乳", "ジュース"]
_JA_PLACES = ["学校", "図書館", "公園", "駅", "家", "店", "会社", "大学"]
_JA_THINGS = ["本", "映画", "新聞", "手紙", "絵", "論文"]
# words written in Latin letters inside Japanese text, as loanwords and names are;
# about one clause in eight has one (or a number)
_JA_LATIN_SHARE = 0.125
_JA_LATIN_TOPICS = ["Python", "AI", "GPU", "Linux", "Web", "SQL", "Git", "PC", "NLP"]
_JA_LATIN_GOODS = ["GPU", "PC", "USB|メモリ", "SSD"]
_JA_LATIN_PHRASES = [
    "hello| |world",
    "hello",
    "Hello|,| |world|!",
    "good| |morning",
    "thank| |you",
    "I| |love| |Python|!",
    "OK",
]
# verb stems taking を, with their past ("ました") and volitional endings
_JA_VERBS = {
    "food": [("食べ", "よう"), ("作り", "ろう"), ("買い", "おう")],
    "drink": [("飲み", "もう"), ("買い", "おう")],
    "thing": [("読み", "もう"), ("見", "よう"), ("書き", "こう")],
    "study": [("勉強し", "よう"), ("使い", "おう")],
    "goods": [("買い", "おう"), ("使い", "おう")],
}


def _volitional(stem: str, ending: str) -> str:
    # 食べ+よう, 見+よう keep the stem; 作り -> 作ろう drops the stem's last kana
    return f"{stem}|{ending}" if ending == "よう" else f"{stem[:-1]}|{ending}"


def _ja_latin_past(r: random.Random) -> str:
    """A past-tense line with a Latin-letter word or a number in it."""
    time = r.choice(_JA_TIMES_PAST)
    kind = r.randrange(5)
    if kind == 0:
        stem, _ = r.choice(_JA_VERBS["study"])
        return f"{time}|は|{r.choice(_JA_PLACES)}|で|{r.choice(_JA_LATIN_TOPICS)}|を|{stem}|ました|。"
    if kind == 1:
        return f"{time}|は|{r.choice(_JA_LATIN_TOPICS)}|の|{r.choice(['本', '論文'])}|を|読み|ました|。"
    if kind == 2:
        return f"{time}|は|Python|で|「|{r.choice(_JA_LATIN_PHRASES)}|」|と|書き|ました|。"
    if kind == 3:
        return f"{time}|は|友達|に|「|{r.choice(_JA_LATIN_PHRASES)}|」|と|言い|ました|。"
    stem, _ = r.choice(_JA_VERBS["food"])
    return f"{time}|は|{r.randint(1, 12)}|時|に|{r.choice(_JA_FOODS)}|を|{stem}|ました|。"


def _ja_past(r: random.Random) -> str:
    if r.random() < _JA_LATIN_SHARE:
        return _ja_latin_past(r)
    kind = r.randrange(4)
    if kind <= 1:
        stem, _ = r.choice(_JA_VERBS["food"])
        return f"{r.choice(_JA_TIMES_PAST)}|は|{r.choice(_JA_FOODS)}|を|{stem}|ました|。"
    if kind == 2:
        stem, _ = r.choice(_JA_VERBS["drink"])
        return f"{r.choice(_JA_TIMES_PAST)}|は|{r.choice(_JA_DRINKS)}|を|{stem}|ました|。"
    stem, _ = r.choice(_JA_VERBS["thing"])
    return f"{r.choice(_JA_TIMES_PAST)}|は|{r.choice(_JA_PLACES)}|で|{r.choice(_JA_THINGS)}|を|{stem}|ました|。"


def _ja_future(r: random.Random) -> str:
    latin = r.random() < _JA_LATIN_SHARE
    kind = r.randrange(4)
    ending = r.choice(["|と|思い|ます|。", "|と|思い|ます|。", "|と|思って|います|。", "|。"])
    if latin:
        objects, verbs = (_JA_LATIN_TOPICS, "study") if kind <= 1 else (_JA_LATIN_GOODS, "goods")
        verb = _volitional(*r.choice(_JA_VERBS[verbs]))
        return f"{r.choice(_JA_TIMES_FUTURE)}|は|{r.choice(objects)}|を|{verb}{ending}"
    if kind <= 1:
        verb = _volitional(*r.choice(_JA_VERBS["food"]))
        return f"{r.choice(_JA_TIMES_FUTURE)}|は|{r.choice(_JA_FOODS)}|を|{verb}{ending}"
    if kind == 2:
        verb = _volitional(*r.choice(_JA_VERBS["drink"]))
        return f"{r.choice(_JA_TIMES_FUTURE)}|は|{r.choice(_JA_DRINKS)}|を|{verb}{ending}"
    return f"{r.choice(_JA_TIMES_FUTURE)}|は|{r.choice(_JA_PLACES)}|に|行こ|う{ending}"


def _ja_line(r: random.Random) -> str:
    n = r.randrange(3)
    if n == 0:
        return _ja_past(r)
    if n == 1:
        return _ja_past(r) + "|" + _ja_future(r)
    return _ja_past(r) + "|" + _ja_past(r) + "|" + _ja_future(r)


def english(n_lines: int = 20000, seed: int = 0) -> list[str]:
    """Return ``n_lines`` English training lines (deterministic in ``seed``)."""
    r = random.Random(seed)
    lines = [_en_line(r) for _ in range(n_lines)]
    lines[::97] = [EN_SENTENCE] * len(lines[::97])  # the article's sentence, about 1%
    return lines


JA_SEGMENTED = "今日|は|カレー|ライス|を|食べ|ました|。|明日|は|ラーメン|を|食べ|よう|と|思い|ます|。"
JA_DELIMITER = "|"


def japanese(n_lines: int = 20000, seed: int = 0, *, segmented: bool = False) -> list[str]:
    """Return ``n_lines`` Japanese training lines (deterministic in ``seed``).

    With ``segmented=True`` morphemes are separated by :data:`JA_DELIMITER`, which
    is what the tokenizer trainer reads; the model is trained on the plain text.
    """
    r = random.Random(seed)
    lines = [_ja_line(r) for _ in range(n_lines)]
    lines[::97] = [JA_SEGMENTED] * len(lines[::97])
    return lines if segmented else [line.replace(JA_DELIMITER, "") for line in lines]


def digest(lines: list[str]) -> str:
    """SHA-256 of the corpus as UTF-8 text, one line each: its identity in model cards."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

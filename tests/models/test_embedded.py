"""The embedded models can be regenerated: corpus and tokenizer byte for byte, cards that add up.

Training is not repeated here (minutes of CPU); what is checked is everything that
must not drift: the generated corpora, the tokenizer files built from them, and
the numbers the model cards report about the shipped weights.
"""

from __future__ import annotations

import json

import pytest

from attn_teach.embedded import card, corpus, vocab
from attn_teach.models import embedded_model_path

LANGUAGES = {"tiny-bert-en": corpus.english, "tiny-gpt2-ja": corpus.japanese}


def training(name: str) -> dict:
    return json.loads((embedded_model_path(name) / "training.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def english():
    return corpus.english()


@pytest.fixture(scope="module")
def japanese_segmented():
    return corpus.japanese(segmented=True)


# -- corpus ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(LANGUAGES))
def test_corpus_is_deterministic_and_matches_the_card(name):
    make = LANGUAGES[name]
    first, second = make(), make()
    assert first == second
    stats = training(name)
    assert len(first) == stats["corpus_lines"] == stats["config"]["n_lines"]
    assert sum(map(len, first)) == stats["corpus_characters"]
    assert corpus.digest(first) == stats["corpus_sha256"]
    assert corpus.digest(make(seed=1)) != stats["corpus_sha256"]  # the digest does tell corpora apart


def test_corpora_contain_the_article_sentences(english):
    assert corpus.EN_SENTENCE in english
    assert corpus.JA_SENTENCE in corpus.japanese(n_lines=200)


def test_segmented_japanese_is_the_plain_text_with_delimiters(japanese_segmented):
    plain = corpus.japanese()
    assert [line.replace(corpus.JA_DELIMITER, "") for line in japanese_segmented] == plain
    assert all(corpus.JA_DELIMITER not in line for line in plain)


# -- tokenizers ---------------------------------------------------------------------------
def test_wordpiece_vocab_is_the_shipped_vocab(english):
    shipped = (embedded_model_path("tiny-bert-en") / "vocab.txt").read_text(encoding="utf-8")
    assert vocab.wordpiece_vocab(english) == shipped.splitlines()
    assert len(shipped.splitlines()) == training("tiny-bert-en")["vocab_size"]


def test_sentencepiece_model_is_the_shipped_model_byte_for_byte(japanese_segmented):
    shipped = (embedded_model_path("tiny-gpt2-ja") / "spiece.model").read_bytes()
    assert vocab.train_sentencepiece(japanese_segmented) == shipped


def test_sentencepiece_and_transformers_agree_on_the_unknown_id():
    """transformers' T5Tokenizer takes id 2 as unknown whatever the file says; the file puts <unk> there."""
    import sentencepiece as spm
    from transformers import AutoTokenizer

    folder = embedded_model_path("tiny-gpt2-ja")
    sp = spm.SentencePieceProcessor(model_file=str(folder / "spiece.model"))
    tok = AutoTokenizer.from_pretrained(folder)
    assert sp.id_to_piece(sp.unk_id()) == "<unk>" == tok.unk_token
    assert sp.unk_id() == tok.unk_token_id == vocab.SPIECE_UNK_ID
    assert sp.encode("🍛") == [sp.piece_to_id("▁"), sp.unk_id()]
    assert tok("🍛")["input_ids"] == [sp.piece_to_id("▁"), sp.unk_id(), tok.eos_token_id]


def test_japanese_corpus_has_latin_words_and_numbers(japanese_segmented):
    morphemes = {m for line in japanese_segmented for m in line.split(corpus.JA_DELIMITER)}
    assert {"hello", "Python", "AI", "GPU", "12"} <= morphemes
    share = sum(any(c.isascii() and c.isalnum() for c in line) for line in japanese_segmented)
    assert 0.1 < share / len(japanese_segmented) < 0.4  # present, yet the Japanese lines dominate


# -- model cards ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(LANGUAGES))
def test_card_states_the_training_facts(name):
    stats = training(name)
    cfg = stats["config"]
    text = (embedded_model_path(name) / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip()
        for line in text.splitlines()
        if line.startswith("| ") and line.count("|") >= 3
    }
    assert f"{stats['corpus_lines']:,} generated lines" in rows["corpus"]
    assert f"{stats['corpus_characters']:,} characters" in rows["corpus"]
    assert stats["corpus_sha256"] in rows["corpus"]
    assert (
        f"{cfg['layers']} layers, {cfg['heads']} heads, width {cfg['width']}, {stats['parameters']:,} parameters"
    ) == rows["architecture"]
    assert f"{cfg['steps']} steps" in rows["training"]
    assert f"{stats['train_seconds']} s" in rows["training"]
    assert rows["final loss"].startswith(f"{stats['final_loss']} nats")
    assert rows["unigram baseline"].startswith(f"{stats['unigram_loss']} nats")
    assert rows["attention entropy"].startswith(f"{stats['attention_entropy']} nats")
    assert rows["uniform attention"].startswith(f"{stats['uniform_entropy']} nats")
    # each figure sits next to its baseline
    keys = list(rows)
    assert keys.index("unigram baseline") == keys.index("final loss") + 1
    assert keys.index("uniform attention") == keys.index("attention entropy") + 1


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_models_learned_something(name):
    stats = training(name)
    assert stats["final_loss"] < 0.5 * stats["unigram_loss"]
    assert stats["attention_entropy"] < 0.9 * stats["uniform_entropy"]


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_shipped_weights_beat_the_unigram_baseline(name):
    """Recomputed, not read from the card: the weights' loss on held-out lines vs. the corpus unigram."""
    import numpy as np
    import torch
    from transformers import AutoTokenizer, BertForPreTraining, GPT2LMHeadModel

    from attn_teach.embedded import train

    folder = embedded_model_path(name)
    tok = AutoTokenizer.from_pretrained(folder)
    corpus_ids = tok(LANGUAGES[name](2000, seed=0))["input_ids"]
    held_out = tok(LANGUAGES[name](200, seed=123))["input_ids"]  # another seed: lines not trained on as such
    g = torch.Generator().manual_seed(0)
    specials = set(tok.all_special_ids)
    losses = []
    with torch.inference_mode():
        if name == "tiny-bert-en":
            model = BertForPreTraining.from_pretrained(folder).eval()
            unigram = train._unigram_entropy([i for row in corpus_ids for i in row if i not in specials])
            for row in held_out:
                x = torch.tensor([row])
                inputs, labels = train._mask_tokens(x, torch.isin(x, torch.tensor(sorted(specials))), tok, g)
                if (labels != -100).any():
                    logits = model(input_ids=inputs).prediction_logits
                    losses.append(torch.nn.functional.cross_entropy(logits[0], labels[0]).item())
        else:
            model = GPT2LMHeadModel.from_pretrained(folder).eval()
            unigram = train._unigram_entropy([i for row in corpus_ids for i in row[1:]])
            for row in held_out:
                x = torch.tensor([row])
                losses.append(model(input_ids=x, labels=x).loss.item())
    assert float(np.mean(losses)) < 0.5 * unigram


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_card_entropy_is_what_the_shipped_weights_give(name):
    """The card describes these weights: recomputing its attention entropy gives its number."""
    stats = training(name)
    entropy, uniform = card.attention_entropy(embedded_model_path(name), stats["sentence"])
    assert entropy == pytest.approx(stats["attention_entropy"], abs=2e-3)
    assert uniform == pytest.approx(stats["uniform_entropy"], abs=1e-3)

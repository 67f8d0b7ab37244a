"""Regenerate the embedded models: corpus -> tokenizer -> training -> model folder.

Run ``python -m attn_teach.embedded.train [--out DIR] [--only NAME]`` (about two to
four minutes per model on two CPU cores; ``--only`` retrains one model and leaves
the other's files untouched). It writes, per model, a folder that plain transformers loads
with ``from_pretrained(folder)``:

* ``tiny-bert-en``: ``BertForPreTraining`` (masked-LM and next-sentence heads), so
  that ``BertModel.from_pretrained`` reports the unused ``cls.*`` weights exactly
  as it does for ``bert-base-uncased``; ``vocab.txt`` for ``BertTokenizer``.
* ``tiny-gpt2-ja``: ``GPT2LMHeadModel`` with a ``T5Tokenizer`` (``spiece.model``)
  set up like rinna's Japanese GPT-2.

Both are small (4 layers, 4 heads, width 128) but trained, not random: random
weights give near-uniform attention, which shows nothing. The model card of each
folder records the corpus, the training and two sanity figures (loss against a
unigram baseline, attention entropy against uniform attention).

Everything is seeded. Corpus and tokenizer files are reproducible byte for byte
(``tests/models/test_embedded.py`` checks that); the trained weights are reproducible
on the same machine and torch build, and close elsewhere.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pathlib
import time

import numpy as np
import torch

from attn_teach.embedded import corpus, vocab

HERE = pathlib.Path(__file__).resolve().parent


@dataclasses.dataclass
class TrainConfig:
    n_lines: int = 20000  # corpus lines per language
    width: int = 128  # hidden size
    layers: int = 4
    heads: int = 4
    steps: int = 1500  # optimiser steps
    batch: int = 64  # lines per step
    lr: float = 2e-3  # peak learning rate (linear warm-up, linear decay)
    warmup: int = 100
    seed: int = 0


def write_bert_tokenizer(folder: pathlib.Path, lines: list[str]) -> None:
    """Write ``vocab.txt`` and ``tokenizer_config.json`` for ``tiny-bert-en``."""
    (folder / "vocab.txt").write_text("\n".join(vocab.wordpiece_vocab(lines)) + "\n", encoding="utf-8")
    config = {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 512}
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n")


def write_gpt2_tokenizer(folder: pathlib.Path, segmented_lines: list[str]) -> None:
    """Write ``spiece.model`` and ``tokenizer_config.json`` for ``tiny-gpt2-ja``."""
    (folder / "spiece.model").write_bytes(vocab.train_sentencepiece(segmented_lines))
    config = {
        "tokenizer_class": "T5Tokenizer",
        "do_lower_case": True,
        "extra_ids": 0,
        "model_max_length": 1024,
        "padding_side": "left",
        "unk_token": "<unk>",
        "pad_token": "[PAD]",
        "bos_token": "<s>",
        "eos_token": "</s>",
        "cls_token": "[CLS]",
        "sep_token": "[SEP]",
        "mask_token": "[MASK]",
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n")


def _batches(ids: list[list[int]], cfg: TrainConfig, pad_id: int, g: torch.Generator):
    """Yield ``cfg.steps`` padded batches ``(input_ids, attention_mask)`` of shape (batch, seq)."""
    for _ in range(cfg.steps):
        rows = [ids[i] for i in torch.randint(len(ids), (cfg.batch,), generator=g).tolist()]
        width = max(map(len, rows))
        x = torch.full((cfg.batch, width), pad_id)
        for i, r in enumerate(rows):
            x[i, : len(r)] = torch.tensor(r)
        yield x, (x != pad_id).long()


def _schedule(cfg: TrainConfig):
    return lambda step: min(1.0, (step + 1) / cfg.warmup) * max(0.0, 1 - step / cfg.steps)


def _unigram_entropy(targets: list[int]) -> float:
    """Cross-entropy (nats) of predicting each target by its corpus frequency."""
    counts = np.bincount(targets).astype(np.float64)
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def _mask_tokens(x, special, tok, g):
    """BERT's masking: 15% of real tokens; of those 80% [MASK], 10% random, 10% kept."""
    labels = x.clone()
    pick = (torch.rand(x.shape, generator=g) < 0.15) & ~special
    labels[~pick] = -100
    x = x.clone()
    r = torch.rand(x.shape, generator=g)
    x[pick & (r < 0.8)] = tok.mask_token_id
    rand = pick & (r >= 0.8) & (r < 0.9)
    x[rand] = torch.randint(len(tok), x.shape, generator=g)[rand]
    return x, labels


def train_bert(folder: pathlib.Path, cfg: TrainConfig) -> dict:
    from transformers import BertConfig, BertForPreTraining, BertTokenizer

    lines = corpus.english(cfg.n_lines, seed=cfg.seed)
    write_bert_tokenizer(folder, lines)
    tok = BertTokenizer.from_pretrained(folder)
    ids = tok(lines)["input_ids"]
    torch.manual_seed(cfg.seed)
    g = torch.Generator().manual_seed(cfg.seed)
    config = BertConfig(
        vocab_size=len(tok),
        hidden_size=cfg.width,
        num_hidden_layers=cfg.layers,
        num_attention_heads=cfg.heads,
        intermediate_size=4 * cfg.width,
        max_position_embeddings=512,
        pad_token_id=tok.pad_token_id,
    )
    model = BertForPreTraining(config)
    specials = torch.tensor(sorted(tok.all_special_ids))

    def loss_of(x, mask):
        inputs, labels = _mask_tokens(x, torch.isin(x, specials), tok, g)
        logits = model(input_ids=inputs, attention_mask=mask).prediction_logits  # (batch, seq, vocab)
        return torch.nn.functional.cross_entropy(logits.flatten(0, 1), labels.flatten())

    losses, seconds = _fit("tiny-bert-en", model, _batches(ids, cfg, tok.pad_token_id, g), loss_of, cfg)
    model.save_pretrained(folder)
    targets = [i for row in ids for i in row if i not in set(specials.tolist())]
    return _report(
        folder,
        model,
        tok,
        lines,
        cfg,
        losses,
        seconds,
        _unigram_entropy(targets),
        objective="masked language modelling (15% of tokens; 80/10/10 as in BERT); "
        "the next-sentence head is saved untrained",
    )


def train_gpt2(folder: pathlib.Path, cfg: TrainConfig) -> dict:
    from transformers import GPT2Config, GPT2LMHeadModel, T5Tokenizer

    segmented = corpus.japanese(cfg.n_lines, seed=cfg.seed, segmented=True)
    lines = [s.replace(corpus.JA_DELIMITER, "") for s in segmented]
    write_gpt2_tokenizer(folder, segmented)
    tok = T5Tokenizer.from_pretrained(folder)
    ids = tok(lines)["input_ids"]  # each ends with </s>
    torch.manual_seed(cfg.seed)
    g = torch.Generator().manual_seed(cfg.seed)
    config = GPT2Config(
        vocab_size=len(tok),
        n_positions=1024,
        n_embd=cfg.width,
        n_layer=cfg.layers,
        n_head=cfg.heads,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
    )
    model = GPT2LMHeadModel(config)

    def loss_of(x, mask):
        return model(input_ids=x, attention_mask=mask, labels=x.masked_fill(mask == 0, -100)).loss

    losses, seconds = _fit("tiny-gpt2-ja", model, _batches(ids, cfg, tok.pad_token_id, g), loss_of, cfg)
    model.save_pretrained(folder)
    targets = [i for row in ids for i in row[1:]]
    return _report(
        folder,
        model,
        tok,
        lines,
        cfg,
        losses,
        seconds,
        _unigram_entropy(targets),
        objective="next-token prediction (causal language modelling)",
    )


def _fit(name: str, model, batches, loss_of, cfg: TrainConfig) -> tuple[list[float], float]:
    """AdamW with linear warm-up and decay; ``loss_of(x, mask)`` per batch. Returns (losses, seconds)."""
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, _schedule(cfg))
    losses, t0 = [], time.perf_counter()
    for step, (x, mask) in enumerate(batches):
        loss = loss_of(x, mask)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
        _progress(name, step, cfg.steps, losses)
    return losses, time.perf_counter() - t0


def _progress(name: str, step: int, steps: int, losses: list[float]) -> None:
    if (step + 1) % 100 == 0 or step + 1 == steps:
        print(f"  {name}: step {step + 1}/{steps}  loss {np.mean(losses[-100:]):.3f}", flush=True)


def _report(folder, model, tok, lines, cfg, losses, seconds, unigram, objective) -> dict:
    """Figures for the model card: loss against baseline, attention entropy against uniform."""
    from attn_teach.embedded.card import attention_entropy

    text = corpus.EN_SENTENCE if model.config.model_type == "bert" else corpus.JA_SENTENCE
    entropy, uniform = attention_entropy(folder, text)
    return {
        "corpus_lines": len(lines),
        "corpus_characters": sum(map(len, lines)),
        "corpus_sha256": corpus.digest(lines),
        "vocab_size": len(tok),
        "parameters": sum(p.numel() for p in model.parameters()),
        "objective": objective,
        "config": dataclasses.asdict(cfg),
        "train_seconds": round(seconds, 1),
        "final_loss": round(float(np.mean(losses[-100:])), 3),
        "unigram_loss": round(unigram, 3),
        "sentence": text,
        "attention_entropy": round(entropy, 3),
        "uniform_entropy": round(uniform, 3),
    }


MODELS = {"tiny-bert-en": train_bert, "tiny-gpt2-ja": train_gpt2}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attn_teach.embedded.train", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out",
        type=pathlib.Path,
        default=HERE,
        help="folder that receives tiny-bert-en/ and tiny-gpt2-ja/ (default: the package)",
    )
    parser.add_argument("--steps", type=int, default=TrainConfig.steps, help="optimiser steps per model")
    parser.add_argument("--only", choices=list(MODELS), help="train this model only (default: both)")
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="torch threads (default 2; use 1 on a busy machine, where 2 threads wait on each other)",
    )
    args = parser.parse_args(argv)
    from attn_teach.embedded.card import write_card

    torch.set_num_threads(args.threads)
    cfg = TrainConfig(steps=args.steps)
    for name, train in MODELS.items():
        if args.only and name != args.only:
            continue
        folder = args.out / name
        folder.mkdir(parents=True, exist_ok=True)
        print(f"training {name} -> {folder}", flush=True)
        stats = {**train(folder, cfg), "threads": args.threads}
        write_card(folder, name, stats)
        print(
            f"  done in {stats['train_seconds']} s; loss {stats['final_loss']} "
            f"(unigram {stats['unigram_loss']}); attention entropy {stats['attention_entropy']} "
            f"(uniform {stats['uniform_entropy']})",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

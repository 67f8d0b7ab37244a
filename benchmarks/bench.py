"""Benchmarks at the article's scale: ratios measured in one run, each next to its target.

Run by hand (not by the test suite), from the repository root::

    pip install -e ".[bench]"
    python benchmarks/bench.py            # about 4 minutes on 2 CPU cores
    python benchmarks/bench.py --quick    # fewer repeats, smaller memory case

The models have the article's shapes but random weights (nothing can be downloaded
here; cost depends on shapes, not on the values). Each is saved to a temporary
folder and loaded through :func:`attn_teach.load_model`, the path a user's model takes.

1. extraction overhead: ``extract`` against a bare ``model(ids, output_attentions=True)``
   (under ``torch.inference_mode``, as ``extract`` runs) on a bert-base-sized model at 128 tokens;
2. memory for one layer: extra peak memory of ``extract(layers=[-1])`` over a forward
   pass without attentions, against the same for all layers, on a rinna-medium-sized
   GPT-2 at 1024 tokens; each case runs in its own process and reports its peak RSS;
3. heatmap rendering against ``seaborn.heatmap`` with the same matrix, labels, size and dpi;
4. the annotated heatmap at 34 tokens;
5. for the record, the wall time of ``pytest`` (image comparison included) and of the docs build.

Times are medians of interleaved repeats; the machine is shared and noisy, so
ratios taken in one run are what the targets are checked against.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

RESULTS: list[tuple[str, str, str, bool]] = []  # (measure, value, target, met)


def report(measure: str, value: str, target: str, met: bool) -> None:
    RESULTS.append((measure, value, target, met))
    print(f"  {measure}: {value}  (target {target}: {'met' if met else 'NOT met'})", flush=True)


def median_times(functions: dict, repeats: int) -> dict[str, float]:
    """Run the functions interleaved ``repeats`` times; median seconds of each."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, fn in functions.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(v) for name, v in times.items()}


def random_model_folder(kind: str, root: str) -> str:
    """Save a randomly initialised article-sized model with the embedded model's tokenizer."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel, GPT2Config, GPT2LMHeadModel

    from attn_teach import embedded_model_path

    torch.manual_seed(0)
    folder = os.path.join(root, kind)
    if kind == "bert-base":
        model = BertModel(BertConfig())  # 12 layers, 12 heads, 768 wide
        tokenizer = AutoTokenizer.from_pretrained(embedded_model_path("tiny-bert-en"))
    else:
        config = GPT2Config(
            vocab_size=32000, n_positions=1024, n_embd=1024, n_layer=24, n_head=16, bos_token_id=2, eos_token_id=3
        )
        model = GPT2LMHeadModel(config)
        tokenizer = AutoTokenizer.from_pretrained(embedded_model_path("tiny-gpt2-ja"))
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def english_text(tokenizer, n_tokens: int) -> str:
    """Words of the article's kind, as many as fit in ``n_tokens`` tokens ([CLS] and [SEP] included)."""
    words: list[str] = []
    for word in ("i love natural language processing and machine learning " * 80).split():
        if len(tokenizer(" ".join(words + [word]))["input_ids"]) <= n_tokens:
            words.append(word)
    return " ".join(words)


def bench_extraction(root: str, repeats: int) -> None:
    import torch

    from attn_teach import extract, load_model

    print("1. extraction overhead (bert-base-sized, 128 tokens)", flush=True)
    loaded = load_model(random_model_folder("bert-base", root))
    text = english_text(loaded.tokenizer, 128)
    enc = loaded.tokenizer(text, return_tensors="pt")
    assert enc["input_ids"].shape[1] == 128, enc["input_ids"].shape

    def bare():
        with torch.inference_mode():
            out = loaded.network(enc["input_ids"], output_attentions=True)
        assert len(out.attentions) == 12

    def kit():
        a = extract(text, loaded)
        assert a.weights.shape == (12, 12, 128, 128)

    bare(), kit()  # warm up
    t = median_times({"bare": bare, "extract": kit}, repeats)
    ratio = t["extract"] / t["bare"]
    report(
        "extract / bare forward",
        f"{ratio:.2f}x ({t['extract'] * 1e3:.0f} ms vs {t['bare'] * 1e3:.0f} ms)",
        "<= 1.10x",
        ratio <= 1.10,
    )


MEMORY_CHILD = r"""
import json, os, resource, sys
os.environ["HF_HUB_OFFLINE"] = "1"
import torch
from attn_teach import extract, load_model
folder, case, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
loaded = load_model(folder)
text = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。" * 60
enc = loaded.tokenizer(text, return_tensors="pt", truncation=True, max_length=n)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if case == "none":
    with torch.inference_mode():
        loaded.network.base_model(**enc)
elif case == "all":
    a = extract(text, loaded)
else:
    a = extract(text, loaded, layers=[-1])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"tokens": int(enc["input_ids"].shape[1]), "before_kb": before, "peak_kb": peak}))
"""


def bench_memory(root: str, n_tokens: int) -> None:
    print(f"2. memory for one layer (rinna-medium-sized GPT-2, {n_tokens} tokens; one process per case)", flush=True)
    folder = random_model_folder("gpt2-medium", root)
    peaks = {}
    for case in ("none", "all", "last"):
        out = subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, folder, case, str(n_tokens)],
            capture_output=True,
            text=True,
            check=True,
        )
        peaks[case] = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"    {case:>4}: peak RSS {peaks[case]['peak_kb'] / 1024:.0f} MB ({peaks[case]['tokens']} tokens)",
            flush=True,
        )
    extra_all = peaks["all"]["peak_kb"] - peaks["none"]["peak_kb"]
    extra_last = peaks["last"]["peak_kb"] - peaks["none"]["peak_kb"]
    ratio = max(extra_last, 0) / extra_all
    report(
        "extra peak, layers=[-1] / all layers",
        f"{ratio:.1%} ({extra_last / 1024:.0f} MB vs {extra_all / 1024:.0f} MB)",
        "<= 10%",
        ratio <= 0.10,
    )


def bench_rendering(repeats: int) -> None:
    import matplotlib.pyplot as plt
    import numpy as np
    import seaborn as sns

    from attn_teach import Attention, heatmap
    from attn_teach.views.style import DPI

    print("3. heatmap rendering, saved to PNG, against seaborn.heatmap (same matrix, labels, size, dpi)", flush=True)
    rng = np.random.default_rng(0)
    for n in (34, 128, 512):
        w = rng.random((1, 1, n, n)).astype(np.float32)
        w /= w.sum(axis=-1, keepdims=True)
        tokens = [f"tok{i}" for i in range(n)]
        attention = Attention("bench", "random", tokens, np.zeros(n, bool), w)
        size = heatmap(attention).get_size_inches()
        plt.close("all")

        def kit(attention=attention):
            fig = heatmap(attention)
            fig.savefig(io.BytesIO(), format="png", dpi=DPI)
            plt.close(fig)

        def seaborn(attention=attention, tokens=tokens, size=size):
            fig, ax = plt.subplots(figsize=size, dpi=DPI, layout="constrained")
            sns.heatmap(attention.head_mean(), cmap="YlGnBu", xticklabels=tokens, yticklabels=tokens, ax=ax)
            fig.savefig(io.BytesIO(), format="png", dpi=DPI)
            plt.close(fig)

        kit(), seaborn()
        t = median_times({"kit": kit, "seaborn": seaborn}, repeats if n < 512 else max(2, repeats // 2))
        speedup = t["seaborn"] / t["kit"]
        target, met = (">= 3x at 512", speedup >= 3) if n == 512 else ("no slower (>= 1x)", speedup >= 1)
        report(
            f"seaborn / kit at {n} tokens",
            f"{speedup:.1f}x ({t['kit'] * 1e3:.0f} ms vs {t['seaborn'] * 1e3:.0f} ms)",
            target,
            met,
        )


def bench_annotated(repeats: int) -> None:
    import matplotlib.pyplot as plt

    from attn_teach import extract, heatmap, load_model

    print("4. annotated heatmap, 34 tokens (1,156 cell labels), saved to PNG", flush=True)
    attention = extract(english_text(load_model("tiny-bert-en").tokenizer, 34), "tiny-bert-en")
    assert len(attention.tokens) == 34, len(attention.tokens)

    def kit():
        fig = heatmap(attention, annotate=True)
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)

    kit()
    t = median_times({"kit": kit}, repeats)["kit"]
    report("annotated heatmap at 34 tokens", f"{t:.2f} s", "<= 0.5 s", t <= 0.5)


def bench_suite() -> None:
    """Wall time of the test suite and of the docs build, for the record (no target)."""
    import pathlib
    import shutil

    root = pathlib.Path(__file__).resolve().parent.parent
    print("5. wall time of the test suite and the docs build (for the record)", flush=True)
    for label, command in [
        ("pytest (--mpl from addopts)", [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]),
        ("sphinx-build -W (every lesson executed)", None),
    ]:
        out = tempfile.mkdtemp()
        if command is None:
            if importlib.util.find_spec("sphinx_gallery") is None:
                report(label, "skipped: docs extra not installed", "none", True)
                continue
            gallery = root / "docs" / "auto_lessons"
            if gallery.exists():
                shutil.rmtree(gallery)  # from scratch: run every lesson
            command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "docs", out]
        t0 = time.perf_counter()
        done = subprocess.run(command, cwd=root, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        shutil.rmtree(out, ignore_errors=True)
        tail = done.stdout.strip().splitlines()[-1:] or [""]
        report(
            label,
            f"{seconds:.0f} s ({'ok' if done.returncode == 0 else 'FAILED'}) {tail[0][:60]}",
            "none (for the record)",
            done.returncode == 0,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, 512 tokens for the memory case")
    parser.add_argument("--no-suite", action="store_true", help="skip timing the test suite and the docs build")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as root:
        bench_extraction(root, repeats)
        bench_memory(root, 512 if args.quick else 1024)
    bench_rendering(repeats)
    bench_annotated(repeats)
    if not args.no_suite:
        bench_suite()
    print("\n| measure | value | target | met |\n|---|---|---|---|")
    for measure, value, target, met in RESULTS:
        print(f"| {measure} | {value} | {target} | {'yes' if met else 'NO'} |")
    print(f"\nbenchmark wall time: {time.perf_counter() - t0:.0f} s")
    return 0 if all(r[3] for r in RESULTS) else 1


if __name__ == "__main__":
    raise SystemExit(main())

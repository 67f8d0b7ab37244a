"""The inputs the practice checks give to the learner's functions, and the numbers they expect.

The article's two sentences go through the kit's embedded models once, and the
resulting :class:`~attn_teach.Attention` values ship inside the package
(``practice/data/<model>.npz``, written by :func:`write_samples`). Drawing stages
read them without importing torch, which keeps a check fast; a test of the kit
checks that they still equal ``extract(...)`` of the models they came from.
"""

from __future__ import annotations

import pathlib

from attn_teach.attention import Attention

TEXT_EN = "I love natural language processing!"
TEXT_JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"
MODELS = {"tiny-bert-en": TEXT_EN, "tiny-gpt2-ja": TEXT_JA}
DATA_DIR = pathlib.Path(__file__).parent / "data"


def sample_path(model: str) -> pathlib.Path:
    return DATA_DIR / f"{model}.npz"


def sample(model: str) -> Attention:
    """The article's sentence for ``model``, every layer, as shipped with the package."""
    return Attention.load(sample_path(model))


def write_samples(folder: pathlib.Path = DATA_DIR) -> list[pathlib.Path]:
    """Run the article's sentences through the embedded models and save them (kit maintainers only)."""
    from attn_teach.extract import extract
    from attn_teach.files import atomic_write

    written = []
    for model, text in MODELS.items():
        attention = extract(text, model)
        tmp = folder / f".{model}.tmp.npz"
        attention.save(tmp, overwrite=True)
        written.append(atomic_write(folder / f"{model}.npz", tmp.read_bytes(), force=True))
        tmp.unlink()
    return written


# -- what each stage's function receives ----------------------------------------------
def _folder(model: str) -> str:
    from attn_teach.models import embedded_model_path

    return str(embedded_model_path(model))


def _run_bert(grad: bool):
    """The article's BERT run: eager attention, with or without recording gradients."""
    import torch

    from attn_teach.models import load_model

    loaded = load_model("tiny-bert-en")
    inputs = loaded.tokenizer(TEXT_EN, return_tensors="pt")
    with torch.set_grad_enabled(grad):
        return loaded.network(**inputs, output_attentions=True)


def inputs_for(stage: int) -> tuple:
    """The arguments stage ``stage``'s function is called with."""
    if stage == 1:
        return (_folder("tiny-bert-en"), TEXT_EN)
    if stage == 2:
        return (_run_bert(grad=False).attentions,)
    if stage == 3:
        return (_run_bert(grad=True),)  # the article's outputs: its tensors still require grad
    if stage == 5:
        return (sample("tiny-bert-en").weights[-1][None].copy(),)  # (batch, head, query, key), as transformers gives
    if stage == 7:
        return (_folder("tiny-gpt2-ja"), TEXT_JA)
    model = "tiny-bert-en" if stage in (4, 6) else "tiny-gpt2-ja"
    attention = sample(model)
    if stage == 10:
        return (attention.head_mean(-1),)
    return (attention.head_mean(-1), list(attention.tokens))

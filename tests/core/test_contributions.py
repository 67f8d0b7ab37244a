"""Contributions ``||alpha f(x)||`` (lesson 16) against an independent computation from the model's modules.

The independent side never slices a weight matrix: it hooks the model's own value and
output projection modules, puts one head's weighted value vectors through the output
projection (without its bias) and measures the resulting vectors. Adding them over heads
and keys, plus the bias, must give back what the output projection actually returned.
"""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
import torch

from attn_teach import contributions, extract, heatmap, load_model
from attn_teach.attention import Attention
from attn_teach.contributions import Contributions
from attn_teach.errors import AttnTeachError
from attn_teach.i18n import use_language

TEXTS = {
    "tiny-bert-en": "I love natural language processing!",
    "tiny-gpt2-ja": "今日はカレーライスを食べました。明日はラーメンを食べようと思います。",
}


def _modules(net):
    """Per layer: (attention module, value projection, output projection, is GPT-2)."""
    out = []
    for m in net.modules():
        if type(m).__name__ == "BertAttention":
            out.append((m.self, m.self.value, m.output.dense, False))
        elif type(m).__name__ == "GPT2Attention":
            out.append((m, m.c_attn, m.c_proj, True))
    return out


@torch.no_grad()
def independent(model: str):
    """``(per_head (layer, head, q, k), combined (layer, q, k), largest error of the sum check)`` by hand."""
    loaded = load_model(model)
    net = loaded.network
    heads = net.config.num_attention_heads
    seen: dict = {}
    handles = []
    for layer, (attn, value, output, _gpt2) in enumerate(_modules(net)):
        handles.append(
            attn.register_forward_hook(
                lambda m, a, o, layer=layer: seen.__setitem__(("alpha", layer), o[1][0].detach().clone())
            )
        )
        handles.append(
            value.register_forward_hook(
                lambda m, a, o, layer=layer: seen.__setitem__(("v", layer), o[0].detach().clone())
            )
        )
        handles.append(
            output.register_forward_hook(
                lambda m, a, o, layer=layer: seen.__setitem__(("out", layer), o[0].detach().clone())
            )
        )
    try:
        enc = loaded.tokenizer(TEXTS[model], return_tensors="pt")
        with torch.inference_mode():
            getattr(net, "base_model", net)(**enc)
    finally:
        for h in handles:
            h.remove()
    per_head, combined, worst = [], [], 0.0
    for layer, (_, _, output, gpt2) in enumerate(_modules(net)):
        alpha = seen["alpha", layer]  # (head, query, key)
        v = seen["v", layer]  # (key, width), or (key, 3 * width) for GPT-2's q | k | v
        width = output.weight.shape[0] if gpt2 else output.weight.shape[1]
        v = v[:, 2 * width :] if gpt2 else v
        size = width // heads
        vectors = []
        for h in range(heads):
            only_h = torch.zeros_like(v)
            only_h[:, h * size : (h + 1) * size] = v[:, h * size : (h + 1) * size]
            f = output(only_h) - output.bias  # (key, hidden): f^h(x_j), the model's own projection, no bias
            vectors.append(alpha[h][:, :, None] * f[None, :, :])  # (query, key, hidden)
        vectors = torch.stack(vectors)  # (head, query, key, hidden)
        per_head.append(vectors.norm(dim=-1).numpy())
        combined.append(vectors.sum(0).norm(dim=-1).numpy())
        rebuilt = vectors.sum(dim=(0, 2)) + output.bias  # (query, hidden)
        worst = max(worst, float((rebuilt - seen["out", layer]).abs().max()))
    return np.stack(per_head), np.stack(combined), worst


@pytest.fixture(scope="module", params=list(TEXTS))
def both(request):
    model = request.param
    return model, extract(TEXTS[model], model, measure="norm"), independent(model)


def test_contributions_equal_the_independent_computation_every_layer_and_head(both):
    model, c, (per_head, combined, worst) = both
    assert worst < 1e-5  # the by-hand vectors add up to what the output projection returned
    assert c.weights.shape == per_head.shape and c.combined.shape == combined.shape
    assert c.weights.shape[:2] == (4, 4)  # every layer and head of the embedded models
    np.testing.assert_allclose(c.weights, per_head, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c.combined, combined, rtol=1e-5, atol=1e-5)
    print(
        f"{model}: largest difference {np.abs(c.weights - per_head).max():.2e} (per head), "
        f"{np.abs(c.combined - combined).max():.2e} (heads combined); sum check {worst:.2e}"
    )


def _broken(drop: str):
    real = contributions.projections

    def projections(net, module):
        w_v, b_v, w_o = real(net, module)
        if drop == "bias":
            return w_v, torch.zeros_like(b_v), w_o
        return w_v, b_v, torch.eye(w_o.shape[0], w_o.shape[1], dtype=w_o.dtype)  # no output projection

    return projections


@pytest.mark.parametrize("drop", ["bias", "output projection"])
def test_a_broken_formula_fails_the_comparison(both, drop):
    model, _, (per_head, combined, _) = both
    with mock.patch.object(contributions, "projections", _broken(drop)):
        broken = extract(TEXTS[model], model, measure="norm")
    assert not np.allclose(broken.weights, per_head, rtol=1e-5, atol=1e-5)
    assert not np.allclose(broken.combined, combined, rtol=1e-5, atol=1e-5)


def test_weights_come_from_the_same_pass(both):
    model, c, _ = both
    a = extract(TEXTS[model], model)
    norms_of_f = c.weights / np.where(a.weights > 0, a.weights, 1)  # ||f^h(x_j)||, the same in every row
    visible = a.weights > 1e-6
    column = np.where(visible, norms_of_f, np.nan)
    assert np.nanmax(np.nanmax(column, axis=2) - np.nanmin(column, axis=2)) < 1e-3 * np.nanmax(column)


def test_only_requested_layers_are_kept(both):
    model, c, _ = both
    last = extract(TEXTS[model], model, layers=[-1], measure="norm")
    assert last.layers == (3,)
    np.testing.assert_array_equal(last.combined[0], c.combined[-1])
    np.testing.assert_array_equal(last.weights[0], c.weights[-1])


def test_rows_are_not_probabilities_and_heads_are_not_averaged(both):
    _, c, _ = both
    assert np.abs(c.weights.sum(axis=-1) - 1).max() > 0.1  # Attention would refuse these rows
    with pytest.raises(AttnTeachError, match="every attention row must sum to 1"):
        Attention(c.text, c.model_name, c.tokens, c.special_mask, c.weights)
    with pytest.raises(AttnTeachError, match="not averaged over heads"):
        c.head_mean(-1)
    np.testing.assert_array_equal(c.matrix(-1), c.combined[-1])
    assert not np.allclose(c.matrix(-1), c.weights[-1].mean(axis=0))
    assert not np.allclose(c.matrix(-1), c.weights[-1].sum(axis=0))
    assert np.all(c.combined <= c.weights.sum(axis=1) + 1e-4)  # triangle inequality


def test_docstring_and_labels_say_not_a_probability(both):
    _, c, _ = both
    assert "not* probabilities" in Contributions.__doc__
    with use_language("en"):
        fig = heatmap(c)
    assert fig.axes[1].get_ylabel() == "‖αf(x)‖, not a probability"
    assert "4 heads added as vectors" in fig.axes[0].get_title()
    with use_language("ja"):
        fig = heatmap(c)
    assert fig.axes[1].get_ylabel() == "‖αf(x)‖（確率ではない）"
    weights = extract(c.text, c.model_name, layers=[-1])
    with use_language("en"):
        assert heatmap(weights).axes[1].get_ylabel() == "attention weight"


def test_save_and_load_keep_the_measure(tmp_path, both):
    _, c, _ = both
    path = c.save(tmp_path / "c.npz")
    back = Contributions.load(path)
    np.testing.assert_array_equal(back.combined, c.combined)
    np.testing.assert_array_equal(back.weights, c.weights)
    with pytest.raises(AttnTeachError, match="read it with Contributions.load"):
        Attention.load(path)


def test_without_special_and_words_do_not_renormalise():
    c = extract(TEXTS["tiny-bert-en"], "tiny-bert-en", layers=[-1], measure="norm")
    w = c.without_special()
    np.testing.assert_array_equal(w.combined[0], c.combined[0][1:-1, 1:-1])
    words = c.words()
    i = c.tokens.index("process")
    np.testing.assert_allclose(
        words.combined[0][:, words.tokens.index("processing")][0],
        c.combined[0][0, i] + c.combined[0][0, i + 1],
        rtol=1e-6,
    )


def test_unknown_measure_is_one_clear_line():
    with pytest.raises(AttnTeachError, match="measure must be 'weight' or 'norm'"):
        extract("a", measure="norms")


def test_cli_plot_and_extract_with_measure_norm(tmp_path, capsys):
    from attn_teach.cli import main

    png, npz = tmp_path / "n.png", tmp_path / "n.npz"
    assert main(["plot", TEXTS["tiny-bert-en"], "--measure", "norm", "-o", str(png)]) == 0
    assert png.stat().st_size > 0
    assert main(["extract", TEXTS["tiny-bert-en"], "--measure", "norm", "--layers", "-1", "-o", str(npz)]) == 0
    back = Contributions.load(npz)
    assert back.layers == (3,) and back.combined.shape == (1, 9, 9)
    capsys.readouterr()
    assert main(["plot", "a b", "--measure", "norm", "--view", "rollout", "-o", str(tmp_path / "r.png")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["attn-teach: error: --view rollout follows attention weights; drop --measure norm"]
    assert not (tmp_path / "r.png").exists()


def test_interactive_view_shows_contributions_with_their_words():
    from attn_teach import interactive
    from attn_teach.interactive.encoder import decode, printed

    c = extract(TEXTS["tiny-bert-en"], "tiny-bert-en", measure="norm")
    view = interactive(c, language="en")
    data = view.data
    n = len(c.tokens)
    for layer in range(c.n_layers):
        entry = data["variants"]["tokens"]["layers"][str(layer)]
        shown, _ = decode(data["blobs"][entry["mean"]["b"]], entry["mean"], n, False)
        np.testing.assert_array_equal(shown, printed(c.matrix(layer)))  # every digit right, as for weights
    assert data["rollout"] is None
    assert data["ui"]["titleMean"] == "{heads} heads added as vectors"
    assert "not a probability" in data["ui"]["scaleMax"]
    assert data["variants"]["nospecial"]["label"] == "special tokens hidden"
    weights = interactive(extract(TEXTS["tiny-bert-en"], "tiny-bert-en"), language="en").data
    assert weights["ui"]["titleMean"] == "mean of {heads} heads" and weights["rollout"] is not None

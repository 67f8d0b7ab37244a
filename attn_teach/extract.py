"""From text to :class:`~attn_teach.attention.Attention`: tokenize, run, keep the weights.

This is the article's first stage done with today's libraries (lessons 1-3):

* ``tokenizer(text, return_tensors="pt")`` replaces the removed ``encode_plus``;
* the model runs with eager attention under ``torch.inference_mode()``, so the
  weights carry no gradient and become NumPy without the article's ``RuntimeError``;
* conversion to NumPy (``float32``, on the CPU) happens here, once.

Only the requested layers are kept *while the model runs*: a forward hook on each
attention module copies out the weights of the layers asked for, and the others
are freed as soon as their layer is done. With ``layers=[-1]`` a 24-layer model
keeps one layer's weights instead of 24.

With ``measure="norm"`` the same hooks also read each attention module's input and
compute the contributions ``||alpha f(x)||`` of :mod:`attn_teach.contributions`
(lesson 16) before the model moves on: one forward pass gives both.
"""

from __future__ import annotations

import contextvars
import threading
import warnings
import weakref
from collections.abc import Sequence
from typing import Any, cast

import numpy as np

from attn_teach import contributions
from attn_teach.attention import Attention
from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.models import LoadedModel, load_model


class TruncationWarning(UserWarning):
    """The text was longer than the model's position limit and was cut."""


def _attention_modules(model) -> list | None:
    """The self-attention modules in layer order, found the way transformers records them.

    Models declare (``_can_record_outputs["attentions"]``) which module class returns
    the attention weights, and at which output index. Returns ``[(module, index), ...]``,
    or None when the model does not say (then the slower path is used).
    """
    spec = getattr(model, "_can_record_outputs", None) or {}
    spec = spec.get("attentions")
    if spec is None:
        return None
    target = getattr(spec, "target_class", spec)
    index = getattr(spec, "index", 1) if hasattr(spec, "target_class") else 1
    suffix = getattr(spec, "layer_name", None)
    found = [
        (m, index)
        for name, m in model.named_modules()
        if isinstance(target, type) and isinstance(m, target) and (not suffix or name.endswith(suffix))
    ]
    return found if len(found) == model.config.num_hidden_layers else None


def _is_whole(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def normalise_layers(layers: Sequence[int] | None, n_layers: int, model_name: str) -> list[int]:
    """Sorted, unique, non-negative layer numbers; a clear error for any out of range."""
    if n_layers < 1:
        raise AttnTeachError(
            _("{model_name} has no layers (num_hidden_layers = {n_layers}): there is no attention to extract").format(
                model_name=model_name, n_layers=n_layers
            )
        )
    if layers is None:
        return list(range(n_layers))
    if _is_whole(layers):
        layers = [cast(int, layers)]
    if isinstance(layers, (str, bytes)) or not isinstance(layers, (Sequence, np.ndarray, range, set, frozenset)):
        raise AttnTeachError(
            _("layers must be a list of layer numbers such as [-1] or [0, 3]; got {layers!r}").format(layers=layers)
        )
    bad = [layer for layer in layers if not _is_whole(layer)]
    if bad:
        raise AttnTeachError(
            _("layers must be whole numbers such as [-1] or [0, 3]; got {value!r}").format(value=bad[0])
        )
    out = set()
    for layer in layers:
        if not -n_layers <= int(layer) < n_layers:
            raise AttnTeachError(
                _(
                    "layer {layer} is out of range: {model_name} has {n_layers} layers; use "
                    "0..{last} or -{n_layers}..-1"
                ).format(layer=layer, model_name=model_name, n_layers=n_layers, last=n_layers - 1)
            )
        out.add(int(layer) % n_layers)
    if not out:
        raise AttnTeachError(_("layers is empty; give at least one layer, e.g. layers=[-1]"))
    return sorted(out)


def check_text(text) -> str:
    """Refuse text that is not a non-empty, valid string, before any model is loaded."""
    if not isinstance(text, str):
        raise AttnTeachError(
            _('the text must be a string (str), not {type}; e.g. "I love natural language processing!"').format(
                type=type(text).__name__
            )
        )
    if not text.strip():
        raise AttnTeachError(_('the text is empty; give a sentence, e.g. "I love natural language processing!"'))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: bytes that were not UTF-8 on the command line
        raise AttnTeachError(_("the text is not valid UTF-8; save or type it as UTF-8 and try again")) from None
    return text


# a fast tokenizer changes its own truncation settings when called: one call at a time
_TOKENIZER_LOCK = threading.Lock()


def tokenize(text: str, loaded: LoadedModel):
    """Tokenize ``text`` for ``loaded``, truncating to the position limit with a notice."""
    check_text(text)
    tok = loaded.tokenizer
    limit = loaded.max_positions
    with _TOKENIZER_LOCK:
        # count without truncating; verbose=False silences transformers' own "will result in
        # indexing errors" notice, which is wrong here since the text is truncated below
        full = len(tok(text, verbose=False)["input_ids"])
        encoded = tok(text, return_tensors="pt", truncation=True, max_length=limit)
    if full > limit:
        message = _(
            "the text has {full} tokens but {model} accepts at most {limit}: {dropped} tokens at the end were dropped"
        ).format(full=full, model=loaded.name, limit=limit, dropped=full - limit)
        warnings.warn(message, TruncationWarning, stacklevel=3)
    return encoded


# Each call to extract collects weights into its own buffer, named by this context variable
# (threads each have their own value). The hooks are installed once per model and copy into
# whichever buffer the calling thread has set, so concurrent calls on one shared model never
# see each other's layers.
_BUFFER: contextvars.ContextVar[dict | None] = contextvars.ContextVar("attn_teach_extract_buffer", default=None)
_HOOKED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model -> its attention modules
_HOOK_LOCK = threading.Lock()


def _hooked_modules(net) -> list | None:
    """The model's attention modules, each carrying (once) a hook that fills the caller's buffer."""
    with _HOOK_LOCK:
        if net in _HOOKED:
            return _HOOKED[net]
        modules = _attention_modules(net)
        for i, (module, index) in enumerate(modules or ()):
            module.register_forward_hook(_hook_for(i, index), with_kwargs=True)
        _HOOKED[net] = modules
        return modules


def _hook_for(i: int, index: int):
    def hook(module, args, kwargs, output):
        buffer = _BUFFER.get()
        if buffer is None or i not in buffer["slot"] or output[index] is None:
            return  # not inside extract, a layer not asked for, or not eager attention
        # copy into the result now; the model frees its own tensor after this layer
        slot = buffer["slot"][i]
        buffer["weights"][slot] = output[index][0].float().cpu().numpy()  # (head, query, key)
        if "combined" in buffer:  # measure="norm": the input x of this layer is here, now
            x = args[0] if args else kwargs["hidden_states"]  # (batch, token, hidden)
            buffer["weights"][slot], buffer["combined"][slot] = contributions.norms(
                x[0], output[index][0], *contributions.projections(buffer["net"], module)
            )
        buffer["filled"].add(i)

    return hook


def extract(
    text: str,
    model: str | LoadedModel = "tiny-bert-en",
    *,
    layers: Sequence[int] | None = None,
    measure: str = "weight",
) -> Attention:
    """Run ``text`` through ``model`` and return its attention weights.

    Parameters
    ----------
    text : str
        Text to analyse. Longer than the model's position limit, it is truncated
        with a :class:`TruncationWarning` saying how many tokens were dropped.
    model : str or LoadedModel
        A name for :func:`attn_teach.load_model` or an already loaded model.
    layers : sequence of int, optional
        Layers to keep (negative counts from the end). Default: all.
    measure : {"weight", "norm"}
        ``"weight"`` (default): the softmax weights, rows summing to 1. ``"norm"``:
        each key's contribution ``||alpha_ij f(x_j)||`` per head and the heads added
        as vectors (:class:`~attn_teach.contributions.Contributions`, lesson 16);
        rows are then not probabilities.

    Returns
    -------
    Attention
        ``weights`` of shape ``(layer, head, query, key)``, ``float32``; a
        :class:`~attn_teach.contributions.Contributions` for ``measure="norm"``.

    Examples
    --------
    >>> a = extract("I love natural language processing!", "tiny-bert-en", layers=[-1])
    >>> a.tokens
    ['[CLS]', 'i', 'love', 'natural', 'language', 'process', '##ing', '!', '[SEP]']
    >>> a.weights.shape
    (1, 4, 9, 9)
    """
    import torch

    check_text(text)  # before the model loads
    if measure not in contributions.MEASURES:
        raise AttnTeachError(_("measure must be 'weight' or 'norm'; got {measure!r}").format(measure=measure))
    loaded = model if isinstance(model, LoadedModel) else load_model(model)
    net = loaded.network
    keep = normalise_layers(layers, net.config.num_hidden_layers, loaded.name)
    enc = tokenize(text, loaded)
    ids = enc["input_ids"][0].tolist()
    n_heads, n = net.config.num_attention_heads, len(ids)
    weights = np.empty((len(keep), n_heads, n, n), dtype=np.float32)  # (layer, head, query, key)
    slot = {layer: i for i, layer in enumerate(keep)}  # model layer -> position in weights
    filled: set[int] = set()
    modules = _hooked_modules(net)
    buffer: dict[str, Any] = {"slot": slot, "weights": weights, "filled": filled}
    if measure == "norm":
        if modules is None:
            raise AttnTeachError(
                _(
                    "measure='norm' needs a BERT or GPT-2 model; {model} does not say which modules compute attention"
                ).format(model=loaded.name)
            )
        buffer.update(net=net, combined=np.empty((len(keep), n, n), dtype=np.float32))  # (layer, query, key)
    base = getattr(net, "base_model", net)  # skip the LM head: its logits are not needed
    with torch.inference_mode():
        if modules is None:  # fall back on output_attentions, then slice
            out = net(**enc, output_attentions=True)
            for i in keep[: len(out.attentions or ())]:
                weights[slot[i]] = out.attentions[i][0].float().cpu().numpy()
                filled.add(i)
        else:
            token = _BUFFER.set(buffer)  # this call's buffer
            try:
                base(**enc)
            finally:
                _BUFFER.reset(token)
    if len(filled) != len(keep):
        raise AttnTeachError(
            _(
                "{model} returned no attention weights; load it with attn_teach.load_model (eager "
                "attention) or output_attentions=True"
            ).format(model=loaded.name)
        )
    # [UNK] stands for a real word of the text (an emoji, a rare character): not a special token
    special_ids = set(loaded.tokenizer.all_special_ids) - {loaded.tokenizer.unk_token_id}
    special = np.isin(ids, list(special_ids))
    fields = dict(
        text=text,
        model_name=loaded.name,
        tokens=loaded.tokenizer.convert_ids_to_tokens(ids),
        special_mask=special,
        weights=weights,
        layers=tuple(keep),
        causal=loaded.causal,
    )
    if measure == "norm":
        return contributions.Contributions(**fields, combined=buffer["combined"])
    return Attention(**fields)

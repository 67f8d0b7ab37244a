"""Contributions: how much each key adds to each query's output, not only how much weight it gets.

Kobayashi, Kuribayashi, Yokoi and Inui, "Attention is Not Only a Weight: Analyzing
Transformers with Vector Norms" (EMNLP 2020). Their section 2.2 rewrites one head's
output for query ``i`` as a weighted sum of transformed inputs,
``y_i = sum_j alpha_ij f(x_j)`` with ``f(x) = (x W_V + b_V) W_O`` (the head's slice of
the value projection and the matching rows of the output projection); section 3
measures the length of each summand, ``||alpha_ij f(x_j)||``. A large weight on a token
whose ``f(x)`` is short adds little to the output. Lesson 16 introduces it.

The output projection's bias ``b_O`` is left out, as in the paper's ``f``: it is added
once to every query's output whatever the weights are, so it belongs to no key.

Heads are combined the way the layer combines them: their vectors are *added* before
the length is taken, ``||sum_h alpha^h_ij f^h(x_j)||`` (the paper's layer-level view).
That is neither the sum nor the mean of the heads' lengths, so :meth:`Contributions.head_mean`
refuses and :meth:`Contributions.matrix` returns this combined matrix.

:func:`attn_teach.extract` with ``measure="norm"`` computes them in the same forward
pass as the weights (the hooks of :mod:`attn_teach.extract`); this module holds the
arithmetic and the value type. Supported: BERT-like (``query``/``key``/``value``
linears, output ``dense`` in the sibling ``output`` module) and GPT-2-like (``c_attn``,
``c_proj`` Conv1D, ``x @ W + b``) attention modules.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import numpy as np

from attn_teach import reduce
from attn_teach.attention import Attention
from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _

MEASURES = ("weight", "norm")  # what extract(measure=...) accepts


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Contributions(Attention):
    """Norms of weighted, transformed inputs ``||alpha_ij f(x_j)||``: *not* probabilities.

    Same axes as :class:`~attn_teach.Attention`, ``(layer, head, query, key)``, and the
    same views draw it; their colour bars then read "||αf(x)||, not a probability".
    Rows do not sum to 1: a row is how much each key adds to that query's output, in
    the units of the model's hidden vectors.

    Parameters
    ----------
    weights : numpy.ndarray
        ``float32`` ``(layer, head, query, key)``: ``||alpha^h_ij f^h(x_j)||`` per head.
    combined : numpy.ndarray
        ``float32`` ``(layer, query, key)``: ``||sum_h alpha^h_ij f^h(x_j)||``, the heads'
        vectors added first (what :meth:`matrix` returns for ``head=None``).

    The other parameters are those of Attention.

    Examples
    --------
    >>> from attn_teach import extract
    >>> c = extract("I love natural language processing!", "tiny-bert-en", layers=[-1], measure="norm")
    >>> c.measure, c.weights.shape, c.combined.shape
    ('norm', (1, 4, 9, 9), (1, 9, 9))
    >>> bool(abs(c.weights.sum(axis=-1) - 1).max() > 0.01)  # rows are not probabilities
    True
    """

    combined: np.ndarray | None = None
    measure: ClassVar[str] = "norm"

    def _check_values(self, w: np.ndarray) -> None:
        c = np.asarray(self.combined, dtype=np.float32) if self.combined is not None else None
        if c is None or c.shape != (w.shape[0], w.shape[2], w.shape[3]):
            raise AttnTeachError(
                _("combined must have shape (layer, query, key) = {shape}; got {got}").format(
                    shape=(w.shape[0], w.shape[2], w.shape[3]), got=None if c is None else c.shape
                )
            )
        object.__setattr__(self, "combined", c)
        if not (np.all(np.isfinite(w)) and np.all(np.isfinite(c))):
            raise AttnTeachError(_("contributions contain NaN or infinity"))
        if w.min() < 0 or c.min() < 0:
            raise AttnTeachError(_("contributions are lengths of vectors and cannot be negative"))

    def __repr__(self) -> str:
        return "Contributions" + super().__repr__().removeprefix("Attention")

    def value_label(self) -> str:
        return _("‖αf(x)‖, not a probability")

    def heads_label(self) -> str:
        return _("{heads} heads added as vectors").format(heads=self.n_heads)

    def head_mean(self, layer: int = -1) -> np.ndarray:
        """Refused: a mean of per-head lengths is not what the layer adds; use :meth:`matrix`."""
        raise AttnTeachError(
            _(
                "contributions are not averaged over heads: matrix(layer) gives the heads added "
                "as vectors, ||Σ_h αf(x)||"
            )
        )

    def matrix(self, layer: int = -1, head: int | None = None) -> np.ndarray:
        """One ``(query, key)`` matrix: one head's norms, or (``head=None``) the heads combined."""
        if head is None:
            return self.combined[self.layer_index(layer)]  # (query, key)
        return self.weights[self.layer_index(layer), self.head_index(head)]

    def without_special(self) -> Contributions:
        """Drop special tokens' rows and columns; nothing is re-normalised (rows are not shares)."""
        keep = ~self.special_mask
        return dataclasses.replace(
            self,
            tokens=[t for t, k in zip(self.tokens, keep) if k],
            special_mask=self.special_mask[keep],
            weights=self.weights[:, :, keep][..., keep],  # (layer, head, query, key)
            combined=self.combined[:, keep][..., keep],
        )  # (layer, query, key)

    def words(self) -> Contributions:
        """Merge sub-word pieces: rows averaged, columns *added* (:func:`attn_teach.reduce.merge_words`).

        Adding the pieces' lengths gives an upper bound of the length of their summed
        vectors (equal when the vectors point the same way), not the exact value.
        """
        groups = reduce.word_groups(self.tokens, self.special_mask)
        return dataclasses.replace(
            self,
            tokens=[reduce.word_label([self.tokens[i] for i in g]) for g in groups],
            special_mask=np.array([bool(self.special_mask[g[0]]) for g in groups]),
            weights=reduce.merge_words(self.weights, groups),
            combined=reduce.merge_words(self.combined[:, None], groups)[:, 0],
            unit="word",
        )

    def _npz_fields(self) -> dict:
        return {**super()._npz_fields(), "combined": self.combined}

    @classmethod
    def _npz_extra(cls, f) -> dict:
        return {"combined": f["combined"]}


def projections(net, module):
    """``(W_V, b_V, W_O)`` of one attention module, oriented ``x @ W + b``, as float64 tensors.

    ``W_V``: ``(hidden, heads * head_size)``; ``W_O``: ``(heads * head_size, hidden)``.
    """
    import torch

    if hasattr(module, "c_attn") and hasattr(module, "c_proj"):  # GPT-2: Conv1D computes x @ weight + bias
        width = module.c_proj.weight.shape[0]
        w_v, b_v = module.c_attn.weight[:, 2 * width :], module.c_attn.bias[2 * width :]  # q | k | v
        w_o = module.c_proj.weight
    elif hasattr(module, "value"):  # BERT: Linear computes x @ weight.T + bias; W_O is in the sibling module
        parent = next((m for m in net.modules() if getattr(m, "self", None) is module), None)
        dense = getattr(getattr(parent, "output", None), "dense", None)
        if dense is None:
            raise AttnTeachError(_("measure='norm' could not find this model's attention output projection"))
        w_v, b_v, w_o = module.value.weight.T, module.value.bias, dense.weight.T
    else:
        raise AttnTeachError(
            _("measure='norm' supports BERT and GPT-2 models; {kind} is neither").format(kind=type(module).__name__)
        )
    with torch.no_grad():
        return tuple(t.detach().to(torch.float64) for t in (w_v, b_v, w_o))


def norms(x, alpha, w_v, b_v, w_o):
    """Per-head and combined contribution norms of one layer, as float32 NumPy.

    Parameters
    ----------
    x : torch.Tensor
        ``(key, hidden)``: the hidden states entering the attention module.
    alpha : torch.Tensor
        ``(head, query, key)``: its attention weights.
    w_v, b_v, w_o : torch.Tensor
        From :func:`projections`.

    Returns
    -------
    per_head : numpy.ndarray
        ``(head, query, key)``, ``||alpha^h_ij f^h(x_j)||``.
    combined : numpy.ndarray
        ``(query, key)``, ``||sum_h alpha^h_ij f^h(x_j)||``.
    """
    import torch

    heads = alpha.shape[0]
    x, alpha = x.to(torch.float64), alpha.to(torch.float64)
    v = (x @ w_v + b_v).reshape(x.shape[0], heads, -1).transpose(0, 1)  # (head, key, head_size)
    f = v @ w_o.reshape(heads, -1, w_o.shape[-1])  # (head, key, hidden): f^h(x_j), each head through its rows of W_O
    per_head = alpha * f.norm(dim=-1)[:, None, :]  # (head, query, key): alpha >= 0, so ||alpha f|| = alpha ||f||
    gram = torch.einsum("hkd,gkd->khg", f, f)  # (key, head, head): f^h(x_j) . f^g(x_j)
    squared = torch.zeros(alpha.shape[1:], dtype=torch.float64)  # (query, key): ||sum_h alpha^h f^h||^2
    for h in range(heads):  # one head at a time: memory stays (head, query, key), not (head, head, query, key)
        squared += alpha[h] * torch.einsum("gqk,kg->qk", alpha, gram[:, h, :])
    combined = squared.clamp_min(0).sqrt()
    return per_head.float().cpu().numpy(), combined.float().cpu().numpy()

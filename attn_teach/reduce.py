"""Reductions: pure NumPy functions from attention weights to what a figure shows.

No torch, no matplotlib: each function can be checked by hand on a small matrix.

* :func:`received`: a ``(query, key)`` matrix to the attention each token receives,
  ``(key,)`` (what the article's line plot was after; lesson 6).
* :func:`drop_tokens`: ``(layer, head, query, key)`` weights without some tokens,
  rows re-normalised (special tokens; lesson 14).
* :func:`word_groups`: tokens to groups of positions, one per word.
* :func:`merge_words`: ``(layer, head, query, key)`` weights over tokens to weights
  over words (lesson 15); :func:`word_label` names each word.
* :func:`rollout`: the weights of every layer to one ``(query, key)`` matrix, the
  attention flow through all layers (Abnar & Zuidema, 2020; lesson 13).

Arrays in, arrays out: :class:`~attn_teach.Attention` builds its
:meth:`~attn_teach.Attention.without_special` and :meth:`~attn_teach.Attention.words`
from these functions, so ``attn_teach.attention`` imports this module and not
the other way round. :func:`rollout` takes anything with ``weights`` and ``layers``
(an ``Attention``).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _


class LayeredWeights(Protocol):
    """What :func:`rollout` reads: an :class:`~attn_teach.Attention`, or anything with these fields."""

    @property
    def weights(self) -> np.ndarray: ...  # (layer, head, query, key)

    @property
    def layers(self) -> tuple[int, ...]: ...  # the model's number of each entry along axis 0

    @property
    def tokens(self) -> list[str]: ...  # one per query and per key

    @property
    def n_layers(self) -> int: ...  # len(layers)


def received(matrix: np.ndarray) -> np.ndarray:
    """Attention received by each key token: the mean of each column of a ``(query, key)`` matrix.

    Every row sums to 1, so the result sums to 1 too: it is the share of all the
    attention in the sentence that lands on each token. For a causal model, early
    tokens are visible to more queries and so receive more by construction.

    Examples
    --------
    >>> received(np.array([[1.0, 0.0], [0.5, 0.5]])).tolist()
    [0.75, 0.25]
    """
    return np.asarray(matrix).mean(axis=0)  # (key,)


def _renormalise(w: np.ndarray, what: str) -> np.ndarray:
    sums = w.sum(axis=-1, keepdims=True)
    if np.any(sums <= 0):
        raise AttnTeachError(_("after {what} some rows have no attention left to re-normalise").format(what=what))
    return w / sums


def drop_tokens(weights: np.ndarray, drop: np.ndarray) -> np.ndarray:
    """Remove the tokens where ``drop`` is True (rows and columns), re-normalising rows to 1.

    ``weights`` is ``(layer, head, query, key)``; so is the result, with fewer tokens.
    Lesson 14 shows why BERT piles attention on ``[CLS]``/``[SEP]``; removing them and
    re-normalising shows how the rest is shared out. Every row must keep some attention:
    a row that gave all of it to dropped tokens cannot be re-normalised (an error says so).

    Examples
    --------
    >>> w = np.array([[[[0.5, 0.25, 0.25], [0.5, 0.25, 0.25], [0.5, 0.5, 0.0]]]])
    >>> drop_tokens(w, np.array([True, False, False])).tolist()
    [[[[0.5, 0.5], [1.0, 0.0]]]]
    """
    keep = ~np.asarray(drop, dtype=bool)
    if keep.sum() == 0:
        raise AttnTeachError(_("every token would be dropped; nothing is left to show"))
    w = np.asarray(weights)[:, :, keep][:, :, :, keep]  # (layer, head, query', key')
    return _renormalise(w.astype(np.float64), _("dropping tokens")).astype(np.float32)


def word_groups(tokens: list[str], special: np.ndarray) -> list[list[int]]:
    """Group token positions into words.

    * WordPiece: a ``##`` piece continues the previous word (``process ##ing``).
    * sentencepiece: a bare ``▁`` (the word-start marker on its own) joins the next
      piece; a piece without ``▁`` continues a word of Latin letters (``▁lang uage``).
      Japanese is written without spaces, so its pieces (``食べ``, ``ました``) stay
      the units they are.
    * Special tokens are words of their own; a piece never joins one (a ``##`` piece
      right after ``[CLS]``, or first, starts a word).

    Examples
    --------
    >>> word_groups(["[CLS]", "process", "##ing", "[SEP]"], np.array([True, False, False, True]))
    [[0], [1, 2], [3]]
    >>> word_groups(["▁", "今日", "は"], np.array([False, False, False]))
    [[0, 1], [2]]
    """
    groups: list[list[int]] = []
    pending_marker = False  # a bare "▁" waiting for its piece
    for i, tok in enumerate(tokens):
        if special[i]:
            groups.append([i])
            pending_marker = False
            continue
        if pending_marker:
            groups[-1].append(i)
            pending_marker = False
            continue
        prev = groups[-1] if groups and not special[groups[-1][0]] else None  # never join a special token
        prev_word = "".join(tokens[j] for j in prev) if prev else ""
        continues = prev is not None and (
            tok.startswith("##")
            or (
                not tok.startswith("▁")
                and "▁" in prev_word
                and tok.isascii()
                and tok.isalpha()
                and prev_word.replace("▁", "").isascii()
            )
        )
        if continues and prev is not None:
            prev.append(i)
        else:
            groups.append([i])
            pending_marker = tok == "▁"
    return groups


def word_label(pieces: list[str]) -> str:
    """One word's label from its pieces: ``##`` and ``▁`` markers removed (``process ##ing`` -> ``processing``)."""
    return "".join(p[2:] if p.startswith("##") else p for p in pieces).replace("▁", "") or "▁"


def merge_words(weights: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    """Merge sub-word pieces into words: ``(layer, head, token, token)`` to ``(layer, head, word, word)``.

    Attention *to* a word is the sum over its pieces (columns add up); attention
    *from* a word is the mean over its pieces (rows are averaged). Rows still sum
    to 1, and a causal model stays causal. ``groups`` come from :func:`word_groups`.
    Introduced in lesson 15.

    Examples
    --------
    >>> w = np.array([[[[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.5, 0.25, 0.25]]]])
    >>> merge_words(w, [[0], [1, 2]]).tolist()
    [[[[1.0, 0.0], [0.5, 0.5]]]]
    """
    w64 = np.asarray(weights, dtype=np.float64)  # (layer, head, query, key)
    # (word, token) matrices: S sums columns into words, M averages rows into words
    S = np.zeros((len(groups), w64.shape[-1]))
    for w, g in enumerate(groups):
        S[w, g] = 1.0
    M = S / S.sum(axis=1, keepdims=True)
    # optimize: two matrix products; the plain einsum loops over all four indices (minutes at 128 tokens)
    merged = np.einsum("wq,lhqk,vk->lhwv", M, w64, S, optimize=True)  # (layer, head, word, word)
    return merged.astype(np.float32)


def rollout(attention: LayeredWeights, *, residual: float = 0.5) -> np.ndarray:
    """Attention rollout (Abnar & Zuidema, 2020): how much each token draws on each input token.

    For each layer ``l`` from the first: ``A_l`` is the head mean, the residual
    connection is added as ``residual * I + (1 - residual) * A_l``, rows are
    re-normalised, and the layers are multiplied, ``R = Â_L ... Â_2 Â_1``.

    Parameters
    ----------
    attention : Attention
        Must hold every layer of the model, from the first (``extract(layers=None)``).
    residual : float
        Weight of the identity, between 0 and 1. ``0`` multiplies raw attention.

    Returns
    -------
    numpy.ndarray
        ``(query, key)``, rows summing to 1. For a causal model it stays lower triangular.

    Notes
    -----
    Introduced in lesson 13; :func:`attn_teach.rollout_view` draws it.
    """
    if not 0.0 <= residual <= 1.0:
        raise AttnTeachError(_("residual must be between 0 and 1; got {residual}").format(residual=residual))
    if tuple(attention.layers) != tuple(range(attention.n_layers)):
        raise AttnTeachError(
            _(
                "rollout needs every layer from the first; extract with layers=None (this Attention "
                "holds layers {layers})"
            ).format(layers=list(attention.layers))
        )
    n = len(attention.tokens)
    result = np.eye(n)
    for layer in range(attention.n_layers):
        a = residual * np.eye(n) + (1 - residual) * attention.weights[layer].astype(np.float64).mean(axis=0)
        a /= a.sum(axis=-1, keepdims=True)
        result = a @ result
    return result

"""The ``Attention`` value: attention weights with their tokens, as NumPy.

This is the only thing that crosses from the model side (:mod:`attn_teach.extract`)
to the drawing side (:mod:`attn_teach.views`). Axes are always named and ordered
``(layer, head, query, key)``: ``weights[l, h, q, k]`` is how much the token at
position ``q`` looks at the token at position ``k`` in head ``h`` of layer ``l``.
Every row (fixed ``l, h, q``) is a softmax output, so it sums to 1.

Lesson 2 introduces the axes; lesson 5 introduces :meth:`Attention.head_mean`.

Why one module over 300 lines: the value's checks, its reductions' entry points and its
``.npz`` form (save, load, the size checks on load) are one contract; a reader of the value
type finds all of it here.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import zipfile
import zlib
from typing import ClassVar

import numpy as np

from attn_teach import reduce
from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.i18n import pgettext

ROW_SUM_TOLERANCE = 1e-4  # float32 softmax rows sum to 1 within ~1e-6; leave room


def _check_text(text, model_name, tokens) -> None:
    """Refuse a text, model name or token that is not a string or cannot be written as UTF-8."""
    for i, token in enumerate(tokens):
        if not isinstance(token, str):
            raise AttnTeachError(
                _("tokens must be strings; token {index} is {value!r} ({kind})").format(
                    index=i, value=token, kind=type(token).__name__
                )
            )
    for what, value in ((_("the text"), text), (_("the model name"), model_name)):
        if not isinstance(value, str):
            raise AttnTeachError(_("{what} must be a string; got {kind}").format(what=what, kind=type(value).__name__))
    for index, value in enumerate((text, model_name, *tokens)):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            what = (
                (_("the text"), _("the model name"))[index] if index < 2 else _("token {index}").format(index=index - 2)
            )
            raise AttnTeachError(
                _(
                    "{what} holds {char!r} at position {position}, a lone surrogate that cannot be "
                    "written as UTF-8; decode the input with errors='replace'"
                ).format(what=what, char=value[exc.start], position=exc.start)
            ) from None


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Attention:
    """Attention weights of one text through one model.

    Parameters
    ----------
    text : str
        The input text.
    model_name : str
        Name the model was loaded by (embedded name, folder or hub id).
    tokens : list of str
        Tokens exactly as the tokenizer produced them, special tokens included.
    special_mask : numpy.ndarray
        ``bool`` per token: True for ``[CLS]``, ``[SEP]``, ``</s>`` and the like.
    weights : numpy.ndarray
        ``float32`` array ``(layer, head, query, key)``.
    layers : tuple of int
        The model's layer number of each entry along axis 0 (``extract(layers=[-1])``
        keeps one layer, numbered ``n_layers - 1`` here).
    causal : bool
        True for decoder models (GPT-2): a token sees only itself and earlier tokens,
        so weights above the diagonal are zero.
    unit : str
        What one position is: ``"token"``, or ``"word"`` after :meth:`words` merged the
        pieces. The views label their axes by it (words, not tokens).

    Examples
    --------
    >>> import numpy as np
    >>> a = Attention("a b", "hand-made", ["a", "b"], np.array([False, False]),
    ...               np.full((1, 2, 2, 2), 0.5, dtype=np.float32))
    >>> a
    Attention(model='hand-made', layers=1, heads=2, tokens=2: a b)
    >>> a.head_mean().tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """

    text: str
    model_name: str
    tokens: list[str]
    special_mask: np.ndarray
    weights: np.ndarray
    layers: tuple[int, ...] = ()
    causal: bool = False
    unit: str = "token"
    measure: ClassVar[str] = "weight"  # what the values are; "norm" in Contributions (lesson 16)

    def __post_init__(self) -> None:
        w = np.asarray(self.weights, dtype=np.float32)
        mask = np.asarray(self.special_mask, dtype=bool)
        layers = tuple(int(i) for i in self.layers) or tuple(range(w.shape[0] if w.ndim else 0))
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "special_mask", mask)
        _check_text(self.text, self.model_name, self.tokens)
        object.__setattr__(self, "tokens", [str(t) for t in self.tokens])
        object.__setattr__(self, "layers", layers)
        object.__setattr__(self, "unit", "word" if self.unit == "word" else "token")
        n = len(self.tokens)
        if w.ndim != 4 or w.shape[2] != n or w.shape[3] != n:
            raise AttnTeachError(
                _(
                    "weights must have shape (layer, head, query, key) with query = key = {n} tokens; got {shape}"
                ).format(n=n, shape=w.shape)
            )
        if n == 0 or w.shape[0] == 0 or w.shape[1] == 0:
            raise AttnTeachError(
                _(
                    "an Attention needs at least one token, one layer and one head; got weights of "
                    "shape {shape} (layer, head, query, key)"
                ).format(shape=w.shape)
            )
        if mask.shape != (n,):
            raise AttnTeachError(
                _("special_mask must have one entry per token ({n}); got shape {shape}").format(n=n, shape=mask.shape)
            )
        if len(layers) != w.shape[0]:
            raise AttnTeachError(
                _("layers names {named} layers but weights hold {held}").format(named=len(layers), held=w.shape[0])
            )
        self._check_values(w)

    def _check_values(self, w: np.ndarray) -> None:
        """Every row is a softmax output: finite, not negative, summing to 1 (Contributions checks otherwise)."""
        if not np.all(np.isfinite(w)):
            where = tuple(int(i) for i in np.argwhere(~np.isfinite(w))[0])
            raise AttnTeachError(
                _("weights contain NaN or infinity, first at (layer, head, query, key) = {where}").format(where=where)
            )
        if np.any(w < 0):
            where = tuple(int(i) for i in np.argwhere(w < 0)[0])
            raise AttnTeachError(
                _(
                    "weights must not be negative (softmax outputs are 0 to 1); {value:.3g} at "
                    "(layer, head, query, key) = {where}"
                ).format(value=float(w[where]), where=where)
            )
        sums = w.sum(axis=-1)  # (layer, head, query)
        worst = float(np.max(np.abs(sums - 1.0))) if w.size else 0.0
        if worst > ROW_SUM_TOLERANCE:
            raise AttnTeachError(
                _("every attention row must sum to 1 (softmax output); worst row is off by {worst:.2g}").format(
                    worst=worst
                )
            )

    # -- labels the views draw (Contributions says "norm" instead) ----------
    def value_label(self) -> str:
        """What one value is, for colour bars and value axes (a word's value merges its tokens: :meth:`words`)."""
        if self.unit == "word":
            return _("attention weight (merged word by word)")
        return _("attention weight")

    def key_label(self) -> str:
        """The label of the key axis: tokens, or words once :meth:`words` merged the pieces."""
        if self.unit == "word":
            return pgettext("words", "key: token attended to")
        return _("key: token attended to")

    def query_label(self) -> str:
        """The label of the query axis: tokens, or words once :meth:`words` merged the pieces."""
        if self.unit == "word":
            return pgettext("words", "query: token attending")
        return _("query: token attending")

    def heads_label(self) -> str:
        """How ``matrix(layer)`` combines the heads, for titles."""
        return _("mean of {heads} heads").format(heads=self.n_heads)

    # -- shape ---------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        """Number of layers held (axis 0)."""
        return self.weights.shape[0]

    @property
    def n_heads(self) -> int:
        """Number of heads per layer (axis 1)."""
        return self.weights.shape[1]

    def __len__(self) -> int:
        return len(self.tokens)

    def __repr__(self) -> str:
        shown = " ".join(self.tokens[:8]) + (" ..." if len(self.tokens) > 8 else "")
        return (
            f"Attention(model={self.model_name!r}, layers={self.n_layers}, heads={self.n_heads}, "
            f"tokens={len(self.tokens)}: {shown})"
        )

    def _repr_html_(self) -> str:
        """A notebook shows the interactive view (:func:`attn_teach.interactive`), kept under 5 MB."""
        from attn_teach.interactive import NOTEBOOK_MAX_BYTES, interactive

        return interactive(self, max_bytes=NOTEBOOK_MAX_BYTES)._repr_html_()

    def layer_index(self, layer: int) -> int:
        """Position along axis 0 of ``layer`` (negative counts from the end), with a clear error."""
        n = self.n_layers
        if not -n <= layer < n:
            raise AttnTeachError(
                _("layer {layer} is out of range: this Attention holds {n} layer(s); use 0..{last} or -{n}..-1").format(
                    layer=layer, n=n, last=n - 1
                )
            )
        return layer % n

    def head_index(self, head: int) -> int:
        """Position along axis 1 of ``head`` (negative counts from the end), with a clear error."""
        n = self.n_heads
        if not -n <= head < n:
            raise AttnTeachError(
                _("head {head} is out of range: the model has {n} heads; use 0..{last} or -{n}..-1").format(
                    head=head, n=n, last=n - 1
                )
            )
        return head % n

    def layer_number(self, layer: int) -> int:
        """The model's number of the layer at ``layer`` (negative counts from the end), for titles.

        ``extract(layers=[-1])`` of a 4-layer model holds one layer, numbered 3:
        ``layer_number(-1) == 3``.
        """
        return self.layers[self.layer_index(layer)]

    def token_index(self, token: int | str) -> int:
        """Position of ``token``: an index (negative counts from the end) or a token string
        (its first occurrence), with a clear error."""
        if isinstance(token, str):
            if token not in self.tokens:
                raise AttnTeachError(
                    _("token {token!r} is not in this text; its tokens are: {tokens}").format(
                        token=token, tokens=" ".join(self.tokens)
                    )
                )
            return self.tokens.index(token)
        n = len(self.tokens)
        if not -n <= token < n:
            raise AttnTeachError(
                _("token position {token} is out of range: the text has {n} tokens").format(token=token, n=n)
            )
        return token % n

    # -- reductions ----------------------------------------------------------
    def head_mean(self, layer: int = -1) -> np.ndarray:
        """Average over heads of one layer: a ``(query, key)`` matrix whose rows sum to 1.

        The article's ``torch.mean(outputs.attentions[-1], dim=1)[0]``: ``dim=1`` is
        the head axis of ``(batch, head, query, key)`` and ``[0]`` the first text of
        the batch. Lesson 5 shows it.
        """
        return self.weights[self.layer_index(layer)].mean(axis=0)  # (query, key)

    def matrix(self, layer: int = -1, head: int | None = None) -> np.ndarray:
        """One ``(query, key)`` matrix: a single head, or the head mean when ``head`` is None."""
        if head is None:
            return self.head_mean(layer)
        return self.weights[self.layer_index(layer), self.head_index(head)]

    def without_special(self) -> Attention:
        """Drop special tokens (``[CLS]``, ``[SEP]``, ``</s>``...) and re-normalise rows to 1.

        Introduced in lesson 14, which explains why BERT's attention piles up on them.
        """
        keep = ~self.special_mask
        return dataclasses.replace(
            self,
            tokens=[t for t, k in zip(self.tokens, keep) if k],
            special_mask=self.special_mask[keep],
            weights=reduce.drop_tokens(self.weights, self.special_mask),
        )

    def words(self) -> Attention:
        """Merge sub-word pieces into words (see :func:`attn_teach.reduce.merge_words`).

        Introduced in lesson 15.
        """
        groups = reduce.word_groups(self.tokens, self.special_mask)
        return dataclasses.replace(
            self,
            tokens=[reduce.word_label([self.tokens[i] for i in g]) for g in groups],
            special_mask=np.array([bool(self.special_mask[g[0]]) for g in groups]),
            weights=reduce.merge_words(self.weights, groups),
            unit="word",
        )

    # -- files ---------------------------------------------------------------
    def save(self, path: str | pathlib.Path, *, overwrite: bool = False) -> pathlib.Path:
        """Write an ``.npz`` file that :meth:`load` reads back exactly.

        Refuses to replace an existing file unless ``overwrite=True``.
        The file is written atomically (:func:`attn_teach.files.atomic_write`): an
        interrupted or failed save leaves any old file unchanged and no partial file.
        """
        from attn_teach.files import atomic_write

        path = pathlib.Path(path)
        if path.suffix.lower() != ".npz":
            raise AttnTeachError(
                _("{path}: attention files end in .npz; name it e.g. {example}").format(
                    path=path, example=path.with_suffix(".npz").name
                )
            )
        if os.path.lexists(path) and not overwrite:
            raise AttnTeachError(
                _("{path} already exists; choose another name or pass --force / overwrite=True").format(path=path)
            )
        return atomic_write(path, lambda f: np.savez_compressed(f, **self._npz_fields()), force=overwrite)

    def _npz_fields(self) -> dict:
        """The arrays :meth:`save` writes (Contributions adds its own)."""
        return dict(
            text=np.array(self.text),
            model_name=np.array(self.model_name),
            # the text as UTF-8 bytes too: NumPy's string arrays drop trailing NUL characters
            text_utf8=np.frombuffer(self.text.encode("utf-8", "surrogatepass"), dtype=np.uint8),
            tokens=np.array(self.tokens, dtype=str),
            special_mask=self.special_mask,
            weights=self.weights,
            layers=np.array(self.layers, dtype=np.int64),
            causal=np.array(self.causal),
            unit=np.array(self.unit),
            measure=np.array(self.measure),
        )

    @classmethod
    def load(cls, path: str | pathlib.Path) -> Attention:
        """Read a file written by :meth:`save` (no pickled objects are read)."""
        path = pathlib.Path(path)
        if not path.is_file():
            raise AttnTeachError(
                _("{path}: no such file; attention files are written by Attention.save or `attn-teach extract`").format(
                    path=path
                )
            )
        from attn_teach.limits import check_npz

        check_npz(path)  # sizes declared in the members' headers, before any data is read
        try:
            with np.load(path, allow_pickle=False) as f:
                measure = str(f["measure"]) if "measure" in f.files else "weight"  # "norm": Contributions
                text = (
                    bytes(f["text_utf8"]).decode("utf-8", "surrogatepass") if "text_utf8" in f.files else str(f["text"])
                )
                fields = dict(
                    text=text,
                    model_name=str(f["model_name"]),
                    tokens=[str(t) for t in f["tokens"]],
                    special_mask=f["special_mask"],
                    weights=f["weights"],
                    layers=tuple(f["layers"].tolist()),
                    causal=bool(f["causal"]),
                    unit=str(f["unit"]) if "unit" in f.files else "token",  # files saved before the field
                    **(cls._npz_extra(f) if measure == cls.measure else {}),
                )
        except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            missing = _(" (no field {field})").format(field=exc) if isinstance(exc, KeyError) else ""
            raise AttnTeachError(
                _("{path} is not an attention file written by Attention.save{missing}").format(
                    path=path, missing=missing
                )
            ) from None
        if measure != cls.measure:
            raise AttnTeachError(
                _("{path} holds {measure} values, not {wanted}; read it with {reader}.load").format(
                    path=path,
                    measure=measure,
                    wanted=cls.measure,
                    reader="Contributions" if measure == "norm" else "Attention",
                )
            )
        return cls(**fields)  # checks the values; its errors say what is wrong with them

    @classmethod
    def _npz_extra(cls, f) -> dict:
        """Fields beyond Attention's that :meth:`load` reads (Contributions: ``combined``)."""
        return {}

"""The models :func:`~attn_teach.models.load_model` has loaded, so that loading one again is instant.

A model is kept under a :class:`CacheKey` that holds everything that changes what
is loaded: the name it was asked by, the folder or hub id it resolved to (a folder
as an absolute, resolved path: ``models/mine`` means another folder in another
working directory) and whether pickled weights were allowed (a model loaded with
the opt-in is never handed to a caller who did not opt in).
"""

from __future__ import annotations

import collections
import os
import threading
from collections.abc import Callable
from typing import NamedTuple

from attn_teach.models.loaded import LoadedModel
from attn_teach.models.names import EMBEDDED


class CacheKey(NamedTuple):
    """What a loaded model is kept under: every option that changes what is loaded."""

    name: str  # as the caller gave it (the LoadedModel's name)
    where: str  # a folder's absolute, resolved path, or the hub id
    local: bool  # a folder (embedded or not), not a hub id
    allow_pickle: bool  # pickled weights were accepted

    @classmethod
    def of(cls, name: str, where: str, local: bool, allow_pickle: bool) -> CacheKey:
        """The key of a resolved name: a folder is made absolute against today's working folder."""
        return cls(name, os.path.realpath(where) if local else where, local, bool(allow_pickle))


class ModelCache:
    """The models :func:`~attn_teach.models.load_model` has loaded, so that loading one again is instant.

    What it holds: :class:`~attn_teach.models.LoadedModel` objects, one per :class:`CacheKey`.

    * The embedded models (``tiny-bert-en``, ``tiny-gpt2-ja``, a few MB each) stay
      until :meth:`clear`: a test or a lesson can load them as often as it likes.
    * Other models (folders and hub ids) are large (``rinna/japanese-gpt2-medium`` is
      336M parameters): only the ``others`` most recently used ones are kept, by
      default one. Loading another drops the oldest.

    A folder is read once: if its files change, call :meth:`clear` (or
    ``MODEL_CACHE.clear()``) to read it again. Safe to use from several threads: a
    lock guards the cache, and two threads asking for the same model load it once
    (loads are serialised).

    Parameters
    ----------
    others : int
        How many models other than the embedded ones to keep (0 keeps none).

    Examples
    --------
    >>> from attn_teach.models import load_model
    >>> MODEL_CACHE.clear()
    >>> a = load_model("tiny-bert-en"); b = load_model("tiny-bert-en")
    >>> a is b, MODEL_CACHE.names()
    (True, ['tiny-bert-en'])
    """

    def __init__(self, others: int = 1) -> None:
        self.others = others
        self._embedded: dict[CacheKey, LoadedModel] = {}
        self._others: collections.OrderedDict[CacheKey, LoadedModel] = collections.OrderedDict()  # oldest first
        self._lock = threading.Lock()

    def get(self, key: CacheKey, load: Callable[[], LoadedModel]) -> LoadedModel:
        """The model kept under ``key``, or ``load()`` it, keep it and return it."""
        with self._lock:
            for store in (self._embedded, self._others):
                if key in store:
                    if store is self._others:
                        store.move_to_end(key)
                    return store[key]
            loaded = load()  # an error leaves the cache as it was
            if key.name in EMBEDDED:
                self._embedded[key] = loaded
            elif self.others > 0:
                self._others[key] = loaded
                while len(self._others) > self.others:
                    self._others.popitem(last=False)
            return loaded

    def names(self) -> list[str]:
        """Names of the models held, embedded ones first."""
        with self._lock:
            return [key.name for key in [*self._embedded, *self._others]]

    def clear(self) -> None:
        """Drop every model held; the next :func:`~attn_teach.models.load_model` reads from disk again."""
        with self._lock:
            self._embedded.clear()
            self._others.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._embedded) + len(self._others)

    def __repr__(self) -> str:
        return f"ModelCache(others={self.others}, holds={self.names()})"


MODEL_CACHE = ModelCache()
"""The one cache :func:`~attn_teach.models.load_model` uses (a :class:`ModelCache`)."""

"""Models: names, folder checks, loading, the cache and the hub, one module each.

Names resolve in this order: an embedded model (``tiny-bert-en``, ``tiny-gpt2-ja``),
an existing folder, then a hub id such as ``bert-base-uncased`` (from the local
cache; from the network unless ``HF_HUB_OFFLINE=1``). The rooms, in the order a
name travels: :mod:`~attn_teach.models.names`, :mod:`~attn_teach.models.folder`,
:mod:`~attn_teach.models.hub`, :mod:`~attn_teach.models.loading` (into
:mod:`~attn_teach.models.cache`, as a :mod:`~attn_teach.models.loaded` model), and
:mod:`~attn_teach.models.count`.
"""

from attn_teach.models.cache import MODEL_CACHE, CacheKey, ModelCache
from attn_teach.models.count import count_parameters
from attn_teach.models.folder import TOKENIZER_FILES
from attn_teach.models.hub import DOWNLOAD_PATTERNS
from attn_teach.models.loaded import LoadedModel
from attn_teach.models.loading import load_model
from attn_teach.models.names import ARTICLE, EMBEDDED, EMBEDDED_DIR, embedded_model_path, resolve

__all__ = [
    "ARTICLE",
    "DOWNLOAD_PATTERNS",
    "EMBEDDED",
    "EMBEDDED_DIR",
    "MODEL_CACHE",
    "TOKENIZER_FILES",
    "CacheKey",
    "LoadedModel",
    "ModelCache",
    "count_parameters",
    "embedded_model_path",
    "load_model",
    "resolve",
]

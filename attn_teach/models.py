"""Loading models: embedded names, local folders and hub ids, one code path.

Every model goes through ``from_pretrained`` exactly as in the article, with two
changes that today's transformers needs (lesson 1):

* ``attn_implementation="eager"``: since transformers 5 the default ``sdpa``
  attention never materialises the weights, so ``outputs.attentions`` is empty;
* ``use_safetensors=True``: weights are read from safetensors files only, never
  unpickled, and no code from a model repository is run (no ``trust_remote_code``).

Names resolve in this order: an embedded model (``tiny-bert-en``, ``tiny-gpt2-ja``),
an existing folder, then a hub id such as ``bert-base-uncased`` (from the local
cache; from the network unless ``HF_HUB_OFFLINE=1``).

Words used throughout the kit: a *model* is what a user names (an embedded name,
a folder or a hub id, or an already loaded model); :func:`load_model` returns a
:class:`LoadedModel`, called ``loaded``; its torch module is ``loaded.network``.
Loaded models are kept in :data:`MODEL_CACHE` (see :class:`ModelCache`).
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import os
import pathlib
import re
import threading
from collections.abc import Callable

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _

EMBEDDED_DIR = pathlib.Path(__file__).resolve().parent / "embedded"
EMBEDDED = ("tiny-bert-en", "tiny-gpt2-ja")
# the article's models, and the embedded model that stands in for each
ARTICLE = {"tiny-bert-en": "bert-base-uncased", "tiny-gpt2-ja": "rinna/japanese-gpt2-medium"}
_FILE_SUFFIXES = {".npz", ".bin", ".pt", ".pth", ".safetensors", ".json", ".txt", ".model", ".png", ".pdf", ".svg"}
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
# what `attn-teach download` fetches: configuration, tokenizer and safetensors weights only
# (tokenizer.json and tokenizer_config.json match *.json; a "tokenizer*" pattern would also
# fetch tokenizer.py or a pickled tokenizer.bin)
DOWNLOAD_PATTERNS = ["*.json", "*.safetensors", "*.txt", "*.model"]


@dataclasses.dataclass(frozen=True)
class LoadedModel:
    """A model ready for :func:`attn_teach.extract`.

    Attributes
    ----------
    network : transformers.PreTrainedModel
        The torch module, in eval mode, with eager attention (what plain transformers
        code calls ``model``).
    tokenizer : transformers.PreTrainedTokenizerBase
    name : str
        The name it was loaded by.
    causal : bool
        True for decoder (GPT-style) models.
    max_positions : int
        Longest input the model accepts, in tokens.
    """

    network: object
    tokenizer: object
    name: str
    causal: bool
    max_positions: int

    def __repr__(self) -> str:
        cfg = self.network.config
        return (f"LoadedModel({self.name!r}, {type(self.network).__name__}, layers={cfg.num_hidden_layers}, "
                f"heads={cfg.num_attention_heads}, max_positions={self.max_positions})")


def embedded_model_path(name: str) -> pathlib.Path:
    """Folder of an embedded model, loadable with plain ``from_pretrained(folder)``.

    Examples
    --------
    >>> embedded_model_path("tiny-bert-en").name
    'tiny-bert-en'
    """
    if name not in EMBEDDED:
        raise AttnTeachError(_("{name!r} is not an embedded model; the embedded models are: {models}")
                              .format(name=name, models=', '.join(EMBEDDED)))
    return EMBEDDED_DIR / name


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _alternatives() -> str:
    return ", ".join(f"{e} (for {a})" for e, a in ARTICLE.items())


def resolve(name: str | os.PathLike) -> tuple[str, bool]:
    """Return ``(where, is_local)``: a folder path for local models, else the hub id."""
    if not isinstance(name, (str, os.PathLike)):
        raise AttnTeachError(_("expected a model name, got a {type}: pass a name such as {example!r}, a model "
                               "folder, or the result of load_model(...)")
                              .format(type=type(name).__name__, example=EMBEDDED[0]))
    text = os.fspath(name)
    if not isinstance(text, str):
        text = os.fsdecode(text)
    if not text.strip():
        raise AttnTeachError(_("no model name given; use one of: {models}").format(models=', '.join(EMBEDDED)))
    if text in EMBEDDED:
        return str(embedded_model_path(text)), True
    if pathlib.Path(text).is_dir():
        return text, True
    if os.path.islink(text):  # a link to nothing: a loop or a missing target, not a hub id
        raise AttnTeachError(_("{text} is a symbolic link that leads to no folder (a loop or a missing target); "
                               "point it at a model folder").format(text=text))
    looks_like_file = "/" not in text and pathlib.Path(text).suffix.lower() in _FILE_SUFFIXES
    if not _HUB_ID.match(text) or looks_like_file or text.startswith("."):
        raise AttnTeachError(_("unknown model {text!r}: not an embedded model, a folder or a hub id; embedded "
                               "models: {models}").format(text=text, models=', '.join(EMBEDDED)))
    return text, False


def _check_local_weights(folder: pathlib.Path, allow_pickle: bool) -> None:
    if not (folder / "config.json").is_file():
        raise AttnTeachError(_("{folder} has no config.json: it is not a transformers model folder")
                              .format(folder=folder))
    if allow_pickle or any(folder.glob("*.safetensors")):
        return
    pickled = sorted(p.name for p in folder.glob("*.bin")) + sorted(p.name for p in folder.glob("*.pt"))
    if pickled:
        raise AttnTeachError(_("{folder} has only pickled weights ({files}); attn_teach loads safetensors only. If "
                               "you trust the file, opt in with allow_pickle=True (CLI: --allow-pickle)")
                              .format(folder=folder, files=', '.join(pickled)))
    raise AttnTeachError(_("{folder} has no weights file (*.safetensors)").format(folder=folder))


# files from which transformers can build a tokenizer (one is enough)
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "spiece.model", "tokenizer.model", "vocab.json",
                   "sentencepiece.bpe.model")


def _check_local_tokenizer(folder: pathlib.Path) -> None:
    """Refuse a folder without tokenizer files (transformers would build a 5-token tokenizer)."""
    found = [folder / f for f in TOKENIZER_FILES if (folder / f).is_file()]
    if not found:
        raise AttnTeachError(_("no tokenizer files in {folder}: expected one of {files}; copy them from the model "
                               "you trained or downloaded")
                              .format(folder=folder, files=', '.join(TOKENIZER_FILES)))
    for path in found:
        if path.stat().st_size == 0 or (path.suffix in (".txt", ".json") and not path.read_bytes().strip()):
            raise AttnTeachError(_("{path} is empty: the tokenizer has no vocabulary; copy the file again")
                                  .format(path=path))


def _check_weights_loaded(where: str, info: dict) -> None:
    """Refuse a model whose attention path was not in the checkpoint (it would run on random weights).

    Weights the checkpoint has but the model does not use (a pretraining head, ``cls.*``,
    lesson 1) are fine; the pooler and a tied output layer are not on the attention path.
    """
    optional = ("pooler.", "lm_head.")
    missing = sorted(k for k in info.get("missing_keys", ()) if not k.split(".", 1)[-1].startswith(optional)
                     and not k.startswith(optional))
    mismatched = sorted(str(k[0] if isinstance(k, tuple) else k) for k in info.get("mismatched_keys", ()))
    # attention parameters first: they are what the kit shows
    problems = sorted(missing + mismatched, key=lambda k: ("attn" not in k and "attention" not in k, k))
    if problems:
        kind = _("missing from") if missing else _("of the wrong shape in")
        shown = ", ".join(problems[:4])
        if len(problems) > 4:
            shown += _(" and {more} more").format(more=len(problems) - 4)
        raise AttnTeachError(_("{count} weights are {kind} the checkpoint in {where} ({shown}): they would be "
                               "random; check that the weights belong to this config.json")
                              .format(count=len(problems), kind=kind, where=where, shown=shown))


@contextlib.contextmanager
def _quiet_transformers():
    """Silence transformers' load report and progress bars for the embedded models.

    Loading ``BertModel`` from a ``BertForPreTraining`` checkpoint reports the unused
    ``cls.*`` weights: expected, and explained in lesson 1, so not repeated here.
    """
    from transformers.utils import logging

    verbosity, bars = logging.get_verbosity(), logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        logging.set_verbosity(verbosity)
        if bars:
            logging.enable_progress_bar()


def _is_causal(config) -> bool:
    archs = getattr(config, "architectures", None) or []
    return any(a.endswith(("ForCausalLM", "LMHeadModel")) for a in archs) or bool(config.is_decoder)


def load_model(name: str | os.PathLike = "tiny-bert-en", *, allow_pickle: bool = False) -> LoadedModel:
    """Load a model and its tokenizer with eager attention, from safetensors only.

    Parameters
    ----------
    name : str or path
        ``"tiny-bert-en"`` / ``"tiny-gpt2-ja"`` (embedded), a model folder, or a hub
        id such as ``"bert-base-uncased"`` (cached, or downloaded when online).
    allow_pickle : bool
        Accept checkpoints that have only pickled (``.bin``) weights. Off by default:
        unpickling can run code.

    Returns
    -------
    LoadedModel
        ``.network`` (the torch module, eval mode), ``.tokenizer``, ``.name``, ``.causal``,
        ``.max_positions``.

    Notes
    -----
    Lesson 0 shows where models come from; lesson 1 why eager attention is needed.
    Loaded models are kept in :data:`MODEL_CACHE`: loading the same name twice
    returns the same object (see :class:`ModelCache` for what is kept and for how long).

    Examples
    --------
    >>> m = load_model("tiny-bert-en")
    >>> m.tokenizer.tokenize("I love natural language processing!")
    ['i', 'love', 'natural', 'language', 'process', '##ing', '!']
    """
    where, local = resolve(name)
    if local:
        _check_local_weights(pathlib.Path(where), allow_pickle)
        _check_local_tokenizer(pathlib.Path(where))
    key = (os.fspath(name), where, local, allow_pickle)
    return MODEL_CACHE.get(key, lambda: _load_uncached(*key))


class ModelCache:
    """The models :func:`load_model` has loaded, so that loading one again is instant.

    What it holds: :class:`LoadedModel` objects, one per ``(name, allow_pickle)``.

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
    >>> MODEL_CACHE.clear()
    >>> a = load_model("tiny-bert-en"); b = load_model("tiny-bert-en")
    >>> a is b, MODEL_CACHE.names()
    (True, ['tiny-bert-en'])
    """

    def __init__(self, others: int = 1) -> None:
        self.others = others
        self._embedded: dict[tuple, LoadedModel] = {}
        self._others: collections.OrderedDict[tuple, LoadedModel] = collections.OrderedDict()  # oldest first
        self._lock = threading.Lock()

    def get(self, key: tuple, load: Callable[[], LoadedModel]) -> LoadedModel:
        """The model kept under ``key``, or ``load()`` it, keep it and return it."""
        with self._lock:
            for store in (self._embedded, self._others):
                if key in store:
                    if store is self._others:
                        store.move_to_end(key)
                    return store[key]
            loaded = load()  # an error leaves the cache as it was
            if key[0] in EMBEDDED:
                self._embedded[key] = loaded
            elif self.others > 0:
                self._others[key] = loaded
                while len(self._others) > self.others:
                    self._others.popitem(last=False)
            return loaded

    def names(self) -> list[str]:
        """Names of the models held, embedded ones first."""
        with self._lock:
            return [key[0] for key in [*self._embedded, *self._others]]

    def clear(self) -> None:
        """Drop every model held; the next :func:`load_model` reads from disk again."""
        with self._lock:
            self._embedded.clear()
            self._others.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._embedded) + len(self._others)

    def __repr__(self) -> str:
        return f"ModelCache(others={self.others}, holds={self.names()})"


MODEL_CACHE = ModelCache()
"""The one cache :func:`load_model` uses (a :class:`ModelCache`)."""


def _load_uncached(name: str, where: str, local: bool, allow_pickle: bool) -> LoadedModel:
    """Load with transformers, no cache: the work :func:`load_model` does on a cache miss."""
    import torch
    from transformers import AutoConfig, AutoModel, AutoModelForCausalLM, AutoTokenizer

    from attn_teach.limits import check_config

    quiet = _quiet_transformers() if local else contextlib.nullcontext()
    # a hub id is looked up in the local cache first; the network only if that misses
    cache_only = not local and (_offline() or _cached(where))
    if not local and not cache_only:
        _check_reachable(name)
    kwargs = dict(trust_remote_code=False, local_files_only=cache_only)
    try:
        with quiet:
            config = AutoConfig.from_pretrained(where, **kwargs)
            check_config(config, name)  # sizes, before anything is built
            tokenizer = AutoTokenizer.from_pretrained(where, **kwargs)
            causal = _is_causal(config)
            auto = AutoModelForCausalLM if causal else AutoModel
            # float32 whatever the checkpoint's dtype: bf16/fp16 softmax rows miss 1 by ~1e-3
            network, info = auto.from_pretrained(where, attn_implementation="eager", dtype=torch.float32,
                                                 use_safetensors=None if allow_pickle else True,
                                                 output_loading_info=True, **kwargs)
    except AttnTeachError:
        raise
    except Exception as exc:  # noqa: BLE001 - turned into one actionable line
        raise _explain(name, local, exc) from exc
    _check_weights_loaded(name, info)
    network.eval()
    limit = getattr(config, "max_position_embeddings", None) or getattr(config, "n_positions", None)
    limit = min(limit or 512, getattr(tokenizer, "model_max_length", limit) or limit)
    return LoadedModel(network=network, tokenizer=tokenizer, name=name, causal=causal, max_positions=int(limit))


def _cached(repo_id: str) -> bool:
    """True when the local hub cache has this repository's config.json."""
    from huggingface_hub import try_to_load_from_cache

    return isinstance(try_to_load_from_cache(repo_id, "config.json"), str)


def _check_reachable(name: str) -> None:
    """Fail at once, rather than after the hub client's retries, when the hub's host has no address."""
    import socket
    import urllib.parse

    from huggingface_hub import constants

    host = urllib.parse.urlparse(constants.ENDPOINT).hostname or ""
    try:
        socket.getaddrinfo(host, 443)
    except OSError:
        raise AttnTeachError(_("{name} is not in the local cache and the hub ({host}) cannot be reached: run "
                               "`attn-teach download {name}` where there is a network, or use an embedded model: "
                               "{models}").format(name=name, host=host, models=_alternatives())) from None


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions behind it (transformers re-raises hub errors as ``OSError ... from``)."""
    chain = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    return chain


def _explain(name: str, local: bool, exc: Exception) -> AttnTeachError:
    """Turn a transformers / hub failure into one line that says what to do.

    The hub's own exception types decide where they exist (transformers keeps them as
    the ``__cause__`` of its ``OSError``); only "no safetensors file", which
    transformers raises as a plain ``OSError``, is recognised by its text.
    """
    from huggingface_hub.errors import GatedRepoError, HFValidationError, RepositoryNotFoundError

    text = str(exc)
    if "trust_remote_code" in text or "custom code" in text:
        return AttnTeachError(_("{name} needs code from the model repository (trust_remote_code), which attn_teach "
                                "never runs; use a model that transformers supports natively")
                               .format(name=name))
    if "weights_only" in text:
        return AttnTeachError(_("{name}: torch refused to unpickle its weights (weights_only); attn_teach reads "
                                "safetensors; convert the checkpoint to safetensors").format(name=name))
    if local and ("tiktoken" in text or "sentencepiece" in text.lower() or "ParseFromString" in text):
        return AttnTeachError(_("could not read the tokenizer files in {name} (a damaged spiece.model or tokenizer "
                                "file?); copy them again from the model").format(name=name))
    if local:
        return AttnTeachError(_("could not load the model folder {name}: {reason!r}")
                               .format(name=name, reason=text.splitlines()[0] if text else exc))
    causes = _causes(exc)
    if any(isinstance(e, GatedRepoError) for e in causes):
        return AttnTeachError(_("{name} is a gated repository: accept its terms on the hub and log in (`hf auth "
                                "login`), or use an embedded model: {models}")
                               .format(name=name, models=_alternatives()))
    if any(isinstance(e, (RepositoryNotFoundError, HFValidationError)) for e in causes):
        return AttnTeachError(_("unknown model {name!r}: no such repository on the hub; embedded models: {models}")
                               .format(name=name, models=', '.join(EMBEDDED)))
    if isinstance(exc, OSError) and "safetensors" in text:
        return AttnTeachError(_("{name} has no safetensors weights; attn_teach does not unpickle weights by "
                                "default. If you trust the repository, opt in with allow_pickle=True (CLI: "
                                "--allow-pickle)").format(name=name))
    why = _("offline (HF_HUB_OFFLINE=1)") if _offline() else _("the hub cannot be reached")
    return AttnTeachError(_("{name} is not in the local cache and {why}: run `attn-teach download {name}` where "
                            "there is a network, or use an embedded model: {models}")
                           .format(name=name, why=why, models=_alternatives()))


def count_parameters(model, *, model_class=None) -> int:
    """Number of parameters of a model, without downloading it when given a configuration.

    Parameters
    ----------
    model : transformers.PretrainedConfig, LoadedModel, torch.nn.Module, str or path
        A configuration is built on PyTorch's ``meta`` device (shapes only, no
        storage, no weights read); a name is loaded with :func:`load_model`; a
        loaded model or a torch module is counted as it is.
    model_class : type, optional
        The transformers class to build a configuration as (``GPT2LMHeadModel``,
        ``BertForPreTraining``, ...). Default: the first of
        ``config.architectures``, else the bare ``AutoModel`` for the configuration.

    Returns
    -------
    int
        Parameters, each shared (tied) tensor counted once, as
        ``sum(p.numel() for p in network.parameters())`` counts them.

    Examples
    --------
    >>> from transformers import BertConfig
    >>> count_parameters(BertConfig())  # bert-base-uncased's shape
    109482240
    """
    import torch
    import transformers

    if isinstance(model, transformers.PretrainedConfig):
        archs = getattr(model, "architectures", None) or []
        if model_class is None and archs:
            model_class = getattr(transformers, archs[0], None)
        with torch.device("meta"):  # shapes only: nothing allocated, nothing downloaded
            model = model_class(model) if model_class is not None else transformers.AutoModel.from_config(model)
    elif isinstance(model, (str, os.PathLike)):
        model = load_model(model)
    network = model.network if isinstance(model, LoadedModel) else model
    return sum(p.numel() for p in network.parameters())

"""Loading a model with transformers: eager attention, safetensors only, one code path for every name.

Every model goes through ``from_pretrained`` exactly as in the article, with two
changes that today's transformers needs (lesson 1):

* ``attn_implementation="eager"``: since transformers 5 the default ``sdpa``
  attention never materialises the weights, so ``outputs.attentions`` is empty;
* ``use_safetensors=True``: weights are read from safetensors files only, never
  unpickled, and no code from a model repository is run (no ``trust_remote_code``).

Words used throughout the kit: a *model* is what a user names (an embedded name,
a folder or a hub id, or an already loaded model); :func:`load_model` returns a
:class:`LoadedModel`, called ``loaded``; its torch module is ``loaded.network``.
Everything that can be refused without the model (the name, the folder's files, a
hub id that is not cached offline) is refused before torch is imported.
"""

from __future__ import annotations

import contextlib
import os
import pathlib

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.models import folder as folder_checks
from attn_teach.models import hub
from attn_teach.models.cache import MODEL_CACHE, CacheKey
from attn_teach.models.loaded import LoadedModel
from attn_teach.models.names import resolve


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
    Loaded models are kept in :data:`~attn_teach.models.MODEL_CACHE`: loading the same
    name twice, with the same options, from the same working folder returns the same
    object (see :class:`~attn_teach.models.ModelCache` for what is kept and for how long).

    Examples
    --------
    >>> m = load_model("tiny-bert-en")
    >>> m.tokenizer.tokenize("I love natural language processing!")
    ['i', 'love', 'natural', 'language', 'process', '##ing', '!']
    """
    where, local = resolve(name)
    if local:
        folder_checks.check_weights(pathlib.Path(where), allow_pickle)
        folder_checks.check_tokenizer(pathlib.Path(where))
    key = CacheKey.of(os.fspath(name), where, local, allow_pickle)
    return MODEL_CACHE.get(key, lambda: _load_uncached(key))


def _check_weights_loaded(where: str, info: dict) -> None:
    """Refuse a model whose attention path was not in the checkpoint (it would run on random weights).

    Weights the checkpoint has but the model does not use (a pretraining head, ``cls.*``,
    lesson 1) are fine; the pooler and a tied output layer are not on the attention path.
    """
    optional = ("pooler.", "lm_head.")
    missing = sorted(
        k
        for k in info.get("missing_keys", ())
        if not k.split(".", 1)[-1].startswith(optional) and not k.startswith(optional)
    )
    mismatched = sorted(str(k[0] if isinstance(k, tuple) else k) for k in info.get("mismatched_keys", ()))
    # attention parameters first: they are what the kit shows
    problems = sorted(missing + mismatched, key=lambda k: ("attn" not in k and "attention" not in k, k))
    if problems:
        kind = _("missing from") if missing else _("of the wrong shape in")
        shown = ", ".join(problems[:4])
        if len(problems) > 4:
            shown += _(" and {more} more").format(more=len(problems) - 4)
        raise AttnTeachError(
            _(
                "{count} weights are {kind} the checkpoint in {where} ({shown}): they would be "
                "random; check that the weights belong to this config.json"
            ).format(count=len(problems), kind=kind, where=where, shown=shown)
        )


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


def _load_uncached(key: CacheKey) -> LoadedModel:
    """Load with transformers, no cache: the work :func:`load_model` does on a cache miss."""
    name, where, local, allow_pickle = key
    # a hub id is looked up in the local cache first; the network only if that misses (or refused here)
    cache_only = not local and hub.check_available(where)
    import torch
    from transformers import AutoConfig, AutoModel, AutoModelForCausalLM, AutoTokenizer

    from attn_teach.limits import check_config

    quiet = _quiet_transformers() if local else contextlib.nullcontext()
    kwargs = dict(trust_remote_code=False, local_files_only=cache_only)
    try:
        with quiet:
            config = AutoConfig.from_pretrained(where, **kwargs)
            check_config(config, name)  # sizes, before anything is built
            tokenizer = AutoTokenizer.from_pretrained(where, **kwargs)
            causal = _is_causal(config)
            auto = AutoModelForCausalLM if causal else AutoModel
            # float32 whatever the checkpoint's dtype: bf16/fp16 softmax rows miss 1 by ~1e-3
            network, info = auto.from_pretrained(
                where,
                attn_implementation="eager",
                dtype=torch.float32,
                use_safetensors=None if allow_pickle else True,
                output_loading_info=True,
                **kwargs,
            )
    except AttnTeachError:
        raise
    except Exception as exc:  # noqa: BLE001 - turned into one actionable line
        raise explain(name, where if local else None, exc) from exc
    _check_weights_loaded(name, info)
    network.eval()
    limit = getattr(config, "max_position_embeddings", None) or getattr(config, "n_positions", None)
    limit = min(limit or 512, getattr(tokenizer, "model_max_length", limit) or limit)
    return LoadedModel(network=network, tokenizer=tokenizer, name=name, causal=causal, max_positions=int(limit))


def explain(name: str, folder: str | None, exc: Exception) -> AttnTeachError:
    """Turn a transformers failure while loading ``name`` into one line that says what to do.

    ``folder`` is the local folder it was read from, or None for a hub id.
    """
    text = str(exc)
    where = pathlib.Path(folder) if folder is not None else hub.cached_folder(name)
    code = folder_checks.custom_code(where) if where is not None else None
    if code is not None or "trust_remote_code" in text or "custom code" in text:
        return folder_checks.refuse_custom_code(name, code or "auto_map")
    if "weights_only" in text:
        return AttnTeachError(
            _(
                "{name}: torch refused to unpickle its weights (weights_only); attn_teach reads "
                "safetensors; convert the checkpoint to safetensors"
            ).format(name=name)
        )
    if "ignore_mismatched_sizes" in text:  # transformers points at a report it printed, which nobody saw
        return AttnTeachError(
            _(
                "{name}: the weights do not have the shapes its config.json describes (a size in "
                "config.json was changed, or the weights belong to another model); restore the "
                "config.json that came with the weights"
            ).format(name=name)
        )
    if folder is None:
        return hub.explain(name, exc)
    if "tiktoken" in text or "sentencepiece" in text.lower() or "ParseFromString" in text:
        return AttnTeachError(
            _(
                "could not read the tokenizer files in {name} (a damaged spiece.model or tokenizer "
                "file?); copy them again from the model"
            ).format(name=name)
        )
    lines = [line.strip() for line in text.splitlines() if line.strip()] or [type(exc).__name__]
    # "Validation error for field 'x':" says what is wrong on its next line
    reason = " ".join(lines[:2]) if lines[0].endswith(":") else lines[0]
    return AttnTeachError(_("could not load the model folder {name}: {reason!r}").format(name=name, reason=reason))

"""The Hugging Face hub: its local cache, whether it can be reached, downloads, and its errors in one line.

A hub id (``bert-base-uncased``) is read from the local cache when it is there, from
the network otherwise, unless ``HF_HUB_OFFLINE=1``. :func:`check_available` decides
which before torch or transformers is imported, so that an id that cannot be had
is refused at once. The command line's ``models`` and ``download`` subcommands use
:func:`cached_models` and :func:`download`.
"""

from __future__ import annotations

import os
import pathlib
from typing import NamedTuple

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.models.names import EMBEDDED, alternatives

# what `attn-teach download` fetches: configuration, tokenizer and safetensors weights only
# (tokenizer.json and tokenizer_config.json match *.json; a "tokenizer*" pattern would also
# fetch tokenizer.py or a pickled tokenizer.bin)
DOWNLOAD_PATTERNS = ["*.json", "*.safetensors", "*.txt", "*.model"]


def offline() -> bool:
    """True when ``HF_HUB_OFFLINE`` asks the hub client never to use the network."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def cached_folder(repo_id: str) -> pathlib.Path | None:
    """The local cache's snapshot folder of ``repo_id`` (the one holding its config.json), or None."""
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, "config.json")
    return pathlib.Path(found).parent if isinstance(found, str) else None


def check_reachable(name: str) -> None:
    """Fail at once, rather than after the hub client's retries, when the hub's host has no address."""
    import socket
    import urllib.parse

    from huggingface_hub import constants

    host = urllib.parse.urlparse(constants.ENDPOINT).hostname or ""
    try:
        socket.getaddrinfo(host, 443)
    except OSError:
        raise AttnTeachError(
            _(
                "{name} is not in the local cache and the hub ({host}) cannot be reached: run "
                "`attn-teach download {name}` where there is a network, or use an embedded model: "
                "{models}"
            ).format(name=name, host=host, models=alternatives())
        ) from None


def check_available(name: str) -> bool:
    """Refuse a hub id that is neither cached nor downloadable now; True when it is in the local cache.

    Imports neither torch nor transformers: an offline refusal takes a fraction of a second.
    """
    if cached_folder(name) is not None:
        return True
    if offline():
        raise not_cached(name)
    check_reachable(name)
    return False


def not_cached(name: str) -> AttnTeachError:
    """The error for a hub id that is not in the local cache and cannot be downloaded now."""
    why = _("offline (HF_HUB_OFFLINE=1)") if offline() else _("the hub cannot be reached")
    return AttnTeachError(
        _(
            "{name} is not in the local cache and {why}: run `attn-teach download {name}` where "
            "there is a network, or use an embedded model: {models}"
        ).format(name=name, why=why, models=alternatives())
    )


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions behind it (transformers re-raises hub errors as ``OSError ... from``)."""
    chain: list[BaseException] = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    return chain


def explain(name: str, exc: Exception) -> AttnTeachError:
    """Turn a hub failure met while loading ``name`` into one line that says what to do.

    The hub's own exception types decide where they exist (transformers keeps them as
    the ``__cause__`` of its ``OSError``); only "no safetensors file", which
    transformers raises as a plain ``OSError``, is recognised by its text.
    """
    from huggingface_hub.errors import GatedRepoError, HFValidationError, RepositoryNotFoundError

    causes = _causes(exc)
    if any(isinstance(e, GatedRepoError) for e in causes):
        return AttnTeachError(
            _(
                "{name} is a gated repository: accept its terms on the hub and log in (`hf auth "
                "login`), or use an embedded model: {models}"
            ).format(name=name, models=alternatives())
        )
    if any(isinstance(e, (RepositoryNotFoundError, HFValidationError)) for e in causes):
        return AttnTeachError(
            _("unknown model {name!r}: no such repository on the hub; embedded models: {models}").format(
                name=name, models=", ".join(EMBEDDED)
            )
        )
    if isinstance(exc, OSError) and "safetensors" in str(exc):
        return AttnTeachError(
            _(
                "{name} has no safetensors weights; attn_teach does not unpickle weights by "
                "default. If you trust the repository, opt in with allow_pickle=True (CLI: "
                "--allow-pickle)"
            ).format(name=name)
        )
    return not_cached(name)


class CachedModel(NamedTuple):
    """One model repository in the local hub cache."""

    repo_id: str
    size: int  # bytes on disk
    safetensors: bool  # has safetensors weights (else it needs --allow-pickle)


def cached_models() -> list[CachedModel] | None:
    """The model repositories in the local hub cache, by name; None when there is no cache folder yet."""
    from huggingface_hub import scan_cache_dir

    try:
        info = scan_cache_dir()
    except Exception:  # noqa: BLE001 - no cache folder yet means no cached models
        return None
    rows = []
    for repo in sorted(info.repos, key=lambda r: r.repo_id):
        if repo.repo_type == "model":
            files = {f.file_name for rev in repo.revisions for f in rev.files}
            rows.append(CachedModel(repo.repo_id, repo.size_on_disk, any(f.endswith(".safetensors") for f in files)))
    return rows


def download(name: str) -> pathlib.Path:
    """Fetch hub id ``name``'s configuration, tokenizer and safetensors weights (:data:`DOWNLOAD_PATTERNS`).

    Returns the snapshot folder in the local cache. Refused with one line when offline,
    when the hub cannot be reached, or when the hub refuses (not found, network, disk).
    """
    if offline():
        raise AttnTeachError(_("HF_HUB_OFFLINE=1 is set: unset it to download {name}").format(name=name))
    check_reachable(name)
    from huggingface_hub import snapshot_download

    try:
        path = snapshot_download(name, allow_patterns=DOWNLOAD_PATTERNS)
    except Exception as exc:  # noqa: BLE001 - hub errors (not found, network, disk) become one line
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise AttnTeachError(_("could not download {name}: {reason}").format(name=name, reason=first)) from exc
    return pathlib.Path(path)

"""The model cache (what it keeps, for how long, under threads) and the hub errors explained by type."""

from __future__ import annotations

import shutil
import threading
import time

import pytest
from huggingface_hub.errors import GatedRepoError, LocalEntryNotFoundError, RepositoryNotFoundError

from attn_teach import AttnTeachError, embedded_model_path, load_model
from attn_teach.models import MODEL_CACHE, CacheKey, ModelCache
from attn_teach.models.loading import explain


@pytest.fixture
def folders(tmp_path):
    """Two copies of tiny-bert-en in folders: models that are not embedded."""
    made = []
    for name in ("one", "two"):
        shutil.copytree(embedded_model_path("tiny-bert-en"), tmp_path / name)
        made.append(str(tmp_path / name))
    yield made
    MODEL_CACHE.clear()  # the next test starts from disk again, embedded models included


def test_loading_twice_returns_the_same_object():
    assert load_model("tiny-bert-en") is load_model("tiny-bert-en")


def test_embedded_models_stay_while_folders_come_and_go(folders):
    bert = load_model("tiny-bert-en")
    gpt = load_model("tiny-gpt2-ja")
    first = load_model(folders[0])
    assert load_model(folders[0]) is first
    load_model(folders[1])  # the default keeps one other model: the first folder is dropped
    assert MODEL_CACHE.names()[-1] == folders[1] and folders[0] not in MODEL_CACHE.names()
    assert load_model(folders[0]) is not first
    assert load_model("tiny-bert-en") is bert and load_model("tiny-gpt2-ja") is gpt


def test_clear_drops_everything(folders):
    bert = load_model("tiny-bert-en")
    load_model(folders[0])
    MODEL_CACHE.clear()
    assert len(MODEL_CACHE) == 0 and MODEL_CACHE.names() == []
    assert load_model("tiny-bert-en") is not bert


def test_the_pickle_opt_in_is_part_of_the_key(folders):
    """A model loaded with allow_pickle=True is never handed to a caller who did not opt in."""
    with_opt_in = load_model(folders[0], allow_pickle=True)
    assert load_model(folders[0]) is not with_opt_in
    assert load_model(folders[0], allow_pickle=True) is not load_model(folders[0])  # the default keeps one


def test_one_relative_path_from_two_working_folders_is_two_models(tmp_path, monkeypatch):
    """``mine`` in one working folder is not ``mine`` in another."""
    for place in ("a", "b"):
        shutil.copytree(embedded_model_path("tiny-bert-en"), tmp_path / place / "mine")
    try:
        monkeypatch.chdir(tmp_path / "a")
        first = load_model("mine")
        assert load_model("mine") is first  # the same folder again: kept
        monkeypatch.chdir(tmp_path / "b")
        assert load_model("mine") is not first
    finally:
        MODEL_CACHE.clear()


def test_others_zero_keeps_no_other_model():
    cache = ModelCache(others=0)
    calls = []
    for _ in range(2):
        cache.get(CacheKey("some/folder", "some/folder", True, False), lambda: calls.append(1) or object())
    assert len(calls) == 2 and len(cache) == 0


def test_threads_asking_for_one_model_load_it_once():
    cache = ModelCache()
    calls = []
    start = threading.Barrier(8)
    results = []

    def load():
        calls.append(1)
        time.sleep(0.05)  # a slow load: without the lock, the other threads would load too
        return object()

    def worker():
        start.wait()
        results.append(cache.get(CacheKey("tiny-bert-en", "x", True, False), load))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len({id(r) for r in results}) == 1


def test_a_failed_load_leaves_the_cache_as_it_was():
    cache = ModelCache()

    def fail():
        raise AttnTeachError("no")

    with pytest.raises(AttnTeachError):
        cache.get(CacheKey("a/b", "a/b", False, False), fail)
    assert len(cache) == 0


# -- hub errors, recognised by their type ----------------------------------------
def _hub_error(cls, message: str):
    """A hub exception without an HTTP response (its __init__ wants one), as transformers wraps it."""
    inner = cls.__new__(cls)
    inner.args = (message,)
    try:
        raise OSError("transformers says something else entirely") from inner
    except OSError as outer:
        return outer


@pytest.mark.parametrize(
    "cls, expected",
    [
        (RepositoryNotFoundError, "unknown model 'someone/nothing': no such repository"),
        (GatedRepoError, "gated repository"),
        (LocalEntryNotFoundError, "not in the local cache"),
    ],
)
def test_hub_errors_are_explained_by_type_not_text(cls, expected):
    message = str(explain("someone/nothing", None, _hub_error(cls, "no telling words here")))
    assert expected in message and "\n" not in message


def test_missing_safetensors_is_explained():
    exc = OSError("x does not appear to have a file named model.safetensors")
    assert "allow_pickle=True" in str(explain("x/y", None, exc))

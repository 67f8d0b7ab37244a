"""extract under hostile and careless use: eight threads at once, arguments of the wrong kind, empty text.

First written in a reliability review; each test names the behaviour it guards: one line
(AttnTeachError) instead of a traceback or a wrong result.
"""

import sys
import threading

import numpy as np
import pytest

from attn_teach import extract, load_model
from attn_teach.errors import AttnTeachError

# -- 1. extract is thread-safe -------------------------------------------------------------------
TEXTS_SAME = [
    "I love natural language processing!",
    "You like natural language processing?",
    "We love natural language modelling.",
    "They read natural language books!",
]
TEXTS_MIXED = [
    "I love natural language processing!",
    "Hello.",
    "The cat sat on the mat and looked at the dog.",
    "Attention is all you need, they said, and then they said it again.",
]


@pytest.mark.parametrize("texts", [TEXTS_SAME, TEXTS_MIXED], ids=["equal-lengths", "different-lengths"])
def test_extract_from_eight_threads_equals_a_serial_run(bert, texts):
    jobs = [(texts[i % len(texts)], [None, [-1], [0, 2]][i % 3]) for i in range(8 * 5)]
    serial = [extract(t, bert, layers=layers).weights for t, layers in jobs]
    results, errors = [None] * len(jobs), []
    barrier = threading.Barrier(8)

    def worker(k):
        barrier.wait()
        try:
            for i in range(k, len(jobs), 8):
                results[i] = extract(jobs[i][0], bert, layers=jobs[i][1]).weights
        except Exception as exc:  # noqa: BLE001 - collected and shown by the assert below
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    wrong = [i for i, (a, b) in enumerate(zip(results, serial)) if a.shape != b.shape or not np.array_equal(a, b)]
    assert wrong == []


# -- 6. one line where there were tracebacks --------------------------------------------------------


@pytest.mark.parametrize("layers", ["12", 1.0, [1.5], True])
def test_layers_must_be_whole_numbers_in_a_list(bert, layers):
    with pytest.raises(AttnTeachError, match="layers must be"):
        extract("I love it", bert, layers=layers)


def test_a_single_layer_number_is_still_accepted(bert):
    assert extract("I love it", bert, layers=-1).layers == (3,)
    assert extract("I love it", bert, layers=np.int64(0)).layers == (0,)


@pytest.mark.parametrize("model", [None, 3, "bert-object", "tokenizer-object"])
def test_a_model_object_where_a_name_is_expected(bert, model):
    model = {"bert-object": bert.network, "tokenizer-object": bert.tokenizer}.get(model, model)
    with pytest.raises(AttnTeachError, match=r"expected a model name, got a .*: pass a name .*load_model\(\.\.\.\)"):
        extract("I love it", model)
    with pytest.raises(AttnTeachError, match="expected a model name"):
        load_model(model)


@pytest.mark.parametrize("text", [b"I love it", 42, ["I", "love"]])
def test_text_that_is_not_a_string(bert, text):
    with pytest.raises(AttnTeachError, match=r"the text must be a string \(str\), not "):
        extract(text, bert)


# -- 8. messages that name the real cause -------------------------------------------------------------


def test_empty_text_is_refused_before_the_model_loads(monkeypatch):
    module = sys.modules["attn_teach.extract"]  # the package re-exports the function under the same name

    def no_loading(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(module, "load_model", no_loading)
    with pytest.raises(AttnTeachError, match="the text is empty"):
        module.extract("   ", "tiny-bert-en")

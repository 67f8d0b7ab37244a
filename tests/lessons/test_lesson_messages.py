"""The transformers messages lessons 01 and 07 explain are captured, so that the page can show them.

transformers logs them to standard error, which sphinx-gallery does not put on the page;
:func:`attn_teach.logged.transformers_messages` collects them for the lesson to print.
"""

from __future__ import annotations

import logging

import torch
from transformers import AutoModelForCausalLM, BertModel, BertTokenizer

from attn_teach import embedded_model_path
from attn_teach.logged import transformers_messages
from attn_teach.text import ljust, width

TEXT = "I love natural language processing!"


def test_load_report_is_captured_with_the_unexpected_weights(capfd):
    folder = embedded_model_path("tiny-bert-en")
    with transformers_messages() as messages:
        BertModel.from_pretrained(folder)
    text = "\n".join(messages)
    assert "BertModel LOAD REPORT" in text and "\x1b[" not in text  # no colour codes on the page
    assert text.count("UNEXPECTED") >= 7 and "cls.seq_relationship.weight" in text
    assert "LOAD REPORT" not in capfd.readouterr().err  # captured, not also written to the terminal


def test_sdpa_notice_is_captured_even_when_shown_before():
    folder = embedded_model_path("tiny-bert-en")
    with transformers_messages():
        model = BertModel.from_pretrained(folder, attn_implementation="sdpa")
    inputs = BertTokenizer.from_pretrained(folder)(TEXT, return_tensors="pt")
    for _ in range(2):  # a warning_once: the second call would be silent without the capture's reset
        with torch.inference_mode(), transformers_messages() as messages:
            outputs = model(**inputs, output_attentions=True)
        assert outputs.attentions == ()
        assert any("`sdpa` attention does not support `output_attentions=True`" in m for m in messages)


def test_generation_flag_notice_is_quoted_as_transformers_words_it():
    """Lesson 07 prints the notice; its text is "generation flags are not valid", not a paraphrase."""
    from transformers.generation import configuration_utils

    source = open(configuration_utils.__file__, encoding="utf-8").read()
    assert "The following generation flags are not valid and may be ignored" in source
    folder = embedded_model_path("tiny-gpt2-ja")
    for _ in range(2):  # transformers logs it once per process; the capture shows it every time
        with transformers_messages() as messages:
            AutoModelForCausalLM.from_pretrained(folder, output_attentions=True)
        assert any("The following generation flags are not valid" in m for m in messages)


def test_logging_is_restored_after_capture():
    root = logging.getLogger("transformers")
    before = (list(root.handlers), root.propagate)
    with transformers_messages():
        pass
    assert (list(root.handlers), root.propagate) == before


def test_japanese_columns_pad_by_display_width():
    for token in ["▁", "今日", "カレー", "</s>", "ラーメン"]:
        assert width(ljust(token, 10)) == 10
    assert width("食べ") == 4 and width("i") == 1


def test_messages_are_captured_after_the_verbosity_was_lowered():
    """A caller that silenced transformers before (the practice child does) does not empty the lesson's page."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    try:
        with transformers_messages() as messages:
            BertModel.from_pretrained(embedded_model_path("tiny-bert-en"))
        assert any("LOAD REPORT" in m for m in messages)
        assert hf_logging.get_verbosity() == logging.ERROR  # the caller's choice is back afterwards
    finally:
        hf_logging.set_verbosity(verbosity)

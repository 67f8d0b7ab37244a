"""The lesson contract (attn_teach.lesson): registration, its checks, lesson ids with a letter."""

from __future__ import annotations

import types

import pytest

from attn_teach import AttnTeachError
from attn_teach.lesson import default_model, figure, figures, lesson_id, normalise_lesson_id
from attn_teach.reproduce import lesson_modules


def test_figure_registers_in_definition_order_and_records_the_model():
    module = types.ModuleType("plot_99_made_up")

    def not_a_figure():
        return None

    def second(model: str = "tiny-gpt2-ja"):
        return model

    def first():
        return None

    for f in (first, not_a_figure, second):
        f.__module__ = module.__name__
        setattr(module, f.__name__, f)
    figure(first)
    figure(second)
    assert figures(module) == [first, second]
    assert default_model(first) is None and default_model(second) == "tiny-gpt2-ja"


def test_a_figure_imported_from_another_lesson_is_not_counted_twice():
    module = types.ModuleType("plot_98_borrower")

    @figure
    def borrowed():
        return None

    module.borrowed = borrowed  # defined elsewhere (this test module)
    assert figures(module) == []


def test_figure_needs_no_arguments():
    with pytest.raises(TypeError, match="needs a default"):

        @figure
        def wants(text):
            return text


def test_figure_model_default_is_embedded():
    with pytest.raises(TypeError, match="embedded model"):

        @figure
        def hub(model: str = "bert-base-uncased"):
            return model


@pytest.mark.parametrize(
    "name, expected", [("plot_04_heatmap", "04"), ("plot_00a_what_attention_computes", "00a"), ("plot_15_words", "15")]
)
def test_lesson_ids(name, expected):
    assert lesson_id(name) == expected


def test_lesson_ids_sort_with_their_files():
    ids = [n for n, _ in lesson_modules()]
    assert ids == sorted(ids) and ids[0] == "00"
    assert sorted(["01", "00a", "00"]) == ["00", "00a", "01"]  # 00a between 00 and 01


@pytest.mark.parametrize("typed, expected", [("4", "04"), (4, "04"), ("04", "04"), ("0a", "00a"), ("00A", "00a")])
def test_lesson_ids_as_typed(typed, expected):
    assert normalise_lesson_id(typed) == expected


@pytest.mark.parametrize("typed", ["a", "4-5", "", "1ab"])
def test_bad_lesson_ids_are_one_line_errors(typed):
    with pytest.raises(AttnTeachError, match="not a lesson id"):
        normalise_lesson_id(typed)


def test_reproduce_takes_lesson_ids_with_a_letter(tmp_path):
    from attn_teach.reproduce import reproduce

    with pytest.raises(AttnTeachError, match=r"no lesson 0b; the lessons are 00, 00a, 01, .*"):
        reproduce(tmp_path / "out", lessons=["0b"])
    with pytest.raises(AttnTeachError, match="not a lesson id"):
        reproduce(tmp_path / "out", lessons=["first"])
    assert not (tmp_path / "out").exists()


def test_every_lesson_header_ends_with_its_goal():
    """The first screen of each lesson says what the learner will be able to do after it."""
    import ast
    import pathlib

    import attn_teach.lessons

    folder = pathlib.Path(attn_teach.lessons.__file__).parent
    for _, name in lesson_modules():
        header = ast.get_docstring(ast.parse((folder / f"{name}.py").read_text(encoding="utf-8")))
        last = header.strip().split("\n\n")[-1]
        assert last.startswith("Goal: after this lesson you can "), name
        assert last.count(". ") == 0 and last.endswith((".", "?")), f"{name}: the goal is one sentence"


def test_the_link_to_the_next_lesson_comes_after_the_last_code():
    """ "Next: ..." is read last: no section with code (the interactive view of 12-14) follows it."""
    import pathlib

    import attn_teach.lessons

    folder = pathlib.Path(attn_teach.lessons.__file__).parent
    for _, name in lesson_modules():
        lines = (folder / f"{name}.py").read_text(encoding="utf-8").splitlines()
        nexts = [i for i, line in enumerate(lines) if line.startswith("# Next: ")]
        if not nexts:
            continue
        after = [line for line in lines[nexts[-1] :] if line.strip() and not line.startswith("#")]
        assert after == [], f"{name}: code after the link to the next lesson: {after[0]!r}"

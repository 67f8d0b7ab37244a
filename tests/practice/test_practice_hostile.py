"""A learner's file that misbehaves in ways the starter never suggests: each gets one message, no kit traceback."""

from __future__ import annotations

import os
import stat

import pytest

from attn_teach.practice import runner, workspace
from attn_teach.practice.stages import get_stage


@pytest.fixture
def space(tmp_path):
    workspace.init(tmp_path, "en")
    return tmp_path


def _write(space, number: int, source: str | bytes) -> None:
    path = space / get_stage(number).file
    if isinstance(source, bytes):
        path.write_bytes(source)
    else:
        path.write_text(source, encoding="utf-8")


@pytest.mark.parametrize("where", ["function", "module"])
def test_sys_exit_in_the_learners_code_is_a_message(space, where):
    body = (
        "import sys\n\ndef attention_shape(a):\n    sys.exit(0)\n"
        if where == "function"
        else "import sys\nsys.exit(3)\n\ndef attention_shape(a):\n    return None\n"
    )
    _write(space, 2, body)
    outcome = runner.run_stage(2, workspace=space)
    assert outcome.status == "error"
    assert "sys.exit() stops the check" in outcome.message and "Traceback" not in outcome.text()


def test_a_file_not_saved_as_utf8_is_a_message(space):
    _write(space, 2, "# これは\ndef attention_shape(a):\n    return None\n".encode("cp932"))
    outcome = runner.run_stage(2, workspace=space)
    assert outcome.status == "error" and "not saved as UTF-8" in outcome.message


def test_a_null_byte_is_a_syntax_error_without_line_none(space):
    _write(space, 2, b"def attention_shape(a):\n    return None\x00\n")
    outcome = runner.run_stage(2, workspace=space)
    assert outcome.status == "error" and "syntax error" in outcome.message and "line None" not in outcome.message


def test_a_figure_that_cannot_be_drawn_is_a_message(space):
    _write(
        space,
        4,
        "import matplotlib.pyplot as plt\n\ndef draw_heatmap(matrix, tokens):\n"
        "    fig, ax = plt.subplots()\n    ax.imshow(matrix, cmap='YlGnBu')\n"
        "    ax.set_title(r'$\\foo{x$')\n    return fig\n",
    )
    outcome = runner.run_stage(4, workspace=space)
    assert outcome.status == "error"
    assert "could not be drawn" in outcome.message and "Traceback" not in outcome.text()


def test_force_keeps_the_replaced_files_permissions(tmp_path):
    from attn_teach.files import atomic_write

    path = tmp_path / "private.png"
    path.write_bytes(b"old")
    os.chmod(path, 0o600)
    atomic_write(path, b"new", force=True)
    assert path.read_bytes() == b"new" and stat.S_IMODE(os.stat(path).st_mode) == 0o600

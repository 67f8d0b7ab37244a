"""Remake what the practice checks ship with: the sample attention files and the baseline images.

Run by the kit's maintainers after a change to the models or the lessons
(``python -m attn_teach.practice.refresh``), then look at every PNG in
``practice/baselines/`` before committing it. Learners never need this.
"""

from __future__ import annotations

from attn_teach.practice import checks, data
from attn_teach.practice.runner import render
from attn_teach.practice.stages import STAGES


def write_baselines() -> list:
    """Draw each figure stage's reference solution on its inputs and save it as the stage's baseline."""
    import matplotlib.pyplot as plt

    from attn_teach.practice import reference

    written = []
    for stage in STAGES:
        if not stage.figure:
            continue
        fig = reference(stage.number)(*data.inputs_for(stage.number))
        checks.BASELINE_DIR.mkdir(exist_ok=True)
        render(fig, checks.baseline_path(stage.number))  # drawn and saved exactly as a check does it
        written.append(checks.baseline_path(stage.number))
        plt.close(fig)
    return written


if __name__ == "__main__":
    for path in [*data.write_samples(), *write_baselines()]:
        print(path)

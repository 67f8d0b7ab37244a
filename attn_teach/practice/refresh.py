"""Remake what the practice checks ship with: the sample attention files and the baseline images.

Run by the kit's maintainers after a change to the models or the lessons
(``python -m attn_teach.practice.refresh``), then look at every PNG in
``practice/baselines/`` before committing it. Learners never need this.
"""

from __future__ import annotations

from attn_teach.practice import checks, inputs
from attn_teach.practice.stages import STAGES


def write_baselines() -> list:
    """Draw each figure stage's reference solution on its first case and save it as the stage's baseline."""
    import matplotlib.pyplot as plt

    from attn_teach.files import atomic_write
    from attn_teach.practice import reference
    from attn_teach.practice.readback import describe_figure

    written = []
    for stage in STAGES:
        if not stage.figure:
            continue
        fig = reference(stage.number)(*stage.inputs()[0]["args"])
        checks.BASELINE_DIR.mkdir(exist_ok=True)
        png = describe_figure(fig)["png"]  # drawn and saved exactly as a check does it
        written.append(atomic_write(checks.baseline_path(stage.number), png, force=True))
        plt.close(fig)
    return written


if __name__ == "__main__":
    for path in [*inputs.write_samples(), *write_baselines()]:
        print(path)

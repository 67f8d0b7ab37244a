"""A figure that passed, against its stage's baseline image: the same pixels, or how it differs.

Once what the figure shows is right (:mod:`attn_teach.practice.figures`), a pixel
difference is styling, and the note says which. The learner's PNG and any difference
image are written atomically to ``.results/`` in the workspace. The comparison is
matplotlib's (``compare_images``: the same RMS, the same difference image), done with
PIL and NumPy so that the checking process never imports matplotlib.
"""

from __future__ import annotations

import pathlib

from attn_teach.practice.hints import tr
from attn_teach.practice.stages import Stage, get_stage

RESULTS = ".results"  # folder in the workspace for the learner's PNGs and difference images
BASELINE_DIR = pathlib.Path(__file__).parent / "baselines"
TOLERANCE = 2  # RMS, as pytest-mpl's default


def baseline_path(stage: int) -> pathlib.Path:
    return BASELINE_DIR / (get_stage(stage).baseline or f"stage_{stage:02d}.png")


def _pixels(png: bytes):
    """The image as matplotlib's comparison reads it: RGB, or RGBA when it is not fully opaque."""
    import io

    import numpy as np
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    if image.mode != "RGBA" or image.getextrema()[3][0] == 255:
        image = image.convert("RGB")
    return np.asarray(image)


def compare_png(expected: bytes, actual: bytes) -> tuple[float | None, bytes | None]:
    """``(rms, difference image)`` of two PNGs as ``matplotlib.testing.compare.compare_images`` computes
    them (RMS over every channel, differences x10 in the image); ``(None, None)`` when the sizes differ,
    no image when the RMS is within :data:`TOLERANCE`. Without matplotlib: the checking process stays light.
    """
    import io

    import numpy as np
    from PIL import Image

    want, got = _pixels(expected), _pixels(actual)
    if want.shape != got.shape:
        return None, None
    if np.array_equal(want, got):
        return 0.0, None
    difference = np.abs(want.astype(np.int16) - got.astype(np.int16))
    rms = float(np.sqrt(np.mean(difference.astype(np.float64) ** 2)))
    if rms <= TOLERANCE:
        return rms, None
    shown = np.clip(difference * 10, 0, 255).astype(np.uint8)
    if shown.shape[2] == 4:
        shown[:, :, 3] = 255  # the alpha channel solid, as matplotlib draws its difference images
    buffer = io.BytesIO()
    Image.fromarray(shown).save(buffer, format="png")
    return rms, buffer.getvalue()


def _write_results(stage: Stage, png: bytes, workspace: pathlib.Path) -> tuple[str | None, float | None, bool]:
    """Save the learner's PNG; compare it with the baseline: (difference image path, rms, same size)."""
    from attn_teach.files import atomic_write

    folder = pathlib.Path(workspace) / RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / f"stage_{stage.number:02d}.png", png, force=True)
    rms, image = compare_png(baseline_path(stage.number).read_bytes(), png)
    if rms is None:  # the sizes differ
        return None, None, False
    if image is None:
        return None, 0.0, True
    diff = folder / f"stage_{stage.number:02d}-diff.png"  # matplotlib's "-failed-diff": the check passed
    atomic_write(diff, image, force=True)
    return str(diff), rms, True


def pixel_note(stage: Stage, case: dict, workspace: pathlib.Path) -> str:
    figure = case["figure"]
    diff, rms, same_size = _write_results(stage, figure["png"], workspace)
    if same_size and diff is None:
        return tr("pixels: the same as the reference figure")
    if not same_size:
        height, width = figure.get("size", [0, 0])
        return tr(
            "pixels: your figure is {width} x {height} pixels, another size than the reference; harmless, "
            "since what it shows is right",
            width=width,
            height=height,
        )
    if (figure.get("colorbar") or {}).get("count"):
        return tr(
            "pixels: your figure differs from the reference (RMS {rms:.1f}) in styling only (fonts, margins, "
            "colours or the colour bar's width); what it shows is right. Difference image: {path}",
            rms=rms,
            path=diff,
        )
    return tr(
        "pixels: your figure differs from the reference (RMS {rms:.1f}) in styling only (fonts, margins "
        "or colours); what it shows is right. Difference image: {path}",
        rms=rms,
        path=diff,
    )

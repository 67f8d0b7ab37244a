"""The checks' pixel comparison gives what matplotlib's ``compare_images`` gives (RMS and difference
image), without importing matplotlib in the checking process."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest
from matplotlib.testing.compare import compare_images
from PIL import Image

from attn_teach.practice.pixels import TOLERANCE, baseline_path, compare_png


def png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png")
    return buffer.getvalue()


BASE = np.asarray(Image.open(io.BytesIO(baseline_path(9).read_bytes())).convert("RGB"))


def changed(kind: str) -> np.ndarray:
    image = BASE.copy()
    if kind == "slightly":  # within the tolerance
        image[:40, :40] = np.clip(image[:40, :40].astype(int) + 20, 0, 255)
    elif kind == "much":
        image[100:400, 100:400] = 255 - image[100:400, 100:400]
    elif kind == "one channel":
        image[:, :, 2] = image[:, :, 2] // 2
    elif kind == "transparent":
        image = np.dstack([image, np.full(image.shape[:2], 128, np.uint8)])
    return image


@pytest.mark.parametrize("kind", ["same", "slightly", "much", "one channel"])
def test_rms_and_difference_image_as_matplotlib(kind, tmp_path):
    expected, actual = tmp_path / "expected.png", tmp_path / "actual.png"
    expected.write_bytes(png(BASE))
    actual.write_bytes(png(changed(kind)))
    rms, image = compare_png(expected.read_bytes(), actual.read_bytes())
    result = compare_images(str(expected), str(actual), tol=TOLERANCE, in_decorator=True)
    if result is None:
        assert image is None and rms <= TOLERANCE
        return
    assert rms == pytest.approx(result["rms"], rel=1e-9)
    theirs = np.asarray(Image.open(result["diff"]))
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(image))), theirs)


@pytest.mark.parametrize("kind", ["transparent", "smaller"])
def test_another_size_or_an_alpha_channel_is_not_compared(kind):
    other = changed(kind) if kind == "transparent" else BASE[:-10]
    assert compare_png(png(BASE), png(other)) == (None, None)


def test_the_comparison_does_not_import_matplotlib():
    code = (
        "import sys; from attn_teach.practice.pixels import compare_png, baseline_path; "
        "b = baseline_path(9).read_bytes(); compare_png(b, b); print('matplotlib' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert run.stdout.strip() == "False", run.stderr


def test_an_opaque_rgba_png_compares_with_an_rgb_one():
    """The learner's PNG is RGBA (drawn by Agg), the baseline may be RGB: opaque, they are the same image."""
    opaque = np.dstack([BASE, np.full(BASE.shape[:2], 255, np.uint8)])
    assert compare_png(png(BASE), png(opaque)) == (0.0, None)

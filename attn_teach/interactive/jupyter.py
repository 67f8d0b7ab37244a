"""Quiet in a Jupyter kernel: no red ``TqdmWarning: IProgress not found`` in a learner's first cell.

Loading a model imports ``huggingface_hub``, which imports ``tqdm.auto``; in a Jupyter kernel
without ``ipywidgets`` that import warns "IProgress not found. Please update jupyter and
ipywidgets." and falls back to text progress bars, which is all the kit needs. So, in a kernel
only, the kit imports ``tqdm.auto`` once at its own import with that one warning ignored;
every other warning, and this one outside the kit's import, is untouched.
"""

from __future__ import annotations

import sys
import warnings

IPROGRESS = "IProgress not found"  # the start of tqdm's WARN_NOIPYW


def quiet_tqdm_in_kernels() -> None:
    """Import ``tqdm.auto`` with its IProgress warning ignored, when running in a Jupyter kernel."""
    if "ipykernel.zmqshell" not in sys.modules or "tqdm.auto" in sys.modules:
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=IPROGRESS)
        try:
            import tqdm.auto  # noqa: F401
        except ImportError:  # no tqdm: nothing would warn
            pass

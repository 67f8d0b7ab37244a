"""Refuse files over a size limit in a commit (pre-commit passes the staged paths).

The embedded models (about 4 MB each) are the only large files the project keeps; they are
listed here by path. Anything else over LIMIT is most likely a figure, a notebook output or a
venv file added by mistake.
"""

from __future__ import annotations

import pathlib
import sys

LIMIT = 1024 * 1024  # bytes; baseline PNGs are 20-200 KB
ALLOWED = ("attn_teach/embedded/tiny-bert-en/model.safetensors", "attn_teach/embedded/tiny-gpt2-ja/model.safetensors")


def main(paths: list[str]) -> int:
    big = [
        (p, pathlib.Path(p).stat().st_size)
        for p in paths
        if pathlib.Path(p).is_file() and p not in ALLOWED and pathlib.Path(p).stat().st_size > LIMIT
    ]
    for path, size in big:
        print(f"{path}: {size / 1024 / 1024:.1f} MB is over the {LIMIT // 1024 // 1024} MB limit for a committed file")
    return 1 if big else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

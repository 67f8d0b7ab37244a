"""Every compiled catalogue (.mo) says what its .po says now; with --fix, recompile the stale ones.

Used by the pre-commit hook and ``nox -s catalogues``. A .mo is compared by content (the
messages msgfmt makes of the .po), not by bytes, so gettext versions that lay the file out
differently agree. Exit 1 names each stale file and the command that rebuilds it.
"""

from __future__ import annotations

import gettext
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
CATALOGUES = ROOT / "attn_teach" / "locale"


def stale(po: pathlib.Path) -> bool:
    """True when ``po``'s .mo is missing or holds other messages than msgfmt makes of ``po``."""
    mo = po.with_suffix(".mo")
    if not mo.exists():
        return True
    with tempfile.TemporaryDirectory() as tmp:
        fresh = pathlib.Path(tmp) / "fresh.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)
        with open(mo, "rb") as a, open(fresh, "rb") as b:
            return gettext.GNUTranslations(a)._catalog != gettext.GNUTranslations(b)._catalog


def main(argv: list[str]) -> int:
    fix = "--fix" in argv
    bad = [po for po in sorted(CATALOGUES.rglob("*.po")) if stale(po)]
    for po in bad:
        mo = po.with_suffix(".mo")
        if fix:
            tmp = mo.with_name(f".~{mo.name}.tmp")  # a temporary file, then a rename: never half-written
            subprocess.run(["msgfmt", "--check", "-o", str(tmp), str(po)], check=True)
            tmp.replace(mo)
            print(f"recompiled {mo.relative_to(ROOT)}")
        else:
            print(f"{mo.relative_to(ROOT)} is out of date: msgfmt -o {mo.relative_to(ROOT)} {po.relative_to(ROOT)}")
    return 0 if fix or not bad else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

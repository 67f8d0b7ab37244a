"""Check that the Japanese catalogues are complete and current.

Run after a gettext pass (``docs/build.py`` does both)::

    python docs/check_catalogues.py docs/_build/gettext docs/locale/ja

* **complete**: ``msgfmt --check --statistics`` on every ``.po`` reports no untranslated and no
  fuzzy message (and no format error);
* **current**: every message of the fresh gettext pass (the ``.pot`` files) is in the matching
  ``.po`` (a new English sentence cannot land without its Japanese), every page has a catalogue,
  and no catalogue is left for a page that no longer exists (``sphinx.po``, the theme's and
  Sphinx's own strings, belongs to no page and is only checked complete).

Prints one line per catalogue (messages, translated, fuzzy, untranslated, share translated) and
the totals. Exit status 0 when every catalogue is complete and current, 1 with one line per
problem otherwise. To bring the catalogues up to date: ``python docs/build.py --update-catalogues``,
then translate every empty or fuzzy ``msgstr``.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re
import subprocess
import sys

from babel.messages.pofile import read_po

# Catalogues of the theme's and Sphinx's own strings (domain "sphinx"), written by hand: no page
# makes a .pot for them, but they must be complete like the others.
THEME_CATALOGUES = {"sphinx"}
UPDATE_HINT = "run `python docs/build.py --update-catalogues` and translate the new messages"


@dataclasses.dataclass
class Counts:
    """What ``msgfmt --statistics`` says about one catalogue."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


def msgfmt_counts(po: pathlib.Path) -> tuple[Counts, str]:
    """Counts from ``msgfmt --check --statistics``, and msgfmt's errors (empty: none)."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
    )  # English counts
    counts = Counts()
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        setattr(counts, kind, int(number))
    errors = "" if result.returncode == 0 else result.stderr.strip().splitlines()[0]
    return counts, errors


def message_ids(path: pathlib.Path) -> set[str]:
    """The message ids of a ``.pot`` or ``.po`` file, obsolete ones left out."""
    with path.open("rb") as f:
        catalog = read_po(f)
    return {str(m.id) for m in catalog if m.id}


def check_catalogues(pot_dir: pathlib.Path, po_dir: pathlib.Path) -> tuple[list[str], dict[str, Counts]]:
    """``(problems, counts per catalogue)``; catalogues are named by page (``auto_lessons/plot_04_heatmap``)."""
    pots = {p.relative_to(pot_dir).with_suffix("").as_posix(): p for p in sorted(pot_dir.rglob("*.pot"))}
    pos = {
        p.relative_to(po_dir / "LC_MESSAGES").with_suffix("").as_posix(): p
        for p in sorted((po_dir / "LC_MESSAGES").rglob("*.po"))
    }
    problems: list[str] = []
    if not pots:
        return [f"no .pot files in {pot_dir}: run the gettext pass first (python docs/build.py)"], {}
    counts: dict[str, Counts] = {}
    for page, pot in pots.items():
        if page not in pos:
            problems.append(f"{page}: no catalogue {po_dir}/LC_MESSAGES/{page}.po; {UPDATE_HINT}")
            continue
        new = message_ids(pot) - message_ids(pos[page])
        if new:
            first = sorted(new)[0]
            problems.append(
                f"{page}: {len(new)} message(s) of the pages are not in the catalogue, "
                f"e.g. {first[:70]!r}; "
                + (f"add them to {pos[page]} by hand" if page in THEME_CATALOGUES else UPDATE_HINT)
            )
    for page, po in pos.items():
        if page not in pots and page not in THEME_CATALOGUES:
            problems.append(f"{page}: catalogue {po} belongs to no page; delete it")
            continue
        counts[page], errors = msgfmt_counts(po)
        if errors:
            problems.append(f"{page}: msgfmt --check: {errors}")
        if counts[page].untranslated or counts[page].fuzzy:
            problems.append(
                f"{page}: {counts[page].untranslated} untranslated and {counts[page].fuzzy} fuzzy message(s) in {po}"
            )
    return problems, counts


def report(counts: dict[str, Counts]) -> str:
    lines = [f"{'catalogue':40} {'messages':>8} {'transl.':>8} {'fuzzy':>6} {'untransl.':>9} {'share':>7}"]
    total = Counts()
    for page, c in counts.items():
        lines.append(f"{page:40} {c.total:8d} {c.translated:8d} {c.fuzzy:6d} {c.untranslated:9d} {c.share:7.1%}")
        total.translated += c.translated
        total.fuzzy += c.fuzzy
        total.untranslated += c.untranslated
    lines.append(
        f"{'total':40} {total.total:8d} {total.translated:8d} {total.fuzzy:6d} "
        f"{total.untranslated:9d} {total.share:7.1%}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(
            "usage: python docs/check_catalogues.py GETTEXT_DIR LOCALE_LANG_DIR "
            "(e.g. docs/_build/gettext docs/locale/ja)",
            file=sys.stderr,
        )
        return 2
    problems, counts = check_catalogues(pathlib.Path(args[0]), pathlib.Path(args[1]))
    print(report(counts))
    if problems:
        print(f"catalogue check FAILED ({len(problems)} problem(s)):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print("catalogue check passed: every message translated, none fuzzy, none missing")
    return 0


if __name__ == "__main__":
    sys.exit(main())

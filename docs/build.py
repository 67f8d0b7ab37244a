"""Build the documentation site in English and Japanese, then check it.

::

    python docs/build.py                       # build both languages, check catalogues and pages
    python docs/build.py --update-catalogues   # also bring docs/locale/ja up to date (translators)

Steps, in this order (each ``sphinx-build`` with ``-W``: a warning is an error):

1. English HTML into ``docs/_build/html/en/``, with ``ATTN_TEACH_LANG=en``: sphinx-gallery runs
   every lesson and writes their pages, figures and notebooks into ``docs/auto_lessons/``.
2. gettext pass into ``docs/_build/gettext/`` with ``-D plot_gallery=0``: sphinx-gallery finds
   the lesson pages of step 1 current (same source checksum) and reuses them, runs nothing.
3. With ``--update-catalogues`` only: ``sphinx-intl update`` merges the new messages into
   ``docs/locale/ja/LC_MESSAGES/`` (new ones untranslated, changed ones fuzzy), all but ``sphinx.po``,
   which is kept by hand (the theme's strings beside our templates'; the catalogue check names a
   template message it lacks).
4. Japanese HTML into ``docs/_build/html/ja/`` with ``-D language=ja`` and ``ATTN_TEACH_LANG=ja``:
   the lessons run again, so that the figures' titles and labels are Japanese (the token
   labels stay the tokens), and the prose is translated through the catalogues.

Before each HTML build sphinx-gallery's record of which lessons ran (``*.md5`` in
``docs/auto_lessons/``) is removed: the two languages draw different figures, so neither
build may reuse the other's. In each build the lessons run two at a time (``conf.py``,
``ATTN_TEACH_DOCS_JOBS``). The models' numbers are the same in both languages, but they are
computed again in the second: a lesson's model runs are about a fifth of its time (the rest is
drawing and saving figures, which differ by language), and sharing them would mean the Japanese
pages show numbers that the code on the page did not compute in that build.
5. ``docs/_build/html/index.html``: a page that leads to both sites.
6. Checks: the catalogues are complete and current (``docs/check_catalogues.py``) and keep
   the English's inline literals as code (``docs/check_literals.py``), every
   page of both sites is complete and loads nothing from the network (``docs/check_site.py``),
   and the Japanese search finds the article's words and the glossary's terms
   (``docs/check_search.py``).

Prints the time of each step. Exit status 0 when everything passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

DOCS = pathlib.Path(__file__).resolve().parent
BUILD = DOCS / "_build"
HTML = BUILD / "html"
GETTEXT = BUILD / "gettext"
LOCALE = DOCS / "locale"
LANGUAGES = (("en", "English"), ("ja", "日本語"))

ROOT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>attn_teach documentation</title>
<style>
  body {{ font-family: sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.6; }}
  a {{ display: block; font-size: 1.4rem; margin: 1rem 0; }}
</style>
</head>
<body>
<h1>attn_teach</h1>
<p>Where does a Transformer's attention go? /
<span lang="ja">Transformerの注意機構はどこを見ているのか？</span></p>
{links}
</body>
</html>
"""


def run(step: str, command: list[str], times: dict[str, float], language: str | None = None) -> None:
    """Run one step, timing it; stop the build with the step's name when it fails.

    ``language`` sets ``ATTN_TEACH_LANG`` for the step: the language of the figures' text.
    """
    print(f"== {step}: {' '.join(command)}", flush=True)
    env = dict(os.environ, ATTN_TEACH_LANG=language) if language else None
    start = time.perf_counter()
    result = subprocess.run(command, cwd=DOCS.parent, env=env)
    times[step] = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"docs build: {step} failed (exit status {result.returncode})")


def sphinx(builder: str, out: pathlib.Path, *settings: str) -> list[str]:
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", builder]
    for setting in settings:
        command += ["-D", setting]
    return command + [str(DOCS), str(out)]


def forget_lesson_runs() -> None:
    """Make the next HTML build run every lesson again (its figures are in another language)."""
    for record in (DOCS / "auto_lessons").glob("*.md5"):
        record.unlink()


def write_root_page(path: pathlib.Path) -> None:
    """The page at the top of the site, written atomically (temporary file, then rename)."""
    links = "\n".join(
        f'<a href="{code}/index.html" hreflang="{code}" lang="{code}">{name}</a>' for code, name in LANGUAGES
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(ROOT_PAGE.format(links=links))
        os.replace(temporary, path)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--update-catalogues",
        action="store_true",
        help="merge new messages into docs/locale/ja with sphinx-intl before the Japanese build",
    )
    parser.add_argument("--no-checks", action="store_true", help="build only")
    args = parser.parse_args(argv)

    times: dict[str, float] = {}
    forget_lesson_runs()
    run("English HTML (runs the lessons)", sphinx("html", HTML / "en", "language=en"), times, "en")
    run("gettext (plot_gallery=0)", sphinx("gettext", GETTEXT, "plot_gallery=0"), times)
    if args.update_catalogues:
        # sphinx.po is kept by hand: it holds the theme's and Sphinx's own strings beside the few
        # of sphinx.pot (our templates'), and sphinx-intl would drop every message sphinx.pot lacks
        templates = pathlib.Path(tempfile.mkdtemp(prefix="attn-teach-pot-"))
        shutil.copytree(GETTEXT, templates, dirs_exist_ok=True, ignore=shutil.ignore_patterns("sphinx.pot"))
        run(
            "sphinx-intl update (all but sphinx.po)",
            [
                sys.executable,
                "-m",
                "sphinx_intl",
                "update",
                "-p",
                str(templates),
                "-d",
                str(LOCALE),
                "-l",
                "ja",
                "-w",
                "0",
            ],
            times,
        )
        shutil.rmtree(templates)
    forget_lesson_runs()
    run(
        "Japanese HTML (runs the lessons, figures in Japanese)", sphinx("html", HTML / "ja", "language=ja"), times, "ja"
    )
    forget_lesson_runs()  # docs/auto_lessons now holds Japanese figures: no later build may reuse them
    write_root_page(HTML / "index.html")

    failed = []
    if not args.no_checks:
        for step, command in (
            ("catalogues check", [sys.executable, str(DOCS / "check_catalogues.py"), str(GETTEXT), str(LOCALE / "ja")]),
            ("literals check", [sys.executable, str(DOCS / "check_literals.py")]),
            ("site check", [sys.executable, str(DOCS / "check_site.py"), str(HTML)]),
            ("search check", [sys.executable, str(DOCS / "check_search.py"), str(HTML)]),
        ):
            try:
                run(step, command, times)
            except SystemExit as failure:
                print(failure, file=sys.stderr)
                failed.append(step)

    print("docs build times:")
    for step, seconds in times.items():
        print(f"  {seconds:7.1f} s  {step}")
    if failed:
        print(f"docs build: FAILED checks: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

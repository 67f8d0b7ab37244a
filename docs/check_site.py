"""Check the built documentation site: every lesson has its page, figures and downloads.

Run after ``sphinx-build -W -b html docs docs/_build/html``::

    python docs/check_site.py [docs/_build/html]

The list of lessons comes from ``lessons/plot_NN_*.py`` (and ``plot_NNa_*.py``), so a lesson that the gallery
did not turn into a page is caught. For each lesson the page must exist, show at least
one figure drawn by the lesson (``sphx_glr_plot_NN_*.png``, file present and a PNG),
and offer the lesson as a ``.py`` and an ``.ipynb`` download (files present). The
article, changes and API pages must exist; the article page must carry the anchors
``article-stage-0`` to ``article-stage-11`` that lessons link to; the API page must
document every name in ``attn_teach.__all__`` and ``attn_teach.views.__all__``.

Exit status 0 when everything is there, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import html
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
PAGES = ("index", "article", "changes", "api", "glossary", "troubleshooting", "auto_lessons/index")
STAGES = range(12)  # the article's stages 0..11
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def lesson_names(folder: pathlib.Path = LESSONS) -> list[str]:
    """``plot_NN_name`` (or ``plot_NNa_name``) of every lesson file, in order."""
    return sorted(p.stem for p in folder.glob("plot_[0-9][0-9]*_*.py"))


def _links(page: str, attribute: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(rf'{attribute}="([^"#]+)"', page)]


def _target(site: pathlib.Path, page_path: pathlib.Path, link: str) -> pathlib.Path:
    return (page_path.parent / link).resolve() if not link.startswith("/") else site / link.lstrip("/")


def check_lesson(site: pathlib.Path, name: str) -> list[str]:
    """Problems with one lesson's page (empty list: none)."""
    page_path = site / "auto_lessons" / f"{name}.html"
    if not page_path.is_file():
        return [f"{name}: no page auto_lessons/{name}.html (did sphinx-gallery see lessons/{name}.py?)"]
    page = page_path.read_text(encoding="utf-8")
    problems = []
    images = [src for src in _links(page, "src") if re.search(rf"sphx_glr_{re.escape(name)}_\d+\.png$", src)]
    if not images:
        problems.append(f"{name}: the page shows no figure of the lesson (no <img> of sphx_glr_{name}_NNN.png)")
    for src in images:
        path = _target(site, page_path, src)
        if not path.is_file() or not path.read_bytes().startswith(PNG_MAGIC):
            problems.append(f"{name}: figure {src} is missing or not a PNG")
    hrefs = _links(page, "href")
    for suffix in (".py", ".ipynb"):
        downloads = [h for h in hrefs if h.endswith(f"/{name}{suffix}")]
        if not downloads:
            problems.append(f"{name}: no {suffix} download link on the page")
        for href in downloads:
            if not _target(site, page_path, href).is_file():
                problems.append(f"{name}: download {href} is linked but the file is missing")
    return problems


def check_pages(site: pathlib.Path) -> list[str]:
    """Problems with the hand-written pages (empty list: none)."""
    problems = [f"page {p}.html is missing" for p in PAGES if not (site / f"{p}.html").is_file()]
    article = site / "article.html"
    if article.is_file():
        text = article.read_text(encoding="utf-8")
        problems += [f"article.html has no anchor article-stage-{n} (lessons link to it)"
                     for n in STAGES if f'id="article-stage-{n}"' not in text]
    api = site / "api.html"
    if api.is_file():
        text = api.read_text(encoding="utf-8")
        problems += [f"api.html does not document {name} (listed in {where}.__all__)"
                     for where, name in public_names()
                     if f'id="attn_teach.{name}"' not in text and f'id="attn_teach.views.{name}"' not in text]
    return problems


def public_names() -> list[tuple[str, str]]:
    """``(module, name)`` for every name the package and its views export."""
    import importlib

    found: dict[str, str] = {}
    for module in ("attn_teach", "attn_teach.views"):
        for name in importlib.import_module(module).__all__:
            found.setdefault(name, module)
    return [(module, name) for name, module in found.items()]


def check_site(site: pathlib.Path) -> list[str]:
    """Every problem found in the built site at ``site`` (empty list: the site is complete)."""
    if not (site / "index.html").is_file():
        return [f"{site} holds no built site (no index.html); run sphinx-build first"]
    names = lesson_names()
    if not names:
        return [f"no lessons found in {LESSONS}"]
    problems = check_pages(site)
    for name in names:
        problems += check_lesson(site, name)
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = pathlib.Path(args[0]) if args else ROOT / "docs" / "_build" / "html"
    problems = check_site(site)
    if problems:
        print(f"docs site check FAILED ({len(problems)} problem(s)) in {site}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"docs site check passed: {len(lesson_names())} lesson pages with figures and .py/.ipynb downloads, "
          f"pages {', '.join(PAGES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

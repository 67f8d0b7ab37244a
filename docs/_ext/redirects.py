"""Old page addresses that keep working: a renamed page leaves a redirect under its old name.

``REDIRECTS`` maps an old page name to the page that replaced it. For each, the HTML builder
writes ``<old>.html`` in the site's language from ``_templates/redirect.html``: a
``<meta http-equiv="refresh">`` to the new page, and a link to it (with the new page's title)
for a reader whose browser does not follow the refresh. The redirect is not a page of the
site's contents: it is in no toctree and no search index. ``docs/check_site.py`` checks every
redirect in both languages.
"""

from __future__ import annotations

# old page name -> new page name
REDIRECTS = {
    "changes": "since_the_article",  # the page is about the article versus today; CHANGELOG.md is the kit's
}


def redirect_pages(app):
    """``html-collect-pages`` handler: one redirect page per entry of ``REDIRECTS``."""
    for old, new in REDIRECTS.items():
        title = app.env.titles[new].astext()  # the new page's title, translated in the Japanese build
        yield old, {"redirect_to": new, "redirect_title": title}, "redirect.html"


def setup(app):
    app.connect("html-collect-pages", redirect_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

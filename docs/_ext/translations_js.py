"""The search page's own words from the site's ``sphinx.po``, as its Python-side strings already are.

Sphinx translates the words its scripts write (the search page's status lines, the label
``", in "`` of an API result) from ``_static/translations.js``, a copy of the ``sphinx.js`` that
Sphinx compiled from its own catalogue when it was released. The site's
``docs/locale/<lang>/LC_MESSAGES/sphinx.po``, which Sphinx reads for every string its Python
code and templates translate, never reaches that file: Sphinx's Japanese catalogue leaves
``", in "`` in English and the plural "Search finished, found ... pages" empty, so the search
page showed English and an empty status line.

Once an HTML build has finished (Sphinx has copied ``translations.js`` by then), this extension
lays the site's catalogue over that file: each message the file holds that ``sphinx.po``
translates takes the site's translation (a plural takes its forms, ``msgstr[0]`` ...), and the
plural rule becomes the catalogue's. Messages the file does not hold are the Python side's and
are left to Sphinx. ``docs/check_english.py`` checks the built file.
"""

from __future__ import annotations

import json
import os
import pathlib
import tempfile

PREFIX = "Documentation.addTranslations("


def site_catalogue(srcdir: pathlib.Path, language: str) -> pathlib.Path:
    return srcdir / "locale" / language / "LC_MESSAGES" / "sphinx.po"


def overlay(translations: dict, catalogue: pathlib.Path) -> dict:
    """``translations`` (the object of ``translations.js``) with the messages ``catalogue`` translates."""
    from babel.messages.pofile import read_po

    with catalogue.open("rb") as f:
        site = read_po(f)
    messages = dict(translations.get("messages", {}))
    for message in site:
        msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if not msgid or msgid not in messages:
            continue
        if isinstance(message.string, (list, tuple)):
            forms = list(message.string)
            if all(forms):
                messages[msgid] = forms
        elif message.string:
            messages[msgid] = message.string
    result = dict(translations, messages=messages)
    if site.plural_expr:
        result["plural_expr"] = site.plural_expr
    return result


def read(path: pathlib.Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def write(path: pathlib.Path, translations: dict) -> None:
    """Write ``translations.js`` as Sphinx writes it, atomically (a temporary file, then a rename)."""
    text = f"{PREFIX}{json.dumps(translations, sort_keys=True, indent=4)});"
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise


def lay_site_catalogue_over(app, exception) -> None:
    """``build-finished``: the built ``_static/translations.js`` with the site's ``sphinx.po`` laid over it."""
    if exception is not None or app.builder.format != "html" or app.config.language in (None, "en"):
        return
    path = pathlib.Path(app.outdir) / "_static" / "translations.js"
    catalogue = site_catalogue(pathlib.Path(app.srcdir), app.config.language)
    if path.is_file() and catalogue.is_file():
        write(path, overlay(read(path), catalogue))


def setup(app):
    app.connect("build-finished", lay_site_catalogue_over)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx configuration: the lessons as a sphinx-gallery, the library's API, the article's stages.

Build (warnings are errors)::

    pip install -e ".[docs]" && sphinx-build -W -b html docs docs/_build/html

sphinx-gallery runs every ``lessons/plot_NN_*.py`` as ``__main__`` (in file-name order),
keeps the figures each one draws and writes one page per lesson into ``docs/auto_lessons/``,
with the lesson as a ``.py`` file and a Jupyter notebook to download. The lessons import
``attn_teach`` from the installed package and use its embedded models: the build never
reaches for the network.
"""

from __future__ import annotations

import os
import sys
import warnings

# -- environment: set before anything imports transformers or huggingface_hub ---------------
os.environ["HF_HUB_OFFLINE"] = "1"  # lessons use the embedded models; never the network
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights 0%|..." in the pages
sys.dont_write_bytecode = True  # leave no __pycache__ in lessons/ (examples run in their folder)

# A label drawn as boxes is a broken figure: fail the build, as the image tests do
# (pyproject.toml: "error:Glyph:UserWarning").
warnings.filterwarnings("error", message="Glyph", category=UserWarning)

import attn_teach  # noqa: E402  (after the environment above)

# -- project ------------------------------------------------------------------------------
project = "attn_teach"
author = "attn_teach contributors"
copyright = "attn_teach contributors"
release = version = attn_teach.__version__
language = "en"

extensions = [
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
exclude_patterns = ["_build"]
templates_path: list[str] = []

# -- lessons gallery ----------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../lessons",  # the lessons, also installed as attn_teach.lessons
    "gallery_dirs": "auto_lessons",  # labels: sphx_glr_auto_lessons_plot_NN_name.py
    "filename_pattern": r"/plot_\d\d[a-z]?_",  # every lesson, plot_00a_... too: each page shows its figures
    "ignore_pattern": r"__init__\.py",
    "within_subsection_order": "FileNameSortKey",  # lesson 00, 01, ... as in the article
    "reset_modules": ("matplotlib", "seaborn"),  # matplotlib defaults before each lesson: views carry their own style
    "image_scrapers": ("matplotlib",),  # figures reached through pyplot
    "capture_repr": ("_repr_html_", "__repr__"),  # a cell ending in interactive(...) shows the live view
    "remove_config_comments": True,
    "download_all_examples": True,
    "min_reported_time": 1,
    "show_signature": False,
}

# -- API ----------------------------------------------------------------------------------
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"  # numpydoc sections carry the types
numpydoc_show_class_members = False  # members are listed by autodoc itself

# -- HTML ---------------------------------------------------------------------------------
html_theme = "alabaster"
html_title = f"attn_teach {release}"
html_static_path = ["_static"]
html_theme_options = {
    "description": "Where does a Transformer's attention go? The article's stages, reproduced and checked.",
    "fixed_sidebar": False,
    "page_width": "1180px",  # room for lesson code lines (up to 110 characters, ruff line-length)
    "sidebar_width": "220px",
    "body_max_width": "none",
}
html_show_sourcelink = False


# The views in the order the lessons introduce them; views not listed here follow, by name.
VIEW_ORDER = ["layer_panels", "heatmap", "heads", "received_plot", "attention_from", "attention_to",
              "scatter3d", "bars_by_layer", "grid", "rollout_view"]
VIEWS_MARKER = ".. views-autodoc:"


def _list_views(app, docname, source):
    """``source-read`` handler: document every name in ``attn_teach.views.__all__`` on the API page.

    A view that the top-level package also exports is documented under that name
    (``attn_teach.heatmap``), the name lessons and docstrings use; the others under
    ``attn_teach.views``. A view added to the package appears without editing ``api.rst``.
    """
    if docname != "api" or VIEWS_MARKER not in source[0]:
        return
    import attn_teach.views

    names = list(attn_teach.views.__all__)
    ordered = [n for n in VIEW_ORDER if n in names] + sorted(n for n in names if n not in VIEW_ORDER)
    top = set(attn_teach.__all__)
    directives = "".join(f".. autofunction:: {'attn_teach' if name in top else 'attn_teach.views'}.{name}\n\n"
                         for name in ordered)
    source[0] = source[0].replace(VIEWS_MARKER, directives + "..", 1)


def setup(app):
    app.connect("source-read", _list_views)

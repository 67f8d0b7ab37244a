"""The lessons, one per stage of the article; sphinx-gallery builds the docs from them."""

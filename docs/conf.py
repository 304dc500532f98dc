"""Sphinx configuration of the annotated-source archive."""

from __future__ import annotations

import os

project = "Glossator archive"
author = "The glossator contributors"
copyright = "the glossator contributors; the archived article belongs to its publisher"  # noqa: A001
language = "en"

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "glossator.sphinx",
]

# The archive root (sources/ and annotations/) is the folder above docs/.
glossator_root = ".."
glossator_check_errors = os.environ.get("GLOSSATOR_CHECK_ERRORS", "fail")

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
suppress_warnings = ["myst.header"]

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "glossator"
bibtex_reference_style = "author_year"

html_theme = "sphinx_book_theme"
html_title = "Glossator archive"
html_static_path = ["_static"]
html_last_updated_fmt = None
html_theme_options = {
    "show_navbar_depth": 1,
    "navigation_depth": 2,
    "collapse_navbar": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "search_bar_text": "Search names, aliases, places\u2026",
}
# light or dark follows the reader's system until they pick one with the theme switcher
html_context = {"default_mode": "auto"}

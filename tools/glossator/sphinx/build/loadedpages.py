"""Each annotation page parsed once per build: the pages the checks loaded, taken at ``source-read``.

Why: the build runs ``glossator check`` at ``builder-inited`` (:mod:`glossator.sphinx.checking`),
which reads and parses every annotation page; then, at ``source-read``, the guards
(:mod:`glossator.sphinx.guards`) and the reader (:mod:`glossator.sphinx.reading`) each
parsed the page Sphinx read once more. Here the checked pages are kept on the build's state
(:class:`~glossator.sphinx.buildstate.BuildState`), each with the policy findings the checks
found on it (``page.findings``), and a page Sphinx reads is taken from it when its text is the text that was checked.
Otherwise (the file changed after the checks ran: a live preview between two runs of the
checks, a file written during the build) the page is parsed from the text Sphinx read, once
for the document: both handlers get that one :class:`~glossator.pages.Page`.

Forked reading processes (``-j``) inherit the state as it is in memory; it is never pickled
(:class:`~glossator.sphinx.buildstate.BuildState` pickles empty).
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.environment import BuildEnvironment

from glossator.pages import Page, parse_page
from glossator.sphinx.buildstate import state_of

PAGE_KEY = "glossator:page"
"""Key of ``env.current_document``: the :class:`Page` of the document being read."""


def keep(env: BuildEnvironment, pages: Iterable[Page]) -> None:
    """Keep the checked pages for the build (read with :func:`glossator.checks.prepare`).

    Their markdown tokens are dropped: what the build needs of a checked page is its object,
    its front matter and its policy findings (``page.findings``), found from them already.
    """
    state = state_of(env)
    state.pages = {}
    for page in pages:
        page.__dict__.pop("tokens", None)
        state.pages[page.path] = page


def page_for(env: BuildEnvironment, docname: str, text: str) -> Page:
    """The page of ``docname`` with the text Sphinx read: the checked one, or parsed now once."""
    rel = f"{docname}.md"
    current = env.current_document.get(PAGE_KEY)
    if isinstance(current, Page) and current.path == rel and current.text == text:
        return current
    page = state_of(env).pages.get(rel)
    if page is None or page.text != text:
        page = parse_page(text, rel)
    env.current_document[PAGE_KEY] = page
    return page

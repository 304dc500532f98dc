"""The reader's site: what the extension adds for people reading the built archive.

One ``setup`` for it all, called by :func:`glossator.sphinx.setup`: the HTML nodes (``<mark>``,
``dir="auto"``, search attributes), the article's paragraph numbers and permalinks, the
timeline and place index, sortable tables, and search (:mod:`glossator.sphinx.search`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from glossator.sphinx import guards, htmlnodes, places, search, sourcetext, suggest, timeline
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.domain import GlossatorDomain

STATIC = Path(__file__).parent / "static"


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain: GlossatorDomain = app.env.domains["glossator"]  # type: ignore[assignment]
    for dated in list(doctree.findall(timeline.timeline)):
        timeline.render(dated, domain, app.builder, docname)
    for located in list(doctree.findall(places.place_index)):
        places.render(located, domain, app.builder, docname)
    for where in list(doctree.findall(gnodes.place_location)):
        places.render_location(where, domain, app.builder, docname)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    """Defaults that keep the browser console clean: an icon (else ``/favicon.ico`` is asked for
    and missing) and the theme's colour mode (sphinx-book-theme logs an error without one)."""
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "glossator-icon.svg")
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")
    config.html_context = context


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A page holding a source text has no right-hand column: its margin notes are part of
    the article's own grid (see :mod:`glossator.sphinx.margin`), which takes the width.

    sphinx-book-theme would put the page's table of contents there, beside the notes. Runs
    after the theme has chosen the page's secondary sidebar items.
    """
    domain: GlossatorDomain = app.env.domains["glossator"]  # type: ignore[assignment]
    if any(docname == pagename for docname, _ in domain.sources.values()):
        context["secondary_sidebar_items"] = []
        # the reading room's script, on these pages only (Sphinx adds it to this page alone)
        app.add_js_file("glossator-reading.js", loading_method="defer")
        app.add_js_file("glossator-suggest.js", loading_method="defer")


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited)
    htmlnodes.setup(app)
    search.setup(app)
    app.add_node(timeline.timeline)
    app.add_node(places.place_index)
    places.setup(app)  # the map beside the place index
    app.add_directive("glossator-timeline", guards.archive_only(timeline.Timeline))
    app.add_directive("glossator-places", guards.archive_only(places.PlaceIndex))
    # the article's paragraphs: a number for the gutter and a permalink, around the text
    app.add_node(
        gnodes.source_passage,
        override=True,
        html=(sourcetext.visit_passage_html, sourcetext.depart_passage_html),
    )
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("html-page-context", _on_html_page_context, priority=600)
    app.add_js_file("glossator.js", loading_method="defer")
    app.connect("build-finished", sourcetext.publish_texts)
    suggest.connect(app)  # what the article's "Suggest a note" form reads

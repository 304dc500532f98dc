"""The one ``doctree-resolved`` handler that renders what a page could not know when read.

Listings, "Referenced by" lists, a source's coverage and highlights, the timeline, the place
index and a place's location show other pages' objects: a page leaves a placeholder node when
it is read, and it is filled here, at write time, when every document has been read. One
handler, in one place, so that the order in which they are rendered is written down once.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from glossator.sphinx import listing, places, sourcetext, timeline
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.reading import domain_of


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = domain_of(app.env)
    builder = app.builder
    for listing_node in list(doctree.findall(gnodes.object_listing)):
        listing.render_listing(listing_node, domain, builder, docname)
    for backrefs_node in list(doctree.findall(gnodes.referenced_by)):
        listing.render_referenced_by(backrefs_node, domain, builder, docname)
    for coverage_node in list(doctree.findall(gnodes.source_coverage)):
        sourcetext.render_coverage(coverage_node, domain)
    sourcetext.highlight(doctree, domain, builder, docname)
    for dated in list(doctree.findall(timeline.timeline)):
        timeline.render(dated, domain, builder, docname)
    for located in list(doctree.findall(places.place_index)):
        places.render(located, domain, builder, docname)
    for where in list(doctree.findall(gnodes.place_location)):
        places.render_location(where, domain, builder, docname)


def setup_rendering(app: Sphinx) -> None:
    app.connect("doctree-resolved", _on_doctree_resolved)

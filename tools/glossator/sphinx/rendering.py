"""What a page could not know when read, rendered when it is written: in the writing process.

Listings, "Referenced by" lists, a source's coverage and highlights, the timeline, the place
index and a place's location show other pages' objects: a page leaves a placeholder node when
it is read, and it is filled at write time, when every document has been read. The order in
which they are rendered is written down once, here.

Where: in a ``-j`` build Sphinx resolves every page in the main process, one after another
(``doctree-resolved`` included), and only translates pages to HTML in the writing processes.
Rendering the placeholders at ``doctree-resolved`` was a quarter of that serial work (py-spy,
``docs/performance.md``). So for HTML builders the handler only notes on each placeholder the
page it is rendered for, and the placeholder is rendered by its HTML visitor, as the page is
translated, in whichever process writes it; the nodes it renders to are put in its place and
translated as they would have been. The highlights and margin notes of a source text rework
the passages of the whole page: a marker (:class:`pending_highlights`) is put first in the
document, and its visitor highlights the page before the translator reaches any passage.
Other builders (text, LaTeX) render everything at ``doctree-resolved``, as before.

What a writing process computes there is lost with it, so what every page asks for is made in
the main process before the first page is written (:func:`_before_writing`): the domain's
index of back-references, the list of places.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from glossator.sphinx import listing, places, sourcetext, timeline
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.domain import GlossatorDomain
from glossator.sphinx.reading import domain_of

Renderer = Callable[[Any, GlossatorDomain, Builder, str], None]
"""Replaces a placeholder node with what it shows, for the page named by the last argument."""


def _coverage(node: Any, domain: GlossatorDomain, builder: Builder, docname: str) -> None:
    sourcetext.render_coverage(node, domain)


RENDERERS: dict[type[nodes.Element], Renderer] = {
    gnodes.object_listing: listing.render_listing,
    gnodes.referenced_by: listing.render_referenced_by,
    gnodes.source_coverage: _coverage,
    timeline.timeline: timeline.render,
    places.place_index: places.render,
    gnodes.place_location: places.render_location,
}
"""Each placeholder and its renderer, in the order they are rendered at ``doctree-resolved``
(the highlights come after the coverage)."""

RENDERED_FOR = "glossator_rendered_for"
"""The attribute that holds, on a placeholder left for the writer, the page it is rendered for
(the page resolved; for ``singlehtml``, the root document)."""


class pending_highlights(nodes.General, nodes.Element):
    """First in the document of a page that holds a source text, left for the writer: the
    page is highlighted when this is translated (see the module's docstring)."""


def renders_when_written(app: Sphinx) -> bool:
    """True when the builder's translator has the placeholders' visitor (HTML builders):
    Sphinx takes the handlers of a builder's name, else of its format.
    ``glossator_render_at_write = False`` renders at ``doctree-resolved`` for every builder."""
    if not app.config.glossator_render_at_write:
        return False
    registry = app.registry.translation_handlers
    handlers = registry.get(app.builder.name)
    if handlers is None:
        handlers = registry.get(app.builder.format, {})
    return all(cls.__name__ in handlers for cls in (*RENDERERS, pending_highlights))


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = domain_of(app.env)
    builder = app.builder
    deferred = renders_when_written(app)
    for cls, render in RENDERERS.items():
        for node in list(doctree.findall(cls)):
            if deferred:
                node[RENDERED_FOR] = docname
            else:
                render(node, domain, builder, docname)
        if cls is gnodes.source_coverage:
            if not deferred:
                sourcetext.highlight(doctree, domain, builder, docname)
            elif sourcetext.holds_source(docname, domain):
                doctree.insert(0, pending_highlights(**{RENDERED_FOR: docname}))


def visit_placeholder(translator: Any, node: nodes.Element) -> None:
    """Render ``node`` in its place and translate what it rendered to, as the page is written.

    The rendered nodes take the placeholder's place in the page's doctree (a title's parent,
    a section's level, are the translator's to see), then are translated one by one; the
    translator's walk of the parent goes on over its children as they were before.
    """
    builder: Builder = translator.builder
    parent = node.parent
    if parent is None:  # a placeholder is never the document itself
        raise nodes.SkipNode
    docname = str(node.get(RENDERED_FOR) or getattr(builder, "current_docname", ""))
    index = parent.index(node)
    before = len(parent)
    RENDERERS[type(node)](node, domain_of(builder.env), builder, docname)
    for rendered in parent.children[index : index + len(parent) - before + 1]:
        rendered.walkabout(translator)
    raise nodes.SkipNode


def visit_pending_highlights(translator: Any, node: nodes.Element) -> None:
    """Highlight the page, whose passages all come after this marker; write nothing for it."""
    builder: Builder = translator.builder
    docname = str(node.get(RENDERED_FOR) or getattr(builder, "current_docname", ""))
    document = node.document
    if document is not None:
        sourcetext.highlight(document, domain_of(builder.env), builder, docname)
    if node.parent is not None:
        node.parent.remove(node)  # the page's doctree, as handlers after writing see it
    raise nodes.SkipNode


def _before_writing(app: Sphinx, builder: Builder) -> None:
    """In the main process, before pages go to the writing processes: what every page asks
    for, made once (a writing process would make it again for every chunk of pages)."""
    if not renders_when_written(app):
        return
    domain = domain_of(app.env)
    domain.backrefs("")  # the index of back-references, built on first use
    places.all_places(domain)


def setup_rendering(app: Sphinx) -> None:
    # no rebuild when it changes (the pages are the same either way): not in .buildinfo's hash
    app.add_config_value("glossator_render_at_write", True, "", types=[bool])
    # handlers only: each node class is registered by the feature that makes it
    for cls in RENDERERS:
        app.registry.add_translation_handlers(cls, html=(visit_placeholder, None))
    app.add_node(pending_highlights, html=(visit_pending_highlights, None))
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("write-started", _before_writing)

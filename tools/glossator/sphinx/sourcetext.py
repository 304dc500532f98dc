"""Rendering a source verbatim: ``{source-text} <source-id>``.

Each line of the text becomes one node holding a single ``Text`` node with exactly that line,
so nothing in the text is ever parsed as MyST (``*``, ``{`` and ``<`` stay as published) and
the HTML writer escapes it. Titles, headings and passages get stable anchors ``p<n>``.
Highlights of anchored quotes are added at write time, around the text, never into it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from glossator.sources import Passage, Source
from glossator.sphinx import findings, guards, highlights, margin, provenance
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.build.sourcecache import source_for
from glossator.sphinx.domain import AnchorSpan, GlossatorDomain


class SourceText(SphinxDirective):
    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"no-coverage": directives.flag}

    def run(self) -> list[nodes.Node]:
        source_id = self.arguments[0]
        source = source_for(self.env, source_id)
        if source is None:  # reported like every finding (so it has a code to silence)
            findings.warn("GL109", f"unknown source '{source_id}'", self.get_location())
            return []
        domain: GlossatorDomain = self.env.domains["glossator"]  # type: ignore[assignment]
        domain.note_source(self.env.docname, source.id, source.meta.title)
        archive = self.config.html_title or self.config.project
        with_panel = "no-coverage" not in self.options
        return [render_source(source, self.env.docname, archive if with_panel else None)]


_Line = TypeVar("_Line", bound=nodes.TextElement)


def _line_node(
    kind: type[_Line], source: Source, passage: Passage, role: str, ids: list[str]
) -> _Line:
    """One line of the text as ``kind`` (a title, heading or passage), holding only that line."""
    node = kind(
        "",
        "",
        ids=ids,
        classes=["glossator-passage", f"glossator-{role}"],
        source=source.id,
        number=passage.number,
        start=passage.start,
        support_smartquotes=False,  # verbatim: no curly quotes, dashes or ellipses added
    )
    node.append(nodes.Text(passage.text))
    return node


def render_source(source: Source, docname: str, archive: str | None) -> nodes.section:
    """The source's sections and passages; its provenance panel unless ``archive`` is None.

    The top section stays a child of the document (Sphinx's table of contents and page title
    come from top-level sections); the stylesheet lays out its rows.
    """
    passages = source.passages
    title_passage = passages[source.meta.structure.title - 1]
    top = nodes.section(
        ids=[title_passage.anchor, f"source-{source.id}"],
        names=[source.id],
        classes=["glossator-source"],
    )
    top += _line_node(nodes.title, source, title_passage, "title", [])
    if archive is not None:
        top += provenance.panel(source, docname, archive)
    current: nodes.Element = top
    for passage in passages:
        if passage.number == title_passage.number or passage.role == "blank":
            continue
        if passage.role == "heading":
            current = nodes.section(ids=[passage.anchor], names=[f"{source.id}-{passage.anchor}"])
            current += _line_node(nodes.title, source, passage, "heading", [])
            top += current
            continue
        current += _line_node(
            gnodes.source_passage, source, passage, passage.role, [passage.anchor]
        )
    return top


# -- write time: highlights, margin notes and coverage -------------------------------------------


def visit_passage_html(self: Any, node: nodes.Element) -> None:
    """``<p id="p7" data-passage="7">``: the number lets the stylesheet show it in the gutter."""
    self.body.append(self.starttag(node, "p", "", **{"data-passage": str(node["number"])}))


def depart_passage_html(self: Any, node: nodes.Element) -> None:
    """A permalink after the text (like Sphinx's heading links), never inside it."""
    number = int(node["number"])
    self.body.append(
        f'<a class="headerlink" href="#p{number}" title="Permalink to paragraph {number}"'
        f' data-pagefind-ignore="">\u00b6</a></p>\n'
    )


def highlight(
    doctree: nodes.document, domain: GlossatorDomain, builder: Builder, docname: str
) -> None:
    """Mark every anchored span (nested marks); list each passage's annotations beside it.

    Spans are grouped once per source (O(spans)); each passage then handles only its own.
    Pages that hold no source text (nearly all of them) are not walked at all.
    """
    if not holds_source(docname, domain):
        return
    for legend in list(doctree.findall(gnodes.source_legend)):
        provenance.render_legend(legend, domain)
    by_source: dict[str, tuple[dict[int, list[AnchorSpan]], dict[AnchorSpan, str]]] = {}
    for node in list(doctree.findall(nodes.Element)):
        if not _is_passage(node):
            continue
        source_id = node["source"]
        if source_id not in by_source:
            by_source[source_id] = _group(domain.spans_of_source(source_id))
        grouped, ids = by_source[source_id]
        spans = grouped.get(node["number"], [])
        if spans:
            text = node.astext()
            highlights.wrap(node, spans, ids, domain)
            entries = margin.entries_of([s.obj_id for s in spans], domain)
            if entries:
                heading = isinstance(node, nodes.title)
                notes = margin.notes_for(node["number"], entries, text, heading, builder, docname)
                _place_after(node, notes)


def holds_source(docname: str, domain: GlossatorDomain) -> bool:
    """True for the page that holds a source text (one per source)."""
    return any(holder == docname for holder, _ in domain.sources.values())


def _group(
    spans: list[AnchorSpan],
) -> tuple[dict[int, list[AnchorSpan]], dict[AnchorSpan, str]]:
    """Spans by passage, and each span's HTML id: ``hl-<object>`` (``-2``, ``-3``... for more)."""
    grouped: dict[int, list[AnchorSpan]] = defaultdict(list)
    ids: dict[AnchorSpan, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for span in spans:  # sorted by start offset
        grouped[span.passage].append(span)
        seen[span.obj_id] += 1
        count = seen[span.obj_id]
        ids[span] = f"hl-{span.obj_id}" + (f"-{count}" if count > 1 else "")
    return grouped, ids


def _is_passage(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.Element)
        and "number" in node.attributes
        and ("glossator-passage" in node.get("classes", []))
    )


def _place_after(node: nodes.Element, notes: nodes.Element) -> None:
    """The notes follow their passage: in reading order, in the grid row beside it on wide
    screens, and under it on narrow ones (a title stays its section's first child)."""
    parent = node.parent
    if parent is not None:
        parent.insert(parent.index(node) + 1, notes)


CONTENT_ROLES = ("lede", "paragraph")


def coverage(source: Source, domain: GlossatorDomain) -> tuple[int, int]:
    """``(passages annotated, passages with content)``: lede and paragraphs, not headings."""
    with_content = {p.number for p in source.passages if p.role in CONTENT_ROLES}
    annotated = {s.passage for s in domain.spans_of_source(source.id)} & with_content
    return len(annotated), len(with_content)


def render_coverage(node: gnodes.source_coverage, domain: GlossatorDomain) -> None:
    source_id = node["source"]
    spans = domain.spans_of_source(source_id)
    source = source_for(domain.env, source_id, note=False)
    if source is None:
        node.replace_self([])
        return
    done, total = coverage(source, domain)
    objects = len({s.obj_id for s in spans})
    percent = f"{100 * done / total:.0f}%" if total else "n/a"
    text = (
        f"{done} of {total} passages with content ({percent}) carry at least one annotation, "
        f"{objects} annotation{'s' * (objects != 1)} in all. Passages with content are the "
        "lede and the paragraphs; the title, headings and tag lines are not counted. An "
        "annotation describes the words it is anchored to; it does not vouch for them."
    )
    node.replace_self(nodes.inline(text, text, classes=["glossator-coverage"]))


def publish_texts(app: Any, exception: Exception | None) -> None:
    """Copy each source's verbatim text into the site, byte for byte, for its download link."""
    if exception is not None or app.builder.format != "html":
        return
    domain: GlossatorDomain = app.env.domains["glossator"]
    for source_id in domain.sources:
        source = source_for(app.env, source_id, note=False)
        if source is None:
            continue
        target = Path(app.outdir) / provenance.text_file(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != source.raw:
            target.write_bytes(source.raw)


def _visit_paragraph(self: Any, node: nodes.Element) -> None:
    self.visit_paragraph(node)


def _depart_paragraph(self: Any, node: nodes.Element) -> None:
    self.depart_paragraph(node)


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


def setup_source_text(app: Sphinx) -> None:
    """The article page: the directive, its paragraphs, its scripts, its downloadable text."""
    app.add_directive("source-text", guards.archive_only(SourceText, source_page=True))
    # the article's paragraphs: a number for the gutter and a permalink, around the text
    app.add_node(
        gnodes.source_passage,
        override=True,
        html=(visit_passage_html, depart_passage_html),
        latex=(_visit_paragraph, _depart_paragraph),
        text=(_visit_paragraph, _depart_paragraph),
    )
    app.connect("html-page-context", _on_html_page_context, priority=600)
    app.connect("build-finished", publish_texts)

"""Rendering a source verbatim: ``{source-text} <source-id>``.

Each line of the text becomes one node holding a single ``Text`` node with exactly that line,
so nothing in the text is ever parsed as MyST (``*``, ``{`` and ``<`` stay as published) and
the HTML writer escapes it. Titles, headings and passages get stable anchors ``p<n>``.
Highlights of anchored quotes are added at write time, around the text, never into it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from glossator.model import KIND_LABELS
from glossator.sources import Passage, Source
from glossator.sphinx import htmlnodes
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.domain import AnchorSpan, GlossatorDomain
from glossator.sphinx.sourcestore import source_for


class SourceText(SphinxDirective):
    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"no-coverage": directives.flag}

    def run(self) -> list[nodes.Node]:
        source_id = self.arguments[0]
        source = source_for(self.env, source_id)
        if source is None:
            raise self.error(f"GL109 unknown source '{source_id}'")
        domain: GlossatorDomain = self.env.domains["glossator"]  # type: ignore[assignment]
        domain.note_source(self.env.docname, source.id, source.meta.title)
        return [render_source(source, coverage="no-coverage" not in self.options)]


def _passage_node(source: Source, passage: Passage, role: str) -> gnodes.source_passage:
    node = gnodes.source_passage(
        "",
        ids=[passage.anchor],
        classes=["glossator-passage", f"glossator-{role}"],
        source=source.id,
        number=passage.number,
        start=passage.start,
        support_smartquotes=False,  # verbatim: no curly quotes, dashes or ellipses added
    )
    node += nodes.Text(passage.text)
    return node


def render_source(source: Source, coverage: bool = True) -> nodes.section:
    passages = source.passages
    title_passage = passages[source.meta.structure.title - 1]
    top = nodes.section(
        ids=[title_passage.anchor, f"source-{source.id}"],
        names=[source.id],
        classes=["glossator-source"],
    )
    title = nodes.title(
        "",
        "",
        classes=["glossator-passage", "glossator-title"],
        source=source.id,
        number=title_passage.number,
        start=title_passage.start,
        support_smartquotes=False,
    )
    title += nodes.Text(title_passage.text)
    top += title
    if coverage:
        top += gnodes.source_coverage(source=source.id)
    current: nodes.Element = top
    for passage in passages:
        if passage.number == title_passage.number or passage.role == "blank":
            continue
        if passage.role == "heading":
            current = nodes.section(ids=[passage.anchor], names=[f"{source.id}-{passage.anchor}"])
            heading = nodes.title(
                "",
                "",
                classes=["glossator-passage", "glossator-heading"],
                source=source.id,
                number=passage.number,
                start=passage.start,
                support_smartquotes=False,
            )
            heading += nodes.Text(passage.text)
            current += heading
            top += current
            continue
        current += _passage_node(source, passage, passage.role)
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
    """Wrap every anchored span in a link to its annotation; list each paragraph's in the margin.

    Spans are grouped once per source (O(spans)); each passage then handles only its own.
    Pages that hold no source text (nearly all of them) are not walked at all.
    """
    if not any(holder == docname for holder, _ in domain.sources.values()):
        return
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
            _wrap(node, spans, ids, domain, builder, docname)
            _add_margin_notes(node, spans, domain, builder, docname)


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


def _wrap(
    node: nodes.Element,
    spans: list[AnchorSpan],
    ids: dict[AnchorSpan, str],
    domain: GlossatorDomain,
    builder: Builder,
    docname: str,
) -> None:
    """Split the passage's text at every span boundary; mark each covered segment.

    The text itself is untouched: it is cut into pieces and each piece is put back whole.
    """
    text = node.astext()
    start0 = node["start"]
    cuts = sorted(
        {
            0,
            len(text),
            *(max(0, s.start - start0) for s in spans),
            *(min(len(text), s.end - start0) for s in spans),
        }
    )
    children: list[nodes.Node] = []
    for a, b in itertools.pairwise(cuts):
        if a == b:
            continue
        piece = text[a:b]
        covering = [s for s in spans if s.start - start0 <= a and s.end - start0 >= b]
        if not covering:
            children.append(nodes.Text(piece))
            continue
        starting = [ids[s] for s in covering if s.start - start0 == a]
        children.append(_mark(piece, covering, starting, domain, builder, docname))
    node.children = []
    node.extend(children)


def innermost(covering: list[AnchorSpan]) -> AnchorSpan:
    """The span a segment links to: the shortest (most specific) one covering it.

    A name inside a quoted claim links to the name's page; the rest of the quote to the claim.
    """
    return min(covering, key=lambda s: (s.end - s.start, s.start, s.obj_id))


def _mark(
    piece: str,
    covering: list[AnchorSpan],
    starting: list[str],
    domain: GlossatorDomain,
    builder: Builder,
    docname: str,
) -> nodes.Element:
    ordered = sorted(covering, key=lambda s: (s.end - s.start, s.start, s.obj_id))
    object_ids = list(dict.fromkeys(s.obj_id for s in ordered))
    entries = [domain.objects[i] for i in object_ids if i in domain.objects]
    kinds = list(dict.fromkeys(e.obj.kind for e in entries))
    label = "; ".join(f"{KIND_LABELS[e.obj.kind]}: {e.obj.title}" for e in entries)
    classes = ["glossator-mark", *(f"glossator-mark-{k}" for k in kinds)]
    if len(object_ids) > 1:
        classes.append("glossator-mark-overlap")
    mark = htmlnodes.mark("", "", classes=classes, ids=starting, annotations=" ".join(object_ids))
    target = domain.objects.get(innermost(covering).obj_id)
    if target is not None:
        uri = builder.get_relative_uri(docname, target.docname)
        ref = nodes.reference("", "", internal=True, refuri=uri, reftitle=label)
        ref += nodes.Text(piece)
        mark += ref
    else:
        mark += nodes.Text(piece)
    return mark


def _add_margin_notes(
    node: nodes.Element,
    spans: list[AnchorSpan],
    domain: GlossatorDomain,
    builder: Builder,
    docname: str,
) -> None:
    """Every annotation of the passage, in the margin: kind, title, link (overlaps included)."""
    number = int(node["number"])
    items = nodes.bullet_list(classes=["glossator-margin-list"])
    for ident in dict.fromkeys(s.obj_id for s in spans):
        entry = domain.objects.get(ident)
        if entry is None:
            continue
        kind = entry.obj.kind
        para = nodes.paragraph()
        para += nodes.inline(
            "", KIND_LABELS[kind], classes=["glossator-kind-label", f"glossator-kind-{kind}"]
        )
        para += nodes.Text(" ")
        ref = nodes.reference(
            "", "", internal=True, refuri=builder.get_relative_uri(docname, entry.docname)
        )
        ref += htmlnodes.bidi("", entry.obj.title)
        para += ref
        items += nodes.list_item("", para)
    if not len(items):
        return
    notes = htmlnodes.margin_notes(
        "",
        items,
        classes=["glossator-margin"],
        label=f"Annotations of paragraph {number}",
    )
    parent = node.parent
    if parent is None:
        return
    index = parent.index(node)
    # a title must stay its section's first child: its notes follow it
    parent.insert(index + 1 if isinstance(node, nodes.title) else index, notes)


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
        f"Coverage: {done} of {total} passages with content are annotated ({percent}), "
        f"by {objects} annotation{'s' * (objects != 1)}."
    )
    node.replace_self(nodes.paragraph(text, text, classes=["glossator-coverage"]))

"""Listing pages (``{glossator-list} <kind>``) and "Referenced by" lists, rendered at write time.

Annotation pages are not in any toctree (the sidebar would grow with the archive and make the
build quadratic); readers reach them through these tables, links and search.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from glossator.model import (
    CLAIM_STATUSES,
    KIND_LABELS,
    KINDS,
    Claim,
    Incident,
    Note,
    Organization,
    Person,
    Place,
)
from glossator.sphinx import guards, htmlnodes
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.domain import GlossatorDomain, ObjectEntry
from glossator.sphinx.header import date_words
from glossator.sphinx.tables import table


class ObjectList(SphinxDirective):
    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in KINDS:
            raise self.error(f"unknown kind '{kind}' (one of: {', '.join(KINDS)})")
        domain: GlossatorDomain = self.env.domains["glossator"]  # type: ignore[assignment]
        domain.note_listing(self.env.docname, kind)
        return [gnodes.object_listing(kind=kind)]


def _link(builder: Builder, fromdoc: str, entry: ObjectEntry) -> nodes.paragraph:
    ref = nodes.reference(
        "", "", internal=True, refuri=builder.get_relative_uri(fromdoc, entry.docname)
    )
    ref += htmlnodes.bidi("", entry.obj.title)
    return nodes.paragraph("", "", ref)


def _ref_by_id(
    builder: Builder, fromdoc: str, domain: GlossatorDomain, ident: str | None
) -> nodes.paragraph:
    entry = domain.lookup(ident) if ident else None
    if entry is None:
        return nodes.paragraph("", ident or "")
    return _link(builder, fromdoc, entry)


def _columns(kind: str) -> tuple[str, ...]:
    return {
        "incident": ("Date", "Incident", "Place", "Country"),
        "person": ("Name", "Also called", "Role"),
        "organization": ("Name", "Also called", "Type"),
        "place": ("Name", "Also called", "Type", "Part of"),
        "claim": ("Claim", "Speaker", "Kind", "Status"),
        "note": ("Note", "Kind", "About"),
    }[kind]


def _cells(
    entry: ObjectEntry, builder: Builder, fromdoc: str, domain: GlossatorDomain
) -> list[nodes.Node]:
    obj = entry.obj
    name = _link(builder, fromdoc, entry)

    def text(value: str) -> nodes.paragraph:
        return nodes.paragraph(value, value)

    aliases = nodes.paragraph()  # each alias isolated on its own: scripts and directions mix
    for number, alias in enumerate(obj.aliases):
        if number:
            aliases += nodes.Text(", ")
        aliases += htmlnodes.bidi("", alias)
    if isinstance(obj, Incident):
        # sorts by the date as written (ISO, as precise as known); undated last
        when = htmlnodes.sortkey("", date_words(obj), key=obj.date or "9999")
        return [
            nodes.paragraph("", "", when),
            name,
            _ref_by_id(builder, fromdoc, domain, obj.place),
            _ref_by_id(builder, fromdoc, domain, obj.country),
        ]
    if isinstance(obj, Person):
        return [name, aliases, text("; ".join(r.description for r in obj.roles))]
    if isinstance(obj, Organization):
        return [name, aliases, text((obj.org_type or "").replace("-", " "))]
    if isinstance(obj, Place):
        return [
            name,
            aliases,
            text(obj.place_type or ""),
            _ref_by_id(builder, fromdoc, domain, obj.part_of),
        ]
    if isinstance(obj, Claim):
        return [
            name,
            _ref_by_id(builder, fromdoc, domain, obj.speaker),
            text(obj.claim_kind),
            text(CLAIM_STATUSES[obj.status]),
        ]
    if isinstance(obj, Note):
        about = nodes.paragraph()
        for index, target in enumerate(obj.about):
            if index:
                about += nodes.Text(", ")
            about.extend(_ref_by_id(builder, fromdoc, domain, target).children)
        return [name, text(obj.note_kind), about]
    return [name]


def render_listing(
    node: gnodes.object_listing, domain: GlossatorDomain, builder: Builder, docname: str
) -> None:
    kind = node["kind"]
    entries = domain.objects_of_kind(kind)
    if isinstance(entries[0].obj if entries else None, Incident):
        entries.sort(key=lambda e: (getattr(e.obj, "date", None) or "9999", e.obj.id))
    if not entries:
        node.replace_self(nodes.paragraph("", f"No {KIND_LABELS[kind].lower()} yet."))
        return
    rows = [_cells(entry, builder, docname, domain) for entry in entries]
    listed = table(_columns(kind), rows, [f"glossator-list-{kind}"])
    node.replace_self(htmlnodes.search_unindexed("", listed))


FIELD_HEADINGS = {
    ("person", "speaker"): "Claims made",
    ("incident", "about"): "Claims and notes about this incident",
}


def render_referenced_by(
    node: gnodes.referenced_by, domain: GlossatorDomain, builder: Builder, docname: str
) -> None:
    ident = node["object_id"]
    entry = domain.objects.get(ident)
    refs = domain.backrefs(ident)
    if entry is None or not refs:
        node.replace_self(
            nodes.section(
                "",
                nodes.title("Referenced by", "Referenced by"),
                nodes.paragraph("", "Nothing in the archive refers to this yet."),
                ids=["referenced-by"],
                classes=["glossator-referenced-by"],
            )
        )
        return
    groups: dict[str, list[nodes.Node]] = {}
    seen: set[tuple[str, str]] = set()
    for refdoc, ref in refs:
        heading = FIELD_HEADINGS.get((entry.obj.kind, ref.field), "Referenced by")
        key = (heading, ref.origin or refdoc)
        if key in seen:
            continue
        seen.add(key)
        origin = domain.objects.get(ref.origin) if ref.origin else None
        item = nodes.list_item()
        para = nodes.paragraph()
        uri = builder.get_relative_uri(docname, refdoc)
        title = origin.obj.title if origin else _doc_title(builder, refdoc)
        link = nodes.reference("", "", internal=True, refuri=uri)
        link += htmlnodes.bidi("", title)
        if origin:
            para += nodes.inline(
                "", f"{KIND_LABELS[origin.obj.kind]}: ", classes=["glossator-kind-label"]
            )
        para += link
        item += para
        groups.setdefault(heading, []).append(item)
    container = htmlnodes.search_unindexed(classes=["glossator-backrefs"])
    for heading in sorted(groups, key=lambda h: h == "Referenced by"):
        section = nodes.section(ids=[nodes.make_id(heading)], classes=["glossator-referenced-by"])
        section += nodes.title(heading, heading)
        section += nodes.bullet_list("", *groups[heading])
        container += section
    node.replace_self(container)


def _doc_title(builder: Builder, docname: str) -> str:
    title = builder.env.titles.get(docname)
    return title.astext() if title is not None else docname


def setup_listing(app: Sphinx) -> None:
    app.add_directive("glossator-list", guards.archive_only(ObjectList))
    app.add_js_file("glossator.js", loading_method="defer")  # sortable listing tables

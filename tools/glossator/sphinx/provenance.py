"""What a reader needs to know before reading a source: where it comes from, and how to read it.

Above the article: the provenance panel (publisher, copy seen at, date, language and
translation, checksum, a download of the verbatim text, the coverage figure with what it
means) and the legend of annotation kinds, with their colours and counts, which the script
turns into switches (each kind on or off, or the plain text). The panel is built when the
page is read, from ``source.yaml``; the coverage and the legend depend on every annotation,
so they are placeholders filled in at ``doctree-resolved``.
"""

from __future__ import annotations

import posixpath
from collections import Counter

from docutils import nodes

from glossator.model import KIND_LABELS, KIND_PLURALS, SourceMeta
from glossator.sources import Source
from glossator.sphinx import htmlnodes
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.domain import GlossatorDomain

TRANSLATION = {
    "yes": "a translation",
    "no": "not a translation",
    "likely": "likely a translation",
    "unknown": "translation status unknown",
}
LANGUAGES = {"en": "English", "ar": "Arabic", "fr": "French", "tr": "Turkish", "ku": "Kurdish"}
KIND_ORDER = ("incident", "person", "organization", "place", "claim", "note")


def text_file(source: Source) -> str:
    """Where the verbatim text is published in the built site, relative to its root."""
    return f"sources/{source.id}/{source.meta.text}"


def _unknown(value: str) -> bool:
    return value.strip().lower().startswith("unknown")


def citation(meta: SourceMeta, archive: str) -> str:
    """How to cite the source as archived here; the script adds the paragraph and the link.

    Unknowns are said, never filled in: "Author unknown. Publisher unknown."
    """
    stop = "" if meta.title.endswith((".", "?", "!")) else "."
    parts = [f"\u201c{meta.title}{stop}\u201d"]
    parts.append("Author unknown." if _unknown(meta.author) else f"{meta.author}.")
    publisher = "Publisher unknown" if _unknown(meta.publisher) else meta.publisher
    parts.append(f"{publisher}; copy seen at {meta.url}." if meta.url else f"{publisher}.")
    if not _unknown(meta.published):
        parts.append(f"{meta.published}.")
    parts.append(f"Archived verbatim in the {archive}")
    return " ".join(parts)


def _row(term: str, *body: nodes.Node) -> nodes.definition_list_item:
    item = nodes.definition_list_item()
    item += nodes.term("", term)
    item += nodes.definition("", nodes.paragraph("", "", *body))
    return item


def _language(meta: SourceMeta) -> str:
    name = LANGUAGES.get(meta.language.split("-")[0], meta.language)
    return f"{name}, {TRANSLATION[meta.translation]}"


def _short(value: str) -> str:
    """``unknown (long explanation)`` in a summary line: just "unknown"."""
    return "unknown" if _unknown(value) else value


def panel(source: Source, docname: str, archive: str) -> htmlnodes.provenance_panel:
    """The provenance panel, with placeholders for the coverage and the legend.

    Its summary line says at once what a reader must weigh (who published it, who wrote it,
    whether it is a translation); the disclosure holds the rest. It carries the source's
    citation (``data-citation``) for the permalinks' "Cite" popover.
    """
    meta = source.meta
    rows = nodes.definition_list(classes=["glossator-provenance-fields"])
    rows += _row("Publisher", nodes.Text(meta.publisher))
    rows += _row("Author", nodes.Text(meta.author))
    if meta.url:
        rows += _row(
            "Copy seen at",
            nodes.reference("", meta.url, refuri=meta.url, classes=["glossator-url"]),
        )
    rows += _row("Published", nodes.Text(meta.published))
    rows += _row("Language", nodes.Text(_language(meta)))
    rows += _row("Original language", nodes.Text(meta.original_language))
    rows += _row("Retrieved", nodes.Text(meta.retrieved or "not recorded"))
    checksum = nodes.literal("", meta.sha256, classes=["glossator-sha256"])
    rows += _row("SHA-256", checksum)
    href = posixpath.relpath(text_file(source), posixpath.dirname(docname) or ".")
    download = htmlnodes.download(
        "", "", refuri=href, filename=f"{source.id}.txt", classes=["glossator-download"]
    )
    download += nodes.Text(f"{meta.text} ({len(source.raw):,} bytes, UTF-8)")
    rows += _row("Verbatim text", download)
    rows += _row("Coverage", gnodes.source_coverage(source=source.id))
    rows += _row("Licence", nodes.Text(meta.licence))
    about = htmlnodes.details("", classes=["glossator-about"])
    line = (
        f"publisher {_short(meta.publisher)} \u00b7 author {_short(meta.author)} \u00b7 "
        f"published {_short(meta.published)} \u00b7 {_language(meta)}"
    )
    about += htmlnodes.summary(
        "",
        "",
        nodes.strong("", "About this text: "),
        nodes.inline("", line, classes=["glossator-about-line"]),
    )
    about += nodes.paragraph(
        "",
        "The text is reproduced byte for byte as received, typos included; highlights, "
        "numbers and notes are added around it, never into it. The numbers in the margin are "
        "the lines of the text file: the title is 1, and headings are numbered too, so "
        "\u201cparagraph 7\u201d is line 7 of the file.",
        classes=["glossator-provenance-lead"],
    )
    about += rows
    box = htmlnodes.provenance_panel(
        "", classes=["glossator-provenance"], citation=citation(meta, archive), source=source.id
    )
    box += about
    box += gnodes.source_legend(source=source.id)
    return box


def render_legend(node: gnodes.source_legend, domain: GlossatorDomain) -> None:
    """The legend "Show": one entry per kind present, with its colour and count.

    The script (``glossator-reading.js``) turns each entry into a switch and adds "Plain
    text"; without it the legend still says which colour is which kind.
    """
    counts: Counter[str] = Counter()
    for obj_id in {s.obj_id for s in domain.spans_of_source(node["source"])}:
        entry = domain.objects.get(obj_id)
        if entry is not None:
            counts[entry.obj.kind] += 1
    legend = nodes.bullet_list(classes=["glossator-legend"])
    for kind in KIND_ORDER:
        if not counts[kind]:
            continue
        label = KIND_LABELS[kind] if counts[kind] == 1 else KIND_PLURALS[kind]
        item = htmlnodes.note_item("", annotation="", kind=kind, classes=["glossator-layer"])
        item += nodes.inline("", "", classes=["glossator-swatch", f"glossator-mark-{kind}"])
        item += nodes.inline("", f"{label} ", classes=["glossator-layer-name"])
        item += nodes.inline("", str(counts[kind]), classes=["glossator-layer-count"])
        legend += item
    box = nodes.container(classes=["glossator-layers"])
    box += nodes.paragraph("", "Highlights", classes=["glossator-layers-title"])
    box += legend
    node.replace_self(box)

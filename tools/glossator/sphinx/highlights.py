"""Highlights in the verbatim article: one ``<mark>`` per annotation span, nested as the spans are.

A span inside another (a name inside a quoted claim) is a ``<mark>`` inside the other's, so
each annotation reads as one highlight, not a row of fragments, and the words between two
inner marks belong to the outer one alone. Where two spans cross (one starts inside the other
and ends after it), the later one is cut at the earlier one's end and goes on in a second
mark flagged ``continues``, the way HTML parsers mend mis-nested tags.

The text itself is never changed: it is cut into pieces at span boundaries and every piece is
put back whole, in order, as a ``Text`` node.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes

from glossator.model import KIND_LABELS
from glossator.sphinx import htmlnodes
from glossator.sphinx.domain import AnchorSpan, GlossatorDomain


@dataclass(frozen=True, order=True)
class Piece:
    """A span, or the part of one that a crossing span left over, in passage offsets."""

    start: int
    neg_end: int  # sorts the longer of two spans that start together first (the outer one)
    obj_id: str
    html_id: str  # set on a span's first piece only: where an annotation page can point to
    continues: bool

    @property
    def end(self) -> int:
        return -self.neg_end


def pieces_of(
    spans: list[AnchorSpan], ids: dict[AnchorSpan, str], offset: int, length: int
) -> list[Piece]:
    """The passage's spans as pieces relative to the passage text, clipped to it."""
    out = []
    for span in spans:
        start, end = max(0, span.start - offset), min(length, span.end - offset)
        if start < end:
            out.append(Piece(start, -end, span.obj_id, ids[span], False))
    return sorted(out)


def nest(
    text: str, pieces: list[Piece], lo: int, hi: int, domain: GlossatorDomain
) -> list[nodes.Node]:
    """``text[lo:hi]`` as text and marks; ``pieces`` all lie within ``[lo, hi)``."""
    out: list[nodes.Node] = []
    position = lo
    queue = sorted(pieces)
    while queue:
        outer, queue = queue[0], queue[1:]
        if outer.start > position:
            out.append(nodes.Text(text[position : outer.start]))
        inside: list[Piece] = []
        later: list[Piece] = []
        for piece in queue:
            if piece.start >= outer.end:
                later.append(piece)
            elif piece.end <= outer.end:
                inside.append(piece)
            else:  # crosses the outer span's end: its first part inside, the rest after it
                inside.append(
                    Piece(piece.start, outer.neg_end, piece.obj_id, piece.html_id, piece.continues)
                )
                later.append(Piece(outer.end, piece.neg_end, piece.obj_id, "", True))
        mark = _mark(outer, domain)
        mark.extend(nest(text, inside, outer.start, outer.end, domain))
        out.append(mark)
        position = outer.end
        queue = sorted(later)
    if position < hi:
        out.append(nodes.Text(text[position:hi]))
    return out


def _mark(piece: Piece, domain: GlossatorDomain) -> htmlnodes.mark:
    entry = domain.objects.get(piece.obj_id)
    kind = entry.obj.kind if entry is not None else "note"
    label = f"{KIND_LABELS[kind]}: {entry.obj.title}" if entry is not None else piece.obj_id
    return htmlnodes.mark(
        "",
        classes=["glossator-mark", f"glossator-mark-{kind}"],
        ids=[piece.html_id] if piece.html_id else [],
        annotation=piece.obj_id,
        label=label,
        continues=piece.continues,
    )


def wrap(
    node: nodes.Element,
    spans: list[AnchorSpan],
    ids: dict[AnchorSpan, str],
    domain: GlossatorDomain,
) -> None:
    """Replace the passage's single ``Text`` with the same text inside nested marks."""
    text = node.astext()
    pieces = pieces_of(spans, ids, node["start"], len(text))
    node.children = []
    node.extend(nest(text, pieces, 0, len(text), domain))

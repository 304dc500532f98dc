"""Resolving quote anchors (W3C ``TextQuoteSelector``) against a source text.

An anchor resolves when its ``exact`` words occur in the source with the given ``prefix``
right before and ``suffix`` right after, exactly once, inside one passage. The result is a
``TextPositionSelector``-style span (character offsets), which the site uses to highlight
and the exports use to publish W3C annotations.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from glossator.model import Anchor
from glossator.sources import Passage, Source


@dataclass(frozen=True)
class Span:
    source: str
    start: int
    end: int
    passage: int  # number of the passage (line) the span lies in

    @property
    def anchor(self) -> str:
        return f"p{self.passage}"


@dataclass(frozen=True)
class Suggestion:
    text: str
    passage: int
    score: float


def find_all(source: Source, anchor: Anchor) -> list[int]:
    """Start offsets of every occurrence of the anchor (with its prefix and suffix) in the text."""
    text = source.text
    exact = anchor.exact
    prefix = anchor.prefix or ""
    suffix = anchor.suffix or ""
    starts: list[int] = []
    position = text.find(exact)
    while position != -1:
        if (not prefix or text[max(0, position - len(prefix)) : position] == prefix) and (
            not suffix
            or text[position + len(exact) : position + len(exact) + len(suffix)] == suffix
        ):
            starts.append(position)
        position = text.find(exact, position + 1)
    return starts


def resolve(source: Source, anchor: Anchor) -> Span | None:
    """The one span the anchor selects, or None if it matches nowhere, twice, or across passages."""
    starts = find_all(source, anchor)
    if len(starts) != 1:
        return None
    return span_at(source, anchor, starts[0])


def span_at(source: Source, anchor: Anchor, start: int) -> Span | None:
    """The span of the anchor's words found at ``start``, or None if they run across passages."""
    passage = source.passage_at(start)
    end = start + len(anchor.exact)
    if end > passage.end:
        return None
    return Span(source.id, start, end, passage.number)


def nearest(source: Source, exact: str) -> Suggestion | None:
    """The passage window most like ``exact`` (for "did you mean" hints), with its score 0-100."""
    best: Suggestion | None = None
    for passage in source.passages:
        if not passage.text:
            continue
        alignment = fuzz.partial_ratio_alignment(exact, passage.text, score_cutoff=50)
        if alignment is None:
            continue
        if best is None or alignment.score > best.score:
            window = passage.text[alignment.dest_start : alignment.dest_end]
            best = Suggestion(window, passage.number, round(alignment.score, 1))
    return best


def context(source: Source, span: Span) -> tuple[str, str, str, Passage]:
    """The passage text split around the span: ``(before, exact, after, passage)``."""
    passage = source.passages[span.passage - 1]
    a = span.start - passage.start
    b = span.end - passage.start
    return passage.text[:a], passage.text[a:b], passage.text[b:], passage

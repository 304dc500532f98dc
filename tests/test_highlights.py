"""Nested highlights (``glossator.sphinx.highlights``), the margin's "+N more" budget and the
source's citation: unit tests, no build.

The nesting is checked as a property over many random sets of spans: the text comes back
whole and in order, marks nest properly, and each annotation's marks cover exactly its span.
"""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from docutils import nodes

from glossator.model import SourceMeta
from glossator.sphinx import highlights, margin, provenance
from glossator.sphinx.domain import AnchorSpan
from glossator.sphinx.htmlnodes import mark

TEXT = "And on Thursday, January 20, 2022, a strong warning bell rang. . Then more."


class FakeDomain:
    """Only what the marks read: each object's kind and title."""

    def __init__(self, kinds: dict[str, str]) -> None:
        self.objects = {
            i: SimpleNamespace(obj=SimpleNamespace(kind=k, title=f"Title of {i}"))
            for i, k in kinds.items()
        }


def render(spans: list[tuple[str, int, int]], text: str = TEXT) -> list[nodes.Node]:
    anchor_spans = [AnchorSpan(obj, "s", start, end, 1) for obj, start, end in spans]
    ids = {s: f"hl-{s.obj_id}-{n}" for n, s in enumerate(anchor_spans)}
    domain: Any = FakeDomain(
        {obj: "claim" if obj.startswith("c") else "person" for obj, _, _ in spans}
    )
    pieces = highlights.pieces_of(anchor_spans, ids, 0, len(text))
    return highlights.nest(text, pieces, 0, len(text), domain)


def coverage(children: list[nodes.Node], offset: int = 0) -> tuple[str, dict[str, set[int]]]:
    """The text of ``children`` and, per annotation, the offsets its marks cover."""
    covered: dict[str, set[int]] = {}
    text = ""
    for child in children:
        if isinstance(child, mark):
            inner, below = coverage(list(child.children), offset + len(text))
            covered.setdefault(child["annotation"], set()).update(
                range(offset + len(text), offset + len(text) + len(inner))
            )
            for key, where in below.items():
                covered.setdefault(key, set()).update(where)
            text += inner
        else:
            assert isinstance(child, nodes.Text)
            text += child.astext()
    return text, covered


def test_a_name_inside_a_claim_is_a_mark_inside_the_claim_mark() -> None:
    out = render([("claim", 7, 61), ("person", 17, 33)])
    assert [type(c).__name__ for c in out] == ["Text", "mark", "Text"]
    claim = out[1]
    assert claim["annotation"] == "claim" and claim["classes"][-1] == "glossator-mark-claim"
    inner = [c for c in claim.children if isinstance(c, mark)]
    assert [m["annotation"] for m in inner] == ["person"]
    assert inner[0].astext() == TEXT[17:33]
    # the claim's own words around the name are plain text of the one claim mark
    assert claim.astext() == TEXT[7:61]
    assert claim["label"] == "Claim: Title of claim"


def test_crossing_spans_continue_in_a_second_mark() -> None:
    out = render([("claim", 0, 20), ("person", 10, 40)])
    text, covered = coverage(out)
    assert text == TEXT
    assert covered["claim"] == set(range(0, 20)) and covered["person"] == set(range(10, 40))
    rest = [c for c in out if isinstance(c, mark) and c["annotation"] == "person"]
    assert len(rest) == 1 and rest[0]["continues"] and rest[0]["ids"] == []
    first = next(m for m in out[0].findall(mark) if m["annotation"] == "person")
    assert not first["continues"] and first["ids"] == ["hl-person-1"]


def test_identical_spans_nest_and_keep_both_ids() -> None:
    out = render([("claim", 5, 15), ("cnote", 5, 15)])
    marks = list(out[1].findall(mark))
    assert [m["annotation"] for m in marks] == ["claim", "cnote"]
    assert all(m["ids"] for m in marks)
    assert coverage(out)[0] == TEXT


def test_text_without_spans_stays_one_text_node() -> None:
    assert [c.astext() for c in render([])] == [TEXT]


def test_random_spans_keep_the_text_and_each_span_exact() -> None:
    rng = random.Random(20260120)
    for _ in range(400):
        spans = []
        for n in range(rng.randint(1, 7)):
            start = rng.randrange(len(TEXT) - 1)
            end = rng.randint(start + 1, min(len(TEXT), start + 30))
            spans.append((f"{'c' if n % 2 else 'p'}{n}", start, end))
        out = render(spans)
        text, covered = coverage(out)
        assert text == TEXT, spans
        for obj, start, end in spans:
            assert covered[obj] == set(range(start, end)), (obj, spans)
        # each span's id is on exactly one mark
        ids = [
            i
            for m in (n for c in out if isinstance(c, nodes.Element) for n in c.findall(mark))
            for i in m["ids"]
        ]
        assert len(ids) == len(set(ids)) == len(spans)


def test_the_margin_shows_all_notes_that_fit_and_never_plus_one() -> None:
    long_text = "word " * 120  # about seven lines of text
    assert margin.shown_count(["Syria", "Iraq"], "short", heading=False) == 2
    assert margin.shown_count(["a note title"] * 3, long_text, heading=False) == 3
    many = ["A fairly long note title that wraps onto a second line"] * 8
    shown = margin.shown_count(many, "A short paragraph of text.", heading=False)
    assert 1 <= shown < len(many) - 1
    # a heading's row has room for about two short notes
    assert margin.shown_count(["Syria"] * 6, "Heading", heading=True) < 6
    assert margin.shown_count(["One", "Two"], "Heading", heading=True) == 2


META = {
    "id": "s",
    "title": "Will it return?",
    "language": "en",
    "translation": "likely",
    "original_language": "unknown",
    "publisher": "unknown (first publisher unknown)",
    "author": "unknown (no author shown)",
    "published": "unknown (a February 2022 address)",
    "url": "https://example.org/a.html",
    "cite": "key2022",
    "sha256": "0" * 64,
    "licence": "Reproduced for research.",
    "structure": {"title": 1},
}


def test_the_citation_says_what_is_unknown_and_invents_nothing() -> None:
    text = provenance.citation(SourceMeta(**META), "Glossator archive")
    assert text == (
        "\u201cWill it return?\u201d Author unknown. Publisher unknown; copy seen at "
        "https://example.org/a.html. Archived verbatim in the Glossator archive"
    )
    known = SourceMeta(
        **{
            **META,
            "title": "A title",
            "author": "A. Writer",
            "publisher": "A Paper",
            "published": "2022-02-01",
            "url": None,
        }
    )
    assert provenance.citation(known, "X") == (
        "\u201cA title.\u201d A. Writer. A Paper. 2022-02-01. Archived verbatim in the X"
    )

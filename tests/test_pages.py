from __future__ import annotations

import pytest

from glossator.model import Claim, Incident
from glossator.pages import parse_page


def codes(page: object) -> list[str]:
    return [d.code for d in page.diagnostics]  # type: ignore[attr-defined]


def test_valid_claim() -> None:
    page = parse_page(
        "---\ntitle: T\nspeaker: al-asam\nclaim_kind: factual\nstatus: attributed-not-assessed\n"
        "anchors:\n  - source: src\n    exact: words\n---\nBody\n",
        "annotations/claims/c-one.md",
    )
    assert page.diagnostics == []
    assert isinstance(page.obj, Claim)
    assert page.obj.id == "c-one" and page.obj.kind == "claim"
    assert page.body.strip() == "Body"
    assert page.obj.references()[0] == (("speaker",), "al-asam", ("person",))


def test_incident_date_precision() -> None:
    base = "---\ntitle: T\ndate: {}\n---\n"
    for date, precision in [("2022-01-20", "day"), ("2022-01", "month"), ("2022", "year")]:
        page = parse_page(base.format(date), "annotations/incidents/i.md")
        assert isinstance(page.obj, Incident)
        assert page.obj.date_precision == precision
    page = parse_page("---\ntitle: T\n---\n", "annotations/incidents/i.md")
    assert isinstance(page.obj, Incident) and page.obj.date_precision == "unknown"


@pytest.mark.parametrize(
    ("text", "path", "code", "line", "column"),
    [
        ("---\ntitle: T\ncolour: red\n---\n", "annotations/notes/n.md", "GL101", 3, 1),
        ("---\naliases: []\nnote_kind: other\n---\n", "annotations/notes/n.md", "GL102", 0, 0),
        ("---\ntitle: T\nnote_kind: wrong\n---\n", "annotations/notes/n.md", "GL103", 3, 1),
        (
            "---\ntitle: T\nspeaker: Al Asam\nclaim_kind: factual\nstatus: supported\n---\n",
            "annotations/claims/c.md",
            "GL103",
            3,
            1,
        ),
        ("---\ntitle: T\ndate: 2022-13-01\n---\n", "annotations/incidents/i.md", "GL103", 3, 1),
        ("---\ntitle: T\nid: x\n---\n", "annotations/notes/n.md", "GL013", 3, 1),
        (
            "---\ntitle: T\nmyst:\n  substitutions: {a: b}\n---\n",
            "annotations/notes/n.md",
            "GL301",
            3,
            1,
        ),
        ("---\ntitle: T\n---\n", "annotations/things/t.md", "GL011", 0, 0),
        ("---\ntitle: T\n---\n", "annotations/notes/Bad Name.md", "GL012", 0, 0),
        ("---\ntitle: T\n---\n", "annotations/notes/deep/n.md", "GL010", 0, 0),
    ],
)
def test_bad_pages(text: str, path: str, code: str, line: int, column: int) -> None:
    page = parse_page(text, path)
    assert page.obj is None
    found = [d for d in page.diagnostics if d.code == code]
    assert found, page.diagnostics
    if line:
        assert (found[0].line, found[0].column) == (line, column)


def test_nested_field_position() -> None:
    text = "---\ntitle: T\nreports:\n  - figure: killed\n    best: many\n    cite: k\n---\n"
    page = parse_page(text, "annotations/incidents/i.md")
    bad = [d for d in page.diagnostics if d.code == "GL103"]
    assert bad and (bad[0].line, bad[0].column) == (5, 5)
    assert "reports.0.best" in bad[0].message


def test_duplicate_alias_in_one_object() -> None:
    page = parse_page(
        "---\ntitle: T\naliases: [Daesh, daesh]\n---\n", "annotations/organizations/o.md"
    )
    assert "GL103" in codes(page)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("status: supported\n", "needs at least one 'evidence'"),
        (
            "status: supported\nevidence:\n  - cite: k\n    stance: contradicts\n",
            "needs evidence that supports",
        ),
        (
            "status: disputed\nevidence:\n  - cite: k\n    stance: supports\n",
            "supports and evidence that contradicts",
        ),
    ],
)
def test_claim_status_rests_on_cited_evidence(extra: str, message: str) -> None:
    text = f"---\ntitle: T\nspeaker: p\nclaim_kind: factual\n{extra}---\n"
    page = parse_page(text, "annotations/claims/c.md")
    assert page.obj is None
    assert any(message in d.message for d in page.diagnostics), page.diagnostics


def test_reported_figures_are_ordered() -> None:
    text = (
        "---\ntitle: T\nreports:\n  - figure: killed\n    low: 5\n    high: 3\n    cite: k\n---\n"
    )
    page = parse_page(text, "annotations/incidents/i.md")
    [problem] = page.diagnostics
    assert (
        problem.code == "GL103" and problem.line == 4 and "low <= best <= high" in problem.message
    )

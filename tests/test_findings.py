"""Each finding is reported once, through one path, and can be silenced by its code.

The build runs ``glossator check`` before it reads a page; what the checks report about an
annotation page is not reported again when the page is read or its references resolved.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BuildFn, make_archive, write

PROBLEMS = {
    "notes/broken.md": """
        ---
        title: Broken note
        note_kind: other
        anchors:
          - source: isis-resurrection-2022
            exact: "words that are nowhere in the article"
        ---
        About {person}`nobody-at-all`, {org}`safaa-al-asam` and
        {passage}`a passage <no-such-source#p3>`.
        """,
    # the same id as organizations/isis.md
    "persons/isis.md": """
        ---
        title: A person called ISIS
        roles:
          - description: a duplicate id
        ---
        """,
}

CODES = ("GL104", "GL105", "GL106", "GL110", "GL113")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    root = make_archive(tmp_path / "archive", PROBLEMS)
    # a page of docs/ that the checks do not read: the build still reports its references
    write(
        root / "docs" / "listings.md",
        (root / "docs" / "listings.md").read_text() + ("\nSee {person}`not-in-this-archive`.\n"),
    )
    return root


def _count(warnings: str, text: str) -> int:
    """Warnings that report ``text`` (a code, or a word of the message)."""
    return sum(1 for line in warnings.splitlines() if re.search(rf"WARNING: .*\b{text}\b", line))


def test_each_problem_is_reported_once(broken: Path, build: BuildFn) -> None:
    warnings = build(broken, glossator_check_errors="warn").warnings
    for code in CODES:
        lines = [line for line in warnings.splitlines() if f"WARNING: {code} " in line]
        on_annotations = [line for line in lines if "not-in-this-archive" not in line]
        assert len(on_annotations) == 1, (code, lines)
    # the docs/ page's unknown reference, which no check reads, is reported by the build
    assert _count(warnings, "not-in-this-archive") == 1, warnings


def test_a_code_can_be_silenced(broken: Path, build: BuildFn) -> None:
    warnings = build(
        broken, glossator_check_errors="warn", suppress_warnings=["myst.header", "glossator.GL104"]
    ).warnings
    assert _count(warnings, "GL104") == 0, warnings
    assert _count(warnings, "GL105") == 1, warnings


def test_an_unknown_source_text_is_a_finding_at_its_line(tmp_path: Path, build: BuildFn) -> None:
    """``{source-text}`` naming no source folder: GL109 where the directive is, silenced like
    any code, and nothing of the directive (no error box) in the page."""
    root = make_archive(tmp_path / "archive")
    # where a source's page goes (the guards refuse the directive anywhere else), for a
    # source whose folder is missing
    page = root / "docs" / "sources" / "no-such-source.md"
    write(page, "---\norphan: true\n---\n# Missing\n\n```{source-text} no-such-source\n```\n")
    built = build(root)
    lines = [line for line in built.warnings.splitlines() if "GL109" in line]
    assert len(lines) == 1, built.warnings
    assert "no-such-source.md:6:" in lines[0] and "unknown source 'no-such-source'" in lines[0]
    html = (built.html / "sources" / "no-such-source.html").read_text(encoding="utf-8")
    assert "system-message" not in html and "glossator-passage" not in html
    silenced = build(root, suppress_warnings=["glossator.GL109"], freshenv=True).warnings
    assert "GL109" not in silenced, silenced

from __future__ import annotations

import os
from pathlib import Path

import pytest

from glossator import archive, checks
from glossator.diagnostics import Diagnostic

from conftest import write


def run(root: Path) -> list[Diagnostic]:
    return checks.run(archive.load(root))


def by_code(found: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in found if d.code == code]


def test_small_archive_is_clean(archive_dir: Path) -> None:
    found = run(archive_dir)
    assert [d for d in found if d.severity == "error"] == []


def test_unknown_reference_suggests_the_nearest_id(archive_dir: Path) -> None:
    write(
        archive_dir / "annotations/claims/bad.md",
        """
        ---
        title: Bad
        speaker: safaa-al-assam
        claim_kind: opinion
        status: attributed-not-assessed
        anchors:
          - source: isis-resurrection-2022
            exact: "lost its strength"
        ---
        """,
    )
    [problem] = by_code(run(archive_dir), "GL104")
    assert (problem.path, problem.line, problem.column) == ("annotations/claims/bad.md", 3, 1)
    assert problem.message == "unknown person 'safaa-al-assam'"
    assert problem.hint == "did you mean 'safaa-al-asam'?"


def test_body_roles_are_checked_with_positions(archive_dir: Path) -> None:
    write(
        archive_dir / "annotations/notes/n.md",
        """
        ---
        title: N
        note_kind: other
        ---
        First line.

        See {person}`isis` and {place}`nowhere`.
        """,
    )
    found = run(archive_dir)
    wrong = by_code(found, "GL105")
    assert wrong and wrong[0].line == 7
    assert wrong[0].message == "'isis' is an organization, not a person"
    assert wrong[0].hint == "use the {org} role"
    unknown = by_code(found, "GL104")
    assert unknown and unknown[0].line == 7 and unknown[0].column > 1


def test_aliases_resolve_in_body(archive_dir: Path) -> None:
    # the claims page refers to {org}`Daesh` and {person}`Al-Asam`: aliases, no errors
    assert by_code(run(archive_dir), "GL104") == []


def test_duplicate_ids_across_kinds(archive_dir: Path) -> None:
    write(archive_dir / "annotations/places/isis.md", "---\ntitle: Somewhere\n---\n")
    [dup] = by_code(run(archive_dir), "GL106")
    assert dup.path == "annotations/places/isis.md"


def test_alias_collision(archive_dir: Path) -> None:
    write(
        archive_dir / "annotations/organizations/other.md",
        "---\ntitle: Other group\naliases: [DAESH]\n---\n",
    )
    [clash] = by_code(run(archive_dir), "GL107")
    assert clash.line == 3 and "isis" in clash.message


def test_title_collision(archive_dir: Path) -> None:
    """A title is a name too: a second object titled like another (or like its alias or id,
    in any case) is reported on its title, and a title equal to the page's own id is not."""
    write(archive_dir / "annotations/organizations/other.md", "---\ntitle: daesh\n---\n")
    write(archive_dir / "annotations/places/somewhere.md", "---\ntitle: Somewhere\n---\n")
    [clash] = by_code(run(archive_dir), "GL107")
    assert clash.path == "annotations/organizations/other.md"
    assert (clash.line, clash.column) == (2, 1)
    assert clash.message == "title 'daesh' is already a name of 'isis'"


def test_anchor_problems(archive_dir: Path) -> None:
    write(
        archive_dir / "annotations/notes/anchors.md",
        """
        ---
        title: Anchors
        note_kind: other
        anchors:
          - source: isis-resurrection-2022
            exact: "He continued"
          - source: isis-resurrection-2022
            exact: "Al-Sina'a Prison"
          - source: no-such-source
            exact: "x"
        ---
        """,
    )
    found = run(archive_dir)
    [twice] = by_code(found, "GL111")
    assert "3 places" in twice.message and "p27" in twice.message
    [missing] = by_code(found, "GL110")
    assert "p7" in missing.hint and "Sina’a" in missing.hint
    assert by_code(found, "GL109")


def test_unknown_citation(archive_dir: Path) -> None:
    write(
        archive_dir / "annotations/notes/c.md",
        "---\ntitle: C\nnote_kind: other\ncites: [shafaq2022diyla]\n---\n",
    )
    [bad] = by_code(run(archive_dir), "GL108")
    assert "shafaq2022diyala" in bad.hint


def test_one_way_contradiction_and_unanchored_claim(archive_dir: Path) -> None:
    write(
        archive_dir / "annotations/claims/c2.md",
        """
        ---
        title: C2
        speaker: safaa-al-asam
        claim_kind: opinion
        status: attributed-not-assessed
        contradicts: [asam-strength]
        ---
        """,
    )
    found = run(archive_dir)
    assert by_code(found, "GL122")
    assert any(d.path.endswith("c2.md") for d in by_code(found, "GL121"))


def test_checksum_error(archive_dir: Path) -> None:
    text = archive_dir / "sources/isis-resurrection-2022/text.txt"
    text.write_bytes(text.read_bytes() + b"\n")
    assert by_code(run(archive_dir), "GL023")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_not_waited_on(archive_dir: Path) -> None:
    """A page that is a pipe would block a reader forever: it is reported and skipped."""
    (archive_dir / "annotations/notes").mkdir(parents=True, exist_ok=True)
    os.mkfifo(archive_dir / "annotations/notes/pipe.md")
    found = [d for d in run(archive_dir) if d.path == "annotations/notes/pipe.md"]
    assert [(d.code, d.message) for d in found] == [
        ("GL312", "cannot read file: not a regular file")
    ]

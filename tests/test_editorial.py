"""The editorial checks (GL114-GL116) and the model's claim relations and name variants."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from glossator import archive, checks
from glossator.diagnostics import Diagnostic
from glossator.model import Claim, Place

from conftest import write

CLAIM = """
---
title: ISIS lost its strength
speaker: safaa-al-asam
claim_kind: factual
status: attributed-not-assessed
{relation}
---
A claim.
"""


def found(root: Path, code: str) -> list[Diagnostic]:
    return [d for d in checks.run(archive.load(root)) if d.code == code]


def test_a_relation_without_reason_is_an_error_at_its_line(archive_dir: Path) -> None:
    page = archive_dir / "annotations" / "claims" / "other.md"
    write(page, CLAIM.format(relation="contradicts: [asam-strength]"))
    (problem,) = found(archive_dir, "GL114")
    assert problem.path == "annotations/claims/other.md"
    assert problem.line == 6 and problem.severity == "error"
    assert "'asam-strength'" in problem.message


def test_a_relation_with_its_reason_passes_and_resolves(archive_dir: Path) -> None:
    relation = (
        "supports:\n  - claim: asam-strength\n    reason: Both answer whether ISIS is stronger now."
    )
    write(archive_dir / "annotations" / "claims" / "other.md", CLAIM.format(relation=relation))
    assert found(archive_dir, "GL114") == []
    loaded = archive.load(archive_dir)
    claim = loaded.objects["other"]
    assert isinstance(claim, Claim)
    assert [(r.claim, r.reason) for r in claim.supports] == [
        ("asam-strength", "Both answer whether ISIS is stronger now.")
    ]
    # the link is a reference like any other: a wrong id is GL104
    write(
        archive_dir / "annotations" / "claims" / "other.md",
        CLAIM.format(relation=relation.replace("asam-strength", "no-such-claim")),
    )
    assert [d.message for d in found(archive_dir, "GL104")] == ["unknown claim 'no-such-claim'"]


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("body", "The escapees were hundreds, according to our research notes."),
        ("front", "date_note: 'evening, according to Our Notes'"),
    ],
)
def test_wording_that_rests_on_unseen_notes_is_an_error(
    archive_dir: Path, where: str, text: str
) -> None:
    front = text if where == "front" else "date: 2022-01-20"
    body = text if where == "body" else "An attack."
    write(
        archive_dir / "annotations" / "incidents" / "an-attack.md",
        f"---\ntitle: An attack\n{front}\ncites: [kmiainfo2022resurrected]\n---\n{body}\n",
    )
    (problem,) = found(archive_dir, "GL115")
    assert problem.line == (3 if where == "front" else 6)


def test_a_date_with_no_anchor_and_no_citation_is_an_error(archive_dir: Path) -> None:
    page = archive_dir / "annotations" / "incidents" / "an-attack.md"
    write(page, "---\ntitle: An attack\ndate: 2022-01-20\n---\nAn attack.\n")
    assert [d.message for d in found(archive_dir, "GL115")] == [
        "'date' rests on no anchor and no citation"
    ]
    write(
        page, "---\ntitle: An attack\ndate: 2022-01-20\ncites: [rudaw2022sinaa]\n---\nAn attack.\n"
    )
    assert found(archive_dir, "GL115") == []


@pytest.mark.parametrize("kind", ["place", "organization"])
def test_a_place_or_organization_needs_a_summary(archive_dir: Path, kind: str) -> None:
    page = archive_dir / "annotations" / f"{kind}s" / "somewhere.md"
    write(page, "---\ntitle: Somewhere\n---\nText.\n")
    (problem,) = found(archive_dir, "GL116")
    assert problem.path.endswith("somewhere.md")
    write(page, "---\ntitle: Somewhere\nsummary: A place the article names.\n---\nText.\n")
    assert found(archive_dir, "GL116") == []


def test_a_person_needs_no_summary(archive_dir: Path) -> None:
    assert found(archive_dir, "GL116") == []  # the fixture's person has none


def test_variants_name_an_alias_and_the_form_it_varies() -> None:
    base = {"id": "jabal-asida", "kind": "place", "title": "Jabal Asida"}
    place = Place.model_validate(
        {**base, "aliases": ["Jebel Asida"], "variants": {"Jebel Asida": "Jabal Asida"}}
    )
    assert place.variants == {"Jebel Asida": "Jabal Asida"}
    with pytest.raises(ValidationError, match="is not one of the aliases"):
        Place.model_validate({**base, "variants": {"Jebel Asida": "Jabal Asida"}})
    with pytest.raises(ValidationError, match="must vary the title or another alias"):
        Place.model_validate(
            {**base, "aliases": ["Jebel Asida"], "variants": {"Jebel Asida": "Djebel"}}
        )


def test_the_archive_has_no_unseen_basis_and_every_relation_has_a_reason() -> None:
    """The real archive: the three findings are absent, and the relations kept have reasons."""
    from conftest import REPO

    loaded = archive.load(REPO)
    codes = {d.code for d in checks.run(loaded)}
    assert not codes & {"GL114", "GL115", "GL116"}
    relations = [
        rel
        for obj in loaded.objects.values()
        if isinstance(obj, Claim)
        for rel in (*obj.contradicts, *obj.supports)
    ]
    assert relations and all(rel.reason for rel in relations)

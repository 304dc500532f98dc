"""The generated field reference: every field of every kind, in words, and never id/kind."""

from __future__ import annotations

from pathlib import Path

from glossator import model
from glossator.sphinx.modeldoc import PARTS, field_rows

from conftest import BuildFn, write


def rows(part: str) -> dict[str, list[str]]:
    return {cells[0].astext(): [c.astext() for c in cells[1:]] for cells in field_rows(PARTS[part])}


def test_claim_fields_in_words() -> None:
    claim = rows("claim")
    assert "id" not in claim and "kind" not in claim
    assert claim["speaker"] == [
        "yes",
        "id (lowercase slug)",
        "Id of the person who made the claim.",
    ]
    assert claim["claim_kind"][1] == "one of: factual, causal, predictive, speculative, opinion"
    assert claim["anchors"][1] == "list of anchor"
    assert claim["evidence"][1] == "list of evidence"


def test_every_field_is_documented() -> None:
    for name, part in PARTS.items():
        documented = rows(name)
        expected = set(part.model_fields) - {"id", "kind"}
        assert set(documented) == expected, name
        missing = [f for f, cells in documented.items() if not cells[2]]
        assert not missing, f"{name}: fields without a docstring: {missing}"
    assert set(model.MODELS) <= set(PARTS)


def test_directive_renders_and_rejects_unknown_parts(archive_dir: Path, build: BuildFn) -> None:
    write(
        archive_dir / "docs/fields.md",
        "# Fields\n\n```{glossator-fields} incident\n```\n\n```{glossator-fields} nothing\n```\n",
    )
    built = build(archive_dir)
    page = (built.html / "fields.html").read_text(encoding="utf-8")
    assert "date: YYYY, YYYY-MM or YYYY-MM-DD" in page
    assert '<code class="docutils literal notranslate"><span class="pre">2022</span>' in page
    assert "unknown kind or part 'nothing'" in built.warnings

"""CODEOWNERS flags every path outside ``annotations/`` for a maintainer."""

from __future__ import annotations

from pathlib import Path

import pytest

CODEOWNERS = Path(__file__).resolve().parents[1] / ".github" / "CODEOWNERS"


def rules() -> list[tuple[str, list[str]]]:
    out = []
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            out.append((pattern, owners))
    return out


def owners_of(path: str) -> list[str]:
    """GitHub's rule for the patterns this file uses: the last match wins."""
    found: list[str] = []
    for pattern, owners in rules():
        anywhere = pattern == "*"
        below = pattern.endswith("/") and ("/" + path).startswith(pattern)
        if anywhere or below or "/" + path == pattern:
            found = owners
    return found


def test_patterns_are_the_simple_kind_this_test_understands() -> None:
    for pattern, owners in rules():
        assert pattern == "*" or pattern.startswith("/"), pattern
        assert "*" not in pattern[1:] and owners, pattern


@pytest.mark.parametrize(
    "path",
    [
        "docs/conf.py",
        "docutils.conf",
        "docs/docutils.conf",
        "docs/_static/custom.js",
        "docs/annotations",
        "docs/index.md",
        "tools/glossator/sphinx/guards/doctree.py",
        "sources/isis-resurrection-2022/text.txt",
        "noxfile.py",
        ".ci/run",
        ".github/CODEOWNERS",
        "README.md",
        "annotations.md",
    ],
)
def test_everything_outside_annotations_needs_a_maintainer(path: str) -> None:
    assert owners_of(path) == ["@glossator/maintainers"]


def test_annotation_pages_go_to_editors() -> None:
    assert owners_of("annotations/persons/safaa-al-asam.md") == ["@glossator/editors"]

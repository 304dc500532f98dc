"""``glossator review``: the job summary of a pull request, on a fixture pull request (a git
repository with a base commit and a change that adds one page and edits another)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from glossator.cli import main
from glossator.diagnostics import GlossatorError
from glossator.review import changed_pages, escape, summary

from conftest import make_archive, write


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    root = make_archive(tmp_path / "archive")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "tag", "base")
    write(
        root / "annotations/notes/thursday.md",
        """
        ---
        title: "The day <b>of</b> the week"
        note_kind: other
        anchors:
          - source: isis-resurrection-2022
            exact: "Thursday"
        ---
        The article says Thursday.
        """,
    )
    person = root / "annotations/persons/safaa-al-asam.md"
    person.write_text(person.read_text("utf-8").replace("An Iraqi analyst", "An analyst"), "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "two pages")
    return root


def test_the_changed_pages_are_those_the_change_adds_or_edits(pull_request: Path) -> None:
    assert changed_pages(pull_request, "base") == [
        "annotations/notes/thursday.md",
        "annotations/persons/safaa-al-asam.md",
    ]


def test_each_anchor_is_shown_in_its_sentence_with_its_paragraph(pull_request: Path) -> None:
    text = summary(pull_request, changed_pages(pull_request, "base"))
    assert text.startswith("## Annotation pages in this change\n")
    # the title's markup is shown, escaped, never rendered
    assert "### The day \\<b\\>of\\</b\\> the week (note, `annotations/notes/thursday.md`)" in text
    assert (
        "- paragraph 7: And on **Thursday**, January 20, 2022, a strong warning bell about the "
        "attempt to make a strong return to ISIS, when the organization’s members attacked "
    ) in text
    assert (
        "- paragraph 16: The Iraqi analyst specializing in security affairs, **Safaa Al-Asam**"
        in text
    )


def test_findings_and_unresolved_anchors_are_listed(pull_request: Path) -> None:
    page = pull_request / "annotations/notes/thursday.md"
    page.write_text(page.read_text("utf-8").replace('"Thursday"', '"Wednesday"'), "utf-8")
    text = summary(pull_request, ["annotations/notes/thursday.md"])
    assert "- **not found once in its source**: \u201cWednesday\u201d" in text
    assert "- error GL110 line 5: quote not found in source 'isis-resurrection-2022'" in text


def test_the_command_prints_the_summary(
    pull_request: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(pull_request)
    assert main(["review", "--base", "base"]) == 0
    assert "annotations/persons/safaa-al-asam.md" in capsys.readouterr().out


def test_a_base_git_does_not_know_is_a_clear_error(pull_request: Path) -> None:
    with pytest.raises(GlossatorError, match="cannot list the changed pages since 'nowhere'"):
        changed_pages(pull_request, "nowhere")


def test_escape_keeps_text_on_one_line_and_inert() -> None:
    assert escape("a *b*\n[c](javascript:x) `d`") == "a \\*b\\* \\[c\\]\\(javascript:x\\) \\`d\\`"

"""``glossator review``: what a pull request annotates, for its reviewers.

For each annotation page a change adds or edits, the page's kind, title and findings, and each
of its quote anchors shown in its passage: the sentence around the quote with the quote in
bold, and the paragraph number. Printed as Markdown, for a CI job summary
(``>> "$GITHUB_STEP_SUMMARY"``), so that a reviewer sees what is being annotated without
opening the site. Contributor text is escaped: it is shown, never rendered as markup.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from glossator import anchors as anchoring
from glossator import archive as archive_mod
from glossator import checks
from glossator.diagnostics import GlossatorError
from glossator.pages import Page
from glossator.sentences import around

_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str, keep_ends: bool = False) -> str:
    """Text shown as it is in GitHub's Markdown: markup characters escaped, one line.

    ``keep_ends`` keeps one space where the text begins or ends with white space (for a part
    of a sentence that is joined to the next part).
    """
    words = " ".join(text.split())
    if keep_ends and words:
        words = (" " if text[:1].isspace() else "") + words + (" " if text[-1:].isspace() else "")
    return _MARKDOWN.sub(r"\\\1", words)


def changed_pages(root: Path, base: str) -> list[str]:
    """Annotation pages added, edited or renamed between ``base`` and the work tree's HEAD."""
    try:
        out = subprocess.run(
            [
                "git",
                "diff",
                "--name-only",
                "--diff-filter=AMR",
                "-z",
                base,
                "HEAD",
                "--",
                "annotations",
            ],
            cwd=root,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise GlossatorError(
            f"cannot list the changed pages since '{base}': {detail.strip()}"
        ) from None
    return sorted(p for p in out.split("\0") if p.endswith(".md"))


def _anchor_lines(page: Page, archive: archive_mod.Archive) -> list[str]:
    lines: list[str] = []
    assert page.obj is not None
    for anchor in page.obj.anchors:
        source = archive.sources.get(anchor.source)
        if source is None:
            lines.append(f"- *unknown source* `{escape(anchor.source)}`: {escape(anchor.exact)}")
            continue
        span = anchoring.resolve(source, anchor)
        if span is None:
            lines.append(f"- **not found once in its source**: \u201c{escape(anchor.exact)}\u201d")
            continue
        before, exact, _after, passage = anchoring.context(source, span)
        a, b = around(passage.text, len(before), len(before) + len(exact))
        lead = escape(passage.text[a : len(before)], keep_ends=True)
        tail = escape(passage.text[len(before) + len(exact) : b], keep_ends=True)
        shown = f"{lead}**{escape(exact)}**{tail}".strip()
        lines.append(f"- paragraph {passage.number}: {shown}")
    return lines


def summary(root: Path, paths: list[str]) -> str:
    """The Markdown summary of the pages ``paths`` (relative to the archive ``root``)."""
    archive = archive_mod.load(root)
    by_path = {p.path: p for p in archive.pages}
    findings: dict[str, list[Any]] = {}
    for problem in checks.run(archive):
        findings.setdefault(problem.path, []).append(problem)
    out = ["## Annotation pages in this change", ""]
    if not paths:
        out.append("No annotation page is added or changed.")
    for path in paths:
        page = by_path.get(path)
        if page is None or page.obj is None:
            out.append(f"### `{escape(path)}`")
            out.append("")
            out.append("The page could not be read: see the check's annotations on the file.")
        else:
            out.append(f"### {escape(page.obj.title)} ({page.obj.kind}, `{escape(path)}`)")
            out.append("")
            out.extend(_anchor_lines(page, archive) or ["- no quote anchor"])
        for problem in findings.get(path, []):
            out.append(
                f"- {problem.severity} {problem.code} line {problem.line}: {escape(problem.message)}"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"

"""The ``{glossator-codes}`` directive: the list of every diagnostic code, from the registry.

The reference page is rendered from :data:`glossator.codes.CODES` rather than written by
hand, so the documentation lists exactly the codes the tools report. Each code gets an
anchor (``codes.html#gl301``) that messages and reviews can link to.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from glossator.codes import CODES, Code
from glossator.sphinx import guards

GROUPS: tuple[tuple[str, str], ...] = (
    ("The file and its front matter", "GL0"),
    ("Objects, references, anchors and citations", "GL1"),
    ("Policy for contributed pages (security)", "GL3"),
)


def inline_code(text: str) -> list[nodes.Node]:
    """Text with `backquoted` spans as literals (the registry's only markup)."""
    out: list[nodes.Node] = []
    for index, part in enumerate(text.split("`")):
        if not part:
            continue
        out.append(nodes.literal(part, part) if index % 2 else nodes.Text(part))
    return out


def render_code(code: Code) -> nodes.definition_list_item:
    item = nodes.definition_list_item()
    term = nodes.term("", "", ids=[code.code.lower()])
    term += nodes.literal(code.code, code.code)
    term += nodes.Text(" ")
    term.extend(inline_code(code.title))
    term += nodes.inline("", f" ({code.severity})", classes=[f"glossator-severity-{code.severity}"])
    item += term
    definition = nodes.definition()
    definition += nodes.paragraph("", "", *inline_code(code.explanation))
    definition += nodes.paragraph("", "", nodes.strong("", "Example that triggers it:"))
    example = nodes.literal_block(code.example, code.example, language="text")
    definition += example
    fix = nodes.paragraph("", "", nodes.strong("", "Fix: "))
    fix.extend(inline_code(code.fix))
    definition += fix
    item += definition
    return item


class CodeList(SphinxDirective):
    """Every code of the registry, grouped by its hundreds, with explanation, example and fix."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for title, prefix in GROUPS:
            group = [code for name, code in CODES.items() if name.startswith(prefix)]
            if not group:
                continue
            out.append(nodes.rubric(title, title))
            listing = nodes.definition_list(classes=["glossator-codes"])
            listing.extend(render_code(code) for code in group)
            out.append(listing)
        listed = {code for _, prefix in GROUPS for code in CODES if code.startswith(prefix)}
        missing = sorted(set(CODES) - listed)
        if missing:
            raise self.error(f"codes outside every group: {', '.join(missing)}")
        return out


def setup_code_list(app: Sphinx) -> None:
    app.add_directive("glossator-codes", guards.archive_only(CodeList))

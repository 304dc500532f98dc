"""Reading an annotation page: path -> kind and id, front matter -> a validated model object.

``parse_page`` is the single entry point used by the validator, the Sphinx extension and the
exports. It never raises on bad input: problems come back as diagnostics with positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markdown_it.token import Token
from pydantic import ValidationError

from glossator import frontmatter, markdown
from glossator.codes import finding
from glossator.diagnostics import Diagnostic
from glossator.model import FOLDER_KINDS, MODELS, SLUG_PATTERN, AnnotationObject

_SLUG = re.compile(SLUG_PATTERN)

# Front-matter keys that would change how MyST parses the page (Jinja substitutions, HTML
# metadata, parser options). They are refused by the validator and stripped by the extension.
PARSER_KEYS = frozenset(
    {
        "myst",
        "substitutions",
        "html_meta",
        "html_theme",
        "orphan",
        "nocomments",
        "tocdepth",
        "nosearch",
        "jupytext",
        "kernelspec",
        "mystnb",
        "file_format",
    }
)


@dataclass
class Page:
    """One annotation page: where it is, its object (if valid), its body and what went wrong."""

    path: str  # POSIX path relative to the archive root, e.g. annotations/persons/al-asam.md
    kind: str | None
    id: str | None
    obj: AnnotationObject | None
    body: str
    body_line: int
    front: frontmatter.FrontMatter | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # the whole file as read (front matter and body), for checks that look at every line
    text: str = field(default="", repr=False)
    # the policy findings of the page (glossator.checks.policy), when the process that read the page
    # found them already (glossator.checks.prepare); None: not looked for yet
    findings: list[Diagnostic] | None = field(default=None, repr=False)

    @cached_property
    def tokens(self) -> list[Token]:
        """The body as markdown-it tokens, parsed once (with MyST's own configuration)."""
        return markdown.tokens(self.body)

    @cached_property
    def roles(self) -> list[markdown.RoleUse]:
        """The glossator roles in the body, found once (several checks look at them)."""
        return list(markdown.role_uses(self.tokens))

    @cached_property
    def labels(self) -> list[markdown.LabelUse]:
        """The ``(label)=`` targets in the body, found once."""
        return list(markdown.label_uses(self.tokens))

    @cached_property
    def cites(self) -> list[markdown.CiteUse]:
        """The citation keys in the body (``{cite:p}``, ``{cite:t}``), found once."""
        return list(markdown.cite_uses(self.tokens))

    def position(self, field_path: tuple[str | int, ...]) -> tuple[int, int]:
        return self.front.position(field_path) if self.front else (1, 1)


def kind_and_id(relpath: str) -> tuple[str | None, str | None, list[Diagnostic]]:
    """Derive kind and id from ``annotations/<kind>s/<id>.md``."""
    parts = relpath.split("/")  # a clean relative POSIX path (no '.', '..' or '//')
    problems: list[Diagnostic] = []
    if len(parts) != 3 or parts[0] != "annotations" or not parts[2].endswith(".md"):
        problems.append(
            finding(
                "GL010",
                relpath,
                0,
                0,
                "annotation pages live in annotations/<kind>s/<id>.md",
                "move the file into the folder of its kind",
            )
        )
        return None, None, problems
    kind = FOLDER_KINDS.get(parts[1])
    if kind is None:
        problems.append(
            finding(
                "GL011",
                relpath,
                0,
                0,
                f"unknown kind folder '{parts[1]}'",
                "use one of: " + ", ".join(sorted(FOLDER_KINDS)),
            )
        )
    ident = parts[2][: -len(".md")]
    if not _SLUG.match(ident) or len(ident) > 80:
        problems.append(
            finding(
                "GL012",
                relpath,
                0,
                0,
                f"id '{ident}' is not a lowercase slug",
                "name the file with a-z, 0-9 and single hyphens, e.g. al-asam.md",
            )
        )
        return kind, None, problems
    return kind, ident, problems


def parse_page(text: str, relpath: str) -> Page:
    """Parse a page's text. ``relpath`` is its POSIX path relative to the archive root."""
    kind, ident, problems = kind_and_id(relpath)
    page = Page(relpath, kind, ident, None, text, 1, None, problems, text)
    try:
        front = frontmatter.parse(text, relpath)
    except frontmatter.FrontMatterError as exc:
        page.diagnostics.append(exc.diagnostic)
        return page
    page.front = front
    page.body_line = front.body_line
    cut = 0
    for _ in range(front.end_line):  # the body starts after the closing line
        cut = text.find("\n", cut) + 1
        if cut == 0:
            cut = len(text)
            break
    page.body = text[cut:]
    data = front.data
    refused = [
        (
            key,
            "GL301",
            f"front-matter key '{key}' changes how the page is parsed and is not allowed",
            "remove it; annotation pages use the archive's parser settings",
        )
        for key in data
        if key in PARSER_KEYS
    ] + [
        (
            key,
            "GL013",
            f"'{key}' is taken from the file's path and must not be written",
            f"remove the '{key}:' line",
        )
        for key in ("id", "kind")
        if key in data
    ]
    for key, code, message, hint in refused:
        line, col = front.position((key,))
        page.diagnostics.append(finding(code, relpath, line, col, message, hint))
    if kind is None or ident is None or any(d.severity == "error" for d in page.diagnostics):
        return page
    model = MODELS[kind]
    try:
        page.obj = model.model_validate({**data, "id": ident, "kind": kind})
    except ValidationError as exc:
        page.diagnostics.extend(_schema_diagnostics(exc, front, relpath, kind))
    return page


def _schema_diagnostics(
    exc: ValidationError, front: frontmatter.FrontMatter, relpath: str, kind: str
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for error in exc.errors():
        loc: tuple[str | int, ...] = tuple(error["loc"])
        # union members add their type name to the location: keep the field path only
        loc = tuple(p for p in loc if isinstance(p, int) or not _looks_like_type(p))
        line, col = front.position(loc)
        where = ".".join(str(p) for p in loc) or "front matter"
        etype = error["type"]
        if etype == "extra_forbidden":
            code, message = "GL101", f"unknown field '{where}' for a {kind}"
            hint = "check the spelling; the fields of each kind are listed in the docs"
        elif etype == "missing":
            code, message = "GL102", f"missing required field '{where}' for a {kind}"
            hint = "add it to the front matter"
        else:
            code, message = "GL103", f"field '{where}': {_plain(error)}"
            hint = ""
        out.append(finding(code, relpath, line, col, message, hint))
    return out


def _looks_like_type(part: str) -> bool:
    return part in {"str", "int", "float", "bool", "none"} or part.startswith(("literal[", "list["))


def _plain(error: Any) -> str:
    msg = str(error.get("msg", "invalid value"))
    if error["type"] == "string_pattern_mismatch" and "a-z0-9" in msg:
        return "must be a lowercase id such as 'al-asam'"
    return msg[0].lower() + msg[1:] if msg else msg

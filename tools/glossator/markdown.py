"""Tokenising a page body with the same markdown-it configuration that MyST uses in the build.

The validator must see a page the way the Sphinx build will: roles, directives, links, images
and raw HTML. Building the parser is costly, so one instance is shared per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from glossator.model import KINDS

ROLE_KINDS: dict[str, str] = {
    "incident": "incident",
    "person": "person",
    "org": "organization",
    "organization": "organization",
    "place": "place",
    "claim": "claim",
    "note": "note",
}
"""Role name -> kind of object it links to. ``passage`` links a passage of a source."""

PASSAGE_ROLE = "passage"

MYST_EXTENSIONS = frozenset({"colon_fence", "deflist", "dollarmath", "strikethrough", "tasklist"})
"""MyST syntax extensions switched on for the archive (the same set for check and build).

Deliberately absent: ``attrs_inline``/``attrs_block`` (ids and classes that could hijack the
theme), ``substitution`` (Jinja), ``html_image``/``html_admonition`` (raw HTML parsing).
"""

_EXPLICIT = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)


def split_role_text(text: str) -> tuple[str | None, str]:
    """``"Al-Asam <al-asam>"`` -> ``("Al-Asam", "al-asam")``; ``"al-asam"`` -> ``(None, "al-asam")``.

    The same convention as Sphinx's cross-reference roles, used by the validator and the domain.
    """
    match = _EXPLICIT.match(text)
    if match:
        return match.group(1), match.group(2).strip()
    return None, text.strip()


@cache
def parser() -> MarkdownIt:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(enable_extensions=set(MYST_EXTENSIONS))
    return create_md_parser(config, RendererHTML)


def tokens(body: str) -> list[Token]:
    return parser().parse(body)


def walk(items: list[Token]) -> Iterator[tuple[Token, int]]:
    """Every token and inline child, with the 0-based body line it starts on."""
    for token in items:
        line = token.map[0] if token.map else 0
        yield token, line
        if token.children:
            for child in token.children:
                yield child, line


@dataclass(frozen=True)
class RoleUse:
    role: str
    target: str
    title: str | None
    line: int  # 0-based line in the body (the line of the enclosing block)


def role_uses(items: list[Token]) -> Iterator[RoleUse]:
    """The glossator roles among ``items`` (roles are always inline children of a block)."""
    for token in items:
        if not token.children:
            continue
        for child in token.children:
            if child.type != "myst_role":
                continue
            name = str(child.meta.get("name", ""))
            if name.startswith("glossator:"):
                name = name.split(":", 1)[1]
            if name in ROLE_KINDS or name == PASSAGE_ROLE:
                title, target = split_role_text(child.content)
                yield RoleUse(name, target, title, token.map[0] if token.map else 0)


assert set(ROLE_KINDS.values()) == set(KINDS)

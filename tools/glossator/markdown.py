"""Tokenising a page body with the same markdown-it configuration that MyST uses in the build.

The validator must see a page the way the Sphinx build will: roles, directives, links, images
and raw HTML. Building the parser is costly, so one instance is shared per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from glossator.limits import MAX_CITE_KEYS, MAX_ROLE_TEXT
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

CITE_ROLES = frozenset({"cite:p", "cite:t"})
"""sphinxcontrib-bibtex's citation roles a page may use: ``{cite:p}`key1,key2```."""

MYST_EXTENSIONS = frozenset({"deflist"})
"""MyST syntax extensions switched on for the whole site (check and build alike).

Deliberately absent: ``dollarmath``/``amsmath`` (math would make the page load MathJax, whose
``\\href`` and ``\\cssId`` write links and ids in the reader's browser), ``colon_fence`` (a
second directive syntax, and ``:::name`` blocks that set classes), ``tasklist`` (raw HTML
checkboxes), ``strikethrough`` (a warning on every use), ``attrs_inline``/``attrs_block``
(ids and classes that could hijack the theme), ``substitution`` (Jinja), ``fieldlist``
(fields that configure the page) and ``html_image``/``html_admonition`` (raw HTML parsing).
"""

MYST_SETTINGS: dict[str, Any] = {
    "enable_extensions": set(MYST_EXTENSIONS),
    "disable_syntax": ["html_block", "html_inline"],
    "url_schemes": ("http", "https", "mailto"),
    "fence_as_directive": set(),
    "substitutions": {},
    "html_meta": {},
    "heading_anchors": 0,
    "all_links_external": False,
}
"""The one MyST configuration: :func:`config` builds it for the check, and the extension
copies every field of the result into Sphinx's ``myst_*`` settings at ``config-inited``
(whatever ``conf.py`` says), so the check and the build parse a page the same way."""


@cache
def config() -> Any:
    """The MyST configuration of the whole site, as a ``MdParserConfig``."""
    from myst_parser.config.main import MdParserConfig

    return MdParserConfig(**MYST_SETTINGS)


def split_role_text(text: str) -> tuple[str | None, str]:
    """``"Al-Asam <al-asam>"`` -> ``("Al-Asam", "al-asam")``; ``"al-asam"`` -> ``(None, "al-asam")``.

    The same convention as Sphinx's cross-reference roles, used by the validator and the domain.
    """
    # Sphinx's own pattern, r"^(.+?)\s*(?<!\x00)<(.*?)>$", takes quadratic time on a run
    # of '<'; this is the same reading in two scans: the first '<' after the first
    # character, not escaped, and a closing '>' at the end (or before a final newline)
    end = len(text) - 1 if text.endswith(">\n") else len(text)
    if text[end - 1 : end] == ">" and len(text) <= MAX_ROLE_TEXT:
        start = text.find("<", 1, end - 1)
        while start != -1 and text[start - 1] == "\x00":
            start = text.find("<", start + 1, end - 1)
        if start != -1:
            return text[:start].rstrip() or text[:1], text[start + 1 : end - 1].strip()
    return None, text.strip()


@cache
def parser() -> MarkdownIt:
    """markdown-it configured exactly as MyST configures it in the build (:func:`config`)."""
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(config(), RendererHTML)


@cache
def _unjoined_parser() -> MarkdownIt:
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(config(), RendererHTML).disable("text_join")


def literal_text(content: str) -> str:
    """The text of an inline token's source as the reader sees it written, with escapes,
    entities, code, roles and links masked (``\\x00``) and line breaks kept.

    markdown-it joins ``&lt;`` and ``\\{`` into the text around them (its ``text_join`` rule),
    so the joined text cannot tell ``&lt;b&gt;`` from ``<b>``: this reads the same content
    with the same rules, but without that join. For heuristics only (HTML, attribute syntax).
    """
    parts: list[str] = []
    for token in _unjoined_parser().parseInline(content):
        for child in token.children or ():
            if child.type == "text":
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            else:
                parts.append("\x00")
    return "".join(parts)


def tokens(body: str) -> list[Token]:
    """A page body's tokens, as the build sees them.

    In the build the body never starts the document (the front matter is replaced by the
    ``{glossator-object}`` header, :mod:`glossator.sphinx.reading`), so a body that opens
    with ``---`` is a rule or a heading there, never a second front matter: a blank line
    before it gives the same reading here, and the line numbers are shifted back.
    """
    found = parser().parse("\n" + body)
    for token in found:
        if token.map:
            token.map = [token.map[0] - 1, token.map[1] - 1]
    return found


def nested_tokens(text: str) -> list[Token]:
    """A directive body's tokens, as MyST parses them (``nested_render_text``).

    MyST appends a newline and drops a front matter that opens the body: what it holds is
    never rendered, so it is dropped here too.
    """
    found = parser().parse(text + "\n")
    if found and found[0].type == "front_matter":
        found.pop(0)
    return found


def walk(items: list[Token]) -> Iterator[tuple[Token, int]]:
    """Every token and inline child, with the 0-based body line it starts on."""
    for token in items:
        line = token.map[0] if token.map else 0
        yield token, line
        if token.children:
            for child in token.children:
                yield child, line


ADMONITIONS = (
    "admonition",
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "seealso",
    "tip",
    "warning",
)
IMAGE_DIRECTIVES = ("figure", "image")
DIRECTIVES = (*ADMONITIONS, *IMAGE_DIRECTIVES)
"""The directives a contributed page may use (their options are :mod:`glossator.checks.policy`'s)."""

MAX_BODY_DEPTH = 8
"""How deep :func:`with_bodies` goes into nested directive bodies (the policy's nesting limit)."""


def directive_name(info: str) -> str | None:
    """The directive a fence's info string names, read as MyST reads it; None for code.

    MyST (``render_fence``) splits the info string at the first whitespace and takes the
    first part as a directive if it starts with ``{`` and ends with ``}``.
    """
    parts = info.strip().split(maxsplit=1)
    if parts and len(parts[0]) >= 2 and parts[0].startswith("{") and parts[0].endswith("}"):
        return parts[0][1:-1]
    return None


@cache
def directive_class(name: str) -> Any:
    """The class the build runs for an allowed directive (the same objects, imported here).

    MyST decides where the options end and the body starts from the class (its
    ``option_spec``, its arguments): the check must ask the very class the build asks.
    """
    from docutils.parsers.rst.directives.images import Image
    from sphinx.directives import admonitions
    from sphinx.directives.patches import Figure

    classes: dict[str, Any] = {
        "figure": Figure,
        "image": Image,
        "seealso": admonitions.SeeAlso,
    }
    if name in classes:
        return classes[name]
    return getattr(admonitions, name.capitalize())


def with_bodies(items: list[Token], offset: int = 0, depth: int = 0) -> Iterator[tuple[Token, int]]:
    """Every token with its 0-based body line, the bodies of the allowed directives included
    (read as MyST reads them), so that a role inside a ``{note}`` is checked like any other."""
    for token in items:
        line = offset + (token.map[0] if token.map else 0)
        yield token, line
        if token.type != "fence" or depth >= MAX_BODY_DEPTH:
            continue
        name = directive_name(token.info or "")
        if name is None or name.lower() not in DIRECTIVES:
            continue
        body = directive_body(name.lower(), token)
        if body is not None:
            text, first = body
            yield from with_bodies(nested_tokens(text), line + first, depth + 1)


def directive_body(key: str, token: Token) -> tuple[str, int] | None:
    """The MyST body of an allowed directive and its first line (relative to the fence), as
    ``parse_directive_text`` splits it; None when MyST refuses the directive's text."""
    from docutils.parsers.rst.states import MarkupError
    from myst_parser.parsers.directives import parse_directive_text

    parts = (token.info or "").strip().split(maxsplit=1)
    try:
        parsed = parse_directive_text(
            directive_class(key), parts[1] if len(parts) > 1 else "", token.content
        )
    except MarkupError:
        return None
    if not any(line.strip() for line in parsed.body):
        return None
    return "\n".join(parsed.body), 1 + parsed.body_offset


@dataclass(frozen=True)
class RoleUse:
    role: str
    target: str
    title: str | None
    line: int  # 0-based line in the body (the line of the enclosing block)


def role_uses(items: list[Token]) -> Iterator[RoleUse]:
    """The glossator roles among ``items`` (roles are always inline children of a block)."""
    for token, line in with_bodies(items):
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
                yield RoleUse(name, target, title, line)


@dataclass(frozen=True)
class LabelUse:
    label: str  # as Sphinx keys it: lower case, whitespace collapsed
    line: int  # 0-based line in the body


def label_uses(items: list[Token]) -> Iterator[LabelUse]:
    """The ``(label)=`` targets among ``items`` (Sphinx's labels are global to the site)."""
    for token, line in with_bodies(items):
        if token.type == "myst_target":
            yield LabelUse(" ".join(token.content.split()).lower(), line)


@dataclass(frozen=True)
class CiteUse:
    key: str
    line: int  # 0-based line in the body (the line of the enclosing block)


def cite_keys(text: str) -> list[str]:
    """The keys of a citation role's text, read by sphinxcontrib-bibtex's own parser.

    ``[]`` past :data:`MAX_CITE_KEYS` (the policy refuses those); the whole text as one key
    when the parser refuses it (so that it is reported as an unknown key).
    """
    if text.count(",") >= MAX_CITE_KEYS or len(text) > MAX_ROLE_TEXT:
        return []
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets

    try:
        return [target.key for target in parse_citation_targets(text)]
    except ValueError:
        return [text.strip()]


def cite_uses(items: list[Token]) -> Iterator[CiteUse]:
    """The citation keys of the ``{cite:p}`` and ``{cite:t}`` roles among ``items``."""
    for token, line in with_bodies(items):
        for child in token.children or ():
            if child.type == "myst_role" and str(child.meta.get("name", "")).lower() in CITE_ROLES:
                for key in cite_keys(child.content):
                    yield CiteUse(key, line)


assert set(ROLE_KINDS.values()) == set(KINDS)

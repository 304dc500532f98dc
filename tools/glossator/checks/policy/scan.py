"""The policy's scan of one page: its tokens walked once, each problem recorded with its position.

:func:`glossator.checks.policy.files.check_page` runs it; the rules it applies are
:mod:`glossator.checks.policy.rules`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from docutils.nodes import make_id
from markdown_it.token import Token

from glossator import markdown
from glossator.checks.policy.rules import (
    _ATTRS,
    _HIDDEN_BAD_LINK,
    _LOCAL_TARGET,
    _SQUASH,
    ALLOWED_DIRECTIVES,
    ALLOWED_ROLES,
    ALLOWED_SCHEMES,
    BLOCK_TOKENS,
    IMAGE_DIRECTIVES,
    INLINE_TOKENS,
    INSTEAD,
    MAX_REPORTS,
    NESTING_CLOSE,
    NESTING_OPEN,
    OPTION_VALUES,
    RESERVED_LABELS,
    allowed_url,
    bad_scheme,
    directive_class,
    directive_name,
    html_at,
    is_raster,
    is_reserved,
    resolve,
    url_scheme,
)
from glossator.codes import finding
from glossator.diagnostics import Diagnostic
from glossator.limits import (
    MAX_CITE_KEYS,
    MAX_DEPTH,
    MAX_OPTIONS_CHARS,
    MAX_ROLE_TEXT,
)
from glossator.pages import Page

# -- the page scan ---------------------------------------------------------------------------


@dataclass
class _Scan:
    """One page's policy scan: where it is, what was found, how much of each code."""

    page: Page
    root: Path
    folder: str
    found: list[Diagnostic] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    deep: bool = False

    def add(self, code: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.counts[code] += 1
        if self.counts[code] <= MAX_REPORTS:
            self.found.append(finding(code, self.page.path, line, col, message, hint))

    @cached_property
    def lines(self) -> list[str]:
        """The body's lines, split only when a problem needs a position."""
        return self.page.body.split("\n")

    def at(self, body_line: int, needle: str = "") -> tuple[int, int]:
        """File line and column of ``needle`` on or after 0-based ``body_line`` of the body."""
        body_line = max(body_line, 0)
        if needle:
            for index in range(body_line, min(body_line + 50, len(self.lines))):
                col = self.lines[index].find(needle)
                if col >= 0:
                    return self.page.body_line + index, col + 1
        if body_line < len(self.lines):
            line = self.lines[body_line]
            return self.page.body_line + body_line, len(line) - len(line.lstrip()) + 1
        return self.page.body_line + body_line, 1

    def tokens(self, tokens: list[Token], offset: int, depth: int) -> None:
        heading = paragraph = False
        for token in tokens:
            kind = token.type
            line = offset + (token.map[0] if token.map else 0)
            if kind not in BLOCK_TOKENS:
                if kind.endswith("_close"):
                    continue  # reported at its opening
                self.add(
                    "GL322",
                    *self.at(line),
                    f"'{kind.removesuffix('_open')}' is not part of what an annotation page may contain",
                    "write CommonMark: paragraphs, headings, lists, quotes, tables, links, images",
                )
                continue
            if kind in NESTING_OPEN:
                depth += 1
                if depth > MAX_DEPTH:
                    self.too_deep(line)
            elif kind in NESTING_CLOSE:
                depth -= 1
            elif kind == "inline":
                if heading:
                    self.reserved_id(token.content, line, "heading")
                self.inline(token, line, blocks=paragraph)
            elif kind == "fence":
                self.fence(token, line, depth)
            elif kind == "myst_target":
                self.label(token.content, line)
            heading = kind == "heading_open"
            paragraph = kind == "paragraph_open"

    def too_deep(self, line: int) -> None:
        if not self.deep:
            self.deep = True
            self.add(
                "GL319",
                *self.at(line),
                f"lists, quotes and directives nest deeper than {MAX_DEPTH} levels",
                "flatten the structure",
            )

    def reserved_id(self, text: str, line: int, what: str) -> None:
        if is_reserved(text):
            self.add(
                "GL309",
                *self.at(line, text.strip()[:40]),
                f"{what} id '{make_id(text)}' is used by the site's theme or search",
                "choose another name",
            )

    def label(self, text: str, line: int) -> None:
        if make_id(text) in RESERVED_LABELS or text.strip().lower() in RESERVED_LABELS:
            self.add(
                "GL309",
                *self.at(line, text.strip()[:40]),
                f"label '{text.strip()[:40]}' is one of the site's own pages",
                "choose another name",
            )
        else:
            self.reserved_id(text, line, "target")

    def fence(self, token: Token, line: int, depth: int) -> None:
        name = directive_name(token.info)
        if name is None:
            return  # a code block: text
        where = self.at(line, "{")
        key = name.lower()
        allowed = ALLOWED_DIRECTIVES.get(key)
        if allowed is None:
            self.add(
                "GL304",
                *where,
                f"directive '{name[:40]}' is not allowed in annotation pages",
                INSTEAD.get(key.rsplit(":", 1)[-1])
                or "the directives allowed are: " + ", ".join(sorted(ALLOWED_DIRECTIVES)),
            )
            return
        from docutils.parsers.rst.states import MarkupError
        from myst_parser.parsers.directives import parse_directive_text

        parts = token.info.strip().split(maxsplit=1)
        argument = parts[1] if len(parts) > 1 else ""
        content = token.content
        if len(content) > MAX_OPTIONS_CHARS and (
            content.startswith("---") or content.lstrip().startswith(":")
        ):
            head = content[: MAX_OPTIONS_CHARS + 1]
            if "\n\n" not in head and "\n---" not in head[3:]:
                self.add(
                    "GL305",
                    *where,
                    f"options of '{name}' are longer than {MAX_OPTIONS_CHARS} characters",
                    "keep options short: alt, width and align",
                )
                return
        try:
            parsed = parse_directive_text(
                directive_class(key), argument, content, line=line + self.page.body_line
            )
        except MarkupError as error:
            self.add("GL305", *where, f"directive '{name}': {str(error)[:200]}", "see the example")
            return
        for warning in parsed.warnings:
            self.add(
                "GL305",
                *where,
                f"directive '{name}': {warning.msg[:200]}",
                self.options_hint(key),
            )
        for option, value in parsed.options.items():
            if option not in allowed:
                self.add(
                    "GL305",
                    *self.at(line, option),
                    f"option '{option}' of '{name}' is not allowed",
                    self.options_hint(key),
                )
            elif not OPTION_VALUES[option].fullmatch(str(value or "")):
                self.add(
                    "GL305",
                    *self.at(line, option),
                    f"value of option '{option}' of '{name}' is not allowed",
                    "width: up to 4 digits, then px or %; align: left, center or right",
                )
        if key in IMAGE_DIRECTIVES:
            self.destination(parsed.arguments[0] if parsed.arguments else "", line, "image")
        if not any(text.strip() for text in parsed.body):
            return
        if depth + 1 > MAX_DEPTH:
            self.too_deep(line)
            return
        body_line = line + 1 + parsed.body_offset
        self.tokens(markdown.nested_tokens("\n".join(parsed.body)), body_line, depth + 1)

    @staticmethod
    def options_hint(key: str) -> str:
        allowed = ALLOWED_DIRECTIVES[key]
        if not allowed:
            return f"'{key}' takes no options here"
        return f"'{key}' takes only: " + ", ".join(f":{name}:" for name in sorted(allowed))

    def inline(self, token: Token, line: int, *, blocks: bool = False) -> None:
        for child in token.children or ():
            kind = child.type
            if kind not in INLINE_TOKENS:
                if kind.endswith("_close"):
                    continue
                self.add(
                    "GL322",
                    *self.at(line),
                    f"'{kind.removesuffix('_open')}' is not part of what an annotation page may contain",
                    "write CommonMark: emphasis, links, images, code and the archive's roles",
                )
            elif kind == "link_open":
                self.destination(str(child.attrGet("href") or ""), line, "link")
            elif kind == "image":
                self.destination(str(child.attrGet("src") or ""), line, "image")
            elif kind == "myst_role":
                self.role(child, line)
        content = token.content
        if "<" not in content and "{" not in content and ":" not in content:
            return
        text = markdown.literal_text(content)
        if "<" in text:
            for _, tag, is_block in html_at(text, blocks=blocks):
                self.add(
                    "GL302" if is_block else "GL303",
                    *self.at(line, tag),
                    f"raw HTML {'block' if is_block else 'tag'} '{tag}'",
                    "write Markdown; HTML in annotation pages is shown as text, never as HTML",
                )
        # a link markdown-it refused stays text (read with its character references decoded,
        # as a browser would); accepted links are tokens, so "](" is rare
        decoded = "".join(
            child.content if child.type == "text" else "\x00" for child in token.children or ()
        )
        if ":" in decoded and ("](" in decoded or "]:" in decoded or "<" in decoded):
            squashed = _SQUASH.sub("", decoded).lower()
            for match in _HIDDEN_BAD_LINK.finditer(squashed):
                self.add(
                    "GL307",
                    *self.at(line, "]"),
                    f"link to a '{match.group(1)}:' URL",
                    "link to http(s) pages only",
                )
        if "{" in text:
            for match in _ATTRS.finditer(text):
                self.add(
                    "GL321",
                    *self.at(line, match.group(0)),
                    f"attribute syntax '{match.group(0)[:40]}' is not supported",
                    "remove it: ids and classes cannot be set in annotation pages",
                )

    def role(self, child: Token, line: int) -> None:
        name = str(child.meta.get("name", ""))
        key = name.lower()
        if key not in ALLOWED_ROLES:
            self.add(
                "GL304",
                *self.at(line, "{" + name[:40]),
                f"role '{name[:40]}' is not allowed in annotation pages",
                INSTEAD.get(key.rsplit(":", 1)[-1])
                or "the roles allowed are the archive's: {person} {incident} {org} {place} "
                "{claim} {note} {passage} {cite:p} {cite:t}",
            )
        elif key in markdown.CITE_ROLES and child.content.count(",") >= MAX_CITE_KEYS:
            self.add(
                "GL323",
                *self.at(line, "{" + name),
                f"citation of more than {MAX_CITE_KEYS} keys",
                "cite the few sources the sentence rests on",
            )
        elif len(child.content) > MAX_ROLE_TEXT:
            self.add(
                "GL323",
                *self.at(line, "{" + name),
                f"role text is {len(child.content)} characters long; the limit is {MAX_ROLE_TEXT}",
                "a role names one object: write {person}`Title <id>`",
            )

    def destination(self, url: str, line: int, kind: str) -> None:
        """Check a link or image target: its scheme, where it points, what it is."""
        url = url.strip()
        if url.startswith("<") and url.endswith(">"):
            url = url[1:-1].strip()
        scheme = bad_scheme(url) or url_scheme(url)
        if kind == "link" and allowed_url(url):
            return
        if scheme in ALLOWED_SCHEMES:
            self.add(
                "GL308",
                *self.at(line, url[:20]),
                f"{kind} '{url[:60]}' is not a file in the page's folder",
                "put a PNG, JPEG, GIF or WebP file next to the page",
            )
            return
        if scheme is not None:
            self.add(
                "GL307",
                *self.at(line, url[:20]),
                f"{kind} to a '{scheme[:20]}:' URL",
                "link to http, https or mailto URLs, or to pages of the archive; "
                "put images next to the page",
            )
            return
        if kind == "link" and _LOCAL_TARGET.fullmatch(url):
            return  # a section of the page itself
        path = unquote(url.split("#", 1)[0].split("?", 1)[0])
        target = resolve(self.folder, path) if path else None
        if kind == "link":
            if (
                target is not None
                and target.startswith("annotations/")
                and target.endswith(".md")
                and "?" not in url
            ):
                return  # a link to another annotation page: a cross-reference, not a file
            self.add(
                "GL306",
                *self.at(line, (path or url)[:20]),
                f"link '{url[:60]}' is neither a web page nor a page of the archive",
                "link pages with the roles ({person}`id`...) or to https:// addresses",
            )
            return
        if target is None or not target.startswith(self.folder + "/"):
            self.add(
                "GL306",
                *self.at(line, (path or url)[:20]),
                f"{kind} '{path[:60]}' points outside the page's folder",
                "keep images next to the page",
            )
            return
        if "*" in path or not is_raster(self.root / target):
            self.add(
                "GL308",
                *self.at(line, path[:20]),
                f"image '{path[:60]}' is not a PNG, JPEG, GIF or WebP file",
                "images must be raster files next to the page (checked by their bytes)",
            )

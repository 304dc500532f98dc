"""The policy for contributed pages: what an annotation page may contain (codes GL3xx).

Every page in ``annotations/`` arrives through a pull request from a stranger, so its text is
untrusted input to the build. The policy is an **allowlist**: a page may use CommonMark, the
site's MyST extensions (:data:`glossator.markdown.MYST_EXTENSIONS`), links to the web
(``http``, ``https``, ``mailto``) and to pages of the archive, images of raster files beside
the page, the archive's roles and citations (:data:`ALLOWED_ROLES`) and a few directives with
a few options (:data:`ALLOWED_DIRECTIVES`). Anything else is an error, whatever it is: a list
of forbidden things is out of date with every new directive of MyST, Sphinx or an extension.

The page is read with the build's own MyST configuration (:func:`glossator.markdown.config`),
and a directive's options and body are split by MyST's own function
(``myst_parser.parsers.directives.parse_directive_text``) with the directive class the build
uses, so the check and the build cannot disagree about where a body starts.

The Sphinx extension enforces the same rules again (:mod:`glossator.sphinx.guards`): a page
with a policy error is built with an empty body, and the doctree of every contributed page is
held to an allowlist of node types.

Codes: GL301 (front-matter parser keys) lives in :mod:`glossator.pages` and GL310-GL313
(symlinks, size, unreadable, not UTF-8) in :mod:`glossator.archive`; the rest are here.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from docutils.nodes import make_id
from markdown_it.token import Token

from glossator import markdown
from glossator.archive import Archive
from glossator.codes import finding
from glossator.diagnostics import Diagnostic
from glossator.limits import (
    MAX_CITE_KEYS,
    MAX_DEPTH,
    MAX_LINE_CHARS,
    MAX_OPTIONS_CHARS,
    MAX_ROLE_TEXT,
)
from glossator.model import SLUG_PATTERN
from glossator.pages import Page

MAX_REPORTS = 20
"""At most this many diagnostics of one code per page: a hostile page must not flood the report."""

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Embedding, override and isolate controls: they reorder what a reviewer sees ("Trojan Source")."""

BIDI_MARKS = "\u200e\u200f\u061c"
"""Directional marks: legitimate in Arabic prose, never in ids, names, keys or file names."""

_BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")
_BIDI_ANY = re.compile(f"[{BIDI_CONTROLS}{BIDI_MARKS}]")
_SLUG = re.compile(SLUG_PATTERN)

RASTER_SUFFIXES: dict[str, str] = {
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".gif": "gif",
    ".webp": "webp",
}
"""Image file suffixes allowed in ``annotations/`` and the format their bytes must have."""

ALLOWED_EXTRA_FILES = frozenset({".gitkeep"})
"""Files besides pages and images that may sit in ``annotations/`` (they never reach the site)."""

RESERVED_IDS = frozenset(
    {
        "main-content",
        "print-main-content",
        "searchbox",
        "searchlabel",
        "search-results",
        "search-progress",
        "search-documentation",
        "search-input",
        "ethical-ad-placement",
    }
)
"""Element ids the theme (sphinx-book-theme, pydata-sphinx-theme, Sphinx basic) looks up."""

RESERVED_PREFIXES = ("pagefind", "pst-", "bd-", "jb-", "sbt-")
"""Id and class prefixes of pagefind's search UI and of the theme's layout and scripts."""

RESERVED_LABELS = frozenset({"genindex", "modindex", "py-modindex", "search"})
"""Labels Sphinx itself defines (the index and search pages): a ``(search)=`` takes them over."""

BAD_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
"""URL schemes that run code in the reader's browser, embed content, or point at their disk."""

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
"""The URL schemes a link may have; every other link goes to a page of the archive."""

ADMONITIONS = markdown.ADMONITIONS
IMAGE_DIRECTIVES = markdown.IMAGE_DIRECTIVES

ALLOWED_DIRECTIVES: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in ADMONITIONS},
    "figure": frozenset({"alt", "width", "align"}),
    "image": frozenset({"alt", "width", "align"}),
}
"""The directives a contributed page may use, each with the options it may take.

Every other directive (of docutils, Sphinx, MyST, sphinxcontrib-bibtex and of this extension)
is refused: a directive nobody reviewed for this site can read files, run code, register the
page as the source's or the bibliography's, or take the build down. ``:name:`` and ``:class:``
are refused too: labels and classes belong to the site.
"""

OPTION_VALUES: dict[str, re.Pattern[str]] = {
    "width": re.compile(r"[0-9]{1,4}(?:px|%)?"),
    "align": re.compile(r"left|center|right"),
    "alt": re.compile(r"[^\n]{0,300}"),
}
"""What an allowed option's value looks like (bounded: no 3,000,000,000-pixel image)."""

ALLOWED_ROLES = frozenset(
    {*markdown.ROLE_KINDS, markdown.PASSAGE_ROLE, *markdown.CITE_ROLES}
    | {f"glossator:{name}" for name in (*markdown.ROLE_KINDS, markdown.PASSAGE_ROLE)}
)
"""The roles a contributed page may use: the archive's own, and citations."""

BLOCK_TOKENS = frozenset(
    {
        *(
            f"{name}_{end}"
            for name in (
                "paragraph",
                "heading",
                "bullet_list",
                "ordered_list",
                "list_item",
                "blockquote",
                "table",
                "thead",
                "tbody",
                "tr",
                "th",
                "td",
                "dl",
                "dt",
                "dd",
            )
            for end in ("open", "close")
        ),
        "hr",
        "code_block",
        "fence",
        "inline",
        "myst_target",
        "myst_line_comment",
        "myst_block_break",
    }
)
"""Block tokens of CommonMark and the site's extensions a page may produce; any other is refused."""

INLINE_TOKENS = frozenset(
    {
        "text",
        "text_special",
        "softbreak",
        "hardbreak",
        "code_inline",
        "em_open",
        "em_close",
        "strong_open",
        "strong_close",
        "link_open",
        "link_close",
        "image",
        "myst_role",
    }
)
"""Inline tokens a page may produce; any other (footnotes, math...) is refused."""

NESTING_OPEN = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})
NESTING_CLOSE = frozenset({"bullet_list_close", "ordered_list_close", "blockquote_close"})

INSTEAD: dict[str, str] = {
    "toctree": "the archive's listing pages link every page; link pages with the roles",
    "source-text": "only the archive's own pages (docs/) show a source",
    "glossator-object": "the page's header comes from its front matter",
    "glossator-list": "only the archive's listing pages (docs/) list objects",
    "glossator-timeline": "only the archive's own pages (docs/) hold the timeline",
    "glossator-places": "only the archive's own pages (docs/) hold the place index",
    "bibliography": "cite with {cite:p}`key`; the bibliography page lists every entry",
    "math": "write the formula in words or as `code`",
    "code-block": "use a plain ``` code fence",
    "code": "use a plain ``` code fence",
    "sourcecode": "use a plain ``` code fence",
    "csv-table": "write a Markdown table",
    "list-table": "write a Markdown table",
    "table": "write a Markdown table",
    "include": "put the content in the page itself",
    "literalinclude": "put the content in a plain ``` code fence",
    "raw": "write Markdown; HTML is not allowed",
    "eval-rst": "write Markdown",
    "download": "link to the web or to pages of the archive",
    "ref": "link pages with the roles ({person}`id`...)",
    "doc": "link pages with the roles ({person}`id`...)",
    "cite": "write {cite:p}`key` or {cite:t}`key`",
}
"""What to use instead of a refused directive or role, where there is a better answer than the list."""

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_SQUASH = re.compile(r"[\x00-\x20\x7f]+")
_HIDDEN_BAD_LINK = re.compile(r"(?:\]\(|\]:|<)<?(javascript|vbscript|data|file):")
# each item starts with a character no other alternative starts with, and every quantifier is
# possessive: no input makes the engine try two readings of the same text
_ATTR_ITEM = r"(?>[#.][^\s{}#.`]++|[\w-]++=(?>\"[^\"\n]*+\"|'[^'\n]*+'|[^\s{}\"']++))"
_ATTRS = re.compile(rf"(?<![\\`])\{{\s*+{_ATTR_ITEM}(?:\s++{_ATTR_ITEM})*+\s*+\}}")
_LOCAL_TARGET = re.compile(r"#[A-Za-z0-9_-]{1,100}")

# -- shared rules (the Sphinx guards use these too) ------------------------------------------


def raster_format(head: bytes) -> str | None:
    """The raster format a file's first 12 bytes announce, or None (SVG, HTML, text...)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def is_raster(path: Path) -> bool:
    """True if ``path`` is a regular file (not a link) whose suffix and bytes agree on a raster format.

    The suffix matters because the web server picks the content type from it; the bytes
    matter because an SVG (which can carry script) renamed ``.png`` is still an SVG.
    """
    expected = RASTER_SUFFIXES.get(path.suffix)
    if expected is None:
        return False
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    return raster_format(head) == expected


def is_reserved(name: str) -> bool:
    """True if an id or class (as docutils will write it) belongs to the theme or to pagefind."""
    ident = make_id(name)
    return ident in RESERVED_IDS or ident.startswith(RESERVED_PREFIXES)


def bad_scheme(url: str) -> str | None:
    """The forbidden scheme of ``url`` (``javascript``...), seen the way a browser sees it.

    Browsers ignore ASCII whitespace and control characters inside a scheme and compare it
    without case, so ``Java\\tScript:`` is ``javascript:``.
    """
    match = _SCHEME.match(_SQUASH.sub("", url).lower())
    if match and match.group(1) in BAD_SCHEMES:
        return match.group(1)
    return None


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it (``None`` for a relative URL).

    Percent-escapes are decoded first: ``jav%09ascript:`` is not a scheme to a browser, but
    it must not pass as a relative path either.
    """
    match = _SCHEME.match(_SQUASH.sub("", unquote(url)).lower())
    return match.group(1) if match else None


def allowed_url(url: str) -> bool:
    """True for the URLs a link may have: ``http``, ``https``, ``mailto`` (the build's rule too)."""
    scheme = url_scheme(url)
    return scheme in ALLOWED_SCHEMES and url_scheme(url.strip()) == scheme


directive_name = markdown.directive_name
directive_class = markdown.directive_class


def resolve(folder: str, path: str) -> str | None:
    """Where ``path`` (as written on a page in ``folder``) lands, relative to the archive root.

    An absolute path is taken from the Sphinx source folder (``docs/``), as Sphinx does.
    None if it climbs above the root.
    """
    joined = "docs" + path if path.startswith("/") else posixpath.join(folder, path)
    target = posixpath.normpath(joined)
    return None if target.startswith("..") else target


MAX_TAG_CHARS = 1_000
"""How far :func:`html_at` looks for the end of a tag (bounded work per ``<``)."""


def html_at(text: str, *, blocks: bool = True) -> Iterator[tuple[int, str, bool]]:
    """Where ``text`` holds what markdown-it would read as HTML, were HTML switched on.

    Yields ``(offset, tag, is_block)``. The build switches HTML off, so HTML shows as text and
    the tokens never hold it: this finds it for the contributor's sake, with markdown-it's own
    patterns, each anchored at a ``<`` and given at most :data:`MAX_TAG_CHARS` characters (an
    unclosed ``<!--`` must not make every later ``<`` scan to the end of the page).
    """
    from markdown_it.common.html_re import HTML_TAG_RE
    from markdown_it.rules_block.html_block import HTML_SEQUENCES

    size = len(text)
    offset = 0
    for line in text.split("\n"):
        first = len(line) - len(line.lstrip())
        start = line.find("<")
        if blocks and start == first and start != -1:
            head = line[start : start + MAX_TAG_CHARS]
            if any(opening.search(head) for opening, _, _ in HTML_SEQUENCES):
                yield offset + start, head[:40], True
                start = -1  # the whole line is the block
        while start != -1:
            match = HTML_TAG_RE.match(
                text, offset + start, min(size, offset + start + MAX_TAG_CHARS)
            )
            if match:
                yield offset + start, match.group(0)[:40], False
            start = line.find("<", start + 1)
        offset += len(line) + 1


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


# -- the checks ------------------------------------------------------------------------------


def check_page(page: Page, root: Path) -> list[Diagnostic]:
    """Every policy problem of one page (its text, front matter and tokens)."""
    folder = posixpath.dirname(page.path)
    scan = _Scan(page, root, folder)
    text = page.text or page.body
    if _BIDI_ANY.search(text):  # rare: Arabic prose with direction marks, or an attack
        if _BIDI_CONTROL.search(text):
            _bidi_controls(scan, text)
        if page.front is not None:
            _front_matter_bidi(scan, page.front.data, ())
    if len(text) > MAX_LINE_CHARS:
        start = 0
        for number, line in enumerate(text.split("\n"), start=1):
            if len(line) > MAX_LINE_CHARS:
                scan.add(
                    "GL318",
                    number,
                    MAX_LINE_CHARS + 1,
                    f"line is {len(line)} characters long; the limit is {MAX_LINE_CHARS}",
                    "break it into paragraphs",
                )
            start += len(line) + 1
    if page.front is not None and "<" in text:
        _front_matter_html(scan, page.front.data)
    scan.tokens(page.tokens, 0, 0)
    return scan.found


def _front_matter_html(scan: _Scan, data: dict[str, Any]) -> None:
    """HTML in a title or an alias: the build escapes it, but it is no one's name."""
    names: list[tuple[tuple[str | int, ...], Any]] = [(("title",), data.get("title"))]
    aliases = data.get("aliases")
    if isinstance(aliases, list):
        names += [(("aliases", index), alias) for index, alias in enumerate(aliases)]
    for where, value in names:
        if isinstance(value, str) and "<" in value:
            for _, tag, _ in html_at(value):
                scan.add(
                    "GL303",
                    *scan.page.position(where),
                    f"HTML '{tag}' in {where[0]}",
                    "names are plain text: write the name without tags",
                )
                break


def _bidi_controls(scan: _Scan, text: str) -> None:
    reported: set[int] = set()
    for match in _BIDI_CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line in reported:
            continue
        reported.add(line)
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        scan.add(
            "GL314",
            line,
            col,
            f"bidirectional control U+{ord(match.group()):04X} can make text read differently than it is",
            "remove it; to mark direction in Arabic prose use U+200F RIGHT-TO-LEFT MARK",
        )
        if scan.counts["GL314"] >= MAX_REPORTS:
            return


def _front_matter_bidi(scan: _Scan, value: Any, path: tuple[str | int, ...]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            here = (*path, key)
            if isinstance(key, str) and _BIDI_ANY.search(key):
                scan.add(
                    "GL315",
                    *scan.page.position(here),
                    f"field name {key!r} contains a bidirectional character",
                    "field names are plain ASCII",
                )
            _front_matter_bidi(scan, item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _front_matter_bidi(scan, item, (*path, index))
    elif (
        isinstance(value, str)
        and path[:1] in (("title",), ("aliases",))
        and _BIDI_ANY.search(value)
    ):
        scan.add(
            "GL315",
            *scan.page.position(path),
            f"{path[0]} {value!r} contains a bidirectional character",
            "names and aliases are matched and linked: write them without direction marks",
        )


def check_pages(archive: Archive) -> Iterator[Diagnostic]:
    """The policy for every page's content (GL302-GL309, GL314, GL315, GL318, GL319, GL321-GL323)."""
    for page in archive.pages:
        if page.findings is not None:  # found where the page was read (glossator.checks)
            yield from page.findings
        else:
            yield from check_page(page, archive.root)


def site_labels(root: Path) -> dict[str, str]:
    """The ``(label)=`` targets of the archive's own pages (``docs/``), label -> page."""
    found: dict[str, str] = {}
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else ():
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("docs/_build/", "docs/annotations/")) or path.is_symlink():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if ")=" in text:
            for use in markdown.label_uses(markdown.tokens(text)):
                found.setdefault(use.label, rel)
    return found


def check_labels(archive: Archive) -> Iterator[Diagnostic]:
    """A page's ``(label)=`` is unique in the site (GL309): Sphinx's labels are global, and a
    second one takes over the first's links (or fails the strict build)."""
    owners = site_labels(archive.root)
    for page in archive.pages:
        for use in page.labels:
            owner = owners.setdefault(use.label, page.path)
            if owner != page.path:
                yield finding(
                    "GL309",
                    page.path,
                    page.body_line + use.line,
                    1,
                    f"label '{use.label[:40]}' is already defined in {owner}",
                    "choose another name",
                )


def printable(name: str) -> str:
    """A file name that can be printed: undecodable bytes shown as ``\\xNN``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _unicode_name(rel: str, name: str, *, undecodable: bool) -> Iterator[Diagnostic]:
    """A file name beyond ASCII: UTF-8, NFC, and no bidirectional character."""
    if undecodable or not unicodedata.is_normalized("NFC", name):
        yield finding(
            "GL316",
            rel,
            0,
            0,
            "file name is not UTF-8" if undecodable else "file name is not in NFC form",
            "rename it: type the name again (pages and images are named like ids)",
        )
    if _BIDI_ANY.search(name):
        yield finding(
            "GL315",
            rel,
            0,
            0,
            "file name contains a bidirectional character",
            "rename it with a-z, 0-9 and hyphens",
        )


def check_files(archive: Archive) -> Iterator[Diagnostic]:
    """File names and file types under ``annotations/`` (GL308, GL315-GL317, GL320)."""
    first: dict[str, str] = {}
    for entry in archive.entries:
        if entry.rel.isascii():  # nearly every file: nothing to normalise or look for
            rel, key = entry.rel, entry.rel.lower()
            name = rel.rsplit("/", 1)[-1]
        else:
            rel = printable(entry.rel)
            name = rel.rsplit("/", 1)[-1]
            yield from _unicode_name(rel, name, undecodable=rel != entry.rel)
            key = unicodedata.normalize("NFC", rel).casefold()
        if key in first:
            yield finding(
                "GL317",
                rel,
                0,
                0,
                f"file name differs only in case from {first[key]}",
                "names must differ in more than case (macOS and Windows cannot hold both)",
            )
        else:
            first[key] = rel
        if entry.is_dir or entry.is_link or name.endswith(".md"):
            continue  # pages are read (and links refused) by glossator.archive
        if name in ALLOWED_EXTRA_FILES:
            continue
        stem, _, suffix = name.rpartition(".")
        if f".{suffix}" in RASTER_SUFFIXES and _SLUG.match(stem):
            if not is_raster(Path(entry.path)):
                yield finding(
                    "GL308",
                    rel,
                    0,
                    0,
                    f"'{name}' is not a {RASTER_SUFFIXES['.' + suffix].upper()} image (checked by its bytes)",
                    "only PNG, JPEG, GIF and WebP images may be added; an SVG can carry script",
                )
            continue
        yield finding(
            "GL320",
            rel,
            0,
            0,
            f"'{name}' is neither an annotation page nor an image",
            "annotations/ holds <id>.md pages and PNG, JPEG, GIF or WebP images named like ids",
        )

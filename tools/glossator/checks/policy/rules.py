"""The policy's rules: what a contributed page may use, as tables, and the rules shared with the build.

The tables are the allowlist (:data:`ALLOWED_DIRECTIVES`, :data:`ALLOWED_ROLES`, the token
types) and the names a page may not take; the functions below them are the rules that the
Sphinx guards (:mod:`glossator.sphinx.guards`) apply to the doctree as well, so that the check
and the build decide alike. :mod:`glossator.checks.policy` says what the policy is and why.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from docutils.nodes import make_id

from glossator import markdown
from glossator.model import SLUG_PATTERN

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

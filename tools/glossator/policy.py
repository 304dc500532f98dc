"""The policy for contributed pages: what an annotation page may contain (codes GL3xx).

Every page in ``annotations/`` arrives through a pull request from a stranger, so its text is
untrusted input to the build. MyST and Sphinx will happily copy raw HTML into the site, run
reStructuredText with its own ``raw`` and ``include`` directives, copy any readable file of the
build machine into ``_images/`` or ``_downloads/``, or let a page take the ids the theme's
scripts look for. This module finds all of that *before* the build, from the markdown-it
tokens the validator already has (``page.tokens``, parsed with the build's own MyST
configuration), so the checks cost one walk over tokens per page and never a second parse,
except inside directive bodies, which MyST itself parses separately.

The Sphinx extension enforces the same rules again (:mod:`glossator.sphinx.guards`), for the
day the validator is skipped; both take their lists from here.

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
from glossator.diagnostics import Diagnostic
from glossator.model import SLUG_PATTERN
from glossator.pages import Page

MAX_LINE_CHARS = 10_000
"""Longest line allowed. A paragraph may be one long line; nothing legitimate is longer."""

MAX_DEPTH = 8
"""Deepest nesting of lists, block quotes and directives, counted together.

markdown-it silently drops whatever lies 20 token levels deep (a list takes two levels, a
quote one), so ten nested lists lose their text without a word; and MyST parses each
directive body with a fresh parser, recursing in Python, so about 150 nested directives
crash Sphinx with ``RecursionError``. Eight is beyond what prose needs and below both.
"""

MAX_REPORTS = 20
"""At most this many diagnostics of one code per page: a hostile page must not flood the report."""

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Embedding, override and isolate controls: they reorder what a reviewer sees ("Trojan Source")."""

BIDI_MARKS = "\u200e\u200f\u061c"
"""Directional marks: legitimate in Arabic prose, never in ids, names, keys or file names."""

_BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")
_BIDI_ANY = re.compile(f"[{BIDI_CONTROLS}{BIDI_MARKS}]")
_LONG_LINE = re.compile(f"[^\n]{{{MAX_LINE_CHARS + 1},}}")
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

BAD_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
"""URL schemes that run code in the reader's browser, embed content, or point at their disk."""

FORBIDDEN_DIRECTIVES: dict[str, str] = {
    "eval-rst": "runs reStructuredText, which has its own raw, include and meta directives",
    "raw": "copies its content into the HTML unescaped",
    "include": "reads another file into the page",
    "literalinclude": "reads another file into the page",
    "meta": "writes HTML <meta> tags, such as a redirect",
    "role": "defines new roles, such as a raw-HTML role",
    "default-role": "changes what plain backquotes mean",
    "title": "replaces the page's title",
    "code-cell": "runs code during the build",
    "jupyter-execute": "runs code during the build",
    "ipython": "runs code during the build",
    "exec": "runs code during the build",
    "program-output": "runs a command during the build",
    "command-output": "runs a command during the build",
}
"""Directives a contributed page may not use, and why."""

FORBIDDEN_ROLES: dict[str, str] = {
    "raw": "copies its content into the HTML unescaped",
}

FILE_OPTIONS = frozenset({"file", "url", "source"})
"""Directive options that read a file or a URL (``csv-table``, ``raw`` and others)."""

CLASS_OPTIONS = frozenset({"class", "figclass"})
NAME_OPTIONS = frozenset({"name"})
CLASS_ARGUMENT_DIRECTIVES = frozenset({"container", "div", "class", "rst-class"})
IMAGE_DIRECTIVES = frozenset({"image", "figure"})

NOT_MARKDOWN = frozenset(
    {
        "code",
        "code-block",
        "sourcecode",
        "math",
        "csv-table",
        "mermaid",
        "graphviz",
        "highlight",
        "bibliography",
        "toctree",
        "glossator-object",
        "source-text",
        "glossator-list",
    }
)
"""Directives whose body is not MyST (code, data, options): their body is not scanned."""

NESTING_OPEN = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})
NESTING_CLOSE = frozenset({"bullet_list_close", "ordered_list_close", "blockquote_close"})
FENCES = frozenset({"fence", "colon_fence"})

_FENCE_INFO = re.compile(r"^\{([^{}\s]+)\}\s*(.*)$", re.DOTALL)
_OPTION_LINE = re.compile(r"^\s*:([\w.-]+):(?:\s+(.*))?$")
_YAML_OPTION_LINE = re.compile(r"^([\w.-]+)\s*:\s*(.*)$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_SQUASH = re.compile(r"[\x00-\x20\x7f]+")
_HIDDEN_BAD_LINK = re.compile(r"(?:\]\(|\]:|<)<?(javascript|vbscript|data|file):")
_ATTR_ITEM = r"(?:[#.][^\s{}#.`]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s{}]+))"
_ATTRS = re.compile(rf"(?<![\\`])\{{\s*{_ATTR_ITEM}(?:\s+{_ATTR_ITEM})*\s*\}}")


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


def directive_name(info: str) -> tuple[str, str] | None:
    """``"{figure} a.png"`` -> ``("figure", "a.png")``; None for a plain code fence."""
    match = _FENCE_INFO.match(info.strip())
    if match is None:
        return None
    name = match.group(1).lower()
    return name.rsplit(":", 1)[-1], match.group(2).strip()


def split_directive(content: str) -> tuple[dict[str, str], str, int]:
    """A MyST directive's body -> ``(options, markdown body, lines taken by the options)``.

    Options are either ``:key: value`` lines or a YAML block between ``---`` lines; keys are
    read with a pattern, never loaded as YAML (this is untrusted text).
    """
    lines = content.split("\n")
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                for line in lines[1:index]:
                    match = _YAML_OPTION_LINE.match(line)
                    if match:
                        options[match.group(1).lower()] = match.group(2).strip().strip("'\"")
                return options, "\n".join(lines[index + 1 :]), index + 1
        return options, "", len(lines)
    index = 0
    while index < len(lines):
        match = _OPTION_LINE.match(lines[index])
        if match is None:
            break
        options[match.group(1).lower()] = (match.group(2) or "").strip()
        index += 1
    return options, "\n".join(lines[index:]), index


def nesting_depth(tokens: list[Token], limit: int = MAX_DEPTH, start: int = 0) -> int:
    """How deep lists, block quotes and directives nest, counted the way MyST will parse them.

    Directive bodies are tokenised as MyST does, but only until ``limit`` is passed, so a
    hostile page costs at most ``limit`` nested parses.
    """
    deepest = depth = start
    for token in tokens:
        if token.type in NESTING_OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in NESTING_CLOSE:
            depth -= 1
        elif token.type in FENCES:
            parsed = directive_name(token.info)
            if parsed is None or parsed[0] in NOT_MARKDOWN or parsed[0] in FORBIDDEN_DIRECTIVES:
                continue
            deepest = max(deepest, depth + 1)
            if depth + 1 > limit:
                return deepest
            _, body, _ = split_directive(token.content)
            if body.strip():
                deepest = max(deepest, nesting_depth(markdown.tokens(body), limit, depth + 1))
        if deepest > limit:
            return deepest
    return deepest


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
            self.found.append(Diagnostic(self.page.path, line, col, code, "error", message, hint))

    @cached_property
    def lines(self) -> list[str]:
        """The body's lines, split only when a problem needs a position."""
        return self.page.body.split("\n")

    def at(self, body_line: int, needle: str = "") -> tuple[int, int]:
        """File line and column of ``needle`` on or after 0-based ``body_line`` of the body."""
        if needle:
            for index in range(body_line, min(body_line + 50, len(self.lines))):
                col = self.lines[index].find(needle)
                if col >= 0:
                    return self.page.body_line + index, col + 1
        return self.page.body_line + body_line, 1

    def tokens(self, tokens: list[Token], offset: int, depth: int) -> None:
        heading = False
        for token in tokens:
            kind = token.type
            line = offset + (token.map[0] if token.map else 0)
            if kind in NESTING_OPEN:
                depth += 1
                if depth > MAX_DEPTH:
                    self.too_deep(line)
            elif kind in NESTING_CLOSE:
                depth -= 1
            elif kind == "inline":
                if heading:
                    self.reserved_id(token.content, line, "heading")
                self.inline(token, line)
            elif kind in FENCES:
                self.fence(token, line, depth)
            elif kind == "html_block":
                self.add(
                    "GL302",
                    *self.at(line),
                    "raw HTML block",
                    "write Markdown; HTML in annotation pages is shown as text, never as HTML",
                )
            elif kind == "myst_target":
                self.reserved_id(token.content, line, "target")
            heading = kind == "heading_open"

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

    def fence(self, token: Token, line: int, depth: int) -> None:
        parsed = directive_name(token.info)
        if parsed is None:
            return
        name, argument = parsed
        where = self.at(line, "{")
        if name in FORBIDDEN_DIRECTIVES:
            self.add(
                "GL304",
                *where,
                f"directive '{name}' is not allowed: it {FORBIDDEN_DIRECTIVES[name]}",
                "remove it; write the content as Markdown",
            )
            return
        options, body, skipped = split_directive(token.content)
        for key, value in options.items():
            if key in FILE_OPTIONS:
                self.add(
                    "GL305",
                    *self.at(line, f":{key}:"),
                    f"option ':{key}:' of '{name}' reads a file or URL",
                    "put the content in the page itself",
                )
            elif key in CLASS_OPTIONS or key in NAME_OPTIONS:
                self.names(value.split() if key in CLASS_OPTIONS else [value], line, key)
            elif key == "target":
                self.destination(value, line, "link")
        if name in CLASS_ARGUMENT_DIRECTIVES:
            self.names(argument.split(), line, "class")
        if name in IMAGE_DIRECTIVES:
            self.destination(argument, line, "image")
        if name in NOT_MARKDOWN or not body.strip():
            return
        if depth + 1 > MAX_DEPTH:
            self.too_deep(line)
            return
        self.tokens(markdown.tokens(body), line + 1 + skipped, depth + 1)

    def names(self, values: list[str], line: int, option: str) -> None:
        for value in values:
            if is_reserved(value):
                self.add(
                    "GL309",
                    *self.at(line, value),
                    f"{option} '{make_id(value)}' is used by the site's theme or search",
                    "choose another name",
                )

    def inline(self, token: Token, line: int) -> None:
        parts: list[str] = []
        for child in token.children or ():
            kind = child.type
            if kind == "text" or kind == "text_special":
                parts.append(child.content)
                continue
            parts.append("\x00")
            if kind == "html_inline":
                self.add(
                    "GL303",
                    *self.at(line, child.content),
                    f"inline HTML '{child.content[:40]}'",
                    "write Markdown; HTML in annotation pages is shown as text, never as HTML",
                )
            elif kind == "link_open":
                self.destination(str(child.attrGet("href") or ""), line, "link")
            elif kind == "image":
                self.destination(str(child.attrGet("src") or ""), line, "image")
            elif kind == "myst_role":
                role = str(child.meta.get("name", "")).rsplit(":", 1)[-1]
                if role in FORBIDDEN_ROLES:
                    self.add(
                        "GL304",
                        *self.at(line, "{" + role),
                        f"role '{role}' is not allowed: it {FORBIDDEN_ROLES[role]}",
                        "remove it",
                    )
                elif role == "download":
                    _, target = markdown.split_role_text(child.content)
                    self.destination(target, line, "download")
        text = "".join(parts)
        # a link markdown-it refused stays text; accepted links are tokens, so "](" is rare
        if ":" in text and ("](" in text or "]:" in text or "<" in text):
            squashed = _SQUASH.sub("", text).lower()
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

    def destination(self, url: str, line: int, kind: str) -> None:
        """Check a link, image or download target: its scheme, where it points, what it is."""
        url = url.strip()
        if url.startswith("<") and url.endswith(">"):
            url = url[1:-1].strip()
        scheme = bad_scheme(url)
        if scheme:
            self.add(
                "GL307",
                *self.at(line, url[:20]),
                f"{kind} to a '{scheme}:' URL",
                "link to http(s) pages only; put images in the page's folder",
            )
            return
        match = _SCHEME.match(url.lower())
        if match and match.group(1) not in ("path", "project"):
            if kind != "link":
                self.add(
                    "GL308",
                    *self.at(line, url[:20]),
                    f"{kind} '{url[:60]}' is not a file in the page's folder",
                    "put a PNG, JPEG, GIF or WebP file next to the page",
                )
            return
        if match:
            url = url.split(":", 1)[1]
        path = unquote(url.split("#", 1)[0].split("?", 1)[0])
        if not path:
            return
        target = resolve(self.folder, path)
        if target is None or not target.startswith(self.folder + "/"):
            if (
                kind == "link"
                and target
                and target.startswith("annotations/")
                and path.endswith(".md")
            ):
                return  # a link to another annotation page: a cross-reference, not a file
            self.add(
                "GL306",
                *self.at(line, path[:20]),
                f"{kind} '{path[:60]}' points outside the page's folder",
                "link pages with the roles ({person}`id`...); keep images next to the page",
            )
            return
        if kind == "image" and ("*" in path or not is_raster(self.root / target)):
            self.add(
                "GL308",
                *self.at(line, path[:20]),
                f"image '{path[:60]}' is not a PNG, JPEG, GIF or WebP file",
                "images must be raster files next to the page (checked by their bytes)",
            )


def resolve(folder: str, path: str) -> str | None:
    """Where ``path`` (as written on a page in ``folder``) lands, relative to the archive root.

    An absolute path is taken from the Sphinx source folder (``docs/``), as Sphinx does.
    None if it climbs above the root.
    """
    joined = "docs" + path if path.startswith("/") else posixpath.join(folder, path)
    target = posixpath.normpath(joined)
    return None if target.startswith("..") else target


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
    if len(text) > MAX_LINE_CHARS and _LONG_LINE.search(text):
        for match in _LONG_LINE.finditer(text):
            scan.add(
                "GL318",
                text.count("\n", 0, match.start()) + 1,
                MAX_LINE_CHARS + 1,
                f"line is {match.end() - match.start()} characters long; the limit is {MAX_LINE_CHARS}",
                "break it into paragraphs",
            )
    scan.tokens(page.tokens, 0, 0)
    return scan.found


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
    """The policy for every page's content (GL302-GL309, GL314, GL315, GL318, GL319, GL321)."""
    for page in archive.pages:
        if page.findings is not None:  # found where the page was read (glossator.checks)
            yield from page.findings
        else:
            yield from check_page(page, archive.root)


def printable(name: str) -> str:
    """A file name that can be printed: undecodable bytes shown as ``\\xNN``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _unicode_name(rel: str, name: str, *, undecodable: bool) -> Iterator[Diagnostic]:
    """A file name beyond ASCII: UTF-8, NFC, and no bidirectional character."""
    if undecodable or not unicodedata.is_normalized("NFC", name):
        yield Diagnostic(
            rel,
            0,
            0,
            "GL316",
            "error",
            "file name is not UTF-8" if undecodable else "file name is not in NFC form",
            "rename it: type the name again (pages and images are named like ids)",
        )
    if _BIDI_ANY.search(name):
        yield Diagnostic(
            rel,
            0,
            0,
            "GL315",
            "error",
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
            yield Diagnostic(
                rel,
                0,
                0,
                "GL317",
                "error",
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
                yield Diagnostic(
                    rel,
                    0,
                    0,
                    "GL308",
                    "error",
                    f"'{name}' is not a {RASTER_SUFFIXES['.' + suffix].upper()} image (checked by its bytes)",
                    "only PNG, JPEG, GIF and WebP images may be added; an SVG can carry script",
                )
            continue
        yield Diagnostic(
            rel,
            0,
            0,
            "GL320",
            "error",
            f"'{name}' is neither an annotation page nor an image",
            "annotations/ holds <id>.md pages and PNG, JPEG, GIF or WebP images named like ids",
        )

"""The policy's checks: each page's content, the site's labels and the archive's files.

Page by page (:func:`check_page`: the scan of :mod:`glossator.checks.policy.scan`, plus what
needs the whole text: bidirectional controls, long lines, HTML in the front matter), then what
needs the whole archive: labels that would clash with the site's own, and files that are not
pages (their names, their kinds).
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from glossator import markdown
from glossator.archive import Archive
from glossator.checks.policy.rules import (
    _BIDI_ANY,
    _BIDI_CONTROL,
    _SLUG,
    ALLOWED_EXTRA_FILES,
    MAX_REPORTS,
    RASTER_SUFFIXES,
    html_at,
    is_raster,
)
from glossator.checks.policy.scan import _Scan
from glossator.codes import finding
from glossator.diagnostics import Diagnostic
from glossator.limits import (
    MAX_LINE_CHARS,
)
from glossator.pages import Page

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

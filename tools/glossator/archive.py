"""The archive on disk: finding its root and loading its sources, pages and bibliography.

Layout (relative to the root)::

    sources/<source-id>/source.yaml   metadata, with the sha256 of the text
    sources/<source-id>/text.txt      the verbatim text
    annotations/<kind>s/<id>.md       one MyST page per object
    docs/*.bib                        the bibliography (sphinxcontrib-bibtex)
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from glossator.codes import finding
from glossator.diagnostics import Diagnostic, GlossatorError
from glossator.limits import MAX_PAGE_BYTES
from glossator.model import AnnotationObject
from glossator.model.names import name_table, resolve
from glossator.pages import Page, parse_page
from glossator.shard import scope as shardscope
from glossator.sources import Source, load_source


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``annotations/`` or ``sources/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "annotations").is_dir() and (folder / "sources").is_dir():
            return folder
    raise GlossatorError(f"no archive found at or above {here} (no annotations/ and sources/)")


def read_page_text(path: str | Path, rel: str) -> tuple[str | None, Diagnostic | None]:
    """Read a page as UTF-8 text within the size limit; a problem is a diagnostic, never a raise."""
    try:
        # one open that refuses a link (no separate lstat to race with) and does not wait on
        # a pipe, then a bounded read; where there is no O_NOFOLLOW (Windows), a look first
        if not hasattr(os, "O_NOFOLLOW") and os.path.islink(path):
            raise OSError(errno.ELOOP, "symbolic link")
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            return None, finding(
                "GL310", rel, 0, 0, "symbolic links are not allowed", "commit the file itself"
            )
        return None, finding("GL312", rel, 0, 0, f"cannot read file: {exc.strerror}")
    try:
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None, finding("GL312", rel, 0, 0, "cannot read file: not a regular file")
            raw = handle.read(MAX_PAGE_BYTES + 1)
            if len(raw) > MAX_PAGE_BYTES:
                size = os.fstat(handle.fileno()).st_size
                return None, finding(
                    "GL311",
                    rel,
                    0,
                    0,
                    f"file is {size} bytes; the limit is {MAX_PAGE_BYTES}",
                    "split it into several pages",
                )
    except OSError as exc:
        return None, finding("GL312", rel, 0, 0, f"cannot read file: {exc.strerror}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, finding(
            "GL313", rel, line, 0, f"file is not valid UTF-8 (byte {exc.start})", "save it as UTF-8"
        )
    if "\x00" in text:
        return None, finding(
            "GL313", rel, 0, 0, "file contains NUL bytes", "annotation pages are text files"
        )
    return text.removeprefix("\ufeff"), None


@dataclass
class Archive:
    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    bib_keys: set[str] = field(default_factory=set)

    @cached_property
    def entries(self) -> list[Entry]:
        """Every file and folder under ``annotations/`` (listed once, for loading and checks)."""
        return tree_entries(self.root)

    @cached_property
    def objects(self) -> dict[str, AnnotationObject]:
        """Valid objects by id (the first one wins where an id is duplicated)."""
        out: dict[str, AnnotationObject] = {}
        for page in self.pages:
            if page.obj is not None and page.obj.id not in out:
                out[page.obj.id] = page.obj
        return out

    @cached_property
    def names(self) -> dict[str, str]:
        """Normalised alias or title -> id, by the rules of :mod:`glossator.model.names`."""
        return name_table((ident, obj.names) for ident, obj in self.objects.items())

    def lookup(self, target: str) -> AnnotationObject | None:
        """The object ``target`` (an id, a title or an alias) names, as the build resolves it."""
        ident = resolve(target, self.objects, self.names)
        return self.objects[ident] if ident is not None else None

    def page_of(self, ident: str) -> Page | None:
        for page in self.pages:
            if page.id == ident:
                return page
        return None


@dataclass(frozen=True)
class Entry:
    rel: str  # POSIX path relative to the archive root
    path: str  # the path on disk
    is_dir: bool
    is_link: bool


def tree_entries(root: Path) -> list[Entry]:
    """Every file and folder under ``annotations/``, without following symbolic links.

    Plain strings and ``os.scandir`` (whose entries know their type without a ``stat``): this
    runs over every file of a 10,000-page archive, once per load.
    """
    out: list[Entry] = []
    stack = [(os.path.join(root, "annotations"), "annotations/")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as listing:
                items = list(listing)
        except OSError:
            continue
        for item in items:
            is_link = item.is_symlink()
            is_dir = not is_link and item.is_dir(follow_symlinks=False)
            rel = prefix + item.name
            out.append(Entry(rel, item.path, is_dir, is_link))
            if is_dir:
                stack.append((item.path, rel + "/"))
    out.sort(key=lambda entry: entry.rel)
    return out


def annotation_files(root: Path) -> list[Path]:
    """Every file (and symbolic link) under ``annotations/``, in path order."""
    entries = tree_entries(root)
    return sorted(Path(entry.path) for entry in entries if entry.is_link or not entry.is_dir)


PARALLEL_PAGES = 2000
"""From this many pages on, :func:`load` with ``jobs`` above 1 reads pages in that many processes."""

Prepare = Callable[[Page, Path], None]
"""Work on a freshly read page done by the process that read it (``glossator.checks.prepare``)."""


def load(
    root: Path,
    only: Iterable[Path] | None = None,
    jobs: int = 1,
    prepare: Prepare | None = None,
) -> Archive:
    """Load the whole archive under ``root``. ``only`` limits which annotation pages are parsed.

    With ``jobs`` above 1 and a large archive, the pages are read, parsed and ``prepare``-d in
    ``jobs`` forked processes (where the platform forks), each page's tokens are dropped and the
    pages come back in order: the result is the same as a serial load.
    """
    archive = Archive(root)
    sources_dir = root / "sources"
    if sources_dir.is_dir():
        for folder in sorted(p for p in sources_dir.iterdir() if p.is_dir()):
            loaded = load_source(root, folder)
            archive.diagnostics.extend(loaded.diagnostics)
            if loaded.source is not None:
                archive.sources[loaded.source.id] = loaded.source
    if only is None:  # plain strings from one listing: no Path objects, no stat per file
        files = [(e.path, e.rel, e.is_link) for e in archive.entries if e.is_link or not e.is_dir]
        files += shardscope.foreign_files(root)  # in a shard: other shards' pages, for the checks
        files.sort(key=lambda file: file[1].split("/"))  # the order of sorted Paths
    else:
        files = [(str(p), p.relative_to(root).as_posix(), p.is_symlink()) for p in sorted(only)]
    files = [
        file
        for file in files
        if (posixpath.splitext(file[1])[1] == ".md" or file[2])
        # a file name that is not UTF-8: glossator.policy reports it (GL316)
        and (file[1].isprintable() or not undecodable(file[1]))
    ]
    if jobs > 1 and len(files) >= PARALLEL_PAGES and "fork" in get_all_start_methods():
        size = -(-len(files) // (jobs * 4))  # a few chunks per process, to even out the load
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
        context = get_context("fork")  # the workers inherit what is imported: no start-up cost
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            results = pool.map(_read_chunk, chunks, repeat(root), repeat(prepare))
            read = [item for chunk in results for item in chunk]
    else:
        read = _read_chunk(files, root, prepare, keep_tokens=True)
    for item in read:
        if isinstance(item, Diagnostic):
            archive.diagnostics.append(item)
        else:
            archive.pages.append(item)
    archive.bib_keys = load_bib_keys(root)
    return archive


def read_pages(
    root: Path, paths: Iterable[Path], prepare: Prepare | None = None
) -> list[Page | Diagnostic]:
    """Read and parse these annotation pages only, each as :func:`load` reads it (the live
    preview reads the pages that changed: :mod:`glossator.checks.recheck`)."""
    files = [(str(p), p.relative_to(root).as_posix(), p.is_symlink()) for p in sorted(paths)]
    files = [file for file in files if file[1].isprintable() or not undecodable(file[1])]
    return _read_chunk(files, root, prepare)


def _read_chunk(
    files: list[tuple[str, str, bool]],
    root: Path,
    prepare: Prepare | None,
    keep_tokens: bool = False,
) -> list[Page | Diagnostic]:
    """Read and parse pages (in a worker process, or in this one): pages, or why they are not."""
    out: list[Page | Diagnostic] = []
    for path, rel, _ in files:
        text, problem = read_page_text(path, rel)
        if problem is not None:
            out.append(problem)
            continue
        assert text is not None
        page = parse_page(text, rel)
        if prepare is not None:
            prepare(page, root)
        if not keep_tokens:  # what prepare took from them travels; the tokens themselves do not
            page.__dict__.pop("tokens", None)
        out.append(page)
    return out


def undecodable(name: str) -> bool:
    """True for a file name with bytes that are not UTF-8 (Python keeps them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def load_bib_keys(root: Path) -> set[str]:
    """Citation keys of every ``docs/*.bib`` file (the bibliography sphinxcontrib-bibtex uses)."""
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexError

    keys: set[str] = set()
    for bib in sorted((root / "docs").glob("*.bib")):
        try:
            keys.update(parse_file(str(bib), bib_format="bibtex").entries.keys())
        except (PybtexError, OSError, UnicodeDecodeError) as exc:
            raise GlossatorError(f"cannot read bibliography {bib}: {exc}") from exc
    return keys

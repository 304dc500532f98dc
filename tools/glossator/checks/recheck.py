"""The archive's checks kept between edits: changed pages read again, and only what depends on them re-checked.

Why: the live preview (:mod:`glossator.preview`) ran ``glossator check`` on the whole archive
after every burst of saves: every page read, parsed and checked again for one edited page
(8.6 s at 10,000 annotations, docs/performance.md). Most of the checks are about one page at a
time (:data:`PAGE_CHECKS`): what they find on a page depends on that page, the sources its
anchors are in, the bibliography, and the objects its ids and names point to. The others
(:data:`ARCHIVE_CHECKS`: ids and aliases unique, labels unique, file names, contradictions
listed both ways, coverage, places located) compare pages with each other; they read no
file and parse nothing, and run again on the whole archive, which is cheap.

So :meth:`Checked.update` reads the changed pages again (a removed page is dropped, an added
one is read), and runs the page checks on the pages that may find something else now: the
changed pages; every page that refers, by id or by name, to an id or a name that a changed
page had or has (the object it finds may have changed kind, come or gone); and, when the
set of ids changed, every page with an unknown reference (its "did you mean" hint is chosen
among the ids). A page that shares its id with a changed one counts as changed too: the first
page of an id holds it, and a page added before it takes the id (and its names) over. The sources and the bibliography are not pages: a change to them (or to
anything but annotation pages) re-checks everything. The findings are those of
:func:`glossator.checks.run` on the archive read afresh; the test suite compares the two after
random edits.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from pathlib import Path

from glossator import archive as archive_mod
from glossator import markdown
from glossator.archive import Archive
from glossator.checks import archive as checks
from glossator.checks import editorial, policy
from glossator.diagnostics import Diagnostic
from glossator.model import normalize_name
from glossator.pages import Page
from glossator.shard import scope as shardscope

PAGE_CHECKS: list[checks.Check] = [
    checks.check_references,
    checks.check_anchors,
    editorial.check_editorial,
    policy.check_pages,
]
"""Checks whose findings on a page depend only on that page and the archive's lookup tables."""

ARCHIVE_CHECKS: list[checks.Check] = [c for c in checks.CHECKS if c not in PAGE_CHECKS]
"""Checks that compare pages with each other: run on the whole archive each time."""

_CACHED = ("objects", "names", "entries")
"""The archive's cached properties, made again after pages change."""


def _keys(page: Page) -> set[str]:
    """The ids and the normalised names a page's object takes (what other pages look up)."""
    if page.obj is None:
        return {page.id} if page.id else set()
    return {page.obj.id, *(normalize_name(n) for n in (page.obj.title, *page.obj.aliases))}


def _shown(page: Page) -> tuple[str | None, bool, frozenset[str]]:
    """What other pages' checks see of a page: its id, whether it is valid, its names."""
    return page.id, page.obj is not None, frozenset(_keys(page))


def _looks_up(page: Page) -> set[str]:
    """The ids and normalised names a page refers to, in front matter and in its body."""
    found: set[str] = set()
    if page.obj is not None:
        found.update(target for _, target, _ in page.obj.references())
    for use in page.roles:
        if use.role != markdown.PASSAGE_ROLE:
            found.update((use.target, normalize_name(use.target)))
    return found


class Checked:
    """An archive with its findings, kept up to date page by page (see the module)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.archive = Archive(root)
        self._page_findings: dict[str, list[Diagnostic]] = {}
        self._unread: dict[str, Diagnostic] = {}  # pages that could not be read, by path
        self._source_findings: list[Diagnostic] = []
        self._archive_findings: list[Diagnostic] = []
        self.rechecked: list[str] = []
        """The pages the page checks last ran on (for the tests and the curious)."""
        self.reload_all()

    # -- reading -------------------------------------------------------------------------

    def reload_all(self) -> None:
        """Read the whole archive and check it all (the start, or a change to a non-page)."""
        loaded = archive_mod.load(self.root, prepare=checks.prepare)
        pages = {page.path for page in loaded.pages}
        self._unread = {d.path: d for d in loaded.diagnostics if d.path.startswith("annotations/")}
        self._source_findings = [d for d in loaded.diagnostics if d.path not in self._unread]
        assert not pages & self._unread.keys()
        self.archive = loaded
        self._page_findings = {}
        self._recheck_pages(self.archive.pages)
        self._recheck_archive()

    def update(self, paths: Iterable[Path]) -> None:
        """Read ``paths`` again (annotation pages: changed, added or removed) and re-check
        what depends on them; any other path reads and checks the whole archive."""
        root = self.root.resolve()
        rels: set[str] = set()
        for path in paths:
            real = Path(path).resolve()  # a page that is a link is read as the whole archive
            if not real.is_relative_to(root / "annotations") or real.suffix != ".md":
                self.reload_all()
                return
            rels.add(real.relative_to(root).as_posix())
        if not rels:
            return
        old = {page.path: page for page in self.archive.pages if page.path in rels}
        ids_before = set(self.archive.objects)
        keep = [page for page in self.archive.pages if page.path not in rels]
        for rel in rels:
            self._unread.pop(rel, None)
            self._page_findings.pop(rel, None)
        present = [root / rel for rel in sorted(rels) if (root / rel).exists()]
        fresh = archive_mod.read_pages(root, present, prepare=checks.prepare)
        new: list[Page] = []
        for item in fresh:
            if isinstance(item, Page):
                new.append(item)
            else:
                self._unread[item.path] = item
        self.archive.pages = sorted([*keep, *new], key=lambda page: page.path.split("/"))
        for name in _CACHED:
            self.archive.__dict__.pop(name, None)
        self.archive.diagnostics = [*self._source_findings, *self._unread.values()]

        # the ids and names of the changed pages, old and new, unless a page kept its id and
        # names (a text edit: other pages find the same object); and of every page that shares
        # an id with one (the first page of an id holds it: another may have taken it over)
        now = {page.path: page for page in new}
        moved = {
            rel
            for rel in rels
            if rel not in old or rel not in now or _shown(old[rel]) != _shown(now[rel])
        }
        changed_ids = {p.id for rel in moved for p in (old.get(rel), now.get(rel)) if p and p.id}
        changed_keys: set[str] = set()
        for page in (*old.values(), *self.archive.pages):
            if page.path in moved or page.id in changed_ids:
                changed_keys |= _keys(page)
        ids_changed = set(self.archive.objects) != ids_before
        again = [
            page
            for page in self.archive.pages
            if page.path in rels
            or _looks_up(page) & changed_keys
            or (
                ids_changed
                and any(d.code == "GL104" for d in self._page_findings.get(page.path, []))
            )
        ]
        self._recheck_pages(again)
        self._recheck_archive()

    # -- checking ------------------------------------------------------------------------

    def _recheck_pages(self, pages: list[Page]) -> None:
        """Run the page checks on ``pages`` only, against the whole archive's tables."""
        for name in _CACHED[:2]:
            getattr(self.archive, name)  # made on the whole archive, then shared by the view
        view = copy.copy(self.archive)
        view.pages = pages
        by_page: dict[str, list[Diagnostic]] = {page.path: list(page.diagnostics) for page in pages}
        for check in PAGE_CHECKS:
            for problem in check(view):
                by_page.setdefault(problem.path, []).append(problem)
        self._page_findings.update(by_page)
        self.rechecked = [page.path for page in pages]

    def _recheck_archive(self) -> None:
        self._archive_findings = [p for check in ARCHIVE_CHECKS for p in check(self.archive)]

    def findings(self) -> list[Diagnostic]:
        """Every finding, as :func:`glossator.checks.run` gives them on the same files."""
        found = [*self._source_findings, *self._unread.values(), *self._archive_findings]
        for problems in self._page_findings.values():
            found.extend(problems)
        # as checks.run: in a shard, the copied pages of other shards are theirs to report
        return sorted(set(shardscope.own_findings(self.root, found)))

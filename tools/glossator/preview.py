"""One Sphinx application kept alive between edits: the engine of ``glossator serve``.

Why: ``sphinx-build`` (and sphinx-autobuild, which runs it in a new process for every change)
starts Sphinx anew on each edit: it imports the extensions, unpickles the whole environment,
runs ``glossator check`` on the whole archive and writes the data exports, before it reads the
one page that changed. At 10,000 annotations that is most of a 20 s rebuild. Here the
application and its environment stay in memory; each rebuild is Sphinx's own incremental
build on that live application (``Sphinx.build()``), told which pages changed when the
watcher knows (:mod:`glossator.previewpaths`; otherwise the environment finds the pages whose
files are newer than their last read, added and removed ones), and the extension's
comparison (:mod:`glossator.sphinx.build.incremental`) picks the pages to rewrite, so a rebuild
reads the edited pages and writes the pages that show them, nothing else.

What is not on the path from a save to the page: the checks (the build shows them as
warnings: the preview is for writing, ``glossator check`` gives the verdict; the page policy is
still enforced for every page read, by :mod:`glossator.sphinx.guards`), the data exports
(``data/``), the names index for search and, after a told rebuild, the environment file and
``objects.inv``. They run in :meth:`LiveBuild.settle`, which the server calls once a quiet
period follows the last rebuild (and once more when it stops), so a burst of saves refreshes
them once; the checks then re-check only what the changed pages affect
(:mod:`glossator.checks.recheck`).

The edited pages first: when a rebuild is told its pages and has others to write too (a
rename rewrites every page that shows the name: 562 of them for the most linked person at
10,000 annotations), it writes the edited pages, says so (the ``shown`` callback of
:meth:`LiveBuild.rebuild`: the server reloads the browsers then), and writes the others
after. Until they are written the server holds any request for one of them
(:meth:`LiveBuild.holds`), and for the pages that are not documents (``genindex``,
``search``), so that no page is served stale: the page being edited is back in the time of
its own rebuild, a page that shows it comes when it is written. Hugo's server has the same
order (its "fast render mode" renders the pages being viewed first).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sphinx.application import Sphinx

QUIET_SECONDS = 1.0
"""How long no file may change before the checks and exports are refreshed."""


@dataclass(frozen=True)
class Rebuilt:
    """What one rebuild did: the HTML pages it wrote, how long it took, and whether Sphinx was
    told which pages changed (:mod:`glossator.previewpaths`) or looked for itself."""

    pages: list[str]
    seconds: float
    told: bool = False
    shown: float | None = None
    """Seconds to the edited pages written, when they were written before the others."""


class LiveBuild:
    """The site's Sphinx application, built once, then rebuilt in place after each change.

    Check errors do not stop it in either mode of ``glossator_check_errors``: they are logged
    (as errors or as warnings) and the pages are built, so the page being fixed stays visible.
    No configuration is overridden unless asked, so that the environment of an earlier build
    of the same configuration (``sphinx-build``'s doctrees) is taken up as it is.
    """

    def __init__(
        self,
        srcdir: Path,
        outdir: Path,
        doctreedir: Path,
        *,
        confoverrides: dict[str, Any] | None = None,
        parallel: int = 0,
        status: IO[str] | None = sys.stdout,
        warning: IO[str] | None = sys.stderr,
    ) -> None:
        os.environ.setdefault("SOURCE_DATE_EPOCH", "1643673600")  # as ``nox -s docs``
        self.outdir = outdir
        self.app = Sphinx(
            srcdir,
            srcdir,
            outdir,
            doctreedir,
            "html",
            confoverrides=confoverrides or {},
            status=status,
            warning=warning,
            freshenv=False,
            parallel=parallel,
        )
        self._defer_exports()
        from glossator import previewpaths

        previewpaths.few_in_main_process(self.app)
        self._links = previewpaths.linked_folders(Path(self.app.srcdir))
        self._written: set[str] = set()  # the pages of the build under way
        self.app.connect("html-page-context", self._note_written, priority=1000)
        self._edited: set[str] = set()  # the documents the watcher said changed, if told
        self._shown: Callable[[], None] | None = None
        self._shown_after: float | None = None
        self._started = 0.0
        self._held: frozenset[str] = frozenset()  # documents still to write after the edited
        self._holding = False
        builder: Any = self.app.builder
        write_documents = builder.write_documents

        def note_documents(docnames: set[str]) -> None:
            self._written.update(docnames)  # written here or by forked writing processes
            first = docnames & self._edited
            if self._shown is None or not first or first == docnames:
                write_documents(docnames)
                return
            self._held = frozenset(docnames - first)
            self._holding = True  # until the rebuild returns: pages not documents too
            write_documents(first)
            self._shown_after = time.perf_counter() - self._started
            self._shown()
            write_documents(docnames - first)
            self._held = frozenset()

        builder.write_documents = note_documents
        # what the registry holds before any page is written (see rebuild())
        self._js_files = list(self.app.registry.js_files)
        self._css_files = list(self.app.registry.css_files)
        self.pending = True  # the checks ran at start; the exports are written by settle()
        self._told = False  # a rebuild left the environment file and inventory to settle()
        self._to_check: set[Path] | None = set()  # changed since the checks ran (None: unknown)
        self.settled: dict[str, float] = {}
        """Seconds of each part of the last :meth:`settle`."""

    def _defer_exports(self) -> None:
        """Take the data folder and the names index for search out of each rebuild:
        :meth:`settle` writes them instead."""
        from glossator.sphinx import exports, namesindex

        deferred = (exports._on_build_finished, namesindex._on_build_finished)
        for listener in list(self.app.events.listeners["build-finished"]):
            if listener.handler in deferred:
                self.app.disconnect(listener.id)

    def _note_written(self, app: Sphinx, pagename: str, *args: Any) -> None:
        """The pages a rebuild writes: its documents (noted as they are handed to the writer)
        and the pages written in this process (``genindex``, ``search``...), noted here. Not
        found by listing the site before and after: that cost a stat per page."""
        self._written.add(pagename)

    def holds(self, pagename: str) -> bool:
        """Whether a request for ``pagename`` (``annotations/people/x``) waits: a rebuild has
        written the edited pages and not yet this one, or not yet the pages that are not
        documents. Read by the server's thread while the rebuild's thread writes."""
        return self._holding and (pagename in self._held or pagename not in self.app.env.all_docs)

    def rebuild(
        self, changed: Iterable[Path] | None = None, shown: Callable[[], None] | None = None
    ) -> Rebuilt:
        """Sphinx's incremental build on the live application (also the first, full build).

        ``changed``: the files the watcher saw change, if known. When they are all pages the
        environment has, Sphinx is told so and skips looking for changes and copying static
        files (:mod:`glossator.previewpaths`); otherwise it looks for itself.

        ``shown``: called (in this thread) once the edited pages are written, when the
        rebuild told its pages has others to write after them; :attr:`Rebuilt.shown` then
        says when. Not called otherwise: the rebuild's end is the moment to reload.
        """
        from glossator import previewpaths

        changed = None if changed is None else list(changed)  # read twice below
        start = self._started = time.perf_counter()
        self._written = set()
        self._shown_after = None
        docs = None if changed is None else previewpaths.edited_docs(self.app, changed, self._links)
        self._edited = docs or set()
        self._shown = shown
        self._told = self._told or docs is not None
        if changed is None or self._to_check is None:
            self._to_check = None  # the next settle() checks the whole archive
        else:
            self._to_check.update(changed)
        told = nullcontext() if docs is None else previewpaths.told(self.app, docs)
        # ``app.add_js_file()`` in ``html-page-context`` adds a script to that page, and to the
        # registry, which the next build's ``prepare_writing`` gives every page: a process
        # that builds once never sees it; a live application must forget them between builds
        self.app.registry.js_files[:] = self._js_files
        self.app.registry.css_files[:] = self._css_files
        # Sphinx keeps each pickled doctree it loads (``env.get_doctree``) for the rest of the
        # process and never drops one when its page is read again: a parallel write would
        # then render the old page. Sphinx's own test application clears it after each build
        self.app.env._pickled_doctree_cache.clear()
        try:
            with told:
                self.app.build()
        finally:
            self.app.env._pickled_doctree_cache.clear()
            self._held, self._holding, self._shown = frozenset(), False, None
        seconds = time.perf_counter() - start
        self.pending = True
        suffix = getattr(self.app.builder, "out_suffix", ".html")
        pages = sorted(name + suffix for name in self._written)
        return Rebuilt(pages, seconds, told=docs is not None, shown=self._shown_after)

    def settle(self) -> float:
        """The work left out of the rebuilds, once: the archive's checks, the data exports and
        the names index, and after a rebuild told its pages, the environment file and the
        object inventory (:mod:`glossator.previewpaths`).

        The checks are the build's own (warnings, like the start of a build), incremental: the
        pages changed since they last ran are read again, and those pages and the pages that
        refer to their ids and names re-checked (:mod:`glossator.checks.recheck`), off the path from a
        save to the page. Returns the seconds it took (each part's in :attr:`settled`).
        """
        from glossator import previewpaths
        from glossator.sphinx import checking, exports, namesindex

        start = time.perf_counter()
        parts: dict[str, float] = {}

        def timed(name: str, work: Callable[[], object]) -> None:
            began = time.perf_counter()
            work()
            parts[name] = time.perf_counter() - began

        if self.pending:
            timed("checks", lambda: checking.run_checks(self.app, self._to_check))
            self._to_check = set()
            timed("data exports", lambda: exports._on_build_finished(self.app, None))
            timed("names index", lambda: namesindex._on_build_finished(self.app, None))
            self.pending = False
        if self._told:
            timed("environment file", lambda: previewpaths.save_environment(self.app))
            timed("inventory", lambda: previewpaths.dump_inventory(self.app))
            self._told = False
        self.settled = parts
        return time.perf_counter() - start

"""Parallel writing (``-j N``): N writing processes, not N - 1.

Why: in a parallel build Sphinx resolves every page in its main process and hands chunks of
resolved pages to forked writing processes, at most ``N - 1`` of them at a time, counting on
the main process to keep the N-th core busy. On this site writing a page costs about three
times what resolving it costs (the book theme's templates and the listings rendered at write
time, :mod:`~glossator.sphinx.rendering`): with ``-j auto`` on two cores one writing process
ran while the main process, done resolving, waited for it, and the writing phase kept 1.2
cores busy (docs/performance.md). With N writing processes the main process's resolving
shares the cores with them, and the phase keeps them all busy.

Nothing else changes: the same chunks, resolved in the same order in the main process, each
written by one process forked from it; only how many run at once. The pages are byte for
byte the same (the test suite compares them). ``glossator_writers_per_core = False`` gives
Sphinx's own count back.

**The heap frozen while the writing processes are forked.** Each writing process inherits
the main process's heap (the environment of every page) and its cyclic garbage collector,
run as the process allocates the nodes of the pages it writes, walked all of it again and
again: with the environment of 3,000 pages in memory, rewriting the claims listing took 3.1 s
with the collector on and 1.1 s with it off (docs/performance.md). Python's documented answer
for a process that forks without ``exec`` is ``gc.freeze()`` right before the fork: what is
already allocated moves to a generation the collector never walks, in the parent and in
every child forked after, and is not written to (so its memory stays shared). It is frozen
for the parallel write only and unfrozen after: whatever became garbage among those objects
meanwhile is collected then, as before. ``glossator_freeze_before_fork = False`` leaves the
collector as it is.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Any

from sphinx.application import Sphinx


def setup_parallel_write(app: Sphinx) -> None:
    app.add_config_value("glossator_writers_per_core", True, "", types=[bool])
    app.add_config_value("glossator_freeze_before_fork", True, "", types=[bool])
    app.connect("builder-inited", write_with_every_core)


def write_with_every_core(app: Sphinx) -> None:
    """Give the builder's parallel write one writing process per job, not one fewer, and
    the writing processes a frozen heap (see the module's docstring)."""
    every_core = app.config.glossator_writers_per_core
    freeze = app.config.glossator_freeze_before_fork
    if not (every_core or freeze):
        return
    builder: Any = app.builder
    write_parallel = builder._write_parallel
    if getattr(write_parallel, "_glossator_every_core", False):
        return

    def write(docnames: Sequence[str], nproc: int) -> None:
        # Sphinx passes ``parallel - 1``; the main process only resolves pages meanwhile
        writers = max(nproc, app.parallel) if every_core else nproc
        if not freeze:
            write_parallel(docnames, nproc=writers)
            return
        gc.freeze()
        try:
            write_parallel(docnames, nproc=writers)
        finally:
            gc.unfreeze()

    write._glossator_every_core = True  # type: ignore[attr-defined]
    builder._write_parallel = write

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

The heaps of the writing processes, and the doctrees waiting for them, are kept from the
collector by :mod:`~glossator.sphinx.build.forkedheaps`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sphinx.application import Sphinx


def setup_parallel_write(app: Sphinx) -> None:
    app.add_config_value("glossator_writers_per_core", True, "", types=[bool])
    app.connect("builder-inited", write_with_every_core)


def write_with_every_core(app: Sphinx) -> None:
    """Give the builder's parallel write one writing process per job, not one fewer."""
    if not app.config.glossator_writers_per_core:
        return
    builder: Any = app.builder
    write_parallel = builder._write_parallel
    if getattr(write_parallel, "_glossator_every_core", False):
        return

    def write(docnames: Sequence[str], nproc: int) -> None:
        # Sphinx passes ``parallel - 1``; the main process only resolves pages meanwhile
        write_parallel(docnames, nproc=max(nproc, app.parallel))

    write._glossator_every_core = True  # type: ignore[attr-defined]
    builder._write_parallel = write

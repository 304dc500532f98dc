"""The cyclic garbage collector paused while a batch of pages is loaded and checked.

Why: loading the archive allocates millions of small objects (tokens, front-matter nodes,
model objects) and almost none of them form reference cycles, so reference counting frees
them; the cyclic collector still scans the growing heap again and again, which was a fifth of
``glossator check`` on 10,000 pages (docs/performance.md). It is paused for the batch and run
once at the end, so nothing cyclic is kept -- or, where the batch lives until the process
ends (the command line), the survivors are frozen instead: re-enabling the collector would
otherwise make its next run scan all of them once more (another 6 % of ``glossator check``).
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(freeze: bool = False, collect: bool = True) -> Iterator[None]:
    """Pause the cyclic collector (if it runs) for the ``with`` block; collect once after it.

    With ``freeze``, what the block allocated is moved out of the collector's sight
    (``gc.freeze``) instead of being collected: for objects kept until the process exits.
    Without ``collect``, the collector is only switched back on: what the block allocated is
    looked at by its next run, as it would have been (for a short block run many times, where
    a full collection after each would cost more than the pause saves).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if freeze:
                gc.freeze()
            elif collect:
                gc.collect()
            gc.enable()


def freeze_at_exit() -> None:
    """When the interpreter exits, hide every object left from the cyclic collector first.

    Why: a build's doctrees are cycles (each node points to its parent), and Python's
    finalization runs the collector over everything still alive; after a 3,000-annotation
    build that took 2.6 to 4.7 s of a single core after Sphinx had printed "build succeeded"
    (docs/performance.md), against 0.07 s frozen. Frozen objects are still freed by reference
    counting; only cycles are left to the operating system, which takes the whole process
    back anyway. Registered once however often it is called.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)

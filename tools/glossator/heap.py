"""The cyclic garbage collector paused while a batch of pages is loaded and checked.

Why: loading the archive allocates millions of small objects (tokens, front-matter nodes,
model objects) and almost none of them form reference cycles, so reference counting frees
them; the cyclic collector still scans the growing heap again and again, which was a fifth of
``glossator check`` on 10,000 pages (docs/performance.md). It is paused for the batch and run
once at the end, so nothing cyclic is kept.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector (if it runs) for the ``with`` block; collect once after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()

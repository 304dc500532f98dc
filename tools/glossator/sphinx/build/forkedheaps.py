"""The heaps of a ``-j`` build: what each forked process inherits kept from its collector, and
each chunk of written pages freed in the main process without one.

Why: Sphinx forks a process for every chunk of pages it reads or writes. Each inherits the
main process's heap (the archive the checks loaded, the environment of every page merged so
far, and, while pages are written, every doctree resolved and waiting for its process), and
Python's cyclic collector, which runs as a process allocates, walked all of it again and
again. Timed with ``gc.callbacks`` at 10,000 annotations (docs/performance.md): the reading
processes spent 24 of their 98 CPU-seconds in the collector, and the main process 31 to 39
of its 65 to 73, most of it in full collections while it resolved pages: all chunks are
resolved ahead of their writing processes and wait in memory, and a full collection walked
them all, every hundred pages or so.

So, around Sphinx's parallel read and write (both go through ``ParallelTasks``):

* **the main process's heap is frozen** (``gc.freeze``) before the first fork, so neither it
  nor its children's collectors walk what was there; unfrozen afterwards, so whatever among it
  became garbage meanwhile is collected then, as before. (Python's documented remedy for a
  process that forks without ``exec``.)
* **each forked process freezes what it inherited** as it starts: its collector looks only at
  what the process itself allocates. A forked process lives for one chunk and exits without
  tearing its heap down, so nothing it inherited needs collecting there.
* **what a forked process sends back is unpickled with the collector paused** (a reading
  process's environment: a burst of allocations that are kept, not garbage).
* **while pages are written, the main process frees each chunk's doctrees itself once the
  chunk is written** (:func:`dismantle`: every node unlinked from its parent and its
  document, so reference counting frees them; a doctree's nodes point to their parent, and
  without this only a full collection could free one. A node something outside the doctree
  also refers to is left as it is, and so is a doctree the page was read into in this
  process, which the environment may share nodes with), **and runs no full collection**:
  the young generations still collect what each page leaves. At the end the collector's
  thresholds are as they were.

The pages are byte for byte the same (``tests/test_page_shortcuts.py``, with both off).
``glossator_freeze_before_fork = False`` keeps every heap as it is;
``glossator_dismantle_written = False`` leaves written doctrees to the collector.

This is written for CPython's generational collector (the project runs 3.11): ``gc.freeze``
and the thresholds are its documented interface; :func:`dismantle` counts references with
``sys.getrefcount``, and is used only where that count is exact (:data:`EXACT_REFCOUNTS`).
"""

from __future__ import annotations

import functools
import gc
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sphinx.builders
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.parallel import ParallelTasks

from glossator.gcpause import collector_paused

EXACT_REFCOUNTS = sys.implementation.name == "cpython" and sys.version_info < (3, 14)
"""Whether ``sys.getrefcount`` counts every reference, as :func:`dismantle` needs: CPython
3.14's interpreter borrows some references without counting them (its "What's new"), which
would make a node held from outside look like the doctree's own. Elsewhere nothing is
dismantled, and full collections run as usual."""

NO_FULL_COLLECTION = 1 << 30
"""The oldest generation's threshold while pages are written: never reached."""

PHASES = (("_read_parallel", False), ("_write_parallel", True))
"""The builder's parallel phases, and whether the phase writes pages (its tasks' arguments
are ``(docname, doctree)`` pairs)."""


def setup_forked_heaps(app: Sphinx) -> None:
    app.add_config_value("glossator_freeze_before_fork", True, "", types=[bool])
    app.add_config_value("glossator_dismantle_written", True, "", types=[bool])
    app.connect("builder-inited", _wrap_parallel_phases)


def _wrap_parallel_phases(app: Sphinx) -> None:
    """The builder's parallel read and write, each run inside :func:`forked_heaps` (on the
    instance; a method already wrapped is not wrapped again)."""
    builder: Any = app.builder
    for name, writing in PHASES:
        method = getattr(builder, name)
        if not getattr(method, "_glossator_forked_heaps", False):
            setattr(builder, name, _with_forked_heaps(app, method, writing))


def _with_forked_heaps(
    app: Sphinx, method: Callable[[Sequence[str], int], None], writing: bool
) -> Callable[[Sequence[str], int], None]:
    @functools.wraps(method)
    def run(docnames: Sequence[str], nproc: int) -> None:
        freeze = bool(app.config.glossator_freeze_before_fork)
        written = writing and EXACT_REFCOUNTS and bool(app.config.glossator_dismantle_written)
        # a page read in this process (a live rebuild's) is written from the doctree it was
        # read into, which the environment's data may share nodes with (sphinxcontrib-
        # bibtex keeps a bibliography's citation nodes): only pickled doctrees are private
        in_memory = frozenset(getattr(app.env, "_write_doc_doctree_cache", ()))
        with forked_heaps(freeze=freeze, dismantle=written, keep=in_memory):
            method(docnames, nproc)

    run._glossator_forked_heaps = True  # type: ignore[attr-defined]
    return run


@contextmanager
def forked_heaps(
    freeze: bool, dismantle: bool, keep: frozenset[str] = frozenset()
) -> Iterator[None]:
    """For the ``with`` block, Sphinx's parallel phases run their processes as
    :class:`ForkedTasks` (see the module's docstring); with ``freeze`` the heap is frozen,
    with ``dismantle`` the main process runs no full collection and dismantles the doctrees
    of the pages written, but those of the pages in ``keep``."""
    if not (freeze or dismantle):
        yield
        return
    thresholds = gc.get_threshold()
    sphinx_tasks = getattr(sphinx.builders, "ParallelTasks")  # noqa: B009
    tasks = functools.partial(
        ForkedTasks, thresholds=thresholds, freeze=freeze, dismantle=dismantle, keep=keep
    )
    # Sphinx's parallel read and write look the class up in their module at each call
    setattr(sphinx.builders, "ParallelTasks", tasks)  # noqa: B010
    if dismantle:
        gc.set_threshold(thresholds[0], thresholds[1], NO_FULL_COLLECTION)
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        setattr(sphinx.builders, "ParallelTasks", sphinx_tasks)  # noqa: B010
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()


class ForkedTasks(ParallelTasks):
    """Sphinx's ``ParallelTasks``, with the heaps of the module's docstring: a forked process
    freezes what it inherited, a result is taken with the collector paused, and a written
    chunk's doctrees are dismantled once their process is done with them."""

    def __init__(
        self,
        nproc: int,
        *,
        thresholds: tuple[int, int, int],
        freeze: bool,
        dismantle: bool,
        keep: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(nproc)
        self._thresholds = thresholds
        self._freeze = freeze
        self._dismantle = dismantle
        self._keep = keep

    def _process(self, pipe: Any, func: Callable[..., Any], arg: Any) -> None:
        # the first thing the forked process runs: its collector as the build's was
        gc.set_threshold(*self._thresholds)
        if self._freeze:
            gc.freeze()
        super()._process(pipe, func, arg)

    def add_task(
        self,
        task_func: Callable[..., Any],
        arg: Any = None,
        result_func: Callable[[Any, Any], Any] | None = None,
    ) -> None:
        def done(arg: Any, result: Any) -> None:
            if result_func is not None:
                with collector_paused(collect=False):
                    result_func(arg, result)
            if self._dismantle:
                for docname, doctree in arg:
                    if docname not in self._keep:
                        dismantle(doctree)

        super().add_task(task_func, arg, done)


def dismantle(doctree: nodes.document) -> None:
    """Unlink ``doctree``'s nodes from their parents and their document, so that reference
    counting frees the doctree once its page is written; leave alone any node something
    outside the doctree refers to, and all below it.

    Why: every node points to its parent and to its document, and the document to its nodes
    (its children, and maps such as ``ids``, which still hold a reference a post-transform
    took out of the tree), so a doctree is a nest of reference cycles only a full collection
    frees. But a doctree may hold nodes it does not own: sphinxcontrib-bibtex puts the
    citation nodes it keeps in the environment into the bibliography's page, and a later
    rebuild reads them again. So a node is unlinked only when every reference to it is one
    the doctree itself holds (counted below); the others keep their links, and whatever they
    keep alive is left to the collector, as before. The document's reporter and transformer
    are dropped, as Sphinx drops them before it pickles a doctree."""
    foreign = _held_from_outside(doctree)
    doctree.reporter = doctree.transformer = None  # type: ignore[assignment]
    stack = [*doctree.children, *_mapped(doctree)]
    while stack:
        node = stack.pop()
        if id(node) not in foreign:
            stack.extend(getattr(node, "children", ()))
            node.parent = None
            node.__dict__.pop("_document", None)
    doctree.__dict__.pop("_document", None)


def _held_from_outside(doctree: nodes.document) -> set[int]:
    """The nodes of ``doctree`` (by ``id``) that something outside it refers to."""
    every, known = _references_within(doctree)
    # counted too: the reference ``every`` holds and the argument of ``getrefcount``
    return {key for key in every if sys.getrefcount(every[key]) > known[key] + 2}


def _references_within(doctree: nodes.document) -> tuple[dict[int, nodes.Node], Counter[int]]:
    """Every node of ``doctree`` and of its maps, and how many references to each the
    doctree holds: in a children list, as a node's parent, in one of the document's maps.
    (A function of its own, so that none of its variables is left to be counted.)"""
    known: Counter[int] = Counter()
    every: dict[int, nodes.Node] = {}
    mapped = _mapped(doctree)
    known.update(id(node) for node in mapped)
    stack: list[nodes.Node] = [doctree, *mapped]
    while stack:
        node = stack.pop()
        if id(node) in every:
            continue
        every[id(node)] = node
        if node.parent is not None:
            known[id(node.parent)] += 1  # the node's parent (a replaced node's too)
        for child in getattr(node, "children", ()):
            known[id(child)] += 1  # the children list
            stack.append(child)
    return every, known


def _mapped(doctree: nodes.document) -> list[nodes.Node]:
    """The nodes the document's maps hold (``ids``, ``substitution_defs``, ...)."""
    return [
        node
        for name, value in doctree.__dict__.items()
        if name != "children"
        for node in _nodes_in(value)
    ]


def _nodes_in(value: Any) -> Iterator[nodes.Node]:
    """The nodes a document's attribute holds: in a list, or as a dict's values or in lists
    that are a dict's values (``refnames``, ``refids``)."""
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        if isinstance(item, nodes.Node):
            yield item
        elif isinstance(item, list):
            yield from (node for node in item if isinstance(node, nodes.Node))

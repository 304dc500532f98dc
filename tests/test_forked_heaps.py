"""The heaps of a ``-j`` build (:mod:`glossator.sphinx.build.forkedheaps`): what the forked
processes inherit is frozen, the main process frees each written chunk's doctrees without the
collector and runs no full collection while it resolves pages.

That the pages stay the same with all of it on and off is ``test_page_shortcuts``'s.
"""

from __future__ import annotations

import gc
import os
import pickle
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.utils import Reporter
from sphinx.application import Sphinx

from glossator.generate import generate
from glossator.sphinx.build.forkedheaps import (
    EXACT_REFCOUNTS,
    NO_FULL_COLLECTION,
    ForkedTasks,
    dismantle,
)

from conftest import BuildFn

exact_refcounts = pytest.mark.skipif(
    not EXACT_REFCOUNTS,
    reason="this Python's reference counts are not exact: nothing is dismantled",
)

OFF = {"glossator_freeze_before_fork": False, "glossator_dismantle_written": False}

TEXT = """\
A title
=======

A paragraph with a link_, a |sub| and a footnote [#note]_.

.. |sub| replace:: substitution
.. _link: https://example.org/
.. [#note] The note.
"""


@pytest.fixture
def collector_off() -> Iterator[None]:
    """No collection at all: what is freed is freed by reference counting alone."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _doctree_and_refs() -> tuple[nodes.document, list[weakref.ref[Any]]]:
    """A doctree as the main process of a build has one: loaded from its pickle (so no
    parser's state refers to it), with a reporter that refers back to it, and a reference
    replaced by a post-transform."""
    parsed = publish_doctree(TEXT)
    parsed.reporter = parsed.transformer = parsed.settings = None  # as Sphinx pickles it
    doctree = pickle.loads(pickle.dumps(parsed))
    doctree.reporter = Reporter("page.rst", 5, 5)
    doctree.reporter.attach_observer(doctree.note_transform_message)
    # as a post-transform leaves a reference it replaced: out of the tree, still in ``ids``
    replaced = nodes.inline("", "", nodes.Text("replaced"), ids=["id9"])
    doctree.ids["id9"] = replaced
    replaced.parent = doctree.children[1]
    every = [*doctree.findall(), replaced, replaced.children[0]]
    assert len(every) > 15 and any(isinstance(node, nodes.Text) for node in every)
    return doctree, [weakref.ref(node) for node in every]


@exact_refcounts
def test_a_dismantled_doctree_is_freed_by_reference_counting(collector_off: None) -> None:
    doctree, refs = _doctree_and_refs()
    dismantle(doctree)
    del doctree
    assert [ref() for ref in refs if ref() is not None] == []


@exact_refcounts
def test_a_node_held_outside_the_doctree_keeps_its_links(collector_off: None) -> None:
    """As sphinxcontrib-bibtex's citation nodes, kept in the environment and put into the
    bibliography's page: the node, and all below it, stay as they were; the rest is
    unlinked."""
    doctree, refs = _doctree_and_refs()
    held = next(doctree.findall(nodes.footnote))  # the reference from outside
    below = len(held.children)
    title = weakref.ref(next(doctree.findall(nodes.title)))
    dismantle(doctree)
    assert held.parent is not None and held.document is not None
    assert len(held.children) == below > 0
    assert all(child.parent is held for child in held.children)
    # the held node keeps its document alive, and the rest of it is unlinked from it
    unlinked = title()
    assert unlinked is not None and unlinked.parent is None and unlinked.document is None
    del unlinked, held, doctree
    gc.collect()
    assert all(ref() is None for ref in refs)


def test_a_doctree_left_whole_is_not(collector_off: None) -> None:
    """The control: without :func:`dismantle`, only a collection could free it."""
    doctree, refs = _doctree_and_refs()
    del doctree
    assert all(ref() is not None for ref in refs)
    gc.collect()
    assert all(ref() is None for ref in refs)


def _inherited(arg: Any) -> tuple[bool, tuple[int, int, int]]:
    return gc.get_freeze_count() > 0, gc.get_threshold()


@pytest.mark.parametrize(
    ("freeze", "dismantled", "keep"),
    [(True, True, frozenset()), (False, False, frozenset()), (True, True, frozenset({"page"}))],
    ids=["on", "off", "page-read-in-this-process"],
)
def test_a_forked_process_freezes_what_it_inherited(
    freeze: bool, dismantled: bool, keep: frozenset[str]
) -> None:
    gc.unfreeze()  # an earlier test's in-process `glossator check` may have frozen its archive
    doctree = publish_doctree(TEXT)
    taken: dict[str, Any] = {}

    def take(arg: Any, result: Any) -> None:
        taken.update(result=result, collector_on=gc.isenabled(), arg=arg)

    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], NO_FULL_COLLECTION)  # as while writing
    try:
        tasks = ForkedTasks(
            1, thresholds=thresholds, freeze=freeze, dismantle=dismantled, keep=keep
        )
        tasks.add_task(_inherited, [("page", doctree)], take)
        tasks.join()
    finally:
        gc.set_threshold(*thresholds)
    # the forked process: what it inherited frozen (or not), the build's thresholds back
    assert taken["result"] == (freeze, thresholds)
    assert taken["collector_on"] is False  # the result was taken with the collector paused
    assert taken["arg"] == [("page", doctree)]
    # the written chunk's doctree dismantled, unless it is the one its page was read into
    assert (doctree.children[0].parent is None) is (dismantled and not keep)


# -- in a build with two processes ----------------------------------------------------------


def _linked(doctree: nodes.document) -> bool:
    """Whether the doctree's nodes still point to their parents (it was not dismantled)."""
    return any(child.parent is doctree for child in doctree.children)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("heaps") / "corpus"
    generate(root, 40, 2, seed=3)
    return root


@exact_refcounts
def test_the_build_keeps_inherited_heaps_from_the_collector(
    corpus: Path, tmp_path: Path, build: BuildFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every reading and writing process starts with its inherited heap frozen; while the
    main process resolves pages it has part of its heap frozen and no full collection to
    run; every doctree it resolved for a chunk is freed without the collector once written;
    afterwards nothing is frozen and the thresholds are as they were."""
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder

    noted = tmp_path / "noted.txt"
    here = str(os.getpid())
    read_doc, write_doc = Builder.read_doc, StandaloneHTMLBuilder.write_doc
    serialized = StandaloneHTMLBuilder.write_doc_serialized
    resolved: list[weakref.ref[nodes.document]] = []
    in_main: list[tuple[int, int]] = []
    still_linked: list[int] = []

    def note(phase: str) -> None:
        with noted.open("a", encoding="utf-8") as out:  # forked processes append here too
            out.write(f"{phase} {os.getpid()} {gc.get_freeze_count()} {gc.get_threshold()[2]}\n")

    def noting_read(self: Any, docname: str, **kwargs: Any) -> None:
        note("read")
        read_doc(self, docname, **kwargs)

    def noting_write(self: Any, docname: str, doctree: Any) -> None:
        note("write")
        write_doc(self, docname, doctree)

    def noting_serialized(self: Any, docname: str, doctree: nodes.document) -> None:
        in_main.append((gc.get_freeze_count(), gc.get_threshold()[2]))
        resolved.append(weakref.ref(doctree))
        serialized(self, docname, doctree)

    def without_collector(app: Sphinx) -> None:
        """Outermost around the parallel write: no collection in the main process, so a
        doctree is freed there by reference counting or not at all; counted as it ends."""
        builder: Any = app.builder
        write_parallel = builder._write_parallel

        def write(docnames: Any, nproc: int) -> None:
            was = gc.isenabled()
            gc.disable()
            try:
                write_parallel(docnames, nproc)
            finally:
                # the first page is written by the main process itself, before the chunks
                linked = [ref() for ref in resolved[1:]]
                still_linked.append(sum(d is not None and _linked(d) for d in linked))
                del linked
                if was:
                    gc.enable()

        builder._write_parallel = write

    monkeypatch.setattr(Builder, "read_doc", noting_read)
    monkeypatch.setattr(StandaloneHTMLBuilder, "write_doc", noting_write)
    monkeypatch.setattr(StandaloneHTMLBuilder, "write_doc_serialized", noting_serialized)
    setup = Sphinx.setup_extension

    def with_outer_wrapper(self: Sphinx, name: str) -> None:
        setup(self, name)
        if name == "glossator.sphinx":
            self.connect("builder-inited", without_collector, priority=900)

    monkeypatch.setattr(Sphinx, "setup_extension", with_outer_wrapper)
    gc.unfreeze()
    thresholds = gc.get_threshold()
    seen: dict[str, dict[str, Any]] = {}
    for name, options in (("on", {}), ("off", OFF)):
        noted.write_text("", encoding="utf-8")
        resolved.clear()
        in_main.clear()
        still_linked.clear()
        build(corpus, outdir=tmp_path / name, parallel=2, **options)
        rows = [line.split() for line in noted.read_text(encoding="utf-8").splitlines()]
        seen[name] = {
            "forked": {
                phase: [
                    (int(frozen), int(full))
                    for p, pid, frozen, full in rows
                    if p == phase and pid != here
                ]
                for phase in ("read", "write")
            },
            "pids": {pid for _, pid, _, _ in rows if pid != here},
            "resolved": len(resolved),
            "main": list(in_main[1:]),
            "linked": still_linked[0],
        }
        assert gc.get_freeze_count() == 0  # unfrozen once the pages are written
        assert gc.get_threshold() == thresholds

    on, off = seen["on"], seen["off"]
    assert len(on["pids"]) >= 4 and on["resolved"] > 40  # forked readers and writers
    for phase in ("read", "write"):
        assert on["forked"][phase] and all(frozen > 0 for frozen, _ in on["forked"][phase])
        assert all(full == thresholds[2] for _, full in on["forked"][phase])
        assert all(frozen == 0 for frozen, _ in off["forked"][phase])
    assert all(frozen > 0 and full == NO_FULL_COLLECTION for frozen, full in on["main"])
    assert all((frozen, full) == (0, thresholds[2]) for frozen, full in off["main"])
    # no written doctree is left linked (one may still be in memory, unlinked: the nodes a
    # post-transform took out of it point to it, a few nodes, for the young generations)
    assert on["linked"] == 0
    assert off["linked"] == off["resolved"] - 1  # all left to a collection that never ran

"""Parallel reading (``-j``): each reading process starts from empty per-document data.

Why: Sphinx forks every reading process (one per chunk of documents) from the main process,
and the process sends its whole environment back, pickled, for the main process to unpickle
and merge. Everything the main process had merged before the fork (the titles, tables of
contents, dependencies and domain data of every document read so far) went back and forth
once per chunk: at 10,000 annotations (45 chunks) the main process spent 82 of the build's
290 seconds unpickling (py-spy, docs/performance.md), and the cost grows with the square of
the archive. Merging takes only the chunk's own documents from what comes back (Sphinx's
``merge_info_from``, its collectors' ``merge_other`` and the domains' ``merge_domaindata``
all go by the merged docnames), and reading a document needs no other document's entries
(references are resolved at write time, in the main process). So the process empties those
entries before it reads its first document, and sends back only its own.

What is emptied is listed here: per-document data of Sphinx's environment and collectors, the
index domain's entries and this archive's domain. Anything else (the project's list of
documents, configuration, other extensions' data) is left as it is.
"""

from __future__ import annotations

import copy
import os
from collections import defaultdict
from typing import Any

from sphinx.application import Sphinx

from glossator.sphinx.domain import GlossatorDomain

PER_DOCUMENT = (
    "all_docs",
    "dependencies",
    "included",
    "reread_always",
    "metadata",
    "titles",
    "longtitles",
    "tocs",
    "toc_num_entries",
    "toctree_includes",
    "files_to_rebuild",
    "glob_toctrees",
    "numbered_toctrees",
)
"""Attributes of Sphinx's ``BuildEnvironment`` keyed by document, merged by document."""

_building_process: int | None = None  # the process that runs the build (builder-inited)
_started_afresh: set[int] = set()


def _emptied(value: Any) -> Any:
    """An empty container of the same type (a ``defaultdict`` keeps its default factory)."""
    if isinstance(value, defaultdict):
        return type(value)(value.default_factory)
    return type(value)()


def connect(app: Sphinx) -> None:
    app.connect("builder-inited", _note_building_process)
    app.connect("source-read", start_reader_afresh, priority=100)  # before anything is noted


def _note_building_process(app: Sphinx) -> None:
    """Note the process that runs this build: its reading processes are forked from it.

    Noted here and not at import, so that a process forked before the build started (which
    then runs a whole build, serial or incremental, of its own) is not taken for a reader.
    """
    global _building_process
    _building_process = os.getpid()


def start_reader_afresh(app: Sphinx, docname: str, content: list[str]) -> None:
    """In a forked reading process, before its first document: forget the other documents."""
    pid = os.getpid()
    if _building_process in (None, pid) or pid in _started_afresh:
        return
    _started_afresh.add(pid)
    env = app.env
    for name in PER_DOCUMENT:
        setattr(env, name, _emptied(getattr(env, name)))
    index = env.domaindata.get("index")
    if isinstance(index, dict) and isinstance(index.get("entries"), dict):
        index["entries"] = {}
    domain = env.domains["glossator"]
    assert isinstance(domain, GlossatorDomain)
    domain.data.update(copy.deepcopy(GlossatorDomain.initial_data))
    domain._changed()

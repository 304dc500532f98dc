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
index domain's entries, sphinxcontrib-bibtex's citations and bibliographies (its
``merge_domaindata`` also goes by docname) and this archive's domain. What every document
needs while it is read is kept but not sent back (:class:`KeptProject`): the project's list of
documents and their paths (a ``Path`` per document, slow to unpickle); the main process has
its own, and merging does not read it. (The pages the checks parsed are on the build's
:class:`~glossator.sphinx.buildstate.BuildState`, which is never pickled.) Anything else
(configuration, other extensions' data) is left as it is.
"""

from __future__ import annotations

import copy
import os
from collections import defaultdict
from typing import Any

from sphinx.application import Sphinx
from sphinx.project import Project

from glossator.sphinx.buildstate import state_of
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


def _emptied(value: Any) -> Any:
    """An empty container of the same type (a ``defaultdict`` keeps its default factory)."""
    if isinstance(value, defaultdict):
        return type(value)(value.default_factory)
    return type(value)()


BIBTEX_PER_DOCUMENT = {"citation_refs": list, "bibliographies": dict}
"""sphinxcontrib-bibtex's domain data (``cite``) kept by document, merged by document."""


class KeptProject(Project):
    """The project (every document and its path), as a reading process uses it; pickled as an
    empty one, since the main process has its own and merging does not read it."""

    def __reduce__(self) -> tuple[type[Project], tuple[Any, ...]]:
        return (Project, (self.srcdir, self.source_suffix))


def _keep_here(env: Any) -> None:
    """What the reading process needs of every document, used here and not sent back."""
    if type(env.project) is Project:
        kept = KeptProject.__new__(KeptProject)
        kept.__dict__.update(env.project.__dict__)
        env.project = kept


def setup_parallel_read(app: Sphinx) -> None:
    app.connect("source-read", start_reader_afresh, priority=100)  # before anything is noted


def start_reader_afresh(app: Sphinx, docname: str, content: list[str]) -> None:
    """In a forked reading process, before its first document: forget the other documents."""
    env = app.env
    state = state_of(env)  # the building process is noted in it at builder-inited
    pid = os.getpid()
    if state.building_pid in (None, pid) or state.afresh_pid == pid:
        return
    state.afresh_pid = pid
    for name in PER_DOCUMENT:
        setattr(env, name, _emptied(getattr(env, name)))
    index = env.domaindata.get("index")
    if isinstance(index, dict) and isinstance(index.get("entries"), dict):
        index["entries"] = {}
    domain = env.domains["glossator"]
    assert isinstance(domain, GlossatorDomain)
    domain.data.update(copy.deepcopy(GlossatorDomain.initial_data))
    domain._changed()
    cite = env.domaindata.get("cite")
    if isinstance(cite, dict):
        for key, empty in BIBTEX_PER_DOCUMENT.items():
            if isinstance(cite.get(key), empty):
                cite[key] = empty()
    _keep_here(env)

"""What one build keeps while it runs, on Sphinx's environment, and never saved with it.

Why: parts of the extension keep something for the length of a build: the export data while
pages are written (:mod:`glossator.sphinx.exports`), the navigation rendered once per folder
(:mod:`glossator.sphinx.build.navigation`), the places every place page locates itself among
(:mod:`glossator.sphinx.places`), the domain's data before an incremental read
(:mod:`glossator.sphinx.build.incremental`), the verified source texts
(:mod:`glossator.sphinx.build.sourcecache`), the pages the checks parsed
(:mod:`glossator.sphinx.build.loadedpages`), which process runs the build
(:mod:`glossator.sphinx.build.parallelread`), the templates that cannot render empty
(:mod:`glossator.sphinx.build.pagetemplates`). Kept in a module-level dict keyed by the ``id`` of the
builder or environment, it would outlive the build: an ``id`` is reused once its object is
collected, and the entries leak from one build to the next in one process (the test suite, a
preview server that rebuilds in process). Here a fresh :class:`BuildState` is attached to the
environment at ``builder-inited``, so it lives and dies with the build, and every handler and
directive reaches it through the environment they already have.

It pickles as a new, empty state: the environment Sphinx saves for the next build carries
none of it, and a parallel reading process sends none of it back to the main process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from glossator.exports.data import ExportData
from glossator.model import Place
from glossator.pages import Page
from glossator.sources import Source
from glossator.sphinx.build.domainview import DomainView

if TYPE_CHECKING:
    from glossator.checks.recheck import Checked

NavigationKey = tuple[str, str, tuple[tuple[str, str], ...]]
"""(template function, folder of the page's URI, its arguments) of shared navigation HTML."""

_ATTRIBUTE = "glossator_state"


@dataclass
class BuildState:
    """The state of one build (see the module's docstring for who keeps what)."""

    building_pid: int | None = None
    """The process that runs the build: its reading processes (``-j``) are forked from it."""
    afresh_pid: int | None = None
    """The reading process that has emptied its copy of the other documents' entries."""
    before_read: DomainView | None = None
    """The domain's data before an incremental read, until the pages to rewrite are known."""
    export_data: ExportData | None = None
    """The export data of the pages being written, made once: the objects no longer change."""
    navigation: dict[NavigationKey, str] = field(default_factory=dict)
    """Navigation HTML shared between the pages of one folder."""
    checked: Checked | None = None
    """The archive as the build's checks read it, with their findings (:mod:`glossator.checks.recheck`):
    a live preview re-checks the pages that changed in it."""
    pages: dict[str, Page] = field(default_factory=dict)
    """Archive path -> the annotation page as the build's checks read it (parsed once)."""
    places: dict[str, Place] | None = None
    """Every place object, by id, for the pages being written (each place page asks)."""
    sources: dict[str, tuple[float, Source | None]] = field(default_factory=dict)
    """Source id -> (modification time of its files, the verified source) as read."""
    never_empty: dict[str, bool] = field(default_factory=dict)
    """Template name -> whether its source proves it renders something
    (:mod:`glossator.sphinx.build.pagetemplates`)."""

    def __reduce__(self) -> tuple[type[BuildState], tuple[()]]:
        return (BuildState, ())


def state_of(env: BuildEnvironment) -> BuildState:
    """The state of the build ``env`` belongs to (a new one if none was attached yet)."""
    state = getattr(env, _ATTRIBUTE, None)
    if not isinstance(state, BuildState):
        state = BuildState()
        setattr(env, _ATTRIBUTE, state)
    return state


def _attach(app: Sphinx) -> None:
    """A new state for this build, before any other handler of ``builder-inited`` runs.

    The process is noted here and not at import, so that a process forked before the build
    started (which then runs a whole build of its own) is not taken for a reader.
    """
    setattr(app.env, _ATTRIBUTE, BuildState(building_pid=os.getpid()))


def setup_buildstate(app: Sphinx) -> None:
    app.connect("builder-inited", _attach, priority=100)

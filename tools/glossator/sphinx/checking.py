"""The archive's checks in the build: ``glossator check``, run once before anything is read.

In ``fail`` mode errors are logged as Sphinx errors (``file:line: ERROR: GL104 ...``) and the
build's exit status is 1, like ``-W --keep-going``: the contributor sees every problem in one
run, and CI fails. (Raising would print Sphinx's crash report for a user error.) Every
finding goes through :mod:`glossator.sphinx.findings`; what the checks report about an
annotation page is not reported again when the page is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from glossator.sphinx import findings
from glossator.sphinx.build import loadedpages
from glossator.sphinx.build.sourcecache import archive_root
from glossator.sphinx.buildstate import state_of

logger = logging.getLogger(__name__)


def _on_builder_inited(app: Sphinx) -> None:
    # docutils settings for every page: contributor text may not include files or raw output
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False
    run_checks(app)


def run_checks(app: Sphinx, changed: Iterable[Path] | None = None) -> None:
    """The same checks as ``glossator check``, before anything is read (see the module).

    ``changed``: the files changed since the build's last run of the checks (a live preview,
    :mod:`glossator.preview`), to read and re-check only those pages and what depends on them
    (:mod:`glossator.checks.recheck`); None: the whole archive.
    """
    from glossator.checks.recheck import Checked
    from glossator.gcpause import collector_paused

    root = archive_root(app.env)
    state = state_of(app.env)
    if state.checked is None or changed is None:
        with collector_paused():
            state.checked = Checked(root)
    else:
        # a few pages: nothing for the collector to be paused for, and the full collection
        # that ends a pause would scan the live preview's whole environment
        state.checked.update(changed)
    found = state.checked.findings()
    # taken at source-read: each page parsed once
    loadedpages.keep(app.env, state.checked.archive.pages)
    fail = app.config.glossator_check_errors == "fail"
    errors = 0
    for problem in found:
        if problem.severity == "error":
            errors += 1
        findings.report(problem, root, as_error=fail and problem.severity == "error")
    if errors and fail:
        logger.error(
            "glossator check found %d error(s): the build will fail; fix them, or set "
            "glossator_check_errors = 'warn' to build anyway",
            errors,
        )
        app.statuscode = 1


def setup_checks(app: Sphinx) -> None:
    app.connect("builder-inited", _on_builder_inited)

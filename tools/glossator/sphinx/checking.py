"""The archive's checks in the build: ``glossator check``, run once before anything is read.

In ``fail`` mode errors are logged as Sphinx errors (``file:line: ERROR: GL104 ...``) and the
build's exit status is 1, like ``-W --keep-going``: the contributor sees every problem in one
run, and CI fails. (Raising would print Sphinx's crash report for a user error.)
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from glossator.sphinx import guards
from glossator.sphinx.sourcestore import archive_root

logger = logging.getLogger(__name__)


def _on_builder_inited(app: Sphinx) -> None:
    # docutils settings for every page: contributor text may not include files or raw output
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False
    run_checks(app)


def run_checks(app: Sphinx) -> None:
    """The same checks as ``glossator check``, before anything is read (see the module)."""
    from glossator import archive, checks
    from glossator.heap import collector_paused

    root = archive_root(app.env)
    with collector_paused():
        loaded = archive.load(root)
        found = checks.run(loaded)
    guards.remember_passed(app, loaded.pages, found)
    errors = 0
    for problem in found:
        if problem.severity == "error":
            errors += 1
        text = f"{problem.code} {problem.message}" + (f" ({problem.hint})" if problem.hint else "")
        # Sphinx reads a location without ':' as a docname; a whole-file finding names its
        # file in the message instead
        location: str | None = f"{root / problem.path}:{problem.line}"
        if not problem.line:
            location, text = None, f"{root / problem.path}: {text}"
        if problem.severity == "error" and app.config.glossator_check_errors == "fail":
            logger.error("%s", text, location=location)
        else:
            logger.warning("%s", text, location=location, type="glossator", subtype="check")
    if errors and app.config.glossator_check_errors == "fail":
        logger.error(
            "glossator check found %d error(s): the build will fail; fix them, or set "
            "glossator_check_errors = 'warn' to build anyway",
            errors,
        )
        app.statuscode = 1


def setup_checks(app: Sphinx) -> None:
    app.connect("builder-inited", _on_builder_inited)

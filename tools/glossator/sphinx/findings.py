"""The one way the build reports a finding: logged by Sphinx under its code.

Every finding of the extension (what ``glossator check`` found before the build read a page,
what a guard removed from a page, a reference the domain could not resolve on a page the
checks do not read) is logged here, with Sphinx's warning ``type`` ``"glossator"`` and the
code as its ``subtype``. So ``suppress_warnings = ["glossator.GL121"]`` in ``conf.py``
silences one code, and ``["glossator"]`` all of them. Errors (the checks' errors in ``fail``
mode) carry no type: they cannot be silenced, and they fail the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.util import logging

from glossator.codes import CODES
from glossator.diagnostics import Diagnostic

TYPE = "glossator"
"""Sphinx's warning type of every finding; its subtype is the code (``glossator.GL104``)."""

logger = logging.getLogger(__name__)


def warn(code: str, message: str, location: Any) -> None:
    """A warning ``<code> <message>`` at ``location`` (a node, a docname or ``(doc, line)``).

    ``code`` must be registered (a KeyError otherwise, which the test suite would meet).
    """
    code = CODES[code].code
    logger.warning("%s %s", code, message, location=location, type=TYPE, subtype=code)


def report(problem: Diagnostic, root: Path, *, as_error: bool) -> None:
    """A finding of the checks on the archive at ``root``, at its file and line."""
    text = f"{problem.code} {problem.message}" + (f" ({problem.hint})" if problem.hint else "")
    # Sphinx reads a location without ':' as a docname; a whole-file finding names its
    # file in the message instead
    location: str | None = f"{root / problem.path}:{problem.line}"
    if not problem.line:
        location, text = None, f"{root / problem.path}: {text}"
    if as_error:
        logger.error("%s", text, location=location)
    else:
        logger.warning("%s", text, location=location, type=TYPE, subtype=problem.code)

"""The archive checks (GL1xx, GL3xx): what ``glossator check`` and the build report.

:func:`run` runs every check over a loaded :class:`~glossator.archive.Archive`;
:func:`prepare` is the part done on each page by the process that read it. The checks are
grouped by what they look at: :mod:`~glossator.checks.archive` (identity, references,
anchors, citations, coverage, and the list of all checks), :mod:`~glossator.checks.editorial`
(what a reader must be able to verify) and :mod:`~glossator.checks.policy` (the allowlist for
contributed pages). Where places are (:mod:`glossator.locations`) is data the exports and the
site use as well, so it stays beside the model; its one check is run from here.
"""

from glossator.checks.archive import prepare, run

__all__ = ["prepare", "run"]

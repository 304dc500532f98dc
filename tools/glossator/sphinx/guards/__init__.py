"""Defence in depth: the build enforces the contributed-page policy even if nobody ran the check.

``glossator check`` refuses hostile pages (:mod:`glossator.policy`), but a build with
``glossator_check_errors = "warn"``, a forgotten CI step or a maintainer's local build must not
emit contributor HTML, run contributor code or publish files from outside the repository
either. MyST and Sphinx would do all three: ``{eval-rst}`` brings reStructuredText's
``meta`` directive (an HTML redirect) and links with any URL; ``[x](../../../etc/hostname)``
becomes a download of that file; ``![x](evil.svg)`` copies an SVG into ``_images/``; a
symbolic link or a non-UTF-8 file in ``annotations/`` is read (or crashes the build); and a
page with ~150 nested directives crashes it with ``RecursionError``.

What the extension already does elsewhere: raw HTML syntax is switched off
(``myst_disable_syntax``), docutils' ``raw_enabled`` and ``file_insertion_enabled`` are off
(so ``{raw}``, ``{include}``, ``{literalinclude}`` and ``:file:`` options only warn), and front
matter never reaches MyST. This module adds, for annotation pages only:

1. at ``config-inited``: pages that the validator's own reader refuses (symbolic links,
   oversized, not UTF-8, NUL bytes) are added to ``exclude_patterns``, so Sphinx never reads
   them and never walks into a linked folder;
2. at ``source-read``: a page whose real path is outside ``annotations/``, or that breaks
   the contributed-page policy (:func:`glossator.policy.check_page`, the very check
   ``glossator check`` runs, on the text Sphinx read), is emptied before MyST sees it (its
   front matter is kept): no directive the allowlist does not name ever runs, so none can
   read a file, register the page as a source or a bibliography, or hang the build;
3. a transform, run after docutils has resolved link targets and before Sphinx's collectors
   (at ``doctree-read``), which holds the doctree to an allowlist of node types (so no
   ``raw``, ``meta``, ``math``, ``toctree``, index or footnote node survives on a
   contributed page, whatever made it) and removes images that are not raster files in the
   page's folder, downloads that leave it, links to schemes other than ``http``, ``https``
   and ``mailto``, and renames ids and drops classes that belong to the theme or the search;
4. at ``doctree-resolved``, just before writing, the links of contributed pages and the
   entries of every toctree (which become links only then) are checked once more;
5. the extension's own directives run only on the archive's pages (``docs/``), and
   ``{source-text}`` only on the source's own page, ``sources/<id>``: what a page is in the
   site is decided by where the archive puts it, never by what it declares.

Every removal is a warning with the page and line, and the code of the rule it enforces.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from glossator.sphinx.guards.directives import archive_only, once_per_page
from glossator.sphinx.guards.doctree import GuardDoctree
from glossator.sphinx.guards.files import exclude_unsafe_files, guard_source, policy_errors
from glossator.sphinx.guards.written import guard_written, same_origin_scripts

__all__ = ["archive_only", "once_per_page", "policy_errors", "setup_guards"]


def setup_guards(app: Sphinx) -> None:
    """Register the guards (called by :func:`glossator.sphinx.setup`)."""
    app.connect("config-inited", exclude_unsafe_files, priority=600)
    # before glossator.sphinx.reading replaces the front matter (priority 500)
    app.connect("source-read", guard_source, priority=400)
    app.add_transform(GuardDoctree)
    # after the extension's own doctree-resolved work (listings, highlights), before writing
    app.connect("doctree-resolved", guard_written, priority=900)
    app.connect("html-page-context", same_origin_scripts, priority=900)

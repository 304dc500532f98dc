"""The files Sphinx must not read, and the pages emptied before MyST sees them (guards 1 and 2:
see :mod:`glossator.sphinx.guards`).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from glossator import frontmatter
from glossator.archive import annotation_files, read_page_text, undecodable
from glossator.checks import policy
from glossator.diagnostics import Diagnostic
from glossator.limits import MAX_PAGE_BYTES
from glossator.sphinx import findings
from glossator.sphinx.build import loadedpages
from glossator.sphinx.build.sourcecache import archive_root
from glossator.sphinx.domain import is_annotation

_warn = findings.warn


# -- 1. files Sphinx must not read -------------------------------------------------------------


def exclude_unsafe_files(app: Sphinx, config: Config) -> None:
    """Leave out of the build every annotation file the validator's reader refuses."""
    root = (Path(app.confdir) / config.glossator_root).resolve()
    if not (Path(app.srcdir) / "annotations").exists():
        return
    excluded = list(config.exclude_patterns)
    for path in annotation_files(root):
        if path.suffix != ".md" and not path.is_symlink():
            continue
        rel = path.relative_to(root).as_posix()
        if undecodable(rel):
            code, message = "GL316", "file name is not UTF-8"
        elif not unicodedata.is_normalized("NFC", rel):
            # Sphinx looks pages up by the NFC form of their name, which is another file
            code, message = "GL316", "file name is not in NFC form"
        else:
            _, problem = read_page_text(path, rel)
            if problem is None:
                continue
            code, message = problem.code, problem.message
        # no location: the environment (which locations need) does not exist yet
        shown = policy.printable(rel)
        _warn(code, f"{shown}: {message}; the file is left out of the build", None)
        excluded.append(_glob_escape(unicodedata.normalize("NFC", rel)))
        if path.is_symlink() and not rel.endswith(".md"):
            excluded.append(_glob_escape(rel) + "/**")
    config.exclude_patterns = excluded


def _glob_escape(path: str) -> str:
    """Sphinx's patterns are globs: a file named ``[x].md`` must match itself only."""
    return re.sub(r"([*?\[\]])", r"[\1]", path)


# -- 2. pages emptied before MyST sees them ----------------------------------------------------


def guard_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Empty a page that is not where it claims to be, too large, or refused by the policy.

    Emptied before MyST parses it: a directive the allowlist does not name never runs (its
    side effects, such as registering the page as a source, cannot be undone afterwards).
    """
    if not is_annotation(docname):
        return
    text = source[0]
    path = Path(app.env.doc2path(docname))
    folder = (archive_root(app.env) / "annotations").resolve()
    if not path.resolve().is_relative_to(folder):
        _warn("GL310", "page resolves outside annotations/; it is left empty", docname)
        source[0] = ""
        return
    if len(text) > MAX_PAGE_BYTES // 4 and len(text.encode("utf-8")) > MAX_PAGE_BYTES:
        _warn("GL311", f"page is larger than {MAX_PAGE_BYTES} bytes; it is left empty", docname)
        source[0] = ""
        return
    rel = f"{docname}.md"
    problems = policy_errors(app, rel, text)
    if problems:
        codes = ", ".join(sorted({problem.code for problem in problems}))
        first = problems[0]
        _warn(
            first.code,
            f"line {first.line}: {first.message} (and {len(problems) - 1} more: {codes}); "
            "the page's body is left empty"
            if len(problems) > 1
            else f"line {first.line}: {first.message}; the page's body is left empty",
            docname,
        )
        _, _, closing = frontmatter.split(text)
        head = text.split("\n")[: max(closing, 0)]
        source[0] = "\n".join(head) + "\n" * (text.count("\n") - len(head) + 1)


def policy_errors(app: Sphinx, rel: str, text: str) -> list[Diagnostic]:
    """The policy errors of a page's text: those the build's run of ``glossator check`` found
    (at ``builder-inited``) if it read this very text, else the check again, on this text.

    The page is parsed once for the build (:mod:`glossator.sphinx.build.loadedpages`): the reader,
    after this guard, takes the same :class:`~glossator.pages.Page`.
    """
    page = loadedpages.page_for(app.env, rel.removesuffix(".md"), text)
    if page.findings is None:
        page.findings = policy.check_page(page, archive_root(app.env))
    return [problem for problem in page.findings if problem.severity == "error"]

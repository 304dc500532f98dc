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

import re
import unicodedata
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from glossator import frontmatter
from glossator.archive import annotation_files, read_page_text, undecodable
from glossator.checks import policy
from glossator.diagnostics import Diagnostic
from glossator.limits import MAX_PAGE_BYTES
from glossator.sphinx import findings
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.build import loadedpages
from glossator.sphinx.build.sourcecache import archive_root
from glossator.sphinx.domain import is_annotation

logger = logging.getLogger(__name__)

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


# -- 3. the doctree ----------------------------------------------------------------------------


class GuardDoctree(SphinxTransform):
    """Remove from an annotation page what would inject HTML or publish outside files.

    Priority 870: after docutils' reference transforms (which give ``{eval-rst}`` links their
    URL, at 640-680) and before :class:`sphinx.transforms.DoctreeReadEvent` (880), whose
    ``doctree-read`` listeners collect images and downloads and copy them into the site.
    """

    default_priority = 870

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if not is_annotation(docname):
            return
        folder = Path(self.env.doc2path(docname)).resolve().parent
        if "title" in self.document:  # set by docutils' {title}: the page's <title> is its name
            _warn("GL304", "title set by the page removed", self.document)
            del self.document["title"]
        for node in list(self.document.findall(nodes.Element)):
            if node.parent is None and node is not self.document:
                continue  # already removed with an ancestor
            if _in_header(node):
                continue  # the archive's own header, built from validated front matter
            if isinstance(node, nodes.raw):
                self._remove(node, "GL302", "raw HTML removed")
            elif isinstance(node, nodes.meta):
                self._remove(node, "GL304", "HTML <meta> tag removed")
            elif not isinstance(node, ALLOWED_NODES) and node is not self.document:
                self._remove(node, "GL322", f"'{type(node).__name__}' node removed")
            elif isinstance(node, addnodes.pending_xref) and not _allowed_xref(node):
                self._unwrap(node, "GL304", f"reference of type '{node.get('reftype')}' removed")
            elif isinstance(node, nodes.image):
                self._image(node, docname, folder)
            elif isinstance(node, addnodes.download_reference):
                self._download(node, docname, folder)
            else:
                self._link(node)
            if node.parent is not None or node is self.document:
                self._names(node)

    def _remove(self, node: nodes.Element, code: str, message: str) -> None:
        _warn(code, message, node)
        node.parent.remove(node)

    def _unwrap(self, node: nodes.Element, code: str, message: str) -> None:
        """Keep a link's text, drop the link."""
        _warn(code, message, node)
        node.replace_self(nodes.inline("", "", *node.children))

    def _image(self, node: nodes.Element, docname: str, folder: Path) -> None:
        uri = str(node.get("uri", ""))
        if policy.bad_scheme(uri):
            self._remove(node, "GL307", f"image with a '{policy.bad_scheme(uri)}:' URL removed")
            return
        if "://" in uri or "*" in uri or ":" in uri.split("/", 1)[0]:
            self._remove(node, "GL308", f"image '{uri[:60]}' is not a file in the page's folder")
            return
        _, absolute = self.env.relfn2path(uri, docname)
        target = Path(absolute)
        if not target.is_relative_to(folder):
            self._remove(node, "GL306", f"image '{uri[:60]}' outside the page's folder removed")
        elif not policy.is_raster(target):
            self._remove(node, "GL308", f"image '{uri[:60]}' is not a raster image; removed")

    def _download(self, node: nodes.Element, docname: str, folder: Path) -> None:
        target_text = str(node.get("reftarget", ""))
        scheme = policy.bad_scheme(target_text)
        if scheme:
            self._unwrap(node, "GL307", f"download of a '{scheme}:' URL removed")
            return
        if "://" in target_text:
            return  # an external link, which Sphinx writes as such
        _, absolute = self.env.relfn2path(target_text, docname)
        target = Path(absolute)
        if not target.is_relative_to(folder):
            self._unwrap(
                node, "GL306", f"download of '{target_text[:60]}' outside the page's folder removed"
            )
        elif target.suffix != ".md" and not policy.is_raster(target):
            self._unwrap(
                node, "GL320", f"download of '{target_text[:60]}' (not a page or an image) removed"
            )

    def _link(self, node: nodes.Element) -> None:
        uri = node.get("refuri")
        if not isinstance(uri, str):
            return
        scheme = policy.bad_scheme(uri) or policy.url_scheme(uri)
        if scheme is None or policy.allowed_url(uri):
            return
        if isinstance(node, nodes.reference):
            self._unwrap(node, "GL307", f"link to a '{scheme}:' URL removed")
        else:
            _warn("GL307", f"target with a '{scheme}:' URL removed", node)
            del node["refuri"]

    def _names(self, node: nodes.Element) -> None:
        classes: list[str] = node.get("classes", [])
        kept = [name for name in classes if not policy.is_reserved(name)]
        if len(kept) != len(classes):
            dropped = sorted(set(classes) - set(kept))
            _warn("GL309", f"class {', '.join(dropped)} of the theme or search removed", node)
            node["classes"] = kept
        ids: list[str] = node.get("ids", [])
        if any(policy.is_reserved(ident) for ident in ids):
            node["ids"] = [self._rename(node, ident) for ident in ids]

    def _rename(self, node: nodes.Element, ident: str) -> str:
        if not policy.is_reserved(ident):
            return ident
        new = f"contrib-{ident}"
        while new in self.document.ids:
            new += "-x"
        _warn("GL309", f"id '{ident}' of the theme or search renamed '{new}'", node)
        if self.document.ids.get(ident) is node:
            del self.document.ids[ident]
        self.document.ids[new] = node
        for name, target in list(self.document.nameids.items()):
            if target == ident:
                self.document.nameids[name] = new
        return new


ALLOWED_NODES: tuple[type[nodes.Element], ...] = (
    nodes.section,
    nodes.title,
    nodes.paragraph,
    nodes.emphasis,
    nodes.strong,
    nodes.literal,
    nodes.literal_block,
    nodes.reference,
    nodes.target,
    nodes.inline,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.list_item,
    nodes.block_quote,
    nodes.transition,
    nodes.table,
    nodes.tgroup,
    nodes.colspec,
    nodes.thead,
    nodes.tbody,
    nodes.row,
    nodes.entry,
    nodes.definition_list,
    nodes.definition_list_item,
    nodes.term,
    nodes.definition,
    nodes.admonition,
    nodes.attention,
    nodes.caution,
    nodes.danger,
    nodes.error,
    nodes.hint,
    nodes.important,
    nodes.note,
    nodes.tip,
    nodes.warning,
    addnodes.seealso,
    nodes.figure,
    nodes.image,
    nodes.caption,
    nodes.legend,
    nodes.comment,
    nodes.system_message,
    nodes.problematic,
    addnodes.pending_xref,
    gnodes.referenced_by,
    gnodes.object_marker,
)
"""The node types a contributed page's doctree may hold: what CommonMark, the site's MyST
extensions, the allowed directives and the archive's roles make. Everything else is removed,
whatever produced it (``math`` would load MathJax, ``toctree`` writes links, ``index`` and
domain objects write into the site's indexes)."""


def _in_header(node: nodes.Element) -> bool:
    """True inside the header the extension builds from the front matter (never contributor
    markup: no allowed construct makes a container, let alone one with this class)."""
    while node is not None:
        if isinstance(node, nodes.container) and "glossator-header" in node.get("classes", []):
            return True
        node = node.parent
    return False


def _allowed_xref(node: nodes.Element) -> bool:
    """The archive's roles, citations, and MyST's links to pages and sections."""
    domain, kind = node.get("refdomain"), node.get("reftype")
    return domain in ("glossator", "cite") or (kind == "myst" and domain in (None, ""))


# -- 4. what is written ------------------------------------------------------------------------


def guard_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Just before writing: links of contributed pages, and the entries of every toctree.

    Toctree entries become links only now (``_resolve_toctree``, after this event), and
    Sphinx takes anything matching ``.+://`` for a URL: ``javascript://%0Aalert(1)`` too.
    """
    for toctree in list(doctree.findall(addnodes.toctree)):
        if is_annotation(docname):
            _warn("GL304", "toctree removed", toctree)
            toctree.parent.remove(toctree)
            continue
        entries: list[tuple[str | None, str]] = toctree.get("entries", [])
        kept = [(title, ref) for title, ref in entries if _toctree_ref_ok(ref)]
        if len(kept) != len(entries):
            _warn("GL307", "toctree entry with a URL scheme other than http(s) removed", toctree)
            toctree["entries"] = kept
    if not is_annotation(docname):
        return
    for node in list(doctree.findall(nodes.reference)):
        uri = node.get("refuri")
        if isinstance(uri, str) and policy.url_scheme(uri) and not policy.allowed_url(uri):
            _warn("GL307", "link with a URL scheme other than http(s) removed", node)
            node.replace_self(nodes.inline("", "", *node.children))


def _toctree_ref_ok(ref: str) -> bool:
    return ("://" not in ref and ":" not in ref.split("/", 1)[0]) or policy.allowed_url(ref)


# -- 5. the extension's directives, on the archive's pages only -------------------------------


def archive_only(directive: type[Any], *, source_page: bool = False) -> type[Any]:
    """``directive``, refused on contributed pages (and for ``{source-text}``, refused on
    every page but ``sources/<id>``, so that no page can make itself a source's page)."""

    class ArchiveOnly(directive):  # type: ignore[misc]
        def run(self) -> list[nodes.Node]:
            docname = self.env.docname
            name = self.name
            if is_annotation(docname):
                _warn(
                    "GL304",
                    f"directive '{name}' is for the archive's own pages",
                    self.get_location(),
                )
                return []
            if source_page and self.arguments and docname != f"sources/{self.arguments[0]}":
                _warn(
                    "GL304",
                    f"'{name}' of '{self.arguments[0]}' belongs on sources/{self.arguments[0]}",
                    self.get_location(),
                )
                return []
            result: list[nodes.Node] = super().run()
            return result

    ArchiveOnly.__name__ = ArchiveOnly.__qualname__ = directive.__name__
    ArchiveOnly.__doc__ = directive.__doc__
    return ArchiveOnly


def once_per_page(directive: type[Any]) -> type[Any]:
    """``directive``, run at most once per page (the object header: a second one in a body
    would leave a marker the page's wrapper cannot place)."""

    class Once(directive):  # type: ignore[misc]
        def run(self) -> list[nodes.Node]:
            key = f"glossator-once-{self.name}"
            if self.env.current_document.get(key):
                _warn("GL304", f"a second '{self.name}' removed", self.get_location())
                return []
            self.env.current_document[key] = True
            result: list[nodes.Node] = super().run()
            return result

    Once.__name__ = Once.__qualname__ = directive.__name__
    Once.__doc__ = directive.__doc__
    return Once


def same_origin_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The site loads no script from elsewhere (MathJax from a CDN, for one): any such
    script of a page is dropped, with a warning, so a strict build fails."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    kept = []
    for script in scripts:
        name = str(getattr(script, "filename", script))
        if "://" in name or name.startswith("//"):
            _warn("GL322", f"script from another site ({name[:80]}) left out", pagename)
        else:
            kept.append(script)
    context["script_files"] = kept


def setup_guards(app: Sphinx) -> None:
    """Register the guards (called by :func:`glossator.sphinx.setup`)."""
    app.connect("config-inited", exclude_unsafe_files, priority=600)
    # before glossator.sphinx.reading replaces the front matter (priority 500)
    app.connect("source-read", guard_source, priority=400)
    app.add_transform(GuardDoctree)
    # after the extension's own doctree-resolved work (listings, highlights), before writing
    app.connect("doctree-resolved", guard_written, priority=900)
    app.connect("html-page-context", same_origin_scripts, priority=900)

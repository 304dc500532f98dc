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
2. at ``source-read``: a page whose real path is outside ``annotations/`` or whose
   lists, quotes and directives nest too deep is emptied (its front matter is kept);
3. a transform, run after docutils has resolved link targets and before Sphinx's image and
   download collectors (at ``doctree-read``), which removes ``raw`` and ``meta`` nodes,
   images that are not raster files in the page's folder, downloads that leave it, links to
   ``javascript:``/``vbscript:``/``data:``/``file:`` URLs, and renames ids and drops classes
   that belong to the theme or the search.

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

from glossator import frontmatter, markdown, policy
from glossator.archive import MAX_PAGE_BYTES, annotation_files, read_page_text, undecodable
from glossator.sphinx.reading import is_annotation
from glossator.sphinx.sourcestore import archive_root

logger = logging.getLogger(__name__)

_DIRECTIVE_FENCE = re.compile(r"(?:`{3,}|~{3,}|:{3,})\s*\{")


def _warn(code: str, message: str, location: Any) -> None:
    logger.warning("%s %s", code, message, location=location, type="glossator", subtype="guard")


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
    """Empty a page that is not where it claims to be, too large, or nested too deep."""
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
    if not _DIRECTIVE_FENCE.search(text):
        return  # without directives markdown-it's own nesting limit keeps the parse shallow
    _, _, closing = frontmatter.split(text)
    body = frontmatter.blank_out(text, closing) if closing > 0 else text
    depth = policy.nesting_depth(markdown.tokens(body))
    if depth > policy.MAX_DEPTH:
        _warn(
            "GL319",
            f"lists, quotes and directives nest deeper than {policy.MAX_DEPTH} levels; "
            "the page's body is left empty",
            docname,
        )
        head = text.split("\n")[: max(closing, 0)]
        source[0] = "\n".join(head) + "\n" * (text.count("\n") - len(head) + 1)


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
        for node in list(self.document.findall(nodes.Element)):
            if node.parent is None and node is not self.document:
                continue  # already removed with an ancestor
            if isinstance(node, nodes.raw):
                self._remove(node, "GL302", "raw HTML removed")
            elif isinstance(node, nodes.meta):
                self._remove(node, "GL304", "HTML <meta> tag removed")
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
        scheme = policy.bad_scheme(uri)
        if scheme is None:
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


def connect(app: Sphinx) -> None:
    """Register the guards (called by :func:`glossator.sphinx.setup`)."""
    app.connect("config-inited", exclude_unsafe_files, priority=600)
    # before glossator.sphinx.reading replaces the front matter (priority 500)
    app.connect("source-read", guard_source, priority=400)
    app.add_transform(GuardDoctree)

"""The doctree of a contributed page held to an allowlist of nodes, links, images and ids (guard 3:
see :mod:`glossator.sphinx.guards`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from glossator.checks import policy
from glossator.sphinx import findings
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.domain import is_annotation

_warn = findings.warn


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

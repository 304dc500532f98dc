"""Reading annotation pages: the one parser, the header, the page title and what gets recorded.

At ``source-read`` the page is the one ``glossator check`` parsed at ``builder-inited``
(:mod:`glossator.sphinx.build.loadedpages`), or, if the file changed since, parsed from the text
Sphinx read by the same :func:`glossator.pages.parse_page`. Its front matter is then replaced, line for line, by an
``{glossator-object}`` directive and blank lines, so that MyST never interprets contributor
front matter (no ``myst:`` options, no substitutions) and line numbers stay true.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import roles
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from glossator import anchors as anchoring
from glossator.model import AnnotationObject
from glossator.pages import Page
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.build.loadedpages import PAGE_KEY, page_for
from glossator.sphinx.build.sourcecache import source_for
from glossator.sphinx.domain import AnchorSpan, GlossatorDomain, Reference, is_annotation
from glossator.sphinx.header import build as build_header
from glossator.sphinx.htmlnodes import bidi

logger = logging.getLogger(__name__)


def domain_of(env: BuildEnvironment) -> GlossatorDomain:
    return env.domains["glossator"]  # type: ignore[return-value]


def on_source_read(app: Sphinx, docname: str, content: list[str]) -> None:
    if not is_annotation(docname):
        return
    text = content[0]
    page = page_for(app.env, docname, text)  # its problems: reported by the checks
    content[0] = _replace_front_matter(text, page)


def _replace_front_matter(text: str, page: Page) -> str:
    """Front matter -> ``{glossator-object}`` directive plus blank lines, keeping line numbers.

    A page whose front matter did not parse is shown as a plain page, without a header: its
    (possibly hostile) front matter is dropped all the same.
    """
    end = page.front.end_line if page.front else 0
    if end <= 0:
        # no (or unclosed) front matter: nothing of it may reach MyST
        from glossator.frontmatter import split

        _, _, closing = split(text)
        if closing < 0:
            return "\n" * text.count("\n")
        return "```{glossator-object}\n```\n" + text
    lines = text.split("\n")
    head = ["```{glossator-object}", "```"] + [""] * (end - 2)
    if end < 2:
        head = ["```{glossator-object}\n```"]
    return "\n".join(head + lines[end:])


class ObjectHeader(SphinxDirective):
    """Internal: renders the header of the page's object where its front matter was."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        page: Page | None = self.env.current_document.get(PAGE_KEY)
        if page is None or page.obj is None or not is_annotation(self.env.docname):
            return [gnodes.object_marker()] if page is not None else []
        obj = page.obj
        header = build_header(obj, self._cite)
        self._record(page, obj, header)
        return [gnodes.object_marker(object_id=obj.id, title=obj.title), header]

    def _cite(self, key: str) -> list[nodes.Node]:
        """A citation through sphinxcontrib-bibtex's ``cite:p`` role, so it links and counts."""
        language: Any = self.state_machine.language
        role_fn, _ = roles.role("cite:p", language, self.lineno, self.state.reporter)
        if role_fn is None:
            return [nodes.Text(f"[{key}]")]
        result, _ = role_fn(
            "cite:p", f"{{cite:p}}`{key}`", key, self.lineno, self.state.inliner, {}, []
        )
        return list(result)

    def _record(self, page: Page, obj: AnnotationObject, header: nodes.Element) -> None:
        domain = domain_of(self.env)
        docname = self.env.docname
        domain.note_object(docname, obj, header)
        for field_path, target, _kinds in obj.references():
            domain.note_reference(docname, Reference(target, obj.id, str(field_path[0])))
        for anchor in obj.anchors:
            source = source_for(self.env, anchor.source)
            span = anchoring.resolve(source, anchor) if source is not None else None
            if span is None:
                continue  # the checks report it (GL110), before the build reads a page
            domain.note_span(
                docname, AnchorSpan(obj.id, span.source, span.start, span.end, span.passage)
            )
            header += _quote_block(source, span)


def _quote_block(source: Any, span: anchoring.Span) -> nodes.Element:
    """The quoted words in the sentence that holds them, with the paragraph number and a link back.

    What is left out of the paragraph is marked with an editorial ``[…]``, never silently.
    """
    from glossator.sentences import around
    from glossator.sphinx.header import xref

    before, exact, _after, passage = anchoring.context(source, span)
    a, b = around(passage.text, len(before), len(before) + len(exact))
    block = nodes.block_quote(classes=["glossator-quote"])
    para = nodes.paragraph(classes=["glossator-quote-text"], support_smartquotes=False)
    words = bidi(classes=["glossator-quote-words"])
    if a > 0:
        words += nodes.inline("", "[\u2026] ", classes=["glossator-elision"])
    words += nodes.Text(before[a:])
    words += nodes.strong(exact, exact, classes=["glossator-quoted"])
    words += nodes.Text(passage.text[len(before) + len(exact) : b])
    if b < len(passage.text):
        words += nodes.inline("", " [\u2026]", classes=["glossator-elision"])
    para += words
    block += para
    link = xref(f"{span.source}#p{passage.number}", "passage", f"paragraph {passage.number}")
    attribution = nodes.attribution("", "")
    attribution += link
    attribution += nodes.Text(" of ")
    attribution += nodes.emphasis("", "", bidi("", source.meta.title))
    block += attribution
    return block


class WrapObjectPage(SphinxTransform):
    """Put an object page's content under a section titled with the object's name.

    Contributors write no top-level heading: the title comes from front matter (as escaped
    text), so Sphinx's title, the HTML ``<title>`` and the search index all agree.
    """

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        if not is_annotation(self.env.docname):
            return
        marker = next(iter(self.document.findall(gnodes.object_marker)), None)
        if marker is None:
            return
        ident = marker.get("object_id")
        title = marker.get("title") or self.env.docname.rsplit("/", 1)[-1]
        marker.parent.remove(marker)
        section = nodes.section(
            ids=[f"object-{ident or 'invalid'}"], names=[nodes.fully_normalize_name(title)]
        )
        section += nodes.title(title, "", bidi("", title))
        section.extend(self.document.children[:])
        if ident:
            section += gnodes.referenced_by(object_id=ident)
        self.document.children = []
        self.document += section
        section.parent = self.document


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Annotation pages are reached through listings, links and search, not the sidebar."""
    docname = app.env.docname
    if is_annotation(docname):
        app.env.metadata[docname]["orphan"] = True
    origin = _object_id(docname) if is_annotation(docname) else ""
    for ref in doctree.findall(pending_xref):
        if _is_body_xref(ref):
            domain_of(app.env).note_reference(docname, Reference(ref["reftarget"], origin, "body"))


def _is_body_xref(node: pending_xref) -> bool:
    return (
        isinstance(node, pending_xref)
        and node.get("refdomain") == "glossator"
        and node.get("glossator_body", False)
        and node.get("reftype") != "passage"
    )


def _object_id(docname: str) -> str:
    return docname.rsplit("/", 1)[-1]

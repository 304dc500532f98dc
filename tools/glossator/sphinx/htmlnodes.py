"""The reader site's own HTML: nodes whose visitors write tags docutils has no node for.

Contributor text is never raw HTML. These nodes carry values as docutils attributes and
``Text`` children; their HTML visitors build tags with the translator's ``starttag`` (which
escapes every attribute value) and the HTML writer escapes the text. Each node subclasses a
plain docutils node, so builders other than HTML fall back to that node's visitor (Sphinx
dispatches along the class's MRO) and nothing here is HTML-only in the doctree.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

Translator = Any  # an HTML translator (docutils' or Sphinx's); its API is not typed


class bidi(nodes.inline):
    """Text that may be written right to left (Arabic names, quotes): ``<span dir="auto">``."""


class bidi_block(nodes.container):
    """A block whose text may be right to left: ``<div dir="auto">``."""


class weighted(nodes.inline):
    """A name the search index ranks above body text (``data-pagefind-weight``), e.g. an alias."""


class mark(nodes.inline):
    """A highlighted span of the source text: ``<mark>`` with the ids of its annotations."""


class sortkey(nodes.inline):
    """A table cell's value with the key it sorts by (``data-sort``), e.g. an ISO date."""


class time(nodes.inline):
    """A date as precise as it is known: ``<time datetime="2022-01">`` (a month, a day, a year)."""


class search_body(nodes.container):
    """The part of a page the search index reads (``data-pagefind-body``): no theme chrome."""


class search_unindexed(nodes.container):
    """Shown to readers, left out of the search index (``data-pagefind-ignore``).

    For lists of other objects ("Referenced by", listings, the timeline): a search for a name
    should find the object's page and the pages about it, not every page that lists it, and a
    result's data (which holds the page's indexed text) stays small.
    """


class search_data(nodes.container):
    """Hidden filters and metadata of a page for the search index; never shown, never indexed."""


class search_field(nodes.inline):
    """One filter or metadata value: ``name`` (filter or meta key) and ``value`` attributes."""


class margin_notes(nodes.sidebar):
    """The annotations of one paragraph, in the page margin (sphinx-book-theme's ``margin``)."""


def _visit_bidi(self: Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", "", dir="auto"))


def _depart_span(self: Translator, node: nodes.Element) -> None:
    self.body.append("</span>")


def _visit_bidi_block(self: Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", "", dir="auto"))


def _depart_div(self: Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def _visit_weighted(self: Translator, node: nodes.Element) -> None:
    weight = float(node.get("weight", 10.0))
    self.body.append(
        self.starttag(node, "span", "", dir="auto", **{"data-pagefind-weight": f"{weight:g}"})
    )


def _visit_mark(self: Translator, node: nodes.Element) -> None:
    attributes = {"data-annotations": node.get("annotations", "")}
    self.body.append(self.starttag(node, "mark", "", **attributes))


def _depart_mark(self: Translator, node: nodes.Element) -> None:
    self.body.append("</mark>")


def _visit_sortkey(self: Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", "", **{"data-sort": node.get("key", "")}))


def _visit_time(self: Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def _depart_time(self: Translator, node: nodes.Element) -> None:
    self.body.append("</time>")


def _visit_search_body(self: Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", "", **{"data-pagefind-body": ""}))


def _visit_search_unindexed(self: Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", "", **{"data-pagefind-ignore": ""}))


def _visit_search_data(self: Translator, node: nodes.Element) -> None:
    self.body.append(
        self.starttag(node, "div", "", hidden="hidden", **{"data-pagefind-ignore": ""})
    )


def _visit_search_field(self: Translator, node: nodes.Element) -> None:
    """``<span data-pagefind-filter="country[data-value]" data-value="Iraq">``.

    The value sits in an attribute (escaped by ``starttag``), so commas or colons in it cannot
    be read as Pagefind's list or inline syntax.
    """
    what = "data-pagefind-meta" if node.get("meta") else "data-pagefind-filter"
    attributes = {what: f"{node['name']}[data-value]", "data-value": node["value"]}
    self.body.append(self.starttag(node, "span", "", **attributes))
    self.body.append("</span>")
    raise nodes.SkipNode


def _visit_margin_notes(self: Translator, node: nodes.Element) -> None:
    label = node.get("label", "")
    attributes = {"aria-label": label} if label else {}
    self.body.append(self.starttag(node, "aside", "\n", CLASS="sidebar margin", **attributes))


def _depart_margin_notes(self: Translator, node: nodes.Element) -> None:
    self.body.append("</aside>\n")


def _skip(self: Translator, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _pass(self: Translator, node: nodes.Element) -> None:
    pass


HTML_VISITORS: dict[type[nodes.Element], tuple[Any, Any]] = {
    bidi: (_visit_bidi, _depart_span),
    bidi_block: (_visit_bidi_block, _depart_div),
    weighted: (_visit_weighted, _depart_span),
    mark: (_visit_mark, _depart_mark),
    sortkey: (_visit_sortkey, _depart_span),
    time: (_visit_time, _depart_time),
    search_body: (_visit_search_body, _depart_div),
    search_unindexed: (_visit_search_unindexed, _depart_div),
    search_data: (_visit_search_data, _depart_div),
    search_field: (_visit_search_field, _pass),
    margin_notes: (_visit_margin_notes, _depart_margin_notes),
}

# search-only nodes mean nothing outside HTML; the others fall back to their base node
_NON_HTML_SKIPPED = (search_data, search_field)


def setup(app: Sphinx) -> None:
    for node_class, visitors in HTML_VISITORS.items():
        others = {}
        if node_class in _NON_HTML_SKIPPED:
            others = {builder: (_skip, _pass) for builder in ("latex", "text", "man", "texinfo")}
        app.add_node(node_class, override=True, html=visitors, **others)

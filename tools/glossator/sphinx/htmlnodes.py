"""The reader site's own HTML: nodes whose visitors write tags docutils has no node for.

Contributor text is never raw HTML. These nodes carry values as docutils attributes and
``Text`` children; their HTML visitors build tags with the translator's ``starttag`` (which
escapes every attribute value) and the HTML writer escapes the text. Each node subclasses a
plain docutils node, so builders other than HTML fall back to that node's visitor (Sphinx
dispatches along the class's MRO) and nothing here is HTML-only in the doctree.
"""

from __future__ import annotations

import re
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


class margin_notes(nodes.container):
    """The annotations of one passage, in the article's margin: ``<aside aria-label>``."""


class provenance_panel(nodes.container):
    """A source's provenance panel: ``<div data-citation data-source>`` (see ``provenance``)."""


class note_item(nodes.list_item):
    """One annotation in a passage's margin: ``<li data-annotation="id" data-kind="person">``."""


class details(nodes.container):
    """A disclosure: ``<details>`` (``open`` attribute); its first child is a :class:`summary`."""


class summary(nodes.inline):
    """The always-visible label of a :class:`details`: ``<summary>``."""


class download(nodes.reference):
    """A link that saves a file rather than opening it: ``<a href download="name">``."""


# Scripts whose language a name's letters tell for certain; Latin-script names stay untagged
# (English, French, transliterations...) and inherit the page's ``lang="en"``.
_SCRIPT_LANGUAGES = (
    (re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"), "ar"),
    (re.compile("[\u0590-\u05ff]"), "he"),
)


def script_language(text: str) -> str | None:
    """``"ar"`` for a name written in Arabic script (likewise Hebrew), else ``None``.

    The archive's non-Latin name forms are Arabic; marking them lets screen readers switch
    voice and browsers pick an Arabic font and shaping, instead of reading them as English.
    """
    for pattern, language in _SCRIPT_LANGUAGES:
        if pattern.search(text):
            return language
    return None


def _isolated(node: nodes.Element) -> dict[str, str]:
    """``dir="auto"`` (an isolate: right-to-left names do not reorder the text around them)
    and, for Arabic script, ``lang="ar"``."""
    attributes = {"dir": "auto"}
    language = script_language(node.astext())
    if language:
        attributes["lang"] = language
    return attributes


def _visit_bidi(self: Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "bdi", "", **_isolated(node)))


def _depart_bdi(self: Translator, node: nodes.Element) -> None:
    self.body.append("</bdi>")


def _depart_span(self: Translator, node: nodes.Element) -> None:
    self.body.append("</span>")


def _visit_bidi_block(self: Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", "", **_isolated(node)))


def _depart_div(self: Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def _visit_weighted(self: Translator, node: nodes.Element) -> None:
    weight = float(node.get("weight", 10.0))
    attributes = {**_isolated(node), "data-pagefind-weight": f"{weight:g}"}
    self.body.append(self.starttag(node, "span", "", **attributes))


def _visit_mark(self: Translator, node: nodes.Element) -> None:
    """``<mark data-annotation="id" title="Kind: Title">``: one annotation's span (nested
    marks for nested annotations); ``data-continues`` on the later pieces of a span that
    crosses another's end."""
    attributes = {"data-annotation": node["annotation"], "title": node.get("label", "")}
    if node.get("continues"):
        attributes["data-continues"] = ""
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
    attributes = {"aria-label": node["label"], "data-passage": str(node["passage"])}
    attributes["data-pagefind-ignore"] = ""  # the notes' pages are indexed on their own
    self.body.append(self.starttag(node, "aside", "\n", **attributes))


def _depart_margin_notes(self: Translator, node: nodes.Element) -> None:
    self.body.append("</aside>\n")


def _visit_provenance_panel(self: Translator, node: nodes.Element) -> None:
    attributes = {"data-citation": node["citation"], "data-source": node["source"]}
    self.body.append(self.starttag(node, "div", "", **attributes))


def _visit_note_item(self: Translator, node: nodes.Element) -> None:
    attributes = {"data-annotation": node["annotation"], "data-kind": node["kind"]}
    self.body.append(self.starttag(node, "li", "", **attributes))


def _depart_note_item(self: Translator, node: nodes.Element) -> None:
    self.body.append("</li>\n")


def _visit_details(self: Translator, node: nodes.Element) -> None:
    attributes = {"open": "open"} if node.get("open") else {}
    self.body.append(self.starttag(node, "details", "", **attributes))


def _depart_details(self: Translator, node: nodes.Element) -> None:
    self.body.append("</details>\n")


def _visit_summary(self: Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def _depart_summary(self: Translator, node: nodes.Element) -> None:
    self.body.append("</summary>")


def _visit_download(self: Translator, node: nodes.Element) -> None:
    attributes = {"href": node["refuri"], "download": node["filename"]}
    self.body.append(self.starttag(node, "a", "", **attributes))


def _depart_download(self: Translator, node: nodes.Element) -> None:
    self.body.append("</a>")


def _visit_citation(self: Translator, node: nodes.Element) -> None:
    """A bibliography entry as a list item of a list (docutils writes the deprecated
    ``doc-biblioentry`` role inside ``role="list"``, which screen readers and axe-core
    reject: a list must hold list items)."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _depart_citation(self: Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def _skip(self: Translator, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _pass(self: Translator, node: nodes.Element) -> None:
    pass


HTML_VISITORS: dict[type[nodes.Element], tuple[Any, Any]] = {
    bidi: (_visit_bidi, _depart_bdi),
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
    provenance_panel: (_visit_provenance_panel, _depart_div),
    note_item: (_visit_note_item, _depart_note_item),
    details: (_visit_details, _depart_details),
    summary: (_visit_summary, _depart_summary),
    download: (_visit_download, _depart_download),
}

# search-only nodes mean nothing outside HTML; the others fall back to their base node
_NON_HTML_SKIPPED = (search_data, search_field)


def setup_html_nodes(app: Sphinx) -> None:
    for node_class, visitors in HTML_VISITORS.items():
        others = {}
        if node_class in _NON_HTML_SKIPPED:
            others = {builder: (_skip, _pass) for builder in ("latex", "text", "man", "texinfo")}
        app.add_node(node_class, override=True, html=visitors, **others)
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))

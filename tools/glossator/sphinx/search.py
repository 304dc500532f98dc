"""Search with Pagefind: what each page tells the index, and the search page that queries it.

Pagefind indexes the built HTML after Sphinx (``python -m pagefind --site <html>``, run by
``nox -s docs``). This module makes that HTML say the right things:

* every page's own content is marked ``data-pagefind-body``, so theme chrome (sidebar,
  navigation, footer) is not indexed;
* every annotation page carries its filters (kind, country, person, incident, year, claim
  status) and metadata as hidden, escaped attributes; its aliases are weighted like a title
  and listed in its metadata, so searching an alias ranks its page first;
* Sphinx's own search index is not built (it would be loaded by every page of the theme) and
  the search page (``search.html``, script ``static/glossator-search.js``) queries Pagefind's
  JavaScript API instead, reading ``?q=`` and filters from its address, so the theme's search
  box works unchanged.

Filter values follow the model (:func:`facets`; the table of which field feeds which filter
is ``docs/reference/search.md``): a place's country is the country at the top of its
``part_of`` chain; an incident's, its ``country`` and the country of its ``place``; a claim's
person is its speaker (and the people it is about), its incident, year and country those of
the incidents it is about. A page whose values change because an object several links away
changed is rewritten by an incremental build (:func:`_on_env_updated`).

The article's kind is "Source"; the reference pages (:data:`REFERENCE_PAGES`) are of kind
"Reference" and kept out of results unless the reader asks for them. Both are listed by
Pagefind result id (:mod:`glossator.search.pages`), so leaving them out, or finding the
article among the results, fetches no filter index.

What is indexed is the page's prose: the title, the names (a hidden block weighted like the
aliases, :class:`search_names`), the summary, the quoted words and the body. Headings'
permalinks, the kind badge, the header's field list, the article's margin notes and the
quote's attribution are left out by :data:`glossator.search.index.EXCLUDED`; an empty marker
(:data:`PROSE_ID`) tells the search page where the prose starts, so snippets start there.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from glossator.model import (
    CLAIM_STATUSES,
    KIND_LABELS,
    AnnotationObject,
    Claim,
    Incident,
    Note,
    Organization,
    Person,
    Place,
)
from glossator.search import pages as searchpages
from glossator.sphinx import htmlnodes, namesindex
from glossator.sphinx.domain import GlossatorDomain

TEMPLATES = Path(__file__).parent / "templates"

FILTERS = ("kind", "country", "person", "incident", "year", "claim status")
"""Filter names, in the order the search page shows them (and its address accepts them)."""

REFERENCE_PAGES = ("reference/*", "performance")
"""Docnames (fnmatch patterns) of reference pages: kind "Reference", out of default results.
``glossator_search_reference_pages`` in ``conf.py`` replaces them."""

SOURCE_KIND = KIND_LABELS["source"]
REFERENCE_KIND = "Reference"

NAMES_ID = "glossator-search-names"
PROSE_ID = "glossator-search-prose"

MAX_CHAIN = 20
"""The longest ``part_of`` chain followed for a country (the checks refuse cycles; this bounds
a build that runs with errors as warnings)."""

ALIAS_WEIGHT = 10.0
"""Pagefind weight of an alias: the highest there is (a heading is 7), so an alias query
ranks the page that owns the alias above pages that merely mention it."""


class search_facets(nodes.General, nodes.Element):
    """Where an object page's filters go (``object_id``); rendered at write time."""


class search_names(nodes.container):
    """The page's other names for the index: ``<div hidden data-pagefind-weight="10">``.

    The header's "Also called" field shows them, but the whole field list is left out of the
    index (its labels and punctuation made snippets like "Also called: ISIS , Daesh ,");
    here they are words separated by spaces, weighted like a title."""


class search_prose(nodes.inline):
    """An empty ``<span id="glossator-search-prose">`` where the page's prose starts."""


def alias_node(alias: str) -> nodes.Node:
    """An alias as shown in a header, right-to-left aware.

    Its weight no longer counts (the header's field list is not indexed); the page's names
    block (:class:`search_names`) carries the aliases, weighted, to the index."""
    return htmlnodes.weighted("", alias, classes=["glossator-alias"], weight=ALIAS_WEIGHT)


def facets(obj: AnnotationObject, domain: GlossatorDomain) -> dict[str, list[str]]:
    """The filter values of ``obj``'s page, each list without repeats, in a stable order."""
    found: dict[str, list[str]] = {name: [] for name in FILTERS}

    def add(name: str, value: str | None) -> None:
        if value and value not in found[name]:
            found[name].append(value)

    def referred(ident: str | None) -> AnnotationObject | None:
        entry = domain.lookup(ident) if ident else None
        return entry.obj if entry is not None else None

    def add_place(ident: str | None) -> None:
        """A place: the country it is, or the country at the top of its ``part_of`` chain."""
        country = country_of(referred(ident), domain)
        if country is not None:
            add("country", country.title)

    def add_incident(incident: Incident) -> None:
        add("incident", incident.title)
        add("year", _year(incident))
        add_place(incident.country)
        add_place(incident.place)

    def add_related(other: AnnotationObject | None) -> None:
        if isinstance(other, Person):
            add("person", other.title)
        elif isinstance(other, Incident):
            add_incident(other)
        elif isinstance(other, Place):
            add_place(other.id)

    add("kind", KIND_LABELS[obj.kind])
    if isinstance(obj, Incident):
        add_incident(obj)
        for actor in obj.actors:
            add_related(referred(actor.ref))
    elif isinstance(obj, Person):
        add("person", obj.title)
        add_place(obj.country)
    elif isinstance(obj, Organization):
        add_place(obj.country)
    elif isinstance(obj, Place):
        add_place(obj.id)
    elif isinstance(obj, Claim):
        add("claim status", CLAIM_STATUSES[obj.status])
        add_related(referred(obj.speaker))
        for target in obj.about:
            add_related(referred(target))
    elif isinstance(obj, Note):
        for target in obj.about:
            add_related(referred(target))
    return {name: values for name, values in found.items() if values}


def country_of(obj: AnnotationObject | None, domain: GlossatorDomain) -> Place | None:
    """The country a place is in: itself if it is one, else the first up its ``part_of`` chain."""
    seen: set[str] = set()
    while isinstance(obj, Place) and obj.id not in seen and len(seen) < MAX_CHAIN:
        if obj.place_type == "country":
            return obj
        seen.add(obj.id)
        entry = domain.lookup(obj.part_of) if obj.part_of else None
        obj = entry.obj if entry is not None else None
    return None


def _year(incident: Incident) -> str | None:
    return incident.date[:4] if incident.date else None


def metadata(obj: AnnotationObject) -> dict[str, str]:
    """What a search result carries besides its title and snippet.

    ``kind`` and ``also called`` are shown. (Which object a query names is the names index's
    job, :mod:`glossator.sphinx.namesindex`.)
    """
    meta = {"kind": KIND_LABELS[obj.kind]}
    if obj.aliases:
        meta["also called"] = ", ".join(obj.aliases)
    return meta


def _data_node(facet_values: dict[str, list[str]], meta: dict[str, str]) -> htmlnodes.search_data:
    data = htmlnodes.search_data()
    for name, values in facet_values.items():
        for value in values:
            data += htmlnodes.search_field(name=name, value=value)
    for name, value in meta.items():
        data += htmlnodes.search_field(name=name, value=value, meta=True)
    return data


def page_section(docname: str, domain: GlossatorDomain, reference: Iterable[str]) -> str | None:
    """The kind of a page that is not an object's: "Source", "Reference" or None."""
    if any(docname == doc for doc, _ in domain.sources.values()):
        return SOURCE_KIND
    if any(fnmatch.fnmatchcase(docname, pattern) for pattern in reference):
        return REFERENCE_KIND
    return None


def _names_node(obj: AnnotationObject) -> search_names:
    block = search_names(ids=[NAMES_ID])
    block += nodes.Text(" ".join(obj.aliases))
    return block


def _mark_prose(placeholder: nodes.Element, obj: AnnotationObject) -> None:
    """Put the names block and the prose marker where the prose starts: at the summary, or
    after the header (whose field list and badge are not indexed)."""
    header = placeholder.parent
    summary = next(
        (
            child
            for child in header.children
            if isinstance(child, nodes.paragraph) and "glossator-summary" in child["classes"]
        ),
        None,
    )
    marks: list[nodes.Node] = [_names_node(obj)] if obj.aliases else []
    if summary is not None:
        header.insert(header.index(summary), [*marks, search_prose(ids=[PROSE_ID])])
    else:
        header.insert(header.index(placeholder), marks)
        header.parent.insert(header.parent.index(header) + 1, search_prose(ids=[PROSE_ID]))


def render(
    doctree: nodes.document,
    domain: GlossatorDomain,
    builder: Builder,
    docname: str,
    reference: Iterable[str] = REFERENCE_PAGES,
) -> None:
    """Fill the filter placeholders and mark the page's content for the index (HTML only)."""
    html = builder.format == "html"
    for placeholder in list(doctree.findall(search_facets)):
        entry = domain.objects.get(placeholder.get("object_id", ""))
        if not html or entry is None or entry.docname != docname:
            placeholder.replace_self([])
            continue
        _mark_prose(placeholder, entry.obj)
        placeholder.replace_self(_data_node(facets(entry.obj, domain), metadata(entry.obj)))
    wrapped = len(doctree.children) == 1 and isinstance(doctree[0], htmlnodes.search_body)
    if html and doctree.children and not wrapped:
        body = htmlnodes.search_body()
        body.extend(doctree.children[:])
        doctree.children = []
        doctree += body
        section = page_section(docname, domain, reference)
        if section is not None:
            # the kind badge of a result, and a kind filter value of its own
            body += _data_node({"kind": [section]}, {"kind": section})


def _visit_search_names(self: Any, node: nodes.Element) -> None:
    attributes = {"data-pagefind-weight": f"{ALIAS_WEIGHT:g}", "dir": "auto"}
    self.body.append(self.starttag(node, "div", "", hidden="hidden", **attributes))


def _depart_div(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def _visit_search_prose(self: Any, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", ""))


def _depart_span(self: Any, node: nodes.Element) -> None:
    self.body.append("</span>")


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


# -- the search page and the theme's search scripts ----------------------------------------------

_SPHINX_SEARCH_SCRIPT = re.compile(
    r'\s*<script src="[^"]*(?:searchtools|language_data)\.js[^"]*"></script>'
    r'|\s*<script src="[^"]*searchindex\.js[^"]*"></script>'
)


def without_sphinx_search(html: str) -> str:
    """Drop the theme's ``<script>`` tags for Sphinx's search, which this site does not build."""
    return _SPHINX_SEARCH_SCRIPT.sub("", html)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    templates = list(config.templates_path)
    if str(TEMPLATES) not in templates:
        config.templates_path = [*templates, str(TEMPLATES)]


def _on_builder_inited(app: Sphinx) -> None:
    builder = app.builder
    if builder.format != "html" or not hasattr(builder, "search"):
        return
    builder.search = False  # Pagefind indexes the site; Sphinx's index is not needed
    templates = getattr(builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["without_sphinx_search"] = without_sphinx_search


def _on_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.format == "html":
        context = {
            "title": "Search",
            "search_filters": FILTERS,
            "search_names_file": namesindex.FILE,
            "search_hint_file": namesindex.HINT_FILE,
            "search_pages_file": searchpages.FILE,
        }
        yield "search", context, "glossator-search.html"


FACETS_KEY = "glossator_search_facets"
"""Where the environment keeps a digest of each object page's filter values."""


def _digest(values: dict[str, list[str]]) -> str:
    text = json.dumps(values, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose filter values changed although nothing they link to directly did.

    A place's country comes from the top of its ``part_of`` chain and a claim's from the
    places of its incidents: renaming a country changes the filters of pages several links
    away, which the incremental rules (one link away, :mod:`glossator.sphinx.build.incremental`)
    do not rewrite. Digests of every page's values are compared with the last build's.
    """
    domain: GlossatorDomain = env.domains["glossator"]  # type: ignore[assignment]
    current = {
        entry.docname: _digest(facets(entry.obj, domain)) for entry in domain.objects.values()
    }
    previous: dict[str, str] | None = getattr(env, FACETS_KEY, None)
    setattr(env, FACETS_KEY, current)
    if previous is None:
        return []
    return sorted(doc for doc, digest in current.items() if previous.get(doc) != digest)


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain: GlossatorDomain = app.env.domains["glossator"]  # type: ignore[assignment]
    render(doctree, domain, app.builder, docname, app.config.glossator_search_reference_pages)


def setup_search(app: Sphinx) -> None:
    app.add_config_value(
        "glossator_search_reference_pages", list(REFERENCE_PAGES), "html", types=[list, tuple]
    )
    app.add_node(search_facets)
    skipped = {builder: (_skip, None) for builder in ("latex", "text", "man", "texinfo")}
    app.add_node(search_names, html=(_visit_search_names, _depart_div), **skipped)  # type: ignore[arg-type]
    app.add_node(search_prose, html=(_visit_search_prose, _depart_span), **skipped)  # type: ignore[arg-type]
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect("env-updated", _on_env_updated)
    # after the other handlers, so the body wrapper holds the finished page
    app.connect("doctree-resolved", _on_doctree_resolved, priority=900)

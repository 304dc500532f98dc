"""Search with Pagefind: what each page tells the index, and the search page that queries it.

Pagefind indexes the built HTML after Sphinx (``python -m pagefind --site <html>``, run by
``nox -s docs``). This module makes that HTML say the right things:

* every page's own content is marked ``data-pagefind-body``, so theme chrome (sidebar,
  navigation, footer) is not indexed;
* every annotation page carries its filters (kind, country, person, incident, year, claim
  status) and metadata as hidden, escaped attributes; its aliases are weighted in the header
  and listed in its metadata, so searching an alias ranks its page first;
* Sphinx's own search index is not built (it would be loaded by every page of the theme) and
  the search page (``search.html``, script ``static/glossator-search.js``) queries Pagefind's
  JavaScript API instead, reading ``?q=`` and filters from its address, so the theme's search
  box works unchanged.

Filter values come from the object itself and from the objects its front matter refers to
(one level): those references are recorded by the domain, so an incremental build rewrites
the page whenever a value it shows could change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config

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
from glossator.sphinx import htmlnodes
from glossator.sphinx.domain import GlossatorDomain

TEMPLATES = Path(__file__).parent / "templates"

FILTERS = ("kind", "country", "person", "incident", "year", "claim status")
"""Filter names, in the order the search page shows them (and its address accepts them)."""

ALIAS_WEIGHT = 10.0
"""Pagefind weight of an alias: the highest there is (a heading is 7), so an alias query
ranks the page that owns the alias above pages that merely mention it."""


class search_facets(nodes.General, nodes.Element):
    """Where an object page's filters go (``object_id``); rendered at write time."""


def alias_node(alias: str) -> nodes.Node:
    """An alias as shown in a header: right-to-left aware, weighted for the search index."""
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
        """A place: the country it names, or the country it is directly part of."""
        place = referred(ident)
        if isinstance(place, Place) and place.place_type == "country":
            add("country", place.title)

    def add_related(other: AnnotationObject | None) -> None:
        if isinstance(other, Person):
            add("person", other.title)
        elif isinstance(other, Incident):
            add("incident", other.title)
            add("year", _year(other))
        elif isinstance(other, Place) and other.place_type == "country":
            add("country", other.title)

    add("kind", KIND_LABELS[obj.kind])
    if isinstance(obj, Incident):
        add("incident", obj.title)
        add("year", _year(obj))
        add_place(obj.country)
        add_place(obj.place)
        for actor in obj.actors:
            add_related(referred(actor.ref))
    elif isinstance(obj, Person):
        add("person", obj.title)
        add_place(obj.country)
    elif isinstance(obj, Organization):
        add_place(obj.country)
    elif isinstance(obj, Place):
        if obj.place_type == "country":
            add("country", obj.title)
        add_place(obj.part_of)
    elif isinstance(obj, Claim):
        add("claim status", CLAIM_STATUSES[obj.status])
        add_related(referred(obj.speaker))
        for target in obj.about:
            add_related(referred(target))
    elif isinstance(obj, Note):
        for target in obj.about:
            add_related(referred(target))
    return {name: values for name, values in found.items() if values}


def _year(incident: Incident) -> str | None:
    return incident.date[:4] if incident.date else None


def metadata(obj: AnnotationObject) -> dict[str, str]:
    """What a search result carries besides its title and snippet.

    ``kind`` and ``also called`` are shown; ``names`` (title and aliases, as a JSON list) lets
    the search page put the object a query names exactly above pages that only mention it.
    """
    meta = {"kind": KIND_LABELS[obj.kind], "names": json.dumps([obj.title, *obj.aliases])}
    if obj.aliases:
        meta["also called"] = ", ".join(obj.aliases)
    return meta


def _data_node(obj: AnnotationObject, domain: GlossatorDomain) -> htmlnodes.search_data:
    data = htmlnodes.search_data()
    for name, values in facets(obj, domain).items():
        for value in values:
            data += htmlnodes.search_field(name=name, value=value)
    for name, value in metadata(obj).items():
        data += htmlnodes.search_field(name=name, value=value, meta=True)
    return data


def render(
    doctree: nodes.document, domain: GlossatorDomain, builder: Builder, docname: str
) -> None:
    """Fill the filter placeholders and mark the page's content for the index (HTML only)."""
    html = builder.format == "html"
    for placeholder in list(doctree.findall(search_facets)):
        entry = domain.objects.get(placeholder.get("object_id", ""))
        if not html or entry is None or entry.docname != docname:
            placeholder.replace_self([])
            continue
        placeholder.replace_self(_data_node(entry.obj, domain))
    wrapped = len(doctree.children) == 1 and isinstance(doctree[0], htmlnodes.search_body)
    if html and doctree.children and not wrapped:
        body = htmlnodes.search_body()
        body.extend(doctree.children[:])
        doctree.children = []
        doctree += body


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
        yield "search", {"title": "Search", "search_filters": FILTERS}, "glossator-search.html"


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain: GlossatorDomain = app.env.domains["glossator"]  # type: ignore[assignment]
    render(doctree, domain, app.builder, docname)


def setup(app: Sphinx) -> None:
    app.add_node(search_facets)
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-collect-pages", _on_collect_pages)
    # after the other handlers, so the body wrapper holds the finished page
    app.connect("doctree-resolved", _on_doctree_resolved, priority=900)

"""The place index (``{glossator-places}``): where incidents happened, as nested plain text.

A map would need map tiles from the network; this index needs nothing. Places are nested by
``part_of`` (country, then province, then town or facility); under each place are the
incidents that happened there, with their dates as precisely as known, and its coordinates
when a source gives them. Incidents placed only in a country are listed under that country.
Built once per build on one page, in O(places + incidents).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from glossator.model import Incident, Place
from glossator.sphinx import htmlnodes
from glossator.sphinx.domain import GlossatorDomain, ObjectEntry
from glossator.sphinx.timeline import date_text, sort_key


class place_index(nodes.General, nodes.Element):
    """Where the place index goes; filled in at write time from the domain's places."""


class PlaceIndex(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        domain: GlossatorDomain = self.env.domains["glossator"]  # type: ignore[assignment]
        domain.note_listing(self.env.docname, "place")
        domain.note_listing(self.env.docname, "incident")
        return [place_index()]


def coordinates_text(place: Place) -> str | None:
    """``35.1234°N, 40.1234°E (approximate)``; None when no source gives coordinates."""
    c = place.coordinates
    if c is None:
        return None
    lat = f"{abs(c.lat):.4f}\u00b0{'N' if c.lat >= 0 else 'S'}"
    lon = f"{abs(c.lon):.4f}\u00b0{'E' if c.lon >= 0 else 'W'}"
    return f"{lat}, {lon} ({c.precision})"


def tree(domain: GlossatorDomain) -> tuple[list[str], dict[str, list[str]]]:
    """``(roots, children)``: place ids nested by ``part_of``, each level sorted by title.

    A place whose parent is unknown, not a place, or part of a ``part_of`` cycle is a root,
    so every place is shown exactly once.
    """
    places = {e.obj.id: e.obj for e in domain.objects_of_kind("place")}
    children: dict[str, list[str]] = defaultdict(list)
    roots: list[str] = []
    for ident, place in places.items():
        assert isinstance(place, Place)
        parent = domain.lookup(place.part_of) if place.part_of else None
        if parent is None or parent.obj.id not in places or _in_cycle(ident, places, domain):
            roots.append(ident)
        else:
            children[parent.obj.id].append(ident)

    def by_title(ident: str) -> tuple[str, str]:
        return (places[ident].title.casefold(), ident)

    for ident in children:
        children[ident].sort(key=by_title)
    return sorted(roots, key=by_title), dict(children)


def _in_cycle(start: str, places: dict[str, Any], domain: GlossatorDomain) -> bool:
    seen = {start}
    current = places[start]
    while current.part_of:
        parent = domain.lookup(current.part_of)
        if parent is None or parent.obj.id not in places:
            return False
        if parent.obj.id in seen:
            return True
        seen.add(parent.obj.id)
        current = places[parent.obj.id]
    return False


def incidents_by_place(domain: GlossatorDomain) -> dict[str, list[ObjectEntry]]:
    """Incidents under their place, or under their country when no place is given."""
    found: dict[str, list[ObjectEntry]] = defaultdict(list)
    for entry in sorted(domain.objects_of_kind("incident"), key=sort_key):
        incident = entry.obj
        assert isinstance(incident, Incident)
        for target in (incident.place, incident.country):
            where = domain.lookup(target) if target else None
            if where is not None and where.obj.kind == "place":
                found[where.obj.id].append(entry)
                break
    return dict(found)


def _link(builder: Builder, fromdoc: str, entry: ObjectEntry) -> nodes.reference:
    ref = nodes.reference(
        "", "", internal=True, refuri=builder.get_relative_uri(fromdoc, entry.docname)
    )
    ref += htmlnodes.bidi("", entry.obj.title)
    return ref


def render(node: place_index, domain: GlossatorDomain, builder: Builder, docname: str) -> None:
    roots, children = tree(domain)
    if not roots:
        node.replace_self(nodes.paragraph("", "No places yet."))
        return
    happened = incidents_by_place(domain)

    def place_item(ident: str) -> nodes.list_item:
        entry = domain.objects[ident]
        place = entry.obj
        assert isinstance(place, Place)
        item = nodes.list_item(classes=["glossator-place"], ids=[f"place-{ident}"])
        head = nodes.paragraph()
        head += _link(builder, docname, entry)
        details = [d for d in (place.place_type, coordinates_text(place)) if d]
        if details:
            head += nodes.inline("", f" \u2014 {'; '.join(details)}", classes=["glossator-muted"])
        item += head
        events = happened.get(ident, [])
        if events:
            listed = nodes.bullet_list(classes=["glossator-place-incidents"])
            for event in events:
                assert isinstance(event.obj, Incident)
                para = nodes.paragraph()
                if event.obj.date:
                    para += htmlnodes.time("", date_text(event.obj), datetime=event.obj.date)
                else:
                    para += nodes.inline("", date_text(event.obj))
                para += nodes.Text(": ")
                para += _link(builder, docname, event)
                listed += nodes.list_item("", para)
            item += listed
        kids = children.get(ident, [])
        if kids:
            item += nodes.bullet_list(
                "", *(place_item(k) for k in kids), classes=["glossator-places"]
            )
        return item

    listed = nodes.bullet_list("", *(place_item(r) for r in roots), classes=["glossator-places"])
    node.replace_self(htmlnodes.search_unindexed("", listed))

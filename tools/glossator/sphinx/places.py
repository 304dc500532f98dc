"""The place index (``{glossator-places}``) and each place page's location.

Places are nested by ``part_of`` (country, then province, then town or facility); under each
place are the incidents that happened there, with their dates as precisely as known, and where
the place is: a point from GeoNames (:mod:`glossator.locations`), its precision and, where it
is borrowed, the place it comes from. Incidents placed only in a country are listed under that
country. Built once per build on one page, in O(places + incidents).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from glossator import gazetteer, locations, mapsvg
from glossator.model import Incident, Place
from glossator.sphinx import guards, htmlnodes
from glossator.sphinx.buildstate import state_of
from glossator.sphinx.domain import GlossatorDomain, ObjectEntry
from glossator.sphinx.nodes import place_location
from glossator.sphinx.timeline import date_text, sort_key


class place_index(nodes.General, nodes.Element):
    """Where the place index goes; filled in at write time from the domain's places."""


class place_map(nodes.General, nodes.Element):
    """The map's ``<svg>`` (attribute ``svg``), made and escaped by :mod:`glossator.mapsvg`."""


def _visit_map(self: Any, node: place_map) -> None:
    self.body.append(node["svg"])
    raise nodes.SkipNode


class PlaceIndex(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        domain: GlossatorDomain = self.env.domains["glossator"]  # type: ignore[assignment]
        domain.note_listing(self.env.docname, "place")
        domain.note_listing(self.env.docname, "incident")
        return [place_index()]


def point_text(location: locations.Location) -> str | None:
    """``36.5024°N, 40.7477°E``; None for a location without a point (a country)."""
    if location.lat is None or location.lon is None:
        return None
    lat = f"{abs(location.lat):.4f}\u00b0{'N' if location.lat >= 0 else 'S'}"
    lon = f"{abs(location.lon):.4f}\u00b0{'E' if location.lon >= 0 else 'W'}"
    return f"{lat}, {lon}"


def all_places(domain: GlossatorDomain) -> dict[str, Place]:
    """Every place, by id: made once per build (every place page locates itself among them,
    and listing them scans every object), and anew once the environment is read again."""
    state = state_of(domain.env)
    if state.places is None:
        state.places = {
            e.obj.id: e.obj for e in domain.objects_of_kind("place") if isinstance(e.obj, Place)
        }
    return state.places


def _forget(app: Sphinx, *args: Any) -> None:
    """The objects may have changed: the places are listed anew for the next pages written."""
    state_of(app.env).places = None


def location_nodes(
    location: locations.Location | None,
    domain: GlossatorDomain,
    builder: Builder,
    docname: str,
) -> list[nodes.Node]:
    """Where a place is, in words: point, precision, the place it is taken from, the record."""
    if location is None:
        return [nodes.Text("not located (no GeoNames record; not near or part of a located place)")]
    out: list[nodes.Node] = []
    point = point_text(location)
    own = location.via == location.place
    if point:
        out.append(nodes.Text(f"{point}, {location.words}"))
    elif own and location.precision == "country":
        out.append(nodes.Text("the country as a whole, no point"))
    else:
        out.append(nodes.Text(f"located to {location.words}"))
    if not own:
        via = domain.objects.get(location.via)
        out.append(nodes.Text(", through " if point else " through "))
        out.append(_link(builder, docname, via) if via else nodes.Text(location.via))
    if location.geonames is not None and (own or point):
        out.append(nodes.Text(" ("))
        out.append(
            nodes.reference(
                "", f"GeoNames {location.geonames}", refuri=gazetteer.record_url(location.geonames)
            )
        )
        out.append(nodes.Text(")"))
    elif location.cite and location.cite != gazetteer.CITE:
        out.append(nodes.Text(f" (source: {location.cite})"))
    return out


def render_location(
    node: place_location, domain: GlossatorDomain, builder: Builder, docname: str
) -> None:
    ident = str(node.get("place_id", ""))
    found = locations.locate_all(all_places(domain), only=[ident]).get(ident)
    node.replace_self(nodes.inline("", "", *location_nodes(found, domain, builder, docname)))


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
    located = locations.locate_all(all_places(domain))

    def place_item(ident: str) -> nodes.list_item:
        entry = domain.objects[ident]
        place = entry.obj
        assert isinstance(place, Place)
        item = nodes.list_item(classes=["glossator-place"], ids=[f"place-{ident}"])
        head = nodes.paragraph()
        head += _link(builder, docname, entry)
        # the index says where a place is only when it is located (its page always says)
        where = located.get(ident)
        parts: list[nodes.Node] = [nodes.Text(place.place_type)] if place.place_type else []
        if where is not None:
            if parts:
                parts.append(nodes.Text("; "))
            parts.extend(location_nodes(where, domain, builder, docname))
        if parts:
            head += nodes.inline(
                "", "", nodes.Text(" \u2014 "), *parts, classes=["glossator-muted"]
            )
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
    index = htmlnodes.search_unindexed("", listed)
    drawn = _map(domain, builder, docname, happened, located) if builder.format == "html" else None
    if drawn is None:
        node.replace_self(index)
        return
    node.replace_self(nodes.container("", drawn, index, classes=["glossator-places-layout"]))


LEGEND = (
    "A dot: the town itself. A ring: near or part of a town. A shaded country: located to "
    "the country only (no point is given for it). Places that cannot be located (regions "
    "without a GeoNames record) are in the list only. Each marker links to its place. "
    "Locations: GeoNames; boundaries: the world.geo.json outlines that the countryinfo "
    "package ships."
)


def _map(
    domain: GlossatorDomain,
    builder: Builder,
    docname: str,
    happened: dict[str, list[ObjectEntry]],
    located: dict[str, locations.Location],
) -> nodes.Node | None:
    """The map of the places where incidents happened, or None when none can be drawn."""
    points: list[mapsvg.Marker] = []
    by_country: dict[str, tuple[str, int]] = {}
    country_codes = gazetteer.records(
        frozenset(loc.geonames for loc in located.values() if loc.geonames is not None)
    )
    for ident, events in happened.items():
        where = located.get(ident)
        if where is None:
            continue
        if where.has_point and where.precision != "country":
            entry = domain.objects[ident]
            href = builder.get_relative_uri(docname, entry.docname)
            points.append(
                mapsvg.Marker(
                    entry.obj.title, href, where.precision, len(events), where.lat, where.lon
                )
            )
        elif where.precision == "country" and where.geonames in country_codes:
            record = country_codes[where.geonames or 0]
            title, count = by_country.get(record.country, (where.via, 0))
            by_country[record.country] = (title, count + len(events))
    markers = list(points)
    for code, (via, count) in sorted(by_country.items()):
        country = domain.objects.get(via)
        if country is None:
            continue
        href = builder.get_relative_uri(docname, country.docname)
        markers.append(mapsvg.Marker(country.obj.title, href, "country", count, country=code))
    svg = mapsvg.render(markers, mapsvg.countries(), "Map of the places where incidents happened")
    if svg is None:
        return None
    figure = nodes.container(classes=["glossator-map-figure"])
    figure += place_map(svg=svg)
    figure += nodes.paragraph(LEGEND, LEGEND, classes=["glossator-map-legend"])
    return figure


def setup_places(app: Sphinx) -> None:
    """The place index, the map's node (HTML only: other builders get the text index alone)
    and stylesheet."""
    app.add_node(place_index)
    app.add_node(place_map, html=(_visit_map, None))
    app.add_css_file("glossator-map.css")
    app.add_directive("glossator-places", guards.archive_only(PlaceIndex))
    app.connect("env-updated", _forget)

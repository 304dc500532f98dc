"""``incidents.geojson``: incidents on a map, as an RFC 7946 FeatureCollection.

Only incidents whose place has known coordinates are included, each with the precision the
place page gives (``exact``, ``approximate`` or ``region``). A place without coordinates is not
given any: a point at a country's centre would look like a fact about where something happened.
Positions are ``[longitude, latitude]`` in WGS 84, as RFC 7946 requires.
"""

from __future__ import annotations

from typing import Any

from glossator.exports.data import DATA_DIR, ExportData
from glossator.exports.serialize import dumps
from glossator.model import Incident, Place

FILE = "incidents.geojson"
_HERE = f"{DATA_DIR}/{FILE}"


def _feature(incident: Incident, place: Place, data: ExportData) -> dict[str, Any]:
    coordinates = place.coordinates
    assert coordinates is not None
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": [coordinates.lon, coordinates.lat]},
        "properties": {
            "title": incident.title,
            "date": incident.date,
            "date_precision": incident.date_precision,
            "event_type": incident.event_type,
            "context_only": incident.context,
            "place": place.id,
            "place_title": place.title,
            "geo_precision": coordinates.precision,
            "coordinates_cite": coordinates.cite,
            "country": incident.country,
            "url": data.link(data.object_uri(incident), _HERE),
        },
    }


def collection(data: ExportData) -> dict[str, Any]:
    features = []
    for obj in data.of_kind("incident"):
        assert isinstance(obj, Incident)
        place = data.by_id.get(obj.place or "")
        if isinstance(place, Place) and place.coordinates is not None:
            features.append(_feature(obj, place, data))
    return {"type": "FeatureCollection", "features": features}


def render(data: ExportData) -> bytes:
    return dumps(collection(data)).encode("utf-8")

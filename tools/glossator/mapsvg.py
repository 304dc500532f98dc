"""A static SVG map of where incidents happened, drawn at build time with nothing downloaded.

Country boundaries come from the world.geo.json outlines that the PyPI package ``countryinfo``
ships (MIT); points come from GeoNames (:mod:`glossator.locations`). Each marker shows the
precision of its place, as the conflict-event datasets record it:

* a dot: the town itself (ACLED's geo_precision 1);
* a ring around the town: near it or part of it (geo_precision 2);
* a shaded country: located to the country only (no point is invented for it).

The map is an equirectangular projection of the area that holds the markers, scaled by the
cosine of its middle latitude, in one ``<svg>`` whose colours are CSS classes (so a dark theme
restyles it) and whose ``viewBox`` lets it shrink to a phone's width. Every marker is a link
to its place page, with the place's name as its accessible name. All text is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

WIDTH = 800.0
"""Width of the drawing in SVG units (the height follows the area's shape)."""
PADDING = 3.0
"""Degrees of margin around the markers."""

Ring = list[tuple[float, float]]
"""A closed outline, as (longitude, latitude) pairs."""


@dataclass(frozen=True)
class Marker:
    """One place on the map: a point (town, near) or a country to shade."""

    title: str
    href: str
    kind: Literal["town", "near", "region", "country"]
    incidents: int
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    """ISO 3166 alpha-2 code, for a country to shade."""


@dataclass(frozen=True)
class Country:
    """A country's outline and a point inside it for its label."""

    iso: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    label: tuple[float, float] | None


def countries() -> dict[str, Country]:
    """Every country outline that ``countryinfo`` ships, by ISO alpha-2 code."""
    from countryinfo import CountryInfo

    out: dict[str, Country] = {}
    for raw in CountryInfo.all().values():
        data: dict[str, Any] = dict(raw)
        iso = (data.get("ISO") or {}).get("alpha2")
        shape = data.get("geoJSON") or {}
        if not iso or not shape:
            continue
        rings = tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in _rings(shape))
        latlng = data.get("latlng") or []
        label = (float(latlng[1]), float(latlng[0])) if len(latlng) == 2 else None
        out[str(iso)] = Country(str(iso), str(data.get("name", iso)), rings, label)
    return out


def _rings(shape: dict[str, Any]) -> Iterator[list[list[float]]]:
    features = shape.get("features", []) if shape.get("type") == "FeatureCollection" else [shape]
    for feature in features:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            yield from geometry.get("coordinates", [])
        elif geometry.get("type") == "MultiPolygon":
            for polygon in geometry.get("coordinates", []):
                yield from polygon


@dataclass(frozen=True)
class Frame:
    """The projection: the area drawn and how degrees become SVG units."""

    west: float
    south: float
    east: float
    north: float

    @property
    def scale(self) -> float:
        return WIDTH / ((self.east - self.west) * self.cos)

    @property
    def cos(self) -> float:
        return max(math.cos(math.radians((self.north + self.south) / 2)), 0.2)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.cos * self.scale, (self.north - lat) * self.scale)

    def touches(self, rings: Iterable[Sequence[tuple[float, float]]]) -> bool:
        for ring in rings:
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            across = xs and min(xs) <= self.east and max(xs) >= self.west
            if across and min(ys) <= self.north and max(ys) >= self.south:
                return True
        return False


def frame(markers: Sequence[Marker], outlines: dict[str, Country]) -> Frame | None:
    """The area around every marker (a shaded country counts whole), with a margin."""
    lons: list[float] = []
    lats: list[float] = []
    for marker in markers:
        if marker.lat is not None and marker.lon is not None:
            lons.append(marker.lon)
            lats.append(marker.lat)
        elif marker.country in outlines:
            for ring in outlines[marker.country].rings:
                lons.extend(p[0] for p in ring)
                lats.extend(p[1] for p in ring)
    if not lons:
        return None
    west, east = min(lons) - PADDING, max(lons) + PADDING
    south, north = max(min(lats) - PADDING, -85.0), min(max(lats) + PADDING, 85.0)
    if east - west < 10:  # a single town: show some of its surroundings
        middle = (east + west) / 2
        west, east = middle - 5, middle + 5
    if north - south < 6:
        middle = (north + south) / 2
        south, north = middle - 3, middle + 3
    return Frame(west, south, east, north)


def _path(rings: Iterable[Sequence[tuple[float, float]]], f: Frame) -> str:
    parts: list[str] = []
    for ring in rings:
        previous: float | None = None
        for index, (lon, lat) in enumerate(ring):
            x, y = f.xy(lon, lat)
            # a jump across the antimeridian starts a new piece instead of a stripe
            jump = previous is not None and abs(lon - previous) > 180
            parts.append(f"{'M' if index == 0 or jump else 'L'}{x:.1f} {y:.1f}")
            previous = lon
        parts.append("Z")
    return "".join(parts)


_SHAPES: dict[str, tuple[str, int]] = {
    "town": ("the town itself", 6),
    "near": ("near or part of the town", 16),
    "region": ("somewhere in the region around this point", 30),
}
"""What each point marker says, and its radius: the less precise, the larger."""


def _incidents(n: int) -> str:
    return f"{n} incident" if n == 1 else f"{n} incidents"


def render(markers: Sequence[Marker], outlines: dict[str, Country], label: str) -> str | None:
    """The ``<svg>`` element, or None when no marker can be drawn."""
    f = frame(markers, outlines)
    if f is None:
        return None
    shaded = {m.country: m for m in markers if m.kind == "country" and m.country in outlines}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="glossator-map" '
        f'viewBox="0 0 {WIDTH:.0f} {f.height:.0f}" role="group" aria-label={quoteattr(label)}>',
        f"<title>{escape(label)}</title>",
        f'<rect class="glossator-map-sea" width="{WIDTH:.0f}" height="{f.height:.0f}"/>',
    ]
    for iso, country in sorted(outlines.items()):
        if iso in shaded or not f.touches(country.rings):
            continue
        out.append(f'<path class="glossator-map-land" d="{_path(country.rings, f)}"/>')
    labels: list[str] = []
    for iso, marker in sorted(shaded.items(), key=lambda kv: str(kv[0])):
        country = outlines[str(iso)]
        name = f"{marker.title}: located to the country only, {_incidents(marker.incidents)}"
        out.append(
            f"<a href={quoteattr(marker.href)} class='glossator-map-country'>"
            f"<title>{escape(name)}</title>"
            f'<path d="{_path(country.rings, f)}"/></a>'
        )
        if country.label is not None:
            x, y = f.xy(*country.label)
            labels.append(_label(marker.title, x, y, "glossator-map-country-label"))
    for marker in markers:
        if marker.kind == "country" or marker.lat is None or marker.lon is None:
            continue
        x, y = f.xy(marker.lon, marker.lat)
        words, radius = _SHAPES[marker.kind]
        name = f"{marker.title}: {words}, {_incidents(marker.incidents)}"
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}"/>'
        out.append(
            f"<a href={quoteattr(marker.href)} class='glossator-map-{marker.kind}'>"
            f"<title>{escape(name)}</title>{shape}</a>"
        )
        offset = radius + 4
        if x > WIDTH * 0.8:  # near the right edge: the name goes to the left, not off the map
            labels.append(_label(marker.title, x - offset, y + 5, "glossator-map-label", "end"))
        else:
            labels.append(_label(marker.title, x + offset, y + 5, "glossator-map-label"))
    out.extend(labels)
    out.append("</svg>")
    return "".join(out)


def _label(text: str, x: float, y: float, css: str, anchor: str = "start") -> str:
    where = f'x="{x:.1f}" y="{y:.1f}"' + (f' text-anchor="{anchor}"' if anchor != "start" else "")
    return f'<text class="{css}" {where} aria-hidden="true">{escape(text)}</text>'

"""The static map: what it draws for each precision, escaping, and the page it is on."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from test_places_site import PAGES

from glossator import mapsvg

from conftest import BuildFn, make_archive

SVG = "{http://www.w3.org/2000/svg}"


def test_each_precision_has_its_own_mark_and_link() -> None:
    markers = [
        mapsvg.Marker("Al-Hasakah", "a.html", "town", 2, 36.50237, 40.74772),
        mapsvg.Marker("Ghweran", "g.html", "near", 1, 36.50237, 40.74772),
        mapsvg.Marker("Iraq", "i.html", "country", 3, country="IQ"),
    ]
    svg = mapsvg.render(markers, mapsvg.countries(), "Map")
    assert svg is not None
    root = ET.fromstring(svg)
    links = {a.get("href"): a for a in root.iter(f"{SVG}a")}
    assert set(links) == {"a.html", "g.html", "i.html"}
    town, ring = links["a.html"].find(f"{SVG}circle"), links["g.html"].find(f"{SVG}circle")
    assert town is not None and ring is not None
    assert float(ring.get("r", 0)) > float(town.get("r", 0))  # the less precise, the larger
    assert (town.get("cx"), town.get("cy")) == (ring.get("cx"), ring.get("cy"))
    assert links["i.html"].find(f"{SVG}path") is not None  # a country is shaded, not pointed
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Iraq: located to the country only, 3 incidents" in titles
    assert "Ghweran: near or part of the town, 1 incident" in titles
    # the frame holds the markers: both points fall inside the drawing
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    assert 0 < float(town.get("cx", -1)) < width and 0 < float(town.get("cy", -1)) < height


def test_hostile_names_are_escaped() -> None:
    name = '<script>alert(1)</script> & "quoted"'
    svg = mapsvg.render(
        [mapsvg.Marker(name, 'x.html" onload="alert(1)', "town", 1, 10.0, 10.0)],
        mapsvg.countries(),
        name,
    )
    assert svg is not None and "<script>" not in svg
    root = ET.fromstring(svg)  # still well-formed
    (link,) = root.iter(f"{SVG}a")
    assert link.get("href") == 'x.html" onload="alert(1)'
    assert set(link.keys()) == {"href", "class"}  # the quote did not open a new attribute


def test_nothing_to_draw_draws_nothing() -> None:
    assert mapsvg.render([], mapsvg.countries(), "Map") is None
    unknown = [mapsvg.Marker("Atlantis", "a.html", "country", 1, country="ZZ")]
    assert mapsvg.render(unknown, mapsvg.countries(), "Map") is None


def test_the_place_index_shows_the_map_beside_the_list(tmp_path: Path, build: BuildFn) -> None:
    root = make_archive(tmp_path / "archive", {**PAGES, **INCIDENT})
    (root / "docs" / "places.md").write_text("# Places\n\n```{glossator-places}\n```\n")
    index = root / "docs" / "index.md"
    index.write_text(index.read_text().replace("bibliography\n", "bibliography\nplaces\n"))
    out = build(root).html
    page = (out / "places.html").read_text(encoding="utf-8")
    layout = page[page.index("glossator-places-layout") :]
    assert layout.index("<svg") < layout.index('class="glossator-places')
    hrefs = re.findall(r"<a href=\"([^\"]+)\" class='glossator-map-(\w+)'", page)
    assert ("annotations/places/prison.html", "near") in hrefs
    assert (out / "annotations/places/prison.html").is_file()


INCIDENT = {
    "incidents/prison-attack.md": """
        ---
        title: An attack on the prison
        date: 2022-01-20
        place: prison
        cites: [rudaw2022sinaa]
        ---
        An attack.
        """,
}

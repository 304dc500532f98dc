"""The open-data exports: each file the build writes to data/, validated against its schema or spec.

One archive is built once for the module (the small fixture archive plus an incident, places and
claims written here); the build's data/ folder and claim pages are then checked file by file,
and compared with a second build and with ``glossator export``.

The fixture pages named "fixture" are test data, not facts: the fixture place's coordinates are
made up (and say so) because the archive itself records no coordinates.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from glossator import archive as archive_mod
from glossator.cli import main
from glossator.exports import FORMATS, archive_json
from glossator.exports.data import Linker
from glossator.exports.serialize import script_json
from glossator.model import CLAIM_STATUSES, MODELS

from conftest import REPO, SOURCE_ID, write
from conftest import make_archive as conftest_archive

SCHEMAS = Path(__file__).parent / "schemas"

HOSTILE_TITLE = 'Fixture claim </script <script & "x" <!- more'
"""What would end a JSON-LD script early (a browser closes one at ``</script`` and a space),
without being HTML to ``glossator check``, which refuses tags in titles (GL303)."""

EXTRA_PAGES = {
    "incidents/hasakah-prison-attack.md": """
        ---
        title: 'Attack on Al-Sina’a Prison, al-Hasakah ("Ghweran prison")'
        date: 2022-01-20
        place: al-hasakah
        country: syria
        actors:
          - ref: isis
            role: perpetrator
        reports:
          - figure: escaped
            words: dozens
            cite: kmiainfo2022resurrected
          - figure: vehicles
            subject: car bombs detonated
            best: 1
            cite: kmiainfo2022resurrected
        anchors:
          - source: isis-resurrection-2022
            exact: "Al-Hasakah prison attack"
        ---
        The attack the article reports first.
        """,
    "places/al-hasakah.md": """
        ---
        title: Al-Hasakah
        summary: Test data, a summary.
        place_type: city
        part_of: syria
        ---
        A city of {place}`syria`.
        """,
    "places/syria.md": """
        ---
        title: Syria
        summary: Test data, a summary.
        place_type: country
        anchors:
          - source: isis-resurrection-2022
            exact: "From Syria and Iraq to the Maghreb"
        ---
        A country.
        """,
    "places/fixture-place.md": """
        ---
        title: Fixture place (test data, not a real location)
        summary: Test data, a summary.
        coordinates:
          lat: -50.5
          lon: -150.25
          precision: region
        ---
        Test data.
        """,
    "incidents/fixture-incident.md": """
        ---
        title: "=Fixture incident (test data)"
        date: 2022
        place: fixture-place
        anchors:
          - source: isis-resurrection-2022
            exact: "Simultaneous operations in the Maghreb"
        ---
        Test data.
        """,
    "claims/fixture-supported.md": f"""
        ---
        title: '{HOSTILE_TITLE}'
        speaker: safaa-al-asam
        claim_kind: factual
        status: supported
        evidence:
          - cite: rudaw2022sinaa
            stance: supports
        anchors:
          - source: isis-resurrection-2022
            exact: "Regarding the escape of ISIS elements"
        ---
        Test data.
        """,
}

CSV_COLUMNS = [
    "event_id",
    "title",
    "event_date",
    "year",
    "date_precision",
    "context_only",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor1_ids",
    "actor2",
    "actor2_ids",
    "other_actors",
    "country",
    "country_id",
    "location",
    "location_id",
    "latitude",
    "longitude",
    "geo_precision",
    "reported_figures",
    "notes",
    "sources",
    "passages",
    "url",
    "geonames_id",
    "geonames_url",
    "location_via",
    "location_cite",
]
"""The published header: a contract with the people who load the file, so it is spelled out."""


def make_archive(root: Path) -> Path:
    """The conftest archive (real source, three pages, docs/) plus this module's pages."""
    return conftest_archive(root, EXTRA_PAGES)


def sphinx_build(
    srcdir: Path, outdir: Path, builder: str = "html", parallel: int = 0
) -> tuple[Path, str]:
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(builder, srcdir=srcdir, builddir=outdir, freshenv=True, parallel=parallel)
    try:
        app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    return outdir / builder, warnings


@dataclass
class Site:
    root: Path
    out: Path
    warnings: str

    @property
    def data(self) -> Path:
        return self.out / "data"

    def json(self, name: str) -> Any:
        return json.loads((self.data / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = make_archive(tmp_path_factory.mktemp("exports") / "archive")
    out, warnings = sphinx_build(root / "docs", root / "docs" / "_build")
    return Site(root, out, warnings)


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


def validate(instance: Any, against: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(against)
    jsonschema.Draft202012Validator(against).validate(instance)


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- the data folder ------------------------------------------------------------------------------


def test_build_writes_every_export(site: Site) -> None:
    assert site.warnings == ""
    assert sorted(files_under(site.data)) == [
        "annotations.jsonld",
        "archive.json",
        "archive.schema.json",
        "incidents.csv",
        "incidents.geojson",
        f"sources/{SOURCE_ID}.txt",
    ]
    # the text beside the exports is the verbatim text, checksum and all
    text = (site.data / "sources" / f"{SOURCE_ID}.txt").read_bytes()
    assert text == (REPO / "sources" / SOURCE_ID / "text.txt").read_bytes()


def test_archive_json_validates_against_the_published_schema(site: Site) -> None:
    published = site.json("archive.schema.json")
    assert published == archive_json.published_schema()
    document = site.json("archive.json")
    validate(document, published)
    assert document["schema"] == "archive.schema.json"
    assert document["schema_version"] == archive_json.SCHEMA_VERSION
    # and the schema does reject what is not an export of the model
    broken = json.loads(json.dumps(document))
    broken["objects"][0]["object"]["unknown_field"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(published).validate(broken)
    broken = json.loads(json.dumps(document))
    broken["objects"][0]["object"]["kind"] = "rumour"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(published).validate(broken)


def test_archive_json_holds_every_object_exactly_as_the_model_does(site: Site) -> None:
    loaded = archive_mod.load(site.root)
    document = site.json("archive.json")
    records = {r["object"]["id"]: r for r in document["objects"]}
    assert set(records) == set(loaded.objects)
    for ident, obj in loaded.objects.items():
        record = records[ident]
        assert MODELS[obj.kind].model_validate(record["object"]) == obj
        assert (site.data / record["url"]).resolve() == (
            site.out / "annotations" / f"{obj.kind}s" / f"{ident}.html"
        ).resolve()
        assert len(record["anchor_spans"]) == len(obj.anchors)
    (source,) = document["sources"]
    assert source["meta"] == loaded.sources[SOURCE_ID].meta.model_dump(mode="json")
    assert (site.data / source["text_url"]).is_file()
    assert (site.data / source["url"]).resolve() == (site.out / f"sources/{SOURCE_ID}.html")


def _shape(schema_part: Any) -> Any:
    """A schema without its descriptions: what a reader of the file depends on."""
    if isinstance(schema_part, dict):
        return {k: _shape(v) for k, v in schema_part.items() if k != "description"}
    if isinstance(schema_part, list):
        return [_shape(v) for v in schema_part]
    return schema_part


def test_committed_schema_follows_the_model() -> None:
    assert _shape(archive_json.published_schema()) == _shape(archive_json.generate_schema()), (
        "the model and tools/glossator/schemas/archive.schema.json disagree: run "
        "'python -m glossator.exports --write-schema', review the diff, and raise "
        "SCHEMA_VERSION in glossator/exports/archive_json.py if old readers would misread the file"
    )


def test_schema_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from glossator.exports import __main__ as writer

    assert writer.main([]) == 2
    target = tmp_path / "glossator" / "exports" / "__main__.py"
    target.parent.mkdir(parents=True)
    (tmp_path / "glossator" / "schemas").mkdir()
    monkeypatch.setattr(writer, "__file__", str(target))
    assert writer.main(["--write-schema"]) == 0
    written = json.loads((tmp_path / "glossator/schemas/archive.schema.json").read_text())
    assert written == archive_json.generate_schema()


# -- W3C Web Annotations ------------------------------------------------------------------------


def annotation_items(site: Site) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = site.json("annotations.jsonld")["first"]["items"]
    return items


def test_annotations_follow_the_w3c_model(site: Site) -> None:
    collection = site.json("annotations.jsonld")
    validate(collection, schema("web-annotation.schema.json"))
    items = collection["first"]["items"]
    assert collection["total"] == len(items)
    ids = [item["id"] for item in items]
    assert len(set(ids)) == len(ids)
    for item in items:
        kinds = [s["type"] for s in item["target"]["selector"]]
        assert kinds == ["TextQuoteSelector", "TextPositionSelector"]
        assert (site.data / item["body"]["id"]).resolve().is_file()
        scope = item["target"]["scope"].partition("#")
        assert (site.data / scope[0]).resolve().is_file() and scope[2].startswith("p")


def test_annotations_reproduce_every_anchor_in_the_source_text(site: Site) -> None:
    loaded = archive_mod.load(site.root)
    expected = {(obj.id, a.exact) for obj in loaded.objects.values() for a in obj.anchors}
    seen: set[tuple[str, str]] = set()
    for item in annotation_items(site):
        target = item["target"]
        text_file = (site.data / target["source"]["id"]).resolve()
        # code points of the text as published beside the exports (and as archived)
        text = text_file.read_bytes().decode("utf-8")
        quote, position = target["selector"]
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote.get("prefix", ""))
        assert text[end:].startswith(quote.get("suffix", ""))
        if start > 0:
            assert quote["prefix"] and text.count(quote["prefix"] + quote["exact"]) >= 1
        body = Path(item["body"]["id"]).stem
        seen.add((body, quote["exact"]))
    assert seen == expected


# -- GeoJSON --------------------------------------------------------------------------------------


def test_geojson_is_rfc_7946_with_only_placed_incidents(site: Site) -> None:
    collection = site.json("incidents.geojson")
    validate(collection, schema("geojson.schema.json"))
    loaded = archive_mod.load(site.root)
    placed = [
        obj
        for obj in loaded.objects.values()
        if obj.kind == "incident"
        and getattr(loaded.objects.get(getattr(obj, "place", None) or ""), "coordinates", None)
    ]
    assert (
        [f["id"] for f in collection["features"]] == [o.id for o in placed] == ["fixture-incident"]
    )
    (feature,) = collection["features"]
    place = loaded.objects["fixture-place"]
    coordinates = getattr(place, "coordinates")  # noqa: B009 - a Place, typed as the base class
    # [longitude, latitude]: RFC 7946 section 3.1.1
    assert feature["geometry"]["coordinates"] == [coordinates.lon, coordinates.lat]
    assert feature["properties"]["geo_precision"] == "region"
    assert feature["properties"]["date_precision"] == "year"


def test_geojson_schema_rejects_swapped_or_foreign_coordinates() -> None:
    checker = jsonschema.Draft202012Validator(schema("geojson.schema.json"))
    point: dict[str, Any] = {"type": "Point", "coordinates": [-150.25, -95.0]}
    bad = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": point, "properties": {}}],
    }
    assert not checker.is_valid(bad)
    bad_crs = {"type": "FeatureCollection", "features": [], "crs": {"type": "name"}}
    assert not checker.is_valid(bad_crs)


# -- CSV ------------------------------------------------------------------------------------------


def test_csv_has_one_row_per_incident_in_stable_columns(site: Site) -> None:
    raw = (site.data / "incidents.csv").read_bytes()
    text = raw.decode("utf-8")
    # RFC 4180: CRLF after every record, quotes only around fields that need them
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert rows[0] == CSV_COLUMNS
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    loaded = archive_mod.load(site.root)
    incidents = sorted(i for i, o in loaded.objects.items() if o.kind == "incident")
    assert [row[0] for row in rows[1:]] == incidents
    by_id = {row[0]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    hasakah = by_id["hasakah-prison-attack"]
    title = loaded.objects["hasakah-prison-attack"].title
    assert hasakah["title"] == title
    assert '"Attack on Al-Sina’a Prison, al-Hasakah (""Ghweran prison"")"' in text
    assert hasakah["event_date"] == "2022-01-20" and hasakah["date_precision"] == "day"
    assert hasakah["actor1"] == "Islamic State (ISIS)" and hasakah["actor1_ids"] == "isis"
    assert hasakah["location"] == "Al-Hasakah" and hasakah["country"] == "Syria"
    assert hasakah["latitude"] == hasakah["longitude"] == ""  # no coordinates: none invented
    assert hasakah["reported_figures"] == (
        'escaped: "dozens" [kmiainfo2022resurrected]; '
        "vehicles, car bombs detonated: best 1 [kmiainfo2022resurrected]"
    )
    assert hasakah["passages"] == f"{SOURCE_ID}#p6"
    fixture = by_id["fixture-incident"]
    assert fixture["title"] == "'=Fixture incident (test data)"  # never a spreadsheet formula
    assert (fixture["latitude"], fixture["longitude"]) == ("-50.5", "-150.25")


def test_csv_cells_never_start_a_formula() -> None:
    from glossator.exports.incidents_csv import neutralise

    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("Al-Hasakah") == "Al-Hasakah"


# -- ClaimReview ----------------------------------------------------------------------------------


def json_ld_scripts(page: Path) -> list[str]:
    return re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        page.read_text(encoding="utf-8"),
        flags=re.DOTALL,
    )


def test_every_claim_page_embeds_its_claim_review(site: Site) -> None:
    loaded = archive_mod.load(site.root)
    claims = [o for o in loaded.objects.values() if o.kind == "claim"]
    assert len(claims) == 2
    for claim in claims:
        page = site.out / "annotations" / "claims" / f"{claim.id}.html"
        (script,) = json_ld_scripts(page)
        review = json.loads(script)
        validate(review, schema("claimreview.schema.json"))
        assert review["claimReviewed"] == claim.title
        assert review["itemReviewed"]["author"]["name"] == "Safaa Al-Asam"
        assert (page.parent / review["url"]).resolve() == page.resolve()
        person = (page.parent / review["itemReviewed"]["author"]["url"]).resolve()
        assert person == (site.out / "annotations/persons/safaa-al-asam.html").resolve()
        status = getattr(claim, "status")  # noqa: B009 - a Claim, typed as the base class
        if status == "attributed-not-assessed":
            # not a verdict: no rating of any kind, and a plain statement instead
            assert "reviewRating" not in review
            assert "not assessed" in review["reviewBody"]
        else:
            assert review["reviewRating"]["alternateName"] == CLAIM_STATUSES[status]
            assert review["citation"] == [
                {
                    "@type": "CreativeWork",
                    "identifier": "rudaw2022sinaa",
                    "description": "Supports the claim",
                }
            ]
    # other pages carry no ClaimReview
    assert json_ld_scripts(site.out / "annotations/persons/safaa-al-asam.html") == []


def test_claim_review_json_cannot_break_out_of_its_script(site: Site) -> None:
    page = site.out / "annotations" / "claims" / "fixture-supported.html"
    raw = page.read_text(encoding="utf-8")
    (script,) = json_ld_scripts(page)
    assert "<" not in script and ">" not in script and "&" not in script
    assert json.loads(script)["claimReviewed"] == HOSTILE_TITLE
    assert "</script <script" not in raw
    assert raw.count("<script") == raw.count("</script>")


def test_script_json_keeps_values_and_escapes_markup() -> None:
    value = {"a": "</script><!-- & \u2028 \u2029 “quoted” ", "b": [1, None, True]}
    text = script_json(value)
    assert json.loads(text) == value
    for char in "<>&\u2028\u2029":
        assert char not in text


# -- determinism and the command line -------------------------------------------------------------


def test_exports_are_byte_identical_across_builds(site: Site, tmp_path: Path) -> None:
    # a second, parallel build: same objects, merged from two processes, same bytes
    again, warnings = sphinx_build(site.root / "docs", tmp_path / "again", parallel=2)
    assert warnings == ""
    assert files_under(again / "data") == files_under(site.data)
    for claim in ("asam-strength", "fixture-supported"):
        page = f"annotations/claims/{claim}.html"
        assert json_ld_scripts(again / page) == json_ld_scripts(site.out / page)


def test_cli_export_writes_what_the_build_writes(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[bytes]
) -> None:
    out = tmp_path / "data"
    assert main(["export", "--format", "all", "--output", str(out), "--root", str(site.root)]) == 0
    assert files_under(out) == files_under(site.data)
    for name, fmt in FORMATS.items():
        capsys.readouterr()
        assert main(["export", "--format", name, "--root", str(site.root)]) == 0
        printed = capsys.readouterr().out
        if fmt.in_data_folder:
            assert printed.encode() == (site.data / fmt.filename).read_bytes()
    target = tmp_path / "one.csv"
    assert (
        main(["export", "--format", "csv", "--output", str(target), "--root", str(site.root)]) == 0
    )
    assert target.read_bytes() == (site.data / "incidents.csv").read_bytes()


def test_cli_claim_reviews_match_the_pages(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "claimreview", "--root", str(site.root)]) == 0
    graph = json.loads(capsys.readouterr().out)
    assert graph["@context"] == "https://schema.org"
    for review in graph["@graph"]:
        validate({"@context": graph["@context"], **review}, schema("claimreview.schema.json"))
        page = site.out / "annotations" / "claims" / Path(review["url"]).name
        (script,) = json_ld_scripts(page)
        embedded = json.loads(script)
        assert embedded["claimReviewed"] == review["claimReviewed"]
        assert embedded["itemReviewed"]["text"] == review["itemReviewed"]["text"]


def test_cli_export_with_a_base_url_writes_absolute_links(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    base = "https://archive.example/site/"
    args = ["export", "--format", "annotations", "--base-url", base, "--root", str(site.root)]
    assert main(args) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["id"] == base + "data/annotations.jsonld"
    item = collection["first"]["items"][0]
    assert item["id"].startswith(base + "data/annotations.jsonld#")
    assert item["target"]["source"]["id"] == f"{base}data/sources/{SOURCE_ID}.txt"


def test_cli_refuses_to_export_an_archive_with_errors(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "broken"
    shutil.copytree(site.root, root, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    write(root / "annotations/persons/nobody.md", "---\ntitle: Nobody\nroles: oops\n---\n")
    out = tmp_path / "data"
    code = main(["export", "--format", "all", "--output", str(out), "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 1
    assert "annotations/persons/nobody.md:3:1: error GL103" in err and "not exporting" in err
    assert not out.exists()


def test_cli_export_usage_errors(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "all", "--root", str(site.root)]) == 2
    assert "--output DIR" in capsys.readouterr().err
    a_file = tmp_path / "file"
    a_file.write_text("x")
    args = ["export", "--format", "all", "--output", str(a_file), "--root", str(site.root)]
    assert main(args) == 2
    assert "is a file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--format", "xml"])


def test_removed_sources_leave_no_stale_text(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "data"
    stale = out / "sources" / "gone.txt"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    assert main(["export", "--format", "all", "--output", str(out), "--root", str(site.root)]) == 0
    assert not stale.exists()
    kept = out / "archive.json"
    before = kept.stat().st_mtime_ns
    assert main(["export", "--format", "all", "--output", str(out), "--root", str(site.root)]) == 0
    assert kept.stat().st_mtime_ns == before  # unchanged bytes are not rewritten


# -- links ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "from_path", "expected"),
    [
        ("annotations/persons/x.html", "data/archive.json", "../annotations/persons/x.html"),
        ("data/sources/s.txt", "data/annotations.jsonld", "sources/s.txt"),
        ("data/annotations.jsonld", "data/annotations.jsonld", "annotations.jsonld"),
        ("sources/s.html#p7", "annotations/claims/c.html", "../../sources/s.html#p7"),
        ("annotations/persons/x/", "annotations/claims/c/", "../../persons/x/"),
        ("index.html", "index.html", "index.html"),
    ],
)
def test_relative_links(target: str, from_path: str, expected: str) -> None:
    assert Linker().link(target, from_path) == expected


def test_absolute_links() -> None:
    linker = Linker("https://archive.example/a")
    assert linker.link("data/x.json", "anything") == "https://archive.example/a/data/x.json"


def test_dirhtml_build_writes_data_with_its_own_page_uris(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive")
    out, warnings = sphinx_build(root / "docs", tmp_path / "build", builder="dirhtml")
    assert warnings == ""
    document = json.loads((out / "data" / "archive.json").read_text())
    urls = {r["object"]["id"]: r["url"] for r in document["objects"]}
    assert urls["safaa-al-asam"] == "../annotations/persons/safaa-al-asam/"
    assert (out / "data" / urls["safaa-al-asam"] / "index.html").is_file()
    page = out / "annotations" / "claims" / "asam-strength" / "index.html"
    (script,) = json_ld_scripts(page)
    assert json.loads(script)["url"] == "./"


def test_text_builders_write_no_data(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive")
    out, _ = sphinx_build(root / "docs", tmp_path / "build", builder="text")
    assert (out / "index.txt").is_file()  # the build did run
    assert not (out / "data").exists()


def test_the_archive_itself_exports_valid_data() -> None:
    """The real archive (not a fixture): every export validates, every anchor is reproduced."""
    from glossator.exports import claim_review, incidents_geojson, web_annotations
    from glossator.exports.data import from_archive

    loaded = archive_mod.load(REPO)
    data = from_archive(loaded)
    document = json.loads(FORMATS["archive"].render(data))
    validate(document, archive_json.published_schema())
    assert len(document["objects"]) == len(loaded.objects)
    validate(incidents_geojson.collection(data), schema("geojson.schema.json"))
    collection = web_annotations.collection(data)
    validate(collection, schema("web-annotation.schema.json"))
    for item in collection["first"]["items"]:
        source_id = Path(item["target"]["source"]["id"]).stem
        text = loaded.sources[source_id].text
        quote, position = item["target"]["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
    anchors = sum(len(obj.anchors) for obj in loaded.objects.values())
    assert collection["total"] == anchors
    graph = claim_review.graph(data)
    claims = [obj for obj in loaded.objects.values() if obj.kind == "claim"]
    assert len(graph["@graph"]) == len(claims)
    for review, claim in zip(graph["@graph"], data.of_kind("claim"), strict=True):
        validate({"@context": graph["@context"], **review}, schema("claimreview.schema.json"))
        rated = getattr(claim, "status") != "attributed-not-assessed"  # noqa: B009
        assert ("reviewRating" in review) is rated
    rows = list(csv.reader(io.StringIO(FORMATS["csv"].render(data).decode(), newline="")))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) - 1 == len([o for o in loaded.objects.values() if o.kind == "incident"])

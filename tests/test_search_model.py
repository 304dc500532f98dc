"""What the build tells search: filters that follow the model, the names index, the prose Pagefind
indexes (and what it leaves out), reference and source pages, incremental rewrites."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from sitepages import add_site_pages

from glossator.search import index as searchindex
from glossator.search import namefold, pagefind
from glossator.search import pages as searchpages
from glossator.sphinx import namesindex

from conftest import BuildFn, Built, build_site, make_archive, write


def search_filters(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<span data-pagefind-filter="([^"\[]+)\[data-value\]" data-value="([^"]*)">', page
    ):
        found.setdefault(html.unescape(name), []).append(html.unescape(value))
    return found


def _with_site_pages(archive_dir: Path) -> Path:
    root = add_site_pages(archive_dir)
    write(root / "docs" / "reference" / "fields.md", "# Fields\n\nThe field reference.\n")
    index = (root / "docs" / "index.md").read_text(encoding="utf-8")
    (root / "docs" / "index.md").write_text(
        index.replace("bibliography\n", "bibliography\nreference/fields\n"), encoding="utf-8"
    )
    return root


@pytest.fixture
def site_root(archive_dir: Path) -> Path:
    """The site archive and a reference page, for a test that changes them."""
    return _with_site_pages(archive_dir)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The same, built once for the tests that only read the build."""
    return build_site(_with_site_pages(make_archive(tmp_path_factory.mktemp("search") / "a")))


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def test_a_place_takes_its_country_from_its_part_of_chain(site: Built) -> None:
    out = site.html
    # Ghweran -> Al-Hasakah Governorate -> Syria
    assert search_filters(read(out, "annotations/places/ghweran.html"))["country"] == ["Syria"]
    assert search_filters(read(out, "annotations/places/al-hasakah-governorate.html"))[
        "country"
    ] == ["Syria"]
    assert search_filters(read(out, "annotations/places/syria.html"))["country"] == ["Syria"]
    # a claim about the prison attack: the attack's country, incident and year; its speaker
    claim = search_filters(read(out, "annotations/claims/al-asam-pyd-ypg-complicity.html"))
    assert claim["country"] == ["Syria"]
    assert claim["person"] == ["Safaa Al-Asam"]
    assert claim["year"] == ["2022"]


def test_a_part_of_cycle_gives_no_country_and_ends(archive_dir: Path, build: BuildFn) -> None:
    for me, other in (("a", "b"), ("b", "a")):
        write(
            archive_dir / f"annotations/places/{me}.md",
            f"---\ntitle: Place {me}\nplace_type: city\npart_of: {other}\n---\n",
        )
    out = build(archive_dir, glossator_check_errors="warn").html
    assert "country" not in search_filters(read(out, "annotations/places/a.html"))


def test_renaming_a_country_rewrites_the_places_below_it(site_root: Path, build: BuildFn) -> None:
    out = build(site_root).html
    syria = site_root / "annotations/places/syria.md"
    syria.write_text(
        syria.read_text(encoding="utf-8").replace("title: Syria", "title: Syrian Arab Republic"),
        encoding="utf-8",
    )
    build(site_root, freshenv=False)
    # two links away from the country: rewritten although it links only to its governorate
    assert search_filters(read(out, "annotations/places/ghweran.html"))["country"] == [
        "Syrian Arab Republic"
    ]


def test_the_source_and_reference_pages_have_their_own_kind(site: Built) -> None:
    out = site.html
    article = search_filters(read(out, "sources/isis-resurrection-2022.html"))
    assert article == {"kind": ["Source"]}
    assert search_filters(read(out, "reference/fields.html")) == {"kind": ["Reference"]}
    assert search_filters(read(out, "index.html")) == {}


def test_names_are_indexed_apart_and_prose_is_marked(site: Built) -> None:
    out = site.html
    page = read(out, "annotations/places/ghweran.html")
    names = re.search(
        r'<div data-pagefind-weight="10" dir="auto" hidden="hidden" id="glossator-search-names">'
        r"([^<]*)</div>",
        page,
    )
    assert names and names[1] == "Ghwayran غويران"
    assert page.count('id="glossator-search-prose"') == 1
    # the header still shows the aliases to readers
    assert 'class="glossator-alias"' in page


def test_the_names_index(site: Built, build: BuildFn) -> None:
    out = site.html
    raw = (out / "_static" / namesindex.FILE).read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    data = namesindex.decode(raw)
    assert data["tables"] == json.loads(json.dumps(namefold.tables(), ensure_ascii=False))
    rows = {row[1]: row for row in data["names"]}
    ghweran = rows["annotations/places/ghweran.html"]
    assert data["kinds"][ghweran[0]] == "Place"
    assert ghweran[2:] == ["Ghweran", ["Ghwayran", "غويران"]]
    kinds = {data["kinds"][row[0]] for row in data["names"]}
    assert kinds == {"Person", "Organization", "Place", "Incident"}  # no claims, no notes
    assert not any("claims/" in address for address in rows)
    # the same archive, the same bytes
    again = build(site.root, outdir=site.root / "again").html
    assert (again / "_static" / namesindex.FILE).read_bytes() == raw


def test_an_alias_that_folds_like_the_title_is_left_out(archive_dir: Path, build: BuildFn) -> None:
    write(
        archive_dir / "annotations/places/x.md",
        "---\ntitle: Al-Sina’a\naliases: [Al-Sina'a, al sinaa, Sinaa]\nplace_type: city\n---\n",
    )
    out = build(archive_dir).html
    data = namesindex.decode((out / "_static" / namesindex.FILE).read_bytes())
    row = next(r for r in data["names"] if r[1] == "annotations/places/x.html")
    assert row[2:] == ["Al-Sina’a", ["Sinaa"]]


def _fragments(bundle: Path) -> dict[str, dict[str, object]]:
    found = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(pagefind.SIGNATURE)
        data = json.loads(raw[len(pagefind.SIGNATURE) :])
        data["id"] = path.stem  # what Pagefind's script calls the result's id
        found[str(data["url"]).lstrip("/")] = data
    return found


def test_pagefind_indexes_prose_not_machinery(site: Built) -> None:
    out = site.html  # the index goes into its own folder, out/pagefind
    assert searchindex.build(out) == []
    fragments = _fragments(out / "pagefind")
    ghweran = fragments["annotations/places/ghweran.html"]
    content = str(ghweran["content"])
    assert content.startswith("Ghweran. Ghwayran غويران. ")
    for machinery in ("#", "Also called", "Place.", " ,", "Part of", "paragraph 33 of"):
        assert machinery not in content, machinery
    assert "The neighbourhood of the prison." in content
    article = str(fragments["sources/isis-resurrection-2022.html"]["content"])
    assert "Coverage:" not in article and "Note The" not in article
    assert "warning bell" in article
    # the search page knows the result ids of the article and of the reference page
    listed = json.loads((out / "_static" / searchpages.FILE).read_text(encoding="utf-8"))
    ids = {url: str(fragment["id"]) for url, fragment in fragments.items()}
    assert listed == {
        "Source": [ids["sources/isis-resurrection-2022.html"]],
        "Reference": [ids["reference/fields.html"]],
    }
    # the article's passages are anchors a result can link to
    anchors = {a["id"] for a in fragments["sources/isis-resurrection-2022.html"]["anchors"]}  # type: ignore[attr-defined]
    assert {"p7", "p16"} <= anchors

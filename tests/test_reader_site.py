"""The reader's site, built in tmp_path: the annotated article, quotes in context, search
attributes, timeline, place index, sortable tables, and byte-identical rebuilds."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sitepages import add_site_pages

from glossator.search import index as searchindex
from glossator.sentences import around, boundaries

from conftest import SOURCE_ID, BuildFn, Built, write

ARTICLE = f"sources/{SOURCE_ID}.html"


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.fixture
def site(reader_build: Built) -> Path:
    assert reader_build.warnings == "", reader_build.warnings
    return reader_build.html


# -- quotes in context (the article page itself: test_reading_room.py) ---------------------------


def test_quote_shows_its_sentence_and_paragraph_number(site: Path) -> None:
    claim = (site / "annotations/claims/al-asam-pyd-ypg-complicity.html").read_text("utf-8")
    quote = re.search(r'<blockquote class="glossator-quote">(.*?)</blockquote>', claim, re.S)
    assert quote
    found = re.search(r'<bdi class="glossator-quote-words"[^>]*>(.*?)</bdi></p>', quote[1], re.S)
    assert found
    words = text_of(found[1])
    # paragraph 18 is one sentence: shown whole, nothing elided
    assert words == (
        "Regarding the escape of ISIS elements from the Syrian prison of Al-Hasakah, Al-Asam "
        "indicated that there was complicity by the terrorist PYD/YPG forces, noting that "
        '"Iraq will be most affected by the escape of terrorist elements."'
    )
    assert 'dir="auto"' in quote[1]
    link = re.sub(r"<(span|bdi) [^>]*>|</(span|bdi)>", "", quote[1])
    assert re.search(rf'href="\.\./\.\./{ARTICLE}#p18"[^>]*>paragraph 18</a> of <em>', link)


def test_a_quote_in_a_long_paragraph_is_cut_to_its_sentence(site: Path) -> None:
    page = (site / "annotations/persons/abd-al-hakim-abu-al-louz.html").read_text("utf-8")
    quote = re.search(r'<bdi class="glossator-quote-words"[^>]*>(.*?)</blockquote>', page, re.S)
    assert quote
    shown = text_of(quote[1])
    assert shown.startswith('Abul-Lawz added that "this hypothesis')
    assert "paragraph 26" in shown


# -- search --------------------------------------------------------------------------------------


def search_fields(page: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    filters: dict[str, list[str]] = {}
    meta: dict[str, str] = {}
    for what, name, value in re.findall(
        r'<span data-pagefind-(filter|meta)="([^"\[]+)\[data-value\]" data-value="([^"]*)">',
        page,
    ):
        if what == "filter":
            filters.setdefault(html.unescape(name), []).append(html.unescape(value))
        else:
            meta[html.unescape(name)] = html.unescape(value)
    return filters, meta


def test_annotation_pages_carry_filters_and_metadata(site: Path) -> None:
    incident = (site / "annotations/incidents/hasakah-prison-attack-2022.html").read_text("utf-8")
    filters, meta = search_fields(incident)
    assert filters == {
        "kind": ["Incident"],
        "country": ["Syria"],
        "incident": ["Attack on Al-Sina’a (Ghweran) prison in al-Hasakah"],
        "year": ["2022"],
    }
    assert meta["kind"] == "Incident"
    assert meta["also called"] == "Al-Hasakah prison attack, Ghweran prison"
    claim = (site / "annotations/claims/al-asam-pyd-ypg-complicity.html").read_text("utf-8")
    filters, _ = search_fields(claim)
    assert filters["claim status"] == ["Attributed, not assessed"]
    assert filters["person"] == ["Safaa Al-Asam"]
    assert filters["incident"] == ["Attack on Al-Sina’a (Ghweran) prison in al-Hasakah"]
    assert filters["year"] == ["2022"]
    person = (site / "annotations/persons/mustafa-al-kadhimi.html").read_text("utf-8")
    assert search_fields(person)[0] == {
        "kind": ["Person"],
        "country": ["Iraq"],
        "person": ["Mustafa al-Kadhimi"],
    }
    # a month-precise incident's actors are people too
    response = (site / "annotations/incidents/iraq-border-security-response-2022.html").read_text(
        "utf-8"
    )
    assert search_fields(response)[0]["person"] == ["Mustafa al-Kadhimi"]


def test_filters_sit_hidden_and_unindexed_and_aliases_are_weighted(site: Path) -> None:
    page = (site / "annotations/places/ghweran.html").read_text("utf-8")
    assert '<div data-pagefind-ignore="" hidden="hidden">' in page
    assert page.count("data-pagefind-body") == 1
    aliases = re.findall(
        r'<span class="glossator-alias" data-pagefind-weight="10" dir="auto"(?: lang="ar")?>'
        r"([^<]*)</span>",
        page,
    )
    assert aliases == ["Ghwayran", "غويران"]
    assert '<h1><bdi dir="auto">Ghweran</bdi><a class="headerlink"' in page


def test_search_values_are_escaped(archive_dir: Path, build: BuildFn) -> None:
    write(
        archive_dir / "annotations/persons/x.md",
        '---\ntitle: A "quoted" <b>name</b> & more\naliases: [\'x" onmouseover="alert(1)\', "a, b: c"]\n'
        "country: y\n---\nText.\n",
    )
    write(
        archive_dir / "annotations/places/y.md",
        "---\ntitle: Y <i>land</i>\nplace_type: country\n---\n",
    )
    out = build(archive_dir).html
    page = (out / "annotations/persons/x.html").read_text("utf-8")
    assert "<b>name</b>" not in page and "<i>land</i>" not in page
    assert 'onmouseover="alert' not in page
    filters, meta = search_fields(page)
    assert filters["person"] == ['A "quoted" <b>name</b> & more']
    assert filters["country"] == ["Y <i>land</i>"]
    assert meta["also called"] == 'x" onmouseover="alert(1), a, b: c'


def test_sphinx_search_is_replaced_by_the_pagefind_page(site: Path) -> None:
    assert not (site / "searchindex.js").exists()
    search = (site / "search.html").read_text("utf-8")
    assert 'id="glossator-search"' in search
    assert 'data-filters="kind,country,person,incident,year,claim status"' in search
    assert "_static/glossator-search.js" in search
    for page in ("index.html", ARTICLE, "annotations/places/ghweran.html", "search.html"):
        text = (site / page).read_text("utf-8")
        assert "searchindex.js" not in text and "searchtools.js" not in text, page
    # only the page's own content is indexed, not the theme's chrome
    inside, outside = _classes_by_search_body((site / "index.html").read_text("utf-8"))
    assert "toctree-wrapper" in inside and "toctree-wrapper" not in outside
    assert "sphinxsidebar" in outside and "sphinxsidebar" not in inside
    assert "related" in outside and "related" not in inside


def _classes_by_search_body(page: str) -> tuple[set[str], set[str]]:
    """CSS classes used inside and outside the element marked ``data-pagefind-body``."""
    from html.parser import HTMLParser

    void = {"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr"}
    inside: set[str] = set()
    outside: set[str] = set()

    class Walker(HTMLParser):
        depth = 0
        body_depth: int | None = None
        bodies = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = dict(attrs)
            if "data-pagefind-body" in found:
                self.bodies += 1
                self.body_depth = self.depth
            classes = set((found.get("class") or "").split())
            (inside if self.body_depth is not None else outside).update(classes)
            if tag not in void:
                self.depth += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in void:
                return
            self.depth -= 1
            if self.body_depth is not None and self.depth == self.body_depth:
                self.body_depth = None

    walker = Walker()
    walker.feed(page)
    assert walker.bodies == 1
    return inside, outside


# -- indexes -------------------------------------------------------------------------------------


def test_timeline_is_chronological_with_honest_precision(site: Path) -> None:
    page = (site / "timeline.html").read_text("utf-8")
    items = re.findall(
        r'<li class="glossator-timeline-item glossator-precision-(\w+)">(.*?)</li>', page, re.S
    )
    shown = [(precision, text_of(body).split("\n")[0].strip()) for precision, body in items]
    assert [p for p, _ in shown] == ["month", "day", "day", "unknown"]
    assert shown[0][1].startswith("January 2022 (month only)")
    assert shown[1][1].startswith("20 January 2022")
    assert shown[2][1].startswith("27 January 2022")
    assert shown[3][1].startswith("Date not reported")
    assert '<time datetime="2022-01">January 2022</time>' in page
    assert '<time datetime="2022-01-20">20 January 2022</time>' in page
    assert re.search(r'<section class="glossator-timeline-year" id="year-2022">\s*<h2>2022', page)
    assert 'id="date-not-reported"' in page


def test_place_index_nests_places_and_lists_incidents(site: Path) -> None:
    page = text_of((site / "place-index.html").read_text("utf-8"))
    lines = [line.strip() for line in page.split("\n") if line.strip()]
    start = lines.index("Algeria — country")
    # country, then its province (with coordinates), then the incident there
    assert lines[start : start + 3] == [
        "Algeria — country",
        "In Guezzam — province; 19.5686°N, 5.7722°E, near or part of a town",
        "27 January 2022: Clash in In Guezzam province, Algeria",
    ]
    # an incident placed only in a country is listed under the country
    iraq = lines.index("Iraq — country")
    assert lines[iraq + 1] == "January 2022: Iraq tightens its border with Syria"
    assert "Date not reported: ISIS attempts at operations against Iraqi forces" in lines
    syria = lines.index("Syria — country")
    assert lines[syria + 1 : syria + 4] == [
        "Al-Hasakah Governorate — province",
        "Ghweran — neighbourhood",
        "20 January 2022: Attack on Al-Sina’a (Ghweran) prison in al-Hasakah",
    ]


def test_place_cycles_do_not_hide_or_repeat_places(archive_dir: Path, build: BuildFn) -> None:
    write(archive_dir / "annotations/places/a.md", "---\ntitle: Place A\npart_of: b\n---\n")
    write(archive_dir / "annotations/places/b.md", "---\ntitle: Place B\npart_of: a\n---\n")
    write(archive_dir / "docs/places.md", "# Places\n\n```{glossator-places}\n```\n")
    out = build(archive_dir, glossator_check_errors="warn").html
    page = text_of((out / "places.html").read_text("utf-8"))
    assert page.count("Place A") == 1 and page.count("Place B") == 1


def test_listing_tables_are_sortable_with_date_keys(site: Path) -> None:
    page = (site / "incidents.html").read_text("utf-8")
    assert re.search(r'<table class="[^"]*glossator-sortable', page)
    keys = re.findall(r'<span data-sort="([^"]*)">', page)
    assert keys == ["2022-01", "2022-01-20", "2022-01-27", "9999"]
    assert "_static/glossator.js" in page


def test_empty_indexes_say_so(archive_dir: Path, build: BuildFn) -> None:
    write(
        archive_dir / "docs/t.md",
        "# T\n\n```{glossator-timeline}\n```\n\n```{glossator-places}\n```\n",
    )
    out = build(archive_dir).html
    page = text_of((out / "t.html").read_text("utf-8"))
    assert "No incidents yet." in page and "No places yet." in page


# -- sentences -----------------------------------------------------------------------------------


def test_sentence_bounds() -> None:
    text = 'He said "it is over." Then he left. A. B. Smith agreed! Why? 10 were killed.'
    assert boundaries(text) == [0, 22, 36, 56, 61]
    assert around(text, 25, 29) == (22, 35)  # "he left" -> its whole sentence
    assert around(text, 0, 40) == (0, 55)  # across two sentences: both, whole
    assert around(text, 61, len(text)) == (61, len(text))
    assert around("no end", 0, 2) == (0, 6)
    assert boundaries("Arabic: قال. ثم غادر.") == [0, 13]


def test_sentence_bounds_refuse_a_span_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside a text of 3 characters"):
        around("abc", 2, 5)
    with pytest.raises(ValueError):
        around("abc", 2, 1)


# -- reproducibility -----------------------------------------------------------------------------


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_clean_builds_are_byte_identical(
    archive_dir: Path, build: BuildFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sphinx's output and the search index, built twice from scratch, are the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1643673600")
    add_site_pages(archive_dir)
    builds = []
    for name in ("one", "two"):
        out = build(archive_dir, outdir=tmp_path / name, html_theme="sphinx_book_theme").html
        assert searchindex.build(out) == []
        builds.append(_files(out))
    one, two = builds
    assert one.keys() == two.keys()
    assert any(name.startswith("pagefind/") for name in one)
    different = [name for name in one if one[name] != two[name]]
    assert different == []

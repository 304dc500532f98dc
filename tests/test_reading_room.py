"""The article page as built (no browser): verbatim text in nested highlights, each passage's
notes after it, the provenance panel, the legend, the downloadable text and ``lang``.

One build of the small site archive serves the whole module (and the reader-site tests): the
tests only read it. What a
reader sees and clicks (geometry, layers, popover, copy) is tested in Chromium, in
``tests/browser/test_reading_room_browser.py``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import REPO, SOURCE_ID, Built

ARTICLE = f"sources/{SOURCE_ID}.html"
LINES = (REPO / "sources" / SOURCE_ID / "text.txt").read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def site(reader_build: Built) -> Path:
    assert reader_build.warnings == ""
    return reader_build.html


@pytest.fixture(scope="module")
def article(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / ARTICLE).read_text(encoding="utf-8"), "html.parser")


def number_of(element: Tag) -> int:
    """A passage's line number: its ``id`` (paragraphs), or its section's (title, headings)."""
    ident = element.get("id") or element.find_parent("section")["id"]
    return int(str(ident)[1:])


def passage_text(element: Tag) -> str:
    """A passage's words: its text without the permalink."""
    copy = BeautifulSoup(str(element), "html.parser")
    for link in copy.select("a.headerlink"):
        link.decompose()
    return copy.get_text()


def test_every_passage_is_its_line_byte_for_byte(article: BeautifulSoup) -> None:
    passages = article.select(".glossator-passage")
    numbers = [number_of(p) for p in passages]
    assert numbers == [n for n, line in enumerate(LINES, start=1) if line.strip()]
    for element, number in zip(passages, numbers, strict=True):
        assert passage_text(element) == LINES[number - 1], number


def test_highlights_nest_one_mark_per_annotation_span(article: BeautifulSoup) -> None:
    p16 = article.select_one("#p16")
    assert p16 is not None
    marks = p16.select("mark.glossator-mark")
    # a mark holds its span's words whole; marks are never links, so nothing nests links
    assert p16.select("mark a") == []
    by_id: dict[str, list[Tag]] = {}
    for mark in marks:
        by_id.setdefault(str(mark["data-annotation"]), []).append(mark)
    assert by_id["safaa-al-asam"][0].get_text() == "Safaa Al-Asam"
    # the note "strength of ISIS" lies inside the claim: a mark inside the claim's mark
    note = by_id["strength-wording"][0]
    assert note.get_text() == "strength of ISIS"
    assert note.find_parent("mark")["data-annotation"] == "asam-strength"
    # 'sees "an increase' crosses the claim's start: the claim goes on after it, flagged
    sees = by_id["sees-wording"][0]
    assert sees.get_text() == 'sees "an increase'
    claim = by_id["asam-strength"]
    assert [m.get_text() for m in claim] == ["an increase", " in the strength of ISIS"]
    assert claim[0].find_parent("mark") is sees and claim[1].has_attr("data-continues")
    assert claim[0]["id"] == "hl-asam-strength" and not claim[1].has_attr("id")
    assert "".join(m.get_text() for m in claim) == "an increase in the strength of ISIS"
    assert claim[0]["title"] == "Claim: ISIS grew stronger"
    assert claim[0]["class"] == ["glossator-mark", "glossator-mark-claim"]


def test_each_passage_is_followed_by_its_notes(article: BeautifulSoup) -> None:
    for aside in article.select("aside.glossator-margin"):
        number = aside["data-passage"]
        before = aside.find_previous_sibling()
        assert before is not None and before.get("id") == f"p{number}", number
        assert aside["aria-label"] == f"Annotations of paragraph {number}"
    aside = article.select_one('aside[data-passage="16"]')
    items = aside.select("li[data-annotation]")
    assert [(li["data-kind"], li.get_text(" ", strip=True)) for li in items] == [
        ("person", "Person Safaa Al-Asam"),
        ("note", 'Note The verb "sees"'),
        ("claim", "Claim ISIS grew stronger"),
        ("note", 'Note The wording "strength of ISIS"'),
    ]
    assert items[0].a["href"] == "../annotations/persons/safaa-al-asam.html"
    toggle = aside.select_one("details.glossator-notes > summary")
    assert toggle.get_text() == "4 notes on paragraph 16"
    assert aside.has_attr("data-pagefind-ignore")
    # a passage without annotations has no notes
    assert article.select_one('aside[data-passage="2"]') is None


def test_the_notes_of_a_long_list_show_the_first_few_and_the_rest_on_demand(
    article: BeautifulSoup,
) -> None:
    for aside in article.select("aside.glossator-margin"):
        more = aside.select_one("details.glossator-more")
        items = aside.select("li[data-annotation]")
        if more is None:
            continue
        hidden = more.select("li[data-annotation]")
        assert more.summary.get_text() == f"+{len(hidden)} more"
        assert 2 <= len(hidden) < len(items)


def test_the_article_page_has_no_right_column_and_loads_the_reading_script(
    site: Path, article: BeautifulSoup
) -> None:
    scripts = [s.get("src", "") for s in article.select("script")]
    assert any(s.split("?")[0].endswith("_static/glossator-reading.js") for s in scripts)
    other = (site / "annotations/claims/asam-strength.html").read_text(encoding="utf-8")
    assert "glossator-reading.js" not in other


def test_the_provenance_panel(site: Path, article: BeautifulSoup) -> None:
    panel = article.select_one(".glossator-provenance")
    fields = {
        dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in panel.select("dl.glossator-provenance-fields > dt")
    }
    assert fields["Publisher"].startswith("unknown (first publisher unknown")
    assert fields["Author"] == "unknown (no author or agency is shown)"
    assert fields["Copy seen at"] == (
        "https://www.kmiainfo.com/2022/02/from-syria-and-iraq-to-maghreb-will.html"
    )
    assert fields["Language"] == "English, likely a translation"
    assert fields["Retrieved"] == "not recorded"
    assert fields["SHA-256"] == ("b764ef7730189ebeb5c0c59ab2418a21f674c7459030e0ac2b5b7cba6fee3449")
    assert fields["Coverage"].startswith("8 of 31 passages with content (26%) carry at least one")
    summary = panel.select_one("details.glossator-about > summary").get_text()
    assert summary == (
        "About this text: publisher unknown \u00b7 author unknown \u00b7 published unknown "
        "\u00b7 English, likely a translation"
    )
    assert panel["data-citation"].startswith(
        "\u201cFrom Syria and Iraq to the Maghreb Will the terrorist organization ISIS be "
        "resurrected?\u201d Author unknown. Publisher unknown; copy seen at https://"
    )
    # the verbatim text can be downloaded, and is the text byte for byte
    link = panel.select_one("a.glossator-download")
    assert link["download"] == f"{SOURCE_ID}.txt"
    published = (site / "sources" / link["href"]).read_bytes()
    assert published == (REPO / "sources" / SOURCE_ID / "text.txt").read_bytes()


def test_the_legend_counts_the_annotations_of_each_kind(article: BeautifulSoup) -> None:
    kinds: Counter[str] = Counter()
    seen: set[str] = set()
    for mark in article.select("mark.glossator-mark"):
        ident = mark["data-annotation"]
        if ident not in seen:
            seen.add(ident)
            kinds[mark["class"][1].removeprefix("glossator-mark-")] += 1
    legend = {
        li["data-kind"]: int(li.select_one(".glossator-layer-count").get_text())
        for li in article.select("ul.glossator-legend > li")
    }
    assert legend == dict(kinds)
    assert list(legend) == [
        k for k in ("incident", "person", "organization", "place", "claim", "note") if k in legend
    ]


def test_arabic_names_carry_their_language_and_are_isolated(site: Path) -> None:
    page = BeautifulSoup(
        (site / "annotations/organizations/isis.html").read_text(encoding="utf-8"), "html.parser"
    )
    arabic = [e for e in page.select("[dir=auto]") if e.get_text() == "داعش"]
    assert arabic and all(e.get("lang") == "ar" for e in arabic)
    latin = [e for e in page.select("[dir=auto]") if e.get_text() == "Daesh"]
    assert latin and all(not e.has_attr("lang") for e in latin)
    listing = BeautifulSoup((site / "listings.html").read_text(encoding="utf-8"), "html.parser")
    assert [e.get_text() for e in listing.select("[lang=ar]")] == ["داعش"]


def test_the_html_of_a_passage_and_its_notes(article: BeautifulSoup, file_regression: Any) -> None:
    """A snapshot of paragraph 16 and its notes: a change to the markup shows as a diff."""
    p16 = article.select_one("#p16")
    aside = article.select_one('aside[data-passage="16"]')
    file_regression.check(f"{p16}\n{aside}\n", extension=".html")

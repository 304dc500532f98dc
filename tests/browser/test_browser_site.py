"""The reader's site in a real browser: Debian's Chromium driven by Playwright.

The small site archive (fixtures ``site``, ``base_url``, ``browser`` and ``page`` of
:mod:`browser_fixtures`) is built once per session with sphinx-book-theme, indexed with
Pagefind and served on 127.0.0.1. Screenshots, a PDF and the axe reports are written to
``test-artifacts/``. Where Chromium is not installed, every test here is skipped and says why.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from browser_fixtures import Problems, artifact, serious_violations, skip_without_chromium

ARTICLE = "sources/isis-resurrection-2022.html"

pytestmark = [pytest.mark.browser, skip_without_chromium]


def search(page: Any, base_url: str, query: str) -> list[Any]:
    from urllib.parse import quote

    page.goto(f"{base_url}search.html?q={quote(query)}")
    page.wait_for_selector("#glossator-search[data-ready]")
    page.wait_for_function(
        "document.querySelector('#glossator-search-status').textContent.includes('result')"
    )
    return list(page.query_selector_all("li.glossator-search-result"))


# -- the annotated article -----------------------------------------------------------------------


def test_clicking_a_highlight_opens_its_annotation(page: Any, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    page.click("#p16 mark[data-annotation='safaa-al-asam']")
    popover = page.get_by_role("dialog")
    assert popover.locator("li").all_inner_texts() == ["PERSON Safaa Al-Asam"]
    popover.get_by_role("link", name="Safaa Al-Asam").click()
    page.wait_for_url("**/annotations/persons/safaa-al-asam.html")
    assert page.inner_text("h1").startswith("Safaa Al-Asam")
    # and back: the quote on that page links to its paragraph, which the article marks
    page.click("blockquote.glossator-quote .attribution a")
    page.wait_for_url(f"**/{ARTICLE}#p16")
    assert page.evaluate("document.querySelector(':target').id") == "p16"
    assert page.problems.found == []


def test_margin_notes_list_every_annotation_of_a_paragraph(page: Any, base_url: str) -> None:
    page.goto(base_url + ARTICLE + "#p16")
    notes = page.locator("aside[aria-label='Annotations of paragraph 16'] li[data-annotation]")
    assert notes.all_text_contents() == [
        "Person Safaa Al-Asam",
        'Note The verb "sees"',
        "Claim ISIS grew stronger",
        'Note The wording "strength of ISIS"',
    ]
    # in the margin: to the right of the paragraph, on a wide screen
    paragraph = page.locator("#p16").bounding_box()
    aside = page.locator("aside[aria-label='Annotations of paragraph 16']").bounding_box()
    assert aside["x"] >= paragraph["x"] + paragraph["width"] - 1
    # the nested note's words list the note first, then the claim around it
    page.click("#p16 mark[data-annotation='strength-wording']")
    listed = page.get_by_role("dialog").locator("li").all_inner_texts()
    assert listed == ['NOTE The wording "strength of ISIS"', "CLAIM ISIS grew stronger"]


def test_the_desktop_article_screenshot(page: Any, base_url: str) -> None:
    page.goto(base_url + ARTICLE + "#p16")
    page.screenshot(path=str(artifact("article-desktop.png")))
    assert artifact("article-desktop.png").stat().st_size > 0


# -- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first", "kind"),
    [
        ("Daesh", "annotations/organizations/isis.html", "Organization"),
        ("Ghweran", "annotations/places/ghweran.html", "Place"),
        ("Abul-Lawz", "annotations/persons/abd-al-hakim-abu-al-louz.html", "Person"),
        ("Al-Kadhimi", "annotations/persons/mustafa-al-kadhimi.html", "Person"),
        ("Ain Qezzam", "annotations/places/in-guezzam.html", "Place"),
        ("غويران", "annotations/places/ghweran.html", "Place"),
    ],
)
def test_an_alias_finds_its_page_first(
    page: Any, base_url: str, query: str, first: str, kind: str
) -> None:
    results = search(page, base_url, query)
    assert results, f"no result for {query}"
    link = results[0].query_selector(".glossator-search-result-title a")
    assert link.get_attribute("href").endswith(first)
    assert results[0].query_selector(".glossator-kind-label").text_content() == kind
    snippet = results[0].query_selector(".glossator-search-result-excerpt").inner_text()
    assert snippet.strip()
    assert page.problems.found == []


def test_the_theme_search_box_leads_to_results(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill("Daesh")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=Daesh")
    page.wait_for_selector("li.glossator-search-result")
    first = page.locator(".glossator-search-result-title a").first
    assert first.get_attribute("href").endswith("annotations/organizations/isis.html")


def result_count(page: Any) -> int:
    """The number of results the status line reports (more than the first page shows)."""
    status = page.locator("#glossator-search-status").inner_text()
    match = re.match(r"(\d+) results?", status)
    assert match, status
    return int(match.group(1))


def open_filters(page: Any) -> None:
    page.locator("#glossator-search-filter-box > summary").click()
    page.wait_for_selector("fieldset[data-filter='kind'] .glossator-filter-count:not(:empty)")


def test_filters_are_fetched_only_when_asked_for(page: Any, base_url: str) -> None:
    """Every filter value of a large archive weighs more than a query's word index."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    search(page, base_url, "ISIS")
    assert not any(url.endswith(".pf_filter") for url in fetched)
    assert not page.locator("#glossator-search-filter-box").get_attribute("open")
    assert page.locator("fieldset[data-filter]").count() == 0
    open_filters(page)
    assert any(url.endswith(".pf_filter") for url in fetched)
    # the counts are those of the current results
    count = page.locator("fieldset[data-filter='kind'] label", has_text="Organization")
    assert "(" in count.inner_text()
    assert page.problems.found == []


def test_results_come_ten_at_a_time(page: Any, base_url: str) -> None:
    """Each shown result is a fetch of its own (its fragment): the rest wait for a click."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    shown = search(page, base_url, "ISIS")
    total = result_count(page)
    assert total > 10 and len(shown) == 10
    assert sum(url.endswith(".pf_fragment") for url in fetched) == 10
    page.locator("#glossator-search-more").click()
    page.wait_for_function(
        f"document.querySelectorAll('li.glossator-search-result').length === {min(total, 20)}"
    )
    assert page.locator("#glossator-search-more").is_visible() == (total > 20)
    assert page.problems.found == []


def test_a_filter_narrows_the_results(page: Any, base_url: str) -> None:
    search(page, base_url, "ISIS")
    everything = result_count(page)
    kinds = page.locator("li.glossator-search-result .glossator-kind-label").all_text_contents()
    assert len(set(kinds)) > 1
    open_filters(page)
    page.locator("fieldset[data-filter='kind'] label", has_text="Claim").click()
    page.wait_for_function("location.search.includes('kind=Claim')")
    page.wait_for_function(
        "[...document.querySelectorAll('li.glossator-search-result .glossator-kind-label')]"
        ".every(e => e.textContent === 'Claim')"
    )
    assert 0 < result_count(page) < everything
    # the narrowed search is an address: reloading it gives the same results and checked box
    page.reload()
    page.wait_for_selector("li.glossator-search-result")
    page.wait_for_selector("fieldset[data-filter='kind']")
    assert page.locator("#glossator-search-filter-box").get_attribute("open") is not None
    assert page.locator("fieldset[data-filter='kind'] input[value='Claim']").is_checked()
    assert set(page.locator(".glossator-kind-label").all_text_contents()) == {"Claim"}
    # filters of other kinds narrow too: by country, without any words
    page.goto(base_url + "search.html?country=Algeria")
    page.wait_for_selector("li.glossator-search-result")
    titles = page.locator(".glossator-search-result-title a").all_inner_texts()
    assert "In Guezzam" in titles and "Ghweran" not in titles
    assert page.problems.found == []


def test_a_filter_with_many_values_shows_the_largest_first(page: Any, base_url: str) -> None:
    """As with thousands of people in a large archive: here, more than two values is many."""

    def fewer(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace('data-values-shown="12"', 'data-values-shown="2"')
        route.fulfill(response=response, body=body)

    page.route("**/search.html*", fewer)
    search(page, base_url, "ISIS")
    open_filters(page)
    kinds = page.locator("fieldset[data-filter='kind'] .glossator-filter-value")
    assert kinds.count() > 2
    visible = [
        row.locator("input").get_attribute("value") for row in kinds.all() if row.is_visible()
    ]
    totals = page.evaluate(
        "(async () => (await (await import('./pagefind/pagefind.js')).filters()).kind)()"
    )
    largest = sorted(totals, key=lambda kind: (-totals[kind], kind))[:2]
    assert visible == largest
    more = page.locator("fieldset[data-filter='kind'] button.glossator-filter-more")
    assert more.inner_text() == f"Show {kinds.count() - 2} more"
    more.click()
    assert all(row.is_visible() for row in kinds.all())


# -- phone, dark mode, print, right-to-left ------------------------------------------------------


def test_phone_width(browser: Any, base_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    try:
        tab = context.new_page()
        problems = Problems(tab)
        for path, name in (
            (ARTICLE + "#p16", "article-phone.png"),
            ("search.html?q=Daesh", "search-phone.png"),
        ):
            tab.goto(base_url + path)
            if "search" in path:
                tab.wait_for_selector("li.glossator-search-result")
            tab.screenshot(path=str(artifact(name)))
            # nothing wider than the screen: no sideways scrolling
            assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
                path
            )
        # the margin notes sit in the text column, full width, not squeezed beside it
        aside = tab.locator("aside.glossator-margin").first
        tab.goto(base_url + ARTICLE)
        box = tab.locator("aside.glossator-margin").first.bounding_box()
        assert box["width"] > 250, box
        assert aside is not None and problems.found == []
    finally:
        context.close()


def test_dark_mode_keeps_highlights_readable(browser: Any, base_url: str) -> None:
    colours = {}
    for mode in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(f"localStorage.setItem('mode', '{mode}')")
        tab = context.new_page()
        tab.goto(base_url + ARTICLE + "#p16")
        assert tab.evaluate("document.documentElement.dataset.theme") == mode
        colours[mode] = tab.evaluate(
            "(() => { const m = document.querySelector('#p16 mark');"
            " const s = getComputedStyle(m); return [s.backgroundColor, s.color]; })()"
        )
        tab.screenshot(path=str(artifact(f"article-{mode}.png")))
        context.close()
    assert colours["light"] != colours["dark"]


def test_print_hides_the_chrome_and_shows_where_links_go(page: Any, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    page.emulate_media(media="print")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.bd-sidebar-primary')).display")
        == "none"
    )
    after = page.evaluate(
        "getComputedStyle(document.querySelector('aside.glossator-margin a'), '::after').content"
    )
    assert "annotations/" in after
    page.pdf(path=str(artifact("article-print.pdf")))
    assert artifact("article-print.pdf").read_bytes().startswith(b"%PDF")


def test_arabic_text_runs_right_to_left(page: Any, base_url: str) -> None:
    page.goto(base_url + "annotations/places/ghweran.html")
    arabic = page.locator(".glossator-alias", has_text="غويران")
    latin = page.locator(".glossator-alias", has_text="Ghwayran")
    assert arabic.evaluate("e => e.matches(':dir(rtl)')")
    assert latin.evaluate("e => e.matches(':dir(ltr)')")
    page.goto(base_url + "annotations/organizations/isis.html")
    assert page.locator(".glossator-alias", has_text="داعش").evaluate("e => e.matches(':dir(rtl)')")


def test_listing_tables_sort_by_their_columns(page: Any, base_url: str) -> None:
    page.goto(base_url + "incidents.html")

    def dates() -> list[str]:
        return list(
            page.locator("table.glossator-sortable tbody [data-sort]").evaluate_all(
                "cells => cells.map(c => c.dataset.sort)"
            )
        )

    assert dates() == sorted(dates())
    header = page.locator("table.glossator-sortable th").first
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert dates() == sorted(dates())
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert dates() == sorted(dates(), reverse=True)
    page.locator("table.glossator-sortable th button", has_text="Incident").click()
    names = page.locator("table.glossator-sortable tbody tr td:nth-child(2)").all_inner_texts()
    assert names == sorted(names, key=str.casefold)


# -- console and accessibility -------------------------------------------------------------------

MAIN_PAGES = [
    "index.html",
    ARTICLE,
    "annotations/claims/al-asam-pyd-ypg-complicity.html",
    "annotations/places/ghweran.html",
    "timeline.html",
    "place-index.html",
    "incidents.html",
    "listings.html",
    "search.html?q=Daesh",
]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_no_console_errors(page: Any, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.problems.found == []


AXE_PAGES = {
    "article": ARTICLE,
    "annotation": "annotations/claims/al-asam-pyd-ypg-complicity.html",
    "timeline": "timeline.html",
    "places": "place-index.html",
    "bibliography": "bibliography.html",
    "search": "search.html?q=Daesh",
}


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_no_serious_accessibility_violations(
    browser: Any, base_url: str, name: str, mode: str
) -> None:
    ready = "li.glossator-search-result" if name == "search" else None
    serious = serious_violations(browser, base_url + AXE_PAGES[name], f"{name}-{mode}", mode, ready)
    assert serious == [], json.dumps(serious, indent=2)


def test_the_permalink_of_a_paragraph(page: Any, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    link = page.locator("#p18 a.headerlink")
    assert link.get_attribute("href") == "#p18"
    page.hover("#p18")  # shown on hover (and on keyboard focus), like the theme's heading links
    link.click()
    assert re.search(r"#p18$", page.url)
    assert page.evaluate("document.querySelector(':target').id") == "p18"


@pytest.mark.parametrize("path", ["performance.html", "reference/architecture.html"])
def test_long_file_names_in_the_docs_wrap_on_a_phone_only(
    browser: Any, real_url: str, path: str
) -> None:
    """The performance and reference pages name files like ``docs/bench/results-...json`` in
    running text: on a phone such a name breaks rather than widening the page; on a desktop
    each piece of it stays on one line, as before (Sphinx splits a literal at its spaces)."""
    widest = (
        "() => Math.max(...[...document.querySelectorAll('article p code.literal span.pre')]"
        ".map(c => c.getClientRects().length))"
    )
    for width, scale in ((390, 2), (1366, 1)):
        context = browser.new_context(
            viewport={"width": width, "height": 844}, device_scale_factor=scale
        )
        try:
            tab = context.new_page()
            tab.goto(real_url + path)
            assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            lines = tab.evaluate(widest)
            if width > 390:
                assert lines == 1, (width, lines)
            elif path == "performance.html":  # it names results-10000-...json files in its text
                assert lines > 1, (width, lines)
        finally:
            context.close()

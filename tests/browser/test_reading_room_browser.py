"""The reading room in Chromium: what a reader of the article notices.

Geometry is measured on the repository's own article (all its annotations, fixture
``real_url``) at the four widths a reader is likely to have: 1366 and 1024 px (notes beside
the text), 768 and 390 px (notes under their passage, behind a "3 notes" button). The
interaction tests (layers, popover, copy, citation) use the same page.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from browser_fixtures import Problems, artifact, serious_violations, skip_without_chromium

from conftest import REPO

ARTICLE = "sources/isis-resurrection-2022.html"
TEXT = (REPO / "sources" / "isis-resurrection-2022" / "text.txt").read_text(encoding="utf-8")
LINES = [line for line in TEXT.split("\n") if line.strip()]

pytestmark = [pytest.mark.browser, skip_without_chromium]

WIDE = (1366, 1024)
NARROW = (768, 390)

# Every passage with notes: its box, its notes' box and first note, its section's box; and
# each paragraph number's box (a ::before in the gutter), all in page coordinates.
MEASURE = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  const rows = [];
  for (const aside of document.querySelectorAll('aside.glossator-margin')) {
    const passage = aside.previousElementSibling;
    const first = aside.querySelector('li[data-annotation]');
    const toggle = aside.querySelector('summary.glossator-notes-toggle');
    rows.push({n: aside.dataset.passage, passage: box(passage), aside: box(aside),
               first: first.checkVisibility() ? box(first) : null,
               toggle: getComputedStyle(toggle).display !== 'none' ? box(toggle) : null,
               section: box(passage.closest('section'))});
  }
  const numbers = [];
  for (const p of document.querySelectorAll('p.glossator-passage[data-passage]')) {
    const before = getComputedStyle(p, '::before');
    const left = p.getBoundingClientRect().left + parseFloat(before.left);
    numbers.push({n: p.dataset.passage, left: left, right: left + parseFloat(before.width)});
  }
  const article = box(document.querySelector('section.glossator-source'));
  return {rows, numbers, article, height: document.documentElement.scrollHeight,
          scrollWidth: document.documentElement.scrollWidth, width: innerWidth,
          screen: innerHeight};
}"""


@pytest.fixture
def reader(browser: Any) -> Any:
    """A tab on the real article, with clipboard access and a record of problems."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.problems = Problems(tab)
    yield tab
    context.close()


@pytest.mark.parametrize("width", [*WIDE, *NARROW])
def test_every_note_sits_beside_or_under_its_own_passage(
    browser: Any, real_url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(real_url + ARTICLE)
        tab.wait_for_load_state("networkidle")
        tab.screenshot(path=str(artifact(f"reading-room-{width}.png")))
        tab.screenshot(path=str(artifact(f"reading-room-{width}-full.png")), full_page=True)
        found = tab.evaluate(MEASURE)
    finally:
        context.close()
    rows = found["rows"]
    assert len(rows) >= 30
    previous = None
    for row in rows:
        passage, aside, section = row["passage"], row["aside"], row["section"]
        # never beside or under another section than its passage's
        assert section["top"] - 1 <= aside["top"] and aside["bottom"] <= section["bottom"] + 1, row
        if width in WIDE:
            assert row["toggle"] is None and row["first"] is not None, row
            assert aside["left"] >= passage["right"], row  # beside the text, to its right
            level = abs(row["first"]["top"] - passage["top"]) <= 24
            below = previous is not None and 0 <= row["first"]["top"] - previous["bottom"] <= 24
            assert level or below, row
            if previous is not None:
                assert aside["top"] >= previous["bottom"] - 0.5, (previous, row)  # no overlap
        else:
            # a "N notes" button right under the passage; the notes stay closed until asked
            assert row["toggle"] is not None and row["first"] is None, row
            assert 0 <= row["toggle"]["top"] - passage["bottom"] <= 24, row
        previous = aside
    # the page ends where the article ends
    assert found["height"] <= found["article"]["bottom"] + found["screen"]
    # paragraph numbers inside the window, and nothing wider than it
    assert all(n["left"] >= 0 and n["right"] <= found["width"] for n in found["numbers"])
    assert found["scrollWidth"] <= found["width"]


def test_a_narrow_note_button_opens_the_notes_below_its_passage(
    browser: Any, real_url: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto(real_url + ARTICLE + "#p16")
        toggle = tab.locator("aside[data-passage='16'] summary.glossator-notes-toggle")
        assert re.fullmatch(r"\d+ notes on paragraph 16", toggle.text_content())
        toggle.click()
        first = tab.locator("aside[data-passage='16'] li[data-annotation]").first
        assert first.is_visible()
        passage = tab.locator("#p16").bounding_box()
        assert first.bounding_box()["y"] > passage["y"] + passage["height"]
        tab.screenshot(path=str(artifact("reading-room-390-notes-open.png")))
    finally:
        context.close()


def test_a_layer_switched_off_is_neither_visible_nor_focusable(reader: Any, real_url: str) -> None:
    reader.goto(real_url + ARTICLE)
    claim = reader.locator("mark.glossator-mark-claim").first
    assert claim.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    reader.get_by_role("checkbox", name=re.compile("^Claims")).uncheck()
    assert "hide=claim" in reader.url
    style = claim.evaluate(
        "m => [getComputedStyle(m).backgroundColor, getComputedStyle(m).borderBottomColor]"
    )
    assert style == ["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"]
    claims = reader.locator("mark.glossator-mark-claim[tabindex]")
    assert claims.count() == 0
    assert reader.locator("aside li[data-kind='claim']").first.is_hidden()
    # a name inside a switched-off claim becomes the Tab stop itself
    inner = reader.locator("mark.glossator-mark-claim mark.glossator-mark-person").first
    assert inner.get_attribute("tabindex") == "0"
    # the choice is kept: in the address, and for the next visit
    reader.goto(real_url + ARTICLE)
    assert reader.locator("mark.glossator-mark-claim[tabindex]").count() == 0
    assert not reader.get_by_role("checkbox", name=re.compile("^Claims")).is_checked()
    reader.goto(real_url + ARTICLE + "?hide=note")
    assert reader.get_by_role("checkbox", name=re.compile("^Claims")).is_checked()
    assert not reader.get_by_role("checkbox", name=re.compile("^Notes")).is_checked()
    assert reader.problems.found == []


def test_plain_text_shows_the_article_as_published(reader: Any, real_url: str) -> None:
    reader.goto(real_url + ARTICLE)
    reader.get_by_role("checkbox", name=re.compile("^Plain text")).check()
    assert "plain" in reader.url
    shown = reader.evaluate(
        """() => Array.from(document.querySelectorAll('section.glossator-source .glossator-passage'))
             .map(p => p.innerText.replace(/[\\u00b6#]$/, ''))"""
    )
    assert shown == LINES
    assert reader.evaluate(
        """() => Array.from(document.querySelectorAll('mark.glossator-mark')).every(m =>
             getComputedStyle(m).backgroundColor === 'rgba(0, 0, 0, 0)' && !m.hasAttribute('tabindex'))"""
    )
    assert reader.locator("aside.glossator-margin:visible").count() == 0
    reader.screenshot(path=str(artifact("reading-room-plain.png")))


def test_an_overlap_popover_by_keyboard(reader: Any, real_url: str) -> None:
    reader.goto(real_url + ARTICLE)
    # a mark that holds others: the popover lists them all
    outer = reader.locator("mark.glossator-mark[role=button]:has(mark.glossator-mark)").first
    expected = outer.evaluate(
        """m => [m, ...m.querySelectorAll('mark.glossator-mark')].map(x => x.dataset.annotation)
              .filter((v, i, a) => a.indexOf(v) === i)"""
    )
    outer.focus()
    reader.keyboard.press("Enter")
    dialog = reader.get_by_role("dialog")
    assert dialog.is_visible()
    assert dialog.get_attribute("aria-labelledby")
    links = dialog.locator("li a")
    hrefs = links.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert [h.rsplit("/", 1)[1].removesuffix(".html") for h in hrefs] == expected
    assert len(expected) >= 2
    # focus is in the popover, and moves through its links
    assert reader.evaluate("document.activeElement.closest('[role=dialog]') !== null")
    reader.keyboard.press("Escape")
    assert reader.get_by_role("dialog").count() == 0
    assert outer.evaluate("m => document.activeElement === m")


def test_copying_two_paragraphs_copies_their_two_lines(reader: Any, real_url: str) -> None:
    reader.goto(real_url + ARTICLE)
    reader.evaluate(
        """() => { const r = document.createRange();
             r.setStartBefore(document.querySelector('#p3').firstChild);
             const last = document.querySelector('#p4 a.headerlink');
             r.setEndBefore(last);
             const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"""
    )
    reader.keyboard.press("Control+C")
    copied = reader.evaluate("navigator.clipboard.readText()")
    assert copied == "\n".join(TEXT.split("\n")[2:4])
    # a selection from inside one paragraph into the next: the words only, across the notes
    reader.evaluate(
        """() => { const r = document.createRange();
             const a = document.querySelector('#p7'), b = document.querySelector('#p8');
             const walk = (e) => document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
             const first = walk(a).nextNode(); const w = walk(b); w.nextNode(); const end = w.currentNode;
             r.setStart(first, 4); r.setEnd(end, 7);
             const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"""
    )
    reader.keyboard.press("Control+C")
    copied = reader.evaluate("navigator.clipboard.readText()")
    lines = TEXT.split("\n")
    first_of_8 = reader.evaluate(
        "document.createTreeWalker(document.querySelector('#p8'), NodeFilter.SHOW_TEXT).nextNode().data"
    )
    assert copied == lines[6][4:] + "\n" + first_of_8[:7]
    assert "NOTE" not in copied and "Incident" not in copied


def test_cite_this_passage(reader: Any, real_url: str) -> None:
    reader.goto(real_url + ARTICLE)
    reader.hover("#p18")
    reader.click("#p18 > a.headerlink")
    dialog = reader.get_by_role("dialog")
    citation = dialog.locator("textarea").input_value()
    assert citation.startswith(
        "\u201cFrom Syria and Iraq to the Maghreb Will the terrorist organization ISIS be "
        "resurrected?\u201d Author unknown. Publisher unknown; copy seen at https://www.kmiainfo.com/"
    )
    assert citation.endswith(f", paragraph 18. {real_url}{ARTICLE}#p18")
    dialog.get_by_role("button", name="Copy citation").click()
    assert reader.evaluate("navigator.clipboard.readText()") == citation
    reader.keyboard.press("Escape")
    # with words selected in the passage: a text-fragment link to the exact quote
    reader.evaluate(
        """() => { const p = document.querySelector('#p18');
             const w = document.createTreeWalker(p, NodeFilter.SHOW_TEXT); const t = w.nextNode();
             const r = document.createRange(); r.setStart(t, 0); r.setEnd(t, 26);
             const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"""
    )
    reader.hover("#p18")  # following the first link scrolled the page under the pointer
    reader.click("#p18 > a.headerlink")
    citation = reader.get_by_role("dialog").locator("textarea").input_value()
    quote = TEXT.split("\n")[17][:26]
    assert quote == "Regarding the escape of IS"
    assert f"Quote: \u201c{quote}\u201d" in citation
    assert citation.endswith(f"{ARTICLE}#:~:text=Regarding%20the%20escape%20of%20IS")


def test_one_tab_stop_per_note_group_and_visible_focus(reader: Any, real_url: str) -> None:
    reader.goto(real_url + ARTICLE)
    stops = []
    for _ in range(400):
        reader.keyboard.press("Tab")
        stop = reader.evaluate(
            """() => { const e = document.activeElement;
                 const s = getComputedStyle(e);
                 return {tag: e.tagName, aside: e.closest('aside.glossator-margin')?.dataset.passage || null,
                         mark: e.matches('mark.glossator-mark'), inArticle: !!e.closest('section.glossator-source'),
                         outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                         top: e.getBoundingClientRect().top + scrollY}; }"""
        )
        if stop["tag"] == "BODY" or (stops and not stop["inArticle"] and stops[-1]["inArticle"]):
            break
        stops.append(stop)
    inside = [s for s in stops if s["inArticle"]]
    groups = [s["aside"] for s in inside if s["aside"]]
    assert len(groups) == len(set(groups)) >= 30  # each note group is one stop
    assert all(s["outline"] for s in stops), [s for s in stops if not s["outline"]][:3]
    # reading order: down the page, a passage's highlights before its notes
    tops = [s["top"] for s in inside]
    assert sum(1 for a, b in itertools.pairwise(tops) if b < a - 300) == 0
    assert len(inside) < 250


def test_arabic_names_are_marked_as_arabic(page: Any, base_url: str) -> None:
    page.goto(base_url + "annotations/organizations/isis.html")
    arabic = page.locator("[lang=ar]", has_text="داعش").first
    assert arabic.evaluate("e => e.matches(':lang(ar)') && e.matches(':dir(rtl)')")


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("state", ["", "?hide=claim,note", "?plain"])
def test_the_whole_article_has_no_serious_accessibility_violations(
    browser: Any, real_url: str, mode: str, state: str
) -> None:
    name = f"real-article{state.replace('?', '-').replace('=', '-').replace(',', '-')}-{mode}"
    serious = serious_violations(browser, real_url + ARTICLE + state, name, mode)
    assert serious == [], json.dumps(serious, indent=2)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_article_reads_without_javascript(browser: Any, real_url: str, width: int) -> None:
    """The layout is the stylesheet's: notes beside their passage (wide) or a working
    "N notes" button under it (narrow), with no script at all."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False
    )
    try:
        tab = context.new_page()
        tab.goto(real_url + ARTICLE)
        aside = tab.locator("aside[data-passage='18']")
        passage = tab.locator("#p18").bounding_box()
        first = aside.locator("li[data-annotation]").first
        if width == 1366:
            assert first.is_visible()
            assert abs(first.bounding_box()["y"] - passage["y"]) <= 24
            assert aside.bounding_box()["x"] >= passage["x"] + passage["width"]
        else:
            assert not first.is_visible()
            aside.locator("summary.glossator-notes-toggle").click()
            assert first.is_visible()
            passage = tab.locator("#p18").bounding_box()  # the click scrolled the page
            assert first.bounding_box()["y"] > passage["y"] + passage["height"]
        tab.screenshot(path=str(artifact(f"reading-room-{width}-no-script.png")))
    finally:
        context.close()

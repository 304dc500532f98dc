""" "Suggest a note" in Chromium: select words of the article, fill in the form, get a page that
``glossator check`` accepts, sent to GitHub's "new file" page or copied and downloaded.

Selections are made programmatically (a DOM Range, as a mouse, touch or keyboard selection
ends up); the file the form makes is written into a fresh copy of the small archive and
checked there with the real checks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_fixtures import Problems, _build, _serve, artifact, skip_without_chromium
from sitepages import add_site_pages, make_archive

from glossator import anchors, archive, checks
from glossator.model import Anchor

from conftest import REPO

ARTICLE = "sources/isis-resurrection-2022.html"
TEXT = (REPO / "sources" / "isis-resurrection-2022" / "text.txt").read_text(encoding="utf-8")
LINES = TEXT.split("\n")
REPOSITORY = "https://github.com/example/glossator-archive"

pytestmark = [pytest.mark.browser, skip_without_chromium]

SELECT = """([selector, start, end]) => {
  // the text offsets [start, end) of the passage, whatever marks hold them
  const passage = document.querySelector(selector);
  const walk = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT, {acceptNode: (n) =>
    n.parentElement.closest('a.headerlink') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const range = document.createRange();
  let seen = 0, node;
  while ((node = walk.nextNode())) {
    const next = seen + node.data.length;
    if (start >= seen && start <= next && !range.__started) { range.setStart(node, start - seen); range.__started = true; }
    if (end >= seen && end <= next) { range.setEnd(node, end - seen); break; }
    seen = next;
  }
  const s = getSelection(); s.removeAllRanges(); s.addRange(range);
}"""


@pytest.fixture(scope="module")
def repo_url(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The small archive built with a repository configured, as a real deployment would."""
    root = add_site_pages(make_archive(tmp_path_factory.mktemp("repo") / "archive"))
    options = {"repository_url": REPOSITORY, "repository_branch": "main"}
    out = _build(
        root / "docs",
        root / "docs" / "_build",
        html_theme="sphinx_book_theme",
        html_theme_options=options,
    )
    yield from _serve(out)


@pytest.fixture
def tab(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.problems = Problems(page)
    yield page
    context.close()


def select(tab: Any, number: int, words: str, occurrence: int = 0) -> None:
    line = LINES[number - 1]
    start = -1
    for _ in range(occurrence + 1):
        start = line.index(words, start + 1)
    tab.evaluate(SELECT, [f"#p{number}", start, start + len(words)])


def suggest(tab: Any, title: str = "A note", text: str = "What the words say.") -> str:
    """Open the form from the button beside the selection, fill it in; the file it shows."""
    tab.locator("button.glossator-suggest-button").click()
    dialog = tab.locator("dialog.glossator-suggest[open]")
    dialog.wait_for()
    tab.fill("#glossator-suggest-title-input", title)
    tab.fill("#glossator-suggest-text", text)
    return str(tab.locator("pre.glossator-suggest-preview").text_content())


def check_in_archive(tmp_path: Path, name: str, text: str) -> list[str]:
    """Errors of ``glossator check`` for the page, written into a fresh copy of the archive."""
    root = add_site_pages(make_archive(tmp_path / "archive"))
    page = root / "annotations" / "notes" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    found = checks.run(archive.load(root))
    return [d.as_text() for d in found if d.severity == "error"]


def anchor_of(text: str) -> Anchor:
    block = re.search(
        r"anchors:\n  - source: (\S+)\n    exact: (\".*\")((?:\n    \w+: \".*\")*)", text
    )
    assert block, text
    import json

    fields = dict(re.findall(r"\n    (\w+): (\".*\")", block[3]))
    return Anchor(
        source=block[1],
        exact=json.loads(block[2]),
        prefix=json.loads(fields["prefix"]) if "prefix" in fields else None,
        suffix=json.loads(fields["suffix"]) if "suffix" in fields else None,
    )


def test_a_selection_becomes_a_page_the_check_accepts(
    tab: Any, base_url: str, tmp_path: Path
) -> None:
    tab.goto(base_url + ARTICLE)
    select(tab, 7, "Thursday, January 20, 2022")
    text = suggest(tab, title="The weekday and the date", text="The article gives both.")
    tab.fill("#glossator-suggest-about", "isis")
    tab.keyboard.press("Enter")
    text = str(tab.locator("pre.glossator-suggest-preview").text_content())
    assert text.startswith(
        '---\ntitle: "The weekday and the date"\nnote_kind: other\nabout: [isis]\n'
    )
    assert '    exact: "Thursday, January 20, 2022"' in text and "prefix" not in text
    assert text.endswith("The article gives both.\n")
    status = tab.locator(".glossator-suggest-status").text_content()
    assert status == "Ready: annotations/notes/the-weekday-and-the-date.md"
    tab.screenshot(path=str(artifact("suggest-a-note.png")))
    assert check_in_archive(tmp_path, "the-weekday-and-the-date.md", text) == []
    assert tab.problems.found == []


def test_a_phrase_found_twice_gets_the_context_that_makes_it_unique(
    tab: Any, base_url: str, tmp_path: Path
) -> None:
    phrase = "returned strongly to the fore in 2022"
    assert TEXT.count(phrase) == 2
    tab.goto(base_url + ARTICLE)
    select(tab, 3, phrase)
    text = suggest(tab)
    anchor = anchor_of(text)
    assert anchor.exact == phrase and (anchor.prefix or anchor.suffix)
    assert check_in_archive(tmp_path, "a-note.md", text) == []
    source = archive.load(REPO).sources["isis-resurrection-2022"]
    span = anchors.resolve(source, anchor)
    assert span is not None and span.passage == 3


def test_the_same_words_give_the_same_anchor_over_marks_and_plain_text(
    tab: Any, base_url: str
) -> None:
    tab.goto(base_url + ARTICLE)
    # p16's quote starts inside a person's mark and ends inside a claim's and a note's
    words = 'Al-Asam, sees "an increase in the strength'
    select(tab, 16, words)
    marked = anchor_of(suggest(tab))
    tab.goto(base_url + ARTICLE + "?plain")  # no highlights: the same passage, as plain text
    select(tab, 16, words)
    plain = anchor_of(suggest(tab))
    assert marked == plain and marked.exact == words
    # a selection bounded by elements rather than by text offsets: the whole mark
    tab.goto(base_url + ARTICLE)
    tab.evaluate(
        """() => { const r = document.createRange();
             r.selectNode(document.querySelector("#p16 mark[data-annotation='safaa-al-asam']"));
             const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"""
    )
    assert anchor_of(suggest(tab)).exact == "Safaa Al-Asam"


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("across", "Select words inside one paragraph"),
        ("spaces", "The selection holds only spaces"),
        ("panel", "Select words of the article itself"),
    ],
)
def test_selections_that_cannot_anchor_are_refused_plainly(
    tab: Any, base_url: str, how: str, message: str
) -> None:
    tab.goto(base_url + ARTICLE)
    if how == "across":
        tab.evaluate(
            """() => { const r = document.createRange();
                 r.setStart(document.querySelector('#p7').firstChild, 0);
                 r.setEnd(document.querySelector('#p8').lastChild.previousSibling || document.querySelector('#p8').firstChild, 0);
                 const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"""
        )
    elif how == "spaces":
        line = LINES[6]
        at = line.index(" ")
        tab.evaluate(SELECT, ["#p7", at, at + 1])
    else:
        tab.evaluate(
            """() => { const r = document.createRange();
                 r.selectNodeContents(document.querySelector('.glossator-layers-title'));
                 const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"""
        )
        tab.locator("button.glossator-suggest-open").click()
        alert = tab.get_by_role("alert")
        assert alert.text_content().startswith(message)
        return
    tab.locator("button.glossator-suggest-button").click()
    assert tab.get_by_role("alert").text_content().startswith(message)
    assert tab.locator("dialog.glossator-suggest[open]").count() == 0


def test_without_a_repository_the_file_is_copied_or_downloaded(tab: Any, base_url: str) -> None:
    tab.goto(base_url + ARTICLE)
    select(tab, 7, "Thursday")
    text = suggest(tab)
    assert tab.locator("a.glossator-suggest-send").is_hidden()
    assert (
        "names no repository" in tab.locator("dialog .glossator-suggest-help").last.text_content()
    )
    tab.get_by_role("button", name="Copy the file").click()
    tab.wait_for_function(
        "document.querySelector('.glossator-suggest-status').textContent.startsWith('Copied')"
    )
    assert tab.evaluate("navigator.clipboard.readText()") == text
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download the file").click()
    assert download.value.suggested_filename == "a-note.md"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text


def test_with_a_repository_github_gets_exactly_the_file(tab: Any, repo_url: str) -> None:
    tab.goto(repo_url + ARTICLE)
    select(tab, 7, "Thursday")
    text = suggest(tab, title="Thursday")
    href = tab.locator("a.glossator-suggest-send").get_attribute("href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPOSITORY}/new/main"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["filename"] == ["annotations/notes/thursday.md"]
    assert query["value"] == [text]
    assert query["message"] == ["Suggest a note: Thursday"]
    # a note too long for an address: the link gives way to copy and download
    tab.fill("#glossator-suggest-text", "word " * 2000)
    assert tab.locator("a.glossator-suggest-send").is_hidden()
    assert (
        "too long for a link" in tab.locator("dialog .glossator-suggest-help").last.text_content()
    )


def test_hostile_input_makes_an_inert_file_or_is_refused(
    tab: Any, base_url: str, tmp_path: Path
) -> None:
    tab.goto(base_url + ARTICLE)
    count = "document.querySelectorAll('img, script, iframe, object, embed, [onerror]').length"
    before = tab.evaluate(count)
    select(tab, 7, "Thursday")
    hostile_title = '<img src=x onerror="document.title=1"> ---\\" : [x]'
    text = suggest(
        tab, title=hostile_title, text="---\ntitle: taken over\n---\n<script>alert(1)</script>"
    )
    # the page shows the file as text: nothing typed reached the document as markup
    assert tab.evaluate(count) == before
    assert tab.evaluate("document.title") != "1"
    errors = check_in_archive(tmp_path, "x.md", text)
    title_line = text.split("\n")[1]
    assert title_line.startswith('title: "<img') and title_line.endswith('[x]"')
    # the title is kept as a quoted string; what the check refuses (HTML) it names, with its line
    assert all(re.match(r"annotations/notes/x\.md:\d+:\d+: ", e) for e in errors), errors
    assert errors, "HTML in a contributed page must not pass the check"
    # a title with a line separator or a control character, or a page over 64 KiB: refused
    for title, body in (("one\u2028two", "x"), ("bell\u0007", "x"), ("long", "x" * 70_000)):
        tab.fill("#glossator-suggest-title-input", title)
        tab.fill("#glossator-suggest-text", body)
        status = tab.locator(".glossator-suggest-status").text_content()
        assert not status.startswith("Ready"), (title, status)
        assert tab.locator("pre.glossator-suggest-preview").text_content() == ""

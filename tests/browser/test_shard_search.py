"""One search on the assembled site of a sharded archive finds pages of both shards (Chromium).

The root page of the two-shard site (``shard_fixtures.py``) loads shard a's Pagefind bundle and
merges shard b's into it with ``mergeIndex``. A search for a word of the title of b's object
that a's note names must list that object's page in b and the note in a, each at its URL
under its shard's folder, and both must open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import pytest
from browser_fixtures import _serve, open_tab, skip_without_chromium
from shard_fixtures import NOTE, ShardedSite

pytestmark = [pytest.mark.browser, skip_without_chromium]

NOTE_URL = "a/" + NOTE.removesuffix(".md") + ".html"


@pytest.fixture(scope="module")
def sharded_url(sharded: ShardedSite) -> Iterator[str]:
    yield from _serve(sharded.site)


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    yield from open_tab(browser)


def rarest_word(sharded: ShardedSite) -> str:
    """The word of the target's title found in the fewest built pages (so that every page it
    is on fits in the twenty results shown)."""
    pages = [p.read_text("utf-8").lower() for p in sharded.site.rglob("*.html")]
    words = {w for w in re.findall(r"[^\W\d_]{4,}", sharded.target_title.lower())}
    assert words, sharded.target_title
    return min(sorted(words), key=lambda w: sum(w in text for text in pages))


def results(tab: Any, url: str, query: str) -> list[str]:
    tab.goto(f"{url}index.html?q={quote(query)}")
    tab.wait_for_function(
        "q => document.getElementById('results').dataset.done === q", arg=query, timeout=30_000
    )
    hrefs: list[str] = tab.eval_on_selector_all("#results a", "links => links.map(a => a.href)")
    return hrefs


def test_one_search_finds_pages_of_both_shards(
    tab: Any, sharded_url: str, sharded: ShardedSite
) -> None:
    word = rarest_word(sharded)
    found = [h.removeprefix(sharded_url) for h in results(tab, sharded_url, word)]
    assert f"b/{sharded.target_page}" in found, (word, found)
    assert NOTE_URL in found, (word, found)
    assert {h.split("/")[0] for h in found} == {"a", "b"}
    shards = tab.eval_on_selector_all("#results .shard", "spans => spans.map(s => s.textContent)")
    assert " (a)" in shards and " (b)" in shards
    assert tab.problems.found == []
    for url in (f"b/{sharded.target_page}", NOTE_URL):
        response = tab.goto(urljoin(sharded_url, url))
        assert response is not None and response.status == 200


def test_a_word_of_one_shard_only_finds_that_shard(
    tab: Any, sharded_url: str, sharded: ShardedSite
) -> None:
    found = results(tab, sharded_url, "Cross-shard test note")
    assert [h.removeprefix(sharded_url) for h in found][:1] == [NOTE_URL]
    assert tab.problems.found == []


def test_the_site_root_lists_every_shard(tab: Any, sharded_url: str, sharded: ShardedSite) -> None:
    tab.goto(sharded_url)
    links = tab.eval_on_selector_all(".shards a", "links => links.map(a => a.textContent)")
    assert links == ["a", "b"]
    assert Path(sharded.site / "a" / "index.html").is_file()


def test_more_results_than_one_page_say_so_and_come_on_request(
    tab: Any, sharded_url: str, sharded: ShardedSite
) -> None:
    """A word on most pages: the status says how many were found and how many are shown, and
    "Show more results" (a real button, reachable by keyboard) adds the next ones."""
    found = results(tab, sharded_url, "synthetic")
    total = int(tab.inner_text("#status").split()[0])
    assert total > 20 and len(found) == 20, (total, len(found))
    assert tab.inner_text("#status") == f"{total} pages found, the first 20 shown"
    more = tab.locator("#more")
    assert more.is_visible()
    more.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("n => document.querySelectorAll('#results li').length > n", arg=20)
    shown = min(total, 40)
    assert tab.locator("#results li").count() == shown
    assert more.is_visible() is (shown < total)
    assert tab.problems.found == []

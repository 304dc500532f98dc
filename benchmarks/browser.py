"""What one search costs a reader's browser: the bytes a headless Chromium fetches per query."""

from __future__ import annotations

import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _category(url: str) -> str:
    """``page`` (the site), ``runtime`` (Pagefind's code) or the kind of index file."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if name in SEARCH_FILES:
        return SEARCH_FILES[name]
    if "/pagefind/" not in url:
        return "page"
    if name.endswith((".js", ".css")) or name.startswith("wasm."):
        return "runtime"
    return {
        ".pf_meta": "metadata",
        ".pf_index": "word index",
        ".pf_filter": "filters",
        ".pf_fragment": "result fragments",
    }.get(Path(name).suffix, "metadata")


SEARCH_FILES = {
    "glossator-names.gzjson": "names index",
    "glossator-names-hint.json": "name hints",
    "glossator-search-pages.json": "name hints",
}
"""The search page's own index files (glossator.sphinx.namesindex, glossator.search.pages)."""

INDEX_PARTS = ("metadata", "word index", "filters", "result fragments", "name hints", "names index")


def misspelled(name: str) -> str:
    """``name`` with one letter of its longest word left out, as a hurried reader types it."""
    words = name.split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 5:
        words[longest] = word[:-2] + word[-1]
    return " ".join(words)


def query_bytes(site: Path, queries: list[str]) -> dict[str, Any]:
    """Drive Chromium on the site's search page: bytes fetched per query, by category.

    The search page is loaded once (the theme, the page's own assets), then each query is typed
    into it as a reader would, through its address (``search.html?q=...``). The browser cache
    is on, so Pagefind's runtime (``pagefind.js`` and its WebAssembly) is fetched by the first
    query only; it is reported apart from the index chunks, filters and result fragments.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[str, Any] = {}
    try:
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            fetched: list[tuple[str, int]] = []

            def on_response(response: Any) -> None:
                try:
                    fetched.append((response.url, len(response.body())))
                except Exception:  # a redirect or an aborted request has no body
                    fetched.append((response.url, 0))

            page.on("response", on_response)
            for query in queries:
                fetched.clear()
                start = time.perf_counter()
                page.goto(f"{base}/search.html?q={query}", wait_until="networkidle")
                page.wait_for_timeout(500)
                seconds = time.perf_counter() - start
                totals: dict[str, int] = {}
                files: dict[str, int] = {}
                for url, size in fetched:
                    totals[_category(url)] = totals.get(_category(url), 0) + size
                    files[_category(url)] = files.get(_category(url), 0) + 1
                shown = page.locator(".glossator-search-result, .pagefind-ui__result").count()
                # the filters are fetched when the reader opens them: measured apart
                fetched.clear()
                page.locator("#glossator-search-filter-box > summary").click()
                page.wait_for_selector(".glossator-filter-count:not(:empty)")
                page.wait_for_load_state("networkidle")
                opened = sum(size for url, size in fetched if _category(url) in INDEX_PARTS)
                results[query] = {
                    "filters_opened_bytes": opened,
                    "index_bytes": sum(totals.get(part, 0) for part in INDEX_PARTS),
                    "index_files": sum(files.get(part, 0) for part in INDEX_PARTS),
                    "index_parts": {part: totals.get(part, 0) for part in INDEX_PARTS},
                    "files": files,
                    "runtime_bytes": totals.get("runtime", 0),
                    "page_bytes": totals.get("page", 0),
                    "seconds": round(seconds, 2),
                    "results_shown": shown,
                }
            browser.close()
    finally:
        server.shutdown()
    return results

"""Fixtures of the browser tests (a pytest plugin, loaded by ``conftest.py``).

Debian's Chromium driven by Playwright; nothing is downloaded (the browser is the ``chromium``
package, axe-core comes with ``axe-playwright-python``). Two sites, each built once per test
session and served on 127.0.0.1:

- ``site`` / ``base_url``: the small site archive (``archive_dir`` pages plus
  :mod:`sitepages`) with sphinx-book-theme, indexed with Pagefind;
- ``real_site`` / ``real_url``: the repository's own ``docs/``, indexed with Pagefind: the
  article with all its annotations (the margin's geometry, tab order) and search over the
  whole archive.

Where Chromium or Playwright is missing, the tests that use them are skipped and say why.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitepages import add_site_pages, make_archive

from benchmarks.chromium import CHROMIUM_ARGS  # the same headless Chromium as the bench

from conftest import REPO, Built, build_site

# GLOSSATOR_CHROMIUM names another Chromium binary (or a missing one, to see the skip)
CHROMIUM = os.environ.get("GLOSSATOR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"

skip_without_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=(
        f"browser tests skipped: Chromium is not installed ({CHROMIUM}); "
        "install Debian's package with 'apt-get install chromium' to run them"
    ),
)


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _build(srcdir: Path, builddir: Path, **overrides: Any) -> Path:
    """Build an archive's ``docs/`` folder ``srcdir`` into ``builddir``: no error may be logged."""
    assert srcdir.name == "docs", srcdir
    built = build_site(srcdir.parent, outdir=builddir, **overrides)
    assert "ERROR" not in built.warnings, built.warnings
    return built.html


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site archive built with the real theme and indexed with Pagefind."""
    from glossator.search import index as searchindex

    root = add_site_pages(make_archive(tmp_path_factory.mktemp("site") / "archive"))
    out = _build(root / "docs", root / "docs" / "_build", html_theme="sphinx_book_theme")
    assert searchindex.build(out) == []
    return out


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    yield from _serve(site)


@pytest.fixture(scope="session")
def real_site(real_build: Built) -> Path:
    """The repository's own site, built as ``nox -s docs`` builds it, and indexed."""
    from glossator.search import index as searchindex

    assert "ERROR" not in real_build.warnings, real_build.warnings
    assert searchindex.build(real_build.html) == []
    return real_build.html


@pytest.fixture(scope="session")
def real_url(real_site: Path) -> Iterator[str]:
    yield from _serve(real_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip(
        "playwright.sync_api",
        reason=(
            "browser tests skipped: the 'playwright' package is not installed "
            "(pip install -e .[test])"
        ),
    )
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Problems:
    """Console errors, uncaught exceptions and failed requests of one page."""

    def __init__(self, page: Any) -> None:
        self.found: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"exception: {error}"))
        page.on(
            "response",
            lambda response: (
                self.found.append(f"HTTP {response.status}: {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page.on("requestfailed", lambda request: self.found.append(f"failed: {request.url}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.found.append(f"console: {message.text}")


def open_tab(browser: Any, width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """A tab in a fresh context of ``width`` x ``height``, with a record of its problems."""
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.problems = Problems(tab)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    yield from open_tab(browser)


def _axe_script() -> str:
    from axe_playwright_python.base import AXE_FILE_PATH

    return Path(AXE_FILE_PATH).read_text(encoding="utf-8")


def serious_violations(
    browser: Any, url: str, name: str, mode: str, ready: str | None = None
) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on ``url`` in colour ``mode``.

    Every violation (of any impact) is written to ``test-artifacts/axe-<name>.json``.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(f"localStorage.setItem('mode', '{mode}')")
    try:
        tab = context.new_page()
        tab.goto(url)
        if ready:
            tab.wait_for_selector(ready)
        tab.wait_for_load_state("networkidle")
        # colours are read as they settle, not midway through a colour transition (one CI-like
        # run reported the dark search button's text below contrast and 18 runs after it did
        # not: a transition still running is the likely cause, not a proven one)
        tab.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        tab.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        tab.evaluate(_axe_script())
        result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:10],
        }
        for v in result["violations"]
    ]
    artifact(f"axe-{name}.json").write_text(
        json.dumps({"page": url, "mode": mode, "violations": violations}, indent=2),
        encoding="utf-8",
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]

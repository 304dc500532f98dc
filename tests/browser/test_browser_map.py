"""The place index's map in a real browser, at desktop and phone width, light and dark.

A small archive (located places and an incident in each precision) is built with the real
theme and served on 127.0.0.1. Screenshots go to ``test-artifacts/`` (``map-*.png``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_fixtures import Problems, _serve, artifact, skip_without_chromium

from conftest import make_archive, write

pytestmark = [pytest.mark.browser, skip_without_chromium]

PLACES = {
    "places/syria.md": "title: Syria\nplace_type: country\ngeonames: 163843",
    "places/iraq.md": "title: Iraq\nplace_type: country\ngeonames: 99237",
    "places/libya.md": "title: Libya\nplace_type: country\ngeonames: 2215636",
    "places/al-hasakah.md": "title: Al-Hasakah\nplace_type: city\npart_of: syria\ngeonames: 173811",
    "places/ghweran.md": "title: Ghweran\npart_of: al-hasakah",
    "places/qatroun.md": "title: Qatroun\npart_of: libya\ngeonames: 2219739",
    "places/diyala.md": "title: Diyala\npart_of: iraq",
}
INCIDENTS = {
    "incidents/prison-attack.md": ("An attack in Ghweran", "ghweran"),
    "incidents/qatroun-attack.md": ("An attack in Qatroun", "qatroun"),
    "incidents/diyala-attack.md": ("An attack in Diyala", "diyala"),
}


@pytest.fixture(scope="module")
def map_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from sphinx.testing.util import SphinxTestApp

    root = make_archive(tmp_path_factory.mktemp("map") / "archive")
    for rel, front in PLACES.items():
        write(root / "annotations" / rel, f"---\n{front}\nsummary: Test data.\n---\nTest data.\n")
    for rel, (title, place) in INCIDENTS.items():
        write(
            root / "annotations" / rel,
            f"---\ntitle: {title}\ndate: 2022-01-20\nplace: {place}\n"
            "cites: [rudaw2022sinaa]\n---\nTest data.\n",
        )
    write(root / "docs" / "places.md", "# Places\n\n```{glossator-places}\n```\n")
    index = root / "docs" / "index.md"
    index.write_text(index.read_text().replace("bibliography\n", "bibliography\nplaces\n"))
    app = SphinxTestApp(
        "html",
        srcdir=root / "docs",
        builddir=root / "docs" / "_build",
        confoverrides={"html_theme": "sphinx_book_theme"},
        freshenv=True,
    )
    try:
        app.build()
        assert "ERROR" not in app.warning.getvalue(), app.warning.getvalue()
    finally:
        app.cleanup()
    for base in _serve(root / "docs" / "_build" / "html"):
        yield base + "places.html"


def _open(chromium: Any, url: str, width: int, height: int, scheme: str) -> tuple[Any, Any]:
    context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    tab = context.new_page()
    tab.problems = Problems(tab)
    tab.goto(url)
    tab.wait_for_selector("svg.glossator-map")
    return context, tab


@pytest.mark.parametrize(
    ("name", "width", "height", "scheme"),
    [("desktop", 1400, 1000, "light"), ("phone", 390, 844, "light"), ("dark", 1400, 1000, "dark")],
)
def test_the_map_renders_and_fits(
    browser: Any,
    map_url: str,
    name: str,
    width: int,
    height: int,
    scheme: str,
) -> None:
    context, tab = _open(browser, map_url, width, height, scheme)
    try:
        if scheme == "dark":
            tab.evaluate("document.documentElement.dataset.theme = 'dark'")
        svg = tab.locator("svg.glossator-map")
        box = svg.bounding_box()
        assert box is not None and box["width"] > 0.8 * min(width, 700) * 0.5
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1  # no sideways scrolling
        hrefs = sorted(
            tab.eval_on_selector_all(
                "svg.glossator-map a", "as => as.map(a => a.getAttribute('href'))"
            )
        )
        assert hrefs == [
            "annotations/places/ghweran.html",
            "annotations/places/iraq.html",
            "annotations/places/qatroun.html",
        ]
        # the list stays beside the map on a wide screen, under it on a phone
        listing = tab.locator("ul.glossator-places").first.bounding_box()
        assert listing is not None
        beside = listing["x"] >= box["x"] + box["width"] - 1
        assert beside == (width >= 1200), (listing, box)
        land = tab.eval_on_selector(
            "svg.glossator-map .glossator-map-land", "e => getComputedStyle(e).fill"
        )
        label = tab.eval_on_selector(
            "svg.glossator-map .glossator-map-label", "e => getComputedStyle(e).fill"
        )
        assert land != label  # names stay readable on the land, in either theme
        svg.screenshot(path=str(artifact(f"map-{name}.png")))
        assert tab.problems.found == []
        # a marker is a link to its place
        tab.locator("svg.glossator-map a[href$='qatroun.html']").click()
        tab.wait_for_url("**/qatroun.html")
        assert "the town itself" in tab.inner_text("main")
    finally:
        context.close()


def test_dark_theme_changes_the_colours(browser: Any, map_url: str) -> None:
    colours = {}
    for theme in ("light", "dark"):
        context, tab = _open(browser, map_url, 1400, 1000, theme)
        try:
            tab.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
            colours[theme] = tab.eval_on_selector(
                "svg.glossator-map .glossator-map-sea", "e => getComputedStyle(e).fill"
            )
        finally:
            context.close()
    assert colours["light"] != colours["dark"]

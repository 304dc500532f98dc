"""The built site: place pages and the place index say where each place is; claim relations
show their reason; an edit up a place's part_of chain rewrites the pages below it."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import BuildFn, make_archive, write

PAGES = {
    "places/syria.md": """
        ---
        title: Syria
        summary: A country.
        place_type: country
        geonames: 163843
        ---
        A country.
        """,
    "places/al-hasakah.md": """
        ---
        title: Al-Hasakah
        summary: A city.
        aliases: [Hasakah, Hasaka, Hassakeh]
        variants: {Hasaka: Hasakah, Hassakeh: Hasakah}
        place_type: city
        part_of: syria
        geonames: 173811
        ---
        A city.
        """,
    "places/ghweran.md": """
        ---
        title: Ghweran
        summary: A neighbourhood.
        part_of: al-hasakah
        ---
        A neighbourhood.
        """,
    "places/prison.md": """
        ---
        title: The prison
        summary: A prison in a neighbourhood.
        part_of: ghweran
        ---
        A prison.
        """,
    "claims/other.md": """
        ---
        title: ISIS lost its strength
        speaker: safaa-al-asam
        claim_kind: factual
        status: attributed-not-assessed
        contradicts:
          - claim: asam-strength
            reason: Both answer whether ISIS is stronger now.
        ---
        A claim.
        """,
}


def text(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))


def test_place_pages_say_where_and_link_the_record(tmp_path: Path, build: BuildFn) -> None:
    root = make_archive(tmp_path / "archive", PAGES)
    out = build(root).html
    places = out / "annotations" / "places"
    city = (places / "al-hasakah.html").read_text(encoding="utf-8")
    assert 'href="https://www.geonames.org/173811"' in city
    assert "36.5024°N, 40.7477°E, the town itself" in text(places / "al-hasakah.html")
    assert "Also called : Hasakah Spelling variants : Hasaka , Hassakeh (of “Hasakah”)" in text(
        places / "al-hasakah.html"
    )
    prison = text(places / "prison.html")
    assert "near or part of a town, through Al-Hasakah" in prison
    assert "the country as a whole, no point" in text(places / "syria.html")
    claim = text(out / "annotations" / "claims" / "other.html")
    assert "why: Both answer whether ISIS is stronger now." in claim


def test_an_edit_up_the_chain_rewrites_the_places_below(tmp_path: Path, build: BuildFn) -> None:
    root = make_archive(tmp_path / "archive", PAGES)
    out_dir = tmp_path / "out"
    out = build(root, outdir=out_dir).html
    assert "36.5024°N" in text(out / "annotations/places/prison.html")
    # the city loses its record: the prison, two steps below, is no longer located
    write(
        root / "annotations/places/al-hasakah.md",
        PAGES["places/al-hasakah.md"].replace("        geonames: 173811\n", ""),
    )
    out = build(root, outdir=out_dir, freshenv=False).html
    prison = text(out / "annotations/places/prison.html")
    assert "36.5024°N" not in prison
    assert "located to the country only through Syria" in prison

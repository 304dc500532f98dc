"""Pages for testing the reader's site, added to the ``archive_dir`` archive by the tests.

Titles, aliases, dates and places follow the article and the archive's own pages (the prison
attack of 20 January 2022 in Ghweran, al-Hasakah; the clash in In Guezzam, "Ain Qezzam" in the
article; Mustafa al-Kadhimi, "Al-Kazemi" in the article; Abu al-Louz, also "Abul-Lawz").
One incident is deliberately left undated, as an incident whose date is not reported.
The anchors include a nested one (a note inside a claim's quote) and an overlapping one.
"""

from __future__ import annotations

from pathlib import Path

from conftest import (
    make_archive,  # noqa: F401 - re-exported for the site tests
    write,
)

SITE_PAGES = {
    "organizations/isis.md": """
        ---
        title: Islamic State (ISIS)
        summary: Test data, a summary.
        aliases: [ISIS, Daesh, داعش]
        org_type: armed-group
        ---
        The armed group the article is about.
        """,
    "places/iraq.md": """
        ---
        title: Iraq
        summary: Test data, a summary.
        place_type: country
        ---
        A country.
        """,
    "places/syria.md": """
        ---
        title: Syria
        summary: Test data, a summary.
        place_type: country
        ---
        A country.
        """,
    "places/algeria.md": """
        ---
        title: Algeria
        summary: Test data, a summary.
        place_type: country
        ---
        A country.
        """,
    "places/al-hasakah-governorate.md": """
        ---
        title: Al-Hasakah Governorate
        summary: Test data, a summary.
        place_type: province
        part_of: syria
        ---
        A province of {place}`syria`.
        """,
    "places/ghweran.md": """
        ---
        title: Ghweran
        summary: Test data, a summary.
        aliases: [Ghwayran, غويران]
        place_type: neighbourhood
        part_of: al-hasakah-governorate
        anchors:
          - source: isis-resurrection-2022
            exact: "Ghweran"
        ---
        The neighbourhood of the prison.
        """,
    "places/in-guezzam.md": """
        ---
        title: In Guezzam
        summary: Test data, a summary.
        aliases: [Ain Qezzam]
        place_type: province
        part_of: algeria
        coordinates: {lat: 19.5686, lon: 5.7722, precision: approximate}
        anchors:
          - source: isis-resurrection-2022
            exact: "the state of Ain Qezzam"
        ---
        A province of {place}`algeria`.
        """,
    "persons/mustafa-al-kadhimi.md": """
        ---
        title: Mustafa al-Kadhimi
        aliases: [Mustafa Al-Kazemi, al-Kadhimi]
        country: iraq
        anchors:
          - source: isis-resurrection-2022
            exact: "Mustafa Al-Kazemi"
        ---
        Named in the article as "Mustafa Al-Kazemi".
        """,
    "persons/abd-al-hakim-abu-al-louz.md": """
        ---
        title: Abd al-Hakim Abu al-Louz
        aliases: [Abu al-Louz, Abul-Lawz]
        anchors:
          - source: isis-resurrection-2022
            exact: "Abul-Lawz added"
        ---
        A researcher quoted in the article.
        """,
    "incidents/hasakah-prison-attack-2022.md": """
        ---
        title: Attack on Al-Sina’a (Ghweran) prison in al-Hasakah
        aliases: [Al-Hasakah prison attack, Ghweran prison]
        date: 2022-01-20
        place: ghweran
        country: syria
        actors:
          - ref: isis
            role: perpetrator
        anchors:
          - source: isis-resurrection-2022
            exact: "the organization’s members attacked Al-Sina’a Prison in Al-Hasakah Governorate"
        ---
        The prison attack.
        """,
    "incidents/algeria-in-guezzam-clash-2022.md": """
        ---
        title: Clash in In Guezzam province, Algeria
        aliases: [Ain Qezzam clash]
        date: 2022-01-27
        place: in-guezzam
        country: algeria
        anchors:
          - source: isis-resurrection-2022
            exact: "the killing of two soldiers and the elimination of two terrorists"
        ---
        The clash.
        """,
    "incidents/iraq-border-security-response-2022.md": """
        ---
        title: Iraq tightens its border with Syria
        date: 2022-01
        country: iraq
        actors:
          - ref: mustafa-al-kadhimi
            role: responder
        anchors:
          - source: isis-resurrection-2022
            exact: "Iraq tightened its control over its borders with Syria"
        ---
        Known only to the month.
        """,
    "incidents/isis-attempts-iraqi-forces-coalition.md": """
        ---
        title: ISIS attempts at operations against Iraqi forces
        country: iraq
        anchors:
          - source: isis-resurrection-2022
            exact: "attempts by it to carry out operations against Iraqi forces"
        ---
        Its date is not reported here.
        """,
    "claims/al-asam-pyd-ypg-complicity.md": """
        ---
        title: The PYD/YPG were complicit in the escape
        speaker: safaa-al-asam
        claim_kind: factual
        status: attributed-not-assessed
        quote_type: indirect
        about: [hasakah-prison-attack-2022]
        anchors:
          - source: isis-resurrection-2022
            exact: "there was complicity by the terrorist PYD/YPG forces"
        ---
        Reported speech.
        """,
    # nested inside the claim "an increase in the strength of ISIS" (conftest's asam-strength)
    "notes/strength-wording.md": """
        ---
        title: The wording "strength of ISIS"
        note_kind: translation
        about: [asam-strength]
        anchors:
          - source: isis-resurrection-2022
            exact: "strength of ISIS"
        ---
        A note on the wording.
        """,
    # overlaps the start of that claim's quote
    "notes/sees-wording.md": """
        ---
        title: The verb "sees"
        note_kind: translation
        anchors:
          - source: isis-resurrection-2022
            exact: 'sees "an increase'
        ---
        A note on the verb.
        """,
}

EXTRA_DOCS = {
    "timeline.md": "# Timeline\n\n```{glossator-timeline}\n```\n",
    "place-index.md": "# Where incidents happened\n\n```{glossator-places}\n```\n",
    "incidents.md": "# Incidents\n\n```{glossator-list} incident\n```\n",
}


def add_site_pages(root: Path) -> Path:
    """Add the pages above and the index pages to the archive at ``root``; return ``root``."""
    for rel, text in SITE_PAGES.items():
        write(root / "annotations" / rel, text)
    docs = root / "docs"
    for name, text in EXTRA_DOCS.items():
        write(docs / name, text)
    index = (docs / "index.md").read_text(encoding="utf-8")
    index = index.replace("listings\n", "listings\ntimeline\nplace-index\nincidents\n")
    (docs / "index.md").write_text(index, encoding="utf-8")
    return root

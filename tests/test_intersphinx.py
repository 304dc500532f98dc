"""Another Sphinx project links to this archive's objects through intersphinx.

The archive is built (its ``objects.inv`` lists every object under the ``glossator`` domain),
then a tiny separate project, with ``glossator.sphinx.links`` and ``sphinx.ext.intersphinx``
only, links to an incident, a person and a claim in both reStructuredText and MyST. The
inventory is read from a local file: nothing is downloaded.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from conftest import build_site, make_archive, write

SITE = "https://archive.example/"

INCIDENT = """
---
title: Al-Hasakah prison attack
date: 2022-01-20
actors:
  - ref: isis
    role: perpetrator
anchors:
  - source: isis-resurrection-2022
    exact: "Al-Hasakah prison attack"
---
The attack the article reports first.
"""

CONSUMER_CONF = """
extensions = ["myst_parser", "sphinx.ext.intersphinx", "glossator.sphinx.links"]
intersphinx_mapping = {{"archive": ({site!r}, {inventory!r})}}
intersphinx_disabled_reftypes = ["*"]
source_suffix = {{".rst": "restructuredtext", ".md": "markdown"}}
html_theme = "basic"
"""

CONSUMER_INDEX = """
Consumer
========

The attack :external+archive:glossator:incident:`al-hasakah-prison-attack`, claimed by
:external+archive:glossator:org:`isis`; the analyst
:external+archive:glossator:person:`the analyst <safaa-al-asam>`.

.. toctree::

   myst
"""

CONSUMER_MYST = """# In MyST

The analyst {external+archive:glossator:person}`safaa-al-asam` made the claim
{external+archive:glossator:claim}`asam-strength`.
"""


def build_consumer(
    srcdir: Path, inventory: Path, myst: str = CONSUMER_MYST, *, with_links: bool = True
) -> tuple[Path, str]:
    """Build the consumer project; ``with_links=False`` leaves out ``glossator.sphinx.links``."""
    conf = CONSUMER_CONF.format(site=SITE, inventory=str(inventory))
    if not with_links:
        without = conf.replace(', "glossator.sphinx.links"', "")
        assert without != conf
        conf = without
    write(srcdir / "conf.py", conf)
    write(srcdir / "index.rst", CONSUMER_INDEX)
    write(srcdir / "myst.md", myst)
    app = SphinxTestApp("html", srcdir=srcdir, builddir=srcdir / "_build", freshenv=True)
    try:
        app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    return srcdir / "_build" / "html", warnings


def links(page: Path) -> dict[str, str]:
    """Link text -> href of every external reference on the page."""
    found = re.findall(
        r'<a class="reference external" href="([^"]+)"[^>]*>(.*?)</a>',
        page.read_text(encoding="utf-8"),
        flags=re.DOTALL,
    )
    return {html.unescape(re.sub(r"<[^>]+>", "", text)): href for href, text in found}


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive's inventory, built once: the tests only read it."""
    archive_dir = make_archive(tmp_path_factory.mktemp("inventory") / "archive")
    write(archive_dir / "annotations" / "incidents" / "al-hasakah-prison-attack.md", INCIDENT)
    built = build_site(archive_dir)
    assert built.warnings == ""
    return built.html / "objects.inv"


def test_archive_inventory_lists_objects_by_kind(inventory: Path) -> None:
    entries = InventoryFile.loads(inventory.read_bytes(), uri=SITE)
    assert ("glossator:incident", "al-hasakah-prison-attack") in entries
    assert ("glossator:person", "safaa-al-asam") in entries
    item = entries["glossator:person", "safaa-al-asam"]
    assert item.uri == f"{SITE}annotations/persons/safaa-al-asam.html"


def test_another_project_links_to_the_archive(inventory: Path, tmp_path: Path) -> None:
    out, warnings = build_consumer(tmp_path / "consumer", inventory)
    assert warnings == ""
    index = links(out / "index.html")
    assert index == {
        "Al-Hasakah prison attack": f"{SITE}annotations/incidents/al-hasakah-prison-attack.html",
        "Islamic State (ISIS)": f"{SITE}annotations/organizations/isis.html",
        "the analyst": f"{SITE}annotations/persons/safaa-al-asam.html",
    }
    myst = links(out / "myst.html")
    assert myst == {
        "Safaa Al-Asam": f"{SITE}annotations/persons/safaa-al-asam.html",
        "ISIS grew stronger": f"{SITE}annotations/claims/asam-strength.html",
    }


def test_an_unknown_object_is_a_warning_not_a_link(inventory: Path, tmp_path: Path) -> None:
    myst = "# In MyST\n\n{external+archive:glossator:person}`nobody-at-all`\n"
    out, warnings = build_consumer(tmp_path / "consumer", inventory, myst)
    assert "myst.md" in warnings and "nobody-at-all" in warnings
    assert links(out / "myst.html") == {}


def test_the_glossator_domain_is_what_makes_the_links_work(inventory: Path, tmp_path: Path) -> None:
    """Without ``glossator.sphinx.links`` Sphinx has no 'glossator' domain to link with."""
    _, warnings = build_consumer(tmp_path / "consumer", inventory, with_links=False)
    assert "domain for external cross-reference not found: 'glossator'" in warnings

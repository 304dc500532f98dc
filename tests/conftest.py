"""Shared fixtures: a small archive in ``tmp_path`` built from the real source and pages written by the test."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

pytest_plugins = ["browser_fixtures", "shard_fixtures"]  # browser sites, the sharded site

REPO = Path(__file__).resolve().parents[1]
SOURCE_ID = "isis-resurrection-2022"

CONF = """
extensions = ["myst_parser", "sphinxcontrib.bibtex", "glossator.sphinx"]
glossator_root = ".."
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
bibtex_bibfiles = ["references.bib"]
html_theme = "basic"
suppress_warnings = ["myst.header"]
"""

INDEX = """# Test archive

```{toctree}
sources/isis-resurrection-2022
listings
bibliography
```
"""

LISTINGS = """# Listings

```{glossator-list} person
```

```{glossator-list} claim
```

```{glossator-list} organization
```
"""

BIBLIOGRAPHY = """# Bibliography

```{bibliography}
:all:
```
"""

PAGES = {
    "persons/safaa-al-asam.md": """
        ---
        title: Safaa Al-Asam
        aliases: [Al-Asam]
        roles:
          - description: Iraqi analyst specializing in security affairs
        anchors:
          - source: isis-resurrection-2022
            exact: "Safaa Al-Asam"
        ---
        An Iraqi analyst quoted in the article.
        """,
    "organizations/isis.md": """
        ---
        title: Islamic State (ISIS)
        aliases: [ISIS, Daesh]
        summary: The armed group the article is about.
        org_type: armed-group
        ---
        The armed group the article is about.
        """,
    "claims/asam-strength.md": """
        ---
        title: ISIS grew stronger
        speaker: safaa-al-asam
        claim_kind: factual
        status: attributed-not-assessed
        about: [isis]
        anchors:
          - source: isis-resurrection-2022
            exact: "an increase in the strength of ISIS"
        ---
        Made by {person}`Al-Asam`, about {org}`Daesh`.
        """,
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def make_archive(root: Path, extra_pages: dict[str, str] | None = None) -> Path:
    """A complete small archive at ``root``: the real source, three pages (plus
    ``extra_pages``, annotation-relative path -> text) and a docs/ folder."""
    shutil.copytree(REPO / "sources" / SOURCE_ID, root / "sources" / SOURCE_ID)
    for rel, text in {**PAGES, **(extra_pages or {})}.items():
        write(root / "annotations" / rel, text)
    docs = root / "docs"
    write(docs / "conf.py", CONF)
    write(docs / "index.md", INDEX)
    write(docs / "listings.md", LISTINGS)
    write(docs / "bibliography.md", BIBLIOGRAPHY)
    write(docs / "sources" / f"{SOURCE_ID}.md", f"```{{source-text}} {SOURCE_ID}\n```\n")
    shutil.copy(REPO / "docs" / "references.bib", docs / "references.bib")
    (docs / "annotations").symlink_to("../annotations", target_is_directory=True)
    return root


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    """A complete small archive: the real source, three pages, a docs/ folder."""
    return make_archive(tmp_path / "archive")


BuildFn = Callable[..., Path]


@pytest.fixture
def build() -> BuildFn:
    """Build ``root/docs`` with the HTML builder; return the output folder."""

    def run(
        root: Path,
        *,
        parallel: int = 0,
        outdir: Path | None = None,
        freshenv: bool = True,
        **overrides: object,
    ) -> Path:
        from sphinx.testing.util import SphinxTestApp

        out = outdir or root / "docs" / "_build"
        app = SphinxTestApp(
            "html",
            srcdir=root / "docs",
            builddir=out,
            confoverrides=overrides or None,
            parallel=parallel,
            freshenv=freshenv,
        )
        try:
            app.build()
            run.warnings = app.warning.getvalue()  # type: ignore[attr-defined]
            run.app = app  # type: ignore[attr-defined]
        finally:
            app.cleanup()
        return out / "html"

    return run

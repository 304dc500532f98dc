"""Shared fixtures: a small archive in ``tmp_path`` built from the real source and pages written by the test."""

from __future__ import annotations

import functools
import importlib.util
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest_plugins = [
    "browser_fixtures",  # the browser tests' sites, server and Chromium
    "buildcount",  # the Sphinx builds and CPU seconds, in the terminal summary
    "shard_fixtures",  # the sharded two-source site
]

REPO = Path(__file__).resolve().parents[1]


@functools.cache
def noxfile() -> ModuleType:
    """The project's ``noxfile.py`` as a module, loaded once: loading it registers its sessions
    with nox, which warns (and will refuse) when a session is registered twice."""
    spec = importlib.util.spec_from_file_location("project_noxfile", REPO / "noxfile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


@dataclass(frozen=True)
class Built:
    """What one build gave: the HTML folder, the warnings it logged, and its application
    (cleaned up, but its environment and status code are still there to read)."""

    root: Path
    html: Path
    warnings: str
    app: Any


def build_site(
    root: Path,
    *,
    parallel: int = 0,
    outdir: Path | None = None,
    freshenv: bool = True,
    **overrides: object,
) -> Built:
    """Build ``root/docs`` with the HTML builder (into ``outdir``, default ``root/docs/_build``).

    A plain function, so that module- and session-scoped fixtures can build once for all the
    tests that only read the result.
    """
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
    finally:
        app.cleanup()
    return Built(root, out / "html", app.warning.getvalue(), app)


BuildFn = Callable[..., Built]


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The archive of ``archive_dir``, as it is, built once for the whole session.

    For the tests that only read the build: they must not change the archive or write into
    the output folder.
    """
    return build_site(make_archive(tmp_path_factory.mktemp("plain") / "archive"))


@pytest.fixture(scope="session")
def reader_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The site archive (``archive_dir`` plus :mod:`sitepages`), built once for the session
    with the basic theme: for the tests that only read it."""
    from sitepages import add_site_pages

    return build_site(add_site_pages(make_archive(tmp_path_factory.mktemp("reader") / "a")))


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The repository's own site (its ``docs/``, theme and all), built once for the session.

    Read by the content tests and, indexed with Pagefind, served to the browser tests: the
    index goes into its own folder and leaves the pages as they were built.
    """
    return build_site(REPO, outdir=tmp_path_factory.mktemp("real") / "_build")


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The archive with every hostile page of ``test_hostile``'s corpus, built once (the
    check's errors as warnings): what the hostile tests and the allowlist tests read."""
    from test_hostile import _install_all

    root = make_archive(tmp_path_factory.mktemp("hostile") / "archive")
    _install_all(root)
    return build_site(root, outdir=root.parent / "out", glossator_check_errors="warn")


@pytest.fixture
def build() -> BuildFn:
    """:func:`build_site`, for the tests that build a project they changed."""
    return build_site

"""Snapshots of what each directive and role of the extension builds, and of the article page.

One small site (the site archive of :mod:`sitepages`, plus the pages below that use every
directive and role in its ordinary forms and its edge cases) is built once per module, serially
and with ``-j 2``; each test compares a normalized fragment of a page with a file in
``tests/test_snapshots/``: the doctree as read (``pformat``, before references are resolved) and
the HTML of the page's main element as written (one element per line). Both builds must give
the same files, so a snapshot also proves that a parallel build writes what a serial one does.

A change to the output fails the test with a diff; when the change is intended, regenerate
the files with ``pytest tests/test_snapshots.py --force-regen`` and review the diff in the
commit (see CONTRIBUTING.md, "The tests").
"""

from __future__ import annotations

import html
import json
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from docutils import nodes
from sitepages import add_site_pages, make_archive

from conftest import SOURCE_ID, write

ROLES_PAGE = """
# Roles in a page of the archive

By id: {person}`safaa-al-asam`, {org}`isis`, {place}`ghweran`, {claim}`asam-strength`,
{note}`strength-wording`, {incident}`hasakah-prison-attack-2022`.

By alias: {person}`Al-Asam`, {org}`Daesh`, {organization}`ISIS`, {place}`Ghwayran`.

With an explicit title: {person}`the analyst <safaa-al-asam>`, {org}`the group <Daesh>`.

A passage: {passage}`isis-resurrection-2022#p16`, titled:
{passage}`paragraph 16 <isis-resurrection-2022#p16>`.

An unknown id: {person}`nobody-by-this-name`; an unknown passage:
{passage}`isis-resurrection-2022#p999`.

## A heading that names {org}`Daesh`

In the section.
"""

ROLES_NOTE = """
---
title: Roles in an annotation page
note_kind: other
about: [asam-strength]
---
By id {person}`safaa-al-asam`, by alias {org}`Daesh`, titled {claim}`the claim <asam-strength>`,
a passage {passage}`isis-resurrection-2022#p16`.

## About {place}`Ghweran`

A section whose heading holds a role.
"""

EDGE_CASES = """
# Edge cases

```{glossator-list} nonsense
```

```{glossator-fields} nonsense
```

```{glossator-timeline}
:sort: date
```
"""

DIRECTIVE_PAGES = {
    "codes.md": "# Codes\n\n```{glossator-codes}\n```\n",
    "fields.md": "# Fields\n\n```{glossator-fields} claim\n```\n\n```{glossator-fields} note\n```\n",
    "notes.md": "# Notes\n\n```{glossator-list} note\n```\n",
    "places.md": "# Places\n\n```{glossator-list} place\n```\n",
    "edge-cases.md": EDGE_CASES,
    "roles.md": ROLES_PAGE,
}
"""Pages of ``docs/`` beside the site archive's (listings, timeline, place index, incidents)."""

OBJECT_PAGES = {
    "claim": "annotations/claims/asam-strength",
    "person": "annotations/persons/safaa-al-asam",
    "organization": "annotations/organizations/isis",
    "place": "annotations/places/in-guezzam",
    "incident": "annotations/incidents/hasakah-prison-attack-2022",
    "note": "annotations/notes/strength-wording",
    "roles-note": "annotations/notes/snapshot-roles",
}
"""The page of one object of each kind (its header is the ``glossator-object`` directive)."""

DIRECTIVES = {
    "glossator-list": "listings",
    "glossator-list-incident": "incidents",
    "glossator-list-note": "notes",
    "glossator-list-place": "places",
    "edge-cases": "edge-cases",
    "glossator-timeline": "timeline",
    "glossator-places": "place-index",
    "glossator-codes": "codes",
    "glossator-fields": "fields",
    "roles": "roles",
}
"""Snapshot name -> the ``docs/`` page that uses the directive (or the roles)."""


@dataclass(frozen=True)
class Site:
    """One build of the snapshot site: its HTML folder, doctrees (as read) and warnings."""

    root: Path
    html: Path
    doctrees: dict[str, nodes.document]
    warnings: str


def _build(root: Path, parallel: int) -> Site:
    from sphinx.testing.util import SphinxTestApp

    builddir = root / "docs" / "_build"
    app = SphinxTestApp(
        "html", srcdir=root / "docs", builddir=builddir, parallel=parallel, freshenv=True
    )
    try:
        app.build()
        warnings = app.warning.getvalue()
        doctreedir = Path(app.doctreedir)
        doctrees = {}
        for docname in sorted(app.env.found_docs):
            with open(doctreedir / f"{docname}.doctree", "rb") as stream:
                doctrees[docname] = pickle.load(stream)
    finally:
        app.cleanup()
    return Site(root, builddir / "html", doctrees, warnings)


@pytest.fixture(scope="module", params=[0, 2], ids=["serial", "j2"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = add_site_pages(make_archive(tmp_path_factory.mktemp("snapshots") / "archive"))
    write(root / "annotations" / "notes" / "snapshot-roles.md", ROLES_NOTE)
    docs = root / "docs"
    for name, text in DIRECTIVE_PAGES.items():
        write(docs / name, text)
    index = (docs / "index.md").read_text(encoding="utf-8")
    pages = "".join(f"{name.removesuffix('.md')}\n" for name in DIRECTIVE_PAGES)
    (docs / "index.md").write_text(index.replace("listings\n", f"listings\n{pages}"), "utf-8")
    return _build(root, int(request.param))


# -- normalizing -------------------------------------------------------------------------------

VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def _text_line(text: str) -> str:
    """A text node as it is, or quoted where leading, trailing or inner line breaks matter."""
    if text == text.strip() and "\n" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _start_tag(tag: Tag) -> str:
    attrs = []
    for name in sorted(tag.attrs):
        value = tag.attrs[name]
        value = " ".join(value) if isinstance(value, list) else str(value)
        attrs.append(f' {name}="{html.escape(value, quote=True)}"')
    return f"<{tag.name}{''.join(attrs)}>"


def pretty(tag: Tag, depth: int = 0) -> list[str]:
    """``tag`` one element or text node per line, indented by depth, text exact.

    Whitespace-only text that holds a line break is the writer's layout between elements and
    is left out, except inside ``<pre>``, where it is the content.
    """
    pad = "  " * depth
    lines = [pad + _start_tag(tag)]
    for child in tag.children:
        if isinstance(child, Tag):
            lines.extend(pretty(child, depth + 1))
        elif isinstance(child, NavigableString) and type(child) is NavigableString:
            text = str(child)
            if text.strip() or "\n" not in text or tag.name == "pre":
                lines.append("  " * (depth + 1) + _text_line(text))
    if tag.name not in VOID:
        lines.append(f"{pad}</{tag.name}>")
    return lines


def main_html(site: Site, docname: str) -> str:
    """The page's main element (the basic theme's ``div.body``), pretty-printed."""
    page = (site.html / f"{docname}.html").read_text(encoding="utf-8")
    body = BeautifulSoup(page, "html.parser").select_one('div.body[role="main"]')
    assert body is not None, docname
    return "\n".join(pretty(body)) + "\n"


def doctree_text(site: Site, docname: str) -> str:
    """The doctree as read, with the build's folder written ``<root>``.

    Lines lose their trailing blanks (a text node's last space), which a diff would not show;
    the HTML snapshot keeps them.
    """
    text = site.doctrees[docname].pformat().replace(str(site.root), "<root>")
    return "".join(f"{line.rstrip()}\n" for line in text.splitlines())


def normalized_warnings(site: Site) -> str:
    """The build's warnings, one per line, its folder ``<root>``, colours and order removed."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", site.warnings).replace(str(site.root), "<root>")
    return "".join(f"{line}\n" for line in sorted(plain.splitlines()) if line.strip())


# -- the snapshots -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DIRECTIVES))
def test_directive_and_role_html(site: Site, name: str, file_regression: Any) -> None:
    file_regression.check(
        main_html(site, DIRECTIVES[name]), basename=f"html-{name}", extension=".html"
    )


@pytest.mark.parametrize("name", sorted(DIRECTIVES))
def test_directive_and_role_doctree(site: Site, name: str, file_regression: Any) -> None:
    file_regression.check(
        doctree_text(site, DIRECTIVES[name]), basename=f"doctree-{name}", extension=".xml"
    )


@pytest.mark.parametrize("kind", sorted(OBJECT_PAGES))
def test_object_page_html(site: Site, kind: str, file_regression: Any) -> None:
    file_regression.check(
        main_html(site, OBJECT_PAGES[kind]), basename=f"html-object-{kind}", extension=".html"
    )


@pytest.mark.parametrize("kind", sorted(OBJECT_PAGES))
def test_object_page_doctree(site: Site, kind: str, file_regression: Any) -> None:
    file_regression.check(
        doctree_text(site, OBJECT_PAGES[kind]), basename=f"doctree-object-{kind}", extension=".xml"
    )


def test_article_page_html(site: Site, file_regression: Any) -> None:
    """The article page whole (``source-text``): passages, marks, notes, panels, legend."""
    file_regression.check(
        main_html(site, f"sources/{SOURCE_ID}"), basename="html-source-text", extension=".html"
    )


def test_article_page_doctree(site: Site, file_regression: Any) -> None:
    file_regression.check(
        doctree_text(site, f"sources/{SOURCE_ID}"), basename="doctree-source-text", extension=".xml"
    )


def test_warnings(site: Site, file_regression: Any) -> None:
    """What the edge cases report (unknown id, unknown kind, unknown option), with file:line."""
    file_regression.check(normalized_warnings(site), basename="warnings", extension=".txt")

"""Placeholders rendered as each page is written (in the writing processes of a ``-j`` build)
write the same pages as placeholders rendered at ``doctree-resolved`` in the main process."""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils import nodes
from docutils.utils import new_document
from sphinx.testing.util import SphinxTestApp

from glossator.generate import generate
from glossator.sphinx import nodes as gnodes
from glossator.sphinx import rendering

from conftest import BuildFn

EXTRA_PAGES = {
    # the generator writes listings and sources; the timeline and the place index are added
    "archive/timeline.md": "# Timeline\n\n```{glossator-timeline}\n```\n",
    "archive/place-index.md": "# Places\n\n```{glossator-places}\n```\n",
}


def _corpus(root: Path) -> Path:
    generate(root, 40, 2, seed=5)
    docs = root / "docs"
    for name, text in EXTRA_PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    index = docs / "index.md"
    entries = "\n".join(name.removesuffix(".md") for name in EXTRA_PAGES)
    index.write_text(
        index.read_text(encoding="utf-8") + f"\n```{{toctree}}\n:hidden:\n\n{entries}\n```\n",
        encoding="utf-8",
    )
    return root


def _pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))}


@pytest.mark.parametrize("parallel", [0, 2])
def test_rendering_at_write_time_writes_the_same_pages(
    tmp_path: Path, build: BuildFn, parallel: int
) -> None:
    root = _corpus(tmp_path / "corpus")
    at_write = build(root, outdir=tmp_path / "at-write", parallel=parallel)
    written = _pages(at_write.html)
    assert rendering.renders_when_written(at_write.app)
    at_resolve = build(
        root, outdir=tmp_path / "at-resolve", parallel=parallel, glossator_render_at_write=False
    )
    resolved = _pages(at_resolve.html)
    assert not rendering.renders_when_written(at_resolve.app)
    assert written.keys() == resolved.keys()
    for name in written:
        assert written[name] == resolved[name], name
    # every kind of placeholder was on some page, and rendered: none is left in the HTML
    site = b"".join(written.values())
    for shown in (b"Referenced by", b"glossator-list-person", b"glossator-coverage"):
        assert shown in site
    assert b"glossator-places" in written["archive/place-index.html"]
    assert b"<mark" in written["sources/synthetic-source-1.html"]  # highlights
    assert b"glossator-margin" in written["sources/synthetic-source-1.html"]  # margin notes
    assert b"glossator_rendered_for" not in site


def test_other_builders_render_when_resolved(tmp_path: Path) -> None:
    """The text builder has no visitor for the placeholders: they are rendered beforehand."""
    root = _corpus(tmp_path / "corpus")
    app = SphinxTestApp("text", srcdir=root / "docs", builddir=tmp_path / "text", freshenv=True)
    try:
        app.build()
        assert not rendering.renders_when_written(app)
        person = next((root / "annotations" / "persons").glob("*.md")).stem
        text = (tmp_path / "text" / "text" / "annotations" / "persons" / f"{person}.txt").read_text(
            encoding="utf-8"
        )
        # the backlinks, under "Referenced by" or a field's own heading ("Claims made")
        assert "Referenced by" in text or "Claims made" in text
        assert "glossator_rendered_for" not in text
    finally:
        app.cleanup()


def test_a_placeholder_renders_in_its_place_and_is_translated(
    tmp_path: Path, build: BuildFn
) -> None:
    """The visitor puts the rendered nodes where the placeholder was and translates them."""
    root = _corpus(tmp_path / "corpus")
    app = build(root, outdir=tmp_path / "out").app
    person = "annotations/persons/" + next((root / "annotations" / "persons").glob("*.md")).stem
    document = new_document("test")
    section = nodes.section()
    placeholder = gnodes.referenced_by(
        object_id=person.rsplit("/", 1)[1], **{rendering.RENDERED_FOR: person}
    )
    section += [nodes.paragraph("", "before"), placeholder, nodes.paragraph("", "after")]
    document += section

    class Translator(nodes.SparseNodeVisitor):
        def __init__(self, doc: nodes.document) -> None:
            super().__init__(doc)
            self.builder = app.builder
            self.seen: list[str] = []

        def visit_Text(self, node: nodes.Text) -> None:
            self.seen.append(node.astext())

        def unknown_visit(self, node: nodes.Node) -> None:
            pass  # the extension's own nodes (search_unindexed, bidi...)

        def unknown_departure(self, node: nodes.Node) -> None:
            pass

        def visit_referenced_by(self, node: nodes.Element) -> None:
            rendering.visit_placeholder(self, node)

    translator = Translator(document)
    document.walkabout(translator)
    assert not list(document.findall(gnodes.referenced_by))
    assert translator.seen[0] == "before" and translator.seen[-1] == "after"
    assert len(translator.seen) > 2  # the rendered list, between the two paragraphs

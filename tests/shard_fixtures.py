"""The two-shard archive of the sharding tests (a pytest plugin, loaded by ``conftest.py``).

A synthetic archive of two sources (``glossator generate``), plus one note in the first
shard that refers to an object whose home is the second, by a spelling of its title, and to a
passage of the second shard's source. Laid out with ``glossator shard layout`` as shards ``a``
and ``b``, each built as its own Sphinx project with the real theme and indexed with Pagefind,
then assembled into one site. Built once per test session (the browser test searches it).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from glossator import archive, generate
from glossator.cli import main
from glossator.markdown import ROLE_KINDS
from glossator.search import index as searchindex
from glossator.shard import plan as shardplan

SHARDS_TOML = """
[shards.a]
sources = ["synthetic-source-1"]

[shards.b]
sources = ["synthetic-source-2"]
"""

NOTE = "annotations/notes/cross-shard-note.md"


@dataclass(frozen=True)
class ShardedSite:
    root: Path  # the archive
    layout: Path  # what 'glossator shard layout' wrote
    site: Path  # the assembled site: a/, b/, index.html
    plan: shardplan.Plan
    target: str  # the object of shard b that the note in shard a refers to
    target_page: str  # its page, relative to its shard's site
    target_title: str
    warnings: dict[str, str]  # shard -> its build's warnings


def cross_note(root: Path, target: str, kind: str, title: str) -> str:
    """The note of shard a: about ``target`` (front matter, by id) and naming it in its text
    by its title in capitals (found through the names folded from b's inventory)."""
    loaded = archive.load(root)
    quoted = next(
        page
        for page in loaded.pages
        if page.obj is not None
        and page.obj.anchors
        and {a.source for a in page.obj.anchors} == {"synthetic-source-1"}
    )
    assert quoted.obj is not None
    anchor = quoted.obj.anchors[0].model_dump(exclude_none=True)
    front = {
        "title": "Cross-shard test note",
        "summary": "A note of shard a about an object whose page is in shard b.",
        "note_kind": "ambiguity",
        "about": [target],
        "anchors": [anchor],
    }
    role = next(r for r, k in ROLE_KINDS.items() if k == kind)
    return (
        "---\n"
        + yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
        + "---\n"
        + f"It names {{{role}}}`{title.upper()}`, and see {{passage}}`synthetic-source-2#p2`.\n"
    )


def build_shard(docs: Path, out: Path) -> tuple[Path, str]:
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=docs, builddir=out, freshenv=True)
    try:
        app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    return out / "html", warnings


@pytest.fixture(scope="session")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> ShardedSite:
    base = tmp_path_factory.mktemp("sharded")
    root = base / "archive"
    generate.generate(root, annotations=30, sources=2, seed=3)
    (root / "shards.toml").write_text(SHARDS_TOML, encoding="utf-8")
    config = shardplan.read_config(root / "shards.toml")
    before = shardplan.plan(archive.load(root), config)
    loaded = archive.load(root)
    # an object of b anchored in b's source only: adding a reference to it cannot move it
    target = next(
        ident
        for ident, shard in sorted(before.home.items())
        if shard == "b"
        and loaded.objects[ident].anchors
        and {a.source for a in loaded.objects[ident].anchors} == {"synthetic-source-2"}
    )
    obj = loaded.objects[target]
    (root / NOTE).write_text(cross_note(root, target, obj.kind, obj.title), encoding="utf-8")
    layout = base / "shards"
    assert main(["shard", "layout", str(layout), "--root", str(root)]) == 0
    result = shardplan.plan(archive.load(root), config)
    site = base / "site"
    warnings: dict[str, str] = {}
    for name in ("a", "b"):
        html, warnings[name] = build_shard(layout / name / "docs", base / f"build-{name}")
        assert searchindex.build(html) == []
        shutil.copytree(html, site / name)
    assert main(["shard", "assemble", str(layout), str(site)]) == 0
    page = f"annotations/{obj.kind}s/{target}.html"
    return ShardedSite(root, layout, site, result, target, page, obj.title, warnings)

"""Sharded builds: two sources built as two Sphinx projects, linked and searched as one site.

The two-shard archive (``shard_fixtures.py``) is laid out by ``glossator shard layout``, each
shard built on its own, then assembled. A reference from shard a to an object whose home is
shard b links to b's page (by id in the front matter, by a spelling of its title in the text,
and to a passage of b's source); the predicted inventories are what the builds wrote; every
object is published by exactly one shard; and a reference that no shard can resolve is
reported with its file and line, before anything is built and in the shard itself.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from shard_fixtures import NOTE, SHARDS_TOML, ShardedSite
from sphinx.util.inventory import InventoryFile

from glossator import archive
from glossator.cli import main
from glossator.diagnostics import GlossatorError
from glossator.shard import layout as shardlayout
from glossator.shard import plan as shardplan
from glossator.shard import scope as shardscope

NOTE_HTML = NOTE.removesuffix(".md") + ".html"


def hrefs(page: Path) -> dict[str, str]:
    """href -> link text of every link on ``page``."""
    found = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page.read_text("utf-8"), re.S)
    return {html.unescape(h): html.unescape(re.sub(r"<[^>]+>", "", t)).strip() for h, t in found}


def in_site(site: Path, page: str, href: str) -> Path:
    """The file of the assembled site that ``href``, on ``page`` of the site, points to."""
    path = href.split("#")[0]
    return site / posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def test_each_shard_builds_without_a_warning(sharded: ShardedSite) -> None:
    assert sharded.warnings == {"a": "", "b": ""}


def test_a_reference_into_the_other_shard_links_to_its_page(sharded: ShardedSite) -> None:
    assert sharded.plan.home["cross-shard-note"] == "a"
    assert sharded.plan.home[sharded.target] == "b"
    page = f"a/{NOTE_HTML}"
    links = hrefs(sharded.site / page)
    wanted = f"../../../b/{sharded.target_page}"
    # the front matter's 'about' (by id) and the role in the text (by the title in capitals)
    # both link to b's page, titled from b's inventory
    assert links.get(wanted) == sharded.target_title
    text = (sharded.site / page).read_text("utf-8")
    assert text.count(f'href="{wanted}"') >= 2
    target = in_site(sharded.site, page, wanted)
    assert target.is_file()
    assert html.escape(sharded.target_title) in target.read_text("utf-8")
    assert not (sharded.site / "a" / sharded.target_page).exists()


def test_a_passage_of_the_other_shards_source_links_to_its_paragraph(
    sharded: ShardedSite,
) -> None:
    page = f"a/{NOTE_HTML}"
    wanted = "../../../b/sources/synthetic-source-2.html#p2"
    assert wanted in hrefs(sharded.site / page)
    article = in_site(sharded.site, page, wanted)
    assert article.is_file()
    assert 'id="p2"' in article.read_text("utf-8")


def test_every_cross_shard_link_of_the_site_reaches_a_page(sharded: ShardedSite) -> None:
    checked = 0
    for name in ("a", "b"):
        other = "b" if name == "a" else "a"
        for path in sorted((sharded.site / name / "annotations").rglob("*.html")):
            page = path.relative_to(sharded.site).as_posix()
            for href in hrefs(path):
                if f"/{other}/" in href and "://" not in href:
                    assert in_site(sharded.site, page, href).is_file(), (page, href)
                    checked += 1
    assert checked > 10  # the synthetic pages link across the two sources often


def test_every_object_is_published_by_exactly_one_shard(sharded: ShardedSite) -> None:
    loaded = archive.load(sharded.root)
    for page in loaded.pages:
        html_page = page.path.removesuffix(".md") + ".html"
        homes = [n for n in ("a", "b") if (sharded.site / n / html_page).is_file()]
        assert homes == [sharded.plan.home[page.id or ""]], page.path


def test_the_predicted_inventories_are_what_the_shards_built(sharded: ShardedSite) -> None:
    for name in ("a", "b"):
        predicted = InventoryFile.loads(
            (sharded.layout / "inventories" / f"{name}.inv").read_bytes(), uri=""
        )
        built = InventoryFile.loads((sharded.site / name / "objects.inv").read_bytes(), uri="")
        ours = {
            (typ, entry, item.uri, item.display_name)
            for typ, items in built.data.items()
            if typ.startswith("glossator:")
            for entry, item in items.items()
        }
        promised = {
            (typ, entry, item.uri, item.display_name)
            for typ, items in predicted.data.items()
            for entry, item in items.items()
        }
        assert promised == ours
        assert len(promised) > 10


def test_assembling_reports_a_shard_that_broke_its_promise(
    sharded: ShardedSite, tmp_path: Path
) -> None:
    from glossator.shard import site as shardsite

    site = tmp_path / "site"
    shutil.copytree(sharded.site, site)
    (site / "b" / sharded.target_page).unlink()
    shutil.copyfile(sharded.site / "a" / "objects.inv", site / "b" / "objects.inv")
    problems = shardsite.assemble(sharded.layout, site, "Test")
    assert any(sharded.target in p and "shard 'b'" in p for p in problems)
    shutil.rmtree(site / "a" / "pagefind")
    problems = shardsite.assemble(sharded.layout, site, "Test")
    assert any("shard 'a' has no search index" in p for p in problems)


def test_the_root_page_merges_every_shards_search_index(sharded: ShardedSite) -> None:
    page = (sharded.site / "index.html").read_text("utf-8")
    assert 'const SHARDS = ["a", "b"];' in page
    assert "mergeIndex" in page
    for name in ("a", "b"):
        assert (sharded.site / name / "pagefind" / "pagefind.js").is_file()


def test_the_matrix_lists_the_shards_in_order(
    sharded: ShardedSite, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["shard", "matrix", str(sharded.layout)]) == 0
    assert json.loads(capsys.readouterr().out) == ["a", "b"]


def test_a_shard_checks_its_references_into_the_other_through_the_foreign_pages(
    sharded: ShardedSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shard = tmp_path / "a"
    shutil.copytree(sharded.layout / "a", shard, symlinks=True)
    assert main(["check", "--root", str(shard)]) == 0
    capsys.readouterr()
    description = json.loads((shard / "shard.json").read_text("utf-8"))
    foreign = description["foreign"]
    assert sharded.target_page.removesuffix(".html") + ".md" in foreign
    assert not (shard / "docs" / "annotations" / foreign[0].split("/", 1)[1]).exists()
    # what the checks find on a foreign copy is for its home shard to report
    copy = shard / "foreign" / foreign[0]
    copy.write_text(copy.read_text("utf-8") + "\n{person}`nobody-in-any-shard`\n", "utf-8")
    assert main(["check", "--root", str(shard)]) == 0
    capsys.readouterr()
    # without the foreign pages, the note's references into shard b are unknown
    (shard / "shard.json").write_text(json.dumps({**description, "foreign": []}), "utf-8")
    assert main(["check", "--root", str(shard)]) == 1
    out = capsys.readouterr().out
    assert f"{NOTE}:" in out and f"unknown object '{sharded.target}'" in out


def test_a_reference_no_shard_has_is_reported_with_file_and_line(
    sharded: ShardedSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "archive"
    shutil.copytree(sharded.root, root, symlinks=True)
    note = root / NOTE
    text = note.read_text("utf-8") + "\nAnd {person}`nobody-in-any-shard`.\n"
    note.write_text(text, encoding="utf-8")
    line = text.split("\n").index("And {person}`nobody-in-any-shard`.") + 1
    assert main(["shard", "layout", str(tmp_path / "out"), "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{NOTE}:{line}:5: error GL104 unknown person 'nobody-in-any-shard'" in out
    assert not (tmp_path / "out").exists()
    # the same in a shard, where the page is edited after the layout
    shard = tmp_path / "a"
    shutil.copytree(sharded.layout / "a", shard, symlinks=True)
    (shard / NOTE).write_text(text, encoding="utf-8")
    assert main(["check", "--root", str(shard)]) == 1
    assert f"{NOTE}:{line}:5: error GL104" in capsys.readouterr().out


def test_a_layout_is_not_written_over_another_folder(sharded: ShardedSite, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(GlossatorError, match="neither empty nor a shard layout"):
        loaded = archive.load(sharded.root)
        config = shardplan.read_config(sharded.root / "shards.toml")
        shardlayout.write(sharded.root, loaded, shardplan.plan(loaded, config), tmp_path)
    assert (tmp_path / "keep.txt").read_text("utf-8") == "mine"


# -- the plan, on its own --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[shards.a]\nsources = ['nope']\n", "unknown source 'nope'"),
        ("[shards.A]\nsources = []\n", "lower-case letters"),
        ("[shards.a]\nsources = ['synthetic-source-1']\n", "sources in no shard"),
        (SHARDS_TOML + "[shards.c]\nsources = ['synthetic-source-1']\n", "is in shards 'a' and"),
        (SHARDS_TOML + "[homes]\nnobody = 'a'\n", "unknown object 'nobody'"),
        ("[shards.a]\nsources = 'x'\n", "needs 'sources'"),
        ("shards = 1\n", "no [shards.<name>] table"),
        ("[shards.a\n", "not valid TOML"),
    ],
)
def test_a_wrong_configuration_is_refused_with_its_reason(
    sharded: ShardedSite, tmp_path: Path, toml: str, message: str
) -> None:
    path = tmp_path / "shards.toml"
    path.write_text(toml, encoding="utf-8")
    loaded = archive.load(sharded.root)
    with pytest.raises(GlossatorError, match=re.escape(message)):
        shardplan.plan(loaded, shardplan.read_config(path))


def test_an_object_without_anchor_lives_with_its_neighbours(sharded: ShardedSite) -> None:
    loaded = archive.load(sharded.root)
    result = sharded.plan
    for obj in loaded.objects.values():
        anchored = {result.source_home[a.source] for a in obj.anchors}
        if anchored:
            assert result.home[obj.id] == min(anchored)  # 'a' comes first
    # pinned elsewhere by [homes], the note moves, and its page with it
    config = shardplan.read_config(sharded.root / "shards.toml")
    pinned = shardplan.Config(config.shards, {"cross-shard-note": "b"})
    assert shardplan.plan(loaded, pinned).home["cross-shard-note"] == "b"


def test_by_default_each_source_is_a_shard(sharded: ShardedSite) -> None:
    loaded = archive.load(sharded.root)
    config = shardplan.per_source(loaded)
    assert [s.name for s in config.shards] == ["synthetic-source-1", "synthetic-source-2"]


def test_outside_a_shard_every_finding_is_reported(tmp_path: Path) -> None:
    assert shardscope.read(tmp_path) is None
    (tmp_path / "shard.json").write_text("{", encoding="utf-8")
    with pytest.raises(GlossatorError, match="not a shard description"):
        shardscope.read(tmp_path)


def test_the_shards_home_page_keeps_the_toctree_entries_it_has(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "one.md").write_text("x", encoding="utf-8")
    index = (
        "# Archive\n\nProse.\n\n```{toctree}\n:maxdepth: 1\n\nSearch <search>\nsources/one\n"
        "sources/two\n```\n\n```{toctree}\n:caption: Reference\n\nreference/codes\n```\n\nEnd.\n"
    )
    kept = shardlayout.kept_toctrees(index, tmp_path)
    assert kept == (
        "# Archive\n\nProse.\n\n```{toctree}\n:maxdepth: 1\n\nSearch <search>\nsources/one\n"
        "```\n\nEnd.\n"
    )


def test_a_folder_that_is_no_layout_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["shard", "matrix", str(tmp_path)]) == 2
    assert "not a shard layout" in capsys.readouterr().err
    assert main(["shard", "assemble", str(tmp_path), str(tmp_path / "site")]) == 2
    assert not (tmp_path / "site").exists()

"""The Sphinx extension, built in tmp_path: roles, headers, backlinks, inventory, parallel builds."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import SphinxError
from sphinx.util.inventory import InventoryFile

from conftest import REPO, SOURCE_ID, BuildFn, Built, write


def text_of(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    body = body[body.find('<div class="body"') :] if '<div class="body"' in body else body
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_object_page_header_and_roles(plain_site: Built) -> None:
    out = plain_site.html
    claim = (out / "annotations/claims/asam-strength.html").read_text()
    # the header: kind, speaker resolved to the person's title, status in words
    assert 'class="glossator-kind">Claim<' in claim
    assert 'href="../persons/safaa-al-asam.html"' in claim
    assert "Attributed, not assessed" in claim
    # aliases in the body resolve to the right pages, shown with the object's title
    assert '<a class="reference internal" href="../organizations/isis.html"' in claim
    # the quote in context, linked back to the passage of the article
    assert "glossator-quoted" in claim and f"sources/{SOURCE_ID}.html#p16" in claim
    assert plain_site.warnings == ""


def test_referenced_by(plain_site: Built) -> None:
    out = plain_site.html
    person = text_of(out / "annotations/persons/safaa-al-asam.html")
    assert "Claims made" in person and "ISIS grew stronger" in person
    org = text_of(out / "annotations/organizations/isis.html")
    assert "Referenced by" in org and "Claim: ISIS grew stronger" in org


def test_broken_reference_fails_a_strict_build(archive_dir: Path, build: BuildFn) -> None:
    write(
        archive_dir / "annotations/notes/n.md",
        "---\ntitle: N\nnote_kind: other\n"
        "anchors:\n  - source: isis-resurrection-2022\n    exact: ruled out\n---\n\n"
        "See {person}`al-assam`.\n",
    )
    built = build(archive_dir, glossator_check_errors="warn")
    out, warnings = built.html, built.warnings
    assert re.search(
        r"annotations/notes/n\.md:\d+: WARNING: GL104 unknown person 'al-assam'", warnings
    ), warnings
    assert (out / "annotations/notes/n.html").exists()
    from sphinx.testing.util import SphinxTestApp

    # -W: the first warning (the check's, before reading) fails the build, with file and line
    with pytest.raises(SphinxError, match=r"annotations/notes/n\.md:9:GL104 unknown person"):
        SphinxTestApp(
            "html",
            srcdir=archive_dir / "docs",
            builddir=archive_dir / "strict",
            confoverrides={"glossator_check_errors": "warn"},
            freshenv=True,
            exception_on_warning=True,
        ).build()


def test_check_errors_fail_the_build_by_default(archive_dir: Path, build: BuildFn) -> None:
    write(archive_dir / "annotations/notes/n.md", "---\ntitle: N\nnote_kind: nope\n---\n")
    built = build(archive_dir)
    assert built.app.statuscode == 1
    warnings = built.warnings
    assert re.search(r"annotations/notes/n\.md:3: ERROR: GL103 field 'note_kind'", warnings)
    assert "glossator check found 1 error(s)" in warnings
    assert build(archive_dir, glossator_check_errors="warn").app.statuscode == 0


def test_checksum_mismatch_refuses_to_build(archive_dir: Path, build: BuildFn) -> None:
    text = archive_dir / "sources" / SOURCE_ID / "text.txt"
    text.write_bytes(text.read_bytes().replace(b"dozens", b"hundreds"))
    with pytest.raises(SphinxError, match="checksum"):
        build(archive_dir, glossator_check_errors="warn")


def test_article_text_is_verbatim(plain_site: Built) -> None:
    out = plain_site.html
    page = (out / "sources" / f"{SOURCE_ID}.html").read_text(encoding="utf-8")
    lines = {}
    for match in re.finditer(
        r'<(p|h1|h2)[^>]*class="glossator-passage[^"]*"[^>]*>(.*?)</\1>', page, re.S
    ):
        text = re.sub(r'<a class="headerlink".*?</a>', "", match.group(2))
        lines[len(lines)] = html.unescape(re.sub(r"<[^>]+>", "", text))
    published = (REPO / "sources" / SOURCE_ID / "text.txt").read_text(encoding="utf-8")
    assert list(lines.values()) == published.split("\n")
    for number in range(1, len(published.split("\n")) + 1):
        assert f'id="p{number}"' in page


def test_myst_syntax_in_a_source_is_not_interpreted(archive_dir: Path, build: BuildFn) -> None:
    folder = archive_dir / "sources" / SOURCE_ID
    tricky = "Title *not emphasis*\n{person}`x` and <b>bold</b> & $math$\n[link](http://x)"
    (folder / "text.txt").write_text(tricky, encoding="utf-8")
    meta = (folder / "source.yaml").read_text(encoding="utf-8")
    digest = hashlib.sha256(tricky.encode()).hexdigest()
    meta = re.sub(r"sha256: \w+", f"sha256: {digest}", meta)
    meta = re.sub(r"structure:.*", "structure:\n  title: 1\n", meta, flags=re.S)
    (folder / "source.yaml").write_text(meta, encoding="utf-8")
    for page in (archive_dir / "annotations").rglob("*.md"):
        page.unlink()
    out = build(archive_dir).html
    page = (out / "sources" / f"{SOURCE_ID}.html").read_text(encoding="utf-8")
    assert "Title *not emphasis*" in page
    assert "{person}`x` and &lt;b&gt;bold&lt;/b&gt; &amp; $math$" in page
    assert "[link](http://x)" in page and "<b>bold" not in page


def test_inventory_lists_objects_and_aliases(plain_site: Built) -> None:
    out = plain_site.html
    with open(out / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "https://archive.example", lambda a, b: f"{a}/{b}")
    data = (
        {k: dict(v) for k, v in getattr(inventory, "data", inventory).items()}
        if hasattr(inventory, "data")
        else {k: dict(v) for k, v in inventory.items()}
    )
    assert "safaa-al-asam" in data["glossator:person"]
    assert "isis" in data["glossator:organization"]
    assert "Daesh" in data["glossator:organization"]
    assert SOURCE_ID in data["glossator:source"]


def _html_files(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*.html"))
    }


def test_parallel_build_equals_serial(archive_dir: Path, build: BuildFn, tmp_path: Path) -> None:
    for n in range(12):
        write(
            archive_dir / f"annotations/notes/extra-{n}.md",
            f"---\ntitle: Extra {n}\nnote_kind: other\nabout: [isis]\n---\n"
            f"About {{org}}`ISIS` and {{person}}`safaa-al-asam`.\n",
        )
    serial_build = build(archive_dir, outdir=tmp_path / "serial")
    serial, serial_env = _html_files(serial_build.html), _env_summary(serial_build.app.env)
    parallel_build = build(archive_dir, outdir=tmp_path / "parallel", parallel=2)
    parallel = _html_files(parallel_build.html)
    assert serial.keys() == parallel.keys()
    for name in serial:
        assert serial[name] == parallel[name], name
    # the environment kept for the next (incremental) build is complete too: the reading
    # processes start from empty per-document data (glossator.sphinx.build.parallelread)
    assert _env_summary(parallel_build.app.env) == serial_env


def _env_summary(env: Any) -> dict[str, object]:
    from glossator.sphinx.build.parallelread import PER_DOCUMENT

    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (set, frozenset)):
            return sorted(map(str, value))
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.astext() if hasattr(value, "astext") else value

    summary: dict[str, object] = {
        name: plain(getattr(env, name)) for name in PER_DOCUMENT if name != "all_docs"
    }
    summary["all_docs"] = sorted(env.all_docs)  # reading times differ
    # Sphinx's own merge notes an empty set of included files for every merged document
    summary["included"] = {k: v for k, v in plain(env.included).items() if v}  # type: ignore[attr-defined]
    summary["glossator"] = plain(env.domaindata["glossator"])
    summary["index"] = plain(env.domaindata["index"])
    # sphinxcontrib-bibtex's per-document data, emptied in the reading processes too
    cite = env.domaindata["cite"]
    summary["citation_refs"] = sorted(map(repr, cite["citation_refs"]))
    summary["bibliographies"] = sorted(map(repr, cite["bibliographies"]))
    # the project the reading processes do not send back: the main process keeps its own
    summary["project"] = (type(env.project).__name__, sorted(env.project.docnames))
    return summary


def test_incremental_build_updates_backlinks(
    archive_dir: Path, build: BuildFn, tmp_path: Path
) -> None:
    out_dir = tmp_path / "inc"
    build(archive_dir, outdir=out_dir)
    claim = archive_dir / "annotations/claims/asam-strength.md"
    claim.write_text(
        claim.read_text()
        .replace("about: [isis]", "about: []")
        .replace("about {org}`Daesh`", "about nothing")
    )
    out = build(archive_dir, outdir=out_dir, freshenv=False).html
    clean = build(archive_dir, outdir=tmp_path / "clean").html
    assert _html_files(out) == _html_files(clean)
    assert "ISIS grew stronger" not in text_of(out / "annotations/organizations/isis.html")


def test_incremental_build_follows_removed_and_added_objects(
    archive_dir: Path, build: BuildFn, tmp_path: Path
) -> None:
    out_dir = tmp_path / "inc"
    write(
        archive_dir / "annotations/notes/by-alias.md",
        "---\ntitle: By alias\nnote_kind: other\n---\nOnly by an alias: {org}`Daesh`.\n",
    )
    build(archive_dir, outdir=out_dir, glossator_check_errors="warn")
    # remove the organization the claim names by an alias ({org}`Daesh`) and in front matter
    (archive_dir / "annotations/organizations/isis.md").unlink()
    build(archive_dir, outdir=out_dir, freshenv=False, glossator_check_errors="warn")
    # add it back under another id with the same alias: the claim must link to the new page
    write(
        archive_dir / "annotations/organizations/islamic-state.md",
        "---\ntitle: Islamic State\naliases: [Daesh, isis]\norg_type: armed-group\n---\n",
    )
    out = build(archive_dir, outdir=out_dir, freshenv=False, glossator_check_errors="warn").html
    clean = build(archive_dir, outdir=tmp_path / "clean", glossator_check_errors="warn").html
    incremental, fresh = _html_files(out), _html_files(clean)
    incremental.pop("annotations/organizations/isis.html", None)  # Sphinx keeps removed output
    assert incremental == fresh
    note = (out / "annotations/notes/by-alias.html").read_text(encoding="utf-8")
    assert "../organizations/islamic-state.html" in note


def test_a_build_in_a_forked_process_keeps_what_it_did_not_reread(
    archive_dir: Path, build: BuildFn, tmp_path: Path
) -> None:
    """A process forked after the extension was loaded, which then runs an incremental build
    of its own, is not a reading process of a parallel build: it keeps its environment."""
    import multiprocessing
    import queue

    out = tmp_path / "out"
    build(archive_dir, outdir=out)
    page = archive_dir / "annotations/persons/safaa-al-asam.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def incremental() -> None:
        results.put(_env_summary(build(archive_dir, outdir=out, freshenv=False).app.env))

    child = context.Process(target=incremental)
    child.start()
    while True:  # the child's summary, or a failure as soon as the child is gone without one
        try:
            summary = results.get(timeout=1)
            break
        except queue.Empty:
            assert child.is_alive(), f"the forked build failed (exit {child.exitcode})"
    child.join(timeout=60)
    assert summary == _env_summary(build(archive_dir, outdir=tmp_path / "clean").app.env)


def test_a_missing_passage_on_a_page_of_docs_is_a_warning_not_a_dead_link(
    archive_dir: Path, build: BuildFn
) -> None:
    """The checks read only annotations: the build reports the archive's own pages' passages."""
    listings = archive_dir / "docs" / "listings.md"
    listings.write_text(
        listings.read_text(encoding="utf-8")
        + f"\nSee {{passage}}`{SOURCE_ID}#p999`, {{passage}}`{SOURCE_ID}#x1`"
        + f" and {{passage}}`{SOURCE_ID}#p16`.\n",
        encoding="utf-8",
    )
    built = build(archive_dir)
    assert re.search(
        rf"docs/listings\.md:\d+: WARNING: GL113 source '{SOURCE_ID}' has no passage p999",
        built.warnings,
    ), built.warnings
    assert "GL113 'x1' is not a passage anchor" in built.warnings
    page = (built.html / "listings.html").read_text(encoding="utf-8")
    assert ".html#p999" not in page and ".html#x1" not in page  # shown as text, not linked
    assert f'href="sources/{SOURCE_ID}.html#p16"' in page

"""``glossator new`` (a page from a template) and ``glossator ingest`` (a new source, verbatim).

The end-to-end test ingests a small text written for this test (curly quotes, ``*``, ``{``,
markup-like text, CRLF line ends and no final newline), anchors a new note in it, checks the
archive and builds the site.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import pytest

from glossator import archive as archive_mod
from glossator import checks
from glossator.cli import main
from glossator.model import KINDS
from glossator.pages import parse_page
from glossator.scaffold import render_page
from glossator.sources import load_source

from conftest import BuildFn, write

TEXT = (
    "A short text written for glossator’s tests\r\n"
    "\r\n"
    "It has “curly quotes”, an *asterisk*, {braces} and a `backtick`.\r\n"
    "<b>This is not HTML</b> & it ends without a newline"
).encode()

BIB_ENTRY = """
@misc{glossatortests,
  title = {A short text written for glossator's tests},
  note = {Written for the test suite},
}
"""

GLOB_INDEX = """# Test archive

```{toctree}
:glob:

sources/*
listings
bibliography
```
"""


def errors(root: Path) -> list[str]:
    return [d.as_text() for d in checks.run(archive_mod.load(root)) if d.severity == "error"]


def page_text(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", body))


# -- new ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_a_valid_page_of_every_kind(
    kind: str, archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--speaker", "safaa-al-asam", "--claim-kind", "predictive"] if kind == "claim" else []
    assert main(["new", kind, f"new-{kind}", "--root", str(archive_dir), *extra]) == 0
    rel = f"annotations/{kind}s/new-{kind}.md"
    assert f"wrote {rel}" in capsys.readouterr().out
    page = parse_page((archive_dir / rel).read_text(encoding="utf-8"), rel)
    assert page.diagnostics == [] and page.obj is not None
    assert page.obj.title == f"New {kind}" and page.obj.kind == kind
    # a new place or organization still needs its summary, and the check says so
    found = [e.split(" ")[2] for e in errors(archive_dir)]
    assert found == (["GL116"] if kind in ("place", "organization") else [])
    if kind == "claim":
        assert page.obj.model_dump()["status"] == "attributed-not-assessed"


def test_new_fills_title_and_anchor_exactly(archive_dir: Path) -> None:
    title = 'A note: “quoted”, # not a comment, {braces} and "double quotes"'
    exact = "an increase in the strength of ISIS"
    args = ["new", "note", "odd-title", "--title", title, "--note-kind", "ambiguity"]
    args += ["--source", "isis-resurrection-2022", "--exact", exact, "--root", str(archive_dir)]
    assert main(args) == 0
    rel = "annotations/notes/odd-title.md"
    page = parse_page((archive_dir / rel).read_text(encoding="utf-8"), rel)
    assert page.obj is not None and page.obj.title == title
    assert [(a.source, a.exact) for a in page.obj.anchors] == [("isis-resurrection-2022", exact)]
    assert errors(archive_dir) == []


def test_new_template_comments_do_not_reach_the_site(archive_dir: Path, build: BuildFn) -> None:
    assert main(["new", "person", "someone", "--root", str(archive_dir)]) == 0
    out = build(archive_dir).html
    text = page_text(out / "annotations" / "persons" / "someone.html")
    assert "Someone" in text
    assert "Lines starting with %" not in text and "an-organization-id" not in text


def test_new_refuses_to_overwrite(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = archive_dir / "annotations" / "persons" / "safaa-al-asam.md"
    before = existing.read_bytes()
    assert main(["new", "person", "safaa-al-asam", "--root", str(archive_dir)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    # ids are unique across kinds: another kind may not take it either
    assert main(["new", "place", "safaa-al-asam", "--root", str(archive_dir)]) == 2
    assert "annotations/persons/safaa-al-asam.md" in capsys.readouterr().err
    assert existing.read_bytes() == before
    assert not (archive_dir / "annotations" / "places" / "safaa-al-asam.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "person", "Not_A_Slug"], "is not a lowercase slug"),
        (["new", "claim", "a-claim"], "needs its speaker and its kind"),
        (["new", "claim", "a-claim", "--speaker", "x"], "needs its speaker and its kind"),
        (["new", "note", "a-note", "--source", "isis-resurrection-2022"], "go together"),
        (
            ["new", "claim", "a-claim", "--speaker", "Not A Slug", "--claim-kind", "factual"],
            "would not be valid",
        ),
        (["new", "note", "a-note", "--title", ""], "would not be valid"),
    ],
)
def test_new_usage_errors(
    args: list[str], message: str, archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*args, "--root", str(archive_dir)]) == 2
    assert message in capsys.readouterr().err
    assert not list((archive_dir / "annotations").glob("*/a-*.md"))


def test_render_page_refuses_an_unknown_kind() -> None:
    from glossator.diagnostics import GlossatorError

    with pytest.raises(GlossatorError, match="unknown kind"):
        render_page("rumour", "x", title="X")


# -- ingest ---------------------------------------------------------------------------------------


def ingest(root: Path, file: Path, *extra: str) -> int:
    return main(["ingest", str(file), "--id", "test-text", "--root", str(root), *extra])


def test_ingest_copies_the_text_verbatim_and_records_what_is_known(
    archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = tmp_path / "given.txt"
    given.write_bytes(TEXT)
    assert ingest(archive_dir, given, "--cite", "glossatortests") == 0
    captured = capsys.readouterr()
    folder = archive_dir / "sources" / "test-text"
    assert (folder / "text.txt").read_bytes() == TEXT
    assert f"sha256 {hashlib.sha256(TEXT).hexdigest()}" in captured.out
    assert "docs/references.bib" in captured.err  # the bibliography entry is still to add
    loaded = load_source(archive_dir, folder)
    assert loaded.diagnostics == [] and loaded.source is not None
    meta = loaded.source.meta
    assert meta.title == "A short text written for glossator’s tests"
    assert meta.structure.title == 1
    assert (meta.language, meta.translation, meta.url) == ("und", "unknown", None)
    for unknown in ("original_language", "publisher", "author", "published", "licence"):
        assert getattr(meta, unknown) == "unknown"
    assert meta.cite == "glossatortests"
    page = archive_dir / "docs" / "sources" / "test-text.md"
    assert page.read_text() == "```{source-text} test-text\n```\n"


def test_ingested_text_can_be_annotated_checked_and_built(
    archive_dir: Path, tmp_path: Path, build: BuildFn
) -> None:
    given = tmp_path / "given.txt"
    given.write_bytes(TEXT)
    assert ingest(archive_dir, given, "--cite", "glossatortests", "--language", "en") == 0
    bib = archive_dir / "docs" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + BIB_ENTRY, encoding="utf-8")
    exact = "an *asterisk*, {braces}"
    args = ["new", "note", "test-text-note", "--title", "Odd characters", "--note-kind", "other"]
    args += ["--source", "test-text", "--exact", exact, "--root", str(archive_dir)]
    assert main(args) == 0
    assert errors(archive_dir) == []
    write(archive_dir / "docs" / "index.md", GLOB_INDEX)
    built = build(archive_dir)
    out = built.html
    assert built.warnings == ""
    # the source page shows the text as it is: nothing in it was read as markup
    shown = page_text(out / "sources" / "test-text.html")
    assert "It has “curly quotes”, an *asterisk*, {braces} and a `backtick`." in shown
    assert "<b>This is not HTML</b> & it ends without a newline" in shown
    note = page_text(out / "annotations" / "notes" / "test-text-note.html")
    assert "Odd characters" in note and exact in note
    # the published text and the W3C offsets agree, CRLF line ends included
    published = (out / "data" / "sources" / "test-text.txt").read_bytes()
    assert published == TEXT
    collection = json.loads((out / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    (item,) = [i for i in collection["first"]["items"] if "test-text-note" in i["id"]]
    position = item["target"]["selector"][1]
    assert published.decode("utf-8")[position["start"] : position["end"]] == exact


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"caf\xe9 latin-1", [], "is not UTF-8"),
        (b"", [], "is empty"),
        (b"\n  \r\n", [], "is empty"),
        (b"text\x00with NUL", [], "NUL bytes"),
        (b"one line", ["--title-line", "2"], "is not a line of text"),
        (b"one line", ["--language", "English"], "language"),
        (b"one line", ["--cite", "not a key"], "cite"),
    ],
)
def test_ingest_refuses_bad_input_and_leaves_nothing(
    content: bytes,
    extra: list[str],
    message: str,
    archive_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    given = tmp_path / "given.txt"
    given.write_bytes(content)
    assert ingest(archive_dir, given, *extra) == 2
    assert message in capsys.readouterr().err
    assert not (archive_dir / "sources" / "test-text").exists()
    assert not (archive_dir / "docs" / "sources" / "test-text.md").exists()


def test_ingest_refuses_to_overwrite(
    archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = tmp_path / "given.txt"
    given.write_bytes(TEXT)
    source = archive_dir / "sources" / "isis-resurrection-2022"
    before = {p.name: p.read_bytes() for p in source.iterdir()}
    args = ["ingest", str(given), "--id", "isis-resurrection-2022", "--root", str(archive_dir)]
    assert main(args) == 2
    assert "refusing to overwrite sources/isis-resurrection-2022" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in source.iterdir()} == before
    # a source page of that id, without its folder, is not overwritten either
    write(archive_dir / "docs" / "sources" / "test-text.md", "mine\n")
    assert ingest(archive_dir, given) == 2
    assert "refusing to overwrite docs/sources/test-text.md" in capsys.readouterr().err
    assert (archive_dir / "docs" / "sources" / "test-text.md").read_text() == "mine\n"
    assert not (archive_dir / "sources" / "test-text").exists()


def test_ingest_cleans_up_when_a_step_fails(
    archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = tmp_path / "given.txt"
    given.write_bytes(TEXT)
    pages = archive_dir / "docs" / "sources"
    for page in pages.iterdir():
        page.unlink()
    pages.rmdir()
    pages.write_text("a file where the folder of source pages should be")
    assert ingest(archive_dir, given) == 2
    assert "cannot write the source" in capsys.readouterr().err
    assert not (archive_dir / "sources" / "test-text").exists()


def test_ingest_usage_errors(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest(archive_dir, archive_dir / "missing.txt") == 2
    assert "cannot read" in capsys.readouterr().err
    given = archive_dir / "given.txt"
    given.write_bytes(TEXT)
    args = ["ingest", str(given), "--id", "Bad Id", "--root", str(archive_dir)]
    assert main(args) == 2
    assert "is not a lowercase slug" in capsys.readouterr().err

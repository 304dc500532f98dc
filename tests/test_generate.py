"""``glossator generate``: a valid, deterministic, synthetic archive of any size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossator import archive, checks, markdown
from glossator.cli import main
from glossator.diagnostics import GlossatorError
from glossator.generate import KIND_SHARES, SYLLABLES, WORDS, generate
from glossator.model import KINDS

from conftest import REPO, SOURCE_ID, BuildFn


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", 60, 2, seed=7)
    generate(tmp_path / "b", 60, 2, seed=7)
    generate(tmp_path / "c", 60, 2, seed=8)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert a == b
    assert a != c


def test_the_archive_passes_every_check(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    summary = generate(root, 120, 3, seed=1)
    loaded = archive.load(root)
    assert checks.run(loaded) == []  # no error and no warning either
    assert len(loaded.pages) == summary.annotations == 120
    assert len(loaded.sources) == summary.sources == 3
    assert all(source.checksum_ok for source in loaded.sources.values())
    assert set(loaded.bib_keys) >= {s.meta.cite for s in loaded.sources.values()}


def test_every_kind_in_its_share_with_the_real_archive_s_density(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    summary = generate(root, 400, 4, seed=3)
    assert sum(summary.by_kind.values()) == 400
    for kind in KINDS:
        assert abs(summary.by_kind[kind] - 400 * KIND_SHARES[kind]) <= 1, summary.by_kind
    loaded = archive.load(root)
    pages = [p for p in loaded.pages if p.obj is not None]
    per_page = {
        "anchors": sum(len(p.obj.anchors) for p in pages if p.obj) / len(pages),
        "roles": sum(
            1 for p in pages for use in markdown.role_uses(p.tokens) if use.role != "passage"
        )
        / len(pages),
        "aliases": sum(len(p.obj.aliases) for p in pages if p.obj) / len(pages),
    }
    # the real archive has about 1.4 anchors, 3.3 roles and 0.8 aliases per page
    assert 1.0 <= per_page["anchors"] <= 2.0, per_page
    assert 2.5 <= per_page["roles"] <= 4.5, per_page
    assert 0.4 <= per_page["aliases"] <= 1.2, per_page
    # roles name their targets by id, by title and by alias
    targets = [u.target for p in pages for u in markdown.role_uses(p.tokens)]
    assert any(t in loaded.objects for t in targets)
    assert any(t not in loaded.objects and loaded.lookup(t) is not None for t in targets)


def test_the_text_is_synthetic(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate(root, 30, 2, seed=5)
    vocabulary = {w.casefold() for w in WORDS} | {"synthetic", "source", "tags"}
    real = (REPO / "sources" / SOURCE_ID / "text.txt").read_text(encoding="utf-8")
    for text in (root / "sources").rglob("text.txt"):
        content = text.read_text(encoding="utf-8")
        words = {w.casefold() for w in re.findall(r"[A-Za-z]+", content)}
        assert words <= vocabulary, words - vocabulary
        assert not any(line and line in content for line in real.split("\n") if len(line) > 30)
    name = re.compile(f"^(?:{'|'.join(SYLLABLES)})+$", re.IGNORECASE)
    for page in (root / "annotations" / "persons").glob("*.md"):
        title = re.search(r"^title: (.+)$", page.read_text(encoding="utf-8"), re.M)
        assert title is not None
        assert all(name.match(part) for part in title.group(1).split()), title.group(1)


@pytest.mark.parametrize(
    ("annotations", "sources", "message"),
    [(5, 1, "at least 6"), (10, 0, "at least 1")],
)
def test_sizes_too_small_are_refused(
    tmp_path: Path, annotations: int, sources: int, message: str
) -> None:
    with pytest.raises(GlossatorError, match=message):
        generate(tmp_path / "corpus", annotations, sources, seed=1)
    assert not (tmp_path / "corpus").exists()


def test_a_folder_with_files_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "notes.txt").write_text("mine")
    code = main(["generate", "--annotations", "10", "--sources", "1", str(tmp_path / "corpus")])
    assert code == 2
    assert "is not empty" in capsys.readouterr().err
    assert (tmp_path / "corpus" / "notes.txt").read_text() == "mine"


def test_cli_reports_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["generate", "--annotations", "12", "--sources", "2", "--seed", "4", str(tmp_path / "c")]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "wrote 12 annotations" in out and "over 2 sources" in out
    assert main(["check", "--root", str(tmp_path / "c")]) == 0


def test_sphinx_builds_it(tmp_path: Path, build: BuildFn) -> None:
    root = tmp_path / "corpus"
    generate(root, 40, 2, seed=2)
    built = build(root, html_theme="basic", html_theme_options={})
    out = built.html
    assert built.warnings == ""
    pages = list((out / "annotations").rglob("*.html"))
    assert len(pages) == 40
    listing = (out / "archive" / "claims.html").read_text(encoding="utf-8")
    assert listing.count('href="../annotations/claims/') >= KIND_SHARES["claim"] * 40 - 1
    source = (out / "sources" / "synthetic-source-1.html").read_text(encoding="utf-8")
    assert "glossator-mark" in source  # quotes are highlighted in their source

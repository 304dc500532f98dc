"""The search index's size per query: smaller word chunks and short fragment names, same search."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from glossator.search import compact as searchcompact
from glossator.search import index as searchindex
from glossator.search import pagefind
from glossator.search.compact import base36, compact
from glossator.search.pagefind import read_index_file

# words that sort apart and share prefixes, so chunk bounds have something to cut
VOCABULARY = [
    f"{stem}{suffix}"
    for stem in ("harbour", "harvest", "ghweran", "gate", "river", "rival", "zone", "zeal")
    for suffix in ("", "a", "ab", "ing", "s", "ward", "x", "z")
]


def _site(folder: Path, pages: int = 60, words_per_page: int = 120) -> Path:
    """Pages with many distinct words: enough postings for Pagefind to write several chunks."""
    folder.mkdir(parents=True)
    for n in range(pages):
        words = " ".join(f"w{(n * 37 + i) % 3000:04d}" for i in range(words_per_page))
        shared = " ".join(VOCABULARY[(n + i) % len(VOCABULARY)] for i in range(20))
        (folder / f"page{n}.html").write_text(
            f'<!DOCTYPE html><html lang="en"><head><title>P{n}</title></head><body>'
            f"<main data-pagefind-body><h1>Page {n}</h1><p>{words}</p><p>{shared}</p>"
            f'<span data-pagefind-filter="kind">{("Claim", "Person")[n % 2]}</span>'
            f"</main></body></html>",
            encoding="utf-8",
        )
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><body><main data-pagefind-body><h1>Index</h1></main>'
        "</body></html>",
        encoding="utf-8",
    )
    return folder


def _pagefind(site: Path) -> Path:
    """Pagefind alone, with its defaults."""
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)
    return site / "pagefind"


def _meta(bundle: Path) -> Any:
    return read_index_file(next(bundle.glob("pagefind.*.pf_meta")))


def _chunks(bundle: Path) -> list[list[Any]]:
    return [read_index_file(bundle / "index" / f"{c[2]}.pf_index")[0] for c in _meta(bundle)[2]]


def _by_page(bundle: Path) -> dict[int, bytes]:
    """Each page's fragment (decompressed), by page number."""
    pages = _meta(bundle)[1]
    return {
        n: gzip.decompress((bundle / "fragment" / f"{p[0]}.pf_fragment").read_bytes())
        for n, p in enumerate(pages)
    }


@pytest.fixture(scope="module")
def raw_and_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The same site indexed three ways: by Pagefind alone (its default chunk size), by
    ``searchindex.build`` without the renaming, and by ``searchindex.build``."""
    site = _site(tmp_path_factory.mktemp("site") / "site")
    copies = []
    for name in ("raw", "unrenamed", "built"):
        copy = tmp_path_factory.mktemp(name) / "site"
        shutil.copytree(site, copy)
        copies.append(copy)
    raw = _pagefind(copies[0])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchcompact, "compact", lambda bundle: [])
        assert searchindex.build(copies[1]) == []
    assert searchindex.build(copies[2]) == []
    return raw, copies[1] / "pagefind", copies[2] / "pagefind"


def test_the_word_index_is_cut_into_smaller_chunks(
    raw_and_built: tuple[Path, Path, Path],
) -> None:
    raw, _, built = raw_and_built
    assert len(_chunks(built)) >= 3 * len(_chunks(raw)), "the chunk size had no effect"
    words = [word for chunk in _chunks(built) for word in chunk]
    assert words == [word for chunk in _chunks(raw) for word in chunk]
    largest = max(p.stat().st_size for p in (built / "index").iterdir())
    assert largest * 2 < max(p.stat().st_size for p in (raw / "index").iterdir())


def test_pages_keep_their_numbers_fragments_and_word_counts(
    raw_and_built: tuple[Path, Path, Path],
) -> None:
    raw, _, built = raw_and_built
    assert _by_page(built) == _by_page(raw)
    assert [p[1] for p in _meta(built)[1]] == [p[1] for p in _meta(raw)[1]]
    names = [p[0] for p in _meta(built)[1]]
    prefix = names[0].split("-")[0]
    assert names == [f"{prefix}-{base36(n)}" for n in range(len(names))]
    # nothing is left behind: one fragment per page, one metadata file
    assert len(list((built / "fragment").iterdir())) == len(names)
    assert len(list(built.glob("pagefind.*.pf_meta"))) == 1
    entry = (built / "pagefind-entry.json").read_text(encoding="utf-8")
    assert next(built.glob("pagefind.*.pf_meta")).name.split(".")[1] in entry


def test_short_names_make_the_metadata_smaller(raw_and_built: tuple[Path, Path, Path]) -> None:
    _, unrenamed, built = raw_and_built

    def meta_bytes(bundle: Path) -> int:
        return next(bundle.glob("pagefind.*.pf_meta")).stat().st_size

    assert _meta(built)[2] == _meta(unrenamed)[2]  # the same chunks
    assert meta_bytes(built) < 0.8 * meta_bytes(unrenamed)


def test_a_changed_site_gets_new_fragment_names(tmp_path: Path) -> None:
    one = _site(tmp_path / "one", pages=4, words_per_page=5)
    two = tmp_path / "two"
    shutil.copytree(one, two)
    page = two / "page1.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Page 1", "Page one"), "utf-8")
    assert searchindex.build(one) == [] and searchindex.build(two) == []
    names_one = {p.name for p in (one / "pagefind" / "fragment").iterdir()}
    names_two = {p.name for p in (two / "pagefind" / "fragment").iterdir()}
    assert not names_one & names_two


def test_base36() -> None:
    assert [base36(n) for n in (0, 9, 10, 35, 36, 1295, 1296)] == [
        "0",
        "9",
        "a",
        "z",
        "10",
        "zz",
        "100",
    ]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_bundle_in_an_unknown_format_is_left_alone(tmp_path: Path) -> None:
    bundle = _pagefind(_site(tmp_path / "site", pages=3, words_per_page=4))
    meta_path = next(bundle.glob("pagefind.*.pf_meta"))
    meta = read_index_file(meta_path)
    meta[1][0] = ["en_oops"]  # a page entry without its word count
    meta_path.write_bytes(pagefind.index_bytes(meta))
    before = _files(bundle)
    problems = compact(bundle)
    assert len(problems) == 1 and "language 'en' left uncompacted" in problems[0]
    assert _files(bundle) == before
    # a fragment the metadata names but that is missing: nothing is changed either
    bundle = _pagefind(_site(tmp_path / "site2", pages=3, words_per_page=4))
    next((bundle / "fragment").iterdir()).unlink()
    before = _files(bundle)
    assert "is missing" in compact(bundle)[0]
    assert _files(bundle) == before
    (bundle / "pagefind-entry.json").write_text("{", encoding="utf-8")
    assert "cannot read the entry file" in compact(bundle)[0]

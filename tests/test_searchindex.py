"""The search index: Pagefind's output made reproducible, and the files it is written in."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest

from glossator.search import index as searchindex
from glossator.search import pagefind
from glossator.search import stabilize as searchstabilize
from glossator.search.pagefind import SIGNATURE, FormatError


@pytest.mark.parametrize(
    "value",
    [
        0,
        23,
        24,
        255,
        256,
        65_535,
        65_536,
        2**32,
        -1,
        -500,
        "",
        "Ghweran غويران",
        b"\x00\xff",
        [],
        [1, ["a", [2, 3]], "b"],
        {"kind": ["Claim", "Person"], "year": 2022},
        True,
        False,
        None,
    ],
)
def test_index_file_round_trip(value: object, tmp_path: Path) -> None:
    path = tmp_path / "value.pf_filter"
    path.write_bytes(pagefind.index_bytes(value))
    assert pagefind.read_index_file(path) == value


def test_cbor_uses_the_shortest_form() -> None:
    """Pagefind writes the shortest forms: a file read and written again is the same file."""
    body = [gzip.decompress(pagefind.index_bytes(v))[len(SIGNATURE) :] for v in (23, 24, 256)]
    assert body == [b"\x17", b"\x18\x18", b"\x19\x01\x00"]
    assert gzip.decompress(pagefind.index_bytes(["a"]))[len(SIGNATURE) :] == b"\x81\x61a"


@pytest.mark.parametrize("data", [b"", b"\x19\x01", b"\x63ab"])
def test_truncated_cbor_is_a_format_error(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "truncated.pf_filter"
    path.write_bytes(gzip.compress(SIGNATURE + data))
    with pytest.raises(FormatError, match="not CBOR"):
        pagefind.read_index_file(path)


def test_index_files_must_be_pagefind_files(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pf_filter"
    plain.write_bytes(b"not gzip")
    with pytest.raises(FormatError, match="not gzip"):
        pagefind.read_index_file(plain)
    unsigned = tmp_path / "unsigned.pf_filter"
    unsigned.write_bytes(gzip.compress(cbor2.dumps([1])))
    with pytest.raises(FormatError, match="no Pagefind signature"):
        pagefind.read_index_file(unsigned)
    extra = tmp_path / "extra.pf_filter"
    extra.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps([1]) + b"\x01"))
    with pytest.raises(FormatError, match="bytes after its data"):
        pagefind.read_index_file(extra)


def _site(folder: Path) -> Path:
    """A small site whose pages carry many filter values (Pagefind orders them at random)."""
    countries = ["Iraq", "Syria", "Libya", "Algeria", "Tunisia", "Morocco", "Niger"]
    for n in range(24):
        filters = "".join(
            f'<span data-pagefind-filter="country[data-value]" data-value="{c}"></span>'
            for c in countries[n % 7 : n % 7 + 3]
        )
        kind = ("Claim", "Person", "Place", "Incident")[n % 4]
        (folder / f"page{n}.html").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"page{n}.html").write_text(
            f'<!DOCTYPE html><html lang="en"><head><title>P{n}</title></head><body>'
            f"<main data-pagefind-body><h1>Page {n}</h1><p>Words about page {n}.</p>"
            f"<div hidden data-pagefind-ignore>{filters}"
            f'<span data-pagefind-filter="kind[data-value]" data-value="{kind}"></span>'
            f'<span data-pagefind-filter="year[data-value]" data-value="{2010 + n}"></span>'
            f"</div></main></body></html>",
            encoding="utf-8",
        )
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><body><main data-pagefind-body><h1>Index</h1></main>'
        "</body></html>",
        encoding="utf-8",
    )
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _filters(bundle: Path) -> dict[str, dict[str, list[int]]]:
    found: dict[str, dict[str, list[int]]] = {}
    for path in (bundle / "filter").glob("*.pf_filter"):
        name, values = pagefind.read_index_file(path)
        found[name] = {value: sorted(pages) for value, pages in values}
    return found


def test_two_indexes_of_one_site_are_byte_identical(tmp_path: Path) -> None:
    one = _site(tmp_path / "one")
    two = tmp_path / "two"
    shutil.copytree(one, two)
    raw = tmp_path / "raw"
    shutil.copytree(one, raw)
    assert searchindex.build(one) == []
    assert searchindex.build(two) == []
    assert _files(one) == _files(two)
    # the filters are those Pagefind wrote (read back from its own, unstabilized output)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(raw), "--silent"], check=True)
    assert _filters(one / "pagefind") == _filters(raw / "pagefind")
    assert set(_filters(one / "pagefind")["kind"]) == {"Claim", "Person", "Place", "Incident"}


def test_a_bundle_in_an_unknown_format_is_left_alone(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    assert searchindex.build(site) == []
    bundle = site / "pagefind"
    victim = next((bundle / "filter").glob("*.pf_filter"))
    victim.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(["kind", "oops"])))
    before = _files(bundle)
    problems = searchstabilize.stabilize(bundle)
    assert len(problems) == 1 and "language 'en' left as Pagefind wrote it" in problems[0]
    assert _files(bundle) == before
    (bundle / "pagefind-entry.json").write_text("{", encoding="utf-8")
    assert "cannot read the entry file" in searchstabilize.stabilize(bundle)[0]


def test_the_command_needs_a_built_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert searchindex.main([]) == 2
    assert "usage:" in capsys.readouterr().err
    assert searchindex.main([str(tmp_path)]) == 2
    assert "holds no built site" in capsys.readouterr().err
    site = _site(tmp_path / "site")
    assert searchindex.main([str(site)]) == 0
    assert (site / "pagefind" / "pagefind-entry.json").is_file()

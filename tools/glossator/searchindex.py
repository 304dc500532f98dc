"""The site's search index: Pagefind over the built HTML, made reproducible.

``python -m glossator.searchindex <html folder>`` runs Pagefind (its PyPI package ships the
binary, so nothing is downloaded) and then rewrites the one part of its output that is not
reproducible. Pagefind 1.x writes its filter indexes from hash maps, so two runs over the same
site list filter values, and the filters in the language's metadata file, in different orders,
under different content-hash names (upstream Pagefind issue 638: "filter/metadata indexes"
still change between builds). Everything else it writes (word index, fragments) is stable.

The rewrite decodes each filter file (gzip of ``pagefind_dcd`` + CBOR), sorts the values and
their page numbers, encodes it again with the shortest CBOR forms, names it after a hash of
its new bytes, and does the same for the metadata file and the entry file that name them.
The search itself is unchanged: the same filters with the same pages. If the files do not
have the shape this expects (a different Pagefind format), they are left as Pagefind wrote
them and :func:`stabilize` says so.

:func:`build` also keeps what one query fetches small: Pagefind is asked for smaller word
chunks (:data:`WORD_CHUNK_POSTINGS`), and :mod:`glossator.searchcompact` gives the fragments
short names afterwards.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"

WORD_CHUNK_POSTINGS = 3000
"""Postings (a page a word is on, and each place on it) per chunk of Pagefind's word index.

A query fetches the chunk of each of its words. Pagefind's default (20,000) makes chunks of
30-50 KB gzipped at 10,000 annotations; a smaller size fetches only the neighbourhood of the
query's words, for a few bytes more in the metadata per extra chunk (docs/performance.md). Set
through ``PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE``, which Pagefind 1.5 reads (hence the pin in
pyproject.toml; tests/test_searchcompact.py fails if it stops working)."""

EXCLUDED = (
    "a.headerlink",  # the "#" of every heading
    ".glossator-kind",  # the kind badge: a filter and the result's own badge say it
    ".glossator-fields",  # the header's field list (its aliases are indexed apart, weighted)
    ".glossator-coverage",  # the article's coverage line
    "aside.glossator-margin",  # the article's margin notes: titles of other pages
    "blockquote.glossator-quote .attribution",  # "paragraph 33 of <the article's title>"
)
"""Parts of the built pages Pagefind leaves out (``--exclude-selectors``), so that results
match and show the pages' prose, not the machinery around it (glossator.sphinx.search)."""

Cbor = Any  # int | str | bytes | list[Cbor] | dict[Cbor, Cbor] | bool | None


class FormatError(ValueError):
    """A file is not in the Pagefind format this module knows."""


# -- CBOR, the subset Pagefind's indexes use --------------------------------------------------


def cbor_decode(data: bytes, start: int = 0) -> tuple[Cbor, int]:
    """Decode one CBOR item at ``start``; return it and the offset after it."""
    if start >= len(data):
        raise FormatError("truncated CBOR")
    initial = data[start]
    major, info = initial >> 5, initial & 31
    offset = start + 1
    if info < 24:
        number = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        if offset + size > len(data):
            raise FormatError("truncated CBOR")
        number = int.from_bytes(data[offset : offset + size], "big")
        offset += size
    else:
        raise FormatError(f"unsupported CBOR item 0x{initial:02x}")
    if major == 0:
        return number, offset
    if major == 1:
        return -1 - number, offset
    if major in (2, 3):
        if offset + number > len(data):
            raise FormatError("truncated CBOR")
        chunk = data[offset : offset + number]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), offset + number
    if major == 4:
        items: list[Cbor] = []
        for _ in range(number):
            item, offset = cbor_decode(data, offset)
            items.append(item)
        return items, offset
    if major == 5:
        mapping: dict[Cbor, Cbor] = {}
        for _ in range(number):
            key, offset = cbor_decode(data, offset)
            mapping[key], offset = cbor_decode(data, offset)
        return mapping, offset
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], offset
    raise FormatError(f"unsupported CBOR item 0x{initial:02x}")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise FormatError(f"number {number} is too large for CBOR")


def cbor_encode(value: Cbor) -> bytes:
    """Encode with the shortest forms (RFC 8949 preferred serialization)."""
    if value is False or value is True or value is None:
        return bytes([0xF4 if value is False else 0xF5 if value is True else 0xF6])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(
            cbor_encode(k) + cbor_encode(v) for k, v in value.items()
        )
    raise FormatError(f"cannot encode {type(value).__name__}")


# -- Pagefind's files -------------------------------------------------------------------------


def read_index_file(path: Path) -> Cbor:
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise FormatError(f"{path.name} is not gzip: {exc}") from exc
    if not raw.startswith(SIGNATURE):
        raise FormatError(f"{path.name} has no Pagefind signature")
    value, end = cbor_decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise FormatError(f"{path.name} has bytes after its data")
    return value


def index_bytes(value: Cbor) -> bytes:
    """A Pagefind file's bytes: gzip (no timestamp, no file name) of signature and CBOR."""
    return gzip.compress(SIGNATURE + cbor_encode(value), compresslevel=9, mtime=0)


def _name(language: str, data: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


def _canonical_filter(value: Cbor, expected: str) -> Cbor:
    """``[name, [[value, [pages]], ...]]`` with values and page numbers sorted."""
    if not (
        isinstance(value, list)
        and len(value) == 2
        and value[0] == expected
        and isinstance(value[1], list)
        and all(
            isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], list)
            for v in value[1]
        )
    ):
        raise FormatError(f"filter '{expected}' is not [name, [[value, [pages]]...]]")
    values = [[v[0], sorted(v[1])] for v in value[1]]
    return [value[0], sorted(values, key=lambda v: v[0])]


def stabilize(bundle: Path) -> list[str]:
    """Rewrite the filter indexes of the Pagefind bundle at ``bundle`` in a canonical form.

    Returns the problems found (an empty list when all went well); on a problem with a
    language, that language's files are left exactly as they were.
    """
    return rewrite_languages(bundle, _stabilize_language, "left as Pagefind wrote it")


LanguageRewrite = Callable[[Path, str, str], str]
"""Rewrites one language's files: ``(bundle, language, metadata hash) -> new metadata hash``."""


def rewrite_languages(bundle: Path, rewrite: LanguageRewrite, left: str) -> list[str]:
    """Apply ``rewrite`` to each language of the bundle and record the new metadata names.

    A language whose files are not in the expected shape is reported (``"language 'en'
    <left> (why)"``) and keeps its metadata name; ``rewrite`` must check everything before it
    changes a file, so that such a language is left exactly as it was.
    """
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{entry_path}: cannot read the entry file ({exc})"]
    problems: list[str] = []
    for language, info in sorted(languages.items()):
        try:
            info["hash"] = rewrite(bundle, language, info["hash"])
        except (FormatError, OSError, KeyError, TypeError) as exc:
            problems.append(f"{bundle}: language '{language}' {left} ({exc})")
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return problems


def _stabilize_language(bundle: Path, language: str, meta_hash: str) -> str:
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = read_index_file(meta_path)
    if not (isinstance(meta, list) and len(meta) >= 4 and isinstance(meta[3], list)):
        raise FormatError("the metadata file is not [version, pages, index, filters, ...]")
    rewritten: dict[Path, bytes] = {}
    filters = []
    for item in meta[3]:
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)
        ):
            raise FormatError("a filter entry is not [name, hash]")
        name, old_hash = item
        old_path = bundle / "filter" / f"{old_hash}.pf_filter"
        data = index_bytes(_canonical_filter(read_index_file(old_path), name))
        new_hash = _name(language, data, 7)
        rewritten[old_path] = b""
        rewritten[bundle / "filter" / f"{new_hash}.pf_filter"] = data
        filters.append([name, new_hash])
    meta[3] = sorted(filters)
    data = index_bytes(meta)
    new_meta_hash = _name(language, data, 10)
    rewritten[meta_path] = b""
    rewritten[bundle / f"pagefind.{new_meta_hash}.pf_meta"] = data
    # everything was read and checked: now replace the files
    for path, content in rewritten.items():
        if not content:
            path.unlink(missing_ok=True)
    for path, content in rewritten.items():
        if content:
            path.write_bytes(content)
    return new_meta_hash


def build(site: Path, *, quiet: bool = True) -> list[str]:
    """Index the HTML site at ``site`` with Pagefind, make the index reproducible and compact.

    Compacting (:mod:`glossator.searchcompact`) comes second: it names its files after their
    content, so it needs the reproducible filters and metadata first. Last, the ids of the
    source and reference pages are listed for the search page (:mod:`glossator.searchpages`).
    """
    from glossator import searchpages
    from glossator.searchcompact import compact

    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    command += ["--exclude-selectors", ", ".join(EXCLUDED)]
    if quiet:
        command.append("--silent")
    env = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(WORD_CHUNK_POSTINGS)}
    subprocess.run(command, check=True, env=env)
    problems = stabilize(site / "pagefind") + compact(site / "pagefind")
    return problems + searchpages.write(site)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m glossator.searchindex <built html folder>", file=sys.stderr)
        return 2
    site = Path(args[0])
    if not (site / "index.html").is_file():
        print(f"glossator.searchindex: {site} holds no built site (no index.html)", file=sys.stderr)
        return 2
    problems = build(site, quiet=False)
    for problem in problems:
        print(f"glossator.searchindex: warning: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

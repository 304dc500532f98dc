"""Pagefind's filter indexes in a canonical form, so that two builds of a site index alike.

Why: Pagefind 1.x writes its filter indexes from hash maps, so two runs over the same site
list filter values, and the filters in the language's metadata file, in different orders,
under different content-hash names (upstream Pagefind issue 638: "filter/metadata indexes"
still change between builds). Everything else it writes (word index, fragments) is stable.

The rewrite decodes each filter file (:mod:`glossator.search.pagefind`), sorts the values and their
page numbers, encodes it again, names it after a hash of its new bytes, and does the same for
the metadata file and the entry file that name them. The search itself is unchanged: the same
filters with the same pages. If the files do not have the shape this expects (a different
Pagefind format), they are left as Pagefind wrote them and :func:`stabilize` says so.
"""

from __future__ import annotations

from pathlib import Path

from glossator.search.pagefind import (
    Cbor,
    FormatError,
    content_name,
    index_bytes,
    metadata_path,
    read_index_file,
    read_metadata,
    rewrite_languages,
)


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


def _stabilize_language(bundle: Path, language: str, meta_hash: str) -> str:
    meta_path = metadata_path(bundle, meta_hash)
    meta = read_metadata(bundle, meta_hash, 3, "[version, pages, index, filters, ...]")
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
        new_hash = content_name(language, data, 7)
        rewritten[old_path] = b""
        rewritten[bundle / "filter" / f"{new_hash}.pf_filter"] = data
        filters.append([name, new_hash])
    meta[3] = sorted(filters)
    data = index_bytes(meta)
    new_meta_hash = content_name(language, data, 10)
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

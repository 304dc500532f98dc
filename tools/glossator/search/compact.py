"""Short fragment names in Pagefind's output, so the metadata every search fetches is small.

Why: for one query a reader's browser fetches Pagefind's metadata file, the word-index chunk
of each query word, and one fragment per result shown (docs/performance.md). The metadata
file lists every page by the name of its fragment file, which Pagefind takes from a hash of
the fragment: seven random hex characters per page, which gzip cannot shrink, two thirds of
that file at 10,000 annotations. Here page ``n`` is renamed ``<language>_<build>-<n in base
36>``, where ``<build>`` is a hash of all the original names: the file shrinks by about 40 %,
and a changed site still gets new names, so a cache never serves an old fragment under a
current name.

The pages keep their numbers (the word index and the filters refer to pages by number), so the
results are exactly the same. If the files do not have the shape this expects (a different
Pagefind format), :func:`compact` leaves them as they are and says so.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from glossator.search.pagefind import (
    FormatError,
    index_bytes,
    metadata_path,
    read_metadata,
    rewrite_languages,
)

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(number: int) -> str:
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = _DIGITS[digit] + out
        if number == 0:
            return out


def compact(bundle: Path) -> list[str]:
    """Give the fragments of the Pagefind bundle at ``bundle`` short names.

    Returns the problems found (empty when all went well); a language with a problem is left
    exactly as Pagefind wrote it.
    """
    return rewrite_languages(bundle, _compact_language, "left uncompacted")


def _compact_language(bundle: Path, language: str, meta_hash: str) -> str:
    meta_path = metadata_path(bundle, meta_hash)
    meta = read_metadata(bundle, meta_hash, 1, "[version, pages, ...]")
    pages: list[list[Any]] = meta[1]
    if not all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in pages):
        raise FormatError("a page entry is not [name, word count]")
    folder = bundle / "fragment"
    build = hashlib.sha256("\n".join(p[0] for p in pages).encode("utf-8")).hexdigest()[:6]
    renames: list[tuple[Path, Path]] = []
    for number, page in enumerate(pages):
        new = f"{language}_{build}-{base36(number)}"  # '-' never occurs in Pagefind's names
        renames.append((folder / f"{page[0]}.pf_fragment", folder / f"{new}.pf_fragment"))
        page[0] = new
    missing = [old.name for old, _ in renames if not old.is_file()]
    if missing:
        raise FormatError(f"fragment {missing[0]} is missing")
    data = index_bytes(meta)
    new_meta_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
    # everything was read and checked: now change the files
    for source, target in renames:
        source.rename(target)
    meta_path.unlink()
    (bundle / f"pagefind.{new_meta_hash}.pf_meta").write_bytes(data)
    return new_meta_hash

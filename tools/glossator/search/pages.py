"""Which Pagefind results are source texts and which are reference pages, in a few bytes.

The search page leaves reference pages out of its results (unless the reader asks for kind
"Reference") and puts a source text first when it holds the query as written. Asking Pagefind
with a filter would fetch that filter's index with every query (the "kind" filter of 10,000
annotations is tens of kilobytes), and looking at each result's kind would fetch each result's
data. So, once Pagefind has written its bundle, :func:`write` reads the "kind" filter and
writes the result ids of those pages to ``_static/glossator-search-pages.json``::

    {"Reference": ["en_1a2b3c-4", ...], "Source": ["en_1a2b3c-2t"]}

Run by :func:`glossator.search.index.build` after the bundle has its final names.
"""

from __future__ import annotations

import json
from pathlib import Path

from glossator.search.pagefind import FormatError, read_index_file

FILE = "glossator-search-pages.json"
KINDS = ("Reference", "Source")
"""Values of the "kind" filter whose pages are listed (glossator.sphinx.search sets them)."""


def pages(bundle: Path) -> dict[str, list[str]]:
    """Result ids of the pages of each of :data:`KINDS`, from the bundle's "kind" filter."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for _language, info in sorted(entry["languages"].items()):
        meta = read_index_file(bundle / f"pagefind.{info['hash']}.pf_meta")
        names = [page[0] for page in meta[1]]
        filters = {name: digest for name, digest in meta[3]}
        if "kind" not in filters:
            continue
        _name, values = read_index_file(bundle / "filter" / f"{filters['kind']}.pf_filter")
        for value, numbers in values:
            if value in found:
                found[value] += [names[n] for n in numbers]
    return {kind: sorted(ids) for kind, ids in found.items()}


def write(site: Path) -> list[str]:
    """Write the file for the site at ``site``; return the problems found (none, usually).

    A site without ``_static`` (no search page of this project) is left alone.
    """
    folder = site / "_static"
    if not folder.is_dir():
        return []
    try:
        data = pages(site / "pagefind")
    except (OSError, ValueError, KeyError, TypeError, IndexError, FormatError) as exc:
        return [f"{site / 'pagefind'}: source and reference pages not listed ({exc})"]
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    (folder / FILE).write_text(text, encoding="utf-8")
    return []

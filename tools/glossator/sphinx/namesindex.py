"""The names index: every name of every named object, for spelling-tolerant search.

Pagefind matches the words a reader types, and a researcher types the transliteration they
know ("Kadimi", "Guezam", "الكاظمي"). The search page therefore also fetches this small
index, the first time a query is run, compares the query with every name (by
:mod:`glossator.namefold`'s keys, edit distance and consonant skeletons; the matching is in
``static/glossator-names.js``), shows the objects it names first and searches Pagefind again
with their names.

Written at the end of an HTML build to ``_static/glossator-names.gzjson``: JSON compressed
with gzip by the build, so what a browser fetches is small whatever the server does, under
a name no server mistakes for a ``.gz`` file to unpack (the script reads either form)::

    {"v": 1, "tables": {...}, "kinds": ["Incident", ...],
     "names": [[kind index, page address, title, [other names]] ...]}

After Pagefind has run, :func:`add_pages` adds ``"pages": {"Source": [...], "Reference":
[...]}``: the Pagefind result ids of the source texts and of the reference pages, read from
the "kind" filter, so the search page can leave reference pages out and find the article among
the results without fetching a filter index or any result's data.

Other names are the aliases; one whose folded key repeats an earlier name is left out (it
would match the same queries). Only objects with names are listed: people, organizations,
places and incidents. Claims and notes have one-line titles, not names; Pagefind finds them
by their words, and leaving them out keeps the index within its budget (docs/performance.md).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from glossator import namefold
from glossator.model import KIND_LABELS
from glossator.sphinx.domain import GlossatorDomain

FILE = "glossator-names.gzjson"
"""The index's file name in ``_static``."""

NAMED_KINDS = ("person", "organization", "place", "incident")
"""Kinds whose titles and aliases are names."""

VERSION = 1


def entries(domain: GlossatorDomain, uri: Any) -> list[list[Any]]:
    """``[kind index, address, title, other names]`` of every named object, sorted by address.

    ``uri`` maps a docname to its address relative to the site root (the builder's
    ``get_target_uri``).
    """
    out: list[list[Any]] = []
    for entry in domain.objects.values():
        obj = entry.obj
        if obj.kind not in NAMED_KINDS:
            continue
        seen = {namefold.fold(obj.title)}
        others: list[str] = []
        for alias in obj.aliases:
            key = namefold.fold(alias)
            if key and key not in seen:
                seen.add(key)
                others.append(alias)
        row: list[Any] = [NAMED_KINDS.index(obj.kind), uri(entry.docname), obj.title]
        if others:
            row.append(others)
        out.append(row)
    out.sort(key=lambda row: (row[1], row[2]))
    return out


def document(domain: GlossatorDomain, uri: Any) -> dict[str, Any]:
    return {
        "v": VERSION,
        "tables": namefold.tables(),
        "kinds": [KIND_LABELS[kind] for kind in NAMED_KINDS],
        "names": entries(domain, uri),
    }


def encode(data: dict[str, Any]) -> bytes:
    """Compact JSON, gzipped without a timestamp: the same archive gives the same bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def decode(data: bytes) -> Any:
    return json.loads(gzip.decompress(data).decode("utf-8"))


PAGE_KINDS = ("Source", "Reference")
"""Kind filter values whose pages the names index lists by Pagefind result id."""


def add_pages(site: Path) -> list[str]:
    """Record in the site's names index the Pagefind ids of its source and reference pages.

    Returns the problems found (empty when all went well, or when the site has no names
    index). Run after the Pagefind bundle has its final names (after compacting).
    """
    from glossator.searchindex import FormatError, read_index_file

    target = site / "_static" / FILE
    if not target.is_file():
        return []
    bundle = site / "pagefind"
    pages: dict[str, list[str]] = {kind: [] for kind in PAGE_KINDS}
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        for language, info in sorted(entry["languages"].items()):
            meta = read_index_file(bundle / f"pagefind.{info['hash']}.pf_meta")
            names = [page[0] for page in meta[1]]
            filters = dict((name, digest) for name, digest in meta[3])
            if "kind" not in filters:
                continue
            _, values = read_index_file(bundle / "filter" / f"{filters['kind']}.pf_filter")
            for value, numbers in values:
                if value in pages:
                    pages[value] += [names[n] for n in numbers]
        data = decode(target.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, IndexError, FormatError) as exc:
        return [f"{target}: source and reference pages not recorded ({exc})"]
    data["pages"] = {kind: sorted(ids) for kind, ids in pages.items()}
    target.write_bytes(encode(data))
    return []


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    builder = app.builder
    if exception is not None or builder.format != "html":
        return
    domain: GlossatorDomain = app.env.domains["glossator"]  # type: ignore[assignment]
    folder = Path(builder.outdir) / "_static"
    folder.mkdir(parents=True, exist_ok=True)
    data = encode(document(domain, builder.get_target_uri))
    target = folder / FILE
    if not target.is_file() or target.read_bytes() != data:
        target.write_bytes(data)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _on_build_finished)

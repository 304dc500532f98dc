"""The names index: every name of every named object, for spelling-tolerant search.

Pagefind matches the words a reader types, and a researcher types the transliteration they
know ("Kadimi", "Guezam", "الكاظمي"). The search page therefore also fetches this index,
when a query may need it (:mod:`glossator.search.namehint`, written beside it, says when), compares
the query with every name (by
:mod:`glossator.search.namefold`'s keys, edit distance and consonant skeletons; the matching is in
``static/glossator-names.js``), shows the objects it names first and searches Pagefind again
with their names.

Written at the end of an HTML build to ``_static/glossator-names.gzjson``: JSON compressed
with gzip by the build, so what a browser fetches is small whatever the server does, under
a name no server mistakes for a ``.gz`` file to unpack (the script reads either form)::

    {"v": 1, "tables": {...}, "kinds": ["Incident", ...],
     "names": [[kind index, page address, title, [other names]] ...]}

Other names are the aliases; one whose folded key repeats an earlier name is left out (it
would match the same queries). Only objects with names are listed: people, organizations,
places and incidents. Claims and notes have one-line titles, not names; Pagefind finds them
by their words, and leaving them out keeps the index within its budget (docs/performance.md).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from glossator.model import KIND_LABELS, AnnotationObject
from glossator.search import namefold, namehint
from glossator.sphinx.domain import GlossatorDomain

FILE = "glossator-names.gzjson"
"""The index's file name in ``_static``."""

HINT_FILE = "glossator-names-hint.json"
"""The file of :mod:`glossator.search.namehint` in ``_static``: whether a query may be a name."""

NAMED_KINDS = ("person", "organization", "place", "incident")
"""Kinds whose titles and aliases are names."""

VERSION = 1


def entries(objects: Iterable[tuple[str, AnnotationObject]], uri: Any) -> list[list[Any]]:
    """``[kind index, address, title, other names]`` of every named object, sorted by address.

    ``objects`` are ``(docname, object)`` pairs; ``uri`` maps a docname to its address relative
    to the site root (the builder's ``get_target_uri``).
    """
    out: list[list[Any]] = []
    for docname, obj in objects:
        if obj.kind not in NAMED_KINDS:
            continue
        seen = {namefold.fold(obj.title)}
        others: list[str] = []
        for alias in obj.aliases:
            key = namefold.fold(alias)
            if key and key not in seen:
                seen.add(key)
                others.append(alias)
        row: list[Any] = [NAMED_KINDS.index(obj.kind), uri(docname), obj.title]
        if others:
            row.append(others)
        out.append(row)
    out.sort(key=lambda row: (row[1], row[2]))
    return out


def document(objects: Iterable[tuple[str, AnnotationObject]], uri: Any) -> dict[str, Any]:
    return {
        "v": VERSION,
        "tables": namefold.tables(),
        "kinds": [KIND_LABELS[kind] for kind in NAMED_KINDS],
        "names": entries(objects, uri),
    }


def encode(data: dict[str, Any]) -> bytes:
    """Compact JSON, gzipped without a timestamp: the same archive gives the same bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def decode(data: bytes) -> Any:
    return json.loads(gzip.decompress(data).decode("utf-8"))


def hint(data: dict[str, Any]) -> dict[str, Any]:
    """The hint file's content for the names index ``data``: the folding tables and the filter."""
    names = [[row[2], *(row[3] if len(row) > 3 else [])] for row in data["names"]]
    return {"tables": data["tables"], "hint": namehint.build(namehint.name_keys(names))}


def _write(target: Path, data: bytes) -> None:
    if not target.is_file() or target.read_bytes() != data:
        target.write_bytes(data)


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    builder = app.builder
    if exception is not None or builder.format != "html":
        return
    domain: GlossatorDomain = app.env.domains["glossator"]  # type: ignore[assignment]
    folder = Path(builder.outdir) / "_static"
    folder.mkdir(parents=True, exist_ok=True)
    objects = ((entry.docname, entry.obj) for entry in domain.objects.values())
    data = document(objects, builder.get_target_uri)
    _write(folder / FILE, encode(data))
    text = json.dumps(hint(data), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    _write(folder / HINT_FILE, text.encode("utf-8"))


def setup_names_index(app: Sphinx) -> None:
    app.connect("build-finished", _on_build_finished)

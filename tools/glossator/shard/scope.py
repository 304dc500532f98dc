"""What one shard of a sharded archive checks: its own pages, knowing some of the others'.

``glossator shard layout`` copies into each shard the pages of other shards that its pages refer
to or are referred to by (``docs/reference/sharding.md``), so that its checks resolve those
references exactly as the whole archive's checks do. Those *foreign* pages sit in
``foreign/annotations/``, outside what Sphinx reads (``docs/annotations`` is ``annotations/``): :func:`foreign_files` adds
them to the pages :func:`glossator.archive.load` reads, under their usual path
(``annotations/<kind>s/<id>.md``). They are listed in the shard's ``shard.json``; what the
checks find on them (references to objects in no copy here, anchors in sources that are not
here) belongs to their home shard, which reports it (:func:`own_findings`). An archive without
a ``shard.json`` (every archive that is not a shard) reads and reports as always.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from glossator.diagnostics import Diagnostic, GlossatorError

SHARD_FILE = "shard.json"
"""At a shard's root: its name, its foreign pages, and the other shards' sites and inventories."""


def read(root: Path) -> dict[str, Any] | None:
    """The shard description at ``root``, or None when ``root`` is not a shard."""
    path = root / SHARD_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GlossatorError(f"{path}: not a shard description ({exc}); lay it out again") from None
    if not isinstance(data, dict) or not isinstance(data.get("foreign"), list):
        raise GlossatorError(f"{path}: not a shard description (no 'foreign' list)")
    return data


FOREIGN_DIR = "foreign"
"""A shard's folder of other shards' pages: ``foreign/annotations/<kind>s/<id>.md``."""


def foreign_files(root: Path) -> list[tuple[str, str, bool]]:
    """``(path on disk, path in the archive, is a link)`` of each foreign page of the shard at
    ``root`` (none outside a shard), for :func:`glossator.archive.load`."""
    shard = read(root)
    if shard is None:
        return []
    out: list[tuple[str, str, bool]] = []
    for rel in shard["foreign"]:
        if not isinstance(rel, str) or not rel.startswith("annotations/") or ".." in rel.split("/"):
            raise GlossatorError(f"{root / SHARD_FILE}: '{rel}' is not an annotation page's path")
        out.append((str(root / FOREIGN_DIR / rel), rel, False))
    return out


def own_findings(root: Path, found: Iterable[Diagnostic]) -> list[Diagnostic]:
    """``found`` without the findings on the shard's foreign pages (all of it outside a shard)."""
    shard = read(root)
    if shard is None:
        return list(found)
    foreign = set(shard["foreign"])
    return [d for d in found if d.path not in foreign]

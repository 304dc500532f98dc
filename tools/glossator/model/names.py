"""Which object a name means: one normalization, one name table, one rule for collisions.

The checks resolve references through :class:`glossator.archive.Archive` and the build through
the Sphinx domain (:mod:`glossator.sphinx.domain`); both build their table here, so a reference
the checks accept links to the object they checked.

The rules:

* a target that is an id names that object, before any title or alias (ids are exact);
* otherwise a title or an alias names its object, compared after :func:`normalize_name`;
* a name two objects share names the one with the lowest id (in string order), whatever order
  the objects were read in: the table must not depend on which page a parallel build read
  first, nor on where the files lie. A shared alias is an error the checks report (GL107).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Mapping

_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """How names and aliases are compared: case-folded, NFC, apostrophes and spaces unified."""
    folded = unicodedata.normalize("NFC", name).casefold()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return _SPACES.sub(" ", folded).strip()


def name_table(named: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Normalized name -> id, from ``(id, names)`` pairs (an object's title and aliases)."""
    table: dict[str, str] = {}
    for ident, names in sorted(named, key=lambda pair: pair[0]):
        for name in names:
            table.setdefault(normalize_name(name), ident)
    return table


def resolve(target: str, ids: Container[str], table: Mapping[str, str]) -> str | None:
    """The id ``target`` names: an id itself, else the owner of the name in ``table``."""
    if target in ids:
        return target
    ident = table.get(normalize_name(target))
    return ident if ident is not None and ident in ids else None

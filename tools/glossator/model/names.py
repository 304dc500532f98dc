"""How two spellings of a name are compared: the one normalization of titles and aliases."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """How names and aliases are compared: case-folded, NFC, apostrophes and spaces unified."""
    folded = unicodedata.normalize("NFC", name).casefold()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return _SPACES.sub(" ", folded).strip()

"""A few kilobytes that tell the search page whether a query may be a name.

The names index (:mod:`glossator.sphinx.namesindex`) is tens of kilobytes at 10,000
annotations: fetched with every query it would double what an ordinary query costs
(docs/performance.md). The search page fetches it only when the query may need it: letters
Pagefind does not fold, a word no page holds, or a query that this hint says may be a name
while Pagefind's first result is not the object so named.

The hint is a Bloom filter (no false negatives, a few percent false positives) of the keys a
name query can have: every name of several words folded with its spaces removed ("abullawz"
for "Abul-Lawz" and "Abul Lawz"), and every word of at least three letters that at most
:data:`RARE` named objects share (a name's own word, "kadhimi", not "attack"). The browser
computes the same keys with the same folding and the same hash (FNV-1a over UTF-8, double
hashing), ``static/glossator-names.js``; tests/name_cases.json holds shared cases.
"""

from __future__ import annotations

import base64
import math
from collections import Counter
from collections.abc import Iterable

from glossator.search import namefold

RARE = 3
"""A word shared by at most this many named objects names them (the browser uses the same)."""

HASHES = 5
BITS_PER_KEY = 7  # about 3.5 % false positives with 5 hashes: a false positive costs one
# needless fetch of the names index, a larger filter costs every query a few kilobytes

_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193


def fnv1a(data: bytes, seed: int = _FNV_OFFSET) -> int:
    value = seed
    for byte in data:
        value = ((value ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return value


def positions(key: str, bits: int, hashes: int = HASHES) -> list[int]:
    """The bits a key sets: ``(h1 + i * h2) mod bits`` for ``i < hashes`` (h2 odd)."""
    data = key.encode("utf-8")
    first = fnv1a(data)
    second = fnv1a(data, first) | 1
    return [(first + i * second) % bits for i in range(hashes)]


def name_keys(names: Iterable[Iterable[str]]) -> set[str]:
    """The keys of :mod:`this module`'s filter, from each object's names (title and aliases)."""
    keys: set[str] = set()
    counts: Counter[str] = Counter()
    for forms in names:
        words: set[str] = set()
        for form in forms:
            key = namefold.fold(form)
            if " " in key:
                keys.add(key.replace(" ", ""))
                words.update(w for w in key.split(" ") if len(w) >= 3)
        counts.update(words)
    keys.update(word for word, count in counts.items() if count <= RARE)
    return keys


def build(keys: Iterable[str]) -> dict[str, object]:
    """``{"bits": m, "hashes": k, "filter": base64, "rare": RARE}`` for ``keys``."""
    keys = sorted(set(keys))
    bits = max(64, 8 * math.ceil(len(keys) * BITS_PER_KEY / 8))
    array = bytearray(bits // 8)
    for key in keys:
        for position in positions(key, bits):
            array[position >> 3] |= 1 << (position & 7)
    return {
        "bits": bits,
        "hashes": HASHES,
        "filter": base64.b64encode(bytes(array)).decode("ascii"),
        "rare": RARE,
    }


def contains(hint: dict[str, object], key: str) -> bool:
    bits = int(hint["bits"])  # type: ignore[call-overload]
    array = base64.b64decode(str(hint["filter"]))
    hashes = int(hint["hashes"])  # type: ignore[call-overload]
    return all(array[p >> 3] & (1 << (p & 7)) for p in positions(key, bits, hashes))

"""Byte-stable serialisation shared by every export.

Exports are published files that people diff, cache and cite: the same archive must give the
same bytes on every build. So JSON is written with sorted keys, two-space indents, UTF-8 and a
final newline, and nothing depends on the clock or on dictionary order.
"""

from __future__ import annotations

import json
from typing import Any

# Characters that could end or confuse a <script> element, or an HTML parser reading one.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def dumps(data: Any) -> str:
    """Canonical JSON text: sorted keys, indented, not ASCII-escaped, with a final newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def to_bytes(data: Any) -> bytes:
    return dumps(data).encode("utf-8")


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/ld+json">``.

    Contributed titles and quotes end up in the page's JSON-LD. Escaping ``<``, ``>`` and ``&``
    as JSON unicode escapes keeps the JSON value identical while making ``</script>`` or
    ``<!--`` impossible to spell inside the element.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text

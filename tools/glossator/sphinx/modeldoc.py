"""``{glossator-fields} <kind or part>``: the front-matter fields of a kind, from the model itself.

The reference page for contributors is generated from the pydantic models' JSON Schema and
field docstrings, so it cannot drift from what ``glossator check`` accepts.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from docutils import nodes
from pydantic import BaseModel
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from glossator import model
from glossator.sphinx import guards
from glossator.sphinx.tables import table

PARTS: dict[str, type[BaseModel]] = {
    **model.MODELS,
    "anchor": model.Anchor,
    "reported-figure": model.ReportedFigure,
    "actor": model.Actor,
    "evidence": model.Evidence,
    "person-role": model.PersonRole,
    "coordinates": model.Coordinates,
    "claim-relation": model.ClaimRelation,
    "source": model.SourceMeta,
    "source-structure": model.SourceStructure,
}
HIDDEN = {"id", "kind"}  # taken from the file's path, never written

_PATTERN_WORDS = {
    model.SLUG_PATTERN: "id (lowercase slug)",
    model.BIBKEY_PATTERN: "citation key",
    model.PARTIAL_DATE_PATTERN: "date: YYYY, YYYY-MM or YYYY-MM-DD",
}


def type_words(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """A JSON Schema fragment in words a contributor reads: 'list of anchor', 'one of: a, b'."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        slug = next((k for k, v in PARTS.items() if v.__name__ == name), name)
        return slug.replace("-", " ")
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(type_words(s, defs) for s in options)
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return str(schema["const"])
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return f"list of {type_words(schema.get('items', {}), defs)}"
    if kind == "string" and schema.get("pattern") in _PATTERN_WORDS:
        return _PATTERN_WORDS[schema["pattern"]]
    return {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true or false",
    }.get(kind, kind)


def _inline(text: str) -> list[nodes.Node]:
    """Docstring text with its ````literal```` spans as literal nodes."""
    out: list[nodes.Node] = []
    for index, piece in enumerate(re.split(r"``(.+?)``", text)):
        if piece:
            out.append(nodes.literal(piece, piece) if index % 2 else nodes.Text(piece))
    return out


def field_rows(part: type[BaseModel]) -> list[list[nodes.paragraph]]:
    schema = part.model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    rows: list[list[nodes.paragraph]] = []
    for name, prop in schema.get("properties", {}).items():
        if name in HIDDEN:
            continue
        description = _inline(part.model_fields[name].description or "")
        cells = [
            nodes.paragraph("", "", nodes.literal(name, name)),
            nodes.paragraph("", "yes" if name in required else "no"),
            nodes.paragraph("", type_words(prop, defs)),
            nodes.paragraph("", "", *description),
        ]
        rows.append(cells)
    return rows


class FieldTable(SphinxDirective):
    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        part = PARTS.get(self.arguments[0])
        if part is None:
            raise self.error(
                f"unknown kind or part '{self.arguments[0]}' (one of: {', '.join(PARTS)})"
            )
        return [
            table(
                ("Field", "Required", "Type", "Meaning"),
                field_rows(part),
                ["glossator-fields-table"],
            )
        ]


def setup_model_doc(app: Sphinx) -> None:
    app.add_directive("glossator-fields", guards.archive_only(FieldTable))

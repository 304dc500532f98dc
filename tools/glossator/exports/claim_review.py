"""schema.org ``ClaimReview`` for claim pages, and all of them as one JSON-LD graph.

A claim's status is the archive's review of it, so it maps onto ``ClaimReview``: who made the
claim (``itemReviewed.author``), where it appears (``itemReviewed.appearance``) and its status.
Only a status that *is* a finding (supported, contradicted, disputed) becomes a
``reviewRating``; "attributed, not assessed" is said in ``reviewBody`` and never given a
rating, so that search engines cannot show it as a verdict. No rating scale is invented:
the rating is the status in words (``alternateName``), as schema.org allows.
"""

from __future__ import annotations

from typing import Any

from glossator.exports.data import DATA_DIR, ExportData
from glossator.exports.serialize import dumps
from glossator.model import CLAIM_STATUSES, Claim, Evidence

FILE = "claimreviews.jsonld"
_HERE = f"{DATA_DIR}/{FILE}"
SCHEMA_ORG = "https://schema.org"

NOT_ASSESSED = (
    "Attributed, not assessed: the archive records who made this claim and where, in the "
    "source's exact words; it has not assessed whether the claim is true."
)


STANCES = {
    "supports": "Supports the claim",
    "contradicts": "Contradicts the claim",
    "context": "Context for the claim",
}


def _citation(evidence: Evidence) -> dict[str, Any]:
    """A cited source the status rests on: its bibliography key and what it does to the claim."""
    description = STANCES[evidence.stance]
    if evidence.note:
        description += f": {evidence.note}"
    return {"@type": "CreativeWork", "identifier": evidence.cite, "description": description}


def claim_review(claim: Claim, data: ExportData, from_path: str) -> dict[str, Any]:
    """The ``ClaimReview`` of ``claim``, with links relative to ``from_path`` (no ``@context``)."""
    speaker = data.by_id.get(claim.speaker)
    author: dict[str, Any] = {"@type": "Person", "name": data.title_of(claim.speaker)}
    if speaker is not None:
        author["url"] = data.link(data.object_uri(speaker), from_path)
    appearances: list[dict[str, Any]] = []
    quotes: list[str] = []
    for anchor, span in zip(claim.anchors, data.spans(claim), strict=True):
        quotes.append(anchor.exact)
        source = data.sources.get(anchor.source)
        if source is None or span is None:
            continue
        appearance: dict[str, Any] = {
            "@type": "CreativeWork",
            "headline": source.meta.title,
            "url": data.link(data.source_uri(source.id) + f"#p{span.passage}", from_path),
        }
        if source.meta.url:
            appearance["sameAs"] = source.meta.url
        if appearance not in appearances:
            appearances.append(appearance)
    item: dict[str, Any] = {"@type": "Claim", "author": author}
    if quotes:
        item["text"] = quotes[0] if len(quotes) == 1 else " … ".join(quotes)
    if appearances:
        item["appearance"] = appearances
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": data.link(data.object_uri(claim), from_path),
        "claimReviewed": claim.title,
        "itemReviewed": item,
    }
    if claim.status == "attributed-not-assessed":
        review["reviewBody"] = NOT_ASSESSED
    else:
        review["reviewRating"] = {
            "@type": "Rating",
            "alternateName": CLAIM_STATUSES[claim.status],
        }
        if claim.evidence:
            review["citation"] = [_citation(item) for item in claim.evidence]
    return review


def page_json_ld(claim: Claim, data: ExportData, page_uri: str) -> dict[str, Any]:
    """What a claim's page embeds: its ``ClaimReview`` with the schema.org context."""
    return {"@context": SCHEMA_ORG, **claim_review(claim, data, page_uri)}


def graph(data: ExportData) -> dict[str, Any]:
    reviews = []
    for obj in data.of_kind("claim"):
        assert isinstance(obj, Claim)
        reviews.append(claim_review(obj, data, _HERE))
    return {"@context": SCHEMA_ORG, "@graph": reviews}


def render(data: ExportData) -> bytes:
    return dumps(graph(data)).encode("utf-8")

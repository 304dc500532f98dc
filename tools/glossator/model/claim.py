"""Claims, after schema.org ``ClaimReview``: a speaker, a review status and its evidence."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator, Field, model_validator

from glossator.model.base import AnnotationObject
from glossator.model.fields import BibKey, Prose, Slug, Strict


class Evidence(Strict):
    """A cited source and what it does to the claim or figure (ClaimReview's ``itemReviewed``)."""

    cite: BibKey
    """Citation key of the source in ``docs/references.bib``."""
    stance: Literal["supports", "contradicts", "context"]
    """Whether the cited source supports or contradicts the claim, or only gives context."""
    note: Prose | None = None
    """What the cited source says, in a sentence."""


ClaimKind = Literal["factual", "causal", "predictive", "speculative", "opinion"]
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)
"""The kinds of claim (``claim_kind``), for the command line's choices."""

CLAIM_STATUSES: dict[str, str] = {
    "attributed-not-assessed": "Attributed, not assessed",
    "supported": "Supported by a cited source",
    "contradicted": "Contradicted by a cited source",
    "disputed": "Disputed: cited sources disagree",
}


class ClaimRelation(Strict):
    """An editorial link from one claim to another, with the reason a reader is shown."""

    claim: Slug
    """Id of the other claim."""
    reason: Prose | None = None
    """Why the two are set against (or beside) each other: the question both answer (GL114 without it)."""


def _relation_from_id(value: object) -> object:
    """A bare id (the older form) is a relation with no reason yet, which the checks report."""
    return {"claim": value} if isinstance(value, str) else value


RelatedClaim = Annotated[ClaimRelation, BeforeValidator(_relation_from_id)]


class Claim(AnnotationObject):
    kind: Literal["claim"] = "claim"
    speaker: Slug
    """Id of the person who made the claim."""
    claim_kind: ClaimKind
    """Factual, causal, predictive, speculative or opinion."""
    status: Literal["attributed-not-assessed", "supported", "contradicted", "disputed"]
    """``attributed-not-assessed`` unless a cited source supports or contradicts it."""
    quote_type: Literal["direct", "indirect"] = "direct"
    """``direct`` for the speaker's quoted words, ``indirect`` for the article's paraphrase."""
    about: list[Slug] = Field(default_factory=list, max_length=50)
    """Ids of the incidents, organizations, places or people the claim is about."""
    contradicts: list[RelatedClaim] = Field(default_factory=list, max_length=50)
    """Claims that answer the same question the other way, each with the reason (recorded on both claims)."""
    supports: list[RelatedClaim] = Field(default_factory=list, max_length=50)
    """Claims that answer the same question the same way, each with the reason."""
    evidence: list[Evidence] = Field(default_factory=list, max_length=50)
    """Cited sources that bear on the claim; required for any status but the default."""

    @model_validator(mode="after")
    def _status_needs_evidence(self) -> Claim:
        """A claim is only assessed on the strength of a cited source, never on ours."""
        if self.status != "attributed-not-assessed" and not self.evidence:
            raise ValueError(f"status '{self.status}' needs at least one 'evidence' entry")
        stances = {e.stance for e in self.evidence}
        needed = {"supported": "supports", "contradicted": "contradicts"}.get(self.status)
        if needed and needed not in stances:
            raise ValueError(f"status '{self.status}' needs evidence that {needed} the claim")
        if self.status == "disputed" and not {"supports", "contradicts"} <= stances:
            raise ValueError(
                "status 'disputed' needs evidence that supports and evidence that contradicts"
            )
        return self

    REFERENCE_FIELDS = (
        *AnnotationObject.REFERENCE_FIELDS,
        ("speaker", ("person",)),
        ("about.*", ()),
        ("contradicts.*.claim", ("claim",)),
        ("supports.*.claim", ("claim",)),
    )

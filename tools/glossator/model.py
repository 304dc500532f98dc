"""The object model: every kind of object in the archive and its front-matter fields.

This is the only definition of the archive's data. The validator, the Sphinx extension and
every export read objects through :mod:`glossator.pages`, which validates front matter
against these classes.

Fields follow established practice so that the data maps onto tools analysts already use:

* incidents follow ACLED and UCDP: a date with its precision, a place, actors with their role,
  and reported figures as low / best / high estimates, each with who reported them;
* claims follow schema.org ``ClaimReview``: who made the claim (``speaker``), where it appears
  (``anchors``), its kind, its review status and the evidence for that status;
* anchors follow the W3C Web Annotation ``TextQuoteSelector``: ``exact`` with optional
  ``prefix`` and ``suffix``, plus the id of the source they select from.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
BIBKEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$"
PARTIAL_DATE_PATTERN = r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
BibKey = Annotated[str, StringConstraints(pattern=BIBKEY_PATTERN, max_length=80)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


def _year_as_text(value: object) -> object:
    """``date: 2022`` is read by YAML as a number; a bare year is still a (year-precision) date."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PartialDate = Annotated[
    str, BeforeValidator(_year_as_text), StringConstraints(pattern=PARTIAL_DATE_PATTERN)
]

KINDS: tuple[str, ...] = ("incident", "person", "organization", "place", "claim", "note")
"""Kinds of annotation object, each stored in ``annotations/<kind>s/<id>.md``."""

KIND_LABELS: dict[str, str] = {
    "incident": "Incident",
    "person": "Person",
    "organization": "Organization",
    "place": "Place",
    "claim": "Claim",
    "note": "Note",
    "source": "Source",
}


def kind_folder(kind: str) -> str:
    """The folder of a kind under ``annotations/``: the kind's name plus ``s``."""
    return f"{kind}s"


FOLDER_KINDS: dict[str, str] = {kind_folder(k): k for k in KINDS}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Anchor(_Strict):
    """A W3C ``TextQuoteSelector`` on one source: the exact words, with context if needed."""

    source: Slug
    exact: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    prefix: Annotated[str, StringConstraints(max_length=200)] | None = None
    suffix: Annotated[str, StringConstraints(max_length=200)] | None = None


class Evidence(_Strict):
    """A cited source and what it does to the claim or figure (ClaimReview's ``itemReviewed``)."""

    cite: BibKey
    stance: Literal["supports", "contradicts", "context"]
    note: Prose | None = None


class ReportedFigure(_Strict):
    """A reported figure (killed, wounded, escaped...), with who reported it and where.

    ``low``/``best``/``high`` follow UCDP's estimates; an unknown value is left out, never
    guessed. ``words`` keeps the reported wording ("dozens") when no number was given.
    """

    figure: Literal["killed", "wounded", "escaped", "arrested", "attackers", "vehicles", "other"]
    subject: Name | None = None
    low: Annotated[int, Field(ge=0)] | None = None
    best: Annotated[int, Field(ge=0)] | None = None
    high: Annotated[int, Field(ge=0)] | None = None
    words: Name | None = None
    reported_by: Slug | None = None
    cite: BibKey
    note: Prose | None = None


class Actor(_Strict):
    """An actor of an incident (ACLED's actor1/actor2, with the role made explicit)."""

    ref: Slug
    role: Literal["perpetrator", "target", "responder", "claimant", "other"]
    note: Prose | None = None


class Coordinates(_Strict):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    precision: Literal["exact", "approximate", "region"]
    cite: BibKey | None = None


class PersonRole(_Strict):
    """A role of a person as a source describes it, in that source's words."""

    description: Name
    affiliation: Slug | None = None
    as_given: Name | None = None
    source: Slug | None = None


class AnnotationObject(_Strict):
    """Fields every annotation object has. ``id`` and ``kind`` come from the file's path."""

    id: Slug
    kind: str
    title: Name
    aliases: list[Name] = Field(default_factory=list, max_length=50)
    summary: Prose | None = None
    anchors: list[Anchor] = Field(default_factory=list, max_length=100)
    cites: list[BibKey] = Field(default_factory=list, max_length=50)
    see_also: list[Slug] = Field(default_factory=list, max_length=50)

    @field_validator("aliases")
    @classmethod
    def _distinct_aliases(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for alias in value:
            if normalize_name(alias) in seen:
                raise ValueError(f"alias '{alias}' is listed twice")
            seen.add(normalize_name(alias))
        return value

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        """Every id this object's front matter refers to: ``(field path, id, allowed kinds)``.

        An empty tuple of kinds means any kind. The validator and the Sphinx domain use this
        one list, so a new reference field needs no change anywhere else.
        """
        refs: list[tuple[tuple[str | int, ...], str, tuple[str, ...]]] = []
        for index, target in enumerate(self.see_also):
            refs.append((("see_also", index), target, ()))
        return refs


class Incident(AnnotationObject):
    kind: Literal["incident"] = "incident"
    date: PartialDate | None = None
    date_note: Prose | None = None
    context: bool = False
    event_type: (
        Literal[
            "battles",
            "explosions-remote-violence",
            "violence-against-civilians",
            "strategic-developments",
            "riots",
            "protests",
        ]
        | None
    ) = None
    sub_event_type: Name | None = None
    place: Slug | None = None
    country: Slug | None = None
    actors: list[Actor] = Field(default_factory=list, max_length=50)
    reports: list[ReportedFigure] = Field(default_factory=list, max_length=100)

    @property
    def date_precision(self) -> Literal["day", "month", "year", "unknown"]:
        """Derived from how much of the date is written: a day, a month, a year, or nothing."""
        if not self.date:
            return "unknown"
        precisions: tuple[Literal["year", "month", "day"], ...] = ("year", "month", "day")
        return precisions[self.date.count("-")]

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        refs = super().references()
        if self.place:
            refs.append((("place",), self.place, ("place",)))
        if self.country:
            refs.append((("country",), self.country, ("place",)))
        for index, actor in enumerate(self.actors):
            refs.append((("actors", index, "ref"), actor.ref, ("organization", "person")))
        for index, report in enumerate(self.reports):
            if report.reported_by:
                refs.append(
                    (
                        ("reports", index, "reported_by"),
                        report.reported_by,
                        ("organization", "person"),
                    )
                )
        return refs


class Person(AnnotationObject):
    kind: Literal["person"] = "person"
    roles: list[PersonRole] = Field(default_factory=list, max_length=20)
    country: Slug | None = None

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        refs = super().references()
        if self.country:
            refs.append((("country",), self.country, ("place",)))
        for index, role in enumerate(self.roles):
            if role.affiliation:
                refs.append((("roles", index, "affiliation"), role.affiliation, ("organization",)))
        return refs


class Organization(AnnotationObject):
    kind: Literal["organization"] = "organization"
    org_type: (
        Literal[
            "armed-group",
            "state-armed-force",
            "government-body",
            "coalition",
            "political-party",
            "university",
            "media",
            "other",
        ]
        | None
    ) = None
    country: Slug | None = None
    part_of: Slug | None = None

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        refs = super().references()
        if self.country:
            refs.append((("country",), self.country, ("place",)))
        if self.part_of:
            refs.append((("part_of",), self.part_of, ("organization",)))
        return refs


class Place(AnnotationObject):
    kind: Literal["place"] = "place"
    place_type: (
        Literal[
            "country",
            "region",
            "province",
            "district",
            "city",
            "town",
            "neighbourhood",
            "area",
            "facility",
            "mountain",
            "other",
        ]
        | None
    ) = None
    part_of: Slug | None = None
    coordinates: Coordinates | None = None

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        refs = super().references()
        if self.part_of:
            refs.append((("part_of",), self.part_of, ("place",)))
        return refs


CLAIM_STATUSES: dict[str, str] = {
    "attributed-not-assessed": "Attributed, not assessed",
    "supported": "Supported by a cited source",
    "contradicted": "Contradicted by a cited source",
    "disputed": "Disputed: cited sources disagree",
}


class Claim(AnnotationObject):
    kind: Literal["claim"] = "claim"
    speaker: Slug
    claim_kind: Literal["factual", "causal", "predictive", "speculative", "opinion"]
    status: Literal["attributed-not-assessed", "supported", "contradicted", "disputed"]
    quote_type: Literal["direct", "indirect"] = "direct"
    about: list[Slug] = Field(default_factory=list, max_length=50)
    contradicts: list[Slug] = Field(default_factory=list, max_length=50)
    evidence: list[Evidence] = Field(default_factory=list, max_length=50)

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        refs = super().references()
        refs.append((("speaker",), self.speaker, ("person",)))
        refs.extend((("about", i), target, ()) for i, target in enumerate(self.about))
        refs.extend(
            (("contradicts", i), target, ("claim",)) for i, target in enumerate(self.contradicts)
        )
        return refs


class Note(AnnotationObject):
    kind: Literal["note"] = "note"
    note_kind: Literal[
        "translation",
        "spelling",
        "ambiguity",
        "truncation",
        "framing",
        "garbled",
        "context",
        "other",
    ]
    about: list[Slug] = Field(default_factory=list, max_length=50)

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        refs = super().references()
        refs.extend((("about", i), target, ()) for i, target in enumerate(self.about))
        return refs


MODELS: dict[str, type[AnnotationObject]] = {
    "incident": Incident,
    "person": Person,
    "organization": Organization,
    "place": Place,
    "claim": Claim,
    "note": Note,
}


class SourceStructure(_Strict):
    """Which lines of a source text are its title, lede, headings and tag lines (1-based)."""

    title: Annotated[int, Field(ge=1)]
    lede: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    headings: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    tags: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)


class SourceMeta(_Strict):
    """Metadata of a source text (``sources/<id>/source.yaml``). Unknowns stay ``unknown``."""

    id: Slug
    title: Name
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    translation: Literal["yes", "no", "likely", "unknown"]
    original_language: Name
    publisher: Name
    author: Name
    published: Name
    url: Name | None = None
    cite: BibKey
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    text: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$")] = "text.txt"
    licence: Prose
    notes: list[Prose] = Field(default_factory=list)
    structure: SourceStructure


_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """How names and aliases are compared: case-folded, NFC, apostrophes and spaces unified."""
    import unicodedata

    folded = unicodedata.normalize("NFC", name).casefold()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return _SPACES.sub(" ", folded).strip()

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
    WithJsonSchema,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
BIBKEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
BibKey = Annotated[str, StringConstraints(pattern=BIBKEY_PATTERN, max_length=80)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


def _year_as_text(value: object) -> object:
    """``date: 2022`` is read by YAML as a number; a bare year is still a (year-precision) date."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PartialDate = Annotated[
    str,
    BeforeValidator(_year_as_text),
    StringConstraints(pattern=PARTIAL_DATE_PATTERN),
    WithJsonSchema({"type": "string", "pattern": PARTIAL_DATE_PATTERN}),
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
KIND_PLURALS: dict[str, str] = {
    "incident": "Incidents",
    "person": "People",
    "organization": "Organizations",
    "place": "Places",
    "claim": "Claims",
    "note": "Notes",
}


def kind_folder(kind: str) -> str:
    """The folder of a kind under ``annotations/``: the kind's name plus ``s``."""
    return f"{kind}s"


FOLDER_KINDS: dict[str, str] = {kind_folder(k): k for k in KINDS}


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, use_attribute_docstrings=True
    )


class Anchor(_Strict):
    """A W3C ``TextQuoteSelector`` on one source: the exact words, with context if needed."""

    source: Slug
    """Id of the source the words are quoted from (a folder under ``sources/``)."""
    exact: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    """The quoted words, exactly as in the source (typos, curly apostrophes and all)."""
    prefix: Annotated[str, StringConstraints(max_length=200)] | None = None
    """Words right before ``exact``, to pick one place where ``exact`` occurs more than once."""
    suffix: Annotated[str, StringConstraints(max_length=200)] | None = None
    """Words right after ``exact``, to pick one place where ``exact`` occurs more than once."""


class Evidence(_Strict):
    """A cited source and what it does to the claim or figure (ClaimReview's ``itemReviewed``)."""

    cite: BibKey
    """Citation key of the source in ``docs/references.bib``."""
    stance: Literal["supports", "contradicts", "context"]
    """Whether the cited source supports or contradicts the claim, or only gives context."""
    note: Prose | None = None
    """What the cited source says, in a sentence."""


class ReportedFigure(_Strict):
    """A reported figure (killed, wounded, escaped...), with who reported it and where.

    ``low``/``best``/``high`` follow UCDP's estimates; an unknown value is left out, never
    guessed. ``words`` keeps the reported wording ("dozens") when no number was given.
    """

    figure: Literal["killed", "wounded", "escaped", "arrested", "attackers", "vehicles", "other"]
    """What was counted."""
    subject: Name | None = None
    """Who was counted, in the report's terms ("soldiers", "ISIS members")."""
    low: Annotated[int, Field(ge=0)] | None = None
    """Lowest reported number (leave out if not reported)."""
    best: Annotated[int, Field(ge=0)] | None = None
    """The reported number, or the best estimate (leave out if not reported)."""
    high: Annotated[int, Field(ge=0)] | None = None
    """Highest reported number (leave out if not reported)."""
    words: Name | None = None
    """The report's words where it gives no number ("dozens", "several")."""
    reported_by: Slug | None = None
    """Id of the organization or person the report attributes the figure to."""
    cite: BibKey
    """Citation key of the report (the article's own key for the article)."""
    note: Prose | None = None
    """Anything a reader needs to weigh the figure."""

    @model_validator(mode="after")
    def _ordered(self) -> ReportedFigure:
        numbers = [n for n in (self.low, self.best, self.high) if n is not None]
        if numbers != sorted(numbers):
            raise ValueError("low, best and high must be in that order (low <= best <= high)")
        return self


class Actor(_Strict):
    """An actor of an incident (ACLED's actor1/actor2, with the role made explicit)."""

    ref: Slug
    """Id of the organization or person."""
    role: Literal["perpetrator", "target", "responder", "claimant", "other"]
    """The actor's part in the incident."""
    note: Prose | None = None
    """A remark on this actor's part (e.g. attribution is disputed)."""


class Coordinates(_Strict):
    """A point that a cited source gives (GeoNames points come from the gazetteer instead)."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    """Latitude in decimal degrees (WGS 84)."""
    lon: Annotated[float, Field(ge=-180, le=180)]
    """Longitude in decimal degrees (WGS 84)."""
    precision: Literal["exact", "approximate", "region"]
    """How precise the point is: the place itself, near it, or only its region."""
    cite: BibKey | None = None
    """Citation key of the source that gives the coordinates."""


class PersonRole(_Strict):
    """A role of a person as a source describes it, in that source's words."""

    description: Name
    """The role in plain words."""
    affiliation: Slug | None = None
    """Id of the organization the role belongs to, if any."""
    as_given: Name | None = None
    """The source's own words for the role."""
    source: Slug | None = None
    """Id of the source that describes the role this way."""


class AnnotationObject(_Strict):
    """Fields every annotation object has. ``id`` and ``kind`` come from the file's path."""

    id: Slug
    """Taken from the file name; never written in front matter."""
    kind: str
    """Taken from the folder; never written in front matter."""
    title: Name
    """The name or a one-line title, shown as the page title."""
    aliases: list[Name] = Field(default_factory=list, max_length=50)
    """Other names and spellings (transliterations, the source's own wording); each resolves to this object."""
    variants: dict[Name, Name] = Field(default_factory=dict, max_length=50)
    """Aliases that are spelling variants of another name form: ``{variant: the title or alias it varies}``."""
    summary: Prose | None = None
    """One or two sentences in the archive's neutral voice."""
    anchors: list[Anchor] = Field(default_factory=list, max_length=100)
    """Where the object appears in a source: quote anchors (W3C TextQuoteSelector)."""
    cites: list[BibKey] = Field(default_factory=list, max_length=50)
    """Citation keys of the sources this page relies on."""
    see_also: list[Slug] = Field(default_factory=list, max_length=50)
    """Ids of related objects of any kind."""

    @field_validator("aliases")
    @classmethod
    def _distinct_aliases(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for alias in value:
            if normalize_name(alias) in seen:
                raise ValueError(f"alias '{alias}' is listed twice")
            seen.add(normalize_name(alias))
        return value

    @model_validator(mode="after")
    def _variants_of_names(self) -> AnnotationObject:
        """A variant is one of the aliases, and varies a name this object has."""
        names = {normalize_name(n) for n in (self.title, *self.aliases)}
        aliases = {normalize_name(a) for a in self.aliases}
        for variant, form in self.variants.items():
            if normalize_name(variant) not in aliases:
                raise ValueError(f"variant '{variant}' is not one of the aliases")
            if normalize_name(form) not in names or normalize_name(form) == normalize_name(variant):
                raise ValueError(
                    f"variant '{variant}' must vary the title or another alias, not '{form}'"
                )
        return self

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
    """The date as precisely as known: ``2022``, ``2022-01`` or ``2022-01-20`` (the precision follows)."""
    date_note: Prose | None = None
    """What the date leaves out ("evening", "night of 27 January", "announced on")."""
    context: bool = False
    """True for an earlier event the article leans on rather than reports."""
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
    """ACLED event type."""
    sub_event_type: Name | None = None
    """ACLED sub-event type, in words."""
    place: Slug | None = None
    """Id of the most precise place known."""
    country: Slug | None = None
    """Id of the country (a place)."""
    actors: list[Actor] = Field(default_factory=list, max_length=50)
    """Who took part, and how."""
    reports: list[ReportedFigure] = Field(default_factory=list, max_length=100)
    """Reported figures, each with who reported it and where."""

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
    """Roles as sources describe them."""
    country: Slug | None = None
    """Id of the country (a place) the source associates the person with."""

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
    """What kind of organization it is."""
    country: Slug | None = None
    """Id of the country (a place) it belongs to, if any."""
    part_of: Slug | None = None
    """Id of the organization it is part of."""

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        refs = super().references()
        if self.country:
            refs.append((("country",), self.country, ("place",)))
        if self.part_of:
            refs.append((("part_of",), self.part_of, ("organization",)))
        return refs


GEO_PRECISIONS: dict[str, str] = {
    "town": "the town itself",
    "near": "near or part of a town",
    "region": "a region or province",
    "country": "the country only",
}
"""ACLED's geo_precision, in words (1 the town itself, 2 near it or part of it, 3 a region), plus
the country, for a place located no more precisely than its country."""

GeoPrecision = Literal["town", "near", "region", "country"]


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
    """What kind of place it is."""
    part_of: Slug | None = None
    """Id of the larger place it lies in."""
    coordinates: Coordinates | None = None
    """A point, only where a cited source gives it."""
    geonames: Annotated[int, Field(ge=1)] | None = None
    """GeoNames id of this very place (only where the match by name and country is unambiguous)."""
    near: Slug | None = None
    """Id of the place a source says this one is near (e.g. "west of the town of Qatroun")."""
    geo_precision: GeoPrecision | None = None
    """How precisely the place is located: ``town``, ``near``, ``region`` or ``country`` (ACLED's geo_precision)."""

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        refs = super().references()
        if self.part_of:
            refs.append((("part_of",), self.part_of, ("place",)))
        if self.near:
            refs.append((("near",), self.near, ("place",)))
        return refs


CLAIM_STATUSES: dict[str, str] = {
    "attributed-not-assessed": "Attributed, not assessed",
    "supported": "Supported by a cited source",
    "contradicted": "Contradicted by a cited source",
    "disputed": "Disputed: cited sources disagree",
}


class ClaimRelation(_Strict):
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
    claim_kind: Literal["factual", "causal", "predictive", "speculative", "opinion"]
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

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        refs = super().references()
        refs.append((("speaker",), self.speaker, ("person",)))
        refs.extend((("about", i), target, ()) for i, target in enumerate(self.about))
        for name in ("contradicts", "supports"):
            relations: list[ClaimRelation] = getattr(self, name)
            refs.extend(
                ((name, i, "claim"), rel.claim, ("claim",)) for i, rel in enumerate(relations)
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
    """What the note is about: translation, spelling, ambiguity, truncation, framing, garbled text, context."""
    about: list[Slug] = Field(default_factory=list, max_length=50)
    """Ids of the objects the note is about."""

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
    """Line of the title."""
    lede: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    """Lines of the lede."""
    headings: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    """Lines of the section headings."""
    tags: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    """Lines of the tag line(s)."""


class SourceMeta(_Strict):
    """Metadata of a source text (``sources/<id>/source.yaml``). Unknowns stay ``unknown``."""

    id: Slug
    """The source's id: the name of its folder under ``sources/``."""
    title: Name
    """The title as published."""
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    """Language of the text as archived (BCP 47 code, e.g. ``en``)."""
    translation: Literal["yes", "no", "likely", "unknown"]
    """Whether the text is (or reads as) a translation: yes, no, likely or unknown."""
    original_language: Name
    """The language it was translated from, or ``unknown``."""
    publisher: Name
    """Who first published it, or ``unknown`` (with what is known in brackets)."""
    author: Name
    """Who wrote it, or ``unknown``."""
    published: Name
    """When it was first published, or ``unknown`` (with what is known in brackets)."""
    url: Name | None = None
    """Where a copy of the text was seen."""
    retrieved: Name | None = None
    """When that copy was retrieved (ISO date), if it was recorded; shown as "not recorded"."""
    cite: BibKey
    """Citation key of the source in ``docs/references.bib``."""
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    """SHA-256 of the text file's bytes; the tools refuse a text that does not match."""
    text: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$")] = "text.txt"
    """File name of the verbatim text, beside ``source.yaml``."""
    licence: Prose
    """Under what terms the text is reproduced here."""
    notes: list[Prose] = Field(default_factory=list)
    """Remarks on the text as a document (not on its content)."""
    structure: SourceStructure
    """Which lines are the title, lede, headings and tag lines; the rest are paragraphs."""


_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """How names and aliases are compared: case-folded, NFC, apostrophes and spaces unified."""
    import unicodedata

    folded = unicodedata.normalize("NFC", name).casefold()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return _SPACES.sub(" ", folded).strip()

"""Incidents, after ACLED and UCDP: a dated event at a place, its actors and reported figures."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from glossator.model.base import AnnotationObject
from glossator.model.fields import BibKey, Name, PartialDate, Prose, Slug, Strict


class ReportedFigure(Strict):
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


class Actor(Strict):
    """An actor of an incident (ACLED's actor1/actor2, with the role made explicit)."""

    ref: Slug
    """Id of the organization or person."""
    role: Literal["perpetrator", "target", "responder", "claimant", "other"]
    """The actor's part in the incident."""
    note: Prose | None = None
    """A remark on this actor's part (e.g. attribution is disputed)."""


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

    REFERENCE_FIELDS = (
        *AnnotationObject.REFERENCE_FIELDS,
        ("place", ("place",)),
        ("country", ("place",)),
        ("actors.*.ref", ("organization", "person")),
        ("reports.*.reported_by", ("organization", "person")),
    )

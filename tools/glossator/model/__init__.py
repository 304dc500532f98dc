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

One module per job: :mod:`~glossator.model.fields` (the shared field types),
:mod:`~glossator.model.kinds` (kind names, labels, folders), :mod:`~glossator.model.names`
(which object a name means), :mod:`~glossator.model.base` (what every object has), a module
per kind, :mod:`~glossator.model.source` (a source's metadata) and
:mod:`~glossator.model.registry` (every kind's model). Everything is importable from here.
"""

from __future__ import annotations

from glossator.model.base import Anchor, AnnotationObject
from glossator.model.claim import (
    CLAIM_KINDS,
    CLAIM_STATUSES,
    Claim,
    ClaimKind,
    ClaimRelation,
    Evidence,
    RelatedClaim,
)
from glossator.model.fields import (
    BIBKEY_PATTERN,
    PARTIAL_DATE_PATTERN,
    SLUG_PATTERN,
    BibKey,
    Name,
    PartialDate,
    Prose,
    Slug,
)
from glossator.model.incident import Actor, Incident, ReportedFigure
from glossator.model.kinds import FOLDER_KINDS, KIND_LABELS, KIND_PLURALS, KINDS, kind_folder
from glossator.model.names import normalize_name
from glossator.model.note import NOTE_KINDS, Note, NoteKind
from glossator.model.organization import Organization
from glossator.model.person import Person, PersonRole
from glossator.model.place import GEO_PRECISIONS, Coordinates, GeoPrecision, Place
from glossator.model.registry import MODELS
from glossator.model.source import SourceMeta, SourceStructure

__all__ = [
    "BIBKEY_PATTERN",
    "CLAIM_KINDS",
    "CLAIM_STATUSES",
    "FOLDER_KINDS",
    "GEO_PRECISIONS",
    "KINDS",
    "KIND_LABELS",
    "KIND_PLURALS",
    "MODELS",
    "NOTE_KINDS",
    "PARTIAL_DATE_PATTERN",
    "SLUG_PATTERN",
    "Actor",
    "Anchor",
    "AnnotationObject",
    "BibKey",
    "Claim",
    "ClaimKind",
    "ClaimRelation",
    "Coordinates",
    "Evidence",
    "GeoPrecision",
    "Incident",
    "Name",
    "Note",
    "NoteKind",
    "Organization",
    "PartialDate",
    "Person",
    "PersonRole",
    "Place",
    "Prose",
    "RelatedClaim",
    "ReportedFigure",
    "Slug",
    "SourceMeta",
    "SourceStructure",
    "kind_folder",
    "normalize_name",
]

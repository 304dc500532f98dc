"""Every kind's model by kind name: what :mod:`glossator.pages` validates a page against."""

from __future__ import annotations

from glossator.model.base import AnnotationObject
from glossator.model.claim import Claim
from glossator.model.incident import Incident
from glossator.model.note import Note
from glossator.model.organization import Organization
from glossator.model.person import Person
from glossator.model.place import Place

MODELS: dict[str, type[AnnotationObject]] = {
    "incident": Incident,
    "person": Person,
    "organization": Organization,
    "place": Place,
    "claim": Claim,
    "note": Note,
}

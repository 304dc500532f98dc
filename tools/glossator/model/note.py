"""Editorial notes: translation, spelling, ambiguity and other remarks on the text."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from glossator.model.base import AnnotationObject
from glossator.model.fields import Slug

NoteKind = Literal[
    "translation",
    "spelling",
    "ambiguity",
    "truncation",
    "framing",
    "garbled",
    "context",
    "other",
]
NOTE_KINDS: tuple[str, ...] = get_args(NoteKind)
"""The kinds of note (``note_kind``), for the command line's choices."""


class Note(AnnotationObject):
    kind: Literal["note"] = "note"
    note_kind: NoteKind
    """What the note is about: translation, spelling, ambiguity, truncation, framing, garbled text, context."""
    about: list[Slug] = Field(default_factory=list, max_length=50)
    """Ids of the objects the note is about."""

    REFERENCE_FIELDS = (
        *AnnotationObject.REFERENCE_FIELDS,
        ("about.*", ()),
    )

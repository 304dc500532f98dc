"""Editorial notes: translation, spelling, ambiguity and other remarks on the text."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from glossator.model.base import AnnotationObject
from glossator.model.fields import Slug


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

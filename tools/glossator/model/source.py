"""A source text's metadata (``sources/<id>/source.yaml``) and its line structure."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from glossator.model.fields import BibKey, Name, Prose, Slug, Strict


class SourceStructure(Strict):
    """Which lines of a source text are its title, lede, headings and tag lines (1-based)."""

    title: Annotated[int, Field(ge=1)]
    """Line of the title."""
    lede: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    """Lines of the lede."""
    headings: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    """Lines of the section headings."""
    tags: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    """Lines of the tag line(s)."""


class SourceMeta(Strict):
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

"""What every annotation object has: a title, aliases, quote anchors, citations."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from glossator.model.fields import BibKey, Name, Prose, Slug, Strict
from glossator.model.names import normalize_name


class Anchor(Strict):
    """A W3C ``TextQuoteSelector`` on one source: the exact words, with context if needed."""

    source: Slug
    """Id of the source the words are quoted from (a folder under ``sources/``)."""
    exact: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    """The quoted words, exactly as in the source (typos, curly apostrophes and all)."""
    prefix: Annotated[str, StringConstraints(max_length=200)] | None = None
    """Words right before ``exact``, to pick one place where ``exact`` occurs more than once."""
    suffix: Annotated[str, StringConstraints(max_length=200)] | None = None
    """Words right after ``exact``, to pick one place where ``exact`` occurs more than once."""


class AnnotationObject(Strict):
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
        names = {normalize_name(n) for n in self.names}
        aliases = {normalize_name(a) for a in self.aliases}
        for variant, form in self.variants.items():
            if normalize_name(variant) not in aliases:
                raise ValueError(f"variant '{variant}' is not one of the aliases")
            if normalize_name(form) not in names or normalize_name(form) == normalize_name(variant):
                raise ValueError(
                    f"variant '{variant}' must vary the title or another alias, not '{form}'"
                )
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """What resolves to this object besides its id: its title and every alias (not ids).

        The one definition for the checks, the build and the model's own rules
        (:func:`glossator.model.names.name_table`).
        """
        return (self.title, *self.aliases)

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        """Every id this object's front matter refers to: ``(field path, id, allowed kinds)``.

        An empty tuple of kinds means any kind. The validator and the Sphinx domain use this
        one list, so a new reference field needs no change anywhere else.
        """
        refs: list[tuple[tuple[str | int, ...], str, tuple[str, ...]]] = []
        for index, target in enumerate(self.see_also):
            refs.append((("see_also", index), target, ()))
        return refs

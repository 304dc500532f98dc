"""What every annotation object has: a title, aliases, quote anchors, citations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar

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

    REFERENCE_FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (("see_also.*", ()),)
    """The fields that hold ids: ``(dotted path, allowed kinds)``, ``*`` for each item of a list.

    An empty tuple of kinds means any kind. A kind adds its own after these; the order is
    the order of :meth:`references`.
    """

    def references(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        """Every id this object's front matter refers to: ``(field path, id, allowed kinds)``.

        The validator and the Sphinx domain use this one list, read from
        :attr:`REFERENCE_FIELDS`, so a new reference field is one line in its kind's table.
        """
        return [
            (where, target, kinds)
            for path, kinds in self.REFERENCE_FIELDS
            for where, target in _ids_at(self, path.split("."), ())
        ]


def _ids_at(
    value: object, steps: list[str], where: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """The ids at a dotted path below ``value``, with where each is; an unset field has none."""
    if value is None or value == "":
        return
    if not steps:
        assert isinstance(value, str)
        yield where, value
    elif steps[0] == "*":
        assert isinstance(value, list)
        for index, item in enumerate(value):
            yield from _ids_at(item, steps[1:], (*where, index))
    else:
        yield from _ids_at(getattr(value, steps[0]), steps[1:], (*where, steps[0]))

"""People, with their roles in the words of the sources that describe them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from glossator.model.base import AnnotationObject
from glossator.model.fields import Name, Slug, Strict


class PersonRole(Strict):
    """A role of a person as a source describes it, in that source's words."""

    description: Name
    """The role in plain words."""
    affiliation: Slug | None = None
    """Id of the organization the role belongs to, if any."""
    as_given: Name | None = None
    """The source's own words for the role."""
    source: Slug | None = None
    """Id of the source that describes the role this way."""


class Person(AnnotationObject):
    kind: Literal["person"] = "person"
    roles: list[PersonRole] = Field(default_factory=list, max_length=20)
    """Roles as sources describe them."""
    country: Slug | None = None
    """Id of the country (a place) the source associates the person with."""

    REFERENCE_FIELDS = (
        *AnnotationObject.REFERENCE_FIELDS,
        ("country", ("place",)),
        ("roles.*.affiliation", ("organization",)),
    )

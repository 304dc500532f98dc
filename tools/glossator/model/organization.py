"""Organizations: armed groups, state forces, government bodies, media and others."""

from __future__ import annotations

from typing import Literal

from glossator.model.base import AnnotationObject
from glossator.model.fields import Slug


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

    REFERENCE_FIELDS = (
        *AnnotationObject.REFERENCE_FIELDS,
        ("country", ("place",)),
        ("part_of", ("organization",)),
    )

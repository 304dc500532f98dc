"""Places: what kind, what they lie in, and how precisely a source locates them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from glossator.model.base import AnnotationObject
from glossator.model.fields import BibKey, Slug, Strict


class Coordinates(Strict):
    """A point that a cited source gives (GeoNames points come from the gazetteer instead)."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    """Latitude in decimal degrees (WGS 84)."""
    lon: Annotated[float, Field(ge=-180, le=180)]
    """Longitude in decimal degrees (WGS 84)."""
    precision: Literal["exact", "approximate", "region"]
    """How precise the point is: the place itself, near it, or only its region."""
    cite: BibKey | None = None
    """Citation key of the source that gives the coordinates."""


GEO_PRECISIONS: dict[str, str] = {
    "town": "the town itself",
    "near": "near or part of a town",
    "region": "a region or province",
    "country": "the country only",
}
"""ACLED's geo_precision, in words (1 the town itself, 2 near it or part of it, 3 a region), plus
the country, for a place located no more precisely than its country."""

GeoPrecision = Literal["town", "near", "region", "country"]


class Place(AnnotationObject):
    kind: Literal["place"] = "place"
    place_type: (
        Literal[
            "country",
            "region",
            "province",
            "district",
            "city",
            "town",
            "neighbourhood",
            "area",
            "facility",
            "mountain",
            "other",
        ]
        | None
    ) = None
    """What kind of place it is."""
    part_of: Slug | None = None
    """Id of the larger place it lies in."""
    coordinates: Coordinates | None = None
    """A point, only where a cited source gives it."""
    geonames: Annotated[int, Field(ge=1)] | None = None
    """GeoNames id of this very place (only where the match by name and country is unambiguous)."""
    near: Slug | None = None
    """Id of the place a source says this one is near (e.g. "west of the town of Qatroun")."""
    geo_precision: GeoPrecision | None = None
    """How precisely the place is located: ``town``, ``near``, ``region`` or ``country`` (ACLED's geo_precision)."""

    REFERENCE_FIELDS = (
        *AnnotationObject.REFERENCE_FIELDS,
        ("part_of", ("place",)),
        ("near", ("place",)),
    )

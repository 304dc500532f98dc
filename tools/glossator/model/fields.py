"""The field types every kind shares: ids, citation keys, names, prose, partial dates.

Patterns are named so that the field reference (:mod:`glossator.sphinx.modeldoc`) can say
them in words; :class:`Strict` is the base of every model: unknown fields are errors, objects
are frozen, and attribute docstrings become the fields' descriptions.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, WithJsonSchema

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
BIBKEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
BibKey = Annotated[str, StringConstraints(pattern=BIBKEY_PATTERN, max_length=80)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


def _year_as_text(value: object) -> object:
    """``date: 2022`` is read by YAML as a number; a bare year is still a (year-precision) date."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PartialDate = Annotated[
    str,
    BeforeValidator(_year_as_text),
    StringConstraints(pattern=PARTIAL_DATE_PATTERN),
    WithJsonSchema({"type": "string", "pattern": PARTIAL_DATE_PATTERN}),
]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, use_attribute_docstrings=True
    )

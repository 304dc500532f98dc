"""Diagnostics: one finding of the validator, with where it is and how to fix it.

Every part of glossator (front-matter parser, model validation, archive checks, the Sphinx
extension) reports problems as :class:`Diagnostic` values instead of raising, so that bad
input from a contributor becomes a ``file:line:col`` message and never a traceback.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found at ``path:line:column`` (1-based; 0 means "the whole file")."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str = ""

    def as_text(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class GlossatorError(Exception):
    """A problem that stops the tool (not a finding in the archive): bad usage, unreadable root."""

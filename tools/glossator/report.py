"""Printing diagnostics: ``text`` (like ruff and mypy), ``json``, or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from glossator.diagnostics import Diagnostic

FORMATS = ("text", "json", "github")


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return f"All checks passed ({files} files)."
    return f"Found {errors} error{'s' * (errors != 1)} and {warnings} warning{'s' * (warnings != 1)} in {files} files."


def render(diagnostics: Sequence[Diagnostic], fmt: str, files: int) -> str:
    if fmt == "json":
        return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False)
    if fmt == "github":
        lines = []
        for d in diagnostics:
            level = "error" if d.severity == "error" else "warning"
            props = f"file={_github_escape(d.path, prop=True)}"
            if d.line:
                props += f",line={d.line}"
            if d.column:
                props += f",col={d.column}"
            props += f",title={_github_escape(d.code, prop=True)}"
            message = d.message + (f" ({d.hint})" if d.hint else "")
            lines.append(f"::{level} {props}::{_github_escape(message)}")
        lines.append(summary(diagnostics, files))
        return "\n".join(lines)
    return "\n".join([*(d.as_text() for d in diagnostics), summary(diagnostics, files)])

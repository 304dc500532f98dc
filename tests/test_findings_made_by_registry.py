"""Every finding is made by its registry entry (``codes.finding``), never by hand.

A ``Diagnostic`` built elsewhere would carry a severity typed at the call site, which the
registry (``glossator.codes``) could no longer vouch for.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "glossator"
REGISTRY = PACKAGE / "codes.py"


def hand_made(tree: ast.AST) -> list[int]:
    """Lines that call ``Diagnostic(...)`` or ``replace(<a diagnostic>, code=...)``."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func).rsplit(".", 1)[-1]
        keywords = {k.arg for k in node.keywords}
        if name == "Diagnostic" or (name == "replace" and keywords & {"code", "severity"}):
            lines.append(node.lineno)
    return lines


def test_no_diagnostic_is_built_outside_the_registry() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != REGISTRY
        for line in hand_made(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_scan_finds_a_hand_made_diagnostic() -> None:
    made = "d = Diagnostic('a.md', 1, 1, 'GL104', 'error', 'unknown')\n"
    changed = "e = dataclasses.replace(d, severity='warning')\n"
    assert hand_made(ast.parse(made + "x = finding('GL104', 'a.md', 1, 1, 'm')\n")) == [1]
    assert hand_made(ast.parse("\n" + changed)) == [2]
    assert hand_made(ast.parse(REGISTRY.read_text(encoding="utf-8"))) != []  # the one place

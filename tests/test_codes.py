"""The code registry is complete: every code the package reports is documented, and no other."""

from __future__ import annotations

import re
from pathlib import Path

from glossator.codes import CODES

from conftest import BuildFn, write

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "glossator"
CODE = re.compile(r"\bGL\d{3}\b")


def codes_in_source() -> dict[str, set[str]]:
    """Code -> the modules that mention it (the registry itself left out)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "codes.py":
            continue
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(path.relative_to(PACKAGE).as_posix())
    return found


def test_every_code_in_the_source_is_registered() -> None:
    used = codes_in_source()
    missing = {code: sorted(where) for code, where in used.items() if code not in CODES}
    assert missing == {}


def test_every_registered_code_is_used() -> None:
    unused = sorted(set(CODES) - set(codes_in_source()))
    assert unused == []


def test_entries_are_complete() -> None:
    for name, code in CODES.items():
        assert code.code == name
        assert code.severity in ("error", "warning")
        for text in (code.title, code.explanation, code.example, code.fix):
            assert text.strip(), name
        assert code.explanation.count("`") % 2 == 0, name  # backquotes pair up
        assert code.fix.count("`") % 2 == 0, name


def test_warnings_are_the_gl12x_codes() -> None:
    """Only coverage findings are warnings; everything a contributor must fix is an error."""
    warnings = {name for name, code in CODES.items() if code.severity == "warning"}
    assert warnings == {name for name in CODES if name.startswith("GL12")}


def test_reference_page_lists_every_code(archive_dir: Path, build: BuildFn) -> None:
    write(archive_dir / "docs" / "codes.md", "# Codes\n\n```{glossator-codes}\n```\n")
    out = build(archive_dir).html
    html = (out / "codes.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="(gl\d{3})"', html))
    assert anchors == {name.lower() for name in CODES}
    assert "Policy for contributed pages" in html
    # the examples are shown as text, never as markup
    assert "<script>alert" not in html and "&lt;script&gt;" in html

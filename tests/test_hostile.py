"""Hostile and broken pages: ``glossator check`` names each problem, and the build stays clean.

The corpus lives in ``tests/hostile/`` (its manifest, ``expected.txt``, gives each file's
codes); files that cannot or should not be committed (10 MB, binary, symbolic links, names
that are not UTF-8 or not NFC, names that differ only in case) are generated here.

Three layers are tested:

* each page alone in the small archive: ``glossator check`` reports exactly its codes;
* all pages together, through a real ``python -m glossator`` process: exit status 1, the
  codes, and no traceback (with a strict UTF-8 stdout);
* one Sphinx build of all of them with ``glossator_check_errors = "warn"``, i.e. as if the
  validator had been skipped: nothing of the contributors' HTML, code, ids or outside files
  reaches the site, and the build's guards say what they removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import struct
import subprocess
import sys
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from glossator import cli

from conftest import Built

HOSTILE = Path(__file__).parent / "hostile"
FM = "---\ntitle: Hostile page\nnote_kind: other\n---\n"


def png() -> bytes:
    """A valid 1x1 PNG, built here so that no binary file is committed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Case:
    """One hostile file: where it goes in the archive and the error codes it must produce."""

    rel: str
    codes: frozenset[str]
    install: Callable[[Path], None] = field(compare=False)

    def __str__(self) -> str:
        return self.rel


def _copier(rel: str, companions: list[str]) -> Callable[[Path], None]:
    def install(root: Path) -> None:
        for item in (rel, *companions):
            target = root / item
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HOSTILE / item, target)

    return install


def committed_cases() -> list[Case]:
    cases = []
    for line in (HOSTILE / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rel, codes, *rest = (part.strip() for part in line.split("|"))
        companions = rest[0].split() if rest else []
        wanted = frozenset() if codes == "-" else frozenset(codes.split())
        cases.append(Case(rel, wanted, _copier(rel, companions)))
    return cases


def _writer(rel: str, data: bytes) -> Callable[[Path], None]:
    def install(root: Path) -> None:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    return install


def _symlink(rel: str, to: str, directory: bool = False) -> Callable[[Path], None]:
    def install(root: Path) -> None:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        outside = root.parent / to
        if directory:
            outside.mkdir(exist_ok=True)
            (outside / "page.md").write_text(FM + "Outside the repository.\n", encoding="utf-8")
        else:
            outside.write_text(FM + "Outside the repository.\n", encoding="utf-8")
        target.symlink_to(outside, target_is_directory=directory)

    return install


def _raw_name(name: bytes, data: bytes) -> Callable[[Path], None]:
    def install(root: Path) -> None:
        folder = root / "annotations" / "notes"
        folder.mkdir(parents=True, exist_ok=True)
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(data)

    return install


def _nested_directives(levels: int) -> bytes:
    opening = [("`" * (i + 3)) + "{note}" for i in range(levels, 0, -1)]
    closing = ["`" * (i + 3) for i in range(1, levels + 1)]
    return (FM + "\n".join([*opening, "deep", *closing]) + "\n").encode()


def _both(*installs: Callable[[Path], None]) -> Callable[[Path], None]:
    def install(root: Path) -> None:
        for step in installs:
            step(root)

    return install


SECRET_FILE = "outside-secret.txt"
"""A file beside the archive (outside the repository) whose token must never be published."""

SECRET_REFS = FM + (
    f"[a](../../../{SECRET_FILE}) [b](path:../../../{SECRET_FILE}) "
    f"{{download}}`../../../{SECRET_FILE}` ![c](../../../{SECRET_FILE})\n\n"
    f"```{{figure}} ../../../{SECRET_FILE}\n```\n\n"
    f"```{{eval-rst}}\n.. image:: ../../../{SECRET_FILE}\n\n"
    f":download:`d <../../../{SECRET_FILE}>`\n```\n"
)

GENERATED: list[Case] = [
    Case(
        "annotations/notes/ten-megabytes.md",
        frozenset({"GL311"}),
        _writer("annotations/notes/ten-megabytes.md", (FM + "word " * 2_100_000).encode()),
    ),
    Case(
        "annotations/notes/binary.md",
        frozenset({"GL313"}),
        _writer("annotations/notes/binary.md", png() + bytes(range(256))),
    ),
    Case(
        "annotations/notes/nul-bytes.md",
        frozenset({"GL313"}),
        _writer("annotations/notes/nul-bytes.md", (FM + "a\x00b\n").encode()),
    ),
    Case(
        "annotations/notes/large-front-matter.md",
        frozenset({"GL003"}),
        _writer(
            "annotations/notes/large-front-matter.md",
            (
                "---\ntitle: X\nnote_kind: other\nsummary: |\n" + "  words\n" * 5_000 + "---\n"
            ).encode(),
        ),
    ),
    Case(
        "annotations/notes/linked-page.md",
        frozenset({"GL310"}),
        _symlink("annotations/notes/linked-page.md", "outside-page.md"),
    ),
    Case(
        "annotations/notes/linked-folder",
        frozenset({"GL310"}),
        _symlink("annotations/notes/linked-folder", "outside-folder", directory=True),
    ),
    Case(
        "annotations/notes/cafe\u0301.md",
        frozenset({"GL012", "GL316"}),
        _writer("annotations/notes/cafe\u0301.md", FM.encode()),
    ),
    Case(
        "annotations/notes/\\xff.md",
        frozenset({"GL316"}),
        _raw_name(b"\xff.md", FM.encode()),
    ),
    Case(
        "annotations/notes/map.png",
        frozenset({"GL317"}),
        _both(
            _writer("annotations/notes/Map.png", png()),
            _writer("annotations/notes/map.png", png()),
        ),
    ),
    Case(
        "annotations/notes/deep-list.md",
        frozenset({"GL318", "GL319"}),
        _writer("annotations/notes/deep-list.md", (FM + "- " * 10_000 + "deep\n").encode()),
    ),
    Case(
        "annotations/notes/deep-directives.md",
        frozenset({"GL319"}),
        _writer("annotations/notes/deep-directives.md", _nested_directives(150)),
    ),
    Case(
        "annotations/notes/secret-references.md",
        frozenset({"GL304", "GL306", "GL307"}),
        _writer("annotations/notes/secret-references.md", SECRET_REFS.encode()),
    ),
    Case(
        "annotations/notes/with-image.md",
        frozenset(),
        _both(
            _writer("annotations/notes/with-image.md", (FM + "![a map](photo.png)\n").encode()),
            _writer("annotations/notes/photo.png", png()),
        ),
    ),
]

CASES = committed_cases() + GENERATED


WHOLE_FILE_CODES = frozenset(
    {"GL010", "GL011", "GL012", "GL013", "GL310", "GL311", "GL312", "GL313", "GL316", "GL317"}
)
"""Codes about a file as a whole (its name, kind, type): they carry no line and column."""


def _check_json(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, object]]]:
    status = cli.main(["check", "--root", str(root), "--format", "json"])
    return status, json.loads(capsys.readouterr().out)


def test_the_corpus_is_big_enough_and_covers_every_policy_code() -> None:
    from glossator.codes import CODES

    assert len(CASES) >= 150
    covered = set().union(*(case.codes for case in CASES))
    policy_codes = {code for code in CODES if code.startswith("GL3") and code != "GL312"}
    assert policy_codes <= covered, sorted(policy_codes - covered)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_reports_exactly_the_expected_codes(
    case: Case, archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        case.install(archive_dir)
    except OSError as exc:  # e.g. a file system that refuses names that are not UTF-8
        pytest.skip(f"cannot create this file here: {exc}")
    start = time.perf_counter()
    status, found = _check_json(archive_dir, capsys)
    elapsed = time.perf_counter() - start
    codes = {d["code"] for d in found if d["path"] == case.rel and d["severity"] == "error"}
    assert codes == case.codes
    assert elapsed < 5, elapsed  # the issue asks for 2 s; generous, so that it cannot flake
    for problem in found:  # what a page says is found at a line and column of it
        if (
            problem["path"] == case.rel
            and case.rel.endswith(".md")
            and problem["code"] not in WHOLE_FILE_CODES
        ):
            assert problem["line"] >= 1 and problem["column"] >= 1, problem
    errors = [d for d in found if d["severity"] == "error"]
    assert status == (1 if errors else 0)
    if not case.codes:
        assert errors == []


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


def _install_all(root: Path) -> None:
    for case in CASES:
        try:
            case.install(root)
        except FileExistsError:
            pass  # companions shared by several cases
        except OSError:
            continue
    (root.parent / SECRET_FILE).write_text(SECRET, encoding="utf-8")


SECRET = f"gl-secret-{secrets.token_hex(8)}"


def test_all_at_once_in_a_process_no_traceback_and_nothing_written(archive_dir: Path) -> None:
    _install_all(archive_dir)
    before = _snapshot(archive_dir)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # strict: a bad file name must not crash
    result = subprocess.run(
        [sys.executable, "-m", "glossator", "check", "--root", str(archive_dir)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=600,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr == ""
    reported = {tuple(line.split(": ", 2)[:2]) for line in result.stdout.splitlines()}
    for case in CASES:
        for code in case.codes:
            head = f"{case.rel}:"
            assert any(
                where.startswith(head) and what.startswith(f"error {code}")
                for where, what in (item for item in reported if len(item) == 2)
            ), f"{case.rel}: {code} missing"
    assert _snapshot(archive_dir) == before  # check only reads


PIDS_FILE = "GLOSSATOR_TEST_PIDS"


def _prepare_and_note_the_process(page: Any, root: Path) -> None:
    """``checks.prepare``, noting which process ran it (a module-level function: picklable)."""
    from glossator import checks

    with open(os.environ[PIDS_FILE], "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()}\n")
    checks._prepare(page, root)


def test_a_parallel_check_finds_exactly_what_a_serial_one_finds(
    archive_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages read in worker processes (as in a large archive) give the same report, in order."""
    from glossator import archive, checks

    _install_all(archive_dir)
    serial = cli.main(["check", "--root", str(archive_dir), "--format", "json", "-j", "1"])
    expected = capsys.readouterr().out
    pids = tmp_path / "pids"
    monkeypatch.setenv(PIDS_FILE, str(pids))
    monkeypatch.setattr(archive, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(checks, "_prepare", checks.prepare, raising=False)
    monkeypatch.setattr(checks, "prepare", _prepare_and_note_the_process)
    parallel = cli.main(["check", "--root", str(archive_dir), "--format", "json", "-j", "2"])
    assert (parallel, capsys.readouterr().out) == (serial, expected)
    assert len(json.loads(expected)) > len(CASES)  # the report is not empty
    workers = set(pids.read_text(encoding="utf-8").split())
    assert workers and str(os.getpid()) not in workers  # the pages were read by the workers


def test_github_format_escapes_hostile_text(
    archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hostile message must not be able to start a second workflow command."""
    (archive_dir / "annotations/notes").mkdir(parents=True, exist_ok=True)
    (archive_dir / "annotations/notes/x.md").write_text(
        FM + "a <b\n::error::forged=1> b\n", encoding="utf-8"
    )
    assert cli.main(["check", "--root", str(archive_dir), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "Found ")) for line in lines)


# -- the build ---------------------------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag of a page, as the browser will see it (attribute values unescaped)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if tag == "script":
            self._script = values
            self.scripts.append((values, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def names(self) -> list[str]:
        return [
            name
            for _, attrs in self.tags
            for key in ("id", "class")
            for name in attrs.get(key, "").split()
        ]


_BAD_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)
_ATTACKER_NAMES = ("main-content", "pagefind-results", "pagefind-ignore", "pst-header")


def _embedding(tags: Tags) -> Counter[str]:
    """Tags that embed or submit content; a page may have only those of the theme."""
    return Counter(
        tag for tag, _ in tags.tags if tag in ("iframe", "object", "embed", "form", "svg")
    )


def _scripts(tags: Tags) -> set[str]:
    """The page's scripts by their source; inline JSON-LD must be plain JSON."""
    out = set()
    for attrs, text in tags.scripts:
        if attrs.get("type") == "application/ld+json":
            assert "<" not in text and json.loads(text)
            out.add("json-ld")
        else:
            out.add(attrs.get("src", "").replace("../", "") or f"inline:{text.strip()}")
    return out


def test_build_with_every_hostile_page_injects_nothing(hostile_build: Built) -> None:
    archive_dir, out, warnings = hostile_build.root, hostile_build.html, hostile_build.warnings

    clean = Tags((out / "annotations/persons/safaa-al-asam.html").read_text(encoding="utf-8"))
    theme_scripts = _scripts(clean) | {"json-ld"}
    pages = sorted((out / "annotations").rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(out)
        tags = Tags(html)
        assert _scripts(tags) <= theme_scripts, where
        for tag, attrs in tags.tags:
            assert not [name for name in attrs if name.startswith("on")], (where, tag, attrs)
            for key in ("href", "src", "action", "formaction"):
                assert not _BAD_URL.match(attrs.get(key, "")), (where, tag, attrs)
            assert not (tag == "meta" and "http-equiv" in attrs), (where, attrs)
        assert _embedding(tags) <= _embedding(clean), where
        names = tags.names()
        assert names.count("searchbox") <= clean.names().count("searchbox"), where
        assert not set(_ATTACKER_NAMES) & set(names), where
        assert "GL-SUBSTITUTED" not in html, where

    # Jinja and MyST substitutions did not run: the braces are text
    assert "{{ 6*7 }}" in (out / "annotations/notes/parser-keys.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in (out / "annotations/notes/jinja-text.html").read_text(encoding="utf-8")

    # no file from outside the repository, and only raster images, were published
    for folder in ("_images", "_downloads"):
        for item in (out / folder).rglob("*") if (out / folder).exists() else ():
            if item.is_file():
                assert item.name != "hostname" and SECRET_FILE not in item.name, item
                assert item.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", item
    for item in out.rglob("*"):
        if item.is_file():
            assert SECRET.encode() not in item.read_bytes(), item
    assert (out / "_images/photo.png").is_file()  # a legitimate image still works
    # linked, oversized, binary and oddly named files were never read
    for gone in ("linked-page", "linked-folder/page", "ten-megabytes", "binary", "nul-bytes"):
        assert not (out / f"annotations/notes/{gone}.html").exists(), gone
    assert not list(out.rglob(unicodedata.normalize("NFC", "cafe\u0301") + ".html"))

    # the guards, not luck, did it: each rule left its warning (the checks report the pages
    # at their place in the archive, the guards at theirs in Sphinx's project, docs/)
    checked = f"{archive_dir / 'annotations'}/"
    guard = [
        line for line in warnings.splitlines() if "[glossator." in line and checked not in line
    ]
    for code in ("GL304", "GL306", "GL307", "GL308", "GL309", "GL310", "GL311", "GL313", "GL319"):
        assert any(f"WARNING: {code} " in line for line in guard), code

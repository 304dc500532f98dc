"""Scaffolding: a new annotation page from a template, a new source from a text file.

Both only ever create files, never overwrite one: a contributor who runs ``glossator new`` on
an id that exists, or ``glossator ingest`` on a source that exists, gets an error and their
work stays as it was. What they create is checked with the archive's own parser and model
before it is left on disk, so a scaffolded page or source always passes ``glossator check``
(apart from what only the contributor can fill in, such as a bibliography entry).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template
from typing import Final

import yaml
from pydantic import ValidationError

from glossator.archive import load_bib_keys
from glossator.diagnostics import GlossatorError
from glossator.model import CLAIM_KINDS, KINDS, SLUG_PATTERN, SourceMeta, kind_folder
from glossator.pages import parse_page
from glossator.sources import load_source

UNKNOWN: Final = "unknown"
UNDETERMINED_LANGUAGE = "und"
"""ISO 639-2's code for a language that has not been determined."""

MAX_SOURCE_BYTES = 16 * 1024 * 1024
_SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class NewAnchor:
    source: str
    exact: str


def _template(name: str) -> Template:
    text = resources.files("glossator").joinpath("templates", name).read_text("utf-8")
    return Template(text)


def _yaml_string(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is a subset of it."""
    return json.dumps(value, ensure_ascii=False)


def _check_id(ident: str, what: str) -> None:
    if not _SLUG.match(ident) or len(ident) > 80:
        raise GlossatorError(
            f"{what} '{ident}' is not a lowercase slug: use a-z, 0-9 and single hyphens, "
            "e.g. al-hasakah-prison-attack"
        )


def default_title(ident: str) -> str:
    """A placeholder title from the id ('al-hasakah' -> 'Al hasakah'), to be edited."""
    return ident.replace("-", " ").capitalize()


def _first_source(root: Path) -> str:
    folder = root / "sources"
    names = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    return names[0] if names else "source-id"


def render_page(
    kind: str,
    ident: str,
    *,
    title: str,
    speaker: str | None = None,
    claim_kind: str | None = None,
    note_kind: str = "other",
    anchor: NewAnchor | None = None,
    example_source: str = "source-id",
) -> str:
    """The text of a new page of ``kind``; raises :class:`GlossatorError` if it would not parse."""
    if kind not in KINDS:
        raise GlossatorError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    _check_id(ident, "id")
    if kind == "claim" and (not speaker or not claim_kind):
        raise GlossatorError(
            "a claim needs its speaker and its kind: add --speaker <person-id> and "
            f"--claim-kind <{'|'.join(CLAIM_KINDS)}>"
        )
    if anchor is not None:
        anchors = f"anchors:\n  - source: {anchor.source}\n    exact: {_yaml_string(anchor.exact)}"
    else:
        anchors = (
            "# anchors:                     # the exact words of a source this page is about\n"
            f"#   - source: {example_source}\n"
            '#     exact: "the words, exactly as in the source"'
        )
    text = _template(f"{kind}.md").substitute(
        title=_yaml_string(title),
        speaker=speaker or "",
        claim_kind=claim_kind or "",
        note_kind=note_kind,
        anchors=anchors,
        example_source=example_source,
        example_passage=f"{example_source}#p1",
        # filled in by the site's "Suggest a note" form (glossator-suggest.js), which renders
        # this same template; a page made here keeps them as comments, or empty
        about="# about: [an-object-id]        # objects this note is about",
        cites="# cites: [a-bibliography-key]",
        body="",
    )
    relpath = f"annotations/{kind_folder(kind)}/{ident}.md"
    page = parse_page(text, relpath)
    errors = [d for d in page.diagnostics if d.severity == "error"]
    if errors:
        raise GlossatorError(
            "the new page would not be valid: " + "; ".join(d.as_text() for d in errors)
        )
    return text


def new_page(
    root: Path,
    kind: str,
    ident: str,
    *,
    title: str | None = None,
    speaker: str | None = None,
    claim_kind: str | None = None,
    note_kind: str = "other",
    anchor: NewAnchor | None = None,
) -> Path:
    """Write ``annotations/<kind>s/<ident>.md`` from its template. Never overwrites a file."""
    _check_id(ident, "id")
    taken = sorted((root / "annotations").glob(f"*/{ident}.md"))
    if taken:
        where = taken[0].relative_to(root).as_posix()
        raise GlossatorError(
            f"refusing to overwrite: id '{ident}' is already used by {where} "
            "(ids are unique across all kinds)"
        )
    text = render_page(
        kind,
        ident,
        title=title if title is not None else default_title(ident),
        speaker=speaker,
        claim_kind=claim_kind,
        note_kind=note_kind,
        anchor=anchor,
        example_source=anchor.source if anchor else _first_source(root),
    )
    path = root / "annotations" / kind_folder(kind) / f"{ident}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise GlossatorError(f"refusing to overwrite {path}") from None
    return path


@dataclass
class Ingested:
    """What ``ingest`` made, and what the contributor still has to do."""

    meta: SourceMeta
    created: list[Path]
    todo: list[str] = field(default_factory=list)


def _title_line(text: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            return number
    raise GlossatorError("the text is empty: there is nothing to ingest")


def _read_text(file: Path) -> tuple[bytes, str]:
    try:
        size = file.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise GlossatorError(
                f"{file} is {size} bytes; sources are limited to {MAX_SOURCE_BYTES} bytes"
            )
        raw = file.read_bytes()
    except OSError as exc:
        raise GlossatorError(f"cannot read {file}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GlossatorError(
            f"{file} is not UTF-8 (byte {exc.start}): convert it to UTF-8 first, "
            "changing nothing else"
        ) from None
    if "\x00" in text:
        raise GlossatorError(f"{file} contains NUL bytes: a source is a text file")
    return raw, text


def ingest(
    root: Path,
    file: Path,
    source_id: str,
    *,
    title: str | None = None,
    title_line: int | None = None,
    language: str = UNDETERMINED_LANGUAGE,
    url: str | None = None,
    cite: str | None = None,
) -> Ingested:
    """Add ``file`` as source ``source_id``: the bytes verbatim, metadata, and its page.

    Creates ``sources/<id>/text.txt`` (a byte-for-byte copy), ``sources/<id>/source.yaml``
    (written from :class:`SourceMeta`, unknowns ``unknown``) and ``docs/sources/<id>.md``.
    Nothing is left behind if any step fails.
    """
    _check_id(source_id, "source id")
    folder = root / "sources" / source_id
    page = root / "docs" / "sources" / f"{source_id}.md"
    for existing in (folder, page):
        if existing.exists() or existing.is_symlink():
            raise GlossatorError(f"refusing to overwrite {existing.relative_to(root).as_posix()}")
    raw, text = _read_text(file)
    lines = [line.rstrip("\r") for line in text.split("\n")]
    number = title_line if title_line is not None else _title_line(text)
    if not 1 <= number <= len(lines) or not lines[number - 1].strip():
        raise GlossatorError(f"--title-line {number} is not a line of text in {file}")
    try:
        meta = SourceMeta(
            id=source_id,
            title=title if title is not None else lines[number - 1].strip(),
            language=language,
            translation=UNKNOWN,
            original_language=UNKNOWN,
            publisher=UNKNOWN,
            author=UNKNOWN,
            published=UNKNOWN,
            url=url,
            cite=cite or source_id,
            sha256=hashlib.sha256(raw).hexdigest(),
            licence=UNKNOWN,
            structure={"title": number},  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise GlossatorError(f"cannot record the source's metadata: {problems}") from None
    created: list[Path] = []
    try:
        folder.mkdir(parents=True)
        created.append(folder)
        (folder / meta.text).write_bytes(raw)
        header = _template("source.yaml").template
        body = yaml.safe_dump(
            meta.model_dump(mode="json", exclude_none=True),
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
        (folder / "source.yaml").write_text(header + body, encoding="utf-8", newline="\n")
        loaded = load_source(root, folder)
        errors = [d for d in loaded.diagnostics if d.severity == "error"]
        if loaded.source is None or errors or loaded.source.raw != raw:
            raise GlossatorError(
                "the ingested source does not load back: " + "; ".join(d.as_text() for d in errors)
            )
        page.parent.mkdir(parents=True, exist_ok=True)
        with page.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(_template("source.md").substitute(source_id=source_id))
        created.append(page)
    except BaseException as exc:
        for path in reversed(created):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise GlossatorError(f"cannot write the source: {exc}") from None
        raise
    todo: list[str] = []
    if meta.cite not in load_bib_keys(root):
        todo.append(
            f"add an entry '{meta.cite}' for this text to docs/references.bib "
            "('glossator check' fails until it is there)"
        )
    todo.append(
        f"fill in what is known in sources/{source_id}/source.yaml (leave the rest 'unknown'), "
        "and mark its lede, headings and tag lines under 'structure'"
    )
    return Ingested(meta, [folder / meta.text, folder / "source.yaml", page], todo)

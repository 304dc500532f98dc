"""Source texts: ``sources/<id>/source.yaml`` (metadata) beside the verbatim text file.

A source is split into *passages*, one per line of the text file (the published paragraphs,
headings, title and tag lines). Passage ``n`` is line ``n`` and gets the stable anchor ``p<n>``.
Offsets are character offsets into the decoded text, as in the W3C ``TextPositionSelector``.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from glossator import frontmatter
from glossator.codes import finding
from glossator.diagnostics import Diagnostic
from glossator.model import SourceMeta

PassageRole = Literal["title", "lede", "heading", "paragraph", "tags", "blank"]


@dataclass(frozen=True)
class Passage:
    number: int  # 1-based line number in the text file
    role: PassageRole
    start: int  # character offset of the first character in the whole text
    text: str

    @property
    def anchor(self) -> str:
        return f"p{self.number}"

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Source:
    id: str
    meta: SourceMeta
    text: str
    raw: bytes
    meta_path: str
    text_path: str

    @cached_property
    def passages(self) -> list[Passage]:
        roles: dict[int, PassageRole] = {self.meta.structure.title: "title"}
        roles.update({n: "lede" for n in self.meta.structure.lede})
        roles.update({n: "heading" for n in self.meta.structure.headings})
        roles.update({n: "tags" for n in self.meta.structure.tags})
        out: list[Passage] = []
        offset = 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            stripped = line.rstrip("\r")
            role: PassageRole = roles.get(number, "paragraph" if stripped.strip() else "blank")
            out.append(Passage(number, role, offset, stripped))
            offset += len(line) + 1
        return out

    def passage_at(self, offset: int) -> Passage:
        """The passage that holds character ``offset``."""
        return self.passages[max(0, bisect.bisect_right(self._starts, offset) - 1)]

    @cached_property
    def _starts(self) -> list[int]:
        return [p.start for p in self.passages]

    @property
    def checksum_ok(self) -> bool:
        return hashlib.sha256(self.raw).hexdigest() == self.meta.sha256


@dataclass
class SourceLoad:
    source: Source | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_source(root: Path, folder: Path) -> SourceLoad:
    """Load ``folder`` (``sources/<id>``); report a missing file, bad metadata or a bad checksum."""
    rel = folder.relative_to(root).as_posix()
    meta_file = folder / "source.yaml"
    meta_rel = f"{rel}/source.yaml"
    if not meta_file.is_file():
        return _failed(
            meta_rel,
            "GL020",
            "source folder has no source.yaml",
            "run 'glossator ingest' to add a source",
        )
    try:
        data, positions = frontmatter.load_yaml(meta_file.read_text(encoding="utf-8"), meta_rel)
    except frontmatter.FrontMatterError as exc:
        return SourceLoad(None, [exc.diagnostic])
    except (OSError, UnicodeDecodeError) as exc:
        return _failed(meta_rel, "GL021", f"cannot read source metadata: {exc}")

    def at(*loc: str | int) -> tuple[int, int]:
        """Line and column of a metadata field (or of its top-level key)."""
        return positions.get(loc, positions.get(loc[:1], (1, 1)))

    try:
        meta = SourceMeta.model_validate(data)
    except ValidationError as exc:
        return SourceLoad(
            None,
            [
                finding(
                    "GL021",
                    meta_rel,
                    *at(*error["loc"]),
                    f"source metadata field '{'.'.join(map(str, error['loc']))}': {error['msg']}",
                )
                for error in exc.errors()
            ],
        )
    if meta.id != folder.name:
        return _failed(
            meta_rel,
            "GL021",
            f"source id '{meta.id}' differs from its folder '{folder.name}'",
            where=at("id"),
        )
    text_rel = f"{rel}/{meta.text}"
    try:
        raw = (folder / meta.text).read_bytes()
    except OSError as exc:
        return _failed(text_rel, "GL022", f"cannot read source text: {exc.strerror}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _failed(text_rel, "GL022", f"source text is not UTF-8 ({exc.reason})")
    source = Source(meta.id, meta, text, raw, meta_rel, text_rel)
    problems: list[Diagnostic] = []
    if not source.checksum_ok:
        problems.append(
            finding(
                "GL023",
                meta_rel,
                *at("sha256"),
                f"checksum of {meta.text} does not match: the text is not the "
                f"published text (sha256 {hashlib.sha256(raw).hexdigest()})",
                "restore the verbatim text; never edit a source",
            )
        )
    lines = len(source.passages)
    structure = meta.structure
    for n in [structure.title, *structure.lede, *structure.headings, *structure.tags]:
        if n > lines:
            problems.append(
                finding(
                    "GL021",
                    meta_rel,
                    *at("structure"),
                    f"structure names line {n}, but the text has {lines} lines",
                )
            )
    return SourceLoad(source, problems)


def _failed(
    path: str, code: str, message: str, hint: str = "", where: tuple[int, int] = (0, 0)
) -> SourceLoad:
    """A source that could not be loaded, with the one error that stopped it."""
    return SourceLoad(None, [finding(code, path, *where, message, hint)])

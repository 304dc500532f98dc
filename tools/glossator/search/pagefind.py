"""Pagefind's index files: gzip of the ``pagefind_dcd`` signature and one CBOR value.

Why a module of its own: making Pagefind's output reproducible
(:mod:`glossator.search.stabilize`), giving its fragments short names
(:mod:`glossator.search.compact`) and listing result ids for the search page
(:mod:`glossator.search.pages`) all read and write these files; each of them sits on this one
definition of the format and of a rewrite, and on nothing else. CBOR is ``cbor2``'s: it
writes every number, string, list and map in its shortest definite-length form (RFC 8949's
preferred serialization), as Pagefind does, so a file read and written again is the same.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"

Cbor = Any  # int | str | bytes | list[Cbor] | dict[Cbor, Cbor] | bool | None


class FormatError(ValueError):
    """A file is not in the Pagefind format this module knows."""


def read_index_file(path: Path) -> Cbor:
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise FormatError(f"{path.name} is not gzip: {exc}") from exc
    if not raw.startswith(SIGNATURE):
        raise FormatError(f"{path.name} has no Pagefind signature")
    stream = io.BytesIO(raw[len(SIGNATURE) :])
    try:
        value = cbor2.CBORDecoder(stream).decode()
    except (cbor2.CBORDecodeError, EOFError) as exc:
        raise FormatError(f"{path.name} is not CBOR: {exc}") from exc
    if stream.tell() != len(raw) - len(SIGNATURE):
        raise FormatError(f"{path.name} has bytes after its data")
    return value


def metadata_path(bundle: Path, meta_hash: str) -> Path:
    """Where a language's metadata file is: ``pagefind.<hash>.pf_meta``."""
    return bundle / f"pagefind.{meta_hash}.pf_meta"


def read_metadata(bundle: Path, meta_hash: str, field: int, shape: str) -> list[Cbor]:
    """A language's metadata, checked to be a list whose item ``field`` is a list.

    ``shape`` names the layout expected, for the error (e.g. ``[version, pages, ...]``).
    """
    meta = read_index_file(metadata_path(bundle, meta_hash))
    if not (isinstance(meta, list) and len(meta) > field and isinstance(meta[field], list)):
        raise FormatError(f"the metadata file is not {shape}")
    return meta


def index_bytes(value: Cbor) -> bytes:
    """A Pagefind file's bytes: gzip (no timestamp, no file name) of signature and CBOR."""
    try:
        encoded = cbor2.dumps(value)
    except cbor2.CBOREncodeError as exc:
        raise FormatError(f"cannot encode {type(value).__name__}: {exc}") from exc
    return gzip.compress(SIGNATURE + encoded, compresslevel=9, mtime=0)


def content_name(language: str, data: bytes, length: int) -> str:
    """``<language>_<hash of data>``: Pagefind names its files after their content."""
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


LanguageRewrite = Callable[[Path, str, str], str]
"""Rewrites one language's files: ``(bundle, language, metadata hash) -> new metadata hash``."""


def rewrite_languages(bundle: Path, rewrite: LanguageRewrite, left: str) -> list[str]:
    """Apply ``rewrite`` to each language of the bundle and record the new metadata names.

    A language whose files are not in the expected shape is reported (``"language 'en'
    <left> (why)"``) and keeps its metadata name; ``rewrite`` must check everything before it
    changes a file, so that such a language is left exactly as it was.
    """
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{entry_path}: cannot read the entry file ({exc})"]
    problems: list[str] = []
    for language, info in sorted(languages.items()):
        try:
            info["hash"] = rewrite(bundle, language, info["hash"])
        except (FormatError, OSError, KeyError, TypeError) as exc:
            problems.append(f"{bundle}: language '{language}' {left} ({exc})")
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return problems

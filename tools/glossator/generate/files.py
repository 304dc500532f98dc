"""The synthetic archive written to disk: sources, pages, and a ``docs/`` folder to build it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from glossator.generate import sphinxconf
from glossator.generate.corpus import Generator
from glossator.model import KIND_PLURALS, KINDS, kind_folder

_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where PyYAML has it: the pure-Python one was most of the run time."""


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


LISTING_TITLES = KIND_PLURALS


def _write(path: Path, text: str) -> None:
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")


def write_archive(gen: Generator, out: Path) -> None:
    for source in gen.sources:
        raw = source.text.encode("utf-8")
        meta = {
            "id": source.id,
            "title": source.lines[0],
            "language": "en",
            "translation": "no",
            "original_language": "English",
            "publisher": "none (synthetic text written by glossator generate)",
            "author": "none (synthetic)",
            "published": "never (synthetic)",
            "cite": source.cite,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "text": "text.txt",
            "licence": "Synthetic text for benchmarks and tests; not a publication.",
            "structure": {
                "title": 1,
                "lede": [2],
                "headings": gen.headings(source),
                "tags": [len(source.lines)],
            },
        }
        folder = out / "sources" / source.id
        _write(folder / "source.yaml", _yaml(meta))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "text.txt").write_bytes(raw)
    for item in gen.items:
        page = "---\n" + _yaml(item.data) + "---\n" + "\n\n".join(item.body) + "\n"
        _write(out / "annotations" / kind_folder(item.kind) / f"{item.id}.md", page)
    docs = out / "docs"
    _write(docs / "conf.py", sphinxconf.render())
    bib = [
        f"@misc{{{key},\n  title = {{Synthetic reference {key}}},\n"
        f"  author = {{Generator, Glossator}},\n  year = {{2000}},\n"
        f"  note = {{Generated for a test corpus (seed {gen.seed}); not a publication}}\n}}\n"
        for key in gen.bib_keys
    ]
    _write(docs / "references.bib", "\n".join(bib))
    for source in gen.sources:
        _write(docs / "sources" / f"{source.id}.md", f"```{{source-text}} {source.id}\n```\n")
    for kind in KINDS:
        _write(
            docs / "archive" / f"{kind_folder(kind)}.md",
            f"# {LISTING_TITLES[kind]}\n\n```{{glossator-list}} {kind}\n```\n",
        )
    _write(
        docs / "bibliography.md",
        "# Bibliography\n\n```{bibliography}\n:all:\n```\n",
    )
    sources_toc = "\n".join(f"sources/{s.id}" for s in gen.sources)
    lists_toc = "\n".join(f"archive/{kind_folder(k)}" for k in KINDS)
    _write(
        docs / "index.md",
        f"# Synthetic archive\n\nA synthetic archive of {len(gen.items)} annotations over "
        f"{len(gen.sources)} sources, written by `glossator generate` (seed {gen.seed}).\n\n"
        f"```{{toctree}}\n:caption: Sources\n:maxdepth: 1\n\n{sources_toc}\n```\n\n"
        f"```{{toctree}}\n:caption: Annotations\n:maxdepth: 1\n\n{lists_toc}\nbibliography\n```\n",
    )
    link = docs / "annotations"
    if not link.is_symlink():
        link.symlink_to("../annotations", target_is_directory=True)

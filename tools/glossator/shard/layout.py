"""Writing the shards of an archive to disk: each one a complete archive and Sphinx project.

A shard's folder is what ``sphinx-build`` and ``glossator check`` expect of any archive
(``sources/``, ``annotations/``, ``docs/``), plus ``shard.json`` (:mod:`glossator.shard.scope`).
Its ``docs/conf.py`` is the archive's own ``docs/conf.py``, unchanged, followed by the shard's
settings; its ``docs/index.md`` is the archive's index without the toctree entries of pages the
shard does not have. The pages of other shards that the shard's checks need are in
``foreign/annotations/``, outside the Sphinx project. The predicted inventories of all shards
go to ``inventories/`` beside them, so that every shard can be built at the same time
(:func:`glossator.shard.plan.inventory`).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from glossator.archive import Archive
from glossator.diagnostics import GlossatorError
from glossator.shard import plan as shardplan
from glossator.shard.scope import FOREIGN_DIR, SHARD_FILE

LAYOUT_FILE = "shards.json"
"""At the layout's root: the shards in order (the CI matrix reads it) and each one's sources."""

INVENTORIES = "inventories"

DOCS_FOLDERS = ("archive", "_static")
"""Folders of ``docs/`` every shard gets: the listing pages (of the shard's own objects) and
the static files. Pages about the project itself (``reference/``, ``performance.md``) are not
part of any shard: the single build publishes them."""

DOCS_PAGES = ("bibliography.md",)

SPECIAL_DOCS = frozenset({"search", "genindex", "modindex"})
"""Toctree entries Sphinx makes itself: no file, always kept."""

SHARD_CONF = """

# -- shard {name!r}: added by `glossator shard layout` -------------------------------------
# Above: the archive's docs/conf.py, unchanged. Below: what makes this project one shard of
# several (docs/reference/sharding.md): links to the other shards through their inventories,
# read from files (no network). The other shards' pages copied for the checks are in
# ../foreign/, which this project does not read.
import json as _json
from pathlib import Path as _Path

_root = _Path(__file__).resolve().parent.parent
_shard = _json.loads((_root / {shard_file!r}).read_text(encoding="utf-8"))
extensions = [*globals().get("extensions", []), "glossator.sphinx.shardlinks"]
glossator_shards = {{
    _name: (_other["url"], str((_root / _other["inventory"]).resolve()))
    for _name, _other in _shard["shards"].items()
}}
intersphinx_mapping = dict(glossator_shards)
del _json, _Path, _root, _shard
"""


def write(root: Path, loaded: Archive, result: shardplan.Plan, out: Path) -> None:
    """Write every shard of ``result`` under ``out`` (which must be new, empty or a layout)."""
    if out.exists() and any(out.iterdir()):
        if not (out / LAYOUT_FILE).is_file():
            raise GlossatorError(
                f"{out} is neither empty nor a shard layout: choose another folder"
            )
        shutil.rmtree(out)
    (out / INVENTORIES).mkdir(parents=True)
    names = [shard.name for shard in result.shards]
    project = f"{root.name} archive"
    for shard in result.shards:
        base = out / shard.name
        for sid in result.sources_needed[shard.name]:
            shutil.copytree(root / "sources" / sid, base / "sources" / sid)
        for rel in result.pages_of(loaded, shard.name):
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / rel, base / rel)
        for rel in result.foreign[shard.name]:  # read by the checks, never by Sphinx
            (base / FOREIGN_DIR / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / rel, base / FOREIGN_DIR / rel)
        (base / "annotations").mkdir(exist_ok=True)
        _docs(root / "docs", base / "docs", shard)
        description = {
            "name": shard.name,
            "foreign": result.foreign[shard.name],
            "shards": {
                other: {"url": f"../{other}/", "inventory": f"../{INVENTORIES}/{other}.inv"}
                for other in names
                if other != shard.name
            },
        }
        _write_json(base / SHARD_FILE, description)
        inventory = shardplan.inventory(loaded, result, shard.name, project)
        (out / INVENTORIES / f"{shard.name}.inv").write_bytes(inventory)
    _write_json(
        out / LAYOUT_FILE,
        {"shards": [{"name": s.name, "sources": list(s.sources)} for s in result.shards]},
    )


def shard_names(out: Path) -> list[str]:
    """The shards of the layout at ``out``, in order."""
    path = out / LAYOUT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [str(shard["name"]) for shard in data["shards"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GlossatorError(
            f"{path}: not a shard layout ({exc}); run 'glossator shard layout'"
        ) from None


def _docs(src: Path, dst: Path, shard: shardplan.Shard) -> None:
    if not (src / "conf.py").is_file():
        raise GlossatorError(f"{src}: no conf.py (the shards' projects are made from it)")
    dst.mkdir(parents=True)
    for folder in DOCS_FOLDERS:
        if (src / folder).is_dir():
            shutil.copytree(src / folder, dst / folder)
    for name in DOCS_PAGES:
        if (src / name).is_file():
            shutil.copyfile(src / name, dst / name)
    for bib in sorted(src.glob("*.bib")):
        shutil.copyfile(bib, dst / bib.name)
    (dst / "sources").mkdir()
    for sid in shard.sources:
        page = src / "sources" / f"{sid}.md"
        if not page.is_file():
            raise GlossatorError(f"source '{sid}' has no page docs/sources/{sid}.md")
        shutil.copyfile(page, dst / "sources" / page.name)
    index = (src / "index.md").read_text(encoding="utf-8") if (src / "index.md").is_file() else ""
    (dst / "index.md").write_text(kept_toctrees(index, dst), encoding="utf-8")
    conf = (src / "conf.py").read_text(encoding="utf-8")
    extra = SHARD_CONF.format(name=shard.name, shard_file=SHARD_FILE)
    (dst / "conf.py").write_text(conf + extra, encoding="utf-8")
    (dst / "annotations").symlink_to(Path("..") / "annotations", target_is_directory=True)


_FENCE = re.compile(r"^(`{3,})\{toctree\}")


def kept_toctrees(index: str, docs: Path) -> str:
    """``index`` with each toctree entry kept only if its page is in ``docs`` (a toctree left
    with no entry is dropped with its fence): the shard's home page is the archive's, cut down."""
    out: list[str] = []
    lines = index.split("\n")
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].strip() != match.group(1):
            end += 1
        body = lines[i + 1 : end]
        entries = [line for line in body if line.strip() and not line.startswith(":")]
        kept = [line for line in entries if _exists(line, docs)]
        if kept:
            out.append(lines[i])
            out.extend(line for line in body if line not in entries or line in kept)
            out.append(lines[end] if end < len(lines) else match.group(1))
        elif out and not out[-1].strip():
            out.pop()  # the blank line before a dropped toctree
        i = end + 1
    return "\n".join(out)


def _exists(entry: str, docs: Path) -> bool:
    target = entry.strip()
    named = re.fullmatch(r".*<(.+)>", target)
    doc = named.group(1) if named else target
    if doc in SPECIAL_DOCS or any(c in doc for c in "*?["):
        return True
    return (docs / f"{doc}.md").is_file()


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

"""``glossator.sphinx.shardlinks``: references from one shard to objects whose home is another.

A shard's ``conf.py`` (written by ``glossator shard layout``) loads this extension and
``sphinx.ext.intersphinx``, with ``intersphinx_mapping`` pointing at the other shards' inventory
files on disk (nothing is downloaded) and their sites as relative URLs (``../<shard>/``).
intersphinx resolves a reference by the object's id; a page of the archive may also name an
object by its title or an alias, in any case or spelling the archive's names fold together,
and may link a passage of another shard's source. This handler runs before intersphinx's
(priority 400 < 500): it turns a name into the id (intersphinx then makes the link, titled
from the inventory) and links a passage itself (an inventory has pages, not paragraphs).

The archive's checks have already validated every such reference (:mod:`glossator.shard.scope`):
what no shard has is reported by them with file and line, not here.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.inventory import InventoryFile

from glossator import __version__
from glossator.markdown import PASSAGE_ROLE, ROLE_KINDS
from glossator.model import normalize_name

NAMES = "glossator_shard_names"
"""Attribute of the environment: the other shards' objects by folded name, made per build."""


@dataclass(frozen=True)
class Foreign:
    ident: str
    kind: str
    uri: str  # relative to the shard's root, e.g. ../other/annotations/persons/x.html
    title: str


def _load(app: Sphinx) -> None:
    """Read the other shards' inventories: each object by id and by every folded name."""
    names: dict[str, Foreign] = {}
    shards: dict[str, tuple[str, str]] = app.config.glossator_shards
    for shard in sorted(shards):
        url, inventory = shards[shard]
        entries = InventoryFile.loads(Path(inventory).read_bytes(), uri=url)
        for typ, items in sorted(entries.data.items()):
            domain, _, kind = typ.partition(":")
            if domain != "glossator":
                continue
            # an object's page is named after its id: that entry gives its title, the
            # others (at the same address) are its aliases
            main = {
                name: item
                for name, item in items.items()
                if posixpath.basename(item.uri) == f"{name}.html"
            }
            for name, item in sorted(items.items()):
                ident = posixpath.splitext(posixpath.basename(item.uri))[0]
                first = main.get(ident) if kind != "source" else item
                if first is None:
                    continue
                ident = ident if kind != "source" else name
                shown = first.display_name
                found = Foreign(ident, kind, first.uri, ident if shown == "-" else shown)
                if kind == "source":
                    names.setdefault(f"source:{ident}", found)
                    continue
                names.setdefault(f"id:{ident}", found)
                for spelling in (name, found.title):
                    names.setdefault(normalize_name(spelling), found)
    setattr(app.env, NAMES, names)


def _resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    if node.get("refdomain") != "glossator":
        return None
    names: dict[str, Foreign] = getattr(env, NAMES, {})
    target: str = node["reftarget"]
    refdoc: str = node.get("refdoc") or env.docname
    if node["reftype"] == PASSAGE_ROLE:
        source_id, _, anchor = target.partition("#")
        source = names.get(f"source:{source_id}")
        if source is None:
            return None
        uri = "../" * refdoc.count("/") + source.uri + (f"#{anchor}" if anchor else "")
        link = nodes.reference("", "", internal=False, refuri=uri, reftitle=source.title)
        link += contnode
        return link
    found = names.get(f"id:{target}") or names.get(normalize_name(target))
    if found is None:
        return None
    # intersphinx makes the link from the id, relative to the page the reference is on
    node["reftarget"] = found.ident
    node["refdoc"] = refdoc
    if node["reftype"] not in ROLE_KINDS:  # a front-matter reference to any kind
        node["reftype"] = next(role for role, kind in ROLE_KINDS.items() if kind == found.kind)
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.intersphinx")
    app.add_config_value("glossator_shards", {}, "env", types=[dict])
    app.connect("builder-inited", _load)
    app.connect("missing-reference", _resolve, priority=400)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}

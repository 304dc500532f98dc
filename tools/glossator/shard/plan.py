"""Which shard each source and object belongs to, for archives built as several Sphinx projects.

A shard is a group of sources (``docs/reference/sharding.md``). Every object has exactly one *home*
shard, the one whose site publishes its page; a page in another shard links to it through
that shard's ``objects.inv`` (intersphinx). The rules, in order, so that a home depends on the
archive and the configuration only (never on the order files were read):

1. an explicit ``[homes]`` entry of the configuration;
2. an anchored object: the first shard, in configuration order, that holds one of the sources
   its anchors quote;
3. an object with no anchor (a person named in claims, say): the first shard among the homes
   of the objects that refer to it or that it refers to, settled round by round until nothing
   changes;
4. anything still without a home: the first shard.

A shard also needs to *know* some objects it does not publish: those its pages refer to (so its
checks accept the reference, by id or by name) and those that refer to its objects (so its
coverage check sees that they are referred to). They are its *foreign* pages: copied into the
shard for ``glossator check``, left out of its Sphinx build (``exclude_patterns``), and their
own findings are left to their home shard (:mod:`glossator.shard.scope`).
"""

from __future__ import annotations

import re
import tomllib
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from glossator import markdown
from glossator.archive import Archive
from glossator.diagnostics import GlossatorError

SHARD_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
"""A shard's name is a folder of the assembled site and a CI artifact's name: a URL-safe slug."""


@dataclass(frozen=True)
class Shard:
    name: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Config:
    shards: tuple[Shard, ...]
    homes: dict[str, str] = field(default_factory=dict)


def read_config(path: Path) -> Config:
    """``shards.toml``: one ``[shards.<name>]`` table per shard, in order, each with its
    ``sources``; an optional ``[homes]`` table pins an object id to a shard."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossatorError(f"{path}: cannot read the shard configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise GlossatorError(f"{path}: not valid TOML: {exc}") from None
    tables = data.get("shards")
    if not isinstance(tables, dict) or not tables:
        raise GlossatorError(f"{path}: no [shards.<name>] table (one per shard, with 'sources')")
    shards: list[Shard] = []
    for name, table in tables.items():
        sources = table.get("sources") if isinstance(table, dict) else None
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise GlossatorError(f"{path}: [shards.{name}] needs 'sources', a list of source ids")
        shards.append(Shard(name, tuple(sources)))
    homes = data.get("homes", {})
    if not isinstance(homes, dict) or not all(isinstance(v, str) for v in homes.values()):
        raise GlossatorError(f"{path}: [homes] maps object ids to shard names")
    return Config(tuple(shards), dict(homes))


def per_source(archive: Archive) -> Config:
    """The default: one shard per source, named after it, in source-id order."""
    return Config(tuple(Shard(sid, (sid,)) for sid in sorted(archive.sources)))


@dataclass
class Plan:
    """Where everything lives: the result of :func:`plan`."""

    shards: tuple[Shard, ...]
    source_home: dict[str, str]  # source id -> shard
    home: dict[str, str]  # object id -> shard
    foreign: dict[str, list[str]]  # shard -> page paths it needs but does not publish
    sources_needed: dict[str, list[str]]  # shard -> source ids its pages (own and foreign) use

    def pages_of(self, archive: Archive, shard: str) -> list[str]:
        """The paths of the pages ``shard`` publishes."""
        return [p.path for p in archive.pages if p.id is not None and self.home.get(p.id) == shard]


def _validate(archive: Archive, config: Config) -> dict[str, str]:
    source_home: dict[str, str] = {}
    names = [shard.name for shard in config.shards]
    for shard in config.shards:
        if not SHARD_NAME.fullmatch(shard.name):
            raise GlossatorError(
                f"shard name '{shard.name}' must be lower-case letters, digits and hyphens "
                "(it is a folder of the site and a CI artifact's name)"
            )
        if names.count(shard.name) > 1:
            raise GlossatorError(f"shard '{shard.name}' is named twice")
        for sid in shard.sources:
            if sid not in archive.sources:
                raise GlossatorError(f"shard '{shard.name}': unknown source '{sid}'")
            if sid in source_home:
                raise GlossatorError(
                    f"source '{sid}' is in shards '{source_home[sid]}' and '{shard.name}'"
                )
            source_home[sid] = shard.name
    missing = sorted(set(archive.sources) - set(source_home))
    if missing:
        raise GlossatorError(f"sources in no shard: {', '.join(missing)} (add them to one)")
    for ident, shard_name in config.homes.items():
        if ident not in archive.objects:
            raise GlossatorError(f"[homes]: unknown object '{ident}'")
        if shard_name not in names:
            raise GlossatorError(f"[homes]: '{ident}' is given to unknown shard '{shard_name}'")
    return source_home


def _edges(archive: Archive) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Object id -> the ids its page refers to (front matter and roles), and the sources its
    page quotes or links a passage of."""
    out: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for page in archive.pages:
        obj = page.obj
        if obj is None:
            continue
        for _, target, _ in obj.references():
            if target in archive.objects and target != obj.id:
                out[obj.id].add(target)
        for use in page.roles:
            if use.role == markdown.PASSAGE_ROLE:
                sources[obj.id].add(use.target.partition("#")[0])
                continue
            found = archive.lookup(use.target)
            if found is not None and found.id != obj.id:
                out[obj.id].add(found.id)
        sources[obj.id].update(anchor.source for anchor in obj.anchors)
    return out, sources


def plan(archive: Archive, config: Config) -> Plan:
    """Give every source and object its home shard (the rules are in the module's docstring)."""
    source_home = _validate(archive, config)
    order = {shard.name: index for index, shard in enumerate(config.shards)}
    first = config.shards[0].name
    out, used_sources = _edges(archive)
    incoming: dict[str, set[str]] = defaultdict(set)
    for ident, targets in out.items():
        for target in targets:
            incoming[target].add(ident)
    home: dict[str, str] = dict(config.homes)
    for ident in sorted(archive.objects):
        if ident in home:
            continue
        anchored = {
            source_home[a.source] for a in archive.objects[ident].anchors if a.source in source_home
        }
        if anchored:
            home[ident] = min(anchored, key=order.__getitem__)
    while True:  # unanchored objects follow their neighbours, one step per round
        settled = dict(home)
        for ident in sorted(archive.objects):
            if ident in home:
                continue
            near = {
                home[n] for n in out.get(ident, set()) | incoming.get(ident, set()) if n in home
            }
            if near:
                settled[ident] = min(near, key=order.__getitem__)
        if settled == home:
            break
        home = settled
    for ident in archive.objects:
        home.setdefault(ident, first)
    path_of = {p.id: p.path for p in archive.pages if p.id is not None and p.obj is not None}
    foreign: dict[str, list[str]] = {}
    needed: dict[str, list[str]] = {}
    for shard in config.shards:
        own = {ident for ident, name in home.items() if name == shard.name}
        known = set(own)
        for ident in own:
            known |= out.get(ident, set()) | incoming.get(ident, set())
        foreign[shard.name] = sorted(path_of[i] for i in known - own if i in path_of)
        wanted = set(shard.sources)
        for ident in known:
            wanted |= used_sources.get(ident, set())
        needed[shard.name] = sorted(wanted & set(archive.sources))
    return Plan(config.shards, source_home, home, foreign, needed)


def inventory(archive: Archive, result: Plan, shard: str, project: str) -> bytes:
    """The glossator part of ``shard``'s ``objects.inv``, known before the shard is built.

    Sphinx's inventory format, version 2 (``sphinx.util.inventory``): four header lines, then
    zlib-compressed lines ``name domain:type priority uri display-name``. The entries are the
    ones :meth:`glossator.sphinx.domain.GlossatorDomain.get_objects` gives: every object by id
    (its title as display name), every alias at priority -1, every source by id. Written from
    the plan so that every shard can be built at once, each reading the others' inventories;
    the assembling step checks that each built ``objects.inv`` holds these entries.
    """
    lines: list[str] = []
    # one map, not a search of every page per object: the layout writes every shard's
    path_of = {p.id: p.path for p in archive.pages if p.id is not None and p.obj is not None}
    for ident in sorted(i for i, name in result.home.items() if name == shard):
        obj = archive.objects[ident]
        path = path_of.get(ident)
        if path is None:
            continue
        uri = path.removesuffix(".md") + ".html"
        lines.append(_line(ident, f"glossator:{obj.kind}", 1, uri, obj.title))
        lines.extend(_line(a, f"glossator:{obj.kind}", -1, uri, a) for a in obj.aliases)
    for sid in sorted(s for s, name in result.source_home.items() if name == shard):
        title = archive.sources[sid].meta.title
        lines.append(_line(sid, "glossator:source", 1, f"sources/{sid}.html", title))
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        "# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    return header.encode() + zlib.compress("".join(lines).encode("utf-8"))


def _line(name: str, kind: str, priority: int, uri: str, display: str) -> str:
    shown = "-" if display == name else display
    return f"{' '.join(name.split())} {kind} {priority} {uri} {' '.join(shown.split())}\n"

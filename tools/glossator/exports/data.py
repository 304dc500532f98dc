"""What every export is made from: the model's objects, their sources, and where their pages are.

The build fills this from the Sphinx domain (the objects it read) and the command line fills it
from :func:`glossator.archive.load`; both hold the same :mod:`glossator.model` objects, so the
published files and ``glossator export`` agree byte for byte.

Links are written relative to the file that holds them (``data/…`` for the data folder), so the
site works wherever it is hosted; with a base URL they are absolute instead.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from glossator import anchors as anchoring
from glossator import locations as locating
from glossator.anchors import Span
from glossator.archive import Archive
from glossator.model import KINDS, AnnotationObject, Place
from glossator.sources import Source

DATA_DIR = "data"
"""Folder of the exports, relative to the site's root."""


def page_uri(kind: str, ident: str) -> str:
    """Where an object's page is in an HTML build: ``docs/annotations`` mirrors ``annotations``."""
    return f"annotations/{kind}s/{ident}.html"


def source_page_uri(source_id: str) -> str:
    """Where a source's page is in an HTML build of ``docs/`` (``docs/sources/<id>.md``)."""
    return f"sources/{source_id}.html"


def source_text_uri(source_id: str) -> str:
    """The verbatim text beside the exports: the resource W3C selectors count characters in."""
    return f"{DATA_DIR}/sources/{source_id}.txt"


@dataclass(frozen=True)
class Linker:
    """Makes links to site paths, relative to one file of the site or absolute under a base URL."""

    base_url: str = ""

    def link(self, target: str, from_path: str) -> str:
        """``target`` (a path from the site's root) as seen from ``from_path`` (also from the root)."""
        if self.base_url:
            return self.base_url.rstrip("/") + "/" + target
        path, hash_, fragment = target.partition("#")
        start = posixpath.dirname(from_path) or "."
        relative = posixpath.relpath(path or from_path, start)
        if path.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return relative + hash_ + fragment


@dataclass
class ExportData:
    """The archive as the exports see it: objects in a stable order, with their pages and spans."""

    objects: list[AnnotationObject]
    sources: dict[str, Source]
    object_uris: dict[str, str] = field(default_factory=dict)
    source_uris: dict[str, str] = field(default_factory=dict)
    linker: Linker = field(default_factory=Linker)

    def __post_init__(self) -> None:
        order = {kind: index for index, kind in enumerate(KINDS)}
        self.objects = sorted(self.objects, key=lambda o: (order.get(o.kind, len(order)), o.id))
        self.sources = dict(sorted(self.sources.items()))

    @cached_property
    def by_id(self) -> dict[str, AnnotationObject]:
        return {obj.id: obj for obj in self.objects}

    @cached_property
    def locations(self) -> dict[str, locating.Location]:
        """Where each locatable place is, read from the gazetteer once per export."""
        places = {obj.id: obj for obj in self.objects if isinstance(obj, Place)}
        return locating.locate_all(places)

    def location_of(self, place_id: str | None) -> locating.Location | None:
        return self.locations.get(place_id) if place_id else None

    def of_kind(self, kind: str) -> list[AnnotationObject]:
        return [obj for obj in self.objects if obj.kind == kind]

    def object_uri(self, obj: AnnotationObject) -> str:
        return self.object_uris.get(obj.id) or page_uri(obj.kind, obj.id)

    def source_uri(self, source_id: str) -> str:
        return self.source_uris.get(source_id) or source_page_uri(source_id)

    def link(self, target: str, from_path: str = f"{DATA_DIR}/index") -> str:
        return self.linker.link(target, from_path)

    def title_of(self, ident: str | None) -> str:
        """The title of object ``ident``, or the id itself when it is not in the archive."""
        if not ident:
            return ""
        obj = self.by_id.get(ident)
        return obj.title if obj is not None else ident

    def spans(self, obj: AnnotationObject) -> list[Span | None]:
        """One resolved span per anchor of ``obj`` (None where an anchor does not resolve)."""
        out: list[Span | None] = []
        for anchor in obj.anchors:
            source = self.sources.get(anchor.source)
            out.append(anchoring.resolve(source, anchor) if source is not None else None)
        return out


def from_archive(archive: Archive, base_url: str = "") -> ExportData:
    """Export data for an archive loaded from disk (``glossator export``)."""
    return ExportData(
        list(archive.objects.values()), dict(archive.sources), linker=Linker(base_url)
    )


def from_objects(
    objects: Iterable[AnnotationObject],
    sources: Mapping[str, Source],
    object_uris: Mapping[str, str],
    source_uris: Mapping[str, str],
    base_url: str = "",
) -> ExportData:
    """Export data for objects read by a build, with the URIs its builder gave their pages."""
    return ExportData(
        list(objects), dict(sources), dict(object_uris), dict(source_uris), Linker(base_url)
    )

"""The ``glossator`` Sphinx domain: objects, names, references, anchors and listings.

Data recorded while reading a document is keyed by its docname, so that ``clear_doc`` and
``merge_domaindata`` keep incremental and parallel builds equal to a clean serial build.
References are resolved at ``resolve_references`` time, like ``sphinxcontrib-bibtex`` does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from glossator.markdown import ROLE_KINDS
from glossator.model import KIND_LABELS, KINDS, AnnotationObject
from glossator.model.names import name_table, resolve
from glossator.sphinx import findings

logger = logging.getLogger(__name__)

ANNOTATIONS_PREFIX = "annotations/"


def is_annotation(docname: str) -> bool:
    """An annotation page: one that ``glossator check`` reads (and reports on) before the build."""
    return docname.startswith(ANNOTATIONS_PREFIX)


@dataclass(frozen=True)
class ObjectEntry:
    docname: str
    obj: AnnotationObject


@dataclass(frozen=True)
class Reference:
    """An outgoing reference of a document: to ``target`` (an id or a name)."""

    target: str
    origin: str  # id of the object whose page holds the reference ('' for other pages)
    field: str  # front-matter field, or 'body' for a role in the text


@dataclass(frozen=True)
class AnchorSpan:
    """A resolved quote anchor of object ``obj_id``: ``[start, end)`` in source ``source``."""

    obj_id: str
    source: str
    start: int
    end: int
    passage: int


class GlossatorDomain(Domain):
    name = "glossator"
    label = "Annotated-source archive"
    object_types = {  # noqa: RUF012 - Sphinx's API
        kind: ObjType(KIND_LABELS[kind], *[r for r, k in ROLE_KINDS.items() if k == kind])
        for kind in (*KINDS, "source")
    }
    initial_data = {  # noqa: RUF012
        "objects": {},  # id -> ObjectEntry
        "refs": {},  # docname -> list[Reference]
        "spans": {},  # docname -> list[AnchorSpan]
        "listings": {},  # docname -> list of kinds listed on that page
        "sources": {},  # source id -> (docname, title)
        "docobjects": {},  # docname -> ids of the objects it defines (clear_doc without a scan)
    }
    dangling_warnings = {}  # noqa: RUF012 - we warn ourselves, with a hint
    data_version = 2

    # caches derived from ``data``, rebuilt lazily after any change (never pickled)
    _names: dict[str, str] | None = None
    _backrefs: dict[str, list[tuple[str, Reference]]] | None = None
    _spans_by_source: dict[str, list[AnchorSpan]] | None = None

    # -- data access ---------------------------------------------------------------------------

    @property
    def objects(self) -> dict[str, ObjectEntry]:
        return self.data["objects"]  # type: ignore[no-any-return]

    @property
    def refs(self) -> dict[str, list[Reference]]:
        return self.data["refs"]  # type: ignore[no-any-return]

    @property
    def spans(self) -> dict[str, list[AnchorSpan]]:
        return self.data["spans"]  # type: ignore[no-any-return]

    @property
    def listings(self) -> dict[str, list[str]]:
        return self.data["listings"]  # type: ignore[no-any-return]

    @property
    def sources(self) -> dict[str, tuple[str, str]]:
        return self.data["sources"]  # type: ignore[no-any-return]

    @property
    def docobjects(self) -> dict[str, list[str]]:
        return self.data["docobjects"]  # type: ignore[no-any-return]

    def objects_in(self, docname: str) -> list[ObjectEntry]:
        """The objects that ``docname`` defines, without scanning every object."""
        found = (self.objects.get(ident) for ident in self.docobjects.get(docname, []))
        return [entry for entry in found if entry is not None and entry.docname == docname]

    def _changed(self) -> None:
        self._names = self._backrefs = self._spans_by_source = None

    # -- recording (reading phase) ---------------------------------------------------------------

    def note_object(self, docname: str, obj: AnnotationObject, node: Element) -> None:
        other = self.objects.get(obj.id)
        if other is not None and other.docname != docname:
            if not is_annotation(docname):  # the checks report two annotations' (GL106)
                findings.warn(
                    "GL106",
                    f"id '{obj.id}' is already used by {self.env.doc2path(other.docname)}",
                    node,
                )
            return
        self.objects[obj.id] = ObjectEntry(docname, obj)
        self.docobjects.setdefault(docname, []).append(obj.id)
        self._changed()

    def note_reference(self, docname: str, reference: Reference) -> None:
        self.refs.setdefault(docname, []).append(reference)
        self._changed()

    def note_span(self, docname: str, span: AnchorSpan) -> None:
        self.spans.setdefault(docname, []).append(span)
        self._changed()

    def note_listing(self, docname: str, kind: str) -> None:
        self.listings.setdefault(docname, []).append(kind)

    def note_source(self, docname: str, source_id: str, title: str) -> None:
        self.sources[source_id] = (docname, title)
        self._changed()

    def clear_doc(self, docname: str) -> None:
        # per-document index: clearing a document costs the same with 10 or 10,000 objects
        for ident in self.docobjects.pop(docname, []):
            entry = self.objects.get(ident)
            if entry is not None and entry.docname == docname:
                del self.objects[ident]
        self.refs.pop(docname, None)
        self.spans.pop(docname, None)
        self.listings.pop(docname, None)
        for source_id in [s for s, (d, _) in self.sources.items() if d == docname]:
            del self.sources[source_id]
        self._changed()

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        # by the merged documents only: the other process's data also holds every document
        # read before it started, and a scan of it per merge would make -j quadratic
        wanted = sorted(set(docnames))
        for docname in wanted:
            for ident in otherdata["docobjects"].get(docname, []):
                entry = otherdata["objects"].get(ident)
                if entry is not None and entry.docname == docname:
                    self.objects.setdefault(ident, entry)
        for key in ("refs", "spans", "listings", "docobjects"):
            for docname in wanted:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        for source_id, (docname, title) in otherdata["sources"].items():
            if docname in wanted:
                self.sources[source_id] = (docname, title)
        self._changed()

    # -- lookups ---------------------------------------------------------------------------------

    @property
    def names(self) -> dict[str, str]:
        """Normalised title or alias -> id, by the rules of :mod:`glossator.model.names`.

        Built from the merged per-document data, so it does not depend on the order in which
        documents were read or merged.
        """
        if self._names is None:
            self._names = name_table((i, e.obj.names) for i, e in self.objects.items())
        return self._names

    def lookup(self, target: str) -> ObjectEntry | None:
        """The object ``target`` (an id, a title or an alias) names, as the checks resolve it."""
        ident = resolve(target, self.objects, self.names)
        return self.objects[ident] if ident is not None else None

    def backrefs(self, ident: str) -> list[tuple[str, Reference]]:
        """``(docname, reference)`` pairs of every reference to object ``ident``, sorted."""
        if self._backrefs is None:
            index: dict[str, set[tuple[str, Reference]]] = defaultdict(set)
            for docname, refs in self.refs.items():
                for ref in refs:
                    entry = self.lookup(ref.target)
                    if entry is not None and ref.origin != entry.obj.id:
                        index[entry.obj.id].add((docname, ref))
            self._backrefs = {
                k: sorted(v, key=lambda p: (p[0], p[1].field, p[1].origin))
                for k, v in index.items()
            }
        return self._backrefs.get(ident, [])

    def spans_of_source(self, source_id: str) -> list[AnchorSpan]:
        if self._spans_by_source is None:
            by_source: dict[str, list[AnchorSpan]] = defaultdict(list)
            for docname in sorted(self.spans):
                for span in self.spans[docname]:
                    by_source[span.source].append(span)
            self._spans_by_source = {
                k: sorted(v, key=lambda s: (s.start, -s.end, s.obj_id))
                for k, v in by_source.items()
            }
        return self._spans_by_source.get(source_id, [])

    def objects_of_kind(self, kind: str) -> list[ObjectEntry]:
        return sorted(
            (e for e in self.objects.values() if e.obj.kind == kind), key=lambda e: e.obj.id
        )

    # -- resolution ------------------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        if typ == "passage":
            return self._resolve_passage(fromdocname, builder, target, node, contnode)
        kind = ROLE_KINDS.get(typ)  # None: a reference to an object of any kind
        entry = self.lookup(target)
        # the checks report the references of annotation pages (GL104, GL105)
        checked = is_annotation(fromdocname)
        if entry is None:
            if not checked:
                from rapidfuzz import process

                match = process.extractOne(target, list(self.objects), score_cutoff=75)
                hint = f" (did you mean '{match[0]}'?)" if match else ""
                findings.warn("GL104", f"unknown {kind or 'object'} '{target}'{hint}", node)
            return None
        if kind is not None and entry.obj.kind != kind and not checked:
            findings.warn("GL105", f"'{target}' is a {entry.obj.kind}, not a {kind}", node)
        if not node.get("refexplicit"):
            contnode = nodes.inline(entry.obj.title, entry.obj.title, classes=contnode["classes"])
        return make_refnode(
            builder,
            fromdocname,
            entry.docname,
            "",
            contnode,
            f"{KIND_LABELS[entry.obj.kind]}: {entry.obj.title}",
        )

    def _resolve_passage(
        self, fromdocname: str, builder: Builder, target: str, node: pending_xref, contnode: Element
    ) -> nodes.reference | None:
        source_id, _, anchor = target.partition("#")
        found = self.sources.get(source_id)
        if found is None:
            if not is_annotation(fromdocname):  # the checks report an annotation's (GL113)
                findings.warn("GL113", f"unknown source '{source_id}'", node)
            return None
        if anchor and not is_annotation(fromdocname):  # an annotation's: the checks (GL113)
            # read here, not through the build's store of sources (which stands on this module);
            # the archive's own pages link a few passages at most
            from glossator.checks.archive import anchor_problem
            from glossator.sources import load_source

            root = (Path(builder.env.srcdir) / builder.env.config.glossator_root).resolve()
            source = load_source(root, root / "sources" / source_id).source
            problem = anchor_problem(source_id, source, anchor) if source else ""
            if problem:
                findings.warn("GL113", problem, node)
                return None
        return make_refnode(
            builder,
            fromdocname,
            found[0],
            anchor,
            contnode,
            f"{found[1]}, paragraph {anchor[1:]}" if anchor else found[1],
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        entry = self.lookup(target)
        if entry is None:
            return []
        role = next(r for r, k in ROLE_KINDS.items() if k == entry.obj.kind)
        ref = make_refnode(builder, fromdocname, entry.docname, "", contnode, entry.obj.title)
        return [(f"glossator:{role}", ref)]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Objects for ``objects.inv``: every id, and every alias as a lower-priority name."""
        for ident in sorted(self.objects):
            entry = self.objects[ident]
            yield ident, entry.obj.title, entry.obj.kind, entry.docname, "", 1
            for alias in entry.obj.aliases:
                yield alias, alias, entry.obj.kind, entry.docname, "", -1
        for source_id in sorted(self.sources):
            docname, title = self.sources[source_id]
            yield source_id, title, "source", docname, "", 1

    def get_full_qualified_name(self, node: Element) -> str | None:
        target = node.get("reftarget")
        return str(target) if target else None

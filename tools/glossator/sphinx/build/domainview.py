"""The glossator domain's data at one moment, to compare what each page showed before and after.

Why a module of its own: the view is taken before an incremental read (and kept in the
build's state, :mod:`glossator.sphinx.buildstate`) and compared after it
(:mod:`glossator.sphinx.build.incremental`); both need the one definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossator.model.names import resolve
from glossator.sphinx.domain import AnchorSpan, GlossatorDomain, ObjectEntry, Reference


@dataclass(frozen=True)
class DomainView:
    """The domain's data at one moment: enough to tell what each page showed."""

    objects: dict[str, ObjectEntry]
    refs: dict[str, list[Reference]]
    spans: dict[str, list[AnchorSpan]]
    docobjects: dict[str, list[str]]
    listings: dict[str, list[str]]
    sources: dict[str, tuple[str, str]]
    names: dict[str, str]

    @classmethod
    def of(cls, domain: GlossatorDomain, *, copy: bool) -> DomainView:
        def take(d: dict[str, object]) -> dict[str, object]:
            return dict(d) if copy else d

        return cls(
            take(domain.objects),  # type: ignore[arg-type]
            take(domain.refs),  # type: ignore[arg-type]
            take(domain.spans),  # type: ignore[arg-type]
            take(domain.docobjects),  # type: ignore[arg-type]
            take(domain.listings),  # type: ignore[arg-type]
            take(domain.sources),  # type: ignore[arg-type]
            dict(domain.names) if copy else domain.names,
        )

    def resolve(self, target: str) -> str | None:
        """The id ``target`` names (an id first, then a title or alias), as the domain does."""
        return resolve(target, self.objects, self.names)

    def defined(self, docname: str) -> list[str]:
        return [
            i
            for i in self.docobjects.get(docname, [])
            if i in self.objects and self.objects[i].docname == docname
        ]

    def shown_refs(self, docname: str) -> set[tuple[str | None, str, str]]:
        """``(resolved id, field, origin)`` of each reference of ``docname``."""
        return {(self.resolve(r.target), r.field, r.origin) for r in self.refs.get(docname, [])}

    def doc_of(self, ident: str) -> str | None:
        entry = self.objects.get(ident)
        return entry.docname if entry is not None else None

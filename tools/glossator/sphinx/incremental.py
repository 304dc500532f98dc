"""Which pages to rewrite after an incremental read, so they equal a clean build.

A page shows data from other pages: an object page shows its "Referenced by" list, a link
shows its target's title, a listing shows every object of a kind, a source page shows the
highlights of every anchor. When documents are (re)read or removed, the pages that show any
of their objects, old or new, are rewritten, and no others: rewriting everything would make
an edit to one annotation cost a full build.
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from glossator.model import normalize_name
from glossator.sphinx.domain import GlossatorDomain


def _domain(env: BuildEnvironment) -> GlossatorDomain:
    return env.domains["glossator"]  # type: ignore[return-value]


def _touched(domain: GlossatorDomain, docname: str) -> tuple[set[str], set[str], set[str]]:
    """``(objects defined, objects referred to, sources anchored)`` by ``docname`` now."""
    defined = {i for i, e in domain.objects.items() if e.docname == docname}
    referred: set[str] = set()
    for ref in domain.refs.get(docname, []):
        entry = domain.lookup(ref.target)
        if entry is not None:
            referred.add(entry.obj.id)
    sources = {span.source for span in domain.spans.get(docname, [])}
    return defined, referred, sources


class _Pending:
    """What the documents being re-read showed before they were purged (not pickled)."""

    def __init__(self) -> None:
        self.docnames: set[str] = set()
        self.defined: set[str] = set()
        self.referred: set[str] = set()
        self.sources: set[str] = set()
        self.names: set[str] = set()  # normalised titles and aliases of the defined objects


_STATE: dict[int, _Pending] = {}


def _pending(env: BuildEnvironment) -> _Pending:
    return _STATE.setdefault(id(env), _Pending())


def _on_purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    domain = _domain(env)
    pending = _pending(env)
    defined, referred, sources = _touched(domain, docname)
    pending.docnames.add(docname)
    pending.defined |= defined
    pending.names |= _names(domain, defined)
    pending.referred |= referred
    pending.sources |= sources


def _names(domain: GlossatorDomain, idents: set[str]) -> set[str]:
    names: set[str] = set()
    for ident in idents:
        obj = domain.objects[ident].obj
        names.update(normalize_name(n) for n in (obj.title, *obj.aliases))
    return names


def _on_before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _pending(env).docnames.update(docnames)


def _on_get_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    pending = _STATE.pop(id(env), None)
    if pending is None or not pending.docnames:
        return []
    domain = _domain(env)
    defined, referred, sources = set(pending.defined), set(pending.referred), set(pending.sources)
    names = set(pending.names)
    for docname in pending.docnames:
        d, r, s = _touched(domain, docname)
        defined |= d
        referred |= r
        sources |= s
        names |= _names(domain, d)
    rewrite: set[str] = set()
    # object pages whose "Referenced by" list may have changed
    for ident in referred | defined:
        entry = domain.objects.get(ident)
        if entry is not None:
            rewrite.add(entry.docname)
    # pages that link to a changed, added or removed object (they show its title, or now
    # resolve or fail to resolve), by id or by any of its old or new names
    if defined:
        for docname, refs in domain.refs.items():
            for ref in refs:
                if ref.target in defined or normalize_name(ref.target) in names:
                    rewrite.add(docname)
                    break
        # listing pages show titles of other kinds too (an incident's place): a handful of
        # pages, so all of them are rewritten whenever any object changed
        rewrite.update(domain.listings)
    # sources whose highlights changed
    for source_id in sources:
        if source_id in domain.sources:
            rewrite.add(domain.sources[source_id][0])
    return sorted(rewrite & env.found_docs)


def connect(app: Sphinx) -> None:
    app.connect("env-purge-doc", _on_purge)
    app.connect("env-before-read-docs", _on_before_read)
    app.connect("env-get-updated", _on_get_updated)

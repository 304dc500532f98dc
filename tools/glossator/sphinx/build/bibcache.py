"""Citations formatted once per build for each way they are written, not once per citation.

Why: sphinxcontrib-bibtex resolves every ``{cite:p}`` by running the reference style's
pybtex templates (authors, year, brackets) and rendering the tooltip of each entry, about
5 ms a citation; the archive has 1.7 citations a page, so that is 17,000 formattings at
10,000 annotations (docs/performance.md), nearly all of them the same few strings. The
result of a resolution depends only on the role, the citation text (keys, pre- and
post-text), the citations the bibliography holds, and the relative link from the citing page
to the bibliography's page -- unless the citing page holds a bibliography itself (the
domain then prefers its own citations, and links within the page). So the resolved node is
kept under those, for one build, and each later citation gets a copy: the HTML is the same
byte for byte (the test suite compares a build with and without the cache).

The cache lives on the domain object (one per environment) and is emptied when the
bibliography is formatted again. sphinxcontrib-bibtex formats the whole bibliography at every
``env-updated``, whatever was read; what that formatting gives depends only on the
bibliographies (the documents that hold one), the citations of every page and the order of the
documents. So when none of those changed since the last formatting in this process (a live
preview's rebuild after a text edit or a rename), the formatted citations and the resolved
nodes are kept as they are: the bibliography is not formatted again. A bibliography's
document read again counts as a change (its entry is a new object).
``glossator_bibtex_cache = False`` switches both off.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain, get_docnames

CACHE = "_glossator_resolved"
"""Attribute of the ``cite`` domain object: cache key -> resolved citation node."""
FORMATTED = "_glossator_formatted_from"
"""Attribute of the ``cite`` domain object: what the last formatting of the bibliography read."""


def _key(domain: Any, fromdocname: str, builder: Any, typ: str, target: str) -> Any:
    """What the resolved node depends on, or None when the page holds a bibliography."""
    bibdocs = sorted({key.docname for key in domain.bibliographies})
    if fromdocname in bibdocs:
        return None
    cited = {
        cit.key
        for cit in domain.citations
        if domain.bibliographies[cit.bibliography_key].list_ == "citation"
    }
    if not {t.key for t in parse_citation_targets(target)} <= cited:
        return None  # a key not found: every citation of it is warned about
    links = tuple(builder.get_relative_uri(fromdocname, doc) for doc in bibdocs)
    return (builder.name, typ, target, links)


Input = tuple[Any, list[str], list[Any], list[Any]]
"""The entries read from the ``.bib`` files, the documents' order, the bibliographies, the
citations."""


def _formatted_from(domain: Any) -> Input:
    """What formatting the bibliography reads (:data:`Input`)."""
    docs = list(get_docnames(domain.env))  # type: ignore[no-untyped-call]
    # a document read again has its citations appended at the end; sphinxcontrib-bibtex
    # orders them by document (a stable sort) before it reads them: compared in that order
    refs = sorted(domain.citation_refs, key=attrgetter("docname"))
    return domain.bibdata, docs, list(domain.bibliographies.items()), refs


def _same_input(before: Input, now: Input) -> bool:
    bibdata, docs, bibliographies, refs = now
    return (
        before[0] is bibdata  # parsed again (a .bib file changed): a new object
        and before[1] == docs
        and len(before[2]) == len(bibliographies)
        # a bibliography is replaced when its document is read: the very same objects
        and all(
            a[0] == b[0] and a[1] is b[1] for a, b in zip(before[2], bibliographies, strict=True)
        )
        and before[3] == refs
    )


class CachedBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's domain, resolving each distinct citation once per build, and
    formatting the bibliography only when what it is formatted from has changed."""

    def env_updated(self) -> Any:
        if not self.env.config.glossator_bibtex_cache:
            return super().env_updated()
        now = _formatted_from(self)
        before = self.__dict__.get(FORMATTED)
        if before is not None and self.citations and _same_input(before, now):
            return []  # as sphinxcontrib-bibtex's: no document to write because of it
        self.__dict__.pop(CACHE, None)
        updated = super().env_updated()
        self.__dict__[FORMATTED] = now
        return updated

    def resolve_xref(  # type: ignore[override]  # as BibtexDomain's
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Any,
        typ: str,
        target: str,
        node: Any,
        contnode: nodes.Element,
    ) -> nodes.Element:
        resolve = super().resolve_xref
        if not env.config.glossator_bibtex_cache:
            return resolve(env, fromdocname, builder, typ, target, node, contnode)
        key = _key(self, fromdocname, builder, typ, target)
        if key is None:
            return resolve(env, fromdocname, builder, typ, target, node, contnode)
        cache: dict[Any, nodes.Element] = self.__dict__.setdefault(CACHE, {})
        if key not in cache:
            cache[key] = resolve(env, fromdocname, builder, typ, target, node, contnode)
        return cache[key].deepcopy()


def connect(app: Sphinx) -> None:
    """Replace the ``cite`` domain by the caching one (after sphinxcontrib-bibtex's setup)."""
    app.add_config_value("glossator_bibtex_cache", True, "", types=[bool])
    if "cite" not in app.registry.domains:
        return
    app.add_domain(CachedBibtexDomain, override=True)

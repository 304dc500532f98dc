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
environment has been read again (``env-updated``), when citations and entries may change.
``glossator_bibtex_cache = False`` switches it off.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain

CACHE = "_glossator_resolved"
"""Attribute of the ``cite`` domain object: cache key -> resolved citation node."""


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


class CachedBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's domain, resolving each distinct citation once per build."""

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


def _forget(app: Sphinx, env: BuildEnvironment) -> None:
    domain = env.domains.get("cite")
    if domain is not None:
        domain.__dict__.pop(CACHE, None)


def connect(app: Sphinx) -> None:
    """Replace the ``cite`` domain by the caching one (after sphinxcontrib-bibtex's setup)."""
    app.add_config_value("glossator_bibtex_cache", True, "", types=[bool])
    if "cite" not in app.registry.domains:
        return
    app.add_domain(CachedBibtexDomain, override=True)
    app.connect("env-updated", _forget)

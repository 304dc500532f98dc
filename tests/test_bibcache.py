"""Citations resolved once per distinct citation (``glossator.sphinx.build.bibcache``): same HTML.

A generated archive (1.7 citations a page, cited from pages in several folders, some with
pre- or post-text) is built with the cache and without it; every HTML page must be the same
byte for byte, and the cache must have been used.
"""

from __future__ import annotations

import pytest
from test_incremental_scale import BASIC, html_pages

from glossator.generate import generate

from conftest import BuildFn, Built, build_site


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The generated archive built with the cache, once for the module's tests that read it."""
    root = tmp_path_factory.mktemp("bibcache") / "corpus"
    generate(root, 120, 2, seed=5)
    return build_site(root, outdir=root.parent / "cached", **BASIC)


def test_cached_citations_give_the_same_pages(cached: Built, build: BuildFn) -> None:
    root = cached.root
    plain = html_pages(
        build(root, outdir=root.parent / "plain", glossator_bibtex_cache=False, **BASIC).html
    )
    cached_pages = html_pages(cached.html)
    assert cached_pages.keys() == plain.keys()
    assert sum(text.count("bibtex-citation") for text in cached_pages.values()) > 50
    different = [name for name in sorted(cached_pages) if cached_pages[name] != plain[name]]
    assert not different, f"{len(different)} pages differ: {different[:5]}"


def test_the_cache_is_used(cached: Built) -> None:
    domain = cached.app.env.domains["cite"]
    resolved = domain.__dict__.get("_glossator_resolved")
    # emptied at the next env-updated only: after the build it holds this build's citations
    assert resolved, "no citation was resolved through the cache"

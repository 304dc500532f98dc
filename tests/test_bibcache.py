"""Citations resolved once per distinct citation (``glossator.sphinx.build.bibcache``): same HTML.

A generated archive (1.7 citations a page, cited from pages in several folders, some with
pre- or post-text) is built with the cache and without it; every HTML page must be the same
byte for byte, and the cache must have been used.
"""

from __future__ import annotations

from pathlib import Path

from test_incremental_scale import BASIC, html_pages

from glossator.generate import generate

from conftest import BuildFn


def test_cached_citations_give_the_same_pages(build: BuildFn, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate(root, 120, 2, seed=5)
    cached = html_pages(build(root, outdir=tmp_path / "cached", **BASIC))
    plain = html_pages(
        build(root, outdir=tmp_path / "plain", glossator_bibtex_cache=False, **BASIC)
    )
    assert cached.keys() == plain.keys()
    assert sum(text.count("bibtex-citation") for text in cached.values()) > 50
    different = [name for name in sorted(cached) if cached[name] != plain[name]]
    assert not different, f"{len(different)} pages differ: {different[:5]}"


def test_the_cache_is_used(build: BuildFn, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate(root, 60, 1, seed=5)
    build(root, outdir=tmp_path / "out", **BASIC)
    domain = build.app.env.domains["cite"]  # type: ignore[attr-defined]
    resolved = domain.__dict__.get("_glossator_resolved")
    # emptied at the next env-updated only: after the build it holds this build's citations
    assert resolved, "no citation was resolved through the cache"

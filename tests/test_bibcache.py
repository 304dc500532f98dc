"""Citations resolved once per distinct citation (``glossator.sphinx.build.bibcache``): same HTML.

A generated archive (1.7 citations a page, cited from pages in several folders, some with
pre- or post-text) is built with the cache and without it; every HTML page must be the same
byte for byte, and the cache must have been used.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_incremental_scale import BASIC, assert_same_as_clean, html_pages, rewrite
from test_preview import clean_build

from glossator import archive
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


def test_a_live_rebuild_formats_the_bibliography_only_when_a_citation_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx.util.docutils import docutils_namespace
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from glossator.preview import LiveBuild

    root = tmp_path / "corpus"
    generate(root, 60, 1, seed=5)
    formatted: list[object] = []
    original = BibtexDomain.get_formatted_entries

    def counting(self: BibtexDomain, *args: object, **kwargs: object) -> object:
        formatted.append(args[0])
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(BibtexDomain, "get_formatted_entries", counting)
    loaded = archive.load(root)
    # a page that cites, and a key of the bibliography it does not cite yet
    cites: dict[str, list[str]] = {p.path: getattr(p.obj, "cites", []) for p in loaded.pages}
    path, key = next(
        (path, key)
        for path, keys in cites.items()
        if keys
        for key in sorted(loaded.bib_keys)
        if key not in keys
    )
    page = root / path
    with docutils_namespace():
        out = tmp_path / "live"
        live = LiveBuild(
            root / "docs", out / "html", out / "doctrees", confoverrides=BASIC,
            status=io.StringIO(), warning=io.StringIO(),
        )  # fmt: skip
        live.rebuild()
        assert formatted, "the first build formats the bibliography"

        formatted.clear()  # a text edit: no citation changed
        page.write_text(page.read_text(encoding="utf-8") + "\nA plain sentence.\n", "utf-8")
        live.rebuild([page])
        assert formatted == []
        html = (out / "html" / page.relative_to(root)).with_suffix(".html")
        assert "A plain sentence." in html.read_text(encoding="utf-8")

        # a citation added: the bibliography is formatted again, as in a clean build
        rewrite(page, root, cites=[*cites[path], key])
        live.rebuild([page])
        assert formatted
        assert_same_as_clean(html_pages(out / "html"), html_pages(clean_build(root, tmp_path)))

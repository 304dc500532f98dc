"""The sidebar rendered once per folder for pages outside every toctree, and cached plugin lookups."""

from __future__ import annotations

from pathlib import Path

import pybtex.plugin
import pytest

from glossator.generate import generate
from glossator.sphinx.build import navigation, pluginlookup

from conftest import BuildFn


def _pages(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*.html"))
    }


@pytest.mark.parametrize("theme", ["sphinx_book_theme", "basic"])
def test_shared_navigation_writes_the_same_pages(
    tmp_path: Path, build: BuildFn, theme: str
) -> None:
    root = tmp_path / "corpus"
    generate(root, 30, 2, seed=3)
    options = {} if theme == "basic" else {"html_theme_options": {"show_navbar_depth": 1}}
    shared_build = build(root, outdir=tmp_path / "shared", html_theme=theme, **options)
    shared = _pages(shared_build.html)
    if theme == "sphinx_book_theme":
        # the theme's own sidebar function is shared too: ours runs right after it is installed
        listeners = shared_build.app.events.listeners["html-page-context"]
        names = [getattr(listener.handler, "__name__", "") for listener in listeners]
        assert names.index("share_theme_toctree") == names.index("add_toctree_functions") + 1
    alone = _pages(
        build(
            root,
            outdir=tmp_path / "alone",
            html_theme=theme,
            glossator_shared_navigation=False,
            **options,
        ).html
    )
    assert shared.keys() == alone.keys()
    for name in shared:
        assert shared[name] == alone[name], name
    # the sidebar of an annotation page lists the listings, not the other annotations
    page = next(n for n in shared if n.startswith("annotations/claims/"))
    if theme == "sphinx_book_theme":
        nav = shared[page].split('class="bd-links', 1)[1].split("</nav>", 1)[0]
        assert "archive/claims.html" in nav
        assert "annotations/" not in nav


def test_only_pages_outside_every_toctree_share(tmp_path: Path, build: BuildFn) -> None:
    root = tmp_path / "corpus"
    generate(root, 12, 1, seed=3)
    app = build(root, html_theme="basic").app
    assert navigation.shares_navigation(app, "annotations/notes/" + _any(root, "notes"))
    assert not navigation.shares_navigation(app, "archive/notes")  # in the toctree
    assert not navigation.shares_navigation(app, "index")
    assert not navigation.shares_navigation(app, "genindex")  # not a document


def _any(root: Path, folder: str) -> str:
    return sorted((root / "annotations" / folder).glob("*.md"))[0].stem


def test_plugin_lookups_are_cached_and_registration_clears_them() -> None:
    pluginlookup.cache_plugin_lookups()
    pluginlookup.cache_plugin_lookups()  # a second call changes nothing
    lookup = pybtex.plugin._load_entry_point
    assert getattr(lookup, "_glossator_cached", False)
    style = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") is style
    assert lookup.cache_info().hits >= 1  # type: ignore[attr-defined]

    class Mine(style):  # type: ignore[misc,valid-type]
        pass

    pybtex.plugin.register_plugin("pybtex.style.formatting", "glossator-test-style", Mine)
    assert lookup.cache_info().currsize == 0  # type: ignore[attr-defined]
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "glossator-test-style") is Mine
    with pytest.raises(pybtex.plugin.PluginNotFound):
        pybtex.plugin.find_plugin("pybtex.style.formatting", "no-such-style")

"""Site navigation rendered once per folder, not once per page, for pages outside every toctree.

Why: Sphinx themes render the global navigation (the sidebar toctree) for every page written.
Annotation pages are in no toctree (they are reached through listing pages), so nothing in
their navigation is "current" and it differs between them only by the relative links, which
depend on the folder the page is written to. Rendering it once per folder and reusing the
HTML makes the navigation cost independent of the number of annotations: with thousands of
pages it was a fifth of the build (see docs/performance.md).

Two layers are shared:

* Sphinx's ``toctree()`` template function (every theme's sidebar calls it);
* for themes built on pydata-sphinx-theme (sphinx-book-theme), the theme's
  ``generate_toctree_html()``, which post-processes that HTML with BeautifulSoup on every
  call. The theme installs it in its own ``html-page-context`` handler, so ours is moved to
  run right after that handler and before the theme renders its templates.

Pages in a toctree (the home page, listings, sources) still get their own navigation, with
their entry marked "current". ``glossator_shared_navigation = False`` switches this off.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from glossator.sphinx.buildstate import state_of

_THEME_FUNCTION = "generate_toctree_html"
_THEME_HANDLER = ("pydata_sphinx_theme.toctree", "add_toctree_functions")


def _key_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    named = [(str(i), repr(a)) for i, a in enumerate(args)]
    return tuple(named + sorted((k, repr(v)) for k, v in kwargs.items()))


def shares_navigation(app: Sphinx, pagename: str) -> bool:
    """True for a document that no toctree includes (its navigation marks nothing current)."""
    env = app.env
    return (
        app.config.glossator_shared_navigation
        and pagename in env.all_docs
        and pagename != app.config.root_doc
        and not env.files_to_rebuild.get(pagename)
        and pagename not in env.toctree_includes
    )


def _shared(
    app: Sphinx, pagename: str, name: str, function: Callable[..., Any]
) -> Callable[..., Any]:
    builder = app.builder
    folder = posixpath.dirname(builder.get_target_uri(pagename))
    cache = state_of(app.env).navigation  # (name, folder, arguments) -> HTML, this build's

    def cached(*args: Any, **kwargs: Any) -> Any:
        key = (name, folder, _key_args(args, kwargs))
        if key not in cache:
            cache[key] = str(function(*args, **kwargs))
        return cache[key]

    return cached


def share_toctree(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Before the theme's handlers: Sphinx's ``toctree()``, shared between eligible pages."""
    if not isinstance(app.builder, StandaloneHTMLBuilder) or "toctree" not in context:
        return
    if shares_navigation(app, pagename):
        context["toctree"] = _shared(app, pagename, "toctree", context["toctree"])


def share_theme_toctree(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Right after the theme installed ``generate_toctree_html``: share it too."""
    if _THEME_FUNCTION in context and shares_navigation(app, pagename):
        context[_THEME_FUNCTION] = _shared(app, pagename, _THEME_FUNCTION, context[_THEME_FUNCTION])


def _forget(app: Sphinx, *args: Any) -> None:
    """The environment may have changed: nothing rendered before may be reused."""
    state_of(app.env).navigation = {}


def _place_after_theme(app: Sphinx) -> None:
    """Run :func:`share_theme_toctree` right after the theme's ``add_toctree_functions``.

    Handlers of one priority run in the order they were connected, and the theme connects its
    handlers after the project's extensions, so ours is connected here, at the theme's
    priority, and the theme's later handlers (which render the sidebar templates once to see
    whether they are empty) are connected again after it, in their order.
    """
    listeners = app.events.listeners.get("html-page-context", [])
    position = next(
        (
            i
            for i, listener in enumerate(listeners)
            if (
                getattr(listener.handler, "__module__", ""),
                getattr(listener.handler, "__name__", ""),
            )
            == _THEME_HANDLER
        ),
        None,
    )
    if position is None:
        return
    theme = listeners[position]
    later = [
        listener
        for listener in listeners[position + 1 :]
        if listener.priority == theme.priority and listener.handler is not share_theme_toctree
    ]
    for listener in later:
        app.disconnect(listener.id)
    app.connect("html-page-context", share_theme_toctree, priority=theme.priority)
    for listener in later:
        app.connect("html-page-context", listener.handler, priority=listener.priority)


def setup_navigation(app: Sphinx) -> None:
    app.add_config_value("glossator_shared_navigation", True, "html", types=[bool])
    app.connect("html-page-context", share_toctree, priority=400)
    app.connect("builder-inited", _place_after_theme)
    app.connect("env-updated", _forget)
    app.connect("build-finished", _forget)

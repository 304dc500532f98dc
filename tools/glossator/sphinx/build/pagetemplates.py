"""What the HTML builder repeats for every page and cannot change while the pages are written.

Why: with the navigation shared (:mod:`~glossator.sphinx.build.navigation`), most of what a
writing process spends on a page outside its text is the same few questions asked again for
every page (py-spy of the writing processes, 3,000 annotations, docs/performance.md):

* **Is a template empty?** pydata-sphinx-theme, which sphinx-book-theme builds on, renders
  each template of the header, footer and sidebar once per page to drop those that render
  empty, before rendering the page that includes them (13 % of a writing process). A
  template whose source has text outside every ``{% if %}``, ``{% for %}``, block and macro,
  and extends no other, renders that text on every page, so it is never dropped: its check is
  skipped (pydata's own ``templates_skip_empty_check``, which it fills with two names of its
  own). Every other template is still rendered to see.
* **Has a template file changed?** Jinja looks at the modification time of every template a
  page includes, each time it is included (``auto_reload``). The files do not change while
  pages are written, so before writing the templates compiled earlier are checked once
  (a live preview keeps them between rebuilds) and then taken as they are until the build ends.
* **Has the page a table of contents?** pydata-sphinx-theme's ``generate_toc_html`` parses
  every page's table of contents with BeautifulSoup to add its classes, and gives nothing
  when the page has one heading, its title (9 % of a writing process: every annotation page
  is such a page). When the contents Sphinx made hold a single entry in a single list, that
  nothing is given without the parse; any other page is parsed as before.
* **Where is a style sheet?** Sphinx resolves the path of every script and style sheet of
  every page (a ``realpath``) to look up the checksum it appends to their links; it already
  keeps the checksum of each file for the process, so the path is now kept too, for the
  writing phase.

The pages are byte for byte the same (the test suite compares every page of a build with
these shortcuts and one without). ``glossator_page_shortcuts = False`` switches them off.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from jinja2 import nodes as jinja_nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from glossator.sphinx.buildstate import state_of

_THEME_UTILS = "pydata_sphinx_theme.utils"
_THEME_CHECK = "_update_and_remove_templates"


def setup_page_shortcuts(app: Sphinx) -> None:
    app.add_config_value("glossator_page_shortcuts", True, "", types=[bool])
    app.connect("builder-inited", _skip_checks_that_cannot_fail)
    app.connect("write-started", _before_writing)
    app.connect("build-finished", _after_writing)


def renders_something(environment: Environment, name: str) -> bool:
    """True when the template's own source proves that it renders non-blank text.

    That is: it extends no template, and its top level (outside every tag) holds text that
    is not whitespace. Anything the source cannot settle (a template not found, a syntax
    error) is False, so the theme renders it and meets the problem itself.
    """
    loader = environment.loader
    if loader is None:
        return False
    try:
        source, filename, _ = loader.get_source(environment, name)
        tree = environment.parse(source, name, filename)
    except Exception:  # TemplateNotFound, TemplateSyntaxError: the theme meets them itself
        return False
    if tree.find(jinja_nodes.Extends) is not None:
        return False
    return any(
        isinstance(node, jinja_nodes.Output)
        and any(
            isinstance(part, jinja_nodes.TemplateData) and part.data.strip() for part in node.nodes
        )
        for node in tree.body
    )


def _names(templates: list[str] | str) -> list[str]:
    """Template names as pydata-sphinx-theme reads a section: comma-separated, ``.html`` added."""
    if isinstance(templates, str):
        templates = [template.strip() for template in templates.split(",")]
    return [t if os.path.splitext(t)[1] else f"{t}.html" for t in templates]


def never_empty(
    environment: Environment, known: dict[str, bool], templates: list[str] | str
) -> list[str]:
    """The templates of a section whose emptiness check cannot drop them (``known`` keeps
    each template's answer for the build).

    pydata-sphinx-theme skips a template whose name *ends with* a skipped name, so a name is
    left out if another template of the section that may be empty ends with it.
    """
    names = _names(templates)
    for name in names:
        if name not in known:
            known[name] = renders_something(environment, name)
    sure = [name for name in names if known[name]]
    unsure = [name for name in names if not known[name]]
    return [name for name in sure if not any(other.endswith(name) for other in unsure)]


def _skip_checks_that_cannot_fail(app: Sphinx) -> None:
    """Wrap pydata-sphinx-theme's emptiness check (once per process; per application it
    defers to the theme unless the shortcuts are on for that application's builder)."""
    utils = sys.modules.get(_THEME_UTILS)
    check: Callable[..., list[str]] | None = getattr(utils, _THEME_CHECK, None)
    if check is None or getattr(check, "_glossator_shortcut", False):
        return

    @functools.wraps(check)
    def update_and_remove_templates(
        app: Sphinx,
        context: dict[str, Any],
        templates: list[str] | str,
        section: str,
        templates_skip_empty_check: list[str] | None = None,
    ) -> list[str]:
        skip = list(templates_skip_empty_check or [])
        environment = _jinja(app.builder)
        if _shortcuts_on(app) and environment is not None:
            skip += never_empty(environment, state_of(app.env).never_empty, templates)
            lone_title_has_no_contents(context)
        return check(app, context, templates, section, skip)

    update_and_remove_templates._glossator_shortcut = True  # type: ignore[attr-defined]
    setattr(utils, _THEME_CHECK, update_and_remove_templates)


def title_only(toc: object) -> bool:
    """Whether Sphinx's table of contents of a page (its HTML) is one entry in one list: the
    page's title and no section under it."""
    if not isinstance(toc, str):
        return False
    text = toc.strip()
    items = text.count("<li>") + text.count("<li ")
    return text.startswith("<ul") and text.count("<ul") == 1 and items == 1 == text.count("<li")


def lone_title_has_no_contents(context: dict[str, Any]) -> None:
    """Answer pydata-sphinx-theme's ``generate_toc_html()`` for a page whose contents are its
    title alone as the theme does (an empty string: a lone title is no table of contents),
    without parsing them; every other page, and every other ``kind``, gets the theme's own.

    Installed in the page's context before the theme's first template renders it (the first
    emptiness check of the page, after the theme's ``add_toctree_functions``)."""
    theirs = context.get("generate_toc_html")
    if theirs is None or getattr(theirs, "_glossator_shortcut", False):
        return
    if not title_only(context.get("toc")):
        return

    def generate_toc_html(kind: str = "html") -> Any:
        return "" if kind == "html" else theirs(kind)

    generate_toc_html._glossator_shortcut = True  # type: ignore[attr-defined]
    context["generate_toc_html"] = generate_toc_html


def _jinja(builder: Builder) -> Environment | None:
    """The Jinja environment of a builder with templates (the HTML builders), else None."""
    environment = getattr(getattr(builder, "templates", None), "environment", None)
    return environment if isinstance(environment, Environment) else None


def _shortcuts_on(app: Sphinx) -> bool:
    return bool(getattr(app.config, "glossator_page_shortcuts", False))


def _keep_checksum_paths(install: bool) -> None:
    """Sphinx's asset checksum with the resolved path kept, emptied for each writing phase.

    Installed once per process (Sphinx looks the function up in its module as it writes each
    page); a build with the shortcuts off still empties it, so no build sees a path resolved
    in an earlier one.
    """
    import sphinx.builders.html as html

    checksum: Any = getattr(html, "_file_checksum", None)
    if checksum is None:
        return
    if hasattr(checksum, "cache_clear"):
        checksum.cache_clear()
    elif install:
        html._file_checksum = functools.cache(checksum)  # type: ignore[attr-defined,assignment]


def _before_writing(app: Sphinx, builder: Builder) -> None:
    """Before the first page is written: templates checked once, then taken as compiled."""
    _keep_checksum_paths(install=_shortcuts_on(app))
    environment = _jinja(builder)
    if environment is None or not _shortcuts_on(app):
        return
    cache = environment.cache
    if cache is not None:
        for key, template in list(cache.items()):
            if not template.is_up_to_date:
                del cache[key]
    environment.auto_reload = False
    state_of(app.env).never_empty.clear()


def _after_writing(app: Sphinx, exception: BaseException | None) -> None:
    """After the build: templates are looked at again (a live preview's next edit may be one)."""
    environment = _jinja(app.builder)
    if environment is not None:
        environment.auto_reload = True

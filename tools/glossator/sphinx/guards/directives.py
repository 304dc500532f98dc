"""The extension's own directives run only on the archive's pages, and at most once a page (guard 5:
see :mod:`glossator.sphinx.guards`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from glossator.sphinx import findings
from glossator.sphinx.domain import is_annotation

_warn = findings.warn


# -- 5. the extension's directives, on the archive's pages only -------------------------------


def archive_only(directive: type[Any], *, source_page: bool = False) -> type[Any]:
    """``directive``, refused on contributed pages (and for ``{source-text}``, refused on
    every page but ``sources/<id>``, so that no page can make itself a source's page)."""

    class ArchiveOnly(directive):  # type: ignore[misc]
        def run(self) -> list[nodes.Node]:
            docname = self.env.docname
            name = self.name
            if is_annotation(docname):
                _warn(
                    "GL304",
                    f"directive '{name}' is for the archive's own pages",
                    self.get_location(),
                )
                return []
            if source_page and self.arguments and docname != f"sources/{self.arguments[0]}":
                _warn(
                    "GL304",
                    f"'{name}' of '{self.arguments[0]}' belongs on sources/{self.arguments[0]}",
                    self.get_location(),
                )
                return []
            result: list[nodes.Node] = super().run()
            return result

    ArchiveOnly.__name__ = ArchiveOnly.__qualname__ = directive.__name__
    ArchiveOnly.__doc__ = directive.__doc__
    return ArchiveOnly


def once_per_page(directive: type[Any]) -> type[Any]:
    """``directive``, run at most once per page (the object header: a second one in a body
    would leave a marker the page's wrapper cannot place)."""

    class Once(directive):  # type: ignore[misc]
        def run(self) -> list[nodes.Node]:
            key = f"glossator-once-{self.name}"
            if self.env.current_document.get(key):
                _warn("GL304", f"a second '{self.name}' removed", self.get_location())
                return []
            self.env.current_document[key] = True
            result: list[nodes.Node] = super().run()
            return result

    Once.__name__ = Once.__qualname__ = directive.__name__
    Once.__doc__ = directive.__doc__
    return Once

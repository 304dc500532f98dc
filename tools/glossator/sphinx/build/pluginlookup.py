"""pybtex plugin lookups, cached for the build.

Why: sphinxcontrib-bibtex asks pybtex for its formatting style, label style and backend on
every citation it resolves, and pybtex answers each question by scanning the entry points of
every installed distribution (``importlib.metadata.entry_points``, tens of files read). With
a citation on every other page that was a tenth of the whole build (docs/performance.md).
The answer cannot change during a build, so it is cached; registering a plugin at run time
empties the cache.
"""

from __future__ import annotations

import functools
from typing import Any

from sphinx.application import Sphinx


def setup_plugin_lookups(app: Sphinx) -> None:
    cache_plugin_lookups()


def cache_plugin_lookups() -> None:
    """Cache ``pybtex.plugin._load_entry_point`` (once per process; safe to call again)."""
    try:
        import pybtex.plugin as plugin
    except ImportError:  # pragma: no cover - sphinxcontrib-bibtex depends on pybtex
        return
    if getattr(plugin._load_entry_point, "_glossator_cached", False):
        return
    lookup = functools.cache(plugin._load_entry_point)
    lookup._glossator_cached = True  # type: ignore[attr-defined]
    register = plugin.register_plugin

    def register_plugin(*args: Any, **kwargs: Any) -> Any:
        lookup.cache_clear()
        return register(*args, **kwargs)

    plugin._load_entry_point = lookup
    plugin.register_plugin = register_plugin

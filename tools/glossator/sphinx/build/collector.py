"""The cyclic garbage collector paused while a page is read, its doctree loaded and resolved,
and the page written.

Why: a doctree is thousands of small objects, every node pointing to its parent, so each one
the build loads or makes is a cycle the collector keeps looking at. Unpickling one is a burst
of allocations that sets off collection after collection: in the main process of a ``-j``
build, with the environment of 3,000 annotations in memory, ``pickle.loads`` of an annotation
page's doctree took 3.3 ms with the collector on and 0.2 ms with it off (1.9 ms with the heap
frozen); loading the doctrees was 46 % of the main process's time while pages were written
(py-spy, docs/performance.md); loading and resolving 1,200 pages in one process took 2.8 to
3.7 ms a page with only the unpickling paused, 2.0 to 2.1 ms with the whole of each page's
loading and resolving paused. Reading a
page (MyST's tokens, the doctree it makes) and writing one (the listings and backlinks
rendered as it is written, the theme's templates) are other such bursts, in the reading and
writing processes.

All of them are paused, not stopped: the collector is switched back on after each doctree and
each page, without a collection of its own, so its next run looks at what they allocated, as it
would have (nothing cyclic outlives the build, and memory stays bounded by one page's worth).
The pages are byte for byte the same (``tests/test_page_shortcuts.py``).
``glossator_pause_collector = False`` leaves the collector as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from glossator.gcpause import collector_paused

T = TypeVar("T")


def setup_collector_pauses(app: Sphinx) -> None:
    app.add_config_value("glossator_pause_collector", True, "", types=[bool])
    app.connect("builder-inited", _pause_while_reading_and_writing)
    _pause_while_loading()


def _pause_while_loading() -> None:
    """``BuildEnvironment.get_doctree`` and ``get_and_resolve_doctree`` (which loads a doctree
    and resolves its references: the post-transforms and ``doctree-resolved`` make nodes by
    the thousand too), paused, once per process, on the class: the environment is pickled,
    and an attribute of its own would go with it; each environment's configuration decides."""

    def configured(env: BuildEnvironment, *args: Any, **kwargs: Any) -> bool:
        return bool(getattr(getattr(env, "config", None), "glossator_pause_collector", False))

    for name in ("get_doctree", "get_and_resolve_doctree"):
        method = getattr(BuildEnvironment, name)
        if not getattr(method, "_glossator_paused", False):
            setattr(BuildEnvironment, name, _paused(method, configured))


def _pause_while_reading_and_writing(app: Sphinx) -> None:
    """The builder's ``read_doc`` and ``write_doc`` (one page, in whichever process reads or
    writes it), paused."""
    builder: Any = app.builder
    for name in ("read_doc", "write_doc"):
        method: Callable[..., Any] = getattr(builder, name)
        if not getattr(method, "_glossator_paused", False):
            setattr(
                builder,
                name,
                _paused(method, lambda *_, **__: app.config.glossator_pause_collector),
            )


def _paused(method: Callable[..., T], configured: Callable[..., bool]) -> Callable[..., T]:
    """``method`` with the collector paused for each call that ``configured`` (given the
    call's arguments) says is to be paused, as it is for the others."""

    @functools.wraps(method)
    def paused(*args: Any, **kwargs: Any) -> T:
        if not configured(*args, **kwargs):
            return method(*args, **kwargs)
        with collector_paused(collect=False):
            return method(*args, **kwargs)

    paused._glossator_paused = True  # type: ignore[attr-defined]
    return paused

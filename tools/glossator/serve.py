"""``glossator serve``: the live preview, on sphinx-autobuild's server with a build kept in memory.

sphinx-autobuild already does the serving, the watching (``watchfiles``) and the browser
reload (a script injected in every HTML response, told to reload over a websocket once a
rebuild is done); this module reuses those parts as they are. What it replaces is the
rebuild: sphinx-autobuild runs ``sphinx-build`` in a new process for every change, which
starts the whole build anew (:mod:`glossator.preview` says what that costs); here one
:class:`~glossator.preview.LiveBuild` is rebuilt in place, in a thread of the server's
process, and once no file has changed for :data:`~glossator.preview.QUIET_SECONDS` its
checks and data exports are refreshed, once for a burst of saves.

The browsers reload as soon as the edited pages are written, before the other pages of a
rebuild; a request for one of those waits until it is written (:class:`HoldUnwritten`), so
what is served is never the page before the edit.

``conf.py`` is read once: a change to it needs a restart (the server says so).
"""

from __future__ import annotations

import asyncio
import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from glossator.preview import QUIET_SECONDS, LiveBuild

T = TypeVar("T")

HOLD_SECONDS = 600.0
"""The longest a request waits for its page (a rebuild that never ends is a bug, not a wait)."""


def pagename_of(path: str) -> str | None:
    """The page an HTTP path asks for (``/a/b.html`` and ``/a/b/`` as the static files serve
    them), or None for a file that is not a page (a style sheet, a script, an image)."""
    path = path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path.removesuffix(".html") if path.endswith(".html") else None


class HoldUnwritten:
    """ASGI middleware: a request for a page that the rebuild under way has yet to write
    waits until it is written (:meth:`LiveBuild.holds`); everything else goes through."""

    def __init__(self, app: Any, live: LiveBuild, poll: float = 0.05) -> None:
        self.app, self.live, self.poll = app, live, poll

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        page = pagename_of(scope.get("path", "")) if scope["type"] == "http" else None
        if page is not None:
            waited = 0.0
            while self.live.holds(page) and waited < HOLD_SECONDS:
                await asyncio.sleep(self.poll)
                waited += self.poll
        await self.app(scope, receive, send)


IGNORED = [r"\.sw[pox]$", r"~$", r"(^|/)\.#", r"(^|/)4913$", r"\.tmp$"]
"""Editors' temporary and backup files (vim, emacs, others): saving makes them, briefly."""


def _server_class() -> type[Any]:
    """The server, made on first use: sphinx-autobuild (and starlette) are needed only here."""
    import watchfiles
    from sphinx_autobuild.server import RebuildServer

    class LiveRebuildServer(RebuildServer):  # type: ignore[misc]
        """sphinx-autobuild's server, rebuilding a live application instead of a new process.

        Its own ``watch`` runs the rebuild in a ``ProcessPoolExecutor``: a new process each
        time, which would throw the rebuilt environment away. Everything else is inherited.
        """

        def __init__(
            self, paths: list[Path], ignore: Callable[[str], bool], live: LiveBuild, conf: Path
        ) -> None:
            super().__init__(paths, ignore, change_callback=lambda changed_paths: None)
            self.live = live
            self.conf = conf.resolve()
            self.lock = asyncio.Lock()  # one build at a time, rebuild or settle

        async def _locked(self, work: Callable[[], T]) -> T | None:
            """``work`` in a thread, alone; a failure is shown and the server goes on (the
            writer fixes the page, saves again, and that rebuild reads it anew)."""
            async with self.lock:
                try:
                    return await asyncio.to_thread(work)
                except Exception:
                    traceback.print_exc()
                    return None

        async def _settle_later(self) -> None:
            await asyncio.sleep(QUIET_SECONDS)  # cancelled by the next change
            # started, it is not cancelled: a rebuild waits for it (the lock)
            seconds = await asyncio.shield(self._locked(self.live.settle))
            if seconds is not None:
                parts = ", ".join(f"{name} {s:.2f} s" for name, s in self.live.settled.items())
                print(
                    f"glossator serve: checks and data exports refreshed ({seconds:.1f} s: "
                    f"{parts})",
                    flush=True,
                )

        async def watch(self) -> None:
            quiet: asyncio.Task[None] | None = None
            loop = asyncio.get_running_loop()

            def shown() -> None:  # in the rebuild's thread: the edited pages are written
                loop.call_soon_threadsafe(self.flag.set)  # the browsers reload

            async for changes in watchfiles.awatch(
                *self.paths, watch_filter=lambda _, path: not self.ignore(path)
            ):
                if quiet is not None:
                    quiet.cancel()
                changed = {Path(path).resolve() for _, path in changes}
                if self.conf in changed:
                    print("glossator serve: conf.py changed; restart to apply it", flush=True)
                rebuild = functools.partial(self.live.rebuild, changed, shown)
                rebuilt = await self._locked(rebuild)
                if rebuilt is None:
                    continue
                first = (
                    ""
                    if rebuilt.shown is None
                    else (f"the edited page(s) shown after {rebuilt.shown:.2f} s; ")
                )
                print(
                    f"glossator serve: {len(changed)} file(s) changed, {first}"
                    f"{len(rebuilt.pages)} page(s) written in {rebuilt.seconds:.2f} s",
                    flush=True,
                )
                if rebuilt.shown is None:
                    self.flag.set()  # the browsers reload
                quiet = asyncio.create_task(self._settle_later())

    return LiveRebuildServer


def serve(
    root: Path, outdir: Path, doctrees: Path, host: str, port: int, jobs: int
) -> int:  # pragma: no cover - the server runs until interrupted; the bench drives it
    import uvicorn
    from sphinx.util.docutils import docutils_namespace, patch_docutils
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.utils import find_free_port
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    docs = root / "docs"
    port = port or find_free_port()
    # as sphinx-build does: the docutils nodes and directives that Sphinx registers globally
    with patch_docutils(docs), docutils_namespace():
        live = LiveBuild(docs, outdir, doctrees, parallel=jobs)
        first = live.rebuild()
        live.settle()
        watched = [p for p in (docs, root / "annotations", root / "sources") if p.is_dir()]
        ignore = IgnoreFilter([outdir, doctrees, docs / "_build", root / ".git"], IGNORED)
        watcher = _server_class()(watched, ignore, live, docs / "conf.py")
        app = Starlette(
            routes=[
                WebSocketRoute("/websocket-reload", watcher, name="reload"),
                Mount("/", app=StaticFiles(directory=outdir, html=True), name="static"),
            ],
            middleware=[
                Middleware(JavascriptInjectorMiddleware, ws_url=f"{host}:{port}"),
                Middleware(HoldUnwritten, live=live),
            ],
            lifespan=watcher.lifespan,
        )
        print(
            f"glossator serve: http://{host}:{port}/ ({len(first.pages)} pages built in "
            f"{first.seconds:.1f} s); watching {', '.join(str(p) for p in watched)}",
            flush=True,
        )
        uvicorn.run(app, host=host, port=port, log_level="warning")
        # stopped within a quiet period: what it would have written (the environment file
        # above all, else the next start builds afresh)
        live.settle()
    return 0

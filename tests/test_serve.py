"""The preview server's hold: a page that the rebuild under way has yet to write is not served
stale; it is served once written. Everything else is served at once (glossator.serve)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from glossator.serve import HoldUnwritten, pagename_of


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/", "index"),
        ("/index.html", "index"),
        ("/annotations/people/p-1.html", "annotations/people/p-1"),
        ("/annotations/", "annotations/index"),
        ("/genindex.html", "genindex"),
        ("/_static/glossator.css", None),
        ("/_images/map.png", None),
        ("/data/archive.json", None),
    ],
)
def test_the_page_a_path_asks_for(path: str, page: str | None) -> None:
    assert pagename_of(path) == page


class Rebuilding:
    """A live build that holds the pages in ``unwritten`` until :meth:`write` is called."""

    def __init__(self, unwritten: set[str]) -> None:
        self.unwritten = set(unwritten)
        self.asked: list[str] = []

    def holds(self, pagename: str) -> bool:
        self.asked.append(pagename)
        return pagename in self.unwritten

    def write(self, pagename: str) -> None:
        self.unwritten.discard(pagename)


def _run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """``asyncio.run`` in a thread of its own: Playwright's sync API, which the browser tests
    share in this process, keeps an event loop running in the main thread."""
    failed: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as error:  # re-raised in the test's thread
            failed.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the scenario hung"
    if failed:
        raise failed[0]


def _request(app: Any, path: str, served: list[str]) -> Any:
    async def inner(scope: Any, receive: Any, send: Any) -> None:
        served.append(scope["path"])

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: Any) -> None:
        pass

    middleware = HoldUnwritten(inner, app, poll=0.01)
    return middleware({"type": "http", "path": path}, receive, send)


def test_a_page_still_to_write_is_served_once_written_and_others_at_once() -> None:
    live = Rebuilding({"annotations/claims/c-1", "genindex"})
    served: list[str] = []

    async def scenario() -> None:
        held = asyncio.create_task(_request(live, "/annotations/claims/c-1.html", served))
        await _request(live, "/annotations/people/p-1.html", served)  # written first: at once
        await _request(live, "/_static/glossator.css", served)  # not a page: never held
        await asyncio.sleep(0.1)
        assert served == ["/annotations/people/p-1.html", "/_static/glossator.css"]
        assert not held.done()
        live.write("annotations/claims/c-1")
        await asyncio.wait_for(held, timeout=5)
        assert served[-1] == "/annotations/claims/c-1.html"

    _run(scenario)
    assert "_static/glossator" not in " ".join(live.asked)  # a file that is no page is not asked


def test_a_websocket_goes_through_untouched() -> None:
    live = Rebuilding({"index"})
    reached: list[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["type"])

    async def scenario() -> None:
        middleware = HoldUnwritten(inner, live, poll=0.01)
        await asyncio.wait_for(middleware({"type": "websocket", "path": "/"}, None, None), 1)

    _run(scenario)
    assert reached == ["websocket"] and live.asked == []

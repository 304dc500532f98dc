"""The bench's preview figures: from a file written to the new page served by ``glossator serve``.

Why a separate child process and a real browser protocol: what a writer waits for is the
server noticing the save (``watchfiles``), the live rebuild, the reload message on the
websocket that sphinx-autobuild's injected script listens to, and the new HTML coming back
over HTTP. The bench starts ``glossator serve`` on the site and doctrees of its last full
build (so the server starts from that environment, as a writer's second session does), then
for each edit: writes the file, waits for the websocket's reload message, then fetches the
page until it holds the edit. The rebuild the server reports (pages written, seconds) and the
checks and exports it runs once the edits stop are recorded beside.

``nox -s bench`` (``python -m benchmarks.bench``) runs it after everything else, on the site of
its full build; ``python -m benchmarks.previewcli`` runs only this part.
"""

from __future__ import annotations

import html
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

READY = re.compile(r"serve: (http://[\d.]+:\d+)/ \((\d+) pages built in ([\d.]+) s\)")
REBUILT = re.compile(r"(?:shown after ([\d.]+) s; )?(\d+) page\(s\) written in ([\d.]+) s")
SETTLED = re.compile(r"checks and data exports refreshed \(([\d.]+) s(?:: ([^)]*))?\)")
PART = re.compile(r"([a-z][a-z ]*) ([\d.]+) s")
TIMEOUT = 900.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def _pump(stream: IO[str], into: queue.Queue[str], log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        for line in stream:
            out.write(line)
            out.flush()
            into.put(line)


def _wait_for(lines: queue.Queue[str], pattern: re.Pattern[str]) -> re.Match[str]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if found := pattern.search(line):
            return found
    raise SystemExit(f"bench: the preview server never printed {pattern.pattern!r}")


def _cpu_seconds(pid: int) -> float | None:
    """User and system time of a process and of the children it has waited for (Linux's
    ``/proc``; None elsewhere): under a shared machine's load, CPU time says more than wall."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(value) for value in fields[11:15]) / ticks


def _page_url(base: str, corpus: Path, page: Path) -> str:
    return f"{base}/{page.relative_to(corpus).with_suffix('.html').as_posix()}"


def _connect(url: str) -> Any:
    """The reload websocket, once the server listens (it prints its address just before)."""
    from websockets.sync.client import connect

    deadline = time.monotonic() + 60
    while True:
        try:
            return connect(url)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


Edit = tuple[str, Path, Callable[[], str], Path | None]
"""A name, the page edited, the edit (it returns text the new page must show), and another
page that must show that text too (one the rebuild writes after the edited page), if any."""


def measure(
    corpus: Path, site: Path, edits: list[Edit], log: Path, jobs: int = 0
) -> dict[str, Any]:
    """Start the server on ``site``, make each edit, time it to the reload and to the page.

    ``jobs``: the server's Sphinx processes (``--jobs``), which a rebuild of many pages uses to
    write them."""
    port = _free_port()
    cmd = [sys.executable, "-m", "glossator", "serve", "--root", str(corpus), "--port",
           str(port), "--outdir", str(site), "--doctrees", str(site / ".doctrees"),
           "--jobs", str(jobs)]  # fmt: skip
    print(f"bench: preview: {' '.join(cmd)}", file=sys.stderr, flush=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643673600", "PYTHONHASHSEED": "0"}
    start = time.perf_counter()
    server = subprocess.Popen(
        cmd, cwd=corpus, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    assert server.stdout is not None
    threading.Thread(target=_pump, args=(server.stdout, lines, log), daemon=True).start()
    result: dict[str, Any] = {}
    try:
        ready = _wait_for(lines, READY)
        base = ready.group(1)
        result["startup"] = {
            "seconds": round(time.perf_counter() - start, 2),
            "pages_written": int(ready.group(2)),
        }
        with _connect(f"ws://{base.removeprefix('http://')}/websocket-reload") as ws:
            time.sleep(0.5)  # the server is listening for this socket's reloads
            for name, page, edit, also in edits:
                load = os.getloadavg()[0]
                cpu_before = _cpu_seconds(server.pid)
                written = time.perf_counter()
                shown = edit()
                ws.recv(timeout=TIMEOUT)  # "refresh": the page is rebuilt
                reloaded = time.perf_counter()
                url = _page_url(base, corpus, page)
                while shown not in _get(url):  # it is there once the reload is sent
                    time.sleep(0.05)
                served = time.perf_counter()
                cpu_served = _cpu_seconds(server.pid)
                if also is not None:  # asked at once: the server holds it until it is written
                    also_url = _page_url(base, corpus, also)
                    while shown not in _get(also_url):
                        time.sleep(0.05)
                also_served = time.perf_counter()
                rebuilt = _wait_for(lines, REBUILT)
                settled = _wait_for(lines, SETTLED)
                result[name] = {
                    "to_reload_seconds": round(reloaded - written, 3),
                    "to_served_seconds": round(served - written, 3),
                    "rebuild_seconds": float(rebuilt.group(3)),
                    "html_files_written": int(rebuilt.group(2)),
                    "settle_seconds": float(settled.group(1)),
                    "settle_parts_seconds": {
                        name: float(value) for name, value in PART.findall(settled.group(2) or "")
                    },
                    "edited": page.relative_to(corpus).as_posix(),
                    "load_average_1min": round(load, 2),
                }
                if rebuilt.group(1) is not None:
                    result[name]["edited_pages_written_seconds"] = float(rebuilt.group(1))
                if also is not None:
                    result[name]["other_page"] = also.relative_to(corpus).as_posix()
                    result[name]["other_page_served_seconds"] = round(also_served - written, 3)
                if cpu_before is not None and cpu_served is not None:
                    result[name]["server_cpu_seconds"] = round(cpu_served - cpu_before, 2)
                print(
                    f"bench: preview ({name}): {served - written:.2f} s to the page served",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return result


def text_edit(page: Path) -> Callable[[], str]:
    def edit() -> str:
        sentence = "A sentence added in the preview, for the benchmark."
        text = page.read_text(encoding="utf-8")
        page.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
        return sentence

    return edit


def rename(page: Path, corpus: Path, rename_page: Callable[[Path, Path], str]) -> Callable[[], str]:
    def edit() -> str:
        return html.escape(rename_page(page, corpus), quote=False)

    return edit


def table_lines(preview: dict[str, Any]) -> list[str]:
    """The preview's figures, for the bench's printed table."""
    if not preview:
        return []
    rows = [
        "",
        "| preview (`glossator serve`) | file written -> reload sent | -> edited page served "
        "| -> a page that shows it served | every page written | server CPU to the edited page "
        "| HTML files written | checks and exports after | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m in preview.items():
        if name == "startup":
            continue
        other = m.get("other_page_served_seconds")
        rows.append(
            f"| {name} | {m['to_reload_seconds']:.2f} s | {m['to_served_seconds']:.2f} s | "
            f"{'-' if other is None else f'{other:.2f} s'} | {m['rebuild_seconds']:.2f} s | "
            f"{m.get('server_cpu_seconds', 0):.2f} s | {m['html_files_written']} | "
            f"{m['settle_seconds']:.1f} s | {m.get('load_average_1min', 0):.1f} |"
        )
    start = preview.get("startup", {})
    rows.append(
        f"\nPreview server start (environment of the last build loaded): "
        f"{start.get('seconds', 0):.1f} s, {start.get('pages_written', 0)} HTML files written."
    )
    return rows

"""``python -m glossator.bench``: how fast the archive's tools are, next to the tools beneath them.

Why: contributors wait for ``glossator check`` and for builds; readers wait for search. Each
figure is measured in one run, on one synthetic archive (``glossator generate``), beside its
floor -- what the underlying tool costs by itself on the same files:

* ``glossator check`` against the bare markdown-it-py parse of the same pages (with MyST's
  own parser configuration), and against a full Sphinx build;
* the full Sphinx build (the glossator extension, sphinx-book-theme) against plain Sphinx and
  MyST building the same pages with the extension switched off, the ``basic`` theme and no
  sidebars;
* an incremental build after editing one annotation: its time and the pages it wrote;
* search: the Pagefind index, the bytes a browser fetches for one query (Pagefind's runtime,
  cached after the first search, counted apart), against Sphinx's ``searchindex.js``;
* the peak memory (largest resident set of any process) of every step.

Every step runs as a child process and is timed with ``os.wait4``, which also gives its peak
memory. ``--quick`` runs a small archive; the default size is 10,000 annotations over 50
sources. Results are printed as a table and written as JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FULL = (10_000, 50)
QUICK = (1_000, 5)
SEED = 1

FLOOR_CONF = '''"""The floor: plain Sphinx and MyST, no glossator extension, basic theme, no sidebars."""

extensions = ["myst_parser"]
project = "Synthetic archive"
source_suffix = {{".md": "markdown"}}
exclude_patterns = ["_build"]
myst_enable_extensions = {extensions!r}
html_theme = "basic"
html_sidebars = {{"**": []}}
# the pages use the extension's roles and directives: without it they are unknown, and every
# annotation page is outside the toctrees (the extension makes them orphans)
suppress_warnings = [
    "myst.header", "myst.role_unknown", "myst.directive_unknown", "toc.not_included",
    "toc.no_title",
]
'''

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Step:
    """One measured child process."""

    name: str
    seconds: float
    peak_mb: float
    returncode: int
    extra: dict[str, Any] = field(default_factory=dict)
    cpu_seconds: float = 0.0  # user and system time of the process and the children it waited for


def run_step(name: str, cmd: list[str], cwd: Path, log: Path) -> Step:
    """Run ``cmd`` and measure its wall time and the peak RSS of it and its children."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643673600", "PYTHONHASHSEED": "0"}
    print(f"bench: {name}: {' '.join(cmd)}", file=sys.stderr, flush=True)
    with log.open("ab") as out:
        out.write(f"\n=== {name}: {' '.join(cmd)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Linux: ru_maxrss (KiB) of a waited-for child covers it and its own waited-for children
    step = Step(name, round(seconds, 2), round(usage.ru_maxrss / 1024, 1), proc.returncode)
    step.cpu_seconds = round(usage.ru_utime + usage.ru_stime, 2)
    print(f"bench: {name}: {step.seconds:.1f} s, {step.peak_mb:.0f} MB", file=sys.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"bench: step '{name}' failed (exit {proc.returncode}); see {log}")
    return step


def parse_only(root: Path) -> int:
    """The floor of ``glossator check``: read every page and parse it with MyST's markdown-it."""
    from glossator.markdown import parser

    md = parser()
    count = 0
    for path in sorted((root / "annotations").rglob("*.md")):
        md.parse(path.read_text(encoding="utf-8"))
        count += 1
    print(f"parsed {count} pages")
    return 0


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import sphinx

    def version(dist: str) -> str:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as v

        try:
            return v(dist)
        except PackageNotFoundError:
            return "not installed"

    cpu = "unknown"
    memory = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "myst-parser": version("myst-parser"),
        "sphinx-book-theme": version("sphinx-book-theme"),
        "pagefind": version("pagefind"),
        "load average at start": list(os.getloadavg()),
    }


def html_mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def written_pages(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(name for name, stamp in after.items() if before.get(name) != stamp)


def doc_pages(root: Path) -> set[str]:
    """HTML names of the documents (as opposed to pages Sphinx always writes, like genindex)."""
    docs = root / "docs"
    pages = {p.relative_to(docs) for p in docs.rglob("*.md") if "_build" not in p.parts}
    pages |= {p.relative_to(root) for p in (root / "annotations").rglob("*.md")}
    return {p.with_suffix(".html").as_posix() for p in pages}


def edit_text(page: Path) -> None:
    """Edit the text of an annotation (not its front matter): a contributor's typical edit."""
    text = page.read_text(encoding="utf-8")
    page.write_text(text.rstrip("\n") + "\n\nAn added sentence, for the benchmark.\n")


def edit_title(page: Path, root: Path) -> str:
    """Rename the object of ``page``, keeping the old name as an alias (so links by it still
    resolve): every page that shows the name must be rewritten. Returns the new title."""
    import yaml

    from glossator.pages import parse_page

    parsed = parse_page(page.read_text(encoding="utf-8"), page.relative_to(root).as_posix())
    if parsed.obj is None:
        raise SystemExit(f"bench: {page} does not parse")
    obj = parsed.obj
    renamed = obj.model_copy(
        update={"title": obj.title + " Renamed", "aliases": [obj.title, *obj.aliases]}
    )
    data = renamed.model_dump(mode="json", exclude={"id", "kind"}, exclude_defaults=True)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    page.write_text(f"---\n{front}---\n{parsed.body.lstrip(chr(10))}", encoding="utf-8")
    return renamed.title


def pick_pages(root: Path) -> tuple[Path, Path, str]:
    """A typical claim to edit, the most linked-to person to rename, and that person's name."""
    from glossator import archive as archive_mod
    from glossator import markdown

    loaded = archive_mod.load(root)
    counts: dict[str, int] = {}
    for page in loaded.pages:
        if page.obj is None:
            continue
        for _, target, _ in page.obj.references():
            counts[target] = counts.get(target, 0) + 1
        for use in page.roles:
            found = loaded.lookup(use.target) if use.role != markdown.PASSAGE_ROLE else None
            if found is not None:
                counts[found.id] = counts.get(found.id, 0) + 1
    claims = sorted(p.path for p in loaded.pages if p.kind == "claim")
    persons = [p for p in loaded.pages if p.kind == "person" and p.obj is not None]
    hub = max(persons, key=lambda p: (counts.get(p.id or "", 0), p.path))
    assert hub.obj is not None
    return root / claims[len(claims) // 2], root / hub.path, hub.obj.title


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _category(url: str) -> str:
    """``page`` (the site), ``runtime`` (Pagefind's code) or the kind of index file."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if name in SEARCH_FILES:
        return SEARCH_FILES[name]
    if "/pagefind/" not in url:
        return "page"
    if name.endswith((".js", ".css")) or name.startswith("wasm."):
        return "runtime"
    return {
        ".pf_meta": "metadata",
        ".pf_index": "word index",
        ".pf_filter": "filters",
        ".pf_fragment": "result fragments",
    }.get(Path(name).suffix, "metadata")


SEARCH_FILES = {
    "glossator-names.gzjson": "names index",
    "glossator-names-hint.json": "name hints",
    "glossator-search-pages.json": "name hints",
}
"""The search page's own index files (glossator.sphinx.namesindex, glossator.searchpages)."""

INDEX_PARTS = ("metadata", "word index", "filters", "result fragments", "name hints", "names index")


def misspelled(name: str) -> str:
    """``name`` with one letter of its longest word left out, as a hurried reader types it."""
    words = name.split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 5:
        words[longest] = word[:-2] + word[-1]
    return " ".join(words)


def query_bytes(site: Path, queries: list[str]) -> dict[str, Any]:
    """Drive Chromium on the site's search page: bytes fetched per query, by category.

    The search page is loaded once (the theme, the page's own assets), then each query is typed
    into it as a reader would, through its address (``search.html?q=...``). The browser cache
    is on, so Pagefind's runtime (``pagefind.js`` and its WebAssembly) is fetched by the first
    query only; it is reported apart from the index chunks, filters and result fragments.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[str, Any] = {}
    try:
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            fetched: list[tuple[str, int]] = []

            def on_response(response: Any) -> None:
                try:
                    fetched.append((response.url, len(response.body())))
                except Exception:  # a redirect or an aborted request has no body
                    fetched.append((response.url, 0))

            page.on("response", on_response)
            for query in queries:
                fetched.clear()
                start = time.perf_counter()
                page.goto(f"{base}/search.html?q={query}", wait_until="networkidle")
                page.wait_for_timeout(500)
                seconds = time.perf_counter() - start
                totals: dict[str, int] = {}
                files: dict[str, int] = {}
                for url, size in fetched:
                    totals[_category(url)] = totals.get(_category(url), 0) + size
                    files[_category(url)] = files.get(_category(url), 0) + 1
                shown = page.locator(".glossator-search-result, .pagefind-ui__result").count()
                # the filters are fetched when the reader opens them: measured apart
                fetched.clear()
                page.locator("#glossator-search-filter-box > summary").click()
                page.wait_for_selector(".glossator-filter-count:not(:empty)")
                page.wait_for_load_state("networkidle")
                opened = sum(size for url, size in fetched if _category(url) in INDEX_PARTS)
                results[query] = {
                    "filters_opened_bytes": opened,
                    "index_bytes": sum(totals.get(part, 0) for part in INDEX_PARTS),
                    "index_files": sum(files.get(part, 0) for part in INDEX_PARTS),
                    "index_parts": {part: totals.get(part, 0) for part in INDEX_PARTS},
                    "files": files,
                    "runtime_bytes": totals.get("runtime", 0),
                    "page_bytes": totals.get("page", 0),
                    "seconds": round(seconds, 2),
                    "results_shown": shown,
                }
            browser.close()
    finally:
        server.shutdown()
    return results


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gzip_bytes(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def sphinx_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-q", *args]


@dataclass
class Plan:
    annotations: int
    sources: int
    serial: bool  # also build serially (the full size runs -j auto only, to fit the budget)
    builds_only: bool = False  # generate, then the floor and full builds, nothing else


def bench(plan: Plan, work: Path) -> dict[str, Any]:
    from glossator.markdown import MYST_EXTENSIONS

    log = work / "bench.log"
    corpus = work / "corpus"
    docs = corpus / "docs"
    floor_conf = work / "floor-conf"
    floor_conf.mkdir(parents=True)
    (floor_conf / "conf.py").write_text(
        FLOOR_CONF.format(extensions=sorted(MYST_EXTENSIONS)), encoding="utf-8"
    )
    result: dict[str, Any] = {
        "machine": machine(),
        "size": {"annotations": plan.annotations, "sources": plan.sources, "seed": SEED},
        "steps": {},
    }
    steps: dict[str, Step] = {}
    py = sys.executable

    def step(name: str, cmd: list[str], cwd: Path = work) -> Step:
        steps[name] = run_step(name, cmd, cwd, log)
        return steps[name]

    step(
        "generate",
        [py, "-m", "glossator", "generate", "--annotations", str(plan.annotations),
         "--sources", str(plan.sources), "--seed", str(SEED), str(corpus)],
    )  # fmt: skip
    if not plan.builds_only:
        step("parse (floor of check)", [py, "-m", "glossator.bench", "--parse-only", str(corpus)])
        step("glossator check", [py, "-m", "glossator", "check"], cwd=corpus)

    parallel: tuple[str, list[str]] = ("-j auto", ["-j", "auto"])
    modes = [("serial", []), parallel] if plan.serial else [parallel]
    for mode, jobs in modes:
        step(f"floor build ({mode})", sphinx_cmd("-b", "html", "-c", str(floor_conf), *jobs,
             str(docs), str(work / f"floor-{len(jobs)}")))  # fmt: skip
        step(f"full build ({mode})", sphinx_cmd("-b", "html", *jobs, str(docs),
             str(work / f"site-{len(jobs)}")))  # fmt: skip

    if plan.builds_only:
        result["steps"] = {name: asdict(s) for name, s in steps.items()}
        result["machine"]["load average at end"] = list(os.getloadavg())
        return result

    # incremental builds on the last full build's output, in the same mode
    mode, jobs = modes[-1]
    site = work / f"site-{len(jobs)}"
    documents = doc_pages(corpus)
    claim, hub, hub_title = pick_pages(corpus)
    for kind, edit in (("text of one claim", claim), ("title of the most linked person", hub)):
        before = html_mtimes(site)
        time.sleep(0.01)
        if edit is claim:
            edit_text(edit)
        else:
            edit_title(edit, corpus)
        name = f"incremental ({kind})"
        done = step(name, sphinx_cmd("-b", "html", *jobs, str(docs), str(site)))
        written = written_pages(before, html_mtimes(site))
        done.extra = {
            "pages_written": len([w for w in written if w in documents]),
            "other_files_written": [w for w in written if w not in documents],
            "edited": edit.relative_to(corpus).as_posix(),
        }

    # search: Pagefind on the full build; Sphinx's own index is the floor build's
    # the site's own indexing command (Pagefind, then its filter files made reproducible)
    pagefind = step("pagefind index", [py, "-m", "glossator.searchindex", str(site)])
    bundle = site / "pagefind"
    floor_index = work / f"floor-{len(jobs)}" / "searchindex.js"
    pagefind.extra = {
        "index_bytes": folder_bytes(bundle),
        "index_files": sum(1 for p in bundle.rglob("*") if p.is_file()),
    }
    result["search"] = {
        "pagefind_bytes": folder_bytes(bundle),
        "sphinx_searchindex_bytes": floor_index.stat().st_size,
        "sphinx_searchindex_gzip_bytes": gzip_bytes(floor_index),
        "queries": query_bytes(site, [hub_title.replace(" Renamed", ""), "harbour"]),
    }
    # a misspelled name fetches the names index; measured apart, in a browser of its own
    hub_name = hub_title.replace(" Renamed", "")
    result["search"]["misspelled"] = query_bytes(site, [misspelled(hub_name)])
    static = site / "_static"
    result["search"]["names_index_bytes"] = _size(static / "glossator-names.gzjson")
    result["search"]["names_hint_bytes"] = _size(static / "glossator-names-hint.json")
    # the live preview on the same site: from a file written to its new page served
    from glossator import benchpreview as bp

    result["preview"] = bp.measure(corpus, site, [("text of one claim", claim, bp.text_edit(claim)),
        ("most linked person renamed", hub, bp.rename(hub, corpus, edit_title))], log,
        jobs=os.cpu_count() or 1)  # fmt: skip
    result["steps"] = {name: asdict(s) for name, s in steps.items()}
    result["machine"]["load average at end"] = list(os.getloadavg())
    return result


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def _row(name: str, s: Step, versus: str = "") -> str:
    return f"| {name} | {s.seconds:.1f} s | {s.peak_mb:.0f} MB | {versus} |"


def build_rows(steps: dict[str, Step]) -> list[str]:
    """The floor and full builds' rows, with the full build's wall and CPU time to the floor's
    (the target of issue 17 is in wall time, with ``-j auto``; CPU time is less moved by
    other work on the machine)."""
    rows: list[str] = []
    for mode in ("serial", "-j auto"):
        floor = steps.get(f"floor build ({mode})")
        full = steps.get(f"full build ({mode})")
        if floor is None or full is None:
            continue
        rows.append(_row(f"floor build ({mode})", floor, f"CPU time {floor.cpu_seconds:.1f} s"))
        rows.append(
            _row(
                f"full build ({mode})",
                full,
                f"{_ratio(full.seconds, floor.seconds)} the floor; CPU time "
                f"{full.cpu_seconds:.1f} s, {_ratio(full.cpu_seconds, floor.cpu_seconds)} "
                "the floor's",
            )
        )
    return rows


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table (also pasted into docs/performance.md)."""
    steps = {name: Step(**s) for name, s in result["steps"].items()}
    rows = ["| step | wall time | peak memory | compared with |", "| --- | ---: | ---: | --- |"]

    def row(name: str, versus: str = "") -> None:
        if name in steps:
            rows.append(_row(name, steps[name], versus))

    full_name = "full build (-j auto)"
    full = steps[full_name]
    row("generate")
    if "glossator check" not in steps:  # --builds-only
        return "\n".join([*rows, *build_rows(steps)])
    parse, check = steps["parse (floor of check)"], steps["glossator check"]
    row("parse (floor of check)")
    row(
        "glossator check",
        f"{_ratio(check.seconds, parse.seconds)} the parse; full build is "
        f"{_ratio(full.seconds, check.seconds)} check; CPU time {check.cpu_seconds:.1f} s, "
        f"{_ratio(check.cpu_seconds, parse.cpu_seconds)} the parse's",
    )
    rows.extend(build_rows(steps))
    for name, s in steps.items():
        if name.startswith("incremental"):
            row(
                name,
                f"{s.extra['pages_written']} pages written; "
                f"{_ratio(s.seconds, full.seconds)} the full build",
            )
    row("pagefind index", f"{steps['pagefind index'].extra['index_bytes'] / 1e6:.1f} MB index")
    search = result["search"]
    lines = ["\n".join(rows), ""]
    lines.append(
        f"Sphinx searchindex.js (floor build): {search['sphinx_searchindex_bytes'] / 1e6:.2f} MB "
        f"({search['sphinx_searchindex_gzip_bytes'] / 1e6:.2f} MB gzipped), fetched whole by "
        f"every search; Pagefind bundle: {search['pagefind_bytes'] / 1e6:.1f} MB on disk."
    )
    lines.append(
        f"Names index: {search.get('names_index_bytes', 0) / 1e3:.0f} KB (gzipped by the build; "
        f"fetched only for a query that may need it); names hint: "
        f"{search.get('names_hint_bytes', 0) / 1e3:.0f} KB."
    )
    queries = {**search["queries"], **search.get("misspelled", {})}
    for query, figures in queries.items():
        if query == "skipped":
            lines.append(f"Per-query bytes not measured: {figures}")
            continue
        parts = ", ".join(
            f"{part} {size / 1e3:.0f} KB" for part, size in figures["index_parts"].items()
        )
        lines.append(
            f"Query '{query}': {figures['index_bytes'] / 1e3:.0f} KB of index in "
            f"{figures['index_files']} files ({parts}), {figures['runtime_bytes'] / 1e3:.0f} KB "
            f"of runtime, {figures['results_shown']} results shown; opening the filters "
            f"fetches {figures.get('filters_opened_bytes', 0) / 1e3:.0f} KB more."
        )
    from glossator.benchpreview import table_lines

    lines.extend(table_lines(result.get("preview", {})))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m glossator.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK[0]} annotations")
    parser.add_argument("--annotations", type=int, help=f"default {FULL[0]}")
    parser.add_argument("--sources", type=int, help=f"default {FULL[1]}")
    parser.add_argument(
        "--json", default="bench-results/results.json", help="where to write the results"
    )
    parser.add_argument("--workdir", help="folder for the corpus and builds (default: a temp)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--builds-only",
        action="store_true",
        help="generate the archive and run the floor and full builds only (full build / floor)",
    )
    parser.add_argument("--parse-only", metavar="ROOT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.parse_only:
        return parse_only(Path(args.parse_only))
    size = QUICK if args.quick else FULL
    plan = Plan(
        args.annotations or size[0],
        args.sources or size[1],
        serial=args.quick,
        builds_only=args.builds_only,
    )
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="glossator-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        result = bench(plan, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\nbench: {result['total_seconds']:.0f} s in all; results in {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

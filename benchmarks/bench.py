"""``python -m benchmarks.bench``: how fast the archive's tools are, next to the tools beneath them.

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
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.browser import misspelled, query_bytes
from benchmarks.report import table
from benchmarks.steps import (
    Step,
    doc_pages,
    edit_text,
    edit_title,
    html_mtimes,
    machine,
    parse_only,
    pick_pages,
    run_step,
    written_pages,
)

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

REPO = Path(__file__).resolve().parents[1]
"""The repository: ``benchmarks`` is imported from here (it is not part of the package)."""


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
        step(
            "parse (floor of check)",
            [py, "-m", "benchmarks.bench", "--parse-only", str(corpus)],
            cwd=REPO,
        )
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
    claim, hub, hub_title, shows_hub = pick_pages(corpus)
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
    pagefind = step("pagefind index", [py, "-m", "glossator.search.index", str(site)])
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
    from benchmarks import preview as bp

    result["preview"] = bp.measure(corpus, site, [
        ("text of one claim", claim, bp.text_edit(claim), None),
        ("most linked person renamed", hub, bp.rename(hub, corpus, edit_title), shows_hub)], log,
        jobs=os.cpu_count() or 1)  # fmt: skip
    result["steps"] = {name: asdict(s) for name, s in steps.items()}
    result["machine"]["load average at end"] = list(os.getloadavg())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__)
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
    work = (
        Path(args.workdir).resolve()
        if args.workdir
        else Path(tempfile.mkdtemp(prefix="glossator-bench-"))
    )
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

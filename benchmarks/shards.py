"""Build time of an archive as one Sphinx project against the same archive as shards.

``python benchmarks/shards.py [--annotations 2000] [--sources 2] [--rounds 2] [--json PATH]``

Generates a synthetic archive (``glossator generate``), lays it out with one shard per source
(``glossator shard layout``), then, round after round with the order reversed each time
(A/B interleaved, since the machine may be shared), builds the single project and each shard
as separate ``sphinx-build -j 1`` processes, fresh each time, and indexes each site with
Pagefind. Each step's wall time and CPU seconds (user + system of the process and its
children, from ``getrusage``) are printed with the load average, and written as JSON
(``docs/reference/sharding.md`` quotes them). Serial builds make CPU seconds the work itself;
on a CI runner the shards run at the same time, one per machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1643673600"}


def timed(label: str, command: list[str], cwd: Path | None = None) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{label} failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    row = {
        "step": label,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }
    print(
        f"{label:<32} wall {wall:7.1f} s   cpu {cpu:7.1f} s   "
        f"load {row['load_before']:.2f} -> {row['load_after']:.2f}",
        flush=True,
    )
    return row


def build(docs: Path, out: Path) -> list[str]:
    shutil.rmtree(out, ignore_errors=True)
    return [
        sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", "1",
        "-d", str(out / "doctrees"), str(docs), str(out / "html"),
    ]  # fmt: skip


def index(out: Path) -> list[str]:
    return [sys.executable, "-m", "glossator.search.index", str(out / "html")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--annotations", type=int, default=2000)
    parser.add_argument("--sources", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", default="bench-results/shards.json")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-shards-"))
    try:
        root = work / "archive"
        glossator = [sys.executable, "-m", "glossator"]
        gen = [*glossator, "generate", str(root), "--annotations", str(args.annotations)]
        subprocess.run([*gen, "--sources", str(args.sources)], check=True, env=ENV)
        layout = work / "shards"
        rows: list[dict[str, Any]] = []
        shards: list[str] = []
        for number in range(args.rounds):
            print(f"-- round {number + 1}", flush=True)
            run_layout = [*glossator, "shard", "layout", str(layout), "--root", str(root)]
            steps: list[tuple[str, list[str]]] = [("layout", run_layout)]
            single = [
                ("single build", build(root / "docs", work / "single")),
                ("single index", index(work / "single")),
            ]
            if number % 2 == 0:
                steps = single + steps
            for label, command in steps:
                rows.append({"round": number + 1, **timed(label, command)})
            shards = [s["name"] for s in json.loads((layout / "shards.json").read_text())["shards"]]
            for name in shards:
                out = work / f"shard-{name}"
                for label, command in [
                    (f"shard {name} build", build(layout / name / "docs", out)),
                    (f"shard {name} index", index(out)),
                ]:
                    rows.append({"round": number + 1, **timed(label, command)})
            if number % 2 == 1:
                for label, command in single:
                    rows.append({"round": number + 1, **timed(label, command)})
        site = work / "site"
        for name in shards:
            shutil.copytree(work / f"shard-{name}" / "html", site / name)
        rows.append(timed("assemble", [*glossator, "shard", "assemble", str(layout), str(site)]))
        sizes = {
            name: json.loads((layout / name / "shard.json").read_text())["foreign"]
            for name in shards
        }
        result = {
            "annotations": args.annotations,
            "sources": args.sources,
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "foreign_pages": {name: len(pages) for name, pages in sizes.items()},
            "rows": rows,
        }
        out_path = Path(args.json)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out_path}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

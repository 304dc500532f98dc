"""Only the preview part of the bench: ``python -m benchmarks.previewcli``.

Why apart: ``nox -s bench`` measures everything (at 10,000 annotations about 8 minutes on an
idle machine, most of it the floor and full builds and Pagefind); measuring a change to the
preview needs only a full build for the server to start from and the two edits
(:mod:`benchmarks.preview`). This command generates the archive and makes that full build
(``-j auto``), unless ``--workdir`` already holds both (``corpus/``, ``site/``) from an earlier
run with ``--keep``, then measures the two edits and writes the figures as JSON, with the
machine's load. A module of its own: the bench imports :mod:`benchmarks.preview`, and this
uses the bench's archive, build and edits.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import bench, steps
from benchmarks.preview import measure, rename, table_lines, text_edit


def main(argv: list[str] | None = None) -> int:
    """Only the preview part of the bench (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.previewcli", description=__doc__)
    parser.add_argument("--annotations", type=int, default=bench.FULL[0])
    parser.add_argument("--sources", type=int, default=bench.FULL[1])
    parser.add_argument("--json", default="bench-results/results-preview.json")
    parser.add_argument("--workdir", help="folder for the corpus and the site (default: a temp)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="glossator-benchpreview-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpus, site, log = work / "corpus", work / "site", work / "bench.log"
    result: dict[str, Any] = {
        "machine": steps.machine(),
        "size": {"annotations": args.annotations, "sources": args.sources, "seed": bench.SEED},
        "steps": {},
    }
    py = sys.executable
    try:
        if not (site / ".doctrees").is_dir():
            shutil.rmtree(corpus, ignore_errors=True)
            generate = [py, "-m", "glossator", "generate", "--annotations", str(args.annotations),
                        "--sources", str(args.sources), "--seed", str(bench.SEED), str(corpus)]  # fmt: skip
            build = bench.sphinx_cmd("-b", "html", "-j", "auto", str(corpus / "docs"), str(site))
            made = [
                steps.run_step("generate", generate, work, log),
                steps.run_step("full build (-j auto)", build, work, log),
            ]
            result["steps"] = {step.name: step.__dict__ for step in made}
        claim, hub, _, shows_hub = steps.pick_pages(corpus)
        result["preview"] = measure(corpus, site, [
            ("text of one claim", claim, text_edit(claim), None),
            ("most linked person renamed", hub, rename(hub, corpus, steps.edit_title), shows_hub),
        ], log, jobs=os.cpu_count() or 1)  # fmt: skip
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    result["machine"]["load average at end"] = list(os.getloadavg())
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("\n".join(table_lines(result["preview"])))
    print(f"\nbench: results in {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

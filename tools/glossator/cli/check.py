"""``glossator check [PATHS]``: validate the archive, or report on some of its pages."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from glossator import archive as archive_mod
from glossator import checks, report
from glossator.cli.parsing import add_root, root_of
from glossator.diagnostics import GlossatorError
from glossator.gcpause import collector_paused

if TYPE_CHECKING:
    from glossator.cli.parsing import Subparsers


def _check(args: argparse.Namespace) -> int:
    root = root_of(args)
    only: list[Path] | None = None
    if args.paths:
        only = []
        for raw in args.paths:
            path = Path(raw).resolve()
            if not path.exists() and not path.is_symlink():
                raise GlossatorError(f"no such file or folder: {raw}")
            if path.is_dir():
                only.extend(p for p in path.rglob("*") if p.is_file() or p.is_symlink())
            else:
                only.append(path)
        only = [p for p in only if p.is_relative_to(root / "annotations")]
    # the collector was a fifth of the run on large archives (docs/performance.md); what is
    # loaded lives until the command exits, so it is frozen, not collected
    with collector_paused(freeze=True):
        loaded = archive_mod.load(root, jobs=args.jobs, prepare=checks.prepare)
        found = checks.run(loaded)
    if only is not None:
        focus = {p.relative_to(root).as_posix() for p in only}
        found = [d for d in found if d.path in focus]
    files = len(loaded.pages) + len(loaded.sources)
    print(report.render(found, args.format, files))
    return 1 if any(d.severity == "error" for d in found) else 0


def cpus() -> int:
    """The CPUs this process may run on: the default number of reading processes."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes (1 or more), not {text!r}"
        )
    return int(text)


def register(sub: Subparsers) -> None:
    check = sub.add_parser("check", help="validate the archive (or some of its pages)")
    check.add_argument("paths", nargs="*", help="pages or folders to report on (default: all)")
    check.add_argument("--format", choices=report.FORMATS, default="text")
    add_root(check)
    check.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=cpus(),
        help="processes that read a large archive's pages (default: the CPUs available, "
        f"{cpus()} here; used from {archive_mod.PARALLEL_PAGES} pages on)",
    )
    check.set_defaults(handler=_check)

"""The ``glossator`` command line: ``check`` (and the other sub-commands registered below)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from glossator import archive as archive_mod
from glossator import checks, report
from glossator.diagnostics import GlossatorError
from glossator.heap import collector_paused

Handler = Callable[[argparse.Namespace], int]
if TYPE_CHECKING:  # argparse's class is generic only to type checkers
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _check(args: argparse.Namespace) -> int:
    root = archive_mod.find_root(Path(args.root) if args.root else None)
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


def _cpus() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes (1 or more), not {text!r}"
        )
    return int(text)


def _add_check(sub: Subparsers) -> None:
    check = sub.add_parser("check", help="validate the archive (or some of its pages)")
    check.add_argument("paths", nargs="*", help="pages or folders to report on (default: all)")
    check.add_argument("--format", choices=report.FORMATS, default="text")
    check.add_argument("--root", help="archive root (default: found from the current folder)")
    check.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=_cpus(),
        help="processes that read a large archive's pages (default: the CPUs available, "
        f"{_cpus()} here; used from {archive_mod.PARALLEL_PAGES} pages on)",
    )
    check.set_defaults(handler=_check)


def _add_generate(sub: Subparsers) -> None:
    from glossator import generate

    generate.add_parser(sub)


def _add_export(sub: Subparsers) -> None:
    from glossator.exports import command

    command.add_export(sub)


def _add_new(sub: Subparsers) -> None:
    from glossator import scaffold_command

    scaffold_command.add_new(sub)


def _add_ingest(sub: Subparsers) -> None:
    from glossator import scaffold_command

    scaffold_command.add_ingest(sub)


def _add_review(sub: Subparsers) -> None:
    from glossator import review

    review.add_review(sub)


def _add_places(sub: Subparsers) -> None:
    from glossator import places_command

    places_command.add_places(sub)


def _add_serve(sub: Subparsers) -> None:
    from glossator import serve

    serve.add_serve(sub)


def _add_shard(sub: Subparsers) -> None:
    from glossator import shard

    shard.add_shard(sub)


# Each sub-command adds its own parser here; its work lives in a module named for it.
SUBCOMMANDS: list[Callable[[Subparsers], None]] = [
    _add_check,
    _add_generate,
    _add_export,
    _add_new,
    _add_ingest,
    _add_review,
    _add_places,
    _add_serve,
    _add_shard,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="glossator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except GlossatorError as exc:
        print(f"glossator: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

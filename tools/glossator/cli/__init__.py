"""The ``glossator`` command line: one module per sub-command, registered the one same way.

Each module of this package holds one sub-command's parsing and what it prints; the work is in
the modules of :mod:`glossator` it calls. A module registers its sub-command(s) with a
``register(sub)`` function (:mod:`glossator.cli.parsing`); :data:`COMMANDS` lists them in the
order ``glossator --help`` shows them, and a new sub-command is one module and one line here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from glossator.cli import check, export, generate, new, places, review, serve, shard
from glossator.diagnostics import GlossatorError

if TYPE_CHECKING:
    from glossator.cli.parsing import Handler, Register

DESCRIPTION = (
    "Validate, scaffold, export, preview and shard an annotated-source archive: a source text "
    "kept verbatim beside annotation pages about what it reports. 'glossator check' gives the "
    "verdict the build and CI give."
)
"""What ``glossator --help`` says first (plain text: argparse prints it as it is)."""

COMMANDS: tuple[Register, ...] = (
    check.register,
    generate.register,
    export.register,
    new.register,  # new and ingest
    review.register,
    places.register,
    serve.register,
    shard.register,
)
"""Every sub-command, in the order of ``glossator --help``."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="glossator", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    for register in COMMANDS:
        register(sub)
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

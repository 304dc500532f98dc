"""What the sub-command modules share: how a sub-command is registered, and ``--root``.

Every module of :mod:`glossator.cli` registers its sub-command(s) the one same way: a
``register(sub)`` function that adds a parser to ``sub`` and sets its ``handler`` (a function
of the parsed arguments that returns the exit status). :data:`glossator.cli.COMMANDS` lists
them in the order ``glossator --help`` shows them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from glossator import archive as archive_mod

Handler = Callable[[argparse.Namespace], int]
"""What a sub-command runs: the parsed arguments in, the exit status out."""

if TYPE_CHECKING:  # argparse's class is generic only to type checkers
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
    Register = Callable[[Subparsers], None]

ROOT_HELP = "archive root (default: found from the current folder)"


def add_root(parser: argparse.ArgumentParser) -> None:
    """The ``--root`` option of the sub-commands that work on an archive."""
    parser.add_argument("--root", help=ROOT_HELP)


def root_of(args: argparse.Namespace) -> Path:
    """The archive ``--root`` names, or the one the current folder is in."""
    return archive_mod.find_root(Path(args.root) if args.root else None)

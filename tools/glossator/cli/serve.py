"""``glossator serve``: the live preview's options (the preview is :mod:`glossator.serve`)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from glossator.cli.parsing import add_root, root_of

if TYPE_CHECKING:
    from glossator.cli.parsing import Subparsers


def _serve(args: argparse.Namespace) -> int:  # pragma: no cover - see glossator.serve.serve
    # imported here: the server's packages (sphinx-autobuild, starlette) only for this command
    from glossator.serve import serve

    root = root_of(args)
    build = root / "docs" / "_build"
    outdir = Path(args.outdir).resolve() if args.outdir else build / "serve"
    doctrees = Path(args.doctrees).resolve() if args.doctrees else build / "serve-doctrees"
    return serve(root, outdir, doctrees, args.host, args.port, args.jobs)


def register(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "serve", help="live preview: rebuild the pages an edit changes, reload the browser"
    )
    add_root(parser)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0: a free port")
    parser.add_argument("--outdir", help="where the site is written (docs/_build/serve)")
    parser.add_argument(
        "--doctrees",
        help="Sphinx's environment and doctrees (docs/_build/serve-doctrees); an earlier "
        "build's, of the same configuration, is taken up as it is",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=os.cpu_count() or 1,
        help="Sphinx's processes, used when a rebuild reads or writes many pages (default: "
        "the CPUs; 0 or 1: none forked)",
    )
    parser.set_defaults(handler=_serve)

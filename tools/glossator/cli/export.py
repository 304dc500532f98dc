"""``glossator export``: the site's data files, from the archive on disk.

``--format all --output DIR`` writes exactly what the build writes into the site's ``data/``;
one format writes that one file to ``--output`` or to standard output. An archive that
``glossator check`` finds errors in is not exported: a half-valid archive would publish a
partial dataset that looks complete.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from glossator import archive as archive_mod
from glossator import checks
from glossator.cli.parsing import add_root, root_of
from glossator.diagnostics import GlossatorError
from glossator.exports import FORMATS, write_data_folder
from glossator.exports.data import from_archive

if TYPE_CHECKING:
    from glossator.cli.parsing import Subparsers


def _export(args: argparse.Namespace) -> int:
    root = root_of(args)
    loaded = archive_mod.load(root)
    errors = [d for d in checks.run(loaded) if d.severity == "error"]
    if errors:
        for problem in errors:
            print(problem.as_text(), file=sys.stderr)
        print(
            f"glossator: not exporting: 'glossator check' finds {len(errors)} error(s)",
            file=sys.stderr,
        )
        return 1
    data = from_archive(loaded, base_url=args.base_url or "")
    if args.format == "all":
        if not args.output:
            raise GlossatorError("--format all writes a folder: give it with --output DIR")
        folder = Path(args.output)
        if folder.exists() and not folder.is_dir():
            raise GlossatorError(f"--output {folder} is a file, not a folder")
        for path in write_data_folder(data, folder):
            print(path)
        return 0
    content = FORMATS[args.format].render(data)
    if args.output and args.output != "-":
        target = Path(args.output)
        if target.is_dir():
            target = target / FORMATS[args.format].filename
        target.write_bytes(content)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    return 0


def register(sub: Subparsers) -> None:
    export = sub.add_parser("export", help="write the open-data exports (as the build does)")
    export.add_argument("--format", choices=[*FORMATS, "all"], required=True)
    export.add_argument(
        "--output", help="file (one format; default: standard output) or folder (all)"
    )
    export.add_argument(
        "--base-url",
        help="the site's address, to write absolute links (default: links relative to data/)",
    )
    add_root(export)
    export.set_defaults(handler=_export)

"""``glossator review [PAGES] [--base REV]``: Markdown for the reviewers of a pull request."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from glossator import archive as archive_mod
from glossator.review import changed_pages, summary

if TYPE_CHECKING:
    from glossator.cli.parsing import Subparsers


def _review(args: argparse.Namespace) -> int:
    root = archive_mod.find_root(Path.cwd()) if args.root is None else Path(args.root)
    paths = args.pages or changed_pages(root, args.base)
    print(summary(root, paths), end="")
    return 0


def register(sub: Subparsers) -> None:
    review = sub.add_parser(
        "review",
        help="Markdown for reviewers: each changed page's anchors shown in their passages",
    )
    review.add_argument(
        "pages", nargs="*", help="pages to show (default: those changed since --base)"
    )
    review.add_argument("--base", default="origin/main", help="compare with this revision")
    review.add_argument("--root", default=None, help="the archive root (default: found from here)")
    review.set_defaults(handler=_review)

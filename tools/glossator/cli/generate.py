"""``glossator generate OUTDIR``: a synthetic archive for the benchmark and the tests."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from glossator.generate import generate

if TYPE_CHECKING:
    from glossator.cli.parsing import Subparsers


def _generate(args: argparse.Namespace) -> int:
    summary = generate(Path(args.outdir), args.annotations, args.sources, args.seed)
    kinds = ", ".join(f"{n} {k}" for k, n in summary.by_kind.items())
    print(
        f"wrote {summary.annotations} annotations ({kinds}) over {summary.sources} sources "
        f"into {args.outdir}: {summary.anchors} anchors, {summary.references} front-matter "
        f"references, {summary.body_roles} roles in text, {summary.cites} citations"
    )
    return 0


def register(sub: Subparsers) -> None:
    gen = sub.add_parser("generate", help="write a synthetic archive for benchmarks and tests")
    gen.add_argument("outdir", help="folder to write (new or empty)")
    gen.add_argument("--annotations", type=int, default=1000, help="number of annotation pages")
    gen.add_argument("--sources", type=int, default=5, help="number of source texts")
    gen.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    gen.set_defaults(handler=_generate)

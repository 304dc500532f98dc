"""``glossator shard``: build an archive as several Sphinx projects.

The design and how to run it: ``docs/reference/sharding.md``.

- ``glossator shard layout OUT`` checks the whole archive (cross-shard references are
  validated here, as ``glossator check`` does), gives every source and object its home shard
  (:mod:`glossator.shard.plan`) and writes one archive per shard (:mod:`glossator.shard.layout`).
  The shards come from ``shards.toml`` at the archive root (or ``--config``); without one, each
  source is its own shard.
- ``glossator shard matrix OUT`` prints the shards' names as JSON, for a CI matrix.
- ``glossator shard assemble OUT SITE`` writes the merged search page of the site whose
  ``SITE/<shard>/`` folders hold the built shards, and checks them (:mod:`glossator.shard.site`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from glossator import archive as archive_mod
from glossator import checks, report
from glossator.cli.check import cpus
from glossator.cli.parsing import add_root, root_of
from glossator.shard import layout as shardlayout
from glossator.shard import plan as shardplan

if TYPE_CHECKING:
    from glossator.cli.parsing import Subparsers

CONFIG_FILE = "shards.toml"


def _layout(args: argparse.Namespace) -> int:
    root = root_of(args)
    # read in as many processes as `glossator check` uses: the whole archive is loaded here
    loaded = archive_mod.load(root, jobs=cpus(), prepare=checks.prepare)
    found = checks.run(loaded)
    errors = [d for d in found if d.severity == "error"]
    if errors:
        print(report.render(errors, "text", len(loaded.pages) + len(loaded.sources)))
        print("glossator shard: the archive has errors; fix them before sharding", file=sys.stderr)
        return 1
    config_path = Path(args.config) if args.config else root / CONFIG_FILE
    if args.config or config_path.is_file():
        config = shardplan.read_config(config_path)
    else:
        config = shardplan.per_source(loaded)
    result = shardplan.plan(loaded, config)
    out = Path(args.out)
    shardlayout.write(root, loaded, result, out)
    for shard in result.shards:
        pages = len(result.pages_of(loaded, shard.name))
        print(
            f"{shard.name}: {len(shard.sources)} source(s), {pages} page(s), "
            f"{len(result.foreign[shard.name])} foreign page(s) for the checks"
        )
    print(f"wrote {len(result.shards)} shard(s) into {out}")
    return 0


def _matrix(args: argparse.Namespace) -> int:
    print(json.dumps(shardlayout.shard_names(Path(args.out))))
    return 0


def _assemble(args: argparse.Namespace) -> int:
    from glossator.shard import site as shardsite

    problems = shardsite.assemble(Path(args.out), Path(args.site), args.title)
    for problem in problems:
        print(f"glossator shard: {problem}", file=sys.stderr)
    if not problems:
        print(f"assembled {Path(args.site) / 'index.html'}")
    return 1 if problems else 0


def register(sub: Subparsers) -> None:
    """``glossator shard layout|matrix|assemble``."""
    shard = sub.add_parser("shard", help="build the archive as several Sphinx projects")
    steps = shard.add_subparsers(dest="step", required=True)
    layout = steps.add_parser("layout", help="write one archive and Sphinx project per shard")
    layout.add_argument("out", help="folder to write the shards into (new, empty or a layout)")
    add_root(layout)
    layout.add_argument(
        "--config",
        help=f"shard configuration (default: {CONFIG_FILE} at the archive root; "
        "without one, one shard per source)",
    )
    layout.set_defaults(handler=_layout)
    matrix = steps.add_parser("matrix", help="print the shards' names as JSON (a CI matrix)")
    matrix.add_argument("out", help="the folder 'glossator shard layout' wrote")
    matrix.set_defaults(handler=_matrix)
    assemble = steps.add_parser("assemble", help="write the merged search page of the site")
    assemble.add_argument("out", help="the folder 'glossator shard layout' wrote")
    assemble.add_argument("site", help="the site: one built and indexed shard per folder")
    assemble.add_argument("--title", default="Glossator archive", help="the root page's title")
    assemble.set_defaults(handler=_assemble)

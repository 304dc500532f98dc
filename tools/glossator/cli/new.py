"""``glossator new`` and ``glossator ingest``: the command-line side of :mod:`glossator.scaffold`.

One module for both: each writes the files a contribution starts from, a page or a source.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from glossator import scaffold
from glossator.cli.parsing import add_root, root_of
from glossator.diagnostics import GlossatorError
from glossator.model import CLAIM_KINDS, KINDS, NOTE_KINDS

if TYPE_CHECKING:
    from glossator.cli.parsing import Subparsers


def _new(args: argparse.Namespace) -> int:
    root = root_of(args)
    if bool(args.source) != bool(args.exact):
        raise GlossatorError("--source and --exact go together: the words and where they are")
    anchor = scaffold.NewAnchor(args.source, args.exact) if args.source else None
    path = scaffold.new_page(
        root,
        args.kind,
        args.id,
        title=args.title,
        speaker=args.speaker,
        claim_kind=args.claim_kind,
        note_kind=args.note_kind,
        anchor=anchor,
    )
    rel = path.relative_to(root).as_posix()
    print(f"wrote {rel}")
    print(f"next: edit it, then run 'glossator check {rel}'")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    root = root_of(args)
    done = scaffold.ingest(
        root,
        Path(args.file),
        args.id,
        title=args.title,
        title_line=args.title_line,
        language=args.language,
        url=args.url,
        cite=args.cite,
    )
    for path in done.created:
        print(f"wrote {path.relative_to(root).as_posix()}")
    print(f"sha256 {done.meta.sha256}")
    for step in done.todo:
        print(f"next: {step}", file=sys.stderr)
    return 0


def register(sub: Subparsers) -> None:
    _register_new(sub)
    _register_ingest(sub)


def _register_new(sub: Subparsers) -> None:
    new = sub.add_parser("new", help="write a new annotation page from a template")
    new.add_argument("kind", choices=KINDS)
    new.add_argument("id", help="the page's id: lowercase words joined by hyphens")
    new.add_argument("--title", help="the page's title (default: made from the id)")
    new.add_argument("--speaker", help="claims: id of the person who made the claim")
    new.add_argument("--claim-kind", choices=CLAIM_KINDS, help="claims: what kind of claim")
    new.add_argument("--note-kind", choices=NOTE_KINDS, default="other", help="notes: its kind")
    new.add_argument("--source", help="anchor the page in this source (with --exact)")
    new.add_argument("--exact", help="the exact words of the source the page is about")
    add_root(new)
    new.set_defaults(handler=_new)


def _register_ingest(sub: Subparsers) -> None:
    ingest = sub.add_parser("ingest", help="add a source text, verbatim, with its metadata")
    ingest.add_argument("file", help="the text file (UTF-8), copied byte for byte")
    ingest.add_argument("--id", required=True, help="the source's id (a lowercase slug)")
    ingest.add_argument("--title", help="its title (default: its first line of text)")
    ingest.add_argument("--title-line", type=int, help="the line holding the title")
    ingest.add_argument(
        "--language",
        default=scaffold.UNDETERMINED_LANGUAGE,
        help="BCP 47 code of the text's language (default: 'und', undetermined)",
    )
    ingest.add_argument("--url", help="where a copy of the text was seen")
    ingest.add_argument("--cite", help="its key in docs/references.bib (default: the id)")
    add_root(ingest)
    ingest.set_defaults(handler=_ingest)

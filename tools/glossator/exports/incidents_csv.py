"""``incidents.csv``: one row per incident, in columns modelled on ACLED's.

What differs from ACLED, and why:

* there is no single ``fatalities`` number. ACLED's figure is a coder's judgement; this archive
  records what each source reported, and sources disagree. ``reported_figures`` lists every
  reported figure with who reported it and the citation, and no figure is added up or chosen;
* ``date_precision`` is ``day``, ``month``, ``year`` or ``unknown`` (how much of the date is
  known), and an unknown date is an empty cell, never a guess;
* actors are listed by role (``actor1`` perpetrators, ``actor2`` targets, ``other_actors``);
* ``latitude``, ``longitude`` and ``geo_precision`` (``town``, ``near``, ``region``, ``country``)
  come from GeoNames through :mod:`glossator.locations`; ``geonames_id`` is the record they come
  from and ``location_via`` the place it belongs to (the incident's place, or the town it is
  near or part of).

The file follows RFC 4180: UTF-8, CRLF line ends, a header row, fields quoted when they hold a
comma, a quote or a line break. Text cells that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) get a leading apostrophe: contributed
text must not become a formula on a reader's machine.
"""

from __future__ import annotations

import csv
import io

from glossator import gazetteer
from glossator.exports.data import DATA_DIR, ExportData
from glossator.model import Incident, ReportedFigure

FILE = "incidents.csv"
_HERE = f"{DATA_DIR}/{FILE}"

COLUMNS: tuple[str, ...] = (
    "event_id",
    "title",
    "event_date",
    "year",
    "date_precision",
    "context_only",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor1_ids",
    "actor2",
    "actor2_ids",
    "other_actors",
    "country",
    "country_id",
    "location",
    "location_id",
    "latitude",
    "longitude",
    "geo_precision",
    "reported_figures",
    "notes",
    "sources",
    "passages",
    "url",
    "geonames_id",
    "geonames_url",
    "location_via",
    "location_cite",
)
"""The header, in order. Columns are only ever added at the end."""

_NUMERIC = frozenset({"year", "latitude", "longitude", "geonames_id"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A text cell that no spreadsheet runs as a formula (OWASP's advice for CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _figure(report: ReportedFigure, data: ExportData) -> str:
    numbers = [
        f"{label} {value}"
        for label, value in (("low", report.low), ("best", report.best), ("high", report.high))
        if value is not None
    ]
    what = ", ".join(numbers)
    if report.words:
        what = f'{what}, "{report.words}"' if what else f'"{report.words}"'
    text = f"{report.figure}"
    if report.subject:
        text += f", {report.subject}"
    text += f": {what or 'not reported'}"
    if report.reported_by:
        text += f", reported by {data.title_of(report.reported_by)}"
    return f"{text} [{report.cite}]"


def _row(incident: Incident, data: ExportData) -> dict[str, str]:
    by_role: dict[str, list[str]] = {}
    for actor in incident.actors:
        by_role.setdefault(actor.role, []).append(actor.ref)
    others = [
        f"{actor.role}: {data.title_of(actor.ref)}"
        for actor in incident.actors
        if actor.role not in ("perpetrator", "target")
    ]
    where = data.location_of(incident.place)
    passages = []
    for span in data.spans(incident):
        if span is not None:
            passages.append(f"{span.source}#{span.anchor}")
    cites = list(dict.fromkeys([*incident.cites, *(r.cite for r in incident.reports)]))
    return {
        "event_id": incident.id,
        "title": incident.title,
        "event_date": incident.date or "",
        "year": incident.date[:4] if incident.date else "",
        "date_precision": incident.date_precision,
        "context_only": "true" if incident.context else "false",
        "event_type": incident.event_type or "",
        "sub_event_type": incident.sub_event_type or "",
        "actor1": "; ".join(data.title_of(i) for i in by_role.get("perpetrator", [])),
        "actor1_ids": "; ".join(by_role.get("perpetrator", [])),
        "actor2": "; ".join(data.title_of(i) for i in by_role.get("target", [])),
        "actor2_ids": "; ".join(by_role.get("target", [])),
        "other_actors": "; ".join(others),
        "country": data.title_of(incident.country),
        "country_id": incident.country or "",
        "location": data.title_of(incident.place),
        "location_id": incident.place or "",
        "latitude": repr(where.lat) if where and where.lat is not None else "",
        "longitude": repr(where.lon) if where and where.lon is not None else "",
        "geo_precision": where.precision if where else "",
        "reported_figures": "; ".join(_figure(r, data) for r in incident.reports),
        "notes": incident.summary or "",
        "sources": "; ".join(cites),
        "passages": "; ".join(passages),
        "url": data.link(data.object_uri(incident), _HERE),
        "geonames_id": str(where.geonames) if where and where.geonames else "",
        "geonames_url": gazetteer.record_url(where.geonames) if where and where.geonames else "",
        "location_via": where.via if where else "",
        "location_cite": (where.cite or "") if where else "",
    }


def render(data: ExportData) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for obj in data.of_kind("incident"):
        assert isinstance(obj, Incident)
        row = _row(obj, data)
        writer.writerow(
            [row[c] if c in _NUMERIC or not row[c] else neutralise(row[c]) for c in COLUMNS]
        )
    return buffer.getvalue().encode("utf-8")

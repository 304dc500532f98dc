"""The timeline of incidents (``{glossator-timeline}``), rendered at write time on one page.

Incidents are listed in date order, grouped by year. A date is shown exactly as precisely as
it is known: "20 January 2022" for a day, "January 2022" marked *month only* for a month, and
undated incidents come last under "Date not reported" rather than being given a guessed date.
Within a month, an incident known only to the month comes before the days of that month.
"""

from __future__ import annotations

import calendar
from itertools import groupby
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from glossator.model import Incident
from glossator.sphinx import guards, htmlnodes
from glossator.sphinx.domain import GlossatorDomain, ObjectEntry

PRECISION_WORDS = {"day": "day", "month": "month only", "year": "year only", "unknown": "unknown"}


class timeline(nodes.General, nodes.Element):
    """Where the timeline goes; filled in at write time from the domain's incidents."""


class Timeline(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        domain: GlossatorDomain = self.env.domains["glossator"]  # type: ignore[assignment]
        # recorded like a listing, so an incremental build rewrites this page when incidents change
        domain.note_listing(self.env.docname, "incident")
        domain.note_listing(self.env.docname, "place")
        return [timeline()]


def date_text(incident: Incident) -> str:
    """The date in words, no more precise than known: "20 January 2022", "January 2022", "2022"."""
    if not incident.date:
        return "Date not reported"
    parts = incident.date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = calendar.month_name[int(parts[1])]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def sort_key(entry: ObjectEntry) -> tuple[int, int, int, str]:
    """Year, month, day (0 when unknown, so a month-only date leads its month); undated last."""
    obj = entry.obj
    date = obj.date if isinstance(obj, Incident) else None
    if not date:
        return (10_000, 0, 0, obj.id)
    numbers = [int(p) for p in date.split("-")] + [0, 0]
    return (numbers[0], numbers[1], numbers[2], obj.id)


def _link(builder: Builder, fromdoc: str, entry: ObjectEntry) -> nodes.reference:
    ref = nodes.reference(
        "", "", internal=True, refuri=builder.get_relative_uri(fromdoc, entry.docname)
    )
    ref += htmlnodes.bidi("", entry.obj.title)
    return ref


def _item(
    entry: ObjectEntry, domain: GlossatorDomain, builder: Builder, fromdoc: str
) -> nodes.list_item:
    incident = entry.obj
    assert isinstance(incident, Incident)
    precision = incident.date_precision
    item = nodes.list_item(classes=["glossator-timeline-item", f"glossator-precision-{precision}"])
    when = nodes.paragraph(classes=["glossator-timeline-date"])
    if incident.date:
        when += htmlnodes.time("", date_text(incident), datetime=incident.date)
    else:
        when += nodes.inline("", date_text(incident))
    if precision in ("month", "year"):
        when += nodes.Text(" ")
        when += nodes.inline("", f"({PRECISION_WORDS[precision]})", classes=["glossator-precision"])
    if incident.date_note:
        when += nodes.inline("", f" \u2014 {incident.date_note}", classes=["glossator-date-note"])
    item += when
    what = nodes.paragraph(classes=["glossator-timeline-what"])
    what += _link(builder, fromdoc, entry)
    where = [domain.lookup(i) for i in (incident.place, incident.country) if i]
    shown = [e for e in where if e is not None]
    if shown:
        what += nodes.Text(" \u2014 ")
        for index, place in enumerate(dict.fromkeys(e.obj.id for e in shown)):
            if index:
                what += nodes.Text(", ")
            found = domain.objects[place]
            what += _link(builder, fromdoc, found)
    if incident.context:
        what += nodes.Text(" ")
        what += nodes.inline("", "(context)", classes=["glossator-context-label"])
    item += what
    if incident.summary:
        item += nodes.paragraph(incident.summary, incident.summary, classes=["glossator-summary"])
    return item


def render(node: timeline, domain: GlossatorDomain, builder: Builder, docname: str) -> None:
    entries = sorted(domain.objects_of_kind("incident"), key=sort_key)
    if not entries:
        node.replace_self(nodes.paragraph("", "No incidents yet."))
        return
    container = htmlnodes.search_unindexed(classes=["glossator-timeline"])

    def year_of(entry: ObjectEntry) -> str:
        date = entry.obj.date if isinstance(entry.obj, Incident) else None
        return date[:4] if date else ""

    for year, group in groupby(entries, key=year_of):
        heading = year or "Date not reported"
        section = nodes.section(
            ids=[f"year-{year}" if year else "date-not-reported"],
            classes=["glossator-timeline-year"],
        )
        section += nodes.title(heading, heading)
        items = nodes.bullet_list(classes=["glossator-timeline-list"])
        for entry in group:
            items += _item(entry, domain, builder, docname)
        section += items
        container += section
    node.replace_self(container)


def setup_timeline(app: Sphinx) -> None:
    app.add_node(timeline)
    app.add_directive("glossator-timeline", guards.archive_only(Timeline))

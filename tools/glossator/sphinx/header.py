"""The header of an object page: its front-matter fields, in words a reader understands.

Everything from front matter reaches HTML as docutils ``Text`` nodes, which the HTML writer
escapes; ids become ``pending_xref`` nodes resolved by the domain; citation keys go through
sphinxcontrib-bibtex's own ``cite`` role so that they link to the bibliography.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from docutils import nodes
from sphinx.addnodes import pending_xref

from glossator import gazetteer
from glossator.model import (
    CLAIM_STATUSES,
    KIND_LABELS,
    AnnotationObject,
    Claim,
    Incident,
    Note,
    Organization,
    Person,
    Place,
    ReportedFigure,
    normalize_name,
)
from glossator.sphinx import search
from glossator.sphinx.nodes import place_location
from glossator.sphinx.tables import table

CiteMaker = Callable[[str], list[nodes.Node]]

_ROLE_OF_KIND = {"organization": "org"}


def xref(target: str, kind: str = "", text: str | None = None) -> pending_xref:
    """A reference to an object by id, resolved (and titled) by the domain at write time."""
    role = _ROLE_OF_KIND.get(kind, kind) if kind else "object"
    node = pending_xref(
        "",
        refdomain="glossator",
        reftype=role,
        reftarget=target,
        refexplicit=text is not None,
        refwarn=False,
    )
    node += nodes.inline(text or target, text or target, classes=["glossator-xref"])
    return node


def _join(items: Sequence[nodes.Node], sep: str = ", ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(sep))
        out.append(item)
    return out


def _field(name: str, body: Sequence[nodes.Node] | str) -> nodes.field:
    field = nodes.field()
    field += nodes.field_name(name, name)
    para = nodes.paragraph()
    if isinstance(body, str):
        para += nodes.Text(body)
    else:
        para.extend(body)
    field += nodes.field_body("", para)
    return field


def date_words(obj: Incident) -> str:
    """The date as precise as it is known, and no more ("January 2022", not "2022-01-01")."""
    import calendar

    if not obj.date:
        return "unknown"
    parts = obj.date.split("-")
    if len(parts) == 1:
        text = f"{parts[0]} (year only)"
    elif len(parts) == 2:
        text = f"{calendar.month_name[int(parts[1])]} {parts[0]} (month only)"
    else:
        text = f"{int(parts[2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
    return f"{text}; {obj.date_note}" if obj.date_note else text


def figure_words(report: ReportedFigure) -> str:
    numbers = [
        f"{label} {value}"
        for label, value in (("low", report.low), ("best", report.best), ("high", report.high))
        if value is not None
    ]
    amount = ", ".join(numbers) if numbers else "number not reported"
    if report.words:
        amount += f" (\u201c{report.words}\u201d)"
    subject = f" {report.subject}" if report.subject else ""
    return f"{report.figure}{subject}: {amount}"


def _variants(aliases: Sequence[str], forms: dict[str, str]) -> list[nodes.Node]:
    """``Ghuwayran, Ghwayran (of “Ghweran”); Gweiran (of “Ghweiran”)``: each variant alias
    under the name form it varies, in the order the page lists them."""
    groups: dict[str, list[str]] = {}
    for alias in aliases:
        form = forms.get(normalize_name(alias))
        if form is not None:
            groups.setdefault(form, []).append(alias)
    out: list[nodes.Node] = []
    for form, variants in groups.items():
        if out:
            out.append(nodes.Text("; "))
        out.extend(_join([search.alias_node(v) for v in variants]))
        out.append(nodes.Text(f" (of \u201c{form}\u201d)"))
    return out


def build(obj: AnnotationObject, cite: CiteMaker) -> nodes.container:
    """The header block (a field list) for ``obj``."""
    box = nodes.container(classes=["glossator-header", f"glossator-{obj.kind}"])
    box += nodes.paragraph("", KIND_LABELS[obj.kind], classes=["glossator-kind"])
    fields = nodes.field_list(classes=["glossator-fields"])
    forms = {normalize_name(variant): form for variant, form in obj.variants.items()}
    plain = [a for a in obj.aliases if normalize_name(a) not in forms]
    if plain:
        fields += _field("Also called", _join([search.alias_node(a) for a in plain]))
    if forms:
        fields += _field("Spelling variants", _variants(obj.aliases, forms))
    if isinstance(obj, Incident):
        fields += _field("Date", date_words(obj))
        if obj.place:
            fields += _field("Place", [xref(obj.place, "place")])
        if obj.country:
            fields += _field("Country", [xref(obj.country, "place")])
        if obj.event_type:
            kind = obj.event_type.replace("-", " ")
            sub = f" ({obj.sub_event_type})" if obj.sub_event_type else ""
            fields += _field("Event type", f"{kind}{sub}")
        if obj.context:
            fields += _field("Role in the article", "context: an event the article leans on")
        if obj.actors:
            fields += _field(
                "Actors",
                _join(
                    [
                        nodes.inline("", "", xref(a.ref), nodes.Text(f" ({a.role})"))
                        for a in obj.actors
                    ]
                ),
            )
    elif isinstance(obj, Person):
        for role in obj.roles:
            body: list[nodes.Node] = [nodes.Text(role.description)]
            if role.affiliation:
                body += [nodes.Text(", "), xref(role.affiliation, "organization")]
            if role.as_given:
                body.append(nodes.Text(f" \u2014 as given: \u201c{role.as_given}\u201d"))
            fields += _field("Role", body)
        if obj.country:
            fields += _field("Country", [xref(obj.country, "place")])
    elif isinstance(obj, Organization):
        if obj.org_type:
            fields += _field("Type", obj.org_type.replace("-", " "))
        if obj.part_of:
            fields += _field("Part of", [xref(obj.part_of, "organization")])
        if obj.country:
            fields += _field("Country", [xref(obj.country, "place")])
    elif isinstance(obj, Place):
        if obj.place_type:
            fields += _field("Type", obj.place_type)
        if obj.part_of:
            fields += _field("Part of", [xref(obj.part_of, "place")])
        if obj.geonames is not None:
            record = nodes.reference(
                "", f"GeoNames {obj.geonames}", refuri=gazetteer.record_url(obj.geonames)
            )
            fields += _field("Authority", [record, nodes.Text(" "), *cite(gazetteer.CITE)])
        # where the place is comes from the gazetteer and the other places: filled in when
        # the page is written (glossator.sphinx.places), once every place has been read
        fields += _field("Location", [place_location(place_id=obj.id)])
    elif isinstance(obj, Claim):
        fields += _field("Speaker", [xref(obj.speaker, "person")])
        fields += _field("Kind of claim", obj.claim_kind)
        fields += _field(
            "Quoted",
            "in the speaker's words (direct quote)"
            if obj.quote_type == "direct"
            else "in the article's words (reported speech)",
        )
        fields += _field("Status", CLAIM_STATUSES[obj.status])
        if obj.about:
            fields += _field("About", _join([xref(t) for t in obj.about]))
        for label, relations in (("Contradicts", obj.contradicts), ("Supports", obj.supports)):
            for relation in relations:
                body = [xref(relation.claim, "claim")]
                if relation.reason:
                    body.append(nodes.Text(f" \u2014 why: {relation.reason}"))
                fields += _field(label, body)
        for evidence in obj.evidence:
            body = [nodes.Text(f"{evidence.stance}: "), *cite(evidence.cite)]
            if evidence.note:
                body.append(nodes.Text(f" \u2014 {evidence.note}"))
            fields += _field("Evidence", body)
    elif isinstance(obj, Note):
        fields += _field("Kind of note", obj.note_kind)
        if obj.about:
            fields += _field("About", _join([xref(t) for t in obj.about]))
    if obj.see_also:
        fields += _field("See also", _join([xref(t) for t in obj.see_also]))
    if obj.cites:
        fields += _field("Sources", _join([n for key in obj.cites for n in cite(key)]))
    if len(fields):
        box += fields
    if obj.summary:
        box += nodes.paragraph(obj.summary, obj.summary, classes=["glossator-summary"])
    if isinstance(obj, Incident) and obj.reports:
        box += _reports_table(obj.reports, cite)
    box += search.search_facets(object_id=obj.id)
    return box


def _reports_table(reports: Sequence[ReportedFigure], cite: CiteMaker) -> nodes.table:
    rows = []
    for report in reports:
        words = figure_words(report) + (f" \u2014 {report.note}" if report.note else "")
        by: list[nodes.Node] = (
            [xref(report.reported_by)] if report.reported_by else [nodes.Text("not stated")]
        )
        rows.append(
            [
                nodes.paragraph(words, words),
                nodes.paragraph("", "", *by),
                nodes.paragraph("", "", *cite(report.cite)),
            ]
        )
    return table(
        ("Figure", "Reported by", "Where"),
        rows,
        ["glossator-reports"],
        title="Reported figures",
        sortable=False,
    )

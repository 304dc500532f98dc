"""Docutils tables built from rows of nodes: listings, reported figures, field references."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[nodes.Node]],
    classes: Sequence[str] = (),
    *,
    title: str | None = None,
    sortable: bool = True,
) -> nodes.table:
    """A table whose cells are given as nodes; ``sortable`` tables get clickable headings."""
    extra = ["glossator-sortable"] if sortable else []
    tbl = nodes.table(classes=["glossator-table", *extra, *classes])
    if title:
        tbl += nodes.title(title, title)
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    head = nodes.thead()
    group += head
    row = nodes.row()
    head += row
    for header in headers:
        row += nodes.entry("", nodes.paragraph(header, header))
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        body += row
        for cell in cells:
            row += nodes.entry("", cell)
    return tbl

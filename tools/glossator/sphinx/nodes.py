"""Placeholder nodes, filled in at ``doctree-resolved`` time from the domain's data.

Like ``todolist`` in ``sphinx.ext.todo``: what they show depends on other documents, so the
pickled doctree keeps only the placeholder and each write renders it from the current data.
"""

from __future__ import annotations

from docutils import nodes


class referenced_by(nodes.General, nodes.Element):
    """Where the "Referenced by" list of an object page goes (``object_id`` attribute)."""


class object_listing(nodes.General, nodes.Element):
    """Where a listing table of every object of one kind goes (``kind`` attribute)."""


class source_passage(nodes.paragraph):
    """One passage (line) of a source text; ``source`` and ``number`` attributes."""


class source_coverage(nodes.General, nodes.Element):
    """Where the coverage figure of a source goes (``source`` attribute)."""


class source_legend(nodes.General, nodes.Element):
    """Where the legend of a source's highlights goes (``source`` attribute)."""


def _skip(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    raise nodes.SkipNode


class place_location(nodes.General, nodes.Inline, nodes.Element):
    """Where a place is (from the gazetteer and the places it is near or part of); filled in
    at write time by :func:`glossator.sphinx.places.render_location`."""


PLACEHOLDERS = (referenced_by, object_listing, source_coverage, source_legend, place_location)


class object_marker(nodes.General, nodes.Element):
    """Left by the header directive for :class:`WrapObjectPage`; removed before writing."""

"""The article's margin: each passage's annotations beside it, as a disclosure.

On a wide screen the stylesheet lays each passage and its ``<aside>`` side by side in one grid
row, so a note's top is level with its passage and never beside another section; the
``<details>`` around the list is shown open there (its ``<summary>`` is hidden). On a narrow
screen it is what it looks like: a "3 notes" button under the passage that opens the notes
below it. Both work without JavaScript.

A passage with more notes than fit beside its text shows the first few and "+N more", which
expands in place. How many fit is estimated here from the lengths of the text and of the
titles, for a 1366 px window; on a wide screen the script then shows as many more as the
passage's height really leaves room for. A row grows when a reader opens "+N more".
"""

from __future__ import annotations

import math

from docutils import nodes
from sphinx.builders import Builder

from glossator.model import KIND_LABELS
from glossator.sphinx import htmlnodes
from glossator.sphinx.domain import GlossatorDomain, ObjectEntry

# the wide layout's measures, in characters per line and lines, from the stylesheet
TEXT_LINE = 88  # characters per line of the text column of a 1366 px window
NOTE_LINE = 36  # characters per line of the notes column (15rem of .85em text)
LABEL = 8  # the kind label before a title, in characters
LINE_RATIO = 1.18  # one line of text (1em) is about this many lines of notes (.85em)
HEADING_LINES = 2.5  # a heading's row is about this many lines of body text high
ITEM_GAP = 0.2  # the space between two notes, in note lines
MORE_LINE = 1.1  # the "+N more" line
MIN_SHOWN = 1  # at least this many notes are always shown


def shown_count(titles: list[str], text: str, heading: bool) -> int:
    """How many of the notes fit beside the passage before "+N more" is needed.

    A passage's height is estimated in note lines; each note takes the lines its label and
    title wrap to, plus a little spacing. "+1 more" is never offered: it would take the line
    the last note needs.
    """
    text_lines = HEADING_LINES if heading else max(1, math.ceil(len(text) / TEXT_LINE))
    room = text_lines * LINE_RATIO
    needs = [math.ceil((len(title) + LABEL) / NOTE_LINE) + ITEM_GAP for title in titles]
    if sum(needs) <= room + MORE_LINE:  # all fit (a line over is better than "+1 more")
        return len(titles)
    used, shown = MORE_LINE, 0
    for need in needs:
        if used + need > room and shown >= MIN_SHOWN:
            break
        used += need
        shown += 1
    return len(titles) if len(titles) - shown <= 1 else shown


def notes_for(
    number: int,
    entries: list[ObjectEntry],
    text: str,
    heading: bool,
    builder: Builder,
    docname: str,
) -> htmlnodes.margin_notes:
    """The ``<aside>`` of passage ``number`` listing ``entries`` (kind, title, link)."""
    items = [_item(entry, builder, docname) for entry in entries]
    shown = shown_count([e.obj.title for e in entries], text, heading)
    listing = nodes.bullet_list(classes=["glossator-margin-list"])
    listing.extend(items[:shown])
    if shown < len(items):
        more = htmlnodes.details("", classes=["glossator-more"])
        more += htmlnodes.summary("", f"+{len(items) - shown} more")
        rest = nodes.bullet_list(classes=["glossator-margin-list"])
        rest.extend(items[shown:])
        more += rest
        listing += nodes.list_item("", more, classes=["glossator-more-item"])
    count = len(items)
    group = htmlnodes.details("", classes=["glossator-notes"])
    toggle = htmlnodes.summary("", classes=["glossator-notes-toggle"])
    toggle += nodes.Text(f"{count} note{'s' * (count != 1)}")
    toggle += nodes.inline("", f" on paragraph {number}", classes=["glossator-visually-hidden"])
    group += toggle
    group += listing
    return htmlnodes.margin_notes(
        "",
        group,
        classes=["glossator-margin"],
        label=f"Annotations of paragraph {number}",
        passage=number,
    )


def _item(entry: ObjectEntry, builder: Builder, docname: str) -> htmlnodes.note_item:
    kind = entry.obj.kind
    para = nodes.paragraph()
    para += nodes.inline(
        "", KIND_LABELS[kind], classes=["glossator-kind-label", f"glossator-kind-{kind}"]
    )
    para += nodes.Text(" ")
    ref = nodes.reference(
        "", "", internal=True, refuri=builder.get_relative_uri(docname, entry.docname)
    )
    ref += htmlnodes.bidi("", entry.obj.title)
    para += ref
    return htmlnodes.note_item("", para, annotation=entry.obj.id, kind=kind)


def entries_of(ids: list[str], domain: GlossatorDomain) -> list[ObjectEntry]:
    """The domain's entries for ``ids``, in order, each once; unknown ids are left out."""
    return [domain.objects[i] for i in dict.fromkeys(ids) if i in domain.objects]

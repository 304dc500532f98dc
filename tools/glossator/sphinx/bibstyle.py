"""A pybtex style for the archive's bibliography: web sources as their publisher names them.

pybtex's ``plain`` style sentence-cases titles ("Bloody isis attack kills 11 iraqi
soldiers"), prints months as numbers and drops the ``organization`` of an ``@online`` entry.
For news sources the publisher and the exact title are what a reader needs, so this style
keeps the title as written, names the organization and writes the date in words.
"""

from __future__ import annotations

import calendar
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field, node, optional, sentence

NAME = "glossator"


def _date_in_words(children: Any, data: Any) -> Text:
    """``date`` (2022-01-21) or ``month``/``year`` as "21 January 2022" / "February 2022"."""
    del children
    fields = data["entry"].fields
    date = str(fields.get("date", ""))
    parts = date.split("-") if date else []
    year = parts[0] if parts else str(fields.get("year", ""))
    month = parts[1] if len(parts) > 1 else str(fields.get("month", ""))
    day = parts[2] if len(parts) > 2 else ""
    words = []
    if day:
        words.append(str(int(day)))
    if month.isdigit() and 1 <= int(month) <= 12:
        words.append(calendar.month_name[int(month)])
    if year:
        words.append(year)
    return Text(" ".join(words) if words else "n.d.")


date_in_words: Any = node(_date_in_words)  # a pybtex template node


class Style(UnsrtStyle):  # type: ignore[misc]
    def get_online_template(self, e: Any) -> Any:
        return toplevel[
            optional[sentence[field("organization")]],
            sentence[field("title")],
            sentence[date_in_words],
            sentence[optional[field("note")]],
            self.format_web_refs(e),
        ]


def register() -> None:
    register_plugin("pybtex.style.formatting", NAME, Style, force=True)

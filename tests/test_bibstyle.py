"""The bibliography style: exact titles, the publisher, dates in words (never "n.d." for a dated entry)."""

from __future__ import annotations

from pybtex.database import parse_string

from glossator.sphinx import bibstyle

BIB = """
@online{dated,
  title = {Bloody ISIS attack kills 11 Iraqi soldiers in Diyala},
  organization = {Shafaq News},
  url = {https://example.org/a},
  date = {2022-01-21},
}
@online{monthly,
  title = {[A descriptive title]},
  year = {2022},
  month = {2},
  note = {A note},
}
@online{undated,
  title = {No date},
}
"""


def render() -> dict[str, str]:
    entries = parse_string(BIB, "bibtex")
    formatted = bibstyle.Style().format_bibliography(entries)
    return {entry.key: entry.text.render_as("text") for entry in formatted}


def test_online_entries() -> None:
    text = render()
    assert text["dated"] == (
        "Shafaq News. Bloody ISIS attack kills 11 Iraqi soldiers in Diyala. 21 January 2022. "
        "URL: https://example.org/a."
    )
    assert text["monthly"] == "[A descriptive title]. February 2022. A note."
    assert text["undated"] == "No date. n.d."


def test_registered_for_sphinxcontrib_bibtex() -> None:
    from pybtex.plugin import find_plugin

    bibstyle.register()
    assert find_plugin("pybtex.style.formatting", "glossator") is bibstyle.Style

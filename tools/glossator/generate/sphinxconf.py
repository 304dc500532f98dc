"""The generated archive's ``conf.py``: the real ``docs/conf.py``, and what a synthetic one changes.

Why not a copy: the generated archive is what the benchmark builds and what the scale tests
build, so it must be configured as the real site is; a copy kept in this package drifted from
``docs/conf.py`` (a bibliography style, the theme's options, the page context, the owner).
The real file is written out as it is, followed by the few assignments of :data:`OVERRIDES`,
each name listed with its reason in :data:`CHANGES`; ``tests/test_generate_conf.py`` fails if
a setting of ``docs/conf.py`` is missing from the result or changed without being listed.
"""

from __future__ import annotations

import re
from pathlib import Path

from glossator.diagnostics import GlossatorError

REAL_CONF = Path(__file__).resolve().parents[3] / "docs" / "conf.py"
"""The real archive's configuration, beside the package in the repository (the generator is
a tool of the repository's benchmark and tests, run from a source checkout)."""

CHANGES: dict[str, str] = {
    "project": "the synthetic archive must not pass for the real one",
    "html_title": "the same",
    "copyright": "the synthetic texts have no publisher to own them (the real one names one)",
    "author": "nor authors: they are drawn from a word list",
    "html_static_path": "a generated docs/ has no _static folder (the real one holds the "
    "screenshot CONTRIBUTING.md shows)",
    "bibtex_default_style": "kept as the copy had it (plain), like the one below, so that the "
    "generated site stays byte-identical to the one docs/performance.md was measured on and to "
    "older refs in nox -s compare; without these two lines it is configured as the real site",
    "html_theme_options": "as the copy had it: without the search bar's placeholder",
}
"""Each setting the generated ``conf.py`` changes, and why."""

OVERRIDES = """
# -- glossator generate: what a synthetic archive changes (glossator.generate.sphinxconf) --
project = "Synthetic archive"
html_title = "Synthetic archive"
del copyright, author
html_static_path = []
bibtex_default_style = "plain"
html_theme_options = {k: v for k, v in html_theme_options.items() if k != "search_bar_text"}
"""
"""The assignments appended to the real file: one or more per name of :data:`CHANGES`."""

_SETS = re.compile(r"^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)", re.MULTILINE)


def render(real: Path = REAL_CONF) -> str:
    """The generated archive's ``conf.py``: ``real`` as it is, then :data:`OVERRIDES`."""
    try:
        text = real.read_text(encoding="utf-8")
    except OSError as exc:
        raise GlossatorError(
            f"glossator generate writes its conf.py from the repository's docs/conf.py, which "
            f"cannot be read at {real} ({exc.strerror}): run it from a source checkout"
        ) from None
    stale = sorted(set(CHANGES) - set(_SETS.findall(text)))
    if stale:
        raise GlossatorError(
            f"{real} no longer sets {', '.join(stale)}: update CHANGES and OVERRIDES in "
            "glossator/generate/sphinxconf.py"
        )
    return text.rstrip("\n") + "\n" + OVERRIDES

"""The bounds a page must stay within: numbers only, at the bottom of the package.

Why a module of its own: each bound is enforced by one module (the front-matter parser, the
archive loader, the Markdown tokenizer, the page policy) and explained by the code registry
(:mod:`glossator.codes`), which tells a contributor what the limit is. With the numbers here,
the registry imports no module that emits its codes, and those modules can take their
diagnostics from the registry.
"""

from __future__ import annotations

MAX_PAGE_BYTES = 64 * 1024
"""Real pages are a few KiB; a hostile page's parse time grows with its size (about 5 s here)."""

MAX_FRONT_MATTER_BYTES = 32 * 1024
"""Largest front matter (the YAML between the ``---`` lines)."""

MAX_YAML_DEPTH = 12
"""Deepest nesting of the front matter's mappings and lists."""

MAX_NUMBER_DIGITS = 15
"""Most digits in a YAML number (Python refuses to print an int of 4,301 digits; nothing in
the model needs more than a count of people or a coordinate)."""

MAX_ROLE_TEXT = 2_000
"""Longest role content looked at for an explicit ``title <target>`` (nothing real is longer)."""

MAX_CITE_KEYS = 20
"""Most keys in one citation role (sphinxcontrib-bibtex reads them recursively, one frame each)."""

MAX_LINE_CHARS = 10_000
"""Longest line allowed. A paragraph may be one long line; nothing legitimate is longer."""

MAX_DEPTH = 8
"""Deepest nesting of lists, block quotes and directives, counted together.

markdown-it silently drops whatever lies 20 token levels deep (a list takes two levels, a
quote one), so ten nested lists lose their text without a word; and MyST parses each
directive body with a fresh parser, recursing in Python, so about 150 nested directives
crash Sphinx with ``RecursionError``. Eight is beyond what prose needs and below both.
"""

MAX_OPTIONS_CHARS = 2_000
"""Longest text of a directive's options block (an alt text and a width need far less)."""

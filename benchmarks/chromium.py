"""The headless Chromium the benchmark and the browser tests both drive: its binary and flags.

One definition, so that the bytes the benchmark measures a search fetching and what the browser
tests see come from the same browser, started the same way. Here rather than in the package: a
browser is no part of what ``pip install`` gives a user; the tests import it from the
repository root (``pythonpath`` in pyproject.toml).
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

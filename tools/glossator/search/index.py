"""The site's search index: Pagefind over the built HTML, made reproducible.

``python -m glossator.search.index <html folder>`` runs Pagefind (its PyPI package ships the
binary, so nothing is downloaded) and then rewrites the one part of its output that is not
reproducible, its filter indexes (:mod:`glossator.search.stabilize`).

:func:`build` also keeps what one query fetches small: Pagefind is asked for smaller word
chunks (:data:`WORD_CHUNK_POSTINGS`), and :mod:`glossator.search.compact` gives the fragments
short names afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from glossator.search import compact, pages, stabilize

WORD_CHUNK_POSTINGS = 3000
"""Postings (a page a word is on, and each place on it) per chunk of Pagefind's word index.

A query fetches the chunk of each of its words. Pagefind's default (20,000) makes chunks of
30-50 KB gzipped at 10,000 annotations; a smaller size fetches only the neighbourhood of the
query's words, for a few bytes more in the metadata per extra chunk (docs/performance.md). Set
through ``PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE``, which Pagefind 1.5 reads (hence the pin in
pyproject.toml; tests/test_searchcompact.py fails if it stops working)."""

EXCLUDED = (
    "a.headerlink",  # the "#" of every heading
    ".glossator-kind",  # the kind badge: a filter and the result's own badge say it
    ".glossator-fields",  # the header's field list (its aliases are indexed apart, weighted)
    ".glossator-coverage",  # the article's coverage line
    "aside.glossator-margin",  # the article's margin notes: titles of other pages
    "blockquote.glossator-quote .attribution",  # "paragraph 33 of <the article's title>"
)
"""Parts of the built pages Pagefind leaves out (``--exclude-selectors``), so that results
match and show the pages' prose, not the machinery around it (glossator.sphinx.search)."""


def build(site: Path, *, quiet: bool = True) -> list[str]:
    """Index the HTML site at ``site`` with Pagefind, make the index reproducible and compact.

    Stabilizing (:mod:`glossator.search.stabilize`) comes first. Compacting
    (:mod:`glossator.search.compact`) comes second: it names its files after their
    content, so it needs the reproducible filters and metadata first. Last, the ids of the
    source and reference pages are listed for the search page (:mod:`glossator.search.pages`).
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    command += ["--exclude-selectors", ", ".join(EXCLUDED)]
    if quiet:
        command.append("--silent")
    env = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(WORD_CHUNK_POSTINGS)}
    subprocess.run(command, check=True, env=env)
    bundle = site / "pagefind"
    problems = stabilize.stabilize(bundle) + compact.compact(bundle)
    return problems + pages.write(site)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m glossator.search.index <built html folder>", file=sys.stderr)
        return 2
    site = Path(args[0])
    if not (site / "index.html").is_file():
        print(
            f"glossator.search.index: {site} holds no built site (no index.html)", file=sys.stderr
        )
        return 2
    problems = build(site, quiet=False)
    for problem in problems:
        print(f"glossator.search.index: warning: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

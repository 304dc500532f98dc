"""Each annotation page is parsed once per build: by the checks, then taken from them at ``source-read``.

The parser is wrapped to note every page it parses in a file (appended to, so that the forked
reading processes of a ``-j`` build note theirs too); after a build, serial or parallel, clean
or incremental, each page must be there once.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, cast

import pytest
from sphinx.environment import BuildEnvironment

from glossator import pages
from glossator.generate import generate
from glossator.sphinx.build import loadedpages

from conftest import BuildFn

BASIC = {"html_theme": "basic", "html_theme_options": {}, "glossator_check_errors": "warn"}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A file with one line per page parsed, from this process and any it forks."""
    log = tmp_path / "parsed.log"
    log.touch()

    def counting(text: str, relpath: str) -> pages.Page:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, (relpath + "\n").encode("utf-8"))
        finally:
            os.close(fd)
        return original(text, relpath)

    original = pages.parse_page
    import glossator.sphinx  # noqa: F401  # every module that may parse, imported

    for name, module in list(sys.modules.items()):
        if name.startswith("glossator") and getattr(module, "parse_page", None) is original:
            monkeypatch.setattr(module, "parse_page", counting)
    return log


def parsed(log: Path) -> Counter[str]:
    counts = Counter(log.read_text(encoding="utf-8").split())
    log.write_text("", encoding="utf-8")
    return counts


def annotation_paths(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / "annotations").rglob("*.md")}


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "two-processes"])
def test_each_page_parsed_once_per_build(
    tmp_path: Path, build: BuildFn, parses: Path, parallel: int
) -> None:
    root = tmp_path / "corpus"
    generate(root, 60, 2, seed=5)
    expected = annotation_paths(root)
    out = tmp_path / "out"
    build(root, parallel=parallel, outdir=out, **BASIC)
    counts = parsed(parses)
    assert set(counts) == expected
    assert set(counts.values()) == {1}

    # an incremental build: the edited page is read again by Sphinx, and parsed once
    edited = sorted(expected)[len(expected) // 2]
    path = root / edited
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    html = build(root, parallel=parallel, outdir=out, freshenv=False, **BASIC).html
    counts = parsed(parses)
    assert set(counts) == expected
    assert set(counts.values()) == {1}
    assert "One more line." in (html / edited).with_suffix(".html").read_text(encoding="utf-8")


class _Env:
    """What :mod:`glossator.sphinx.build.loadedpages` uses of Sphinx's environment."""

    def __init__(self) -> None:
        self.current_document: dict[str, Any] = {}


def test_a_page_changed_after_the_checks_is_parsed_from_the_text_sphinx_read() -> None:
    env = cast(BuildEnvironment, _Env())
    rel = "annotations/persons/someone.md"
    checked = pages.parse_page("---\ntitle: Someone\n---\nChecked text.\n", rel)
    loadedpages.keep(env, [checked])
    assert loadedpages.page_for(env, "annotations/persons/someone", checked.text) is checked

    env.current_document.clear()  # the next document
    changed = "---\ntitle: Someone Else\n---\nWritten after the checks.\n"
    page = loadedpages.page_for(env, "annotations/persons/someone", changed)
    assert page is not checked
    assert page.obj is not None and page.obj.title == "Someone Else"
    assert page.findings is None  # not checked yet: the guard checks it
    # asked again for the same document and text (the reader after the guard): the same page
    assert loadedpages.page_for(env, "annotations/persons/someone", changed) is page

"""What the writing phase asks once instead of once per page, and how many processes write.

The shortcuts (:mod:`glossator.sphinx.build.pagetemplates`) and the writing processes
(:mod:`glossator.sphinx.build.parallelwrite`) must leave every page byte for byte as it was;
these tests build the same archive with and without them, serially and with two processes,
and look at what each one decides on its own.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jinja2 import DictLoader, Environment
from sphinx.util.parallel import ParallelTasks

from glossator.generate import generate
from glossator.preview import LiveBuild
from glossator.sphinx.build import pagetemplates

from conftest import BuildFn

OFF = {
    "glossator_page_shortcuts": False,
    "glossator_writers_per_core": False,
    "glossator_freeze_before_fork": False,
    "glossator_dismantle_written": False,
    "glossator_pause_collector": False,
}


def _pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))}


# -- which templates cannot render empty ---------------------------------------------------

TEMPLATES = {
    "literal.html": '<div class="buttons">{% for b in buttons %}{{ b }}{% endfor %}</div>',
    "comment-then-literal.html": "{# a comment #}\n<nav>{{ x }}</nav>\n",
    "conditional.html": "{% if show %}<div>shown</div>{% endif %}",
    "loop.html": "{% for item in items %}<li>{{ item }}</li>{% endfor %}",
    "macro-only.html": "{% macro m() %}<b>text</b>{% endmacro %}",
    "blank.html": "   \n\t\n",
    "expression.html": "{{ title }}",
    "extends.html": '{% extends "literal.html" %}<p>ignored outside blocks</p>',
    "block.html": "{% block body %}<p>in a block</p>{% endblock %}",
    "broken.html": "<div>{% if %}</div>",
    "set-then-literal.html": "{% set a = 1 %}\n<span>{{ a }}</span>",
}


@pytest.fixture
def jinja() -> Environment:
    return Environment(loader=DictLoader(TEMPLATES))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("literal.html", True),
        ("comment-then-literal.html", True),
        ("set-then-literal.html", True),
        ("conditional.html", False),  # empty when ``show`` is false
        ("loop.html", False),  # empty for no items
        ("macro-only.html", False),  # defines, renders nothing
        ("blank.html", False),
        ("expression.html", False),  # may be empty: the source cannot say
        ("extends.html", False),  # its own top-level text is never output
        ("block.html", False),  # not looked into: conservative
        ("broken.html", False),  # a syntax error: the theme meets it itself
        ("missing.html", False),
    ],
)
def test_renders_something_only_when_the_source_proves_it(
    jinja: Environment, name: str, expected: bool
) -> None:
    assert pagetemplates.renders_something(jinja, name) is expected
    if expected:  # and the claim holds for the contexts that empty the others
        for context in ({}, {"show": False, "items": [], "buttons": []}):
            assert jinja.get_template(name).render(context).strip()


def test_a_skipped_name_does_not_cover_an_unsure_template_that_ends_with_it(
    jinja: Environment,
) -> None:
    jinja.loader = DictLoader({**TEMPLATES, "theme/literal.html": "{% if x %}x{% endif %}"})
    known: dict[str, bool] = {}
    # pydata-sphinx-theme skips any template whose name ends with a skipped name
    assert pagetemplates.never_empty(jinja, known, ["literal", "theme/literal.html"]) == []
    assert pagetemplates.never_empty(jinja, known, "literal, conditional") == ["literal.html"]
    assert known == {"literal.html": True, "theme/literal.html": False, "conditional.html": False}


# -- whole builds: the same pages ------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shortcuts") / "corpus"
    generate(root, 40, 2, seed=5)
    # a page with sections, which has a table of contents (every annotation page has none)
    (root / "docs" / "with-sections.md").write_text(
        "---\norphan: true\n---\n# With sections\n\nIntro.\n\n## One\n\nText.\n\n"
        "### One and a half\n\nMore.\n\n## Two\n\nText.\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "two-processes"])
def test_the_shortcuts_write_the_same_pages(
    corpus: Path, tmp_path: Path, build: BuildFn, parallel: int
) -> None:
    pages: dict[str, dict[str, bytes]] = {}
    for name, options in (("on", {}), ("off", OFF)):
        built = build(corpus, outdir=tmp_path / name, parallel=parallel, **options)
        assert "Traceback" not in built.warnings
        pages[name] = _pages(built.html)
    assert len(pages["on"]) > 45
    assert pages["on"].keys() == pages["off"].keys()
    # the theme's own contents where there are sections, none for a lone title
    assert b'id="pst-page-toc-nav"' in pages["on"]["with-sections.html"]
    assert b"One and a half" in pages["on"]["with-sections.html"]
    annotations = [page for page in pages["on"] if page.startswith("annotations/")]
    assert annotations and not any(b"pst-page-toc-nav" in pages["on"][p] for p in annotations)
    for page in pages["on"]:
        assert pages["on"][page] == pages["off"][page], page


@pytest.mark.parametrize(
    ("toc", "alone"),
    [
        ('<ul>\n<li><a class="reference internal" href="#">A title</a></li>\n</ul>\n', True),
        ('<ul class="simple">\n<li><a href="#">A &lt;li&gt; in a title</a></li>\n</ul>', True),
        (
            '<ul>\n<li><a href="#">T</a><ul>\n<li><a href="#one">One</a></li>\n</ul>\n</li>\n</ul>',
            False,
        ),
        ('<ul>\n<li><a href="#">A</a></li>\n<li><a href="#b">B</a></li>\n</ul>', False),
        ("", False),
        (None, False),
        ('<ul>\n<link rel="x"><li><a href="#">T</a></li>\n</ul>', False),
    ],
)
def test_a_lone_title_is_known_without_parsing(toc: object, alone: bool) -> None:
    assert pagetemplates.title_only(toc) is alone


def test_the_theme_is_asked_for_contents_unless_the_title_is_alone() -> None:
    asked: list[str] = []

    def theirs(kind: str = "html") -> str:
        asked.append(kind)
        return f"<theirs {kind}>"

    alone = {"toc": '<ul>\n<li><a href="#">T</a></li>\n</ul>', "generate_toc_html": theirs}
    pagetemplates.lone_title_has_no_contents(alone)
    assert alone["generate_toc_html"]() == "" and asked == []
    assert alone["generate_toc_html"]("raw") == "<theirs raw>" and asked == ["raw"]
    pagetemplates.lone_title_has_no_contents(alone)  # a second check of the page: same answer
    assert alone["generate_toc_html"]() == ""
    sections = {"toc": '<ul><li><a href="#">T</a><ul><li><a href="#a">A</a></li></ul></li></ul>',
                "generate_toc_html": theirs}  # fmt: skip
    pagetemplates.lone_title_has_no_contents(sections)
    assert sections["generate_toc_html"] is theirs
    pagetemplates.lone_title_has_no_contents({"toc": alone["toc"]})  # no theme: nothing to do


@pytest.mark.parametrize("paused", [True, False], ids=["paused", "as-it-is"])
def test_the_collector_is_paused_while_a_doctree_is_loaded_and_a_page_written(
    corpus: Path, tmp_path: Path, build: BuildFn, monkeypatch: pytest.MonkeyPatch, paused: bool
) -> None:
    """Serially, every annotation page is read and written with the collector paused; with two
    processes, the main process loads and resolves every doctree that the reading processes
    wrote with it paused (a serial build keeps its doctrees in memory and loads none)."""
    import gc
    import pickle

    from sphinx.events import EventManager

    loading: list[bool] = []
    reading: dict[str, bool] = {}
    resolving: dict[str, bool] = {}
    writing: dict[str, bool] = {}
    loads, emit = pickle.loads, EventManager.emit

    def noting_loads(data: Any, *args: Any, **kwargs: Any) -> Any:
        loading.append(gc.isenabled())
        return loads(data, *args, **kwargs)

    def noting_emit(self: EventManager, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "html-page-context":  # inside write_doc for a document's page
            writing[str(args[0])] = gc.isenabled()
        if name == "source-read":  # inside read_doc
            reading[str(args[0])] = gc.isenabled()
        if name == "doctree-resolved":  # inside get_and_resolve_doctree
            resolving[str(args[1])] = gc.isenabled()
        return emit(self, name, *args, **kwargs)

    monkeypatch.setattr(EventManager, "emit", noting_emit)
    build(corpus, outdir=tmp_path / "serial", glossator_pause_collector=paused)
    for seen in (reading, writing):
        pages = {name: on for name, on in seen.items() if name.startswith("annotations/")}
        assert len(pages) >= 40 and set(pages.values()) == {not paused}
    assert gc.isenabled()  # switched back on after each

    monkeypatch.setattr(pickle, "loads", noting_loads)
    build(corpus, outdir=tmp_path / "two", parallel=2, glossator_pause_collector=paused)
    assert gc.isenabled()
    # the doctrees; the environments the reading processes send back are loaded as before
    assert loading.count(not paused) >= 40 and loading.count(paused) < 10
    # each page resolved in the main process (the one its writing processes fork from)
    pages = {name: on for name, on in resolving.items() if name.startswith("annotations/")}
    assert len(pages) >= 40 and set(pages.values()) == {not paused}


def test_as_many_writing_processes_as_jobs(
    corpus: Path, tmp_path: Path, build: BuildFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How many processes each phase lets run at once (the tasks' ``nproc``), noted by
    Sphinx's parallel tasks (also the class the extension's tasks derive from)."""
    noted: dict[str, set[int]] = {}
    add_task = ParallelTasks.add_task

    def counting(self: ParallelTasks, task_func: Any, *args: Any, **kwargs: Any) -> None:
        noted.setdefault(task_func.__name__, set()).add(self.nproc)
        add_task(self, task_func, *args, **kwargs)

    monkeypatch.setattr(ParallelTasks, "add_task", counting)
    caps: dict[str, dict[str, set[int]]] = {}
    for name, options in (("on", {}), ("off", OFF)):
        noted.clear()
        build(corpus, outdir=tmp_path / name, parallel=2, **options)
        caps[name] = dict(noted)
    # Sphinx reads with two processes and writes with one beside the main process; the
    # extension writes with two, the main process resolving pages meanwhile
    assert caps["off"] == {"read_process": {2}, "write_process": {1}}
    assert caps["on"] == {"read_process": {2}, "write_process": {2}}


# -- a live preview sees a template edited between rebuilds ---------------------------------


def test_a_template_edited_between_live_rebuilds_is_used(corpus: Path, tmp_path: Path) -> None:
    """Jinja looks at no template file while pages are written, so the templates compiled in
    an earlier rebuild are checked before the next one writes (the live application keeps
    them); a template is then as Sphinx's full look finds it."""
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():  # the live application's roles are not left to later tests
        _edit_template_between_rebuilds(corpus, tmp_path)


def _edit_template_between_rebuilds(corpus: Path, tmp_path: Path) -> None:
    templates = corpus / "docs" / "_templates"
    templates.mkdir(exist_ok=True)
    layout = templates / "layout.html"
    layout.write_text(
        '{% extends "!layout.html" %}{% block footer %}MARK-ONE{% endblock %}', encoding="utf-8"
    )
    out = tmp_path / "live"
    live = LiveBuild(
        corpus / "docs",
        out / "html",
        out / "doctrees",
        confoverrides={"html_theme": "basic", "templates_path": ["_templates"]},
        status=io.StringIO(),
        warning=io.StringIO(),
    )
    try:
        live.rebuild()
        index = out / "html" / "index.html"
        assert "MARK-ONE" in index.read_text(encoding="utf-8")
        layout.write_text(
            '{% extends "!layout.html" %}{% block footer %}MARK-TWO{% endblock %}',
            encoding="utf-8",
        )
        rebuilt = live.rebuild([layout])
        assert "index.html" in rebuilt.pages
        for page in (index, *sorted((out / "html" / "annotations").rglob("*.html"))[:5]):
            text = page.read_text(encoding="utf-8")
            assert "MARK-TWO" in text and "MARK-ONE" not in text, page
    finally:
        layout.unlink()
        templates.rmdir()


# -- the process exits without the collector walking what is left ----------------------------


def test_the_collector_is_frozen_at_exit_and_registered_once() -> None:
    script = (
        "import atexit, gc\n"
        "freeze = gc.freeze\n"
        "gc.freeze = lambda: (print('freeze'), freeze())\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
        "from glossator.gcpause import freeze_at_exit\n"
        "freeze_at_exit(); freeze_at_exit()\n"
        "print('frozen before exit:', gc.get_freeze_count() > 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    # atexit runs its callbacks last registered first: one freeze, then the check
    assert result.stdout.splitlines() == [
        "frozen before exit: False",
        "freeze",
        "frozen at exit: True",
    ]

"""The allowlist for contributed pages: one MyST reading for check and build, and the cases
that passed the whole CI path before it (issue 12).

Each case must be refused by ``glossator check`` (with its line and column) and, in a build
where check errors are only warnings, must change nothing but its own page.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from glossator import cli, markdown

from conftest import SOURCE_ID, BuildFn, Built

FM = "---\ntitle: Hostile page\nnote_kind: other\n---\n"

FIVE = {
    # a toctree entry that Sphinx takes for a URL ('.+://') and writes as a javascript: link
    "toctree-javascript": "```{toctree}\nClick me <javascript://x%0Aalert(document.domain)>\n```\n",
    # math makes the page load MathJax from a CDN, which renders \href, \cssId and \style
    "math-cdn": "```{math}\n\\href{javascript:alert(1)}{x} \\cssId{main-content}{y}\n```\n",
    # a note that declares itself the source's page
    "source-takeover": f"```{{source-text}} {SOURCE_ID}\n```\n",
    # MyST closes an options block on any line starting with '---', the old policy on '---'
    "four-dashes": "```{note}\n---\n----\n```{title}\nGL-TITLE-TAKEN\n```\n```\n",
    # '$$' was math to the check and text to the build, which ran without extensions
    "dollar-hidden": "$$\n```{title}\nGL-DOLLAR-TITLE\n```\n$$\n",
}
"""The five pages of the issue that passed ``glossator check`` and the strict build."""

WHERE = {
    "toctree-javascript": (5, 4),
    "math-cdn": (5, 4),
    "source-takeover": (5, 4),
    "four-dashes": (8, 4),
    "dollar-hidden": (6, 4),
}


def _install(root: Path, pages: dict[str, str]) -> None:
    for name, body in pages.items():
        path = root / "annotations/notes" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FM + body, encoding="utf-8")


def assert_nothing_injected(out: Path) -> None:
    """No page of the site links to ``javascript:`` or loads MathJax, and the source's page
    is the archive's, never a contributed page's."""
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"href=\"\s*javascript", text, re.IGNORECASE), page
        assert "mathjax" not in text.lower(), page
    data = json.loads((out / "data/archive.json").read_text(encoding="utf-8"))
    assert [source["url"] for source in data["sources"]] == [f"../sources/{SOURCE_ID}.html"]


def test_the_check_and_the_build_configure_myst_from_one_definition(
    archive_dir: Path, build: BuildFn
) -> None:
    """Whatever conf.py says, the build's MyST configuration is the check's."""
    conf = archive_dir / "docs/conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + 'myst_enable_extensions = ["dollarmath", "colon_fence", "substitution"]\n'
        + 'myst_url_schemes = ["http", "https", "javascript"]\n',
        encoding="utf-8",
    )
    assert build(archive_dir).app.env.myst_config == markdown.config()


def test_a_page_reads_the_same_in_the_check_and_in_the_build(
    archive_dir: Path, build: BuildFn
) -> None:
    """Definition lists are on, dollar math and colon fences are off: in both."""
    body = "Term\n: Its definition.\n\nCosts $5 and $6 here.\n\n:::{note}\nplain\n:::\n"
    kinds = {token.type for token in markdown.tokens(body)}
    assert "dl_open" in kinds and not {"math_inline", "colon_fence"} & kinds
    _install(archive_dir, {"reading": body})
    out = build(archive_dir).html
    html = (out / "annotations/notes/reading.html").read_text(encoding="utf-8")
    assert "<dl" in html and "Costs $5 and $6 here." in html and ":::{note}" in html
    assert "admonition" not in html.split("Costs", 1)[1]


@pytest.mark.parametrize("name", sorted(FIVE))
def test_each_of_the_five_is_refused_with_its_position(
    name: str, archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(archive_dir, {name: FIVE[name]})
    status = cli.main(["check", "--root", str(archive_dir), "--format", "json"])
    found = json.loads(capsys.readouterr().out)
    mine = [
        d for d in found if d["path"] == f"annotations/notes/{name}.md" and d["severity"] == "error"
    ]
    assert status == 1
    assert [(d["code"], d["line"], d["column"]) for d in mine] == [("GL304", *WHERE[name])]


@pytest.mark.parametrize("parallel", [0, 2], ids=["j1", "j2"])
def test_the_five_change_nothing_in_a_build_that_only_warns(
    archive_dir: Path, build: BuildFn, tmp_path: Path, parallel: int
) -> None:
    """The same under -j 1 and in parallel, where the last merge of a reader's data won."""
    _install(archive_dir, FIVE)
    built = build(
        archive_dir, outdir=tmp_path / "out", parallel=parallel, glossator_check_errors="warn"
    )
    out, warnings = built.html, built.warnings
    for name in FIVE:
        html = (out / f"annotations/notes/{name}.html").read_text(encoding="utf-8")
        assert "javascript:" not in html and "GL-TITLE-TAKEN" not in html, name
        assert "GL-DOLLAR-TITLE" not in html and "mathjax" not in html.lower(), name
        assert "<title>Hostile page" in html, name
        assert f"annotations/notes/{name}.md" in warnings or name in warnings, name
    assert_nothing_injected(out)
    claim = (out / "annotations/claims/asam-strength.html").read_text(encoding="utf-8")
    assert "source-takeover" not in claim
    source = (out / f"sources/{SOURCE_ID}.html").read_text(encoding="utf-8")
    assert "glossator-passage" in source or 'id="p1"' in source


def test_the_doctree_guards_hold_when_the_source_guard_lets_a_page_through(
    archive_dir: Path, build: BuildFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A construct the check missed still never reaches the HTML: the extension's own
    directives refuse contributed pages, and the doctree is held to the allowlist of nodes."""
    from glossator.sphinx.guards import files as guards

    monkeypatch.setattr(guards, "policy_errors", lambda app, rel, text: [])
    _install(archive_dir, FIVE)
    built = build(archive_dir, outdir=tmp_path / "out", glossator_check_errors="warn")
    out, warnings = built.html, built.warnings
    assert_nothing_injected(out)
    assert "GL304 directive 'source-text' is for the archive's own pages" in warnings
    assert "GL322 'math_block' node removed" in warnings
    assert "GL322 'toctree' node removed" in warnings
    title = (out / "annotations/notes/four-dashes.html").read_text(encoding="utf-8")
    assert "<title>Hostile page" in title and "<title>GL-TITLE" not in title


def test_citations_in_the_body_are_checked_like_those_in_front_matter(
    archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        "Known {cite:p}`kmiainfo2022resurrected`, and\n"
        "unknown {cite:t}`kmiainfo2022resurected,no-such-key`.\n"
    )
    _install(archive_dir, {"citing": body})
    assert cli.main(["check", "--root", str(archive_dir), "--format", "json"]) == 1
    found = [
        (d["code"], d["line"], d["column"], d["hint"])
        for d in json.loads(capsys.readouterr().out)
        if d["path"] == "annotations/notes/citing.md" and d["severity"] == "error"
    ]
    second = body.split("\n")[1]
    assert found == [
        ("GL108", 6, second.index("kmia") + 1, "did you mean 'kmiainfo2022resurrected'?"),
        ("GL108", 6, second.index("no-such") + 1, "add the entry to docs/references.bib first"),
    ]


def _emptied_like_the_guard(root: Path) -> list[str]:
    """Every page the policy refuses, rewritten as the build's guard reads it: its front
    matter and nothing else. Returns their docnames."""
    from glossator import frontmatter
    from glossator.checks import policy
    from glossator.pages import parse_page

    emptied = []
    for path in sorted((root / "annotations").rglob("*.md")):
        if path.is_symlink() or not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if "\x00" in text or len(text.encode()) > 64 * 1024:
            continue
        errors = [
            d for d in policy.check_page(parse_page(text, rel), root) if d.severity == "error"
        ]
        if errors:
            _, _, closing = frontmatter.split(text)
            path.write_text("\n".join(text.split("\n")[: max(closing, 0)]) + "\n", encoding="utf-8")
            emptied.append(rel.removesuffix(".md"))
    return emptied


def _site(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in out.rglob("*")
        if path.is_file() and ".doctrees" not in path.parts and path.name != ".buildinfo"
    }


def test_hostile_pages_change_nothing_but_their_own_page(
    tmp_path: Path, build: BuildFn, hostile_build: Built
) -> None:
    """One build with every hostile page of the corpus, one with each refused page reduced to
    its front matter: the two sites differ only in the refused pages' own HTML and source."""
    from test_hostile import _install_all

    from conftest import make_archive

    calm = make_archive(tmp_path / "calm")
    _install_all(calm)
    refused = _emptied_like_the_guard(calm)
    assert len(refused) >= 100
    one = _site(hostile_build.html)
    two = _site(build(calm, outdir=tmp_path / "two", glossator_check_errors="warn").html)
    own = {f"{doc}.html" for doc in refused} | {f"_sources/{doc}.md.txt" for doc in refused}
    assert set(one) == set(two) and len(one) > 200
    changed = sorted(name for name in one if one[name] != two[name] and name not in own)
    assert changed == []


def test_contributing_lists_what_a_page_may_contain() -> None:
    from glossator.checks import policy

    from conftest import REPO

    doc = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = doc.index("## What a page may contain")
    section = doc[start : doc.index("\n## ", start + 1)]
    for name in policy.ALLOWED_DIRECTIVES:
        assert f"`{{{name}}}`" in section, name
    for role in ("person", "incident", "org", "place", "claim", "note", "passage", "cite:p"):
        assert f"`{{{role}}}`" in section, role
    for extension in markdown.MYST_EXTENSIONS:
        assert f"`{extension}`" in section, extension
    for option in ("alt", "width", "align"):
        assert f"`:{option}:`" in section, option


def test_roles_and_citations_inside_directives_are_checked(
    archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        "```{note}\n:class: x\nA {person}`nobody-known`.\n\n"
        "```{warning}\nAnd {cite:p}`no-such-key`.\n```\n```\n"
    )
    _install(archive_dir, {"nested": body.replace(":class: x\n", "")})
    assert cli.main(["check", "--root", str(archive_dir), "--format", "json"]) == 1
    found = [
        (d["code"], d["line"])
        for d in json.loads(capsys.readouterr().out)
        if d["path"] == "annotations/notes/nested.md" and d["severity"] == "error"
    ]
    assert found == [("GL104", 6), ("GL108", 9)]


def test_the_check_splits_directives_with_the_classes_the_build_runs(archive_dir: Path) -> None:
    """MyST decides where options end from the directive class: the check must ask the same."""
    from docutils.parsers.rst import directives
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=archive_dir / "docs", builddir=archive_dir / "_b")
    try:
        registered = dict(directives._directives)
    finally:
        app.cleanup()
    for name in markdown.DIRECTIVES:
        found = registered.get(name)
        if found is None:  # docutils' own, loaded on first use from its registry
            module, cls = directives._directive_registry[name]
            found = getattr(
                importlib.import_module(f"docutils.parsers.rst.directives.{module}"), cls
            )
        assert found is markdown.directive_class(name), name


def test_labels_are_unique_in_the_site(
    archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (archive_dir / "docs/listings.md").write_text("(the-listings)=\n# Listings\n", encoding="utf-8")
    _install(
        archive_dir,
        {
            "first": "(a-label)=\n## A\n",
            "second": "(A-Label)=\n## B\n\n```{note}\n(the-listings)=\n\nx\n```\n",
        },
    )
    assert cli.main(["check", "--root", str(archive_dir), "--format", "json"]) == 1
    found = [
        (d["path"].rsplit("/", 1)[-1], d["code"], d["line"], d["message"])
        for d in json.loads(capsys.readouterr().out)
        if d["severity"] == "error" and d["code"] != "GL107"  # both pages are 'Hostile page'
    ]
    assert found == [
        (
            "second.md",
            "GL309",
            5,
            "label 'a-label' is already defined in annotations/notes/first.md",
        ),
        ("second.md", "GL309", 9, "label 'the-listings' is already defined in docs/listings.md"),
    ]


def test_toctree_entries_are_checked_again_when_they_become_links(
    archive_dir: Path, build: BuildFn
) -> None:
    """Even on the archive's own pages: Sphinx writes any '.+://' entry as a link."""
    index = archive_dir / "docs/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "bibliography\n```",
            "bibliography\nClick <javascript://x%0Aalert(1)>\nWeb <https://example.org/>\n```",
        ),
        encoding="utf-8",
    )
    built = build(archive_dir)
    html = (built.html / "index.html").read_text(encoding="utf-8")
    assert "javascript:" not in html and 'href="https://example.org/"' in html
    assert "GL307 toctree entry" in built.warnings

"""Per-build state lives on Sphinx's environment: builds in one process do not see each other.

Several builds run in this one process (as in the test suite, or a preview server that
rebuilds in process); each must give the site a build of its own would give.
"""

from __future__ import annotations

import ast
import json
import pickle
from pathlib import Path

from glossator.sphinx.buildstate import BuildState, state_of

from conftest import REPO, BuildFn, Built, make_archive

EXTRA_PERSON = """
    ---
    title: Second Archive Person
    roles:
      - description: Someone only the second archive knows
    ---
    Only in the second archive.
    """


def _pages(out: Path) -> dict[str, bytes]:
    """Every file of a built site but Sphinx's own bookkeeping, by relative path."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo"
    }


def _exported_ids(out: Path) -> set[str]:
    data = json.loads((out / "data" / "archive.json").read_text(encoding="utf-8"))
    return {entry["object"]["id"] for entry in data["objects"]}


def test_two_archives_built_in_one_process_do_not_share_state(
    tmp_path: Path, build: BuildFn
) -> None:
    first = make_archive(tmp_path / "first")
    second = make_archive(tmp_path / "second", {"persons/second-archive-person.md": EXTRA_PERSON})
    second_alone = _pages(build(second, outdir=tmp_path / "second-alone").html)
    first_build = build(first, outdir=tmp_path / "first-out", parallel=2)
    first_out, first_state = first_build.html, state_of(first_build.app.env)
    second_build = build(second, outdir=tmp_path / "second-out", parallel=2)
    second_out, second_state = second_build.html, state_of(second_build.app.env)

    assert first_state is not second_state
    assert "second-archive-person" not in _exported_ids(first_out)
    assert "second-archive-person" in _exported_ids(second_out)
    assert _pages(second_out) == second_alone  # byte for byte, as if built alone


def test_the_state_is_not_saved_with_the_environment(plain_site: Built) -> None:
    state = state_of(plain_site.app.env)
    assert state.building_pid is not None and state.sources  # it was used by the build
    assert pickle.loads(pickle.dumps(state)) == BuildState()


def test_rebuild_loop_in_one_process_equals_clean_builds(
    archive_dir: Path, build: BuildFn, tmp_path: Path
) -> None:
    """Like sphinx-autobuild: edit, rebuild into the same folder (serial, then parallel)."""
    out = tmp_path / "served"
    build(archive_dir, outdir=out)
    claim = archive_dir / "annotations/claims/asam-strength.md"
    edits = [
        ("title: ISIS grew stronger", "title: ISIS grew much stronger"),
        ("about {org}`Daesh`", "about {org}`ISIS` again"),
    ]
    for round_, (old, new) in enumerate(edits):
        claim.write_text(claim.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        served = build(archive_dir, outdir=out, freshenv=False, parallel=2 * round_).html
        clean = build(archive_dir, outdir=tmp_path / f"clean-{round_}").html
        served_pages, clean_pages = _pages(served), _pages(clean)
        assert served_pages.keys() == clean_pages.keys()
        for name in clean_pages:
            assert served_pages[name] == clean_pages[name], (round_, name)
    page = out / "html" / "annotations/claims/asam-strength.html"
    assert "ISIS grew much stronger" in page.read_text(encoding="utf-8")


ID_WITHIN_ONE_CALL = {
    # every node whose id is a key is held in ``every`` (or the doctree) for the whole call
    ("sphinx/build/forkedheaps.py", "dismantle"),
    ("sphinx/build/forkedheaps.py", "_references_within"),
}
"""Functions that key a dictionary of their own by ``id()``, for objects they keep alive."""


def _calls_of_id(tree: ast.AST) -> list[tuple[str, int]]:
    """Each call of ``id()`` and the function it is in ("" at module or class level)."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = child.name if not function else f"{function}.{child.name}"
            if isinstance(child, ast.Call) and getattr(child.func, "id", None) == "id":
                found.append((function, child.lineno))
            visit(child, name)

    visit(tree, "")
    return found


def test_no_module_level_state_keyed_by_id() -> None:
    """An ``id()`` is reused after its object is collected: it is no key for a build's state.
    The only calls of it are in functions that key their own dictionary by it, for the call
    (listed, each with the reason)."""
    package = REPO / "tools" / "glossator"
    found = [
        f"{path.relative_to(REPO)}:{line} (in {function or 'the module'})"
        for path in sorted(package.rglob("*.py"))
        for function, line in _calls_of_id(ast.parse(path.read_text(encoding="utf-8")))
        if (path.relative_to(package).as_posix(), function) not in ID_WITHIN_ONE_CALL
    ]
    assert not found
    # the look finds a call at module level and in a method
    sample = "KEYS = {id(x): x for x in ()}\nclass A:\n    def f(self):\n        return id(self)\n"
    assert _calls_of_id(ast.parse(sample)) == [("", 1), ("f", 4)]

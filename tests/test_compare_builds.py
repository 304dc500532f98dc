"""``tools/compare_builds.py``: the script that proves a refactor changed no byte of the sites.

Why: it builds a git ref that may predate the ``search`` package, so it must index that tree
with the module the tree has; and a comparison that reports nothing must be able to report
something.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from conftest import REPO


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compare_builds", REPO / "tools" / "compare_builds.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_index_module_is_the_one_the_tree_has(tmp_path: Path) -> None:
    compare = _script()
    assert compare.index_module(REPO) == "glossator.search.index"
    old = tmp_path / "old"
    (old / "tools" / "glossator").mkdir(parents=True)
    (old / "tools" / "glossator" / "searchindex.py").write_text("")
    assert compare.index_module(old) == "glossator.searchindex"


def test_differences_lists_changed_missing_and_new_files(tmp_path: Path) -> None:
    compare = _script()
    before, after = tmp_path / "before", tmp_path / "after"
    for folder in (before, after):
        (folder / "sub" / ".doctrees").mkdir(parents=True)
        (folder / "same.html").write_text("same")
    (before / "sub" / "page.html").write_text("one")
    (after / "sub" / "page.html").write_text("two")
    (before / "gone.html").write_text("x")
    (after / "new.html").write_text("x")
    (after / "sub" / ".doctrees" / "env.pickle").write_text("ignored")
    assert compare.differences(before, after) == [
        "only before: gone.html",
        "only after: new.html",
        "differs: sub/page.html",
    ]
    assert compare.differences(before, before) == []

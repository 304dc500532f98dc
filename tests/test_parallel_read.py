"""What a reading process of a ``-j`` build uses but does not send back to the main process."""

from __future__ import annotations

import pickle
from pathlib import Path

from sphinx.project import Project

from glossator.sphinx.build.parallelread import KeptProject


def test_a_kept_project_reads_like_the_project_and_pickles_empty(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n", encoding="utf-8")
    project = Project(tmp_path, {".md": "markdown"})
    project.discover()
    kept = KeptProject.__new__(KeptProject)
    kept.__dict__.update(project.__dict__)
    assert kept.docnames == {"a", "b"}
    assert kept.doc2path("a", absolute=True) == project.doc2path("a", absolute=True)
    assert kept.path2doc(tmp_path / "b.md") == "b"
    back = pickle.loads(pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))
    assert type(back) is Project
    assert back.docnames == set() and str(back.srcdir) == str(tmp_path)
    assert back.source_suffix == project.source_suffix
    # the project itself still pickles whole
    assert pickle.loads(pickle.dumps(project)).docnames == {"a", "b"}

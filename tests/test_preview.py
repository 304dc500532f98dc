"""The preview server's live build: after each edit its pages equal a clean build's.

One Sphinx application is kept alive (:class:`glossator.preview.LiveBuild`) over a sequence
of edits -- a text edit, the rename of the most referenced person, a new page, a deleted page
still referred to, a broken reference then fixed -- and after each rebuild every HTML page it
has is compared, byte for byte, with a clean build of the same files in a new application.
The data exports, refreshed by ``settle()`` once edits stop, are compared too.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_incremental_scale import BASIC, Corpus, assert_same_as_clean, html_pages, rewrite

from glossator import previewpaths
from glossator.generate import generate
from glossator.preview import LiveBuild


def clean_build(root: Path, out: Path) -> Path:
    """``sphinx-build`` in a new process: a clean build shares no state with the live one
    (in one process, a second application's cleanup unregisters the docutils nodes that the
    live application registered)."""
    overrides = [f"-D{k}={v}" for k, v in BASIC.items() if isinstance(v, str)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643673600"}
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", *overrides]
    cmd += ["-d", str(out / "doctrees"), str(root / "docs"), str(out / "html")]
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return out / "html"


def project_digest(root: Path) -> str:
    """The sha256 of every file of the project at ``root`` (relative paths and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "_build" not in path.relative_to(root).parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="module")
def clean_builds(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """:func:`clean_build`, once per distinct content of the project: both variants of the
    test make the same edits to the same generated archive, so they compare their live
    builds with the same clean builds."""
    built: dict[str, Path] = {}

    def clean(root: Path) -> Path:
        key = project_digest(root)
        if key not in built:
            built[key] = clean_build(root, tmp_path_factory.mktemp("clean"))
        return built[key]

    return clean


def data_files(site: Path) -> dict[str, bytes]:
    """What ``settle()`` writes: the data exports, the names index and the object inventory."""
    folder = site / "data"
    files = {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    for name in ("objects.inv", *(p.relative_to(site).as_posix() for p in names_files(site))):
        files[name] = (site / name).read_bytes()
    return files


def names_files(site: Path) -> list[Path]:
    found = sorted((site / "_static").glob("glossator-names*"))
    assert found, "the names index is written"
    return found


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    root = tmp_path / "corpus"
    generate(root, 150, 3, seed=11)
    return Corpus(root)


@pytest.fixture(autouse=True)
def _docutils_tables_restored() -> Iterator[None]:
    """A Sphinx application registers its directives and roles in docutils' global tables;
    the live one of a test must not leave them to the next test's builds (as
    ``SphinxTestApp.cleanup`` does for its own)."""
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        yield


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "two-processes"])
def test_live_build_equals_clean_build_after_each_edit(
    corpus: Corpus, tmp_path: Path, parallel: int, clean_builds: Callable[[Path], Path]
) -> None:
    out = tmp_path / "live"
    live = LiveBuild(
        corpus.root / "docs",
        out / "html",
        out / "doctrees",
        confoverrides=BASIC,
        status=io.StringIO(),
        warning=io.StringIO(),
        parallel=parallel,
    )
    first = live.rebuild()
    live.settle()

    def same_as_clean(
        *changed: Path, settle: bool = False, told: bool = False, first: str | None = None
    ) -> list[str]:
        """Rebuild, given the files that changed as the server's watcher gives them; ``told``:
        Sphinx is to be told the pages (edits), not to look for itself (added, removed).
        ``first``: the edited page (``annotations/people/x``), to be written before the
        others, and the server told then (the ``shown`` callback)."""
        clean = clean_builds(corpus.root)
        seen: dict[str, object] = {}

        def shown() -> None:
            """What a browser reloading now would get: the edited page as a clean build has
            it, and every other page the rebuild is writing held back."""
            assert first is not None
            seen["edited"] = (out / "html" / f"{first}.html").read_bytes()
            asked = {*live.app.env.all_docs, "genindex", "search"}
            seen["held"] = {page for page in asked if live.holds(page)}

        rebuilt = live.rebuild(changed, shown if first else None)
        assert rebuilt.told is told
        if first is not None:
            assert seen["edited"] == (clean / f"{first}.html").read_bytes()
            assert rebuilt.shown is not None and 0 < rebuilt.shown < rebuilt.seconds
            others = {page.removesuffix(".html") for page in rebuilt.pages} - {first}
            assert len(others) > 5 and seen["held"] == others | {"genindex", "search"}
            assert not any(live.holds(page) for page in live.app.env.all_docs)  # it is over
        else:
            assert rebuilt.shown is None
        if told:  # the environment file is left to the quiet period: a marker until then
            saved = out / "doctrees" / "environment.pickle"
            with saved.open("rb") as file, pytest.raises(previewpaths.EnvironmentNotSaved):
                pickle.load(file)
        written = rebuilt.pages
        assert_same_as_clean(html_pages(out / "html"), html_pages(clean))
        # pages of removed documents stay on disk (as with sphinx-build); every other matches
        assert html_pages(clean).keys() <= html_pages(out / "html").keys()
        if settle:
            live.settle()
            assert data_files(out / "html") == data_files(clean)
            # a told rebuild left the environment file and the inventory to the quiet period
            assert ("environment file" in live.settled) is told
        return written

    assert len(first.pages) > 100

    # 1. the text of one claim: that page only is read and written
    claim = corpus.of_kind("claim")[len(corpus.of_kind("claim")) // 2]
    path = corpus.path(claim.id)
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    written = same_as_clean(path, told=True)
    assert {w for w in written if w.startswith("annotations/")} == {
        f"annotations/claims/{claim.id}.html"
    }

    # 2. the most referenced person renamed (old name kept as an alias, as a writer would)
    person = corpus.most_used("person")
    rewrite(
        corpus.path(person.id),
        corpus.root,
        title=person.title + " Junior",
        aliases=[person.title, *person.aliases],
    )
    # the person's page is written first (the browsers reload then), the others held till written
    person_page = corpus.path(person.id).relative_to(corpus.root).with_suffix("")
    written = same_as_clean(
        corpus.path(person.id), settle=True, told=True, first=person_page.as_posix()
    )
    assert len(written) > 5
    corpus.reload()

    # 3. a new page that refers to the renamed person by id and by the new name
    note = corpus.root / "annotations" / "notes" / "added-in-preview.md"
    note.write_text(
        f"---\ntitle: Added in the preview\nnote_kind: other\nabout: [{person.id}]\n---\n"
        f"About {{person}}`{person.title} Junior`.\n",
        encoding="utf-8",
    )
    assert "annotations/notes/added-in-preview.html" in same_as_clean(note)
    corpus.reload()

    # 4. a page deleted while other pages still refer to it
    deleted = corpus.most_used("organization")
    deleted_path = corpus.path(deleted.id)
    deleted_path.unlink()
    same_as_clean(deleted_path, settle=True)
    corpus.reload()

    # 5. a broken reference, then fixed
    note.write_text(
        note.read_text(encoding="utf-8").replace(f"`{person.title} Junior`", "`Nobody Known`"),
        encoding="utf-8",
    )
    same_as_clean(note, told=True)
    note.write_text(
        note.read_text(encoding="utf-8").replace("`Nobody Known`", f"`{person.title} Junior`"),
        encoding="utf-8",
    )
    same_as_clean(note, settle=True, told=True)

    # the environment on disk, written by settle() after rebuilds that skipped it, is the
    # live one: a server started next takes it up
    with (out / "doctrees" / "environment.pickle").open("rb") as saved:
        env = pickle.load(saved)
    assert env.all_docs.keys() == live.app.env.all_docs.keys()
    assert "annotations/notes/added-in-preview" in env.all_docs


def test_an_environment_left_unsaved_is_refused_when_read() -> None:
    """Pickled between a rebuild and its quiet period, the environment is a marker that
    Sphinx fails to read (it then starts afresh), never a stale environment."""

    class Environment:
        pass

    env = Environment()
    env.__dict__["__reduce_ex__"] = lambda protocol: (previewpaths._not_saved, ())
    data = pickle.dumps(env, pickle.HIGHEST_PROTOCOL)
    with pytest.raises(previewpaths.EnvironmentNotSaved):
        pickle.loads(data)

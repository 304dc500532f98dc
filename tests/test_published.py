"""What the workflow publishes: the HTML folder, without Sphinx's pickled environment or the
build machine's paths, and with no script from another site (issue 12)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from conftest import REPO, noxfile


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.sources.append(str(values["src"]))
        if tag == "link" and values.get("rel") in ("stylesheet", "preload", "modulepreload"):
            self.sources.append(str(values.get("href") or ""))


def test_the_doctrees_are_built_outside_the_published_folder() -> None:
    nox = noxfile()
    assert not nox.DOCTREES.is_relative_to(nox.BUILD)
    args = nox.sphinx_args(Path("docs"), nox.BUILD, nox.DOCTREES, strict=True)
    assert args[args.index("-d") + 1] == str(nox.DOCTREES)
    workflow = (REPO / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert "path: docs/_build/html\n" in workflow and "nox -s docs -- --strict" in workflow


def test_the_published_tree_holds_no_pickle_no_build_path_and_only_local_scripts(
    archive_dir: Path, tmp_path: Path
) -> None:
    from sphinx.cmd.build import build_main

    nox = noxfile()
    out, doctrees = tmp_path / "site" / "html", tmp_path / "site" / "doctrees"
    args = nox.sphinx_args(archive_dir / "docs", out, doctrees, strict=True)
    assert build_main(args[1:]) == 0
    assert list(doctrees.rglob("*.pickle"))  # the environment went where it should
    needles = {str(archive_dir).encode(), str(tmp_path).encode(), str(REPO).encode()}
    published = [path for path in out.rglob("*") if path.is_file()]
    assert len(published) > 20
    for path in published:
        rel = path.relative_to(out).as_posix()
        assert not rel.endswith((".pickle", ".doctree")) and ".doctrees" not in rel, rel
        data = path.read_bytes()
        assert not [needle for needle in needles if needle in data], rel
        if path.suffix == ".html":
            scripts = _Scripts()
            scripts.feed(data.decode("utf-8"))
            for source in scripts.sources:
                assert "://" not in source and not source.startswith("//"), (rel, source)

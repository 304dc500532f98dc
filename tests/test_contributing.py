"""CONTRIBUTING.md's worked example, followed step by step in a fresh clone of this repository.

The test reads the example's commands from the document itself, so the document cannot drift
from what works: it runs each ``glossator`` command, writes the page the document shows, runs
the git steps, and builds the site where the document says to preview it (``nox -s serve`` is
replaced by the same Sphinx build without a server, and nothing is installed: the test runs in
an environment where glossator already is). ``git push`` and opening the pull request need
GitHub and are left out.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from glossator.cli import main

from conftest import REPO

pytestmark = pytest.mark.skipif(
    not (REPO / ".git").exists() or shutil.which("git") is None,
    reason="needs git and a git checkout of the repository to clone",
)

SETUP = ("git clone", "cd ", "python3 -m venv", ". .venv/bin/activate", "python -m pip install")
"""Steps of the example that set up a machine: the test's environment is already set up."""


def worked_example(doc: str) -> str:
    start = doc.index("## A worked example")
    end = doc.index("\n## ", start + 1)
    return doc[start:end]


def fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def git(clone: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=clone, check=True, capture_output=True, text=True, timeout=60
    )
    return done.stdout


def build_site(clone: Path, out: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643673600"}
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "docs", str(out)],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_new_contributor_can_follow_the_worked_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=120)
    doc = (clone / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = worked_example(doc)
    (page_text,) = fenced(example, "markdown")
    steps = [line for block in fenced(example, "sh") for line in block.splitlines() if line]
    assert any(s.startswith("git clone") for s in steps)
    assert "nox -s serve" in steps and "nox -s docs" in example
    for name, value in {
        "GIT_AUTHOR_NAME": "A Contributor",
        "GIT_AUTHOR_EMAIL": "contributor@example.org",
        "GIT_COMMITTER_NAME": "A Contributor",
        "GIT_COMMITTER_EMAIL": "contributor@example.org",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(clone)
    out = tmp_path / "site"
    page: Path | None = None
    ran: list[str] = []
    for step in steps:
        argv = shlex.split(step)
        if step.startswith(SETUP):
            continue
        if argv[0] == "glossator" and argv[1] == "new":
            assert main(argv[1:]) == 0, capsys.readouterr().err
            (written,) = re.findall(r"wrote (\S+)", capsys.readouterr().out)
            page = clone / written
            # "Replace its content with": the page exactly as the document shows it
            page.write_text(page_text, encoding="utf-8")
        elif argv[0] == "glossator" and argv[1] == "check":
            capsys.readouterr()
            assert main(argv[1:]) == 0, capsys.readouterr().out
            assert "All checks passed" in capsys.readouterr().out
        elif argv == ["nox", "-s", "serve"]:
            build_site(clone, out)
        elif argv[0] == "git" and argv[1] in ("switch", "add", "commit"):
            git(clone, *argv[1:])
        elif argv[:2] == ["git", "push"]:
            continue  # needs GitHub
        else:
            pytest.fail(f"CONTRIBUTING.md has a step the test does not know: {step}")
        ran.append(argv[0] + " " + argv[1])
    assert ran == [
        "git switch",
        "glossator new",
        "glossator check",
        "nox -s",
        "git add",
        "git commit",
    ]
    assert page is not None
    ident = page.stem
    # the built site shows the note: its page, the list of notes, the article, the data
    note = (out / "annotations" / "notes" / f"{ident}.html").read_text(encoding="utf-8")
    assert "The number of attackers in Libya is not reported" in note
    assert f"{ident}.html" in (out / "archive" / "notes.html").read_text(encoding="utf-8")
    article = (out / "sources" / "isis-resurrection-2022.html").read_text(encoding="utf-8")
    assert f"notes/{ident}.html" in article
    collection = json.loads((out / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    assert any(f"#{ident}." in item["id"] for item in collection["first"]["items"])
    # and the commit holds the note and nothing else
    assert git(clone, "show", "--name-only", "--format=", "HEAD").split() == [
        page.relative_to(clone).as_posix()
    ]
    assert git(clone, "status", "--porcelain") == ""

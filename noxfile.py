"""Sessions: ``docs`` builds the site, ``tests`` runs the test suite (see README.md)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "check", "tests", "docs"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
BUILD = ROOT / "docs" / "_build" / "html"
DOCTREES = ROOT / "docs" / "_build" / "doctrees"
"""Sphinx's pickled environment, kept outside the published folder (it holds the build
machine's absolute paths, and the workflow uploads all of BUILD to Pages)."""


def sphinx_args(source: Path, out: Path, doctrees: Path, *, strict: bool) -> list[str]:
    """The ``sphinx-build`` command of the site (the tests build with it too)."""
    args = ["sphinx-build", "-b", "html", "-j", "auto", "-d", str(doctrees), str(source), str(out)]
    if strict:
        args[1:1] = ["-W", "--keep-going", "-n"]
    return args


def _install(session: nox.Session, extras: str = "") -> None:
    session.install("-e", f".{extras}")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html. ``-- --strict`` turns warnings into errors."""
    _install(session)
    strict = "--strict" in session.posargs
    env = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1643673600")}
    if "--clean" in session.posargs or strict:
        shutil.rmtree(BUILD.parent, ignore_errors=True)
    session.run(*sphinx_args(Path("docs"), BUILD, DOCTREES, strict=strict), env=env)
    # the search index: Pagefind (its PyPI package ships the binary), made reproducible
    session.run("python", "-m", "glossator.search.index", str(BUILD), env=env)
    session.log(
        f"The site is built in {BUILD}: search needs it served, e.g. "
        f"python -m http.server -d {BUILD} (then open http://localhost:8000/)"
    )


@nox.session
def check(session: nox.Session) -> None:
    """Validate the archive (the same checks the build runs)."""
    _install(session)
    session.run("glossator", "check", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format) and mypy --strict on the package."""
    _install(session, "[test]")
    session.run("ruff", "check", "tools", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "tools", "tests", "benchmarks", "noxfile.py")
    session.run("mypy")


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite (browser tests run where Debian's chromium is installed).

    One pytest-xdist worker per core, each taking whole test files (``--dist loadfile``: a
    module's shared build is made once); ``-- -n 0`` runs it in one process.
    """
    _install(session, "[test]")
    session.run("pytest", "-n", "auto", "--dist", "loadfile", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview on http://127.0.0.1:8000/: ``glossator serve`` (arguments after ``--``).

    One Sphinx application stays in memory and rebuilds only the pages an edit changes; check
    errors are shown as warnings so that the page being fixed stays visible (``nox -s check``
    gives the verdict). sphinx-autobuild provides the server and the browser reload.
    """
    _install(session)
    session.install("sphinx-autobuild>=2024.4")
    env = {
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1643673600"),
        "GLOSSATOR_CHECK_ERRORS": "warn",
    }
    session.run("glossator", "serve", *session.posargs, env=env)


@nox.session
def compare(session: nox.Session) -> None:
    """Byte comparison of the sites built at a git ref and from the working tree: ``-- REF``.

    Builds the real archive and a generated one of 1,000 annotations from both (default ref:
    ``main``) and lists every file that differs (``tools/compare_builds.py``); for refactors.
    """
    _install(session)
    session.run("python", "tools/compare_builds.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Scale figures (docs/performance.md): 10,000 annotations; ``-- --quick`` for 1,000.

    Writes ``bench-results/results.json`` (``-- --json PATH`` to choose) and prints a table.
    """
    _install(session, "[test]")  # playwright: the bytes a browser fetches per search
    session.run("python", "-m", "benchmarks.bench", *session.posargs)

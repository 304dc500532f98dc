"""The package's layout: small modules, and one way to add a sub-command.

Why: a module over a few hundred lines is several jobs in one file (``policy.py`` had the
allowlist's tables, a scanner and the file checks); the limit keeps each module readable in
one sitting. Data tables are exempt, by name and with a reason. Sub-commands had four ways of
being registered; one (a module of ``glossator.cli`` with a ``register``) is checked here.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from glossator import cli

from conftest import REPO

MAX_LINES = 400
"""The most lines a module may have (docstrings and comments count: they are read too)."""

DATA_TABLES = {
    "tools/glossator/codes.py": "the registry: one entry (meaning, example, fix) per code",
}
"""Modules that are mostly one table, which is read entry by entry, not as code."""

NOT_YET_SPLIT: dict[str, str] = {}
"""Modules over the limit that another change is splitting; the test fails once they fit, so
that the entry is removed then."""

FOLDERS = ("tools/glossator", "benchmarks")


def _lines() -> dict[str, int]:
    return {
        path.relative_to(REPO).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for folder in FOLDERS
        for path in sorted((REPO / folder).rglob("*.py"))
    }


def test_no_module_is_over_the_limit_but_the_named_tables() -> None:
    lines = _lines()
    too_long = {path: n for path, n in lines.items() if n > MAX_LINES}
    assert set(too_long) - set(DATA_TABLES) - set(NOT_YET_SPLIT) == set(), too_long


def test_the_exemptions_are_still_needed() -> None:
    lines = _lines()
    for path in {**DATA_TABLES, **NOT_YET_SPLIT}:
        assert path in lines, f"{path} is gone: remove its exemption"
    for path in NOT_YET_SPLIT:
        assert lines[path] > MAX_LINES, f"{path} fits now: remove it from NOT_YET_SPLIT"


def test_every_cli_module_registers_its_sub_command() -> None:
    """A module in glossator/cli/ is one sub-command (or two close ones) and is listed."""
    folder = Path(cli.__file__).parent
    helpers = {"__init__", "parsing"}
    modules = sorted(p.stem for p in folder.glob("*.py") if p.stem not in helpers)
    assert modules, folder
    listed = {register.__module__ for register in cli.COMMANDS}
    for name in modules:
        module = importlib.import_module(f"glossator.cli.{name}")
        assert callable(getattr(module, "register", None)), f"glossator.cli.{name}: no register"
        assert module.__name__ in listed, f"glossator.cli.{name} is not in cli.COMMANDS"
    assert all(r.__name__ == "register" for r in cli.COMMANDS)

"""What the suite spends, in figures that do not depend on the machine's load (a pytest plugin).

Wall time on a shared machine says little; how many Sphinx builds the suite runs and how many
CPU seconds each test takes say what the suite costs. This plugin counts every construction
of a Sphinx application in the test process (``SphinxTestApp``, the preview's live app,
``sphinx-build``'s own ``build_main`` run in process) and every ``sphinx-build`` started as a
subprocess, and records each test's CPU seconds (this process's and its finished children's,
setup to teardown). The terminal summary prints the totals and the costliest tests, below
pytest's own ``--durations`` (wall time).

Under pytest-xdist (``nox -s tests`` runs the suite in one worker per core) each worker counts
its own tests and sends its figures back with ``workeroutput``; the controller, which runs
no test, adds them up for the summary (a session fixture's teardown is then the sum of each
worker's).
"""

from __future__ import annotations

import itertools
import resource
import subprocess
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import pytest

SHOWN = 15
"""How many of the costliest tests the summary lists (as ``--durations=15``)."""


@dataclass
class Spending:
    """Builds and CPU seconds per test (node id), and in all."""

    builds: Counter[str] = field(default_factory=Counter)
    processes: Counter[str] = field(default_factory=Counter)
    cpu: dict[str, float] = field(default_factory=dict)
    current: str = "(collection)"
    session_teardown: float = 0.0
    """CPU seconds of the session's fixtures' teardown (the browser, the servers), which pytest
    runs in the last test's teardown: counted apart, not charged to that test."""

    def as_json(self) -> dict[str, Any]:
        """What a worker sends back (``workeroutput`` must be plain data)."""
        return {
            "builds": dict(self.builds),
            "processes": dict(self.processes),
            "cpu": self.cpu,
            "session_teardown": self.session_teardown,
        }

    def add(self, sent: dict[str, Any]) -> None:
        """A worker's figures (:meth:`as_json`), added to these."""
        self.builds.update(sent["builds"])
        self.processes.update(sent["processes"])
        self.cpu.update(sent["cpu"])
        self.session_teardown += sent["session_teardown"]


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _is_sphinx_build(args: object) -> bool:
    """A command line that runs ``sphinx-build`` (by name or as ``-m sphinx``)."""
    words = [str(a) for a in args] if isinstance(args, list | tuple) else [str(args)]
    return any(w.endswith("sphinx-build") for w in words) or any(
        a == "-m" and b in ("sphinx", "sphinx.cmd.build") for a, b in itertools.pairwise(words)
    )


def _count_sphinx(spending: Spending) -> Callable[[], None]:
    """Wrap ``Sphinx.__init__`` and ``Popen.__init__`` to count; return the undo."""
    from sphinx.application import Sphinx

    sphinx_init = Sphinx.__init__
    popen_init = subprocess.Popen.__init__

    def counting_sphinx(self: Sphinx, *args: Any, **kwargs: Any) -> None:
        spending.builds[spending.current] += 1
        sphinx_init(self, *args, **kwargs)

    def counting_popen(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        if _is_sphinx_build(args):
            spending.processes[spending.current] += 1
        popen_init(self, args, *rest, **kwargs)

    Sphinx.__init__ = counting_sphinx  # type: ignore[method-assign]
    subprocess.Popen.__init__ = counting_popen  # type: ignore[method-assign]

    def undo() -> None:
        Sphinx.__init__ = sphinx_init  # type: ignore[method-assign]
        subprocess.Popen.__init__ = popen_init  # type: ignore[method-assign]

    return undo


_SPENDING = pytest.StashKey[Spending]()
_UNDO = pytest.StashKey[Callable[[], None]]()


class _Controller:
    """The hook only pytest-xdist's controller calls (registered only where xdist runs)."""

    def __init__(self, spending: Spending) -> None:
        self.spending = spending

    def pytest_testnodedown(self, node: Any, error: object) -> None:
        sent = getattr(node, "workeroutput", {}).get("glossator_spending")
        if sent is not None:
            self.spending.add(sent)


def pytest_configure(config: pytest.Config) -> None:
    spending = Spending()
    config.stash[_SPENDING] = spending
    config.stash[_UNDO] = _count_sphinx(spending)
    if config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_Controller(spending), "glossator-buildcount-controller")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In an xdist worker: send this worker's figures to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["glossator_spending"] = session.config.stash[_SPENDING].as_json()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _UNDO in config.stash:
        config.stash[_UNDO]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    """Charge each test (its setup, call and teardown, so its fixtures too) to its node id.

    A module- or session-scoped fixture is charged to the first test that uses it; a session
    fixture's teardown is counted apart (:func:`pytest_runtest_teardown`).
    """
    spending = item.config.stash[_SPENDING]
    spending.current = item.nodeid
    start = _cpu_seconds()
    try:
        return (yield)
    finally:
        spent = _cpu_seconds() - start
        spending.cpu[item.nodeid] = spent - (spending.session_teardown if nextitem is None else 0)
        spending.current = "(between tests)"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    """The last test's teardown also ends the session's fixtures: measured apart."""
    if nextitem is not None:
        return (yield)
    spending = item.config.stash[_SPENDING]
    start = _cpu_seconds()
    try:
        return (yield)
    finally:
        spending.session_teardown = _cpu_seconds() - start


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    spending = config.stash.get(_SPENDING, None)
    if spending is None:
        return
    write = terminalreporter.write_line
    terminalreporter.section("Sphinx builds and CPU seconds")
    builds, processes = sum(spending.builds.values()), sum(spending.processes.values())
    cpu = sum(spending.cpu.values())
    write(
        f"{builds + processes} Sphinx builds: {builds} Sphinx applications in the test processes, "
        f"{processes} sphinx-build processes; {cpu:.1f} CPU s in {len(spending.cpu)} tests, "
        f"{spending.session_teardown:.1f} CPU s ending the session's fixtures (Chromium...)"
    )
    costliest = sorted(spending.cpu.items(), key=lambda item: -item[1])[:SHOWN]
    for nodeid, seconds in costliest:
        count = spending.builds[nodeid] + spending.processes[nodeid]
        write(f"{seconds:7.2f} CPU s  {count:3d} builds  {nodeid}")

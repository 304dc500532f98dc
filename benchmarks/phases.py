"""Where a Sphinx build's time goes, phase by phase: ``python -m benchmarks.phases ARGS``.

Why: the bench times whole commands; to see which part of a ``-j`` build leaves a core idle
(docs/performance.md), this runs ``sphinx-build ARGS`` (its own arguments, e.g. ``-j auto
SRC OUT``), notes when Sphinx prints the start of each phase ("reading sources", "writing
output", ...), and samples the CPU time of the build's process tree from ``/proc`` five times a
second. For each phase it prints the wall time, the CPU time of the whole tree (the main
process and the reading or writing processes it forked, alive or reaped) and of the main
process alone, and how many cores that kept busy on average.

Linux only (``/proc``); the figures are those of one run, on a machine whose load moves them.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

PHASES = (
    "reading sources",
    "pickling environment",
    "checking consistency",
    "preparing documents",
    "copying",
    "writing output",
    "generating indices",
    "dumping",
    "build succeeded",
)
"""The starts of the lines Sphinx prints as a phase begins (the first word or two)."""

_TICKS = os.sysconf("SC_CLK_TCK")
_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
"""A terminal control sequence: colour, or erase the line (linear: one class, then one letter)."""


@dataclass(frozen=True)
class Sample:
    seconds: float  # since the build started
    tree_cpu: float  # the tree's CPU seconds so far, reaped children included
    main_cpu: float  # the main process's own


def _stat(pid: int) -> tuple[int, float, float] | None:
    """(parent, own CPU seconds, reaped children's CPU seconds) of a process, if it exists."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    own = (int(fields[11]) + int(fields[12])) / _TICKS
    reaped = (int(fields[13]) + int(fields[14])) / _TICKS
    return int(fields[1]), own, reaped


def tree_cpu(root: int) -> tuple[float, float]:
    """CPU seconds of ``root`` and its descendants (alive, or reaped by one of them), and of
    ``root`` alone."""
    stats = {
        pid: s for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if (s := _stat(pid))
    }
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        if pid in stats:
            total += stats[pid][1] + stats[pid][2]
            stack.extend(children.get(pid, []))
    return total, stats[root][1] if root in stats else 0.0


def run(argv: list[str]) -> tuple[list[tuple[float, str]], list[Sample], float, int]:
    """Run the build; the phases' start times, the samples (the last one from the exited
    process's own accounting), the wall time and the exit status."""
    cmd = [sys.executable, "-m", "sphinx", *argv]
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    samples: list[Sample] = []

    def sample() -> None:
        while process.poll() is None:
            total, main = tree_cpu(process.pid)
            samples.append(Sample(time.perf_counter() - started, total, main))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    marks: list[tuple[float, str]] = [(0.0, "start")]
    assert process.stdout is not None
    started_updating = False  # before it, "writing output" is the message catalogues' step
    for raw in process.stdout:  # text mode: a progress bar's carriage returns end lines too
        # colour and "erase line" codes come when Sphinx takes the output for a colour
        # terminal (FORCE_COLOR, as CI sets): without them a phase's line starts with its name
        line = _ESCAPE.sub("", raw)
        started_updating = started_updating or line.startswith("updating environment")
        phase = next((p for p in PHASES if line.startswith(p)), None)
        if started_updating and phase and phase != marks[-1][1]:
            marks.append((time.perf_counter() - started, phase))
        if "WARNING" in line or "ERROR" in line or "Traceback" in line:
            print(line.rstrip(), file=sys.stderr)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.join()
    main_cpu = samples[-1].main_cpu if samples else 0.0
    samples.append(Sample(wall, usage.ru_utime + usage.ru_stime, main_cpu))
    return marks, samples, wall, process.returncode


def _at(samples: list[Sample], seconds: float) -> Sample:
    before = [s for s in samples if s.seconds <= seconds]
    return before[-1] if before else Sample(0.0, 0.0, 0.0)


def table(marks: list[tuple[float, str]], samples: list[Sample], wall: float) -> list[str]:
    rows = ["| phase | wall s | CPU s, whole build | cores busy | CPU s, main process |",
            "| --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
    ends = [*marks[1:], (wall, "end")]
    for (start, name), (end, _) in zip(marks, ends, strict=True):
        a, b = _at(samples, start), _at(samples, end)
        span = end - start
        cpu = b.tree_cpu - a.tree_cpu
        busy = cpu / span if span > 0 else 0.0
        rows.append(
            f"| {name} | {span:.1f} | {cpu:.1f} | {busy:.2f} | {b.main_cpu - a.main_cpu:.1f} |"
        )
    last = samples[-1] if samples else Sample(0.0, 0.0, 0.0)
    rows.append(f"| **whole build** | {wall:.1f} | {last.tree_cpu:.1f} | "
                f"{last.tree_cpu / wall:.2f} | {last.main_cpu:.1f} |")  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.phases", description=__doc__)
    parser.add_argument("sphinx_args", nargs=argparse.REMAINDER, help="sphinx-build's arguments")
    args = parser.parse_args(argv)
    sphinx_args = [a for a in args.sphinx_args if a != "--"]
    marks, samples, wall, status = run(sphinx_args)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\n".join(table(marks, samples, wall)))
    return status


if __name__ == "__main__":
    sys.exit(main())

"""The bench's table of a ``--builds-only`` run: the full build's wall and CPU time to the floor's."""

from __future__ import annotations

from dataclasses import asdict

from benchmarks.report import table
from benchmarks.steps import Step


def _steps(**seconds: tuple[float, float]) -> dict[str, object]:
    return {
        name.replace("_", " ").replace("jauto", "(-j auto)"): asdict(
            Step(name, wall, 100.0, 0, cpu_seconds=cpu)
        )
        for name, (wall, cpu) in seconds.items()
    }


def test_builds_only_table_gives_both_ratios() -> None:
    steps = _steps(generate=(5.0, 5.0), floor_build_jauto=(100.0, 160.0))
    steps |= _steps(full_build_jauto=(150.0, 200.0))
    text = table({"steps": steps})
    full = next(line for line in text.splitlines() if line.startswith("| full build (-j auto)"))
    assert "1.50x the floor" in full
    assert "CPU time 200.0 s, 1.25x the floor's" in full
    assert "glossator check" not in text  # not measured in this run

"""The bench's table of a ``--builds-only`` run: the full build's wall and CPU time to the floor's."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

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


def test_phases_table_splits_wall_and_cpu_time_by_phase() -> None:
    from benchmarks.phases import Sample, table

    marks = [(0.0, "start"), (2.0, "reading sources"), (10.0, "writing output")]
    samples = [Sample(0.0, 0.0, 0.0), Sample(2.0, 1.5, 1.5), Sample(10.0, 17.5, 3.5)]
    samples.append(Sample(20.0, 37.5, 5.5))
    rows = table(marks, samples, 20.0)
    assert rows[2] == "| start | 2.0 | 1.5 | 0.75 | 1.5 |"
    assert rows[3] == "| reading sources | 8.0 | 16.0 | 2.00 | 2.0 |"
    assert rows[4] == "| writing output | 10.0 | 20.0 | 2.00 | 2.0 |"
    assert rows[5] == "| **whole build** | 20.0 | 37.5 | 1.88 | 5.5 |"


def test_phases_of_a_real_parallel_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.phases import run

    # CI's runner asks for colour; the phases must still be found (they once were not)
    monkeypatch.setenv("FORCE_COLOR", "1")

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('project = "p"\n', encoding="utf-8")
    pages = "\n".join(f"   page{i}" for i in range(30))
    (src / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{pages}\n", encoding="utf-8")
    for i in range(30):
        (src / f"page{i}.rst").write_text(f"Page {i}\n=======\n\nText {i}.\n", encoding="utf-8")
    marks, samples, wall, status = run(["-b", "html", "-j", "2", str(src), str(tmp_path / "out")])
    assert status == 0
    names = [name for _, name in marks]
    assert names[:2] == ["start", "reading sources"] and "writing output" in names
    assert len(names) == len(set(names)), "a phase found twice (the catalogues' step is not one)"
    assert [t for t, _ in marks] == sorted(t for t, _ in marks) and marks[-1][0] <= wall
    # the last sample is the exited build's own accounting: its CPU time, children included
    assert samples[-1].seconds == wall and samples[-1].tree_cpu > 0


def test_the_preview_table_shows_the_edited_page_and_a_page_that_shows_it() -> None:
    from benchmarks.preview import table_lines

    common = {"to_reload_seconds": 1.18, "to_served_seconds": 1.21, "rebuild_seconds": 6.95,
              "html_files_written": 562, "settle_seconds": 5.9, "server_cpu_seconds": 1.11,
              "load_average_1min": 1.5}  # fmt: skip
    rows = table_lines({
        "startup": {"seconds": 23.7, "pages_written": 2},
        "rename": {**common, "other_page_served_seconds": 6.94},
        "text edit": {**common, "html_files_written": 3},
    })  # fmt: skip
    assert rows[3] == "| rename | 1.18 s | 1.21 s | 6.94 s | 6.95 s | 1.11 s | 562 | 5.9 s | 1.5 |"
    assert rows[4] == "| text edit | 1.18 s | 1.21 s | - | 6.95 s | 1.11 s | 3 | 5.9 s | 1.5 |"
    assert rows[1].count("|") == rows[3].count("|") == rows[2].count("|")
    assert "23.7 s, 2 HTML files written" in rows[-1]

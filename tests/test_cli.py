from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossator.cli import main

from conftest import write


def test_clean_archive_exits_zero(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(archive_dir)]) == 0
    assert (
        capsys.readouterr()
        .out.strip()
        .splitlines()[-1]
        .startswith(("All checks passed", "Found 0 errors"))
    )


def test_errors_exit_one_with_ruff_like_lines(
    archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(archive_dir / "annotations/notes/n.md", "---\ntitle: N\nnote_kind: nope\n---\n")
    assert main(["check", "--root", str(archive_dir)]) == 1
    out = capsys.readouterr().out
    assert "annotations/notes/n.md:3:1: error GL103 " in out
    assert out.strip().splitlines()[-1].startswith("Found 1 error")


def test_json_and_github_formats(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(archive_dir / "annotations/notes/n.md", "---\ntitle: N\nnote_kind: nope\n---\n")
    main(["check", "--root", str(archive_dir), "--format", "json"])
    items = json.loads(capsys.readouterr().out)
    error = next(i for i in items if i["code"] == "GL103")
    assert set(error) == {"path", "line", "column", "code", "severity", "message", "hint"}
    main(["check", "--root", str(archive_dir), "--format", "github"])
    out = capsys.readouterr().out
    assert "::error file=annotations/notes/n.md,line=3,col=1,title=GL103::" in out


def test_paths_limit_the_report(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(archive_dir / "annotations/notes/n.md", "---\ntitle: N\nnote_kind: nope\n---\n")
    good = archive_dir / "annotations/persons/safaa-al-asam.md"
    assert main(["check", "--root", str(archive_dir), str(good)]) == 0
    assert main(["check", "--root", str(archive_dir), str(bad)]) == 1


def test_usage_errors_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(tmp_path)]) == 2
    assert "no archive found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["check", "--format", "xml"])
    assert info.value.code == 2
    for jobs in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as info:
            main(["check", "--jobs", jobs])
        assert info.value.code == 2
        assert "expected a number of processes" in capsys.readouterr().err


def test_module_entry_point(archive_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "glossator", "check"],
        cwd=archive_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

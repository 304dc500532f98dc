"""The contribution workflow's files are valid, and do what CONTRIBUTING.md says.

Linting happens offline: the workflow and ``.readthedocs.yaml`` are validated against the
SchemaStore schemas vendored in ``check-jsonschema`` (``--builtin-schema``), pre-commit's files
with pre-commit's own validators, and every subprocess gets a proxy that refuses connections, so
a linter that tried to download something would fail the test instead of hanging. actionlint
(a Go binary, not on PyPI with a prebuilt wheel) runs too where it is installed.
"""

from __future__ import annotations

import importlib.util
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, noxfile

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"
BIN = Path(sys.executable).parent
OFFLINE = {
    **os.environ,
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "NO_PROXY": "",
    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
}


def run(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> tuple[int, str]:
    done = subprocess.run(
        args, cwd=cwd, env=env or OFFLINE, capture_output=True, text=True, timeout=120
    )
    return done.returncode, done.stdout + done.stderr


def check_jsonschema(schema: str, path: Path) -> tuple[int, str]:
    return run(sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path))


def load_workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    on: dict[str, Any] = workflow.get("on", workflow.get(True))  # YAML 1.1 reads 'on' as True
    return on


# -- the GitHub Actions workflow ------------------------------------------------------------------


def test_workflow_is_valid_against_the_schemastore_schema() -> None:
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        code, output = check_jsonschema(schema, WORKFLOW)
        assert code == 0, output


def test_the_schema_check_does_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "runs_on:", 1))
    code, output = check_jsonschema("vendor.github-workflows", broken)
    assert code == 1 and "runs-on" in output


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is not installed")
def test_workflow_passes_actionlint() -> None:
    code, output = run("actionlint", "-no-color", str(WORKFLOW))
    assert code == 0, output


def test_pull_requests_run_read_only_without_secrets() -> None:
    workflow = load_workflow()
    on = triggers(workflow)
    assert set(on) == {"pull_request", "push"}
    assert on["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    check = workflow["jobs"]["check"]
    assert check["permissions"] == {"contents": "read"}
    assert "secrets." not in yaml.safe_dump(check)
    checkout = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False
    commands = [s.get("run", "") for s in check["steps"]]
    # the check's findings become annotations on the pull request's files
    assert "glossator check --format github" in commands
    assert {"nox -s lint", "nox -s tests", "nox -s docs -- --strict"} <= set(commands)


def test_only_a_push_to_main_publishes() -> None:
    jobs = load_workflow()["jobs"]
    assert set(jobs) == {"check", "publish"}
    publish = jobs["publish"]
    condition = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert publish["if"] == condition and publish["needs"] == "check"
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    upload = next(s for s in jobs["check"]["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["if"] == condition and upload["with"]["path"] == "docs/_build/html"


def test_actions_are_pinned_to_commits() -> None:
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text())
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action


# -- pre-commit -----------------------------------------------------------------------------------


def test_pre_commit_files_are_valid() -> None:
    code, output = run(
        sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"
    )
    assert code == 0 and output == "", output
    code, output = run(
        sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"
    )
    assert code == 0 and output == "", output


def test_pre_commit_validation_does_catch_a_broken_config(tmp_path: Path) -> None:
    broken = tmp_path / "config.yaml"
    broken.write_text("repos:\n  - repo: local\n    hooks:\n      - id: x\n")
    code, output = run(sys.executable, "-m", "pre_commit", "validate-config", str(broken))
    assert code == 1 and "Missing required key" in output


def test_pre_commit_hook_checks_the_changed_pages(archive_dir: Path, tmp_path: Path) -> None:
    """The hooks run offline (local hooks need no environment) and fail on a broken page."""
    shutil.copy(REPO / ".pre-commit-config.yaml", archive_dir / ".pre-commit-config.yaml")
    env = {
        **OFFLINE,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    run("git", "init", "--quiet", cwd=archive_dir, env=env)
    run("git", "add", ".", cwd=archive_dir, env=env)
    page = "annotations/persons/safaa-al-asam.md"
    hook = [sys.executable, "-m", "pre_commit", "run", "glossator-check-pages", "--files", page]
    code, output = run(*hook, cwd=archive_dir, env=env)
    assert code == 0, output
    broken = archive_dir / page
    broken.write_text(broken.read_text().replace('exact: "Safaa Al-Asam"', 'exact: "Safa Asam"'))
    run("git", "add", ".", cwd=archive_dir, env=env)
    code, output = run(*hook, cwd=archive_dir, env=env)
    assert code == 1 and f"{page}:" in output and "GL110" in output
    whole = [sys.executable, "-m", "pre_commit", "run", "glossator-check-archive", "--all-files"]
    code, output = run(*whole, cwd=archive_dir, env=env)
    assert code == 1 and "GL110" in output


# -- Read the Docs, the pull-request template -----------------------------------------------------


def test_read_the_docs_configuration() -> None:
    path = REPO / ".readthedocs.yaml"
    code, output = check_jsonschema("vendor.readthedocs", path)
    assert code == 0, output
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["sphinx"] == {
        "configuration": "docs/conf.py",
        "builder": "html",
        "fail_on_warning": True,
    }
    assert config["python"]["install"] == [{"method": "pip", "path": "."}]
    assert config["build"]["jobs"]["pre_build"] == ["glossator check"]


def test_pull_request_template_asks_for_sources_and_the_check() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", template, flags=re.MULTILINE)
    assert len(boxes) >= 4
    assert any("glossator check" in box for box in boxes)
    assert "Where each fact comes from" in template


# -- nox -s serve ---------------------------------------------------------------------------------


class RecordingSession:
    """Stands in for nox's session: records what the session would install and run."""

    def __init__(self) -> None:
        self.posargs: list[str] = ["--port", "0"]
        self.installed: list[tuple[str, ...]] = []
        self.runs: list[tuple[tuple[str, ...], dict[str, str]]] = []

    def install(self, *args: str) -> None:
        self.installed.append(args)

    def run(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.runs.append((args, env or {}))

    def log(self, *args: object) -> None:
        pass


def test_nox_lists_the_serve_session() -> None:
    code, output = run(sys.executable, "-m", "nox", "--list")
    assert code == 0 and re.search(r"^- serve -> Live preview", output, flags=re.MULTILINE)


def _read_lines(stream: Any, into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


def _get(url: str) -> str:
    """GET from the local preview server, never through a proxy."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


@pytest.mark.skipif(
    importlib.util.find_spec("sphinx_autobuild") is None, reason="sphinx-autobuild not installed"
)
def test_serve_previews_and_rebuilds_on_a_page_change(archive_dir: Path) -> None:
    session = RecordingSession()
    noxfile().serve(session)
    assert any(a[0].startswith("sphinx-autobuild") for a in session.installed)
    ((args, env),) = session.runs
    assert args[:2] == ("glossator", "serve")  # sphinx-autobuild's server, a live build
    command = [str(BIN / "glossator"), *args[1:]]
    direct = {**os.environ, **env, "PATH": OFFLINE["PATH"], "NO_PROXY": "127.0.0.1,localhost"}
    server = subprocess.Popen(
        command,
        cwd=archive_dir,
        env=direct,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_lines, args=(server.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        url = ""
        deadline = time.monotonic() + 90
        while not url and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                assert server.poll() is None, "".join(seen)
                continue
            seen.append(line)
            match = re.search(r"serve: (http://127\.0\.0\.1:\d+)/ ", line)
            url = match.group(1) if match else ""
        assert url, "".join(seen)
        page = f"{url}/annotations/persons/safaa-al-asam.html"
        shown = ""
        while not shown and time.monotonic() < deadline:
            try:  # the address is printed just before the server listens on it
                shown = _get(page)
            except OSError:
                time.sleep(0.2)
        assert "Safaa Al-Asam" in shown
        person = archive_dir / "annotations" / "persons" / "safaa-al-asam.md"
        person.write_text(person.read_text() + "\nA sentence added while previewing.\n")
        while "added while previewing" not in shown and time.monotonic() < deadline:
            time.sleep(0.5)
            shown = _get(page)
        assert "added while previewing" in shown, "".join(seen)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)

"""The sharded build's workflow (``.github/workflows/shards.yml``) is valid and safe.

Valid against the workflow schemas (offline, as ``test_repo_files.py`` checks ``ci.yml``);
opt-in (nothing runs without ``shards.toml``); a read-only token and no secrets in every job;
actions pinned to commit SHAs; one build job per shard, from the layout's matrix, then one
assembling job; shard names reach the scripts through the environment only.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from test_repo_files import check_jsonschema

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "shards.yml"


def load() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    "schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]
)
def test_the_workflow_is_valid(schema: str) -> None:
    code, output = check_jsonschema(schema, WORKFLOW)
    assert code == 0, output


def test_every_job_reads_only_and_no_secret_is_used() -> None:
    workflow = load()
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert job["permissions"] == {"contents": "read"}, name
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "secrets." not in text and "pull_request_target" not in text


def test_actions_are_pinned_and_checkouts_keep_no_credentials() -> None:
    for name, job in load()["jobs"].items():
        for step in job["steps"]:
            uses = step.get("uses")
            if uses is None:
                continue
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", uses), (name, uses)
            if uses.startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_a_matrix_of_shards_then_one_assembly() -> None:
    jobs = load()["jobs"]
    assert jobs["build"]["needs"] == "plan"
    assert (
        jobs["build"]["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    )
    assert jobs["assemble"]["needs"] == ["plan", "build"]
    runs = [s.get("run", "") for job in jobs.values() for s in job["steps"]]
    assert any("glossator shard layout" in r for r in runs)
    assert any("glossator shard assemble" in r for r in runs)
    assert all("${{" not in r for r in runs)  # values reach scripts through env only


def test_it_runs_only_for_a_sharded_archive() -> None:
    jobs = load()["jobs"]
    for name in ("build", "assemble"):
        assert jobs[name]["if"] == "needs.plan.outputs.enabled == 'true'"
    steps = jobs["plan"]["steps"]
    assert any("shards.toml" in s.get("run", "") for s in steps)
    assert not (REPO / "shards.toml").exists()  # this repository builds as one project

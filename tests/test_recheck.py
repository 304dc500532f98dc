"""Incremental checks (``glossator.checks.recheck``): after any edit, the findings of a full check.

A generated archive is edited at random -- text added, objects renamed (with or without the
old name kept), ids and names taken by another page, references broken and mended, pages
added, deleted, made unreadable or invalid -- and after each edit the incremental findings are
compared with :func:`glossator.checks.run` on the archive read afresh.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_incremental_scale import rewrite

from glossator import archive, checks
from glossator.checks.recheck import Checked
from glossator.generate import generate


def full(root: Path) -> list[object]:
    return list(checks.run(archive.load(root, prepare=checks.prepare)))


def objects(root: Path) -> dict[str, tuple[Path, str]]:
    """id -> (page, title) of every valid object now."""
    out: dict[str, tuple[Path, str]] = {}
    for page in archive.load(root).pages:
        if page.obj is not None:
            out.setdefault(page.obj.id, (root / page.path, page.obj.title))
    return out


def _edit(rng: random.Random, root: Path, step: int) -> list[Path]:
    """One random edit; returns the files it touched (as the watcher reports them)."""
    known = objects(root)
    ids = sorted(known)
    ident = rng.choice(ids)
    path, title = known[ident]
    other = rng.choice(ids)
    kind = rng.randrange(9)
    if kind == 0:  # text only
        path.write_text(path.read_text(encoding="utf-8") + f"\nMore text {step}.\n", "utf-8")
    elif kind == 1:  # renamed, the old name kept
        rewrite(path, root, title=f"{title} R{step}", aliases=[title])
    elif kind == 2:  # renamed, the old name dropped: links by name break
        rewrite(path, root, title=f"{title} S{step}", aliases=[])
    elif kind == 3:  # another object's name taken as an alias
        rewrite(path, root, aliases=[known[other][1]])
    elif kind == 4:  # a body reference, by name or to nothing
        target = known[other][1] if rng.random() < 0.6 else f"Nobody {step}"
        path.write_text(
            path.read_text(encoding="utf-8") + f"\nSee {{person}}`{target}`.\n", "utf-8"
        )
    elif kind == 5:  # a page deleted (others may refer to it)
        path.unlink()
    elif kind == 6:  # a new page, referring to an object by id, and maybe by name
        new = root / "annotations" / "notes" / f"added-{step}.md"
        new.write_text(
            f"---\ntitle: Added {step}\nnote_kind: other\nabout: [{other}]\n---\n"
            f"About {{person}}`{known[other][1]}`.\n",
            encoding="utf-8",
        )
        return [new]
    elif kind == 7:  # front matter that does not parse
        path.write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    else:  # an id taken by a page of another kind
        twin = root / "annotations" / "notes" / f"{ident}.md"
        if twin.exists() or path.parent.name == "notes":
            path.write_text(path.read_text(encoding="utf-8") + "\nx\n", "utf-8")
            return [path]
        twin.write_text(
            f"---\ntitle: Twin {step}\nnote_kind: other\n---\nA twin.\n", encoding="utf-8"
        )
        return [twin]
    return [path]


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_findings_equal_a_full_check_after_random_edits(
    tmp_path: Path, seed: int
) -> None:
    root = tmp_path / "corpus"
    generate(root, 80, 2, seed=seed)
    checked = Checked(root)
    assert checked.findings() == full(root)
    rng = random.Random(seed)
    for step in range(24):
        touched = _edit(rng, root, step)
        if rng.random() < 0.3:  # a burst of saves: two edits, one update
            touched += _edit(rng, root, step + 100)
        checked.update(touched)
        assert checked.findings() == full(root), f"step {step}: {touched}"


def test_a_text_edit_rechecks_that_page_only(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate(root, 80, 2, seed=3)
    checked = Checked(root)
    claim = sorted((root / "annotations" / "claims").glob("*.md"))[0]
    claim.write_text(claim.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    checked.update([claim])
    assert checked.rechecked == [claim.relative_to(root).as_posix()]
    assert checked.findings() == full(root)

    # a rename re-checks the pages that refer to the object, not the others
    person = objects(root)
    hub = max(
        (i for i in person if "/persons/" in person[i][0].as_posix()),
        key=lambda i: sum(i in p.read_text(encoding="utf-8") for p in root.rglob("*.md")),
    )
    path, title = person[hub]
    rewrite(path, root, title=title + " Junior", aliases=[])
    checked.update([path])
    assert 1 < len(checked.rechecked) < 80
    assert checked.findings() == full(root)


def test_a_change_outside_the_pages_checks_everything(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate(root, 40, 1, seed=4)
    checked = Checked(root)
    bib = root / "docs" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    checked.update([bib])
    assert len(checked.rechecked) == len(archive.load(root).pages)
    assert checked.findings() == full(root)

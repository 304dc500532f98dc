"""Prove that a refactor changed no byte of the built sites: ``nox -s compare -- REF``.

Why: a behaviour-preserving change (a module moved, state kept elsewhere, one path for the
diagnostics) must leave what readers get as it was. The test suite checks what it thinks of;
a byte comparison of whole sites checks everything else. Two sites are built from the tree at
git ``REF`` (default ``main``) and from the working tree, with the same interpreter and
packages, and compared file by file:

* the real archive (``docs/``), as ``nox -s docs`` builds it;
* a generated archive of 1,000 annotations over 5 sources (``glossator generate``, seed 1),
  as ``nox -s bench -- --quick`` builds it.

Each site is built with ``sphinx-build -j auto`` and indexed with Pagefind
(``glossator.search.index``, or ``glossator.searchindex`` at a REF from before the
``search`` package), with ``SOURCE_DATE_EPOCH`` set. Sphinx's pickled doctrees are
kept outside the compared folders. Both trees are built from one and the same folder (the
tree at ``REF`` exported with ``git archive``, then the working tree's files copied there),
since the configuration Sphinx records in ``.buildinfo`` holds absolute paths; the package is
imported from that folder through ``PYTHONPATH``, ahead of the editable install.

``python tools/compare_builds.py --dirs BEFORE AFTER`` only compares two folders built before.
Exit status: 0 when every site is identical, 1 otherwise (the differing files are listed).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1643673600"
GENERATED = ("--annotations", "1000", "--sources", "5", "--seed", "1")


def differences(before: Path, after: Path) -> list[str]:
    """Relative paths that are in one folder only or differ in content (``.doctrees`` skipped)."""
    found: list[str] = []

    def walk(a: Path, b: Path, rel: str) -> None:
        cmp = filecmp.dircmp(a, b, ignore=[".doctrees", ".buildinfo.bak"])
        found.extend(f"only before: {rel}{n}" for n in sorted(cmp.left_only))
        found.extend(f"only after: {rel}{n}" for n in sorted(cmp.right_only))
        for name in sorted(cmp.common_files):
            if not filecmp.cmp(a / name, b / name, shallow=False):
                found.append(f"differs: {rel}{name}")
        for name in sorted(cmp.common_dirs):
            walk(a / name, b / name, f"{rel}{name}/")

    walk(before, after, "")
    return found


def _run(cmd: list[str], cwd: Path, tree: Path) -> None:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "PYTHONHASHSEED": "0",
        "PYTHONPATH": str(tree / "tools"),
    }
    print("compare:", " ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def index_module(tree: Path) -> str:
    """The module that indexes a built site in ``tree``: ``glossator.search.index``, or
    ``glossator.searchindex`` in a tree from before the ``search`` package (an older REF)."""
    if (tree / "tools" / "glossator" / "search" / "index.py").is_file():
        return "glossator.search.index"
    return "glossator.searchindex"


def build_sites(tree: Path, out: Path) -> None:
    """The real archive of ``tree`` into ``out/site``, a generated one into ``out/generated``."""
    py = sys.executable
    index = index_module(tree)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    sphinx = [py, "-m", "sphinx", "-b", "html", "-j", "auto", "-q"]
    _run([*sphinx, "-d", str(out / "doctrees"), "docs", str(out / "site")], tree, tree)
    _run([py, "-m", index, str(out / "site")], tree, tree)
    corpus = out / "corpus"
    _run([py, "-m", "glossator", "generate", *GENERATED, str(corpus)], tree, tree)
    generated = out / "generated"
    _run([*sphinx, "-d", str(out / "gen-doctrees"), "docs", str(generated)], corpus, tree)
    _run([py, "-m", index, str(generated)], corpus, tree)


def export_tree(ref: str, dest: Path) -> Path:
    """The files of git ``ref`` in ``dest`` (symbolic links kept)."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", ref], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def copy_working_tree(dest: Path) -> Path:
    """The working tree's files (tracked or new, not ignored) in ``dest``, links kept."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    for name in sorted(set(listed.decode().split("\0")) - {""}):
        source = ROOT / name
        if not source.is_symlink() and not source.exists():
            continue  # deleted in the working tree
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    return dest


def report(pairs: list[tuple[str, Path, Path]]) -> int:
    status = 0
    for name, before, after in pairs:
        found = differences(before, after)
        files = sum(1 for p in after.rglob("*") if p.is_file())
        if found:
            status = 1
            print(f"{name}: {len(found)} difference(s)")
            for line in found[:50]:
                print("  " + line)
        else:
            print(f"{name}: identical ({files} files)")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("ref", nargs="?", default="main", help="git ref to compare with")
    parser.add_argument("--dirs", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument(
        "--reuse-before",
        action="store_true",
        help="with --keep: the sites of REF built by an earlier run are used again",
    )
    args = parser.parse_args(argv)
    if args.dirs:
        return report([("folders", args.dirs[0], args.dirs[1])])
    with tempfile.TemporaryDirectory(prefix="compare-builds-") as tmp:
        work = args.keep or Path(tmp)
        before, after, tree = work / "before", work / "after", work / "tree"
        if not (args.keep and args.reuse_before and (before / "generated").is_dir()):
            shutil.rmtree(tree, ignore_errors=True)
            build_sites(export_tree(args.ref, tree), before)
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        build_sites(copy_working_tree(tree), after)
        return report(
            [
                (f"real archive ({args.ref} / working tree)", before / "site", after / "site"),
                ("generated archive", before / "generated", after / "generated"),
            ]
        )


if __name__ == "__main__":
    raise SystemExit(main())

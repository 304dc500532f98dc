"""The benchmark's steps: each a child process timed with ``os.wait4``, and the edits between them."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Step:
    """One measured child process."""

    name: str
    seconds: float
    peak_mb: float
    returncode: int
    extra: dict[str, Any] = field(default_factory=dict)
    cpu_seconds: float = 0.0  # user and system time of the process and the children it waited for


def run_step(name: str, cmd: list[str], cwd: Path, log: Path) -> Step:
    """Run ``cmd`` and measure its wall time and the peak RSS of it and its children."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643673600", "PYTHONHASHSEED": "0"}
    print(f"bench: {name}: {' '.join(cmd)}", file=sys.stderr, flush=True)
    with log.open("ab") as out:
        out.write(f"\n=== {name}: {' '.join(cmd)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Linux: ru_maxrss (KiB) of a waited-for child covers it and its own waited-for children
    step = Step(name, round(seconds, 2), round(usage.ru_maxrss / 1024, 1), proc.returncode)
    step.cpu_seconds = round(usage.ru_utime + usage.ru_stime, 2)
    print(f"bench: {name}: {step.seconds:.1f} s, {step.peak_mb:.0f} MB", file=sys.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"bench: step '{name}' failed (exit {proc.returncode}); see {log}")
    return step


def parse_only(root: Path) -> int:
    """The floor of ``glossator check``: read every page and parse it with MyST's markdown-it."""
    from glossator.markdown import parser

    md = parser()
    count = 0
    for path in sorted((root / "annotations").rglob("*.md")):
        md.parse(path.read_text(encoding="utf-8"))
        count += 1
    print(f"parsed {count} pages")
    return 0


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import sphinx

    def version(dist: str) -> str:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as v

        try:
            return v(dist)
        except PackageNotFoundError:
            return "not installed"

    cpu = "unknown"
    memory = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "myst-parser": version("myst-parser"),
        "sphinx-book-theme": version("sphinx-book-theme"),
        "pagefind": version("pagefind"),
        "load average at start": list(os.getloadavg()),
    }


def html_mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def written_pages(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(name for name, stamp in after.items() if before.get(name) != stamp)


def doc_pages(root: Path) -> set[str]:
    """HTML names of the documents (as opposed to pages Sphinx always writes, like genindex)."""
    docs = root / "docs"
    pages = {p.relative_to(docs) for p in docs.rglob("*.md") if "_build" not in p.parts}
    pages |= {p.relative_to(root) for p in (root / "annotations").rglob("*.md")}
    return {p.with_suffix(".html").as_posix() for p in pages}


def edit_text(page: Path) -> None:
    """Edit the text of an annotation (not its front matter): a contributor's typical edit."""
    text = page.read_text(encoding="utf-8")
    page.write_text(text.rstrip("\n") + "\n\nAn added sentence, for the benchmark.\n")


def edit_title(page: Path, root: Path) -> str:
    """Rename the object of ``page``, keeping the old name as an alias (so links by it still
    resolve): every page that shows the name must be rewritten. Returns the new title."""
    import yaml

    from glossator.pages import parse_page

    parsed = parse_page(page.read_text(encoding="utf-8"), page.relative_to(root).as_posix())
    if parsed.obj is None:
        raise SystemExit(f"bench: {page} does not parse")
    obj = parsed.obj
    renamed = obj.model_copy(
        update={"title": obj.title + " Renamed", "aliases": [obj.title, *obj.aliases]}
    )
    data = renamed.model_dump(mode="json", exclude={"id", "kind"}, exclude_defaults=True)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    page.write_text(f"---\n{front}---\n{parsed.body.lstrip(chr(10))}", encoding="utf-8")
    return renamed.title


def pick_pages(root: Path) -> tuple[Path, Path, str, Path]:
    """A typical claim to edit, the most linked-to person to rename, that person's name, and a
    page that shows the name (the first, by path, whose front matter refers to the person):
    the preview writes it after the person's own page, and must not serve it stale."""
    from glossator import archive as archive_mod
    from glossator import markdown

    loaded = archive_mod.load(root)
    counts: dict[str, int] = {}
    shown_by: dict[str, set[str]] = {}  # the pages whose front matter refers to each id
    for page in loaded.pages:
        if page.obj is None:
            continue
        for _, target, _ in page.obj.references():
            counts[target] = counts.get(target, 0) + 1
            shown_by.setdefault(target, set()).add(page.path)
        for use in page.roles:
            found = loaded.lookup(use.target) if use.role != markdown.PASSAGE_ROLE else None
            if found is not None:
                counts[found.id] = counts.get(found.id, 0) + 1
    claims = sorted(p.path for p in loaded.pages if p.kind == "claim")
    persons = [p for p in loaded.pages if p.kind == "person" and p.obj is not None]
    hub = max(persons, key=lambda p: (counts.get(p.id or "", 0), p.path))
    assert hub.obj is not None
    showing = min(shown_by[hub.id or ""])
    return root / claims[len(claims) // 2], root / hub.path, hub.obj.title, root / showing

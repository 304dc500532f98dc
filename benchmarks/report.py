"""The benchmark's table: each figure beside its floor, as ``nox -s bench`` prints it."""

from __future__ import annotations

from typing import Any

from benchmarks.steps import Step


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def _row(name: str, s: Step, versus: str = "") -> str:
    return f"| {name} | {s.seconds:.1f} s | {s.peak_mb:.0f} MB | {versus} |"


def build_rows(steps: dict[str, Step]) -> list[str]:
    """The floor and full builds' rows, with the full build's wall and CPU time to the floor's
    (the target of issue 17 is in wall time, with ``-j auto``; CPU time is less moved by
    other work on the machine)."""
    rows: list[str] = []
    for mode in ("serial", "-j auto"):
        floor = steps.get(f"floor build ({mode})")
        full = steps.get(f"full build ({mode})")
        if floor is None or full is None:
            continue
        rows.append(_row(f"floor build ({mode})", floor, f"CPU time {floor.cpu_seconds:.1f} s"))
        rows.append(
            _row(
                f"full build ({mode})",
                full,
                f"{_ratio(full.seconds, floor.seconds)} the floor; CPU time "
                f"{full.cpu_seconds:.1f} s, {_ratio(full.cpu_seconds, floor.cpu_seconds)} "
                "the floor's",
            )
        )
    return rows


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table (also pasted into docs/performance.md)."""
    steps = {name: Step(**s) for name, s in result["steps"].items()}
    rows = ["| step | wall time | peak memory | compared with |", "| --- | ---: | ---: | --- |"]

    def row(name: str, versus: str = "") -> None:
        if name in steps:
            rows.append(_row(name, steps[name], versus))

    full_name = "full build (-j auto)"
    full = steps[full_name]
    row("generate")
    if "glossator check" not in steps:  # --builds-only
        return "\n".join([*rows, *build_rows(steps)])
    parse, check = steps["parse (floor of check)"], steps["glossator check"]
    row("parse (floor of check)")
    row(
        "glossator check",
        f"{_ratio(check.seconds, parse.seconds)} the parse; full build is "
        f"{_ratio(full.seconds, check.seconds)} check; CPU time {check.cpu_seconds:.1f} s, "
        f"{_ratio(check.cpu_seconds, parse.cpu_seconds)} the parse's",
    )
    rows.extend(build_rows(steps))
    for name, s in steps.items():
        if name.startswith("incremental"):
            row(
                name,
                f"{s.extra['pages_written']} pages written; "
                f"{_ratio(s.seconds, full.seconds)} the full build",
            )
    row("pagefind index", f"{steps['pagefind index'].extra['index_bytes'] / 1e6:.1f} MB index")
    search = result["search"]
    lines = ["\n".join(rows), ""]
    lines.append(
        f"Sphinx searchindex.js (floor build): {search['sphinx_searchindex_bytes'] / 1e6:.2f} MB "
        f"({search['sphinx_searchindex_gzip_bytes'] / 1e6:.2f} MB gzipped), fetched whole by "
        f"every search; Pagefind bundle: {search['pagefind_bytes'] / 1e6:.1f} MB on disk."
    )
    lines.append(
        f"Names index: {search.get('names_index_bytes', 0) / 1e3:.0f} KB (gzipped by the build; "
        f"fetched only for a query that may need it); names hint: "
        f"{search.get('names_hint_bytes', 0) / 1e3:.0f} KB."
    )
    queries = {**search["queries"], **search.get("misspelled", {})}
    for query, figures in queries.items():
        if query == "skipped":
            lines.append(f"Per-query bytes not measured: {figures}")
            continue
        parts = ", ".join(
            f"{part} {size / 1e3:.0f} KB" for part, size in figures["index_parts"].items()
        )
        lines.append(
            f"Query '{query}': {figures['index_bytes'] / 1e3:.0f} KB of index in "
            f"{figures['index_files']} files ({parts}), {figures['runtime_bytes'] / 1e3:.0f} KB "
            f"of runtime, {figures['results_shown']} results shown; opening the filters "
            f"fetches {figures.get('filters_opened_bytes', 0) / 1e3:.0f} KB more."
        )
    from benchmarks.preview import table_lines

    lines.extend(table_lines(result.get("preview", {})))
    return "\n".join(lines)

"""The archive checks: identity, references, anchors, citations and coverage warnings.

Each check is a function ``(archive) -> iterable of Diagnostic``; :func:`run` runs them all.
The page-level parse problems (front matter, schema) are already in ``page.diagnostics``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rapidfuzz import process

from glossator import anchors as anchoring
from glossator import locations, markdown
from glossator.archive import Archive
from glossator.checks import editorial, policy
from glossator.codes import finding
from glossator.diagnostics import Diagnostic
from glossator.model import Claim, Incident, normalize_name
from glossator.pages import Page
from glossator.shard import scope as shardscope
from glossator.sources import Source

Check = Callable[[Archive], Iterable[Diagnostic]]


def _a(kind: str) -> str:
    """'a person', 'an incident'."""
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _did_you_mean(target: str, choices: Iterable[str]) -> str:
    match = process.extractOne(target, list(choices), score_cutoff=75)
    return f"did you mean '{match[0]}'?" if match else ""


def check_identity(archive: Archive) -> Iterator[Diagnostic]:
    """Ids are unique across kinds; no alias or title collides with another object's names."""
    first: dict[str, Page] = {}
    for page in archive.pages:
        if page.id is None:
            continue
        if page.id in first:
            yield finding(
                "GL106",
                page.path,
                1,
                1,
                f"id '{page.id}' is already used by {first[page.id].path}",
                "ids are unique across all kinds: rename one file",
            )
        else:
            first[page.id] = page
    # each name (normalized as the lookup compares them) to the first object that has it,
    # in page order: ids first, then each page's title and aliases
    owner: dict[str, str] = {ident: ident for ident in archive.objects}
    for page in archive.pages:
        obj = page.obj
        if obj is None or first.get(obj.id) is not page:
            continue
        named: list[tuple[tuple[str | int, ...], str, str]] = [(("title",), "title", obj.title)]
        named += [(("aliases", i), "alias", alias) for i, alias in enumerate(obj.aliases)]
        for field, what, name in named:
            key = normalize_name(name)
            other = owner.get(key)
            if other is not None and other != obj.id:
                line, col = page.position(field)
                yield finding(
                    "GL107",
                    page.path,
                    line,
                    col,
                    f"{what} '{name}' is already a name of '{other}'",
                    "an alias must point to one object only: remove it or make it specific"
                    if what == "alias"
                    else "two objects may not share a title: make this one specific "
                    "(a reference by that name could not tell them apart)",
                )
            else:
                owner[key] = obj.id


def check_references(archive: Archive) -> Iterator[Diagnostic]:
    """Every id in front matter and every role in the body resolves, to an object of the right kind."""
    ids = list(archive.objects)
    for page in archive.pages:
        obj = page.obj
        if obj is None:
            continue
        for field_path, target, kinds in obj.references():
            found = archive.objects.get(target)
            if found is not None and (not kinds or found.kind in kinds):
                continue
            line, col = page.position(field_path)
            if found is None:
                yield finding(
                    "GL104",
                    page.path,
                    line,
                    col,
                    f"unknown {' or '.join(kinds) or 'object'} '{target}'",
                    _did_you_mean(target, ids),
                )
            else:
                yield finding(
                    "GL105",
                    page.path,
                    line,
                    col,
                    f"'{target}' is {_a(found.kind)}, not {_a(' or '.join(kinds))}",
                    f"field '{field_path[0]}' takes {_a(' or '.join(kinds))}",
                )
        for cite_path, key in _cites(obj):
            if key not in archive.bib_keys:
                line, col = page.position(cite_path)
                yield finding(
                    "GL108",
                    page.path,
                    line,
                    col,
                    f"unknown citation key '{key}'",
                    _did_you_mean(key, archive.bib_keys)
                    or "add the entry to docs/references.bib first",
                )
        yield from _body_references(archive, page, ids)
        yield from _body_citations(archive, page)


def _cites(obj: object) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for index, key in enumerate(getattr(obj, "cites", [])):
        yield ("cites", index), key
    for index, item in enumerate(getattr(obj, "evidence", [])):
        yield ("evidence", index, "cite"), item.cite
    for index, item in enumerate(getattr(obj, "reports", [])):
        yield ("reports", index, "cite"), item.cite


def _body_references(archive: Archive, page: Page, ids: list[str]) -> Iterator[Diagnostic]:
    for use in page.roles:
        if use.role == markdown.PASSAGE_ROLE:
            problem = passage_problem(archive, use.target)
            if problem:
                yield _at_role(
                    page, use, "GL113", problem, "write {passage}`<source-id>#p<number>`"
                )
            continue
        kind = markdown.ROLE_KINDS[use.role]
        found = archive.lookup(use.target)
        if found is None:
            yield _at_role(
                page,
                use,
                "GL104",
                f"unknown {kind} '{use.target}'",
                _did_you_mean(use.target, ids),
            )
        elif found.kind != kind:
            yield _at_role(
                page,
                use,
                "GL105",
                f"'{use.target}' is {_a(found.kind)}, not {_a(kind)}",
                f"use the {{{_role_for(found.kind)}}} role",
            )


def _body_citations(archive: Archive, page: Page) -> Iterator[Diagnostic]:
    """Every key of a ``{cite:p}``/``{cite:t}`` in the body is in the bibliography."""
    for use in page.cites:
        if use.key not in archive.bib_keys:
            line, col = _find(page, use.line, use.key)
            yield finding(
                "GL108",
                page.path,
                line,
                col,
                f"unknown citation key '{use.key[:80]}'",
                _did_you_mean(use.key[:80], archive.bib_keys)
                or "add the entry to docs/references.bib first",
            )


def _at_role(page: Page, use: markdown.RoleUse, code: str, message: str, hint: str) -> Diagnostic:
    """An error at a role in the body (its column is looked up only for the rare finding)."""
    line, col = _find(page, use.line, "{" + use.role)
    return finding(code, page.path, line, col, message, hint)


def _find(page: Page, body_line: int, needle: str) -> tuple[int, int]:
    """File line and column of ``needle`` in the block that starts on ``body_line`` (0-based):
    a role may sit on any line of its paragraph."""
    lines = page.body.split("\n")
    for index in range(body_line, min(body_line + 50, len(lines))):
        col = lines[index].find(needle)
        if col >= 0:
            return page.body_line + index, col + 1
    return page.body_line + body_line, 1


def _role_for(kind: str) -> str:
    return "org" if kind == "organization" else kind


def passage_problem(archive: Archive, target: str) -> str:
    """Why ``<source-id>#p<n>`` does not name a passage ('' when it does)."""
    source_id, _, anchor = target.partition("#")
    source = archive.sources.get(source_id)
    if source is None:
        return f"unknown source '{source_id}'"
    return anchor_problem(source_id, source, anchor)


def anchor_problem(source_id: str, source: Source, anchor: str) -> str:
    """Why ``anchor`` (``p<n>``, or '' for the whole source) is no passage of ``source``.

    Also used by the build for the archive's own pages (``docs/``), which the checks do not read.
    """
    if not anchor:
        return ""
    number = anchor[1:]
    # ASCII digits only: str.isdigit() also takes '²' and Arabic-Indic digits, which int()
    # refuses or reads; and a bounded count, since int() of 5,000 digits raises
    if not anchor.startswith("p") or not (number.isascii() and number.isdigit()) or len(number) > 6:
        return f"'{anchor[:40]}' is not a passage anchor such as 'p7'"
    if not 1 <= int(anchor[1:]) <= len(source.passages):
        return f"source '{source_id}' has no passage {anchor}"
    return ""


def check_anchors(archive: Archive) -> Iterator[Diagnostic]:
    """Every quote anchor matches its source exactly once, inside one passage."""
    for page in archive.pages:
        obj = page.obj
        if obj is None:
            continue
        for index, anchor in enumerate(obj.anchors):
            line, col = page.position(("anchors", index))
            source = archive.sources.get(anchor.source)
            if source is None:
                yield finding(
                    "GL109",
                    page.path,
                    line,
                    col,
                    f"unknown source '{anchor.source}'",
                    _did_you_mean(anchor.source, archive.sources),
                )
                continue
            starts = anchoring.find_all(source, anchor)
            if not starts:
                hint = "check the exact wording, apostrophes and spaces"
                suggestion = anchoring.nearest(source, anchor.exact)
                if suggestion is not None:
                    hint = (
                        f"nearest passage p{suggestion.passage} (score {suggestion.score:.0f}): "
                        f"'{suggestion.text}'"
                    )
                yield finding(
                    "GL110",
                    page.path,
                    line,
                    col,
                    f"quote not found in source '{anchor.source}'",
                    hint,
                )
            elif len(starts) > 1:
                where = ", ".join(f"p{source.passage_at(s).number}" for s in starts)
                yield finding(
                    "GL111",
                    page.path,
                    line,
                    col,
                    f"quote matches {len(starts)} places in '{anchor.source}' ({where})",
                    "add a 'prefix' or 'suffix' to pick one",
                )
            elif anchoring.span_at(source, anchor, starts[0]) is None:
                yield finding(
                    "GL112",
                    page.path,
                    line,
                    col,
                    "quote runs across two passages",
                    "anchor each passage separately",
                )


def check_coverage(archive: Archive) -> Iterator[Diagnostic]:
    """Warnings: objects nothing refers to; incidents and claims not anchored in any source."""
    referenced: set[str] = set()
    for page in archive.pages:
        if page.obj is None:
            continue
        referenced.update(target for _, target, _ in page.obj.references())
        for use in page.roles:
            found = archive.lookup(use.target) if use.role != markdown.PASSAGE_ROLE else None
            if found is not None:
                referenced.add(found.id)
    for page in archive.pages:
        obj = page.obj
        if obj is None:
            continue
        if obj.id not in referenced and not obj.anchors:
            yield finding(
                "GL120",
                page.path,
                1,
                1,
                f"nothing refers to {obj.kind} '{obj.id}' and it has no anchor",
                "link it from a related page or anchor it in a source",
            )
        if isinstance(obj, (Incident, Claim)) and not obj.anchors:
            yield finding(
                "GL121",
                page.path,
                1,
                1,
                f"{obj.kind} '{obj.id}' has no anchor in a source",
                "add an 'anchors' entry with the exact words",
            )


def check_contradictions(archive: Archive) -> Iterator[Diagnostic]:
    """A contradiction between claims is recorded on both claims."""
    contradicts: dict[str, set[str]] = defaultdict(set)
    for obj in archive.objects.values():
        if isinstance(obj, Claim):
            contradicts[obj.id].update(rel.claim for rel in obj.contradicts)
    for page in archive.pages:
        if not isinstance(page.obj, Claim):
            continue
        for index, relation in enumerate(page.obj.contradicts):
            other = relation.claim
            if other in archive.objects and page.obj.id not in contradicts.get(other, set()):
                line, col = page.position(("contradicts", index))
                yield finding(
                    "GL122",
                    page.path,
                    line,
                    col,
                    f"'{other}' does not list '{page.obj.id}' in its 'contradicts'",
                    "link contradictions both ways",
                )


def check_sources(archive: Archive) -> Iterator[Diagnostic]:
    """Each source's citation key exists in the bibliography."""
    for source in archive.sources.values():
        if source.meta.cite not in archive.bib_keys:
            yield finding(
                "GL108",
                source.meta_path,
                1,
                1,
                f"unknown citation key '{source.meta.cite}'",
                "add the source's entry to docs/references.bib",
            )


CHECKS: list[Check] = [
    check_identity,
    check_references,
    check_anchors,
    check_contradictions,
    check_coverage,
    check_sources,
    editorial.check_editorial,
    locations.check_locations,
    policy.check_pages,
    policy.check_labels,
    policy.check_files,
]


def prepare(page: Page, root: Path) -> None:
    """Everything the checks take from a page's tokens, found by the process that read it.

    Passed to :func:`glossator.archive.load`: in a parallel load this runs in the worker
    processes, and only its results (the roles, the policy findings) come back, not the tokens.
    """
    _ = page.roles
    _ = page.cites
    _ = page.labels
    page.findings = policy.check_page(page, root)


def run(archive: Archive) -> list[Diagnostic]:
    """All diagnostics for the archive, sorted by file and position."""
    found = list(archive.diagnostics)
    for page in archive.pages:
        found.extend(page.diagnostics)
    for check in CHECKS:
        found.extend(check(archive))
    # in a shard of a sharded build, the copied pages of other shards are theirs to report
    return sorted(set(shardscope.own_findings(archive.root, found)))

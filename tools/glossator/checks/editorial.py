"""Editorial checks: what a careful reader of a page must be able to verify.

The archive's rule is that every statement rests on the source text (an anchor) or on a cited
source (a key of ``docs/references.bib``). A machine cannot read a sentence for its basis, but
it can see three ways of breaking the rule:

* a statement that points to material no reader can see ("our research notes"): GL115;
* a date or a date note on an incident that has neither an anchor nor a citation: GL115;
* a relation between two claims (``contradicts``/``supports``) that does not say why the two
  answer the same question: GL114 (a ``contradicts`` link is an editorial judgement);

and one gap that leaves search results and listings empty: a place or an organization without
a ``summary`` (GL116). Whether a ``part_of`` agrees with what a page says in words is beyond a
machine; CONTRIBUTING.md tells reviewers what to look for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from glossator.archive import Archive
from glossator.codes import finding
from glossator.diagnostics import Diagnostic
from glossator.model import Claim, ClaimRelation, Incident, Organization, Place
from glossator.pages import Page

UNSEEN_BASIS = re.compile(r"\bour\s+(?:research\s+)?notes\b", re.IGNORECASE)
"""Wording that rests a statement on notes readers cannot see."""


def _strings(
    value: object, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in a front-matter value, with its field path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _unseen_basis(page: Page) -> Iterator[Diagnostic]:
    assert page.obj is not None
    dumped = page.obj.model_dump(mode="json", exclude={"id", "kind"})
    for field_path, text in _strings(dumped, ()):
        match = UNSEEN_BASIS.search(text)
        if match:
            line, col = page.position(field_path)
            yield _unseen(page, line, col, match.group(0))
    for number, text in enumerate(page.body.split("\n")):
        match = UNSEEN_BASIS.search(text)
        if match:
            yield _unseen(page, page.body_line + number, match.start() + 1, match.group(0))


def _unseen(page: Page, line: int, col: int, words: str) -> Diagnostic:
    return finding(
        "GL115",
        page.path,
        line,
        col,
        f"'{words}': a statement rests on notes no reader can see",
        "cite the key of the source that says it, or write that it is not reported",
    )


def _unsourced_dates(page: Page, incident: Incident) -> Iterator[Diagnostic]:
    if incident.anchors or incident.cites:
        return
    for name in ("date", "date_note"):
        if getattr(incident, name):
            line, col = page.position((name,))
            yield finding(
                "GL115",
                page.path,
                line,
                col,
                f"'{name}' rests on no anchor and no citation",
                "anchor the words that give it, or cite the source that does",
            )


def _relations_without_reason(page: Page, claim: Claim) -> Iterator[Diagnostic]:
    for name in ("contradicts", "supports"):
        relations: list[ClaimRelation] = getattr(claim, name)
        for index, relation in enumerate(relations):
            if relation.reason is None:
                line, col = page.position((name, index))
                yield finding(
                    "GL114",
                    page.path,
                    line,
                    col,
                    f"'{name}' link to '{relation.claim}' gives no reason",
                    "write it as '- claim: <id>' with 'reason:' naming the question both claims answer",
                )


def check_editorial(archive: Archive) -> Iterator[Diagnostic]:
    """GL114, GL115 and GL116 on every valid page."""
    for page in archive.pages:
        obj = page.obj
        if obj is None:
            continue
        yield from _unseen_basis(page)
        if isinstance(obj, Incident):
            yield from _unsourced_dates(page, obj)
        elif isinstance(obj, Claim):
            yield from _relations_without_reason(page, obj)
        elif isinstance(obj, (Place, Organization)) and obj.summary is None:
            yield finding(
                "GL116",
                page.path,
                1,
                1,
                f"{obj.kind} '{obj.id}' has no summary",
                "add 'summary:', one or two sentences from the article and the cited sources",
            )

"""Incremental builds at scale: after edits, additions and deletions, every page equals a clean build.

A synthetic archive (``glossator generate``) is built once; then annotations are edited (text,
titles, aliases moved between objects, fields shown in listings, anchors), added and deleted,
and after each round the incremental build is compared, page by page and "Referenced by" list
by "Referenced by" list, with a clean build of the same files. The pages an incremental build
writes are checked too: an edit to one page's text writes that page only, and a rename writes
the pages that show the name.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from glossator import archive, markdown
from glossator.generate import generate
from glossator.model import AnnotationObject
from glossator.pages import parse_page

from conftest import BuildFn

BASIC = {"html_theme": "basic", "html_theme_options": {}, "glossator_check_errors": "warn"}


def html_pages(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*.html"))
    }


def stamps(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


_BACKREFS = re.compile(r'class="[^"]*glossator-(?:referenced-by|backrefs)')
_AFTER = ("</article>", '<div class="sphinxsidebar"', "<footer")


def referenced_by(page: str) -> list[str]:
    """The words of a page's "Referenced by" lists (from the first list to the page's end)."""
    match = _BACKREFS.search(page)
    if match is None:
        return []
    part = page[match.start() :]
    ends = [part.find(marker) for marker in _AFTER if marker in part]
    part = part[: min(ends)] if ends else part
    return html.unescape(re.sub(r"<[^>]+>", " ", part)).split()


def assert_same_as_clean(incremental: dict[str, str], clean: dict[str, str]) -> None:
    """Every page of the clean build, and its "Referenced by" lists, as the incremental one."""
    missing = sorted(clean.keys() - incremental.keys())
    assert not missing, f"pages missing from the incremental build: {missing[:5]}"
    for name in sorted(clean):
        assert referenced_by(incremental[name]) == referenced_by(clean[name]), (
            f"'Referenced by' of {name} differs from a clean build"
        )
    different = [name for name in sorted(clean) if incremental[name] != clean[name]]
    assert not different, f"{len(different)} pages differ from a clean build: {different[:5]}"


def rewrite(path: Path, root: Path, **changes: Any) -> AnnotationObject:
    """Change fields of the object of ``path`` (read with the one parser), keeping its text."""
    rel = path.relative_to(root).as_posix()
    page = parse_page(path.read_text(encoding="utf-8"), rel)
    assert page.obj is not None, page.diagnostics
    obj = page.obj.model_copy(update=changes)
    data = obj.model_dump(mode="json", exclude={"id", "kind"}, exclude_defaults=True)
    text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n"
    path.write_text(text + page.body.lstrip("\n"), encoding="utf-8")
    return obj


class Corpus:
    """The generated archive, with what the edits need to know about it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.reload()

    def reload(self) -> None:
        self.archive = archive.load(self.root)
        self.uses: dict[str, list[str]] = {}  # id -> pages that refer to it (any way)
        for page in self.archive.pages:
            if page.obj is None:
                continue
            targets = [t for _, t, _ in page.obj.references()]
            targets += [
                found.id
                for use in markdown.role_uses(page.tokens)
                if use.role != "passage" and (found := self.archive.lookup(use.target))
            ]
            for target in targets:
                self.uses.setdefault(target, []).append(page.path)

    def path(self, ident: str) -> Path:
        page = self.archive.page_of(ident)
        assert page is not None
        return self.root / page.path

    def of_kind(self, kind: str) -> list[AnnotationObject]:
        return sorted((o for o in self.archive.objects.values() if o.kind == kind), key=_id)

    def most_used(self, kind: str) -> AnnotationObject:
        return max(self.of_kind(kind), key=lambda o: (len(self.uses.get(o.id, [])), o.id))

    def alias_used_in_text(self, kind: str) -> tuple[AnnotationObject, str]:
        """An object of ``kind`` and one of its aliases that some page's text uses."""
        used = {
            use.target
            for page in self.archive.pages
            for use in markdown.role_uses(page.tokens)
            if use.role != "passage"
        }
        for obj in self.of_kind(kind):
            for alias in obj.aliases:
                if alias in used:
                    return obj, alias
        raise AssertionError(f"no alias of a {kind} is used in any text")


def _id(obj: AnnotationObject) -> str:
    return obj.id


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    root = tmp_path / "corpus"
    generate(root, 150, 3, seed=11)
    return Corpus(root)


Round = Callable[[Corpus], None]


def _build_round(
    corpus: Corpus, build: BuildFn, tmp_path: Path, out: Path, n: int, **conf: Any
) -> tuple[set[str], dict[str, str]]:
    """Build incrementally into ``out`` and cleanly elsewhere; return the pages written."""
    before = stamps(out / "html")
    incremental = html_pages(build(corpus.root, outdir=out, freshenv=False, **conf).html)
    after = stamps(out / "html")
    clean = html_pages(build(corpus.root, outdir=tmp_path / f"clean-{n}", **conf).html)
    assert_same_as_clean(incremental, clean)
    written = {name for name, stamp in after.items() if before.get(name) != stamp}
    documents = {
        name for name in clean if name.startswith(("annotations/", "archive/", "sources/"))
    }
    return written & documents, clean


def test_incremental_equals_clean_after_edits_additions_and_deletions(
    corpus: Corpus, build: BuildFn, tmp_path: Path
) -> None:
    out = tmp_path / "incremental"
    build(corpus.root, outdir=out, **BASIC)

    # 1. the text of one claim: that page is written, and no other page
    claim = corpus.of_kind("claim")[len(corpus.of_kind("claim")) // 2]
    path = corpus.path(claim.id)
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    written, _ = _build_round(corpus, build, tmp_path, out, 1, **BASIC)
    assert written == {f"annotations/claims/{claim.id}.html"}

    # 2. rename the most linked-to person: the pages that show the name, and listings
    person = corpus.most_used("person")
    renamed = rewrite(corpus.path(person.id), corpus.root, title=person.title + " Junior")
    written, clean = _build_round(corpus, build, tmp_path, out, 2, **BASIC)
    # every page showing the new name is written; every page written shows the name (the
    # old one is part of the new: a link by the old name that no longer resolves shows it)
    assert renamed.title.startswith(person.title)
    new_name = {name for name, text in clean.items() if renamed.title in text}
    any_name = {name for name, text in clean.items() if person.title in text}
    assert new_name <= written
    assert written - any_name <= {name for name in written if name.startswith("archive/")}
    corpus.reload()

    # 3. an alias moves to another organization; a place changes type; an anchor moves
    owner, alias = corpus.alias_used_in_text("organization")
    other = next(o for o in corpus.of_kind("organization") if o.id != owner.id)
    rewrite(corpus.path(owner.id), corpus.root, aliases=[a for a in owner.aliases if a != alias])
    rewrite(corpus.path(other.id), corpus.root, aliases=[*other.aliases, alias])
    place = corpus.most_used("place")
    place_type = "region" if getattr(place, "place_type", None) != "region" else "city"
    rewrite(corpus.path(place.id), corpus.root, place_type=place_type)
    anchored = next(o for o in corpus.of_kind("incident") if o.anchors)
    donor = next(
        o
        for o in corpus.of_kind("claim")
        if o.anchors and o.anchors[0].source != anchored.anchors[0].source
    )
    rewrite(corpus.path(anchored.id), corpus.root, anchors=[donor.anchors[0]])
    _build_round(corpus, build, tmp_path, out, 3, **BASIC)
    corpus.reload()

    # 4. an annotation added (linking by id and by alias); two deleted while still referred to
    note = corpus.root / "annotations" / "notes" / "added-for-the-test.md"
    note.write_text(
        f"---\ntitle: Added for the test\nnote_kind: other\nabout: [{person.id}]\n---\n"
        f"About {{org}}`{alias}` and {{person}}`{renamed.title}`.\n",
        encoding="utf-8",
    )
    deleted_claim = max(
        corpus.of_kind("claim"), key=lambda o: (len(corpus.uses.get(o.id, [])), o.id)
    )
    corpus.path(deleted_claim.id).unlink()
    corpus.path(corpus.most_used("organization").id).unlink()
    written, clean = _build_round(corpus, build, tmp_path, out, 4, **BASIC)
    assert "annotations/notes/added-for-the-test.html" in written
    assert f"annotations/claims/{deleted_claim.id}.html" not in clean


def test_incremental_parallel_build_with_the_site_theme(
    corpus: Corpus, build: BuildFn, tmp_path: Path
) -> None:
    """The real theme (its shared sidebar) and -j 2 (the domain's merge), once."""
    conf = {"glossator_check_errors": "warn"}
    out = tmp_path / "incremental"
    build(corpus.root, outdir=out, parallel=2, **conf)
    organization = corpus.most_used("organization")
    old_title = html.escape(organization.title)
    rewrite(corpus.path(organization.id), corpus.root, title="A new name for the test")
    claim = corpus.of_kind("claim")[0]
    path = corpus.path(claim.id)
    path.write_text(path.read_text(encoding="utf-8") + "\nAnother sentence.\n", encoding="utf-8")
    before = stamps(out / "html")
    incremental = html_pages(
        build(corpus.root, outdir=out, parallel=2, freshenv=False, **conf).html
    )
    clean = html_pages(build(corpus.root, outdir=tmp_path / "clean", parallel=2, **conf).html)
    assert_same_as_clean(incremental, clean)
    after = stamps(out / "html")
    written = {n for n in after if before.get(n) != after[n] and n.startswith("annotations/")}
    assert f"annotations/claims/{claim.id}.html" in written
    assert f"annotations/organizations/{organization.id}.html" in written
    showing = {
        n for n, text in clean.items() if "A new name for the test" in text or old_title in text
    }
    extra = written - showing - {f"annotations/claims/{claim.id}.html"}
    assert not extra, [(n, incremental[n][:0]) for n in sorted(extra)]

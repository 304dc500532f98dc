"""Which object a name means: the rules of ``glossator.model.names``, and that the checks
(``Archive``) and the build (the Sphinx domain) follow the same ones."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from docutils import nodes
from sphinx.environment import BuildEnvironment

from glossator.archive import Archive
from glossator.model import Person
from glossator.model.names import name_table, normalize_name, resolve
from glossator.pages import parse_page
from glossator.sphinx.domain import GlossatorDomain, ObjectEntry


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Abu Bakr", "ABU BAKR"),  # case
        ("Abu\u00a0 Bakr\t", " abu bakr"),  # runs of spaces, and the ends
        ("Sina\u2019a", "Sina'a"),  # curly apostrophe
        ("Sina\u2018a", "Sina'a"),
        ("Sina\u02bca", "Sina'a"),  # modifier letter apostrophe
        ("Qamishl\u0069\u0301", "Qamishl\u00ed"),  # decomposed and composed
        ("Stra\u00dfe", "STRASSE"),  # case folding, not lower-casing
    ],
)
def test_spellings_that_are_one_name(one: str, other: str) -> None:
    assert normalize_name(one) == normalize_name(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Al-Hol", "Al Hol"),  # a hyphen is part of the name (search folding is looser)
        ("Hasakah", "\u1e28asakah"),  # a letter with a mark is another letter
        ("Sina'a", "Sinaa"),
    ],
)
def test_spellings_that_stay_distinct(one: str, other: str) -> None:
    assert normalize_name(one) != normalize_name(other)


def test_the_names_of_an_object_are_its_title_and_aliases() -> None:
    person = Person(
        id="a-person",
        title="A Person",
        aliases=["A. Person", "Person"],
        variants={"Person": "A Person"},
        summary="Someone.",
    )
    assert person.names == ("A Person", "A. Person", "Person")
    table = name_table([(person.id, person.names)])
    assert table == {"a person": "a-person", "a. person": "a-person", "person": "a-person"}


def test_a_shared_name_belongs_to_the_lowest_id_whatever_the_order() -> None:
    pairs = [("zeta", ["Zeta", "Shared"]), ("alpha", ["shared"]), ("mid", ["SHARED", "Mid"])]
    for order in (pairs, pairs[::-1], pairs[1:] + pairs[:1]):
        table = name_table(order)
        assert table["shared"] == "alpha"
        assert table["zeta"] == "zeta" and table["mid"] == "mid"


def test_an_id_comes_before_a_name() -> None:
    ids = {"isis", "daesh"}
    table = name_table([("daesh", ["Daesh", "isis"]), ("isis", ["Islamic State"])])
    assert resolve("isis", ids, table) == "isis"
    assert resolve("Islamic State", ids, table) == "isis"
    assert resolve("DAESH", ids, table) == "daesh"


def test_an_id_is_exact() -> None:
    assert resolve("ISIS", {"isis"}, {}) is None
    assert resolve("isis ", {"isis"}, {}) is None


def test_a_name_whose_object_is_gone_names_nothing() -> None:
    assert resolve("Shared", {"alpha"}, {"shared": "zeta"}) is None
    assert resolve("unknown", {"alpha"}, {"shared": "alpha"}) is None


# Two objects of different kinds share a name; the page of the higher id is read first
# (``organizations/`` sorts before ``persons/``): the lowest id wins in both lookups.
PAGES = {
    "annotations/organizations/zeta-group.md": "---\ntitle: Zeta Group\naliases: [Shared]\n---\n",
    "annotations/persons/alpha-person.md": "---\ntitle: Shared\n---\n",
    "annotations/persons/beta-person.md": "---\ntitle: Beta\naliases: [Zeta group]\n---\n",
}


def _archive() -> Archive:
    archive = Archive(Path("."))
    archive.pages = [parse_page(text, rel) for rel, text in sorted(PAGES.items())]
    assert all(page.obj is not None for page in archive.pages)
    return archive


def _domain(order: list[str]) -> GlossatorDomain:
    env = cast("BuildEnvironment", SimpleNamespace(domaindata={}))
    domain = GlossatorDomain(env)
    pages = {page.path: page for page in _archive().pages}
    for rel in order:
        obj = pages[rel].obj
        assert obj is not None
        domain.note_object(rel.removesuffix(".md"), obj, nodes.Element())
    return domain


def test_the_checks_resolve_a_shared_name_to_the_lowest_id() -> None:
    archive = _archive()
    assert [p.id for p in archive.pages] == ["zeta-group", "alpha-person", "beta-person"]
    found = archive.lookup("shared")
    assert found is not None and found.id == "alpha-person"
    found = archive.lookup("zeta group")  # a title and another object's alias: the lower id
    assert found is not None and found.id == "beta-person"
    assert archive.lookup("zeta-group") is not None  # the id itself still names it


def test_the_build_resolves_every_name_as_the_checks_do() -> None:
    archive = _archive()
    for order in (sorted(PAGES), sorted(PAGES, reverse=True)):
        domain = _domain(order)
        assert domain.names == archive.names
        for target in ("Shared", "zeta group", "zeta-group", "Beta", "nobody"):
            entry = domain.lookup(target)
            obj = archive.lookup(target)
            assert (entry.obj.id if entry else None) == (obj.id if obj else None), target


def test_the_build_table_follows_clear_doc_and_merge() -> None:
    domain = _domain(sorted(PAGES))
    assert domain.names["shared"] == "alpha-person"
    domain.clear_doc("annotations/persons/alpha-person")  # an edit removed the page
    assert domain.names["shared"] == "zeta-group"
    entry = domain.lookup("Shared")
    assert isinstance(entry, ObjectEntry) and entry.obj.id == "zeta-group"

    other = _domain(["annotations/persons/alpha-person.md"])  # a parallel reader's data
    domain.merge_domaindata(["annotations/persons/alpha-person"], other.data)
    assert domain.names["shared"] == "alpha-person"

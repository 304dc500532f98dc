"""The real archive's content: clean checks, full coverage, sound claims and a neutral voice.

These tests load the annotations actually committed under ``annotations/`` (not the small
fixture archive of ``conftest.py``), so they fail when a page is added or edited in a way
that breaks the archive's promises: every passage annotated, every claim attributed to a
person with the exact words, contradictions recorded both ways, citations only from the
bibliography, and the article's "terrorist" label never adopted in our own voice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from markdown_it.token import Token

from glossator import anchors, archive, checks, markdown
from glossator.archive import Archive
from glossator.model import (
    CLAIM_STATUSES,
    AnnotationObject,
    Claim,
    Incident,
    Person,
    normalize_name,
)
from glossator.sources import Source

from conftest import REPO, SOURCE_ID, Built

CONTENT_ROLES = ("lede", "paragraph")


@pytest.fixture(scope="module")
def real() -> Archive:
    return archive.load(REPO)


@pytest.fixture(scope="module")
def source(real: Archive) -> Source:
    return real.sources[SOURCE_ID]


def claims(real: Archive) -> list[Claim]:
    return [obj for obj in real.objects.values() if isinstance(obj, Claim)]


def test_check_reports_no_errors_and_no_warnings(real: Archive) -> None:
    found = checks.run(real)
    assert [f"{d.path}:{d.line}: {d.code} {d.message}" for d in found] == []
    assert all(page.obj is not None for page in real.pages)


def test_every_content_passage_is_covered_by_an_anchor(real: Archive, source: Source) -> None:
    content = {p.number for p in source.passages if p.role in CONTENT_ROLES}
    covered: set[int] = set()
    for obj in real.objects.values():
        for anchor in obj.anchors:
            span = anchors.resolve(real.sources[anchor.source], anchor)
            assert span is not None, f"{obj.id}: anchor does not resolve: {anchor.exact!r}"
            if anchor.source == SOURCE_ID:
                covered.add(span.passage)
    assert content, "the source declares no lede or paragraphs"
    assert sorted(content - covered) == []


def test_every_claim_has_a_person_speaker_an_exact_anchor_and_a_status(real: Archive) -> None:
    found = claims(real)
    assert found
    for claim in found:
        speaker = real.objects.get(claim.speaker)
        assert isinstance(speaker, Person), f"{claim.id}: speaker {claim.speaker!r}"
        assert claim.anchors, f"{claim.id} has no anchor"
        for anchor in claim.anchors:
            assert anchors.resolve(real.sources[anchor.source], anchor) is not None, claim.id
        assert claim.status in CLAIM_STATUSES


def test_an_assessed_status_rests_on_evidence_of_the_same_stance(real: Archive) -> None:
    needed = {"supported": {"supports"}, "contradicted": {"contradicts"}}
    needed["disputed"] = {"supports", "contradicts"}
    for claim in claims(real):
        stances = {item.stance for item in claim.evidence}
        assert needed.get(claim.status, set()) <= stances, claim.id


EXPERTS = {
    "Safaa Al-Asam": "The Iraqi analyst specializing in security affairs",
    "Saadoun Al-Saadi": "the Iraqi security researcher",
    "Abd al-Hakim Abu al-Louz": "an expert on jihadist movements",
    "Adel Abdel Kafi": "the military and strategic expert",
}


@pytest.mark.parametrize("name", sorted(EXPERTS))
def test_the_four_experts_keep_the_article_spellings_and_roles(
    real: Archive, source: Source, name: str
) -> None:
    assert name in source.text
    person = real.lookup(name)
    assert isinstance(person, Person)
    assert normalize_name(name) in {normalize_name(n) for n in (person.title, *person.aliases)}
    given = [role.as_given for role in person.roles]
    assert EXPERTS[name] in given
    for text in given:
        assert text is not None and text in source.text, text
    assert any(claim.speaker == person.id for claim in claims(real)), f"{name} makes no claim"


def test_both_spellings_of_abu_al_louz_name_one_person(real: Archive, source: Source) -> None:
    assert "Abul-Lawz" in source.text
    first, second = real.lookup("Abd al-Hakim Abu al-Louz"), real.lookup("Abul-Lawz")
    assert first is not None and first is second
    assert "Abul-Lawz" in first.aliases


def test_the_prison_is_one_incident_under_both_names(real: Archive, source: Source) -> None:
    names = ["Al-Sina\u2019a Prison", "Ghweran prison"]
    found = {name: real.lookup(name) for name in names}
    for name, obj in found.items():
        assert name in source.text
        assert isinstance(obj, Incident), name
        assert name in obj.aliases
    assert len({obj.id for obj in found.values() if obj is not None}) == 1
    incident = found[names[0]]
    assert isinstance(incident, Incident) and incident.date_precision == "day"
    assert any(incident.id in claim.about for claim in claims(real))


def test_contradictions_are_recorded_both_ways(real: Archive) -> None:
    pairs = [(claim.id, rel.claim) for claim in claims(real) for rel in claim.contradicts]
    assert pairs, "the experts disagree: at least one contradiction is expected"
    for mine, other in pairs:
        target = real.objects[other]
        assert isinstance(target, Claim), (mine, other)
        assert mine in [rel.claim for rel in target.contradicts], (mine, other)


def _cite_keys(obj: AnnotationObject, body_tokens: list[Token]) -> Iterator[str]:
    yield from obj.cites
    yield from (item.cite for item in getattr(obj, "evidence", []))
    yield from (report.cite for report in getattr(obj, "reports", []))
    for token, _line in markdown.walk(body_tokens):
        if token.type == "myst_role" and str(token.meta.get("name", "")).startswith("cite"):
            yield from (key.strip() for key in token.content.split(","))


def test_every_citation_key_is_in_the_bibliography(real: Archive) -> None:
    from pybtex.database import parse_file

    bib = set(parse_file(str(REPO / "docs" / "references.bib")).entries.keys())
    used: set[str] = set()
    for page in real.pages:
        assert page.obj is not None
        used.update(_cite_keys(page.obj, page.tokens))
    assert used, "no page cites anything"
    assert sorted(used - bib) == []


# -- our own voice -----------------------------------------------------------------------------

LABEL = re.compile(r"terroris", re.IGNORECASE)
_ROLE = re.compile(r"\{[A-Za-z:_-]+\}`([^`]*)`")
_QUOTED = (re.compile(r"\u201c[^\u201d]*\u201d"), re.compile(r'"[^"\n]*"'))

# fields that hold the source's words (quotes) or ids, not our prose
NOT_PROSE = frozenset(
    {"id", "kind", "exact", "prefix", "suffix", "as_given", "source", "cite", "cites"}
    | {"speaker", "about", "contradicts", "see_also", "ref", "reported_by"}
    | {"place", "country", "part_of", "affiliation"}
)


def unquoted_label_uses(text: str) -> list[str]:
    """Words starting 'terroris' that stand outside quotation marks, in our own prose.

    Role targets are ids, not prose (``{note}`terrorist-label-framing```), so a role counts
    only by its explicit title. Curly quotes are removed first so that a straight-quoted
    word inside a curly quotation stays inside it.
    """

    def role_title(match: re.Match[str]) -> str:
        title, _target = markdown.split_role_text(match.group(1))
        return title or ""

    text = _ROLE.sub(role_title, text)
    for pattern in _QUOTED:
        text = pattern.sub(" ", text)
    return [m.group(0) for m in re.finditer(r"\w*terroris\w*", text, re.IGNORECASE)]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("ISIS, a terrorist group, attacked.", True),
        ("Terrorism returned.", True),
        ('the PYD/YPG, which the article calls "terrorist"', False),
        ("the article\u2019s \u201cterrorist organization\u201d", False),
        ('\u201cin a clash with a "terrorist group" (whose identity)\u201d', False),
        ('an unbalanced "quote and terrorist words', True),
        ("see {note}`terrorist-label-framing`", False),
        ("see {note}`the terrorist label <terrorist-label-framing>`", True),
        ('two lines "a\nterrorist" b', True),
    ],
)
def test_the_voice_check_tells_quoted_from_unquoted(text: str, flagged: bool) -> None:
    assert bool(unquoted_label_uses(text)) is flagged


def _prose(value: object, key: str = "") -> Iterator[str]:
    if key in NOT_PROSE:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _prose(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _prose(item, key)


def test_our_voice_never_adopts_the_terrorist_label(real: Archive) -> None:
    quoted = 0
    for page in real.pages:
        assert page.obj is not None
        texts = [page.body, *_prose(page.obj.model_dump())]
        for text in texts:
            assert unquoted_label_uses(text) == [], (page.path, text[:200])
            quoted += len(LABEL.findall(_ROLE.sub("", text)))
    # the check is live: the archive does quote the article's label, in quotation marks
    assert quoted > 0


# -- the built site ----------------------------------------------------------------------------


def test_the_site_builds_and_lists_claims_on_expert_and_incident_pages(
    real_build: Built, real: Archive
) -> None:
    out, warnings = real_build.html, real_build.warnings.splitlines()
    ours = re.compile(r"annotations/|\bGL\d{3}\b|bibtex|citation", re.IGNORECASE)
    assert [line for line in warnings if ours.search(line)] == []
    page = (out / f"sources/{SOURCE_ID}.html").read_text(encoding="utf-8")
    match = re.search(r"(\d+) of (\d+) passages with content \(100%\) carry", page)
    assert match is not None and match.group(1) == match.group(2)
    for claim in claims(real):
        person = (out / f"annotations/persons/{claim.speaker}.html").read_text(encoding="utf-8")
        section = person[person.find("Claims made") :]
        assert f"../claims/{claim.id}.html" in section, (claim.speaker, claim.id)
        for target in claim.about:
            obj = real.objects[target]
            if isinstance(obj, Incident):
                text = (out / f"annotations/incidents/{target}.html").read_text(encoding="utf-8")
                assert f"../claims/{claim.id}.html" in text, (target, claim.id)

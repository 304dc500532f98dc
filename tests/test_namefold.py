"""The search's one definition of "the same name": glossator.search.namefold against the shared cases.

tests/name_cases.json is also run in Chromium against static/glossator-names.js
(tests/browser/test_search_names.py), so the build and the browser fold names alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from glossator.search import namefold, namehint

CASES = json.loads((Path(__file__).parent / "name_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "expected"), CASES["fold"])
def test_fold(text: str, expected: str) -> None:
    assert namefold.fold(text) == expected


@pytest.mark.parametrize(("word", "expected"), CASES["skeleton"])
def test_skeleton(word: str, expected: str) -> None:
    assert namefold.skeleton(word) == expected


@pytest.mark.parametrize(("word", "expected"), CASES["word_skeleton"])
def test_word_skeleton(word: str, expected: str) -> None:
    assert namefold.word_skeleton(word) == expected


@pytest.mark.parametrize(("a", "b", "expected"), CASES["distance"])
def test_the_distance_cases_are_optimal_string_alignment(a: str, b: str, expected: int) -> None:
    """The browser's edit distance is checked against these; here the table itself is checked."""
    assert OSA.distance(a, b) == expected


def test_folding_is_idempotent_and_spellings_of_one_name_agree() -> None:
    for text, _ in CASES["fold"]:
        assert namefold.fold(namefold.fold(text)) == namefold.fold(text)
    spellings = ["Al-Sina’a", "Al-Sina'a", "al sinaʿa", "AL-SINA‘A"]
    assert len({namefold.fold(s) for s in spellings}) == 1
    # an Arabic query and a Latin alias meet in their consonants, not in their folded keys
    assert namefold.fold("الكاظمي") != namefold.fold("Al-Kazemi")
    assert namefold.skeleton(namefold.fold("الكاظمي")) == namefold.skeleton("alkazemi")


def test_the_tables_cover_the_characters_they_promise() -> None:
    tables = namefold.tables()
    assert json.loads(json.dumps(tables, ensure_ascii=False)) == tables  # JSON as they are
    # every Arabic letter the skeleton knows is one fold leaves in place
    for letter in namefold.ARABIC_LATIN:
        assert namefold.fold(letter) == letter
    # the folded forms of the Arabic variants are letters the skeleton knows
    for variant in "أإآٱىیةکؤئ":
        assert all(c in namefold.ARABIC_LATIN for c in namefold.fold(variant))


@pytest.mark.parametrize(("key", "bits", "expected"), CASES["hash"])
def test_hint_positions(key: str, bits: int, expected: list[int]) -> None:
    assert namehint.positions(key, bits) == expected


def test_the_hint_finds_names_and_rare_name_words_only() -> None:
    names = [
        ["Mustafa al-Kadhimi", "Al-Kazemi"],
        ["Abul-Lawz"],
        *[[f"Attack on place {n}"] for n in range(namehint.RARE + 1)],
    ]
    hint = namehint.build(namehint.name_keys(names))
    for key in ("kadhimi", "mustafaalkadhimi", "alkazemi", "abullawz", "lawz", "attackonplace0"):
        assert namehint.contains(hint, key), key
    # a word more objects share than RARE is no sign of a name; nor is a word of no name
    keys = namehint.name_keys(names)
    assert "attack" not in keys and "harbour" not in keys
    assert "al" not in keys  # too short to tell

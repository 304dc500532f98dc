"""What a synthetic archive is made of: the kinds' shares, the density, the words, the shapes.

The numbers follow the real archive (measured when they were written); the word list and the
syllables were written for :mod:`glossator.generate`, so nothing is copied from a real text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Share of each kind among the annotations (the mix of the real archive's pages).
KIND_SHARES: dict[str, float] = {
    "incident": 0.09,
    "person": 0.05,
    "organization": 0.13,
    "place": 0.21,
    "claim": 0.29,
    "note": 0.23,
}

# Density of the real archive (97 pages on one article, measured when this was written): per
# page 1.4 quote anchors, 1.9 references in front matter, 3.3 roles and 1.1 passage links in
# the text, 1.7 citations, 0.8 aliases, about 600 characters of text.
ANCHOR_SHARE = {"incident": 1.0, "claim": 1.0, "person": 0.9, "organization": 0.8}
"""Share of pages of a kind that anchor a quote (others: 0.8)."""
ANCHORS = (1, 1, 1, 2, 2, 3)
"""How many anchors a page with anchors has (one picked at random)."""
BODY_ROLES = (1, 6)
"""Roles (links to objects) in a page's text: between these bounds."""
PASSAGE_ROLES = (0, 2)
CITE_SHARE = 0.8
SEE_ALSO_SHARE = 0.3
ALIAS_SHARE = {"person": 1.0, "organization": 1.0, "place": 0.9, "incident": 0.5}
HUB_EXPONENT = 1.1
"""References pick targets with weight ``1 / rank ** HUB_EXPONENT``: a few objects are central."""

EXTRA_BIB_ENTRIES = 10
PARAGRAPHS_PER_SECTION = 6

# A word list written for this module: plain words, no names, no facts.
_WORD_TEXT = """
about above across after again against along among around away back because before behind
below beside between beyond border bridge brief broad calm careful central change city clear
close coast common council country course cover crossing daily dark deep desert different
direction distant district early east edge empty evening every field final first following
forest formal forward found free front further general given good great green ground group
harbour heavy high hill history house inner island itself keep known land large last late
later least left less level light line little local long lower main major many market middle
minor moment morning mountain much narrow near new next night north northern number office
often old open order other outer over own part past plain plan point present public quiet
rather recent record region report rest right river road round rule same second several
short side simple since slow small south southern square station still stone street strong
such summer table than that their there these third those through time toward town under
upper valley various village wall water west western while white whole wide winter within
without word work year young account answer arrival attention balance bank basis board body
branch building call care case centre chance choice circle claim class colour condition
contact content control corner court crowd culture current date deal debate decision degree
detail development distance doubt effect effort element end entry event example face fact
family feature figure floor force form frame function gate glass grain hand head heart
"""
WORDS = _WORD_TEXT.split()

_SYLLABLE_TEXT = """
ka lo mi ra sen tor vel dan ber cor fal gin har isk jor kel lum mor nav osk pel quin ros sul
tam ur vor wen yar zel ad bri cas dor el fen gal hin ith kav lan mer nor ol pra ret sil tev
"""
SYLLABLES = _SYLLABLE_TEXT.split()

ORG_WORDS = ("Council", "Front", "Ministry", "Brigade", "Union", "Committee", "Agency", "League")
PLACE_WORDS = ("Valley", "Heights", "Crossing", "Plain", "Harbour", "District", "Ridge")
FIGURES = ("killed", "wounded", "escaped", "arrested", "attackers", "vehicles")
EVENT_TYPES = (
    "battles",
    "explosions-remote-violence",
    "violence-against-civilians",
    "strategic-developments",
)
ORG_TYPES = ("armed-group", "state-armed-force", "government-body", "coalition", "media")
PLACE_TYPES = ("country", "region", "province", "district", "city", "town", "area")
CLAIM_KINDS = ("factual", "causal", "predictive", "speculative", "opinion")
STATUS_EVIDENCE = (
    ("supported", ("supports",)),
    ("contradicted", ("contradicts",)),
    ("disputed", ("supports", "contradicts")),
)
"""A reviewed claim's status and the stances of the evidence it needs."""
NOTE_KINDS = ("translation", "spelling", "ambiguity", "framing", "context", "other")
ROLE_OF_KIND = {
    "incident": "incident",
    "person": "person",
    "organization": "org",
    "place": "place",
    "claim": "claim",
    "note": "note",
}


@dataclass
class SourceText:
    id: str
    cite: str
    lines: list[str]
    paragraphs: list[int]  # 1-based line numbers of paragraphs (where quotes may be taken)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Item:
    """One annotation being generated: its id, kind, names and front matter."""

    id: str
    kind: str
    title: str
    aliases: list[str]
    data: dict[str, Any] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    annotations: int
    sources: int
    by_kind: dict[str, int]
    anchors: int
    references: int
    body_roles: int
    cites: int

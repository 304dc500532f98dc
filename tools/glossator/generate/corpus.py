"""The synthetic archive drawn in memory: sources, then annotations that refer to each other.

One :class:`Generator` per run, seeded, so the same arguments draw the same archive
(:mod:`glossator.generate` says what it is for and how dense it is).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from glossator.diagnostics import GlossatorError
from glossator.generate.tables import (
    ALIAS_SHARE,
    ANCHOR_SHARE,
    ANCHORS,
    BODY_ROLES,
    CITE_SHARE,
    CLAIM_KINDS,
    EVENT_TYPES,
    EXTRA_BIB_ENTRIES,
    FIGURES,
    HUB_EXPONENT,
    KIND_SHARES,
    NOTE_KINDS,
    ORG_TYPES,
    ORG_WORDS,
    PARAGRAPHS_PER_SECTION,
    PASSAGE_ROLES,
    PLACE_TYPES,
    PLACE_WORDS,
    ROLE_OF_KIND,
    SEE_ALSO_SHARE,
    STATUS_EVIDENCE,
    SYLLABLES,
    WORDS,
    Item,
    SourceText,
)
from glossator.model import KINDS


class Generator:
    def __init__(self, annotations: int, sources: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_annotations = annotations
        self.n_sources = sources
        self.sources: list[SourceText] = []
        self.items: list[Item] = []
        self.by_kind: dict[str, list[Item]] = {k: [] for k in KINDS}
        self.used_names: set[str] = set()
        self.used_ids: set[str] = set()
        self.bib_keys: list[str] = []
        self.used_quotes: set[tuple[str, str]] = set()
        self._pools: dict[tuple[str, ...], tuple[list[Item], list[float]]] = {}
        self.counts = {"anchors": 0, "references": 0, "body_roles": 0, "cites": 0}

    # -- text --------------------------------------------------------------------------------

    def sentence(self, low: int = 8, high: int = 16) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, low: int = 3, high: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def name(self, parts: int = 2) -> str:
        while True:
            name = " ".join(
                "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))).title()
                for _ in range(parts)
            )
            if name.casefold() not in self.used_names:
                self.used_names.add(name.casefold())
                return name

    def unique_alias(self, candidate: str) -> str | None:
        if candidate.casefold() in self.used_names:
            return None
        self.used_names.add(candidate.casefold())
        return candidate

    def slug(self, title: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60].strip("-")
        ident, n = base, 2
        while ident in self.used_ids:
            ident, n = f"{base}-{n}", n + 1
        self.used_ids.add(ident)
        return ident

    # -- sources -----------------------------------------------------------------------------

    def make_sources(self) -> None:
        per_source = max(1, self.n_annotations // self.n_sources)
        paragraphs = 20 + per_source // 2
        width = len(str(self.n_sources))
        for index in range(1, self.n_sources + 1):
            ident = f"synthetic-source-{index:0{width}d}"
            lines = [f"Synthetic source {index}: " + self.sentence(5, 9).rstrip(".")]
            lines.append(self.paragraph(2, 3))  # lede
            numbers: list[int] = []
            for p in range(paragraphs):
                if p % PARAGRAPHS_PER_SECTION == 0:
                    lines.append(self.sentence(3, 6).rstrip("."))  # a heading
                lines.append(self.paragraph())
                numbers.append(len(lines))
            lines.append("Tags: " + ", ".join(self.rng.sample(WORDS, 4)))
            self.sources.append(SourceText(ident, f"synth-{ident}", lines, numbers))
            self.bib_keys.append(f"synth-{ident}")
        self.bib_keys += [f"synth-ref-{n:02d}" for n in range(1, EXTRA_BIB_ENTRIES + 1)]

    def headings(self, source: SourceText) -> list[int]:
        paragraphs = set(source.paragraphs)
        return [n for n in range(3, len(source.lines)) if n not in paragraphs]

    def quote(self, source: SourceText) -> dict[str, str]:
        """A quote found exactly once in ``source``: a run of words from one sentence."""
        text = source.text
        for _ in range(50):
            line = source.lines[self.rng.choice(source.paragraphs) - 1]
            sentence = self.rng.choice(line.split(". ")).rstrip(".")
            words = sentence.split(" ")
            size = min(len(words), self.rng.randint(4, 9))
            start = self.rng.randint(0, len(words) - size)
            exact = " ".join(words[start : start + size])
            if (source.id, exact) not in self.used_quotes and text.count(exact) == 1:
                self.used_quotes.add((source.id, exact))
                return {"source": source.id, "exact": exact}
        raise GlossatorError(f"could not find a unique quote in {source.id}")  # pragma: no cover

    # -- objects -----------------------------------------------------------------------------

    def kind_counts(self) -> dict[str, int]:
        counts = {k: max(1, int(self.n_annotations * share)) for k, share in KIND_SHARES.items()}
        counts["claim"] += self.n_annotations - sum(counts.values())
        return counts

    def make_items(self) -> None:
        counts = self.kind_counts()
        order = ["place", "organization", "person", "incident", "claim", "note"]
        for kind in order:
            for _ in range(counts[kind]):
                item = self.new_item(kind)
                self.items.append(item)
                self.by_kind[kind].append(item)

    def new_item(self, kind: str) -> Item:
        aliases: list[str] = []
        if kind == "person":
            title = self.name()
            if self.rng.random() < ALIAS_SHARE["person"]:
                alias = self.unique_alias(title.split(" ")[-1])
                aliases += [alias] if alias else []
                aliases += [self.name()] if self.rng.random() < 0.5 else []
        elif kind == "organization":
            title = f"{self.name(1)} {self.rng.choice(ORG_WORDS)}"
            if self.rng.random() < ALIAS_SHARE["organization"]:
                acronym = "".join(w[0] for w in title.split()) + self.name(1)[:3].upper()
                alias = self.unique_alias(acronym)
                aliases += [alias] if alias else []
                aliases += [self.name(1) + " Group"] if self.rng.random() < 0.8 else []
        elif kind == "place":
            title = self.name(1) + (
                f" {self.rng.choice(PLACE_WORDS)}" if self.rng.random() < 0.5 else ""
            )
            if title.casefold() not in self.used_names:
                self.used_names.add(title.casefold())
            else:
                title = self.name(2)
            if self.rng.random() < ALIAS_SHARE["place"]:
                aliases += [self.name(1) for _ in range(self.rng.randint(1, 2))]
        else:
            title = self.unique_title()
            if kind == "incident" and self.rng.random() < ALIAS_SHARE["incident"]:
                aliases.append(self.unique_title())
        return Item(self.slug(title), kind, title, aliases)

    def unique_title(self) -> str:
        while True:
            title = self.sentence(4, 8).rstrip(".")
            if title.casefold() not in self.used_names:
                self.used_names.add(title.casefold())
                return title

    def pick(self, kinds: tuple[str, ...], exclude: Item | None = None) -> Item:
        """A target of one of ``kinds``, central objects first (a Zipf-like choice)."""
        pool, cumulative = self._pool(kinds)
        while True:
            chosen = self.rng.choices(pool, cum_weights=cumulative, k=1)[0]
            if chosen is not exclude or len(pool) == 1:
                return chosen

    def _pool(self, kinds: tuple[str, ...]) -> tuple[list[Item], list[float]]:
        """Candidates of ``kinds`` in a fixed, seeded order of centrality, with their weights."""
        if kinds not in self._pools:
            pool = [i for k in kinds for i in self.by_kind[k]]
            random.Random(f"{self.seed}-{kinds}").shuffle(pool)
            total, cumulative = 0.0, []
            for rank in range(len(pool)):
                total += 1 / (rank + 1) ** HUB_EXPONENT
                cumulative.append(total)
            self._pools[kinds] = (pool, cumulative)
        return self._pools[kinds]

    def ref(self, kinds: tuple[str, ...], owner: Item) -> str:
        self.counts["references"] += 1
        return self.pick(kinds, owner).id

    def fill(self, item: Item) -> None:
        rng = self.rng
        data: dict[str, Any] = {"title": item.title}
        if item.aliases:
            data["aliases"] = item.aliases
        # places and organizations always have one (GL116), the other kinds half the time
        if rng.random() < 0.5 or item.kind in ("place", "organization"):
            data["summary"] = self.sentence(10, 20)
        filler: dict[str, Callable[[Item, dict[str, Any]], None]] = {
            "incident": self.fill_incident,
            "person": self.fill_person,
            "organization": self.fill_organization,
            "place": self.fill_place,
            "claim": self.fill_claim,
            "note": self.fill_note,
        }
        filler[item.kind](item, data)
        if rng.random() < ANCHOR_SHARE.get(item.kind, 0.8):
            source = rng.choice(self.sources)
            data["anchors"] = [self.quote(source) for _ in range(rng.choice(ANCHORS))]
            self.counts["anchors"] += len(data["anchors"])
        if rng.random() < CITE_SHARE:
            data["cites"] = sorted(set(rng.choices(self.bib_keys, k=rng.randint(1, 3))))
            self.counts["cites"] += len(data["cites"])
        if rng.random() < SEE_ALSO_SHARE:
            data["see_also"] = [self.ref(KINDS, item)]
        item.data = data
        item.body = self.body(item)

    def fill_incident(self, item: Item, data: dict[str, Any]) -> None:
        rng = self.rng
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        precision = rng.random()
        date = f"2021-{month:02d}-{day:02d}" if precision < 0.7 else f"2021-{month:02d}"
        data["date"] = date
        data["event_type"] = rng.choice(EVENT_TYPES)
        data["place"] = self.ref(("place",), item)
        if rng.random() < 0.5:
            data["country"] = self.ref(("place",), item)
        actors = {self.ref(("organization", "person"), item) for _ in range(rng.randint(1, 3))}
        data["actors"] = [
            {"ref": ref, "role": rng.choice(("perpetrator", "target", "responder"))}
            for ref in sorted(actors)
        ]
        if rng.random() < 0.6:
            data["reports"] = [
                {
                    "figure": rng.choice(FIGURES),
                    "best": rng.randint(1, 60),
                    "cite": rng.choice(self.bib_keys),
                }
                for _ in range(rng.randint(1, 2))
            ]
            self.counts["cites"] += len(data["reports"])

    def fill_person(self, item: Item, data: dict[str, Any]) -> None:
        role: dict[str, Any] = {"description": self.sentence(3, 6).rstrip(".")}
        if self.rng.random() < 0.5:
            role["affiliation"] = self.ref(("organization",), item)
        data["roles"] = [role]
        if self.rng.random() < 0.3:
            data["country"] = self.ref(("place",), item)

    def fill_organization(self, item: Item, data: dict[str, Any]) -> None:
        data["org_type"] = self.rng.choice(ORG_TYPES)
        if self.rng.random() < 0.4:
            data["country"] = self.ref(("place",), item)
        if self.rng.random() < 0.1 and len(self.by_kind["organization"]) > 1:
            data["part_of"] = self.ref(("organization",), item)

    def fill_place(self, item: Item, data: dict[str, Any]) -> None:
        data["place_type"] = self.rng.choice(PLACE_TYPES)
        if self.rng.random() < 0.5 and len(self.by_kind["place"]) > 1:
            data["part_of"] = self.ref(("place",), item)
        if self.rng.random() < 0.4:
            data["coordinates"] = {
                "lat": round(self.rng.uniform(-60, 60), 4),
                "lon": round(self.rng.uniform(-170, 170), 4),
                "precision": "approximate",
            }

    def fill_claim(self, item: Item, data: dict[str, Any]) -> None:
        rng = self.rng
        data["speaker"] = self.ref(("person",), item)
        data["claim_kind"] = rng.choice(CLAIM_KINDS)
        data["status"] = "attributed-not-assessed"
        data["about"] = [self.ref(KINDS, item) for _ in range(rng.randint(1, 2))]
        data["about"] = list(dict.fromkeys(data["about"]))
        if rng.random() < 0.2:
            status, stances = rng.choice(STATUS_EVIDENCE)
            data["status"] = status
            data["evidence"] = [
                {"cite": rng.choice(self.bib_keys), "stance": stance} for stance in stances
            ]
            self.counts["cites"] += len(stances)

    def fill_note(self, item: Item, data: dict[str, Any]) -> None:
        data["note_kind"] = self.rng.choice(NOTE_KINDS)
        about = [self.ref(KINDS, item) for _ in range(self.rng.randint(1, 2))]
        data["about"] = list(dict.fromkeys(about))

    def body(self, item: Item) -> list[str]:
        """One to three paragraphs with roles by id, title or alias, and passage links."""
        rng = self.rng
        sentences = [self.sentence() for _ in range(rng.randint(3, 7))]
        for _ in range(rng.randint(*BODY_ROLES)):
            target = self.pick(KINDS, item)
            role = ROLE_OF_KIND[target.kind]
            how = rng.random()
            if how < 0.6:
                link = f"{{{role}}}`{target.id}`"
            elif how < 0.8 or not target.aliases:
                link = f"{{{role}}}`{target.title}`"
            else:
                link = f"{{{role}}}`{rng.choice(target.aliases)}`"
            at = rng.randrange(len(sentences))
            sentences[at] = sentences[at].rstrip(".") + f", see {link}."
            self.counts["body_roles"] += 1
        for _ in range(rng.randint(*PASSAGE_ROLES)):
            source = rng.choice(self.sources)
            number = rng.choice(source.paragraphs)
            sentences.append(f"Compare {{passage}}`{source.id}#p{number}`.")
        cut = sorted(rng.sample(range(1, len(sentences)), k=min(2, len(sentences) - 1)))
        parts, last = [], 0
        for at in [*cut, len(sentences)]:
            if at > last:
                parts.append(" ".join(sentences[last:at]))
            last = at
        return parts

    def link_contradictions(self) -> None:
        """Some claims contradict another claim; contradictions are recorded both ways."""
        claims = self.by_kind["claim"]
        pairs = len(claims) // 20
        chosen = self.rng.sample(range(len(claims)), k=min(len(claims), 2 * pairs))
        for a, b in zip(chosen[0::2], chosen[1::2], strict=True):
            for one, other in ((claims[a], claims[b]), (claims[b], claims[a])):
                relation = {"claim": other.id, "reason": self.sentence(6, 12)}
                one.data.setdefault("contradicts", []).append(relation)
                self.counts["references"] += 1

    def cover_unreferenced(self) -> None:
        """An object that nothing refers to and that anchors nothing gets a "see also" link.

        ``glossator check`` warns about such objects (GL120); the real archive has none.
        """
        referred: set[str] = set()
        for item in self.items:
            referred.update(_ids_in(item.data) - {item.id})
            for paragraph in item.body:
                referred.update(_role_targets(paragraph))
        by_name = {name.casefold(): i.id for i in self.items for name in (i.title, *i.aliases)}
        referred = {by_name.get(r.casefold(), r) for r in referred}
        notes = self.by_kind["note"] or self.items
        for item in self.items:
            if item.id in referred or "anchors" in item.data:
                continue
            owner = self.rng.choice([n for n in notes if n is not item] or self.items)
            owner.data.setdefault("see_also", []).append(item.id)
            self.counts["references"] += 1

    def run(self) -> None:
        self.make_sources()
        self.make_items()
        for item in self.items:
            self.fill(item)
        self.link_contradictions()
        self.cover_unreferenced()


def _ids_in(data: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for key in ("place", "country", "speaker", "part_of"):
        if isinstance(data.get(key), str):
            found.add(data[key])
    for key in ("about", "see_also"):
        found.update(data.get(key, []))
    found.update(r["claim"] for r in data.get("contradicts", []))
    found.update(a["ref"] for a in data.get("actors", []))
    found.update(r["affiliation"] for r in data.get("roles", []) if "affiliation" in r)
    return found


_ROLE_TARGET = re.compile(r"\{(\w+)\}`([^`]+)`")


def _role_targets(text: str) -> set[str]:
    return {m.group(2) for m in _ROLE_TARGET.finditer(text) if m.group(1) != "passage"}

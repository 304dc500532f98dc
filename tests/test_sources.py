from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from glossator import anchors
from glossator.model import Anchor
from glossator.sources import load_source

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "sources" / "isis-resurrection-2022"
PUBLISHED_SHA256 = "b764ef7730189ebeb5c0c59ab2418a21f674c7459030e0ac2b5b7cba6fee3449"


def test_source_is_verbatim() -> None:
    raw = (SOURCE / "text.txt").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == PUBLISHED_SHA256
    assert not raw.endswith(b"\n")
    shared = REPO.parent / "shared" / "source-material" / "isis-resurrection-2022.txt"
    if shared.exists():
        assert shared.read_bytes() == raw


def test_structure() -> None:
    loaded = load_source(REPO, SOURCE)
    assert loaded.diagnostics == []
    source = loaded.source
    assert source is not None
    roles = [p.role for p in source.passages]
    assert roles.count("heading") == 4
    assert roles.count("title") == 1
    headings = [p.text for p in source.passages if p.role == "heading"]
    assert headings[-1] == "A new resurrection based on a radically different"
    assert "\n".join(p.text for p in source.passages) == source.text
    assert 30 <= roles.count("paragraph") + roles.count("lede") <= 35


def test_checksum_mismatch_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "sources" / "isis-resurrection-2022"
    shutil.copytree(SOURCE, folder)
    text = (folder / "text.txt").read_bytes().replace(b". .", b".")
    (folder / "text.txt").write_bytes(text)
    loaded = load_source(tmp_path, folder)
    assert [d.code for d in loaded.diagnostics] == ["GL023"]


def test_anchor_resolution() -> None:
    source = load_source(REPO, SOURCE).source
    assert source is not None
    span = anchors.resolve(source, Anchor(source=source.id, exact="Safaa Al-Asam"))
    assert span is not None and span.passage == 16
    assert source.text[span.start : span.end] == "Safaa Al-Asam"
    # "He continued" occurs three times: ambiguous until a suffix picks one
    ambiguous = Anchor(source=source.id, exact="He continued")
    assert len(anchors.find_all(source, ambiguous)) == 3
    assert anchors.resolve(source, ambiguous) is None
    picked = Anchor(source=source.id, exact="He continued", suffix=', "I think')
    picked_span = anchors.resolve(source, picked)
    assert picked_span is not None and picked_span.passage == 30
    # the curly apostrophe is part of the text: a straight one does not match
    assert anchors.resolve(source, Anchor(source=source.id, exact="Al-Sina'a Prison")) is None
    suggestion = anchors.nearest(source, "Al-Sina'a Prison")
    assert suggestion is not None and suggestion.passage == 7 and suggestion.score > 85

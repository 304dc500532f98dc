"""Sentence bounds in a passage, so a quote can be shown in the sentence that holds it.

A plain rule, tuned for news prose rather than a general tokenizer: a sentence ends at ``.``,
``!`` or ``?`` (possibly followed by closing quotes or brackets) when whitespace and then an
upper-case letter, a digit or an opening quote follow. Abbreviations such as "Mr." and
initials such as "U.S." rarely occur in the archived article and at worst make the shown
context one sentence shorter; the quoted words themselves are always shown whole.
"""

from __future__ import annotations

import re

_CLOSERS = "\"'\u201d\u2019)]"
_OPENERS = "\"'\u201c\u2018(["
# the end of a sentence: its punctuation and closers, then the whitespace before the next one
_BOUNDARY = re.compile(
    rf"[.!?\u061f\u06d4][{re.escape(_CLOSERS)}]*(\s+)(?=[{re.escape(_OPENERS)}]*[^\W\d_a-z]|\d)"
)
# a lone capital before the full stop is an initial ("Abd al-H. Abu"), not an end
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.$")


def boundaries(text: str) -> list[int]:
    """Start offsets of every sentence of ``text``, the first being 0."""
    starts = [0]
    for match in _BOUNDARY.finditer(text):
        if _INITIAL.search(text[: match.start() + 1]):
            continue
        starts.append(match.end(1))
    return starts


def around(text: str, start: int, end: int) -> tuple[int, int]:
    """``(a, b)``: the sentences of ``text`` that the span ``[start, end)`` touches, whole.

    ``b`` excludes the whitespace between that sentence and the next one.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) is outside a text of {len(text)} characters")
    starts = boundaries(text)
    a = max(s for s in starts if s <= start)
    later = [s for s in starts if s >= max(end, start + 1)]
    b = later[0] if later else len(text)
    return a, max(end, len(text[:b].rstrip()))

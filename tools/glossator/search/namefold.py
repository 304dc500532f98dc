"""When two spellings of a name are "the same name" for search: one definition, two runtimes.

A researcher types the transliteration they know: "Al-Sina'a" with a plain apostrophe where
the archive writes a curly one, "Hasakah" for "Ḩasakah", "الكاظمي" for a person the archive
names only in Latin letters. :func:`fold` maps every such spelling of a name to one key;
:func:`skeleton` maps a word of either script to its consonants, so an Arabic query can be
compared with a Latin name.

The build uses these functions (the names index is deduplicated by :func:`fold`) and ships
the tables (:func:`tables`) inside the names index, where the search page's script applies
them with the same steps (``static/glossator-names.js``). Both sides are tested against one
table of cases (``tests/name_cases.json``), so the two implementations cannot drift apart.

This is looser than :func:`glossator.model.normalize_name`, which decides whether a
reference names an object and must not merge distinct names; folding only decides what a
search should offer.
"""

from __future__ import annotations

import unicodedata

FOLD: dict[str, str] = {
    # apostrophes, ayn and hamza signs: dropped, so "Sina'a", "Sina’a", "Sinaʿa", "Sinaa" agree
    **dict.fromkeys("'\u2019\u2018\u201b\u02bc\u02bb\u02be\u02bf\u0060\u00b4\u2032\uff07", ""),
    # Arabic: hamza carriers and alef forms, alef maqsura, ta marbuta, Persian letters, tatweel
    "\u0671": "\u0627",  # alef wasla
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0649": "\u064a",  # alef maqsura -> ya
    "\u06cc": "\u064a",  # Farsi ya
    "\u0629": "\u0647",  # ta marbuta -> ha
    "\u06a9": "\u0643",  # keheh -> kaf
    "\u0621": "",  # lone hamza
    "\u0640": "",  # tatweel (a letter modifier, so it would survive the mark removal)
    # Latin letters with no decomposition
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u0153": "oe",
    "\u00f8": "o",
    "\u0142": "l",
    "\u0111": "d",
    "\u00f0": "d",
    "\u00fe": "th",
    "\u0131": "i",
}
"""Characters replaced after decomposition, lower-casing and removal of combining marks.

Hamza above or below an alef (أ إ آ), on waw or ya (ؤ ئ), and the short vowels are combining
marks once decomposed (NFKD), so they need no entry here."""

ARABIC_LATIN: dict[str, str] = {
    "\u0627": "",  # alef: a vowel
    "\u0648": "",  # waw: w, u or o
    "\u064a": "",  # ya: y, i or e
    "\u0628": "b",
    "\u062a": "t",
    "\u062b": "t",  # th
    "\u062c": "j",
    "\u062d": "h",
    "\u062e": "k",  # kh
    "\u062f": "d",
    "\u0630": "z",  # dh
    "\u0631": "r",
    "\u0632": "z",
    "\u0633": "s",
    "\u0634": "s",  # sh
    "\u0635": "s",
    "\u0636": "d",
    "\u0637": "t",
    "\u0638": "z",  # dh or z
    "\u0639": "",  # ayn: written ', ʿ or not at all
    "\u063a": "g",  # gh
    "\u0641": "f",
    "\u0642": "q",
    "\u0643": "k",
    "\u0644": "l",
    "\u0645": "m",
    "\u0646": "n",
    "\u0647": "h",
}
"""Arabic letter -> the consonant class a Latin transliteration writes for it ("" for vowels)."""

LATIN_DIGRAPHS: dict[str, str] = {
    "kh": "k",
    "gh": "g",
    "sh": "s",
    "th": "t",
    "dh": "z",
    "zh": "z",
    "dj": "j",
    "ph": "f",
}
"""Two Latin letters that write one Arabic consonant, replaced before the vowels are dropped."""

LATIN_VOWELS = "aeiouyw"
"""Letters a skeleton drops: vowels, and w and y, which Arabic writes as long vowels."""

ARABIC_ARTICLE = "\u0627\u0644"
"""The article ال written onto an Arabic word; the Latin "al" is a word of its own."""


def _strip_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


def fold(text: str) -> str:
    """The search key of a name: what any spelling of it that a search should accept shares.

    Steps (mirrored in the browser): decompose (NFKD), lower-case, drop combining marks,
    replace through :data:`FOLD`, turn every run of other non-letters, non-digits (hyphens,
    spaces, brackets) into one space, trim.
    """
    text = _strip_marks(unicodedata.normalize("NFKD", text).lower())
    text = "".join(FOLD.get(c, c) for c in text)
    out: list[str] = []
    for c in text:
        if unicodedata.category(c)[0] in "LN":
            out.append(c)
        elif out and out[-1] != " ":
            out.append(" ")
    return "".join(out).strip()


def is_arabic(word: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in word)


def skeleton(word: str) -> str:
    """The consonants of one folded word, in a class alphabet shared by both scripts.

    "الكاظمي", "Al-Kazemi" and "alkadhimi" all give ``lkzm``; doubled letters count once.
    Used only to compare an Arabic query with Latin names (or the reverse).
    """
    if is_arabic(word):
        letters = "".join(ARABIC_LATIN.get(c, "") for c in word)
    else:
        for pair, single in LATIN_DIGRAPHS.items():
            word = word.replace(pair, single)
        letters = "".join(c for c in word if c.isascii() and c.isalpha() and c not in LATIN_VOWELS)
    out: list[str] = []
    for c in letters:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def word_skeleton(word: str) -> str:
    """:func:`skeleton` of a word without its Arabic article (الكاظمي -> كاظمي -> ``kzm``)."""
    if is_arabic(word) and word.startswith(ARABIC_ARTICLE) and len(word) > 3:
        word = word[len(ARABIC_ARTICLE) :]
    return skeleton(word)


def tables() -> dict[str, object]:
    """The tables the browser needs to apply :func:`fold` and :func:`skeleton` the same way."""
    return {
        "fold": FOLD,
        "arabic": ARABIC_LATIN,
        "digraphs": [[pair, single] for pair, single in LATIN_DIGRAPHS.items()],
        "vowels": LATIN_VOWELS,
        "article": ARABIC_ARTICLE,
    }

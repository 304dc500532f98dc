"""Bounded work: every regular expression of the policy and the tokenizer against its worst
input, a 64 KiB adversarial page, numbers that Python refuses to convert (issue 12).

The timings are generous on purpose (they are there to catch quadratic or exponential work,
which takes minutes on these inputs, not to measure speed).
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from glossator import checks, frontmatter, limits, markdown
from glossator.checks.policy import files as policy_files
from glossator.checks.policy import rules as policy
from glossator.checks.policy import scan as policy_scan
from glossator.limits import MAX_PAGE_BYTES
from glossator.pages import parse_page

FM = "---\ntitle: A note\nnote_kind: other\n---\n"
N = 60_000
LIMIT = 2.0  # seconds for one regex on its worst input; the bad patterns took 25 s to hours


def _patterns(module: object) -> dict[str, re.Pattern[str]]:
    found = {}
    for name, value in vars(module).items():
        if isinstance(value, re.Pattern):
            found[f"{module.__name__}.{name}"] = value  # type: ignore[attr-defined]
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, re.Pattern):
                    found[f"{module.__name__}.{name}[{key}]"] = item  # type: ignore[attr-defined]
    return found


WORST: dict[str, list[str]] = {
    "glossator.checks.policy.rules._BIDI_CONTROL": ["a" * N],
    "glossator.checks.policy.rules._BIDI_ANY": ["a" * N],
    "glossator.checks.policy.rules._SLUG": ["a" * N + "!", "a-" * (N // 2) + "!"],
    "glossator.checks.policy.rules._SCHEME": ["a" * N, "a+" * (N // 2)],
    "glossator.checks.policy.rules._SQUASH": [" \x01" * (N // 2) + "x"],
    "glossator.checks.policy.rules._HIDDEN_BAD_LINK": ["](<" * (N // 3), "<" * N],
    "glossator.checks.policy.rules._ATTRS": [
        "{" + ' a="b"' * (N // 6),
        "{" + " a=b" * (N // 4),
        "{ #a" * (N // 4),
        "{" + " .a" * (N // 3),
        "{ a=" * (N // 4),
    ],
    "glossator.checks.policy.rules._LOCAL_TARGET": ["#" + "a" * N],
    "glossator.checks.policy.rules.OPTION_VALUES[width]": ["9" * N],
    "glossator.checks.policy.rules.OPTION_VALUES[align]": ["left" * (N // 4)],
    "glossator.checks.policy.rules.OPTION_VALUES[alt]": ["a" * N],
    "glossator.frontmatter._OTHER_LINE_BREAKS": ["a" * N],
    "glossator.frontmatter._LINE_START": ["- " * (N // 2) + "x", "-\t" * (N // 2), " " * N],
    "glossator.frontmatter._INDICATOR": ["- " * (N // 2), ":" * N],
    "glossator.frontmatter._NUMBER_TEXT[tag:yaml.org,2002:int]": ["9" * N, "+" + "9" * N],
    "glossator.frontmatter._NUMBER_TEXT[tag:yaml.org,2002:float]": [
        "9" * N,
        "9." + "9" * N,
        "." + "9" * N + "e",
    ],
}
"""Each pattern of the policy, the tokenizer and the front-matter reader, with the inputs
that make a backtracking engine work hardest (long runs of what it can match, then a miss)."""


def test_every_pattern_has_a_worst_case() -> None:
    """A new pattern in these modules cannot land without its worst-case input here."""
    patterns = {}
    for module in (policy, markdown, frontmatter):
        patterns.update(_patterns(module))
    assert set(patterns) == set(WORST)


def test_the_policy_compiles_its_patterns_in_its_rules() -> None:
    """The scan and the file checks use the rules' patterns, so the test above sees them all."""
    ours = list(_patterns(policy).values())
    for part in (policy_scan, policy_files):
        found = _patterns(part)
        assert found, part  # they do use patterns: the check below is not vacuous
        assert all(any(p is q for q in ours) for p in found.values()), part


@pytest.mark.parametrize("name", sorted(WORST))
def test_patterns_are_linear_on_their_worst_input(name: str) -> None:
    module = next(m for m in (policy, markdown, frontmatter) if name.startswith(m.__name__ + "."))
    attr = name.removeprefix(module.__name__ + ".")
    key = None
    if "[" in attr:
        attr, key = attr[:-1].split("[", 1)
    pattern = getattr(module, attr) if key is None else getattr(module, attr)[key]
    for text in WORST[name]:
        start = time.perf_counter()
        list(pattern.finditer(text))
        pattern.fullmatch(text)
        assert time.perf_counter() - start < LIMIT, (name, text[:20])


@pytest.mark.parametrize(
    "text",
    [
        "<!--" * (N // 4),
        '<a x="' * (N // 6),
        "<a" + " a" * (N // 2),
        "<a" + " a=b" * (N // 4),
        "<" * N,
        "<a\n" * (N // 3),
        "<?" * (N // 2),
        "<![CDATA[" * (N // 9),
    ],
)
def test_html_detection_is_bounded(text: str) -> None:
    start = time.perf_counter()
    list(policy.html_at(text))
    assert time.perf_counter() - start < LIMIT


def test_role_titles_read_like_sphinx_but_in_linear_time() -> None:
    """The split of ``Title <target>`` agrees with Sphinx's own pattern, without its
    quadratic time on a run of '<'."""
    sphinx = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)
    rng = random.Random(12)
    for _ in range(20_000):
        text = "".join(rng.choices("a <>\x00\n ", k=rng.randint(0, 10)))
        match = sphinx.match(text)
        expected = (match.group(1), match.group(2).strip()) if match else (None, text.strip())
        assert markdown.split_role_text(text) == expected, repr(text)
    start = time.perf_counter()
    markdown.split_role_text("<" * N)
    markdown.split_role_text("a" + "<" * N + ">")
    assert time.perf_counter() - start < LIMIT


def _adversarial_page() -> str:
    """64 KiB of the constructs that were slow, crashed or hung, one after the other."""
    pieces = [
        "{" + ' a="b"' * 40 + "\n\n",
        "{passage}`" + "<" * 1_500 + "`\n\n",
        "x " + "`" * 9_000 + "\n\n",
        "<!--" * 2_000 + "\n\n",
        "".join(f"{'`' * (i + 3)}{{note}}\n" for i in range(40, 0, -1))
        + "x\n"
        + "".join(f"{'`' * (i + 3)}\n" for i in range(1, 41))
        + "\n",
        "[" * 5_000 + "\n\n",
        "*_" * 4_000 + "\n\n",
        "{cite:p}`" + "a," * 900 + "`\n\n",
        "```{note}\n---\n" + "a: b\n" * 300 + "----\n```\n\n",
        "```{figure} x.png\n:width: " + "9" * 5_000 + "\n```\n\n",
        "{passage}`isis-resurrection-2022#p" + "9" * 5_000 + "`\n\n",
    ]
    page = FM
    index = 0
    while len((page + pieces[index % len(pieces)]).encode()) < MAX_PAGE_BYTES - 16:
        page += pieces[index % len(pieces)]
        index += 1
    # last: past markdown-it's nesting limit the rest of the page is not parsed at all
    deep = "> " * 30 + "deep\n\n" + "- " * 30 + "deep\n"
    while len((page + deep).encode()) < MAX_PAGE_BYTES - 100:
        page += "[a](<" * 10 + "\n"
    return page + deep


def test_a_64_kib_adversarial_page_is_checked_quickly(archive_dir: Path) -> None:
    from glossator import archive

    text = _adversarial_page()
    assert MAX_PAGE_BYTES - 4096 < len(text.encode()) <= MAX_PAGE_BYTES
    path = archive_dir / "annotations/notes/adversarial.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    found = checks.run(archive.load(archive_dir))
    elapsed = time.perf_counter() - start
    assert elapsed < 10, elapsed  # the bound is 2 s; generous, so it cannot flake
    mine = {d.code for d in found if d.path == "annotations/notes/adversarial.md"}
    assert {"GL319", "GL323", "GL113", "GL305"} <= mine


@pytest.mark.parametrize("anchor", ["p\u00b2", "p\u0663", "p" + "9" * 5_000, "p\uff11", "p1e3"])
def test_passage_targets_with_odd_digits_are_errors_not_tracebacks(
    archive_dir: Path, anchor: str
) -> None:
    from glossator import archive

    path = archive_dir / "annotations/notes/digits.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FM + f"{{passage}}`isis-resurrection-2022#{anchor}`\n", encoding="utf-8")
    found = checks.run(archive.load(archive_dir))
    errors = [d.code for d in found if d.path.endswith("digits.md") and d.severity == "error"]
    assert errors[:1] == ["GL113"]


@pytest.mark.parametrize(
    "value",
    [
        "9" * 5_000,
        "0x" + "f" * 5_000,
        "1:" * 2_000 + "1",
        "!!int 2022-01-20",
        "!!set {a, b}",
        "!!binary aGVsbG8=",
        "!!float 1e999999",
        "9" * (limits.MAX_NUMBER_DIGITS + 1),
    ],
)
def test_yaml_values_beyond_the_model_are_refused(value: str) -> None:
    page = parse_page(f"---\ntitle: {value}\nnote_kind: other\n---\n", "annotations/notes/n.md")
    assert [d.code for d in page.diagnostics] == ["GL008"]


def test_a_bounded_yaml_number_is_still_a_number() -> None:
    value = "9" * limits.MAX_NUMBER_DIGITS
    data = frontmatter.parse(f"---\nn: {value}\nf: -1.5e+3\n---\n", "x.md").data
    assert data == {"n": int(value), "f": -1500.0}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_cannot_hide_a_field(separator: str) -> None:
    text = f"---\ntitle: X\n# a comment{separator}note_kind: other\n---\n"
    page = parse_page(text, "annotations/notes/n.md")
    [problem] = page.diagnostics
    assert (problem.code, problem.line) == ("GL008", 3)


@pytest.mark.parametrize("date", ["\u0662\u0660\u0662\u0662-01-20", "２０２２", "2022-\u06601"])
def test_dates_take_ascii_digits_only(date: str) -> None:
    from glossator.model import PARTIAL_DATE_PATTERN

    assert re.match(PARTIAL_DATE_PATTERN, date) is None
    assert re.match(PARTIAL_DATE_PATTERN, "2022-01-20")

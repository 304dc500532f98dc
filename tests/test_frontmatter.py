from __future__ import annotations

import datetime
import random
import time

import pytest
import yaml

from glossator import frontmatter, limits


def parse(text: str) -> frontmatter.FrontMatter:
    return frontmatter.parse(text, "annotations/notes/x.md")


def error_of(text: str) -> tuple[str, int, int]:
    with pytest.raises(frontmatter.FrontMatterError) as info:
        parse(text)
    d = info.value.diagnostic
    return d.code, d.line, d.column


def test_parses_mapping_with_positions() -> None:
    fm = parse("---\ntitle: A\naliases:\n  - B\n  - C\n---\nbody\n")
    assert fm.data == {"title": "A", "aliases": ["B", "C"]}
    assert fm.position(("title",)) == (2, 1)
    assert fm.position(("aliases", 1)) == (5, 5)
    assert fm.body_line == 7


def test_dates_stay_strings() -> None:
    fm = parse("---\ndate: 2022-01-20\nmonth: 2022-01\n---\n")
    assert fm.data == {"date": "2022-01-20", "month": "2022-01"}


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("no front matter\n", "GL001", 1),
        ("---\ntitle: x\n", "GL001", 1),
        ("---\ntitle: [unclosed\n---\n", "GL002", 3),
        ("---\n- a\n- b\n---\n", "GL006", 2),
        ("---\njust a string\n---\n", "GL006", 2),
        ("---\ntitle: a\ntitle: b\n---\n", "GL007", 3),
        ("---\na: &x [1]\nb: *x\n---\n", "GL004", 2),
        ("---\n1: x\n---\n", "GL006", 2),
    ],
)
def test_errors_have_codes_and_lines(text: str, code: str, line: int) -> None:
    got_code, got_line, _ = error_of(text)
    assert (got_code, got_line) == (code, line)


def test_billion_laughs_is_an_error_not_a_hang() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        levels.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [{', '.join(['*' + prev] * 9)}]")
    started = time.monotonic()
    code, _, _ = error_of("---\n" + "\n".join(levels) + "\n---\n")
    assert code == "GL004"
    assert time.monotonic() - started < 5  # generous: a hang would take minutes


def test_deep_nesting_is_refused() -> None:
    deep = "x: " + "[" * 50 + "]" * 50
    assert error_of(f"---\n{deep}\n---\n")[0] == "GL005"


def test_size_limit() -> None:
    big = "x: '" + "a" * (limits.MAX_FRONT_MATTER_BYTES + 10) + "'"
    assert error_of(f"---\n{big}\n---\n")[0] == "GL003"


def test_blank_out_keeps_line_numbers() -> None:
    text = "---\na: 1\n---\nline 4\n"
    out = frontmatter.blank_out(text, 3)
    assert out.split("\n")[3] == "line 4"
    assert "a: 1" not in out


def _depth(value: object) -> int:
    """Nesting depth as the event pass counts it: each mapping or sequence is one level."""
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _nested(rng: random.Random, depth: int) -> object:
    """A random value nested up to ``depth`` levels; one item per level goes deeper."""
    if depth == 0 or rng.random() < 0.1:
        return rng.choice(["x", "a b", "2022-01", 7, True, None, "- dash", "? q", "k: v"])
    items = [_nested(rng, 0) for _ in range(rng.randint(0, 2))]
    items.insert(rng.randint(0, len(items)), _nested(rng, depth - 1))
    if rng.random() < 0.5:
        return items
    return {f"k{i}": item for i, item in enumerate(items)}


def test_skipping_the_event_pass_is_safe() -> None:
    """Whenever the cheap bound lets a page skip the event pass, the page really is shallow
    enough and holds no anchor: checked on random documents in every YAML layout."""
    rng = random.Random(7)
    skipped = 0
    for _ in range(2000):
        data = {"title": "t", "value": _nested(rng, rng.randint(1, 16))}
        text = yaml.safe_dump(
            data,
            default_flow_style=rng.choice([False, None, True]),
            indent=rng.choice([2, 3, 4]),
            sort_keys=False,
        )
        if rng.random() < 0.3:  # compact nested sequences, as people write them
            text = text.replace("-\n  -", "- -")
        if not frontmatter.needs_event_pass(text):
            skipped += 1
            assert _depth(yaml.safe_load(text)) <= limits.MAX_YAML_DEPTH, text
    assert skipped > 300  # the fast path is taken, not only the slow one


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: 2\n",
        "a: 1\nb: *x\n",
        "a: [[[[[[[[[[[[[1]]]]]]]]]]]]]\n",
        "a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: {l: {m: 1}}}}}}}}}}}}\n",
        "a:\n- - - - - - - - - - - - - 1\n",
        "? - - - - - - - - - - - - - 1\n: v\n",
        "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 14)) + " " * 14 + "x\n",
    ],
)
def test_what_the_event_pass_must_see_is_never_skipped(text: str) -> None:
    assert frontmatter.needs_event_pass(text)


def test_the_fast_path_gives_what_the_event_pass_gives() -> None:
    """The same data, positions and refusals whichever way a page goes."""
    pages = [
        "---\ntitle: A\naliases: [B, C]\ndate: 2022-01-20\ncount: 3\nok: yes\n---\n",
        "---\ntitle: A\nanchors:\n- source: s\n  exact: w\n  prefix: p\n---\n",
        "---\ntitle: !!str 5\nset: !!set {a, b}\n---\n",
        "---\ntitle: A\ntitle: B\n---\n",
        "---\n1: A\n---\n",
        "---\ntitle: !!python/object:os.system x\n---\n",
    ]
    for page in pages:
        results = []
        for forced in (False, True):
            with pytest.MonkeyPatch.context() as patch:
                if forced:
                    patch.setattr(frontmatter, "needs_event_pass", lambda text: True)
                try:
                    fm = parse(page)
                    results.append((fm.data, fm.positions))
                except frontmatter.FrontMatterError as exc:
                    results.append(exc.diagnostic)
        assert results[0] == results[1], page


def _split_by_lines(text: str) -> tuple[str | None, int, int]:
    """The definition :func:`frontmatter.split` must keep: line by line, as splitlines sees them."""
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return None, 0, 0
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            return "".join(lines[1:index]), 2, index + 1
    return "", 2, -1


def test_split_finds_the_closing_line_as_splitlines_would() -> None:
    rng = random.Random(3)
    pieces = ["---", "\n", "a: 1", "-", "\r", "\u2028", "\x0c", " ", "x", "\r\n"]
    texts = ["---\na: 1\n---", "---\n---\n", "---\na: 1\n --- \n---\nx", "---\na\u2028---\n"]
    texts += ["---\n" + "".join(rng.choices(pieces, k=rng.randint(0, 12))) for _ in range(5000)]
    for text in texts:
        assert frontmatter.split(text) == _split_by_lines(text), repr(text)


NOT_TAKEN = {"0x1F", "1_000", ".inf", "-.Inf", ".nan", "190:20:30", "="}
"""Numbers that are not plain decimals, and the '=' value tag: GL008, before PyYAML builds them."""


@pytest.mark.parametrize(
    "value",
    ["yes", "No", "ON", "off", "~", "null", "", "1e3", ".5", "-1", "+1", "0x1F", "0o17", "1_000",
     ".inf", "-.Inf", ".nan", "190:20:30", "plain text", "'quoted yes'", '"1"', "!!str 5",
     "Ünïcode", "غويران", "-dash", "=", "2022-01-20 10:00:00"],
)  # fmt: skip
def test_values_become_what_pyyaml_makes_them(value: str) -> None:
    """The resolver's shortcut for strings changes nothing: PyYAML's safe loader is the judge,
    of what is not refused first as a type the archive does not take (GL008)."""
    text = f"---\nfield: {value}\n---\n"
    if value in NOT_TAKEN:
        assert error_of(text)[0] == "GL008"
        return
    try:
        expected = yaml.safe_load(f"field: {value}\n")["field"]
    except yaml.YAMLError:
        assert error_of(text)[0] == "GL002"  # refused by both, e.g. the '=' value tag
        return
    if isinstance(expected, (datetime.date, datetime.datetime)):
        expected = value  # dates are kept as written
    got = parse(text).data["field"]
    assert got == expected or (got != got and expected != expected)  # NaN equals nothing
    assert type(got) is type(expected)

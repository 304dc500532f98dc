from __future__ import annotations

import time

import pytest

from glossator import frontmatter


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
    big = "x: '" + "a" * (frontmatter.MAX_FRONT_MATTER_BYTES + 10) + "'"
    assert error_of(f"---\n{big}\n---\n")[0] == "GL003"


def test_blank_out_keeps_line_numbers() -> None:
    text = "---\na: 1\n---\nline 4\n"
    out = frontmatter.blank_out(text, 3)
    assert out.split("\n")[3] == "line 4"
    assert "a: 1" not in out

"""The contributed-page policy: its rules one by one, with positions, and what stays legal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from glossator import archive, checks, limits, markdown
from glossator.checks import policy
from glossator.diagnostics import Diagnostic
from glossator.pages import parse_page

from conftest import REPO, write

FM = "---\ntitle: A note\nnote_kind: other\n---\n"  # 4 lines: the body starts on line 5
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def scan(
    body: str, root: Path | None = None, path: str = "annotations/notes/n.md"
) -> list[Diagnostic]:
    page = parse_page(FM + body, path)
    return policy.check_page(page, root or Path("/nonexistent"))


def codes(body: str, root: Path | None = None) -> list[str]:
    return sorted({d.code for d in scan(body, root)})


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " \x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
    ],
)
def test_bad_schemes_are_seen_as_a_browser_sees_them(url: str) -> None:
    assert policy.bad_scheme(url) is not None


@pytest.mark.parametrize("url", ["https://example.org/a:b", "mailto:a@b.c", "javascript", "a.png"])
def test_ordinary_urls_pass(url: str) -> None:
    assert policy.bad_scheme(url) is None


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 8, "jpeg"),
        (b"GIF89a" + b"\x00" * 6, "gif"),
        (b"RIFF\x00\x00\x00\x00WEBP", "webp"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'>", None),
        (b"", None),
    ],
)
def test_raster_formats_by_their_bytes(head: bytes, fmt: str | None) -> None:
    assert policy.raster_format(head[:12]) == fmt


def test_is_raster_wants_matching_suffix_and_bytes_and_a_real_file(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(PNG)
    (tmp_path / "b.png").write_bytes(b"<svg><script>alert(1)</script></svg>")
    (tmp_path / "c.gif").write_bytes(PNG)  # a PNG named .gif
    (tmp_path / "d.svg").write_bytes(b"<svg/>")
    (tmp_path / "e.png").symlink_to(tmp_path / "a.png")
    assert policy.is_raster(tmp_path / "a.png")
    for name in ("b.png", "c.gif", "d.svg", "e.png", "missing.png"):
        assert not policy.is_raster(tmp_path / name), name


def test_resolve_is_relative_to_the_page_and_absolute_to_docs() -> None:
    folder = "annotations/notes"
    assert policy.resolve(folder, "map.png") == "annotations/notes/map.png"
    assert policy.resolve(folder, "../persons/a.md") == "annotations/persons/a.md"
    assert policy.resolve(folder, "/conf.py") == "docs/conf.py"
    assert policy.resolve(folder, "../../../../etc/hostname") is None


def test_directive_options_in_both_forms_are_read_by_myst(tmp_path: Path) -> None:
    (tmp_path / "annotations/notes").mkdir(parents=True)
    (tmp_path / "annotations/notes/map.png").write_bytes(PNG)
    fine = "```{figure} map.png\n:alt: A map\n:width: 50%\n\nThe caption.\n```\n"
    assert codes(fine, tmp_path) == []
    yaml_form = "```{figure} map.png\n---\nalt: A map\nalign: center\n---\nThe caption.\n```\n"
    assert codes(yaml_form, tmp_path) == []
    assert codes("```{figure} map.png\n:file: /etc/passwd\n```\n", tmp_path) == ["GL305"]


def test_an_options_block_closed_by_four_dashes_hides_no_body() -> None:
    """MyST closes an options block on any line starting with '---': so does the check."""
    hidden = "```{note}\n---\n----\n```{title}\nHidden\n```\n```\n"
    [found] = scan(hidden)
    assert (found.code, found.line) == ("GL304", 8)
    spaced = "```{note}\n ---\n```{eval-rst}\nx\n```\n```\n"
    assert codes(spaced) == ["GL304"]


def test_positions_point_at_the_problem() -> None:
    tags = [(d.code, d.line, d.column) for d in scan("Fine.\n\nAn <b>bold</b> move.\n")]
    assert sorted(tags) == [("GL303", 7, 4), ("GL303", 7, 11)]
    [bidi] = scan("ab\u202ecd\n")
    assert (bidi.code, bidi.line, bidi.column) == ("GL314", 5, 3)
    [long] = scan("x\n" + "y" * (limits.MAX_LINE_CHARS + 5) + "\n")
    assert (long.code, long.line, long.column) == ("GL318", 6, limits.MAX_LINE_CHARS + 1)


def test_directives_are_found_inside_lists_and_other_directives() -> None:
    assert codes("- item\n\n  ```{raw} html\n  <b>x</b>\n  ```\n") == ["GL304"]
    nested = "::::{note}\n:::{warning}\n<script>x</script>\n:::\n::::\n"
    [html] = scan(nested)
    assert (html.code, html.line) == ("GL302", 7)


def test_code_is_not_markup() -> None:
    assert codes("```html\n<script>alert(1)</script>\n```\n\nInline `<b>` too.\n") == []
    assert codes("Escaped \\<b> and &lt;i&gt; are text.\n") == []
    [block] = scan("```{code-block} html\n:emphasize-lines: 1-3000000000\n```\n")
    assert (block.code, block.hint) == ("GL304", "use a plain ``` code fence")


def test_links_that_stay_inside_are_fine(tmp_path: Path) -> None:
    write(tmp_path / "annotations/notes/map.png", "")
    (tmp_path / "annotations/notes/map.png").write_bytes(PNG)
    body = (
        "[a page](../persons/safaa-al-asam.md) [web](https://example.org) "
        "[part](#section) ![map](map.png) [mail](mailto:a@example.org)\n"
    )
    assert codes(body, tmp_path) == []


def test_links_that_leave_are_not() -> None:
    assert codes("[a](../../README.md)\n") == ["GL306"]  # .md, but outside annotations/
    assert codes("[a](../../docs/conf.py)\n") == ["GL306"]
    assert codes("{download}`text <../persons/other.png>`\n") == ["GL304"]
    assert codes("[a](map.png)\n") == ["GL306"]  # a file, not a page: a download
    for scheme in ("ftp://x", "project:index", "path:a.png", "inv:py#x", "jav%09ascript:x"):
        assert codes(f"[a]({scheme})\n") == ["GL307"], scheme


def test_hidden_javascript_links_are_found() -> None:
    """markdown-it refuses these links and leaves them as text; they are refused all the same."""
    for body in (
        "[a](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[a](&#106;avascript:alert(1))",
        "[a][r]\n\n[r]: javascript:alert(1)",
    ):
        assert codes(body + "\n") == ["GL307"], body
    assert codes("Plain prose about javascript: a language.\n") == []


def test_reserved_names_come_from_headings_targets_and_options() -> None:
    assert codes("## Main content\n") == ["GL309"]
    assert codes("(searchbox)=\n## Elsewhere\n") == ["GL309"]
    assert codes("(search)=\n## Elsewhere\n") == ["GL309"]
    assert codes("```{note}\n:class: pagefind-ignore\nx\n```\n") == ["GL305"]
    assert codes("## Main points\n\n```{note}\nx\n```\n") == []


def test_attribute_syntax_but_not_math_or_roles() -> None:
    assert codes("{#x .y}\nA paragraph.\n") == ["GL321"]
    assert codes("Math $\\{.5\\}$, a role {person}`safaa-al-asam`, code `{#x}`.\n") == []


def test_bidi_marks_are_prose_but_not_names() -> None:
    assert codes("\u0645\u0631\u062d\u0628\u0627\u200f \u200e\u061c\n") == []
    page = parse_page("---\ntitle: A\u200fB\nnote_kind: other\n---\n", "annotations/notes/n.md")
    [problem] = policy.check_page(page, Path("/nonexistent"))
    assert (problem.code, problem.line) == ("GL315", 2)


def test_nesting_counts_lists_quotes_and_directives_together() -> None:
    depth = limits.MAX_DEPTH
    assert codes("> " * depth + "ok\n") == []
    assert codes("> " * (depth + 1) + "too deep\n") == ["GL319"]
    nested = "".join(f"{'`' * (i + 3)}{{note}}\n" for i in range(depth, 0, -1)) + "x\n"
    nested += "".join(f"{'`' * (i + 3)}\n" for i in range(1, depth + 1))
    assert codes(nested) == []
    assert codes("> " + nested.replace("\n", "\n> ")) == ["GL319"]


def test_nesting_stops_parsing_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    levels = 150
    body = "".join(f"{'`' * (i + 3)}{{note}}\n" for i in range(levels, 0, -1)) + "x\n"
    body += "".join(f"{'`' * (i + 3)}\n" for i in range(1, levels + 1))
    parses = []
    real = markdown.nested_tokens
    monkeypatch.setattr(markdown, "nested_tokens", lambda text: parses.append(1) or real(text))
    assert codes(body) == ["GL319"]
    assert len(parses) <= limits.MAX_DEPTH + 1


def test_a_flood_of_problems_is_capped() -> None:
    found = scan("<b>x</b> " * 500 + "\n")
    assert len([d for d in found if d.code == "GL303"]) == policy.MAX_REPORTS


def test_files_in_annotations(archive_dir: Path) -> None:
    notes = archive_dir / "annotations/notes"
    notes.mkdir(parents=True, exist_ok=True)
    (notes / "map.png").write_bytes(PNG)
    (notes / "photo.jpg").write_bytes(PNG)  # PNG bytes, JPEG name
    (notes / "page.html").write_text("<script>x</script>", encoding="utf-8")
    (notes / ".gitkeep").write_text("", encoding="utf-8")
    (notes / "a\u202eb.png").write_bytes(PNG)
    found = [
        d for d in checks.run(archive.load(archive_dir)) if d.path.startswith("annotations/notes")
    ]
    by_path = {(d.path.rsplit("/", 1)[-1], d.code) for d in found}
    assert by_path == {
        ("photo.jpg", "GL308"),
        ("page.html", "GL320"),
        ("a\u202eb.png", "GL315"),
        ("a\u202eb.png", "GL320"),
    }


def test_the_real_archive_follows_the_policy() -> None:
    found = checks.run(archive.load(REPO))
    assert [d.as_text() for d in found if d.code.startswith("GL3")] == []


def test_check_never_follows_a_linked_folder(archive_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    os.symlink(outside, archive_dir / "annotations/persons/linked", target_is_directory=True)
    found = checks.run(archive.load(archive_dir))
    assert {d.path for d in found if d.code == "GL310"} == {"annotations/persons/linked"}
    assert not [d for d in found if "secret" in d.path]

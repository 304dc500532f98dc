"""The one front-matter parser: split a MyST page, load its YAML safely, keep positions.

Why not ``yaml.safe_load``: contributed pages are untrusted. This loader

* refuses anchors and aliases outright (a "billion laughs" is an error, not a hang);
* refuses duplicate keys (PyYAML silently keeps the last one);
* keeps dates as strings (``2022-01`` and ``2022-01-20`` must not turn into different types);
* bounds size and nesting depth before anything is constructed;
* records the line and column of every key and value, so schema errors point at the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from glossator.codes import finding
from glossator.diagnostics import Diagnostic
from glossator.limits import MAX_FRONT_MATTER_BYTES, MAX_NUMBER_DIGITS, MAX_YAML_DEPTH

LINE_SEPARATORS = "\x85\u2028\u2029"
"""Characters YAML takes for line breaks and Markdown viewers do not: a field after one of them
on a comment line is read by the build and hidden from the reviewer."""

Path_ = tuple[str | int, ...]

try:  # the C loader is ~10x faster; fall back to pure Python where libyaml is missing
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader whose timestamps stay strings."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node, as PyYAML's resolver decides it, with its most common case first.

        A quoted scalar, or a plain one whose first character starts no implicit type (a
        number, a boolean, null, a date...), is a string: PyYAML's own ``resolve`` comes to
        that after a few lookups, for every scalar of every page (a tenth of ``glossator
        check``). Everything else goes to it.
        """
        if kind is yaml.ScalarNode and (not implicit[0] or value[:1] not in _IMPLICIT_STARTS):
            return "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)


# the first characters PyYAML's implicit resolvers look at ('' is the empty scalar: null); the
# fast path above holds only while no resolver looks at every scalar or at the node's path
_IMPLICIT_STARTS = frozenset(_Loader.yaml_implicit_resolvers) | {""}
assert None not in _IMPLICIT_STARTS and not _Loader.yaml_path_resolvers

_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),
)


@dataclass
class FrontMatter:
    """The front matter of one page: its data, where each part of it is, where the body starts."""

    data: dict[str, Any]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    body_line: int = 1  # 1-based line of the file on which the body starts
    end_line: int = 0  # 1-based line of the closing ``---`` (0: no front matter)

    def position(self, path: Path_) -> tuple[int, int]:
        """Line and column of the deepest known prefix of ``path`` (the field, or its parent)."""
        for cut in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:cut]))
            if pos is not None:
                return pos
        return (1, 1)


class FrontMatterError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def split(text: str) -> tuple[str | None, int, int]:
    """Return ``(yaml_text, first_yaml_line, closing_line)``; ``yaml_text`` is None without front matter.

    Front matter is a first line ``---`` and a later line ``---`` (as in MyST and Jekyll).
    """
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return None, 0, 0
    if _OTHER_LINE_BREAKS.search(text) is None:
        # only '\n' breaks lines (nearly every page): find the closing line without
        # splitting the whole page
        end = text.find("\n---\n", 3)
        if end == -1 and text.endswith("\n---"):
            end = len(text) - 4
        if end != -1:
            closing = text.count("\n", 0, end) + 2
            return text[4 : end + 1], 2, closing
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            return "".join(lines[1:index]), 2, index + 1
    return "", 2, -1


_OTHER_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Characters other than ``\n`` that ``str.splitlines`` (and so :func:`split`) breaks lines at."""


def blank_out(text: str, closing_line: int) -> str:
    """The page text with its front matter replaced by as many empty lines (line numbers stay true)."""
    if closing_line <= 0:
        return text
    lines = text.split("\n")
    return "\n" * closing_line + "\n".join(lines[closing_line:])


def parse(text: str, path: str) -> FrontMatter:
    """Parse the front matter of ``text`` (a whole page). Raises :class:`FrontMatterError`."""
    yaml_text, first_line, closing = split(text)
    if yaml_text is None:
        raise FrontMatterError(
            finding(
                "GL001",
                path,
                1,
                1,
                "page has no front matter",
                "start the file with a line '---', the YAML fields, and a line '---'",
            )
        )
    if closing < 0:
        raise FrontMatterError(
            finding(
                "GL001",
                path,
                1,
                1,
                "front matter is not closed",
                "end the front matter with a line '---'",
            )
        )
    if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(
            finding(
                "GL003",
                path,
                first_line,
                1,
                f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB",
                "keep long prose in the body of the page",
            )
        )
    for index, line in enumerate(yaml_text.split("\n")):
        for column, char in enumerate(line):
            if char in LINE_SEPARATORS:
                raise FrontMatterError(
                    finding(
                        "GL008",
                        path,
                        first_line + index,
                        column + 1,
                        f"front matter holds the line separator U+{ord(char):04X}",
                        "remove it: YAML breaks the line there, most viewers do not",
                    )
                )
    data, positions = load_yaml(yaml_text, path, line_offset=first_line - 1)
    return FrontMatter(data, positions, body_line=closing + 1, end_line=closing)


def load_yaml(
    yaml_text: str, path: str, line_offset: int = 0
) -> tuple[dict[str, Any], dict[Path_, tuple[int, int]]]:
    """Load a YAML mapping safely with the positions of its keys. Raises :class:`FrontMatterError`."""

    def fail(code: str, message: str, mark: Any, hint: str = "") -> FrontMatterError:
        line = (mark.line + 1 + line_offset) if mark is not None else 1 + line_offset
        column = (mark.column + 1) if mark is not None else 1
        return FrontMatterError(finding(code, path, line, column, message, hint))

    if needs_event_pass(yaml_text):
        _refuse_anchors_and_depth(yaml_text, fail)
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise fail(
                "GL006",
                "front matter must be a mapping of field names to values",
                node.start_mark,
                "write 'field: value' lines",
            )
        positions: dict[Path_, tuple[int, int]] = {}
        data = _Builder(loader, positions, line_offset, fail).build(node, ())
    except yaml.YAMLError as exc:
        raise _invalid(exc, fail) from None
    finally:
        loader.dispose()
    return data, positions


def _invalid(exc: yaml.YAMLError, fail: Callable[..., FrontMatterError]) -> FrontMatterError:
    """GL002 for text PyYAML cannot read, at the place it stopped when it says where."""
    if isinstance(exc, yaml.MarkedYAMLError):
        return fail("GL002", f"front matter is not valid YAML: {exc.problem}", exc.problem_mark)
    return fail("GL002", f"front matter is not valid YAML: {exc}", None)


def needs_event_pass(yaml_text: str) -> bool:
    """False when the text cannot hold an anchor, an alias or nesting deeper than allowed.

    Why: the event pass (walking every YAML event before anything is built) was a fifth of
    ``glossator check`` on a large archive, and nearly every page provably does not need it.
    An anchor needs a ``&`` and an alias a ``*``. Nesting is bounded without parsing: a flow
    collection needs a ``[`` or ``{``; a block collection starts at the column of its first
    key or ``-``/``?``/``:`` indicator, and along any path of nested block collections a column holds
    at most two of them (a mapping, then a sequence as the value of one of its keys at the
    same column), so the depth is at most ``2 * columns + brackets``. Any page over that bound
    gets the full event pass, which decides exactly.
    """
    if "&" in yaml_text or "*" in yaml_text:
        return True
    budget = MAX_YAML_DEPTH - yaml_text.count("[") - yaml_text.count("{")
    if budget < 0:
        return True
    columns: set[int] = set()
    for prefix in set(_LINE_START.findall(yaml_text)):
        # the indentation, then the column after each indicator that follows it
        columns.add(len(prefix) - len(prefix.lstrip(" \t")))
        columns.update(m.end() for m in _INDICATOR.finditer(prefix))
    return 2 * len(columns) > budget


_LINE_START = re.compile(r"^[ \t]*(?:[-?:](?:[ \t]+|$))*", re.MULTILINE)
"""What starts a line: its indentation and any ``-``, ``?`` or ``:`` indicators (compact nesting)."""
_INDICATOR = re.compile(r"[-?:](?:[ \t]+|$)")


def _refuse_anchors_and_depth(yaml_text: str, fail: Any) -> None:
    """Walk the YAML events once, before anything is built: refuse anchors, aliases, deep nesting."""
    loader = _Loader(yaml_text)
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise fail(
                    "GL004",
                    "YAML anchors and aliases are not allowed",
                    event.start_mark,
                    "write each value out in full",
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise fail(
                        "GL005",
                        f"YAML nested deeper than {MAX_YAML_DEPTH} levels",
                        event.start_mark,
                        "flatten the structure",
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _invalid(exc, fail) from None
    finally:
        loader.dispose()


_NUMBER_TEXT = {
    "tag:yaml.org,2002:int": re.compile(rf"[-+]?[0-9]{{1,{MAX_NUMBER_DIGITS}}}"),
    "tag:yaml.org,2002:float": re.compile(
        rf"[-+]?(?:[0-9]{{1,{MAX_NUMBER_DIGITS}}}(?:\.[0-9]{{0,{MAX_NUMBER_DIGITS}}})?"
        rf"|\.[0-9]{{1,{MAX_NUMBER_DIGITS}}})(?:[eE][-+]?[0-9]{{1,2}})?"
    ),
}
"""The text a number may have: ASCII decimal digits, bounded (no hex, octal, base 60, inf)."""
_PLAIN_SCALARS = frozenset(
    {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:timestamp",
    }
)
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"


class _Builder:
    """Builds the data from the composed nodes and records where each part is, in one walk.

    Plain mappings, sequences and strings (nearly every node of a page) are built here; every
    other tag (numbers, booleans, null, dates kept as text, and any explicit tag) goes to the
    safe loader's own constructor, so what a value becomes is decided by PyYAML alone.
    """

    def __init__(
        self, loader: Any, positions: dict[Path_, tuple[int, int]], offset: int, fail: Any
    ) -> None:
        self.loader = loader
        self.positions = positions
        self.offset = offset
        self.fail = fail

    def build(self, node: Any, path: Path_) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + 1 + self.offset, mark.column + 1)
        return self._value(node, path)

    def _value(self, node: Any, path: Path_) -> Any:
        """The node's data; positions recorded for what is inside it (not for itself)."""
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode and tag == _STR:
            return node.value
        if kind is yaml.MappingNode and tag == _MAP:
            return self._mapping(node, path)
        if kind is yaml.SequenceNode and tag == _SEQ:
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        self._record(node, path)
        self._restrict(node)
        return self.loader.construct_object(node, deep=True)

    def _restrict(self, node: Any) -> None:
        """Only the types the model needs: strings, bounded decimal numbers, booleans, null,
        dates (kept as text), lists and mappings. Checked on the text before PyYAML builds
        anything (an int of 5,000 digits, ``0x...``, base 60, ``!!set``, ``!!int 2022-01-20``)."""
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode:
            pattern = _NUMBER_TEXT.get(tag)
            if tag in _PLAIN_SCALARS or (pattern is not None and pattern.fullmatch(node.value)):
                return
            what = "number" if pattern is not None else f"value tagged {tag.rsplit(':', 1)[-1]}"
        elif (kind is yaml.SequenceNode and tag == _SEQ) or (
            kind is yaml.MappingNode and tag == _MAP
        ):
            for item in node.value:
                for child in item if kind is yaml.MappingNode else (item,):
                    self._restrict(child)
            return
        else:
            what = f"collection tagged {tag.rsplit(':', 1)[-1]}"
        raise self.fail(
            "GL008",
            f"{what} '{str(node.value)[:40]}' is not a type the archive takes"
            if kind is yaml.ScalarNode
            else f"{what} is not a type the archive takes",
            node.start_mark,
            f"write decimal numbers of at most {MAX_NUMBER_DIGITS} digits, dates as 2022-01-20, "
            "and lists as [a, b]",
        )

    def _mapping(self, node: Any, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        positions, offset = self.positions, self.offset
        for key_node, value_node in node.value:
            key = self._key(key_node, out)
            # a field's position is its key's (where a contributor looks for it)
            out[key] = self._value(value_node, (*path, key))
            mark = key_node.start_mark
            positions[(*path, key)] = (mark.line + 1 + offset, mark.column + 1)
        return out

    def _key(self, key_node: Any, seen: dict[str, Any]) -> str:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
            raise self.fail("GL006", "field names must be plain strings", key_node.start_mark)
        key: str = key_node.value
        if key in seen:
            raise self.fail(
                "GL007", f"field '{key}' is given twice", key_node.start_mark, "keep one of them"
            )
        return key

    def _record(self, node: Any, path: Path_) -> None:
        """Positions inside a node PyYAML builds (an explicitly tagged one), its keys checked."""
        mark = node.start_mark
        self.positions[path] = (mark.line + 1 + self.offset, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node, seen)
                seen[key] = None
                self._record(value_node, (*path, key))
                mark = key_node.start_mark
                self.positions[(*path, key)] = (mark.line + 1 + self.offset, mark.column + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._record(item, (*path, index))

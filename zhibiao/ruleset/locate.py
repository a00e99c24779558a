"""Where things are in a TOML or YAML ruleset: field lines, positions, excerpts.

``tomllib`` keeps no positions, so :class:`TomlLocator` reads the text once: table
headers (``[project]``, ``[[indicators]]``) and ``key =`` lines, recording the line of
every key in every table instance. For YAML, the composed node tree has the marks.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

__all__ = ("Locator", "PlainTomlLocator", "TomlLocator", "YamlLocator", "excerpt", "field_text",
           "position")

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*\[(\[)?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_EXCERPT_CHARS = 60
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


def field_text(path: Path) -> str:
    """A field path as a problem names it: ``indicators[3].value``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]`` (lines end at ``\\n``, as in tomllib)."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def excerpt(text: str, line: int, column: int) -> str:
    """Line ``line`` of ``text`` (or 60 characters of it around the column) with a caret
    under the column; wide (CJK) characters take two terminal cells."""
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    source = source.rstrip("\r").replace("\t", " ")
    start = 0
    if len(source) > _EXCERPT_CHARS:
        start = max(0, min(column - 1 - _EXCERPT_CHARS // 2, len(source) - _EXCERPT_CHARS))
        source = source[start:start + _EXCERPT_CHARS]
    shown = "".join(ch if ch.isprintable() else "�" for ch in source)
    width = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
                for ch in shown[:max(column - 1 - start, 0)])
    gutter = f"{line:>4} | "
    return f"{gutter}{shown}\n{' ' * (len(gutter) - 2)}| {' ' * width}^"


class Locator:
    """Maps a field path such as ``("indicators", 3, "value")`` to a line number."""

    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}

    def line(self, path: Path) -> int:
        """Line of the field, or of the nearest enclosing table; 0 when unknown."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 0


class TomlLocator(Locator):
    def __init__(self, text: str) -> None:
        super().__init__()
        counts: dict[Path, int] = {}
        table: Path = ()
        for number, raw in enumerate(text.split("\n"), start=1):  # lines as tomllib counts them
            if header := _HEADER.match(raw):
                names = tuple(part.strip().strip("\"'") for part in header[2].split("."))
                if header[1]:  # [[array]]
                    index = counts.get(names, 0)
                    counts[names] = index + 1
                    table = (*names, index)
                else:
                    table = names
                self.lines.setdefault(table, number)
            elif key := _KEY.match(raw):
                self.lines.setdefault((*table, key[1].strip("\"'")), number)


class PlainTomlLocator(Locator):
    """The lines of a plain TOML file (see :mod:`zhibiao.ruleset.toml_fast`) from those of
    its tables: a table's keys are found when a line inside it is asked for, reading the
    lines from its header to the next one — as :class:`TomlLocator` finds them. Most
    rulesets are loaded without a problem, and so without looking a key up."""

    def __init__(self, text: str, tables: dict[Path, int]) -> None:
        super().__init__()
        self.lines = dict(tables)
        self._tables = tables
        self._text = text
        self._scanned: set[Path] = set()
        self._text_lines: list[str] | None = None

    def line(self, path: Path) -> int:
        path = tuple(path)
        while path:
            table = path[:-1]
            if table not in self._scanned:
                self._scan(table)
            if path in self.lines:
                return self.lines[path]
            path = table
        return 0

    def _scan(self, table: Path) -> None:
        """Record the line of every key of ``table`` (the root when empty)."""
        self._scanned.add(table)
        if table and table not in self._tables:
            return
        first = self._tables[table] + 1 if table else 1
        if self._text_lines is None:
            self._text_lines = self._text.split("\n")  # lines as tomllib counts them
        text_lines = self._text_lines
        last = min((n for n in self._tables.values() if n >= first),
                   default=len(text_lines) + 1)
        for number in range(first, last):
            if key := _KEY.match(text_lines[number - 1]):
                self.lines.setdefault((*table, key[1].strip("\"'")), number)


class YamlLocator(Locator):
    """Lines from the node tree the YAML loader composed (``None`` for an empty file)."""

    def __init__(self, root: yaml.Node | None) -> None:
        super().__init__()
        stack: list[tuple[yaml.Node, Path]] = [(root, ())] if root is not None else []
        while stack:  # not recursive: the depth is the file's
            node, path = stack.pop()
            self.lines.setdefault(path, node.start_mark.line + 1)
            if isinstance(node, yaml.MappingNode):
                for key, _ in node.value:
                    self.lines.setdefault((*path, str(key.value)), key.start_mark.line + 1)
                stack.extend((value, (*path, str(key.value)))
                             for key, value in reversed(node.value))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, (*path, index))
                             for index, item in reversed(list(enumerate(node.value))))

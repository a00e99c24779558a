"""Line numbers for fields of a TOML or YAML ruleset.

``tomllib`` keeps no positions, so :class:`TomlLocator` reads the text once: table
headers (``[project]``, ``[[indicators]]``) and ``key =`` lines, recording the line of
every key in every table instance. For YAML, the composed node tree has the marks.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ("Locator", "TomlLocator", "YamlLocator")

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*\[(\[)?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


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
        for number, raw in enumerate(text.splitlines(), start=1):
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


class YamlLocator(Locator):
    def __init__(self, text: str) -> None:
        super().__init__()
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: Any, path: Path) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines.setdefault((*path, str(key.value)), key.start_mark.line + 1)
                self._walk(value, (*path, str(key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*path, index))

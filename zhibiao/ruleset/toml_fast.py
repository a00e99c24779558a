"""A fast reader for the plain TOML that rulesets are written in, or nothing.

``tomllib`` is written in Python and takes about half a millisecond for a ruleset of 20
indicators; ``zhibiao score`` on a province's rulesets spent a third of its time there.
Nearly every ruleset uses a small part of TOML: ``[table]`` and ``[table.sub]`` headers,
``[[indicators]]``, and ``key = value`` lines with a bare key and a string (its only
escapes ``\\n``, ``\\t``, ``\\"`` and ``\\\\``: a 绩效目标 of several lines), an integer, a
decimal or a boolean, with comments and blank lines between.
:func:`read_plain_toml` reads exactly that part, line by line with one regular
expression, into the data ``tomllib.loads(text, parse_float=Decimal)`` gives, together
with the line of every table and key (what :class:`~zhibiao.ruleset.locate.TomlLocator`
finds). Anything else — another kind of value, another escape, a dotted key, a key or table
given twice, a control character, a number of more than 25 characters, tables nested
as deep as the limit — returns ``None``, and the caller reads the file with ``tomllib``
and checks its numbers and nesting, wording every error. So what this reader returns
needs neither check. A differential test holds the two readers equal.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

__all__ = ("read_plain_toml",)

Path = tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_\-]+"
_KEY = rf"""({_BARE}|"[^"\\\n]*"|'[^'\n]*')"""
# (a string without escapes first: the common one is scanned as fast as before escapes
# were taken; then one with them, its characters in one repeat between its escapes)
_VALUE = (r"""("[^"\\\n]*"|"[^"\\\n]*(?:\\[nt"\\][^"\\\n]*)+"|'[^'\n]*'"""
          r"|[+-]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|true|false)")
_HEADERS = rf"\[\[({_BARE})\]\]|\[({_BARE}(?:\.{_BARE})*)\]"
#: One whole line: a key and its value, an ``[[array]]`` header, a ``[table]`` header,
#: or nothing (blanks and a comment); then the line's end. Nothing in it but that end
#: matches a line feed (``.`` stops there), so a line that is none of these is missing
#: from the matches.
_LINE = re.compile(rf"^[ \t]*(?:{_KEY}[ \t]*=[ \t]*{_VALUE}|{_HEADERS})?[ \t]*(?:#.*)?\n",
                   re.MULTILINE)
#: Up to 25 characters a number is within 10^±30 (what the data checks allow).
_LONGEST_NUMBER = 25
# Characters TOML refuses in comments and strings (tab aside); a CR only before a LF.
_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_plain_toml(text: str, max_nesting: int, *, key_lines: bool = True,
                    ) -> tuple[dict[str, Any], dict[Path, int]] | None:
    """The data and the field lines of ``text``, or ``None`` when it is not plain TOML.

    With ``key_lines=False`` the lines are those of the tables only (what
    :class:`~zhibiao.ruleset.locate.PlainTomlLocator` starts from).
    """
    root: dict[str, Any] = {}
    lines: dict[Path, int] = {}
    current = root
    table: Path = ()
    declared: set[Path] = set()
    arrays: dict[str, list[dict[str, Any]]] = {}
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if max_nesting < 3 or "\r" in text or _REFUSED.search(text):
        return None
    text += "\n"  # every line ends with one (an empty last line is nothing)
    found = _LINE.findall(text)  # (key, value, array, table), "" for what a line lacks
    if len(found) != text.count("\n"):  # a line that is none of the kinds above
        return None
    for number, (written, value, array, path_text) in enumerate(found, start=1):
        if written:
            key = written[1:-1] if written[0] in "\"'" else written
            if key in current:
                return None
            if value[0] == "'":
                current[key] = value[1:-1]
            elif value[0] == '"':
                string = value[1:-1]
                current[key] = _ESCAPE.sub(_escaped, string) if "\\" in string else string
            else:
                try:
                    current[key] = _value(value)
                except _Declined:
                    return None
            if key_lines:  # the key as TomlLocator records it
                lines.setdefault((*table, written.strip("\"'")), number)
        elif array:
            items = arrays.get(array)
            if items is None:
                if array in root:
                    return None
                items = arrays[array] = root[array] = []
            current = {}
            table = (array, len(items))
            items.append(current)
            lines.setdefault(table, number)
        elif path_text:
            path = tuple(path_text.split("."))
            if path in declared or len(path) >= max_nesting:
                return None
            node: Any = root
            for part in path:
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    return None
            declared.add(path)
            current, table = node, path
            lines.setdefault(table, number)
    return root, lines


#: The escapes a plain string may hold (the regular expression above lets no other by),
#: and the characters they stand for.
_ESCAPE = re.compile(r'\\([nt"\\])')
_ESCAPED = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _escaped(match: re.Match[str]) -> str:
    return _ESCAPED[match.group(1)]


def _value(text: str) -> Any:
    first = text[0]
    if first in "\"'":
        return text[1:-1]
    if first == "t" or first == "f":
        return first == "t"
    if len(text) > _LONGEST_NUMBER:
        raise _Declined
    return Decimal(text) if "." in text else int(text)


class _Declined(Exception):
    """A value the plain reader leaves to tomllib and the data checks."""

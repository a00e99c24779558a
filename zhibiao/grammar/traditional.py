"""Traditional → simplified characters, one for one, from ``traditional.txt``.

The table is generated from OpenCC's character dictionary (see the file's header and
``docs/gen_traditional_table.py``). One character maps to one character, so the
normaliser converts the whole text without moving any position: error columns and
spans still point into the text as written, while models hold simplified words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from zhibiao.errors import DataFileError

__all__ = ("TraditionalTable", "default_traditional_table", "has_traditional",
           "load_traditional_table")


@dataclass(frozen=True, slots=True)
class TraditionalTable:
    """Traditional character → simplified character."""

    simplified: dict[str, str]
    characters: frozenset[str]
    #: Any traditional character of the Basic Multilingual Plane, or any character beyond
    #: it: a character class of the BMP alone is searched at C speed (a set test makes a
    #: string of each CJK character; a class with characters beyond the BMP is slow).
    _gate: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        bmp = sorted(ch for ch in self.characters if ch <= _LAST_BMP)
        object.__setattr__(self, "_gate", re.compile(
            f"[{_ranges(bmp)}]|[\U00010000-\U0010ffff]" if bmp
            else "[\U00010000-\U0010ffff]"))

    def found_in(self, text: str) -> bool:
        """Whether ``text`` holds a traditional character of the table."""
        return self._gate.search(text) is not None and not self.characters.isdisjoint(text)

    def convert(self, text: str) -> str:
        """``text`` with every traditional character of the table simplified."""
        if not self.found_in(text):
            return text
        return "".join(self.simplified.get(ch, ch) for ch in text)


#: Below this code point (CJK Extension A) no character is traditional.
_FIRST_CJK = "\u3400"
_LAST_BMP = "\uffff"


def _ranges(characters: list[str]) -> str:
    """A character class's body for sorted ``characters``, runs written as ``a-z``."""
    parts: list[str] = []
    start = end = characters[0]
    for ch in characters[1:]:
        if ord(ch) == ord(end) + 1:
            end = ch
            continue
        parts.append(_run(start, end))
        start = end = ch
    parts.append(_run(start, end))
    return "".join(parts)


def _run(start: str, end: str) -> str:
    return re.escape(start) if start == end else f"{re.escape(start)}-{re.escape(end)}"


def load_traditional_table(text: str, source: str = "<traditional>") -> TraditionalTable:
    """Read ``TRADITIONAL SIMPLIFIED`` lines (one character each; ``#`` comments)."""
    simplified: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 1 or len(parts[1]) != 1:
            raise DataFileError(source, number, "应为 “繁体字 简体字”，各一个字"
                                                "（expected `TRADITIONAL SIMPLIFIED`）")
        simplified[parts[0]] = parts[1]
    below = sorted(ch for ch in simplified if ch < _FIRST_CJK)
    if below:
        raise DataFileError(source, 0, f"“{below[0]}” 不是汉字（not a CJK character）")
    both = sorted(set(simplified) & set(simplified.values()))
    if both:
        raise DataFileError(source, 0, f"“{both[0]}” 既是繁体字又是简体字（converting twice "
                                       "would change it again）")
    return TraditionalTable(simplified, frozenset(simplified))


@cache
def default_traditional_table() -> TraditionalTable:
    """The package's own ``traditional.txt``, read once."""
    text = resources.files("zhibiao.grammar").joinpath("traditional.txt").read_text("utf-8")
    return load_traditional_table(text, "zhibiao/grammar/traditional.txt")


def has_traditional(text: str) -> bool:
    """Whether ``text`` holds a traditional character of the package's table. Until a
    text with a CJK character comes, the table is not read (``≥95%`` never needs it);
    after that the table answers for any text (it holds nothing below CJK: the loader
    checks)."""
    if not _TABLE:  # runs on every parse: the table, not three calls deep
        if not text or max(text) < _FIRST_CJK:
            return False
        _TABLE.append(default_traditional_table())
    return _TABLE[0].found_in(text)


_TABLE: list[TraditionalTable] = []

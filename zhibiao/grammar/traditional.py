"""Traditional → simplified characters, one for one, from ``traditional.txt``.

The table is generated from OpenCC's character dictionary (see the file's header and
``docs/gen_traditional_table.py``). One character maps to one character, so the
normaliser converts the whole text without moving any position: error columns and
spans still point into the text as written, while models hold simplified words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from zhibiao.errors import DataFileError

__all__ = ("TraditionalTable", "default_traditional_table", "has_traditional",
           "load_traditional_table")


@dataclass(frozen=True, slots=True)
class TraditionalTable:
    """Traditional character → simplified character."""

    simplified: dict[str, str]
    #: The traditional characters (a set test is faster than a 3,000-character class).
    characters: frozenset[str]

    def found_in(self, text: str) -> bool:
        """Whether ``text`` holds a traditional character of the table."""
        return not self.characters.isdisjoint(text)

    def convert(self, text: str) -> str:
        """``text`` with every traditional character of the table simplified."""
        if not self.found_in(text):
            return text
        return "".join(self.simplified.get(ch, ch) for ch in text)


#: Below this code point (CJK Extension A) no character is traditional.
_FIRST_CJK = "\u3400"


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
    after that the set alone answers (it holds nothing below CJK: the loader checks)."""
    if not _CHARACTERS:  # runs on every parse: the set, not three calls deep
        if not text or max(text) < _FIRST_CJK:
            return False
        _CHARACTERS.append(default_traditional_table().characters)
    return not _CHARACTERS[0].isdisjoint(text)


_CHARACTERS: list[frozenset[str]] = []

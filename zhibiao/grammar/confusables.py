"""Confusable characters (``confusables.txt``): a unit or a digit typed as a look-alike.

``≥1.2万入`` (人) and ``≤4万圆`` (元) read as a number with a noun, and ``1O0%`` as two
values: each a silent wrong reading. The checks here find them so that the grammar
refuses them with a suggestion, and the engine can ask the same question of an actual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from zhibiao.errors import DataFileError
from zhibiao.grammar.units import UnitTable

__all__ = ("Confusables", "DigitLookalike", "default_confusables", "load_confusables")

_LINE = re.compile(r"^(?P<digit>@digit\s+)?(?P<wrong>\S)\s*=\s*(?P<right>\S)$")


@dataclass(frozen=True, slots=True)
class DigitLookalike:
    """A number written with a look-alike letter: where it starts (in the text it was
    found in), what was written and the number meant."""

    start: int
    written: str
    meant: str


@dataclass(frozen=True, slots=True)
class Confusables:
    """Look-alike characters of unit words and of digits."""

    characters: dict[str, str]
    digits: dict[str, str]
    #: Any letter of ``digits`` (built once: the check runs on every parse).
    letters: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "letters", _letters(frozenset(self.digits)))

    def unit_lookalike(self, word: str, units: UnitTable, multiplier: str = "") -> str | None:
        """The unit ``word`` stands for when it follows a number (and ``multiplier``)
        and starts with look-alike characters, written with its multiplier; else ``None``.

        ``入`` → ``人``; after 万, ``圆`` → ``万元``; ``仟元`` → ``千元``. Only a word whose
        first character is a look-alike counts (no look-alike is itself part of a unit, a
        test holds); the longest start that, corrected, is a unit (or, with no multiplier
        given, a multiplier or multiplier + unit) wins.
        """
        if not word or word[0] not in self.characters:
            return None
        longest = max(map(len, (*units.written, *units.multipliers)))
        for size in range(min(len(word), 2 * longest), 0, -1):
            meant = "".join(self.characters.get(ch, ch) for ch in word[:size])
            if _is_unit(meant, units, bare=not multiplier):
                return multiplier + meant
        return None

    def digit_lookalike(self, text: str) -> DigitLookalike | None:
        """The first number in ``text`` written with a look-alike letter (``1O0``,
        ``9O``, ``l00``), or ``None``. A letter next to other Latin letters is a word
        (ISO9001, O2O), not a digit."""
        if self.letters.search(text) is None:  # the usual case, decided at C speed
            return None
        for match in self._number_run.finditer(text):
            run = match.group()
            if not any(ch in self.digits for ch in run):
                continue
            digits = sum(ch.isdigit() for ch in run)
            if run[0].isdigit() or digits >= 2:
                meant = "".join(self.digits.get(ch, ch) for ch in run)
                return DigitLookalike(match.start(), run, meant)
        return None

    @property
    def _number_run(self) -> re.Pattern[str]:
        return _number_run(frozenset(self.digits))


@cache
def _letters(letters: frozenset[str]) -> re.Pattern[str]:
    """Any of the letters that stand for digits (a pattern that never matches if none)."""
    return re.compile("[" + "".join(map(re.escape, sorted(letters))) + "]" if letters
                      else r"(?!)")


@cache
def _number_run(letters: frozenset[str]) -> re.Pattern[str]:
    chars = "".join(re.escape(ch) for ch in sorted(letters))
    return re.compile(rf"(?<![A-Za-z\d.])[\d{chars}](?:[\d{chars}]|\.(?=[\d{chars}]))*"
                      rf"(?![A-Za-z\d])")


def _is_unit(word: str, units: UnitTable, *, bare: bool) -> bool:
    """``word`` is a unit, or (after a bare number) a multiplier or multiplier + unit."""
    if word in units.written:
        return True
    if not bare:
        return False
    return any(word == m or (word.startswith(m) and word[len(m):] in units.written)
               for m in units.multipliers)


def load_confusables(text: str, source: str = "<confusables>") -> Confusables:
    """Read ``WRONG = RIGHT`` and ``@digit WRONG = RIGHT`` lines (see the file's header)."""
    characters: dict[str, str] = {}
    digits: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            raise DataFileError(source, number, "应为 “错字 = 正字” 或 “@digit 字母 = 数字”"
                                                "（expected `WRONG = RIGHT`）")
        if match["digit"]:
            if not match["right"].isdigit() or not match["wrong"].isascii() \
                    or not match["wrong"].isalpha():
                raise DataFileError(source, number, "@digit 应为 “拉丁字母 = 数字”")
            digits[match["wrong"]] = match["right"]
        else:
            characters[match["wrong"]] = match["right"]
    return Confusables(characters, digits)


@cache
def default_confusables() -> Confusables:
    """The package's own ``confusables.txt``, read once."""
    text = resources.files("zhibiao.grammar").joinpath("confusables.txt").read_text("utf-8")
    return load_confusables(text, "zhibiao/grammar/confusables.txt")

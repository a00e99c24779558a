"""The characters a regular expression's match can start with: a set test in front of
an expression that usually fails.

The fast path asks, where a unit, a label or a noun starts, whether any other terminal
of the grammar matches there (``_keyword_after_unit`` and its kin, an alternation of
some forty terminals). Failing costs the expression ~1 µs, since it tries every
alternative; the first character alone rules out almost every position. The set is
read from the expression's own parse (``re._parser``, as lark reads its terminals'
widths), conservatively: whatever it cannot bound (any character, a negated class, a
category other than ``\\d``, a case-insensitive part, an expression that can match the
empty string) leaves the expression unfiltered.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = ("FirstCharacters", "Prefiltered", "first_characters")

# The regular-expression parser of the standard library (no type stubs: Any).
_sre: Any = importlib.import_module("re._parser")
_op: Any = importlib.import_module("re._constants")

#: A class range wider than this is not spelt out (none of the grammar's is).
_MAX_RANGE = 4096

#: What a match may start with: these characters, and any ``\d`` (Unicode decimal
#: digit: ``str.isdecimal``, as ``re`` reads ``\d``) when ``digits`` is set.
FirstCharacters = tuple[frozenset[str], bool]

# (characters, \d, can match the empty string), or None: not bounded
_First = tuple[frozenset[str], bool, bool] | None
_ZERO_WIDTH = (_op.ASSERT, _op.ASSERT_NOT, _op.AT)
_REPEATS = (_op.MAX_REPEAT, _op.MIN_REPEAT, _op.POSSESSIVE_REPEAT)


def first_characters(pattern: re.Pattern[str]) -> FirstCharacters | None:
    """The characters every match of ``pattern`` starts with, or ``None`` when they are
    not known to be few (see the module's docstring)."""
    if pattern.flags & re.IGNORECASE:
        return None
    parsed = _sre.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    first = _sequence(list(parsed))
    if first is None or first[2]:  # unknown, or a match may be empty
        return None
    return first[0], first[1]


def _sequence(items: list[tuple[Any, Any]]) -> _First:
    chars: frozenset[str] = frozenset()
    digits = False
    for op, arg in items:
        first = _item(op, arg)
        if first is None:
            return None
        chars, digits = chars | first[0], digits or first[1]
        if not first[2]:  # this item consumes a character: the later ones come after it
            return chars, digits, False
    return chars, digits, True


def _item(op: Any, arg: Any) -> _First:
    if op is _op.LITERAL:
        return frozenset(chr(arg)), False, False
    if op is _op.IN:
        return _class(arg)
    if op in _ZERO_WIDTH:  # a lookaround or an anchor consumes nothing
        return frozenset(), False, True
    if op is _op.SUBPATTERN:
        _, add_flags, _, items = arg
        return None if add_flags & re.IGNORECASE else _sequence(list(items))
    if op is _op.ATOMIC_GROUP:
        return _sequence(list(arg))
    if op is _op.BRANCH:
        chars: frozenset[str] = frozenset()
        digits = empty = False
        for alternative in arg[1]:
            first = _sequence(list(alternative))
            if first is None:
                return None
            chars, digits, empty = chars | first[0], digits or first[1], empty or first[2]
        return chars, digits, empty
    if op in _REPEATS:
        low, _, items = arg
        first = _sequence(list(items))
        return None if first is None else (first[0], first[1], first[2] or low == 0)
    return None  # any character, a back reference, a conditional group: not bounded


def _class(items: list[tuple[Any, Any]]) -> _First:
    chars: set[str] = set()
    digits = False
    for op, arg in items:
        if op is _op.LITERAL:
            chars.add(chr(arg))
        elif op is _op.RANGE and arg[1] - arg[0] <= _MAX_RANGE:
            chars.update(map(chr, range(arg[0], arg[1] + 1)))
        elif op is _op.CATEGORY and arg is _op.CATEGORY_DIGIT:
            digits = True
        else:  # a negated class, another category, a wide range
            return None
    return frozenset(chars), digits, False


class Prefiltered:
    """``pattern.match(text, pos)``, answered ``None`` at once where no match can start."""

    __slots__ = ("_chars", "_digits", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        first = first_characters(pattern)
        self._chars = None if first is None else first[0]
        self._digits = first is not None and first[1]

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        chars = self._chars
        if chars is None or pos < 0:  # unfiltered; a negative position counts from 0
            return self.pattern.match(text, pos)
        if pos < len(text) and (text[pos] in chars
                                or (self._digits and text[pos].isdecimal())):
            return self.pattern.match(text, pos)
        return None  # no character left, or one no match starts with

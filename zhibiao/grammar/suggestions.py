"""Near-miss detection: a word one character away from a known one (工作曰 → 工作日),
or a unit written with a look-alike character (万圆 → 万元, see confusables.txt)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from zhibiao.grammar.confusables import default_confusables
from zhibiao.grammar.units import UnitTable
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("Misspellings", "near_miss")


class Misspellings:
    """Misspelt words where the grammar checks for them, for one unit table and
    vocabulary: a unit word at the start of a noun after a value (≤30个工作曰: 个工作日),
    a unit written with look-alike characters right after a number (≥1.2万入: 万人),
    an operator word at the end of a label before one (不底于95%: 不低于)."""

    def __init__(self, units: UnitTable, vocabulary: Vocabulary) -> None:
        self._table = units
        self._units = tuple(w for w in units.written if len(w) >= 3)
        self._operators = tuple(w for ops in vocabulary.operators for w in ops.prefix
                                if len(w) >= 3)

    def unit_in(self, noun: str, multiplier: str | None = None) -> str | None:
        """The unit ``noun`` misspells at its start, or ``None``. ``multiplier`` is given
        (``""`` for none) when the noun stands right after the number, where no unit was
        read: then a look-alike start counts too, and the answer includes the multiplier
        (万圆 → 万元)."""
        if multiplier is not None:
            lookalike = default_confusables().unit_lookalike(noun, self._table, multiplier)
            if lookalike is not None:
                return lookalike
        return near_miss(noun, self._units, at_start=True)

    def ambiguous_unit(self, noun: str, multiplier: str | None) -> tuple[str, str] | None:
        """The ambiguous unit word (``M``: 米 or MB, see ``@ambiguous`` in units.txt) that
        ``noun`` starts with right after the number (``multiplier`` not ``None``: no unit
        was read), and how to write each reading; else ``None``."""
        return None if multiplier is None else self._table.ambiguous_in(noun)

    def operator_in(self, label: str) -> str | None:
        return near_miss(label, self._operators, at_start=False)


def near_miss(text: str, known: Iterable[str], *, at_start: bool) -> str | None:
    """The known word that ``text`` misspells at its start (or end), else ``None``.

    A misspelling is a run of the same length as a known word of at least three
    characters, differing from it in exactly one character. Exact matches are not
    misspellings; nor is a text that begins (ends) with any known word (平方公里项目).
    When several words qualify, the longest wins, then the first in code-point order.
    """
    lengths, words, by_gap = _index(tuple(known))
    for size in lengths:
        if len(text) >= size and (text[:size] if at_start else text[-size:]) in words:
            return None
    for size in lengths:
        if size < 3 or len(text) < size:
            continue
        run = text[:size] if at_start else text[-size:]
        found = [word for gap in range(size)
                 for word in by_gap.get((gap, run[:gap] + run[gap + 1:]), ())
                 if word[gap] != run[gap]]
        if found:
            return min(found)
    return None


@lru_cache(maxsize=32)
def _index(known: tuple[str, ...]) -> tuple[tuple[int, ...], frozenset[str],
                                            dict[tuple[int, str], tuple[str, ...]]]:
    """Word lengths (longest first), the words, and each word of three or more characters
    under every one-character gap: (gap, word without that character) → words."""
    words = frozenset(known)
    by_gap: dict[tuple[int, str], list[str]] = {}
    for word in words:
        if len(word) >= 3:
            for gap in range(len(word)):
                by_gap.setdefault((gap, word[:gap] + word[gap + 1:]), []).append(word)
    lengths = tuple(sorted({len(w) for w in words}, reverse=True))
    return lengths, words, {key: tuple(found) for key, found in by_gap.items()}

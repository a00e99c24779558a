"""Date tokens to :class:`DatePoint` models, for one vocabulary.

Shared by the grammar's transformer and the fast path (free of lark, so the fast path
starts without it). A date that does not exist raises ``ValueError``.
"""

from __future__ import annotations

from zhibiao.grammar.models import DatePoint
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("DateWords",)

_DATE_PARTS = ("年", "月", "日", "号")


class DateWords:
    """The vocabulary's date words (月底, 上半年, 次年) and the points they make."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._month_parts = dict(vocabulary.month_part)
        self._half_year = dict(vocabulary.half_year)
        self._next_year = frozenset(vocabulary.next_year)

    def offset(self, relative_year: str | None) -> int:
        """1 for 次年 (the year after the evaluation year), 0 for 当年 or none."""
        return 1 if relative_year is not None and relative_year in self._next_year else 0

    def absolute(self, token: str, part: str | None) -> DatePoint:
        """``2021年12月31日``, ``2024年2月`` + 底."""
        numbers = _numbers(token)
        return DatePoint(year=numbers[0], month=_at(numbers, 1), day=_at(numbers, 2),
                         part=self._part(part))

    def month(self, token: str, relative_year: str | None, part: str | None) -> DatePoint:
        """``10月`` + 份, ``次年`` + ``2月`` + 底, ``6月30日``."""
        numbers = _numbers(token)
        return DatePoint(year_offset=self.offset(relative_year), month=numbers[0],
                         day=_at(numbers, 1), part=self._part(part))

    def month_number(self, token: str, relative_year: str | None) -> DatePoint:
        """The ``1`` of ``1-12月``: a month named by its number at the start of a period."""
        return DatePoint(year_offset=self.offset(relative_year), month=int(token))

    @staticmethod
    def dotted(token: str) -> DatePoint:
        """``2023.07``, ``2021.1.1`` or ``12.31`` (a month and a day) in a dotted period."""
        numbers = [int(part) for part in token.split(".")]
        if numbers[0] < 1000:  # 12.31: the year is the start's (see inherit_year)
            return DatePoint(month=numbers[0], day=numbers[1])
        return DatePoint(year=numbers[0], month=numbers[1], day=_at(numbers, 2))

    @staticmethod
    def inherit_year(start: DatePoint, end: DatePoint) -> DatePoint:
        """The end of a period that names no year is in the start's year:
        ``2021年1月-12月`` ends in December 2021, ``2021.1.1-12.31`` on 31 Dec 2021."""
        if end.year is not None or end.year_offset or end.month is None:
            return end
        return DatePoint(year=start.year, year_offset=start.year_offset, month=end.month,
                         day=end.day, part=end.part)

    def year_end(self, relative_year: str | None) -> DatePoint:
        """``年底``, ``年内``, ``次年`` + ``年底``."""
        return DatePoint(year_offset=self.offset(relative_year), part="end")

    def dated_year_end(self, token: str) -> DatePoint:
        """``2027年年底``, ``2027年底``, ``2027年内``: the end of that year."""
        return DatePoint(year=int(token[:4]), part="end")

    def half_year(self, token: str, relative_year: str | None) -> DatePoint:
        """``上半年`` (the end of June), ``下半年``."""
        return DatePoint(year_offset=self.offset(relative_year), month=self._half_year[token],
                         part="end")

    def _part(self, word: str | None) -> str | None:
        return self._month_parts[word] if word is not None else None


def _numbers(text: str) -> list[int]:
    numbers, digits = [], ""
    for ch in text:
        if ch.isdigit():
            digits += ch
        elif ch in _DATE_PARTS and digits:
            numbers.append(int(digits))
            digits = ""
    return numbers


def _at(numbers: list[int], index: int) -> int | None:
    return numbers[index] if index < len(numbers) else None

"""Actual dates as spreadsheets and people write them (issue 12, item 7).

The 指标值 grammar reads ``2023年12月15日``; evaluators also write (or their spreadsheet
gives them):

- ISO, slash and dot forms: ``2023-12-15``, ``2023/12/15``, ``2023.11.28``, ``2023-1-5``;
- a month alone: ``2023-12``, ``2023/12`` (``2023.12`` only against a deadline, see below);
- a time part, which is what a spreadsheet date cell becomes as text:
  ``2023-12-15 00:00:00``, ``2023-12-15T08:30``, ``2023/12/15 0:00`` (the time is checked
  and then ignored: deadlines are counted in days);
- the Chinese form with spaces: ``2023 年 12 月 15 日``;
- a period of two such dates: ``2023-01-01至2023-03-31``, ``2023/1/1~2023/3/31``,
  ``2023-01-01--2023-03-31``.

A dot form with a month only (``2023.11``) and eight digits (``20231215``) are numbers
as well; they are read as dates only when the target is a deadline
(:func:`number_as_date`): ``2023.11`` against ``年底前完成`` is November 2023, against
``≥2023.5`` it is the number 2023.11.

A text with the shape of a date whose month, day or time does not exist
(``2023-02-30``, ``2023-13-01``, ``2023-12-15 25:00``) raises
:class:`~zhibiao.errors.IndicatorSyntaxError` with the reason in Chinese: it is never
read as something else.
"""

from __future__ import annotations

import calendar
import re
import unicodedata

from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.models import DatePoint

__all__ = ("number_as_date", "read_date_text")

_FIRST_YEAR, _LAST_YEAR = 1900, 2199  # the years a DatePoint holds
_TIME = r"(?:(?:\s+|T)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d{1,6})?)?)?"
#: 2023-12-15, 2023/12/15, 2023.11.28 (the same separator twice), or 2023-12, 2023/12.
_NUMERIC = re.compile(
    r"(?P<y>\d{4})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})"
    r"(?:\s*(?P=sep)\s*(?P<d>\d{1,2})\s*[日号]?" + _TIME + r")?")
#: 2023 年 12 月 15 日 (the grammar reads it without spaces; spaces come from OCR and typing).
_CJK = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?"
                  + _TIME)
#: The words and signs between the two dates of a period.
_PERIOD = re.compile(r"(?P<start>.+?)\s*(?:至|到|~|～|--|－－|——|—|\s-\s)\s*(?P<end>.+)")
#: Numbers that are dates only against a deadline: 2023.11 and 20231215.
_DOT_MONTH = re.compile(r"(?P<y>\d{4})\.(?P<m>\d{1,2})")
_EIGHT_DIGITS = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_TRAILING = "。;；,，、 "
#: Longer than any date or period these forms write: not tried (keeps the search linear).
_LONGEST = 80


def _clean(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip()
    return folded.rstrip(_TRAILING)


def _invalid(text: str, reason: str) -> IndicatorSyntaxError:
    return IndicatorSyntaxError(text, 1, reason,
                                hint="日期请写作 2023-12-15、2023/12/15 或 2023年12月15日")


def _point(text: str, match: re.Match[str]) -> DatePoint | None:
    """The date a full match of one of the date patterns stands for (``None`` for a year
    outside 1900–2199 and for ``2023.11``: not taken for a date here)."""
    year, month = int(match["y"]), int(match["m"])
    day = match["d"]
    if not _FIRST_YEAR <= year <= _LAST_YEAR or (day is None and match.groupdict().get("sep")
                                                  == "."):
        return None  # 2023.11 is a number here (a date only against a deadline)
    if not 1 <= month <= 12:
        raise _invalid(text, f"日期中的月份 {month} 不存在（应为 1–12）")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= int(day) <= last:
            raise _invalid(text, f"{year}年{month}月没有 {int(day)} 日（该月共 {last} 天）")
    hour = match.groupdict().get("h")
    if hour is not None:
        minute, second = int(match["mi"]), int(match["s"] or 0)
        if int(hour) > 23 or minute > 59 or second > 59:
            raise _invalid(text, f"日期后的时间“{match.group()[match.start('h'):]}”不存在")
    return DatePoint(year=year, month=month, day=None if day is None else int(day))


def _one(text: str, whole: str) -> DatePoint | None:
    for pattern in (_NUMERIC, _CJK):
        match = pattern.fullmatch(text)
        if match is not None:
            return _point(whole, match)
    return None


def read_date_text(text: str) -> tuple[DatePoint | None, DatePoint] | None:
    """``(start, end)`` of an actual written as a date or period in the forms of the module
    docstring (``start`` is ``None`` for a single date); ``None`` when ``text`` is not one
    of those forms (the grammar then reads it).

    >>> read_date_text("2023-12-15 00:00:00")
    (None, DatePoint(year=2023, year_offset=0, month=12, day=15, part=None))
    >>> read_date_text("2023.11") is None  # a number, unless the target is a deadline
    True
    """
    cleaned = _clean(text)
    if not 6 <= len(cleaned) <= _LONGEST or not cleaned[:4].isdigit():
        return None
    single = _one(cleaned, text)
    if single is not None:
        return None, single
    period = _PERIOD.fullmatch(cleaned)
    if period is None:
        return None
    start, end = _one(period["start"], text), _one(period["end"], text)
    if start is None or end is None:
        return None
    if start.first_day(start.year or _FIRST_YEAR) > end.last_day(end.year or _FIRST_YEAR):
        raise _invalid(text, "起止日期的开始晚于结束")
    return start, end


def number_as_date(text: str) -> DatePoint | None:
    """The date a number means when the target is a deadline: ``2023.11`` (November 2023;
    ``2023.1`` is January, ``2023.10`` October — the text decides, not the value) or
    ``20231215``; ``None`` for any other number."""
    cleaned = _clean(text)
    match = _DOT_MONTH.fullmatch(cleaned) or _EIGHT_DIGITS.fullmatch(cleaned)
    if match is None:
        return None
    year, month = int(match["y"]), int(match["m"])
    if not _FIRST_YEAR <= year <= _LAST_YEAR or not 1 <= month <= 12:
        return None
    day = match.groupdict().get("d")
    if day is not None and not 1 <= int(day) <= calendar.monthrange(year, month)[1]:
        return None
    return DatePoint(year=year, month=month, day=None if day is None else int(day))

"""Points and periods in the calendar: ``2021年12月31日``, ``次年2月底``, ``年底``."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from zhibiao.grammar.model_base import FrozenModel

__all__ = ("DatePoint", "MonthPart")

MonthPart = Literal["end", "whole", "start", "early", "mid", "late"]
_PART_TEXT: dict[str, str] = {"end": "底", "whole": "份", "start": "初", "early": "上旬",
                              "mid": "中旬", "late": "下旬"}


class DatePoint(FrozenModel):
    """A point or period in the calendar: ``2021年12月31日``, ``次年2月底``, ``年底``.

    ``year`` is absolute; ``year_offset`` is relative to the evaluation year
    (次年 = 1). With no month, ``part="end"`` is the year end (年底).
    """

    year: int | None = Field(default=None, ge=1900, le=2199)
    year_offset: int = Field(default=0, ge=0, le=1)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    part: MonthPart | None = None

    @model_validator(mode="after")
    def _consistent(self) -> DatePoint:
        if self.year is not None and self.year_offset:
            raise ValueError("give either an absolute year or a relative one, not both")
        if self.day is not None and (self.month is None or self.part is not None):
            raise ValueError("a day needs a month and no month part")
        if self.month is None and self.part not in (None, "end"):
            raise ValueError("without a month only the year end (年底) is allowed")
        if self.month is None and self.part is None and self.year is None:
            raise ValueError("a date needs a year, a month or 年底")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year or 2000, self.month)[1]
            if self.day > last:
                raise ValueError(f"{self.month}月 has no day {self.day}")
        return self

    def last_day(self, evaluation_year: int) -> dt.date:
        """The last calendar day this point covers, for the given evaluation year."""
        year = self.year if self.year is not None else evaluation_year + self.year_offset
        if self.month is None:
            return dt.date(year, 12, 31)
        last = calendar.monthrange(year, self.month)[1]
        if self.day is not None:  # 2月29日 in a year that has none: the month's last day
            return dt.date(year, self.month, min(self.day, last))
        end_day = {"start": min(10, last), "early": 10, "mid": 20}.get(self.part or "", last)
        return dt.date(year, self.month, end_day)

    def first_day(self, evaluation_year: int) -> dt.date:
        """The first calendar day this point covers."""
        year = self.year if self.year is not None else evaluation_year + self.year_offset
        if self.month is None:
            return dt.date(year, 12, 1) if self.part == "end" else dt.date(year, 1, 1)
        if self.day is not None:
            last = calendar.monthrange(year, self.month)[1]
            return dt.date(year, self.month, min(self.day, last))
        first = {"mid": 11, "late": 21}.get(self.part or "", 1)
        if self.part == "end":
            first = calendar.monthrange(year, self.month)[1]
        return dt.date(year, self.month, first)

    def __str__(self) -> str:
        text = ""
        if self.year is not None:
            text = f"{self.year}年"
        elif self.year_offset == 1:
            text = "次年"
        if self.month is None:
            if self.part != "end":
                return text
            return text + ("底" if self.year is not None else "年底")  # 2023年底, 次年年底
        text += f"{self.month}月"
        if self.day is not None:
            text += f"{self.day}日"
        elif self.part is not None:
            text += _PART_TEXT[self.part]
        return text

"""Working days (工作日) on the official Chinese calendar.

The State Council publishes each year's public holidays and the weekend days that are
worked instead (调休); the ``chinesecalendar`` package keeps that table, so a date is a
working day exactly when the official calendar says so — not merely Monday to Friday.

Counting follows 民法典 第二百零一条: the day a period starts is not counted; it runs
from the next day, and the end day is counted. ``count_working_days(d, d)`` is 0.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from zhibiao.errors import EvaluationError

__all__ = ("calendar_years", "count_working_days")


def calendar_years() -> tuple[int, int]:
    """First and last year the installed calendar has official holiday data for."""
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


def count_working_days(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``).

    Raises :class:`~zhibiao.errors.EvaluationError` for a year the calendar has no
    official data for (the error names the years it has).

    >>> import datetime as dt
    >>> count_working_days(dt.date(2024, 9, 27), dt.date(2024, 10, 8))  # 国庆 + 调休
    3
    """
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        raise EvaluationError("count_working_days() 需要 datetime.date 参数")
    if isinstance(start, dt.datetime):
        start = start.date()
    if isinstance(end, dt.datetime):
        end = end.date()
    if end <= start:
        return 0
    try:
        days = chinese_calendar.get_workdays(start + dt.timedelta(days=1), end)
    except NotImplementedError:
        first, last = calendar_years()
        raise EvaluationError(
            f"法定节假日数据只覆盖 {first}–{last} 年，无法计算 {start}–{end} 的工作日"
            f"（no official holiday data for these years）") from None
    return len(days)

"""Working days on the official calendar (chinesecalendar), start day not counted."""

from __future__ import annotations

import datetime as dt

import pytest

from zhibiao.engine import count_working_days
from zhibiao.errors import EvaluationError


@pytest.mark.parametrize(("start", "end", "days"), [
    # 2024 国庆: 10月1–7日 off, Sunday 9月29日 and Saturday 10月12日 worked (调休).
    (dt.date(2024, 9, 27), dt.date(2024, 10, 8), 3),
    (dt.date(2024, 10, 8), dt.date(2024, 10, 14), 5),
    # An ordinary week: Monday → next Monday is five working days.
    (dt.date(2024, 3, 4), dt.date(2024, 3, 11), 5),
    # 2024 春节: 2月10–17日 off, Sundays 2月4日 and 2月18日 worked: 4日, 5–9日, 18日, 19日.
    (dt.date(2024, 2, 3), dt.date(2024, 2, 19), 8),
    (dt.date(2024, 3, 4), dt.date(2024, 3, 4), 0),
    (dt.date(2024, 3, 11), dt.date(2024, 3, 4), 0),
])
def test_count(start: dt.date, end: dt.date, days: int) -> None:
    assert count_working_days(start, end) == days


def test_weekday_count_differs_from_official_count() -> None:
    start, end = dt.date(2024, 9, 30), dt.date(2024, 10, 31)
    weekdays = sum(1 for i in range(1, (end - start).days + 1)
                   if (start + dt.timedelta(days=i)).weekday() < 5)
    assert count_working_days(start, end) != weekdays


def test_year_without_data_raises() -> None:
    with pytest.raises(EvaluationError, match="法定节假日数据只覆盖"):
        count_working_days(dt.date(2090, 1, 1), dt.date(2090, 2, 1))


def test_wrong_kind_raises() -> None:
    with pytest.raises(EvaluationError):
        count_working_days("2024-01-01", dt.date(2024, 2, 1))  # type: ignore[arg-type]

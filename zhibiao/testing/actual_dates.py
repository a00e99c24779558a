"""Date actuals against deadline targets: on time or late, in the forms tables use."""

from __future__ import annotations

import datetime as dt

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from zhibiao.engine.policy import Policy
from zhibiao.grammar import DatePoint, Deadline
from zhibiao.testing.actual_words import (
    _JUDGEMENT_PHRASES,
    _blank_or_unparsable,
    _percents,
    _Settings,
    _verdicts,
)

_NOMINAL_YEAR = 2000  # the year dates are compared in when none is known (a leap year)


def _evaluation_year(target: Deadline, actual: DatePoint, policy: Policy) -> int:
    """The year relative dates are read in (docs/scoring.md §4.6): the policy's, else the
    target's, else the one the actual names, else a nominal leap year."""
    if policy.year is not None:
        return policy.year
    if target.end.year is not None:
        return target.end.year
    if actual.year is not None:
        return actual.year - target.end.year_offset + actual.year_offset
    return _NOMINAL_YEAR


def _on_time(target: Deadline, actual: DatePoint, policy: Policy) -> bool | None:
    """Whether a date actual meets the deadline (None when a date does not exist)."""
    year = _evaluation_year(target, actual, policy)
    try:
        return actual.last_day(year) <= target.due_date(year)
    except ValueError:  # 2月29日 in a year that has none
        return None


_DATE_FORMS = ("ymd", "md", "next_md", "ym", "m", "m_end", "ym_end")


def _date_point(form: str, day: dt.date, year: int) -> DatePoint | None:
    """``day`` written in ``form``, for dates read in ``year`` (None if it cannot be)."""
    month_end = day.day == _month_end(day).day
    if form in ("m", "m_end", "md") and day.year != year:
        return None
    if form == "next_md" and day.year != year + 1:
        return None
    if form in ("ym", "m", "m_end", "ym_end") and not month_end:
        return None
    if not 1900 <= day.year <= 2199:
        return None
    if form == "ymd":
        return DatePoint(year=day.year, month=day.month, day=day.day)
    if form == "md":
        return DatePoint(month=day.month, day=day.day)
    if form == "next_md":
        return DatePoint(year_offset=1, month=day.month, day=day.day)
    if form == "ym":
        return DatePoint(year=day.year, month=day.month)
    if form == "ym_end":
        return DatePoint(year=day.year, month=day.month, part="end")
    return DatePoint(month=day.month, part="end" if form == "m_end" else None)


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _dates(target: Deadline, achieved: bool, settings: _Settings) -> SearchStrategy[str]:
    """Dates on time (or late): a full date, a month (its last day counts), 次年…."""
    policy = settings.policy
    pinned = policy.year if policy.year is not None else target.end.year

    @st.composite
    def build(draw: st.DrawFn) -> str:
        year = pinned if pinned is not None else draw(
            st.sampled_from([_NOMINAL_YEAR, *range(2016, 2031)]))
        try:
            due = target.due_date(year)
        except ValueError:
            due = dt.date(year, 3, 1) - dt.timedelta(days=1)
        steps = draw(st.integers(0, 400))
        day = due - dt.timedelta(days=steps) if achieved else \
            due + dt.timedelta(days=steps + 1)
        if draw(st.booleans()):  # a whole month: its last day is what counts
            end = _month_end(day)
            if not achieved or end <= due:
                day = end
        first = draw(st.sampled_from(_DATE_FORMS))
        forms = [first, *(f for f in _DATE_FORMS if f != first)]
        for form in forms:
            point = _date_point(form, day, year)
            if point is not None and _on_time(target, point, policy) is achieved:
                return str(point)
        reject()

    return build()


def _deadline_texts(target: Deadline, outcome: str, settings: _Settings, *,
                    plain: bool) -> SearchStrategy[str]:
    if outcome == "not_evaluable":
        counts = st.integers(1, 99).map(lambda n: f"{n}个")  # a number that is no date
        return st.one_of(_blank_or_unparsable(), st.sampled_from(_JUDGEMENT_PHRASES), counts)
    achieved = outcome == "achieved"
    dates = _dates(target, achieved, settings)
    if plain:
        return st.one_of(dates, _percents(achieved))
    return st.one_of(dates, dates, _verdicts(achieved, settings), _percents(achieved))

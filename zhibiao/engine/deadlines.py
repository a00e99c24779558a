"""Deadlines (时限): ``年底前完成``, ``9月前``, ``次年2月底前完成``, ``2021年12月31日``.

The actual is a date or month (``7月`` is read as "by the end of July", the cautious
reading) resolved in the evaluation year; met when it is not after the due date. Late
work scores by the policy's ``late`` rule: 0 (default) or 计划天数÷实际天数, both
counted from the start of the period (the target's own start, else 1 January of the
evaluation year). Words (``已完成``, ``按时完成``, ``未完成``) are scored by tier, a
percentage (``100%``) as the degree of completion. A number that reads as a date
(``2023.11``, ``20231215``) is that date here (:func:`~zhibiao.grammar.number_as_date`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhibiao.engine.explain import num
from zhibiao.engine.finding import ONE, ZERO, Case, Finding, not_evaluable
from zhibiao.engine.nothing import nothing_finding, nothing_phrase
from zhibiao.engine.outcome import Status
from zhibiao.engine.qualitative import percent_completion
from zhibiao.engine.tiers import grade_finding, tier_finding
from zhibiao.grammar import (
    DateActual,
    DatePoint,
    Deadline,
    GradeActual,
    NumberActual,
    VerdictActual,
    number_as_date,
)

__all__ = ("deadline_finding", "evaluation_year")

_NOMINAL_YEAR = 2000  # a leap year: 2月29日 exists when no year is known
_POLARITY = "deadline"


def evaluation_year(case: Case, target: DatePoint,
                    actual: DatePoint | None = None) -> tuple[int, str | None]:
    """The evaluation year, and a note when it had to be inferred or assumed."""
    if case.policy.year is not None:
        return case.policy.year, None
    if target.year is not None:
        return target.year, None
    if actual is not None and actual.year is not None:
        year = actual.year - target.year_offset + actual.year_offset
        return year, f"评价年度按实际日期推定为 {year} 年"
    return _NOMINAL_YEAR, "未给出评价年度，按月日比较"


def _day(day: dt.date, nominal: bool) -> str:
    """``2022年8月31日``, or ``8月31日`` when the year is only assumed."""
    return f"{day.month}月{day.day}日" if nominal else f"{day.year}年{day.month}月{day.day}日"


def _late(case: Case, target: Deadline, year: int, due: dt.date, done: dt.date,
          nominal: bool) -> Finding:
    days_late = (done - due).days
    when = f"应于 {_day(due, nominal)} 前完成，实际 {_day(done, nominal)}"
    weight = case.weight
    if case.policy.late == "zero":
        return Finding(Status.NOT_ACHIEVED, _POLARITY, ZERO, None,
                       f"时限指标逾期 {days_late} 天（{when}），逾期得 ")
    # From the period's start: the target's own, else 1 January of the target's year
    # (the year it names, as in 2021年6月30日, else the evaluation year).
    own_year = target.end.year if target.end.year is not None else year
    start = target.start.first_day(year) if target.start is not None \
        else dt.date(own_year, 1, 1)
    planned = (due - start).days + 1
    taken = (done - start).days + 1
    fraction = Decimal(planned) / Decimal(taken) if taken > 0 else ZERO
    return Finding(Status.NOT_ACHIEVED, _POLARITY, fraction, None,
                   f"时限指标逾期 {days_late} 天（{when}），按 计划天数÷实际天数 得分"
                   f"（自 {_day(start, nominal)} 起算）{planned}÷{taken}×{num(weight)} = ")


def _done_by(actual: DateActual, target: Deadline, year: int) -> tuple[dt.date, bool]:
    """The day an actual written as a deadline (``2023年12月前``, ``2023年11月前完成``) says
    the work was done by: its own due date, the latest day it allows (the cautious
    reading, as ``7月`` is the end of July); and whether it is the target's deadline."""
    written = Deadline(end=actual.end, start=actual.start, before=True)
    copied = (actual.end, actual.start) == (target.end, target.start) and target.before
    return written.due_date(year), copied


def _deadline_note(actual: DateActual, done: dt.date, copied: bool, nominal: bool) -> str:
    if copied:
        return (f"实际值照抄了时限目标“{actual.text}”，表示在期限内完成，"
                f"按在截止日 {_day(done, nominal)} 完成计")
    return f"实际值写作期限“{actual.text}”，按在其截止日 {_day(done, nominal)} 完成计"


def deadline_finding(case: Case) -> Finding:
    """Score an actual against a deadline target."""
    target = case.target
    assert isinstance(target, Deadline)
    actual = case.actual
    if isinstance(actual, VerdictActual):
        return tier_finding(actual.tier, actual.word, case.weight, case.policy, _POLARITY)
    if isinstance(actual, GradeActual):
        return grade_finding(actual, case.weight, case.policy, _POLARITY)
    read_as: tuple[str, ...] = ()
    if isinstance(actual, NumberActual) and actual.copied_op is None:
        point = number_as_date(actual.text)  # 2023.11 against a deadline is November 2023
        if point is not None:
            actual = DateActual(text=actual.text, end=point)
            read_as = (f"实际值“{actual.text}”对时限目标按日期 {point} 读取",)
    if isinstance(actual, NumberActual):
        finding = percent_completion(actual, case, _POLARITY)
        if finding is not None:
            return finding
        return not_evaluable(_POLARITY, "kind_mismatch",
                             f"目标为时限 {target}，实际为数值“{case.actual_text}”")
    if not isinstance(actual, DateActual):
        phrase = nothing_phrase(actual, case.words)
        if phrase is not None:
            return nothing_finding(_POLARITY, phrase, case.target_text or str(target))
        return not_evaluable(_POLARITY, "kind_mismatch",
                             f"目标为时限 {target}，实际“{case.actual_text}”不是日期")
    year, year_note = evaluation_year(case, target.end, actual.end)
    due = target.due_date(year)
    nominal = year_note is not None and year == _NOMINAL_YEAR
    flags: tuple[str, ...] = ("nominal_year",) if year_note else ()
    if actual.before:
        done, copied = _done_by(actual, target, year)
        read_as += (_deadline_note(actual, done, copied, nominal),)
        flags += ("copied_target",) if copied else ()
    else:
        done = actual.end.last_day(year)
    notes = read_as + ((year_note,) if year_note else ())
    if done <= due:
        return Finding(Status.ACHIEVED, _POLARITY, ONE, None,
                       f"时限指标按期完成（应于 {_day(due, nominal)} 前完成，"
                       f"实际 {_day(done, nominal)}），得满分 ", notes, flags=flags)
    late = _late(case, target, year, due, done, nominal)
    return Finding(late.status, late.polarity, late.fraction, late.ratio, late.working,
                   notes, flags=flags)

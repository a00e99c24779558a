"""Numeric targets: a comparison (``≥95%``, ``≤90万元``, ``20万元``) or a range (``90%-95%``).

The actual is first brought into the target's unit (:mod:`zhibiao.engine.conversion`);
then the rule the table in :mod:`zhibiao.engine.directions` names for the operator and
direction judges it. Judgement words (``达成预期指标``) and grades are scored by tier;
``无上访`` against ``<5次`` counts as 0 (only where 0 meets the target:
:mod:`zhibiao.engine.nothing`); two dates against ``≤30个工作日`` count the
working days between them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from zhibiao.engine.bare_scale import bare_reading
from zhibiao.engine.conversion import Converted, Mismatch, to_target_unit, unit_label, written
from zhibiao.engine.directions import (
    IMPLICIT_HEAD,
    ComparisonRule,
    lower_rule,
    rule_for,
    show,
)
from zhibiao.engine.finding import ONE, Case, Finding, not_evaluable
from zhibiao.engine.name_direction import NAME_FLAG, direction_from_name
from zhibiao.engine.nothing import nothing_finding, nothing_phrase
from zhibiao.engine.outcome import Status
from zhibiao.engine.policy import Direction, Policy
from zhibiao.engine.tiers import grade_finding, tier_finding
from zhibiao.engine.workdays import count_working_days
from zhibiao.errors import EvaluationError
from zhibiao.grammar import (
    Comparison,
    DateActual,
    GradeActual,
    IndicatorParser,
    NumberActual,
    Op,
    Quantity,
    Range,
    RangeActual,
    VerdictActual,
    default_unit_table,
)

__all__ = ("ComparisonPlan", "comparison_finding", "comparison_plan", "comparison_rule",
           "range_finding")

_BOUND_OPS = frozenset({Op.GE, Op.GT, Op.LE, Op.LT})
_NOMINAL_YEAR = 2000  # a leap year, so 2月29日 exists when no year is known


class ComparisonPlan(NamedTuple):
    """What a comparison target needs at every evaluation, worked out once."""

    rule: ComparisonRule
    label: str
    flags: tuple[str, ...]
    notes: tuple[str, ...]
    strict: bool
    factor: Decimal

    def score(self, case: Case) -> Finding:
        """:func:`comparison_finding` with this plan (what ``evaluate`` calls)."""
        return comparison_finding(case, self)


def comparison_plan(target: Comparison, policy: Policy, direction: Direction | None,
                    category: str | None, indicator: str | None = None,
                    parser: IndicatorParser | None = None) -> ComparisonPlan:
    """Rule, label, flags and display factor for a comparison target under the settings
    (``indicator``: the indicator's name, read when the policy's ``direction_from_name``
    is on — see :mod:`zhibiao.engine.name_direction` for the precedence)."""
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    named = None
    if target.op in _BOUND_OPS:
        if direction is not None:
            flags = ("direction_ignored",)
            notes = ("指标值已写明运算符，忽略方向设置",)
        chosen = Direction.HIGHER
    elif direction is not None:
        chosen = direction
    else:
        named = direction_from_name(target, indicator, policy, category, parser)
        chosen = policy.direction_for(category) if named is None else named.direction
    rule, label = rule_for(target.op, target.implicit_op, chosen, policy)
    if named is not None:
        label = f"{IMPLICIT_HEAD}，{named.label}"
        flags = (NAME_FLAG,)
    return ComparisonPlan(rule, label, flags, notes, target.op in (Op.GT, Op.LT),
                          target.quantity.multiplier_factor)


def comparison_rule(case: Case, target: Comparison) -> ComparisonRule:
    """The rule that scores a comparison target under the case's settings."""
    return comparison_plan(target, case.policy, case.direction, case.category,
                           case.indicator, case.parser).rule


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _days_between(actual: DateActual, target: Quantity, case: Case) -> Converted | Finding:
    """Two dates against a duration: working days (工作日) or calendar days (天, 小时…)."""
    assert actual.start is not None
    year = case.policy.year or actual.end.year or actual.start.year
    dimension = target.unit.dimension
    if dimension not in ("workday", "clock"):
        return not_evaluable("lower", "kind_mismatch",
                             f"实际为起止日期，目标单位“{unit_label(target.unit)}”不是天数")
    if year is None and dimension == "workday":
        return not_evaluable("lower", "missing_year", "计算工作日需要评价年度或完整日期")
    resolved = year if year is not None else _NOMINAL_YEAR
    start = actual.start.first_day(resolved)
    end = actual.end.last_day(resolved)
    if dimension == "workday":
        try:
            days = count_working_days(start, end)
        except EvaluationError as exc:
            return not_evaluable("lower", "calendar_unavailable", str(exc))
        note = f"{_day(start)}至{_day(end)}，按法定节假日安排计 {days} 个工作日（起始日不计）"
        return Converted(Decimal(days), "unit_converted", note)
    days = (end - start).days
    day_scale = default_unit_table().definitions["天"].scale
    value = Fraction(days) * day_scale / target.unit.scale
    converted = Decimal(value.numerator) / Decimal(value.denominator)
    note = (f"{_day(start)}至{_day(end)}，计 {days} 天（起始日不计），"
            f"即 {written(converted, target)}")
    return Converted(converted, "unit_converted", note)


def _actual_value(case: Case, like: Quantity, polarity: str) -> Converted | Finding:
    """The actual's value in the unit of ``like`` (a target quantity), or why not."""
    actual = case.actual
    if isinstance(actual, NumberActual):
        if actual.copied_op is None:
            read = bare_reading(actual.quantity, like, case.policy, polarity)  # 43000 vs 4万元
            if read is not None:
                return read
        converted = to_target_unit(actual.quantity, like)
        if isinstance(converted, Mismatch):
            return not_evaluable(polarity, "unit_mismatch", converted.note)
        return converted
    phrase = nothing_phrase(actual, case.words)
    if phrase is not None:  # 0 where 0 meets the target, else not evaluable (_zero_read)
        return Converted(Decimal(0), "zero_word", f"“{phrase}”按 {written(Decimal(0), like)} 计")
    if isinstance(actual, DateActual) and actual.start is not None:
        return _days_between(actual, like, case)
    if isinstance(actual, RangeActual):
        return not_evaluable(polarity, "ambiguous_actual",
                             f"实际写作区间 {actual.text}，应填写一个实际完成值")
    kind = {"date": "日期", "phrase": "文字"}.get(actual.kind if actual else "", "其他")
    return not_evaluable(polarity, "kind_mismatch",
                         f"目标为数值 {like}，实际为{kind}“{case.actual_text}”")


def _same_unit(actual: Quantity, target: Quantity) -> bool:
    """Same unit, written with the same multiplier: the value needs no conversion."""
    a_unit, t_unit = actual.unit, target.unit
    return (a_unit is t_unit or (a_unit.numerator == t_unit.numerator
                                 and a_unit.denominators == t_unit.denominators)) \
        and actual.multiplier == target.multiplier


def _judged(case: Case, polarity: str) -> Finding:
    """A judgement word or grade written against a number: scored by tier."""
    actual = case.actual
    lead = "实际以文字评定，"
    if isinstance(actual, VerdictActual):
        return tier_finding(actual.tier, actual.word, case.weight, case.policy, polarity,
                            flags=("verdict_word",), lead=lead)
    assert isinstance(actual, GradeActual)
    return grade_finding(actual, case.weight, case.policy, polarity,
                         flags=("verdict_word",), lead=lead)


def _zero_read(finding: Finding, converted: Converted, case: Case) -> Finding:
    """A nothing-word read as 0 stands when 0 meets the target; otherwise the word is
    ambiguous (0, or nothing to assess this year): not evaluable, 须复核."""
    if converted.flag != "zero_word" or finding.status is Status.ACHIEVED:
        return finding
    phrase = nothing_phrase(case.actual, case.words)
    assert phrase is not None
    zero = f"按 0 计则{finding.status.label}"
    return nothing_finding(finding.polarity, phrase, case.target_text or str(case.target), zero)


def _with(finding: Finding, converted: Converted, extra_flags: tuple[str, ...] = (),
          extra_notes: tuple[str, ...] = ()) -> Finding:
    extra_flags += converted.extra_flags
    extra_notes += converted.extra_notes
    if not (converted.flag or extra_flags or extra_notes):
        return finding
    flags = finding.flags + extra_flags + ((converted.flag,) if converted.flag else ())
    return finding._replace(notes=finding.notes + extra_notes, actual_note=converted.note,
                            flags=flags)


def comparison_finding(case: Case, plan: ComparisonPlan | None = None) -> Finding:
    """Score an actual against ``≥T``, ``≤T``, ``=T`` or a bare ``T``."""
    target = case.target
    assert isinstance(target, Comparison)
    if plan is None:
        plan = comparison_plan(target, case.policy, case.direction, case.category,
                               case.indicator, case.parser)
    rule = plan.rule
    actual = case.actual
    quantity = target.quantity
    if type(actual) is NumberActual and actual.copied_op is None and _same_unit(
            actual.quantity, quantity):
        # The common case (92% against ≥95%): nothing to convert, assume or note.
        finding = rule.judge(actual.quantity.value, quantity.value, plan.strict, case.policy,
                             plan.factor, case.weight, plan.label)
        if plan.flags:
            finding = finding._replace(flags=finding.flags + plan.flags,
                                       notes=finding.notes + plan.notes)
        return finding
    if isinstance(actual, (VerdictActual, GradeActual)):
        return _judged(case, rule.polarity)
    converted = _actual_value(case, quantity, rule.polarity)
    if isinstance(converted, Finding):
        return converted
    flags, notes = plan.flags, plan.notes
    if isinstance(actual, NumberActual) and actual.copied_op in _BOUND_OPS:
        flags += ("copied_target",)
        notes = (f"实际值照抄了目标写法“{actual.text}”，按恰好达到界值 "
                 f"{written(converted.value, target.quantity)} 计", *notes)
    finding = rule.judge(converted.value, target.quantity.value, plan.strict, case.policy,
                         plan.factor, case.weight, plan.label)
    return _zero_read(_with(finding, converted, flags, notes), converted, case)


def range_finding(case: Case) -> Finding:
    """Within ``[low, high]`` → full; below → A÷low×w; above → the 反向 rule at high."""
    target = case.target
    assert isinstance(target, Range)
    if isinstance(case.actual, (VerdictActual, GradeActual)):
        return _judged(case, "range")
    converted = _actual_value(case, target.high, "range")
    if isinstance(converted, Finding):
        return converted
    a, low, high = converted.value, target.low.value, target.high.value
    factor = target.high.multiplier_factor
    policy = case.policy
    if low <= a <= high:
        on_open_bound = (a == low and not target.low_inclusive) or \
            (a == high and not target.high_inclusive)
        flags: tuple[str, ...] = ("strict_bound",) if on_open_bound else ()
        inside = f"区间指标，实际在 {show(low, factor)}–{written(high, target.high)} 之内，得满分 "
        finding = Finding(Status.ACHIEVED, "range", ONE, ONE, inside, flags=flags)
        return _with(finding, converted)
    if a < low:
        inner = rule_for(Op.GE, False, Direction.HIGHER, policy)[0].judge(
            a, low, False, policy, factor, case.weight, "区间指标低于下限，")
    else:
        inner = lower_rule(policy).judge(a, high, False, policy, factor, case.weight,
                                         "区间指标高于上限，")
    finding = Finding(inner.status, "range", inner.fraction, inner.ratio, inner.working,
                      inner.notes, flags=inner.flags)
    return _zero_read(_with(finding, converted), converted, case)

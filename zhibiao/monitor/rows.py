"""One indicator at the monitoring date: its value to date, projection, 偏差 and
完成目标可能性, with the Chinese explanation of the arithmetic.

- Comparisons and ranges with a number to date: an accumulating quantity (the unit
  table's ``@accumulates``: money, counts, areas …) is projected pro rata
  (:mod:`zhibiao.monitor.projection`); a ratio, a duration per item (``≤30个工作日``), a
  rate (``元/人/年``) or a number without unit is not: its value to date stands.
- Deadlines: met → done (确定能); due date passed unmet → missed (完全不可能); not yet
  due → open (有可能).
- Qualitative targets, and any actual written as words: as reported, scored by the
  indicator's own :class:`~zhibiao.engine.Scorer`.

An actual that cannot be read, a unit that does not fit the target, or no actual at
all gives a :class:`~zhibiao.ruleset.problems.Problem` and a row without likelihood —
never a projection made up.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhibiao.engine.conversion import Mismatch, to_target_unit, written
from zhibiao.engine.outcome import Outcome, Status
from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar import (
    Actual,
    BlankActual,
    Comparison,
    DateActual,
    Deadline,
    NotApplicable,
    NotApplicableActual,
    NumberActual,
    Quantity,
    Range,
)
from zhibiao.monitor.likelihood import LIKELIHOOD_WHY, decide
from zhibiao.monitor.model import Amount, Deviation, Likelihood, MonitorRow
from zhibiao.monitor.projection import BASES, Progress, project
from zhibiao.ruleset.actuals import ActualRow
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Indicator

__all__ = ("monitor_indicator",)

#: not_evaluable reasons that mean the actual does not fit the target: a problem.
_UNUSABLE = frozenset({"unparsable_actual", "unit_mismatch", "kind_mismatch",
                       "compound_mismatch", "ambiguous_actual", "zero_target"})
_UPPER_BOUNDED = frozenset({"lower", "exact", "range"})


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Row:
    """The pieces of one row as they are worked out."""

    def __init__(self, indicator: Indicator, found: ActualRow | None, where: Progress,
                 ruleset_path: str) -> None:
        self.indicator = indicator
        self.found = found
        self.where = where
        self.path = ruleset_path
        self.problems: list[Problem] = []

    def row(self, explanation: str, likelihood: Likelihood | None = None,
            projected: Amount | None = None, deviation: Deviation | None = None,
            shown: tuple[str, str] | None = None) -> MonitorRow:
        spec = self.indicator.spec
        found = self.found
        return MonitorRow(
            id=spec.id, level1=spec.level1, level2=spec.level2, indicator=spec.name,
            target=spec.value, to_date=None if found is None else found.actual,
            projected=projected, deviation=deviation, likelihood=likelihood,
            explanation=explanation, reason=None if found is None else found.reason,
            projected_text=None if shown is None else shown[0],
            deviation_text=None if shown is None else shown[1])

    def problem(self, code: str, message: str) -> None:
        found = self.found
        if found is None:
            self.problems.append(Problem(severity="error", code=code, message=message,
                                         file=self.path, line=self.indicator.line))
        else:
            self.problems.append(Problem(severity="error", code=code, message=message,
                                         file=found.source, line=found.row, cell=found.cell))

    def unusable(self, code: str, why: str) -> MonitorRow:
        spec = self.indicator.spec
        self.problem(code, f"指标 {spec.id}（{spec.name}）：{why}")
        return self.row(f"{why}，无法判断完成目标可能性，需补充或改正后重新监控")

    def verdict(self, likelihood: Likelihood, why: str) -> str:
        return f"{LIKELIHOOD_WHY[why]}：{likelihood.value}"


def monitor_indicator(indicator: Indicator, found: ActualRow | None, where: Progress,
                      ruleset_path: str) -> tuple[MonitorRow, list[Problem]]:
    """The monitoring row of ``indicator`` for the actuals row ``found`` (None when the
    actuals have none), and the problems it raised."""
    work = _Row(indicator, found, where, ruleset_path)
    row = _monitor(work)
    return row, work.problems


def _monitor(work: _Row) -> MonitorRow:
    scorer = work.indicator.scorer
    target = scorer.model
    if isinstance(target, NotApplicable):
        return work.row("本指标不适用，不监控")
    text = None if work.found is None else work.found.actual
    if text is None or not text.strip():
        when = f"截至 {_day(work.where.as_of)} 的执行情况（1–{work.where.as_of.month}月执行情况）"
        return work.unusable("missing_actual", f"实际值文件中没有{when}，请补充一行"
                             if work.found is None else f"{when}为空，请填写")
    try:
        actual = scorer.parser.actuals.read(text)
    except IndicatorSyntaxError as exc:
        return work.unusable("unparsable_actual", f"执行情况 “{text.strip()}” 无法读取"
                                                  f"（{exc.message}）")
    if isinstance(actual, BlankActual):
        return work.unusable("missing_actual", f"执行情况为空（“{text.strip()}”），请填写"
                                               f"截至 {_day(work.where.as_of)} 的完成值")
    if isinstance(actual, NotApplicableActual):
        return work.row(f"执行情况填报为不适用（“{actual.text}”），不监控")
    if isinstance(target, (Comparison, Range)) and isinstance(actual, NumberActual):
        return _quantity(work, target, actual)
    if isinstance(target, Deadline):
        return _deadline(work, target, actual)
    return _as_reported(work, actual)


def _score(work: _Row, actual: Actual | NumberActual) -> Outcome:
    return work.indicator.scorer.score(actual, Decimal(1))


def _kind_of(dimension: str) -> str:
    """Why a value of ``dimension`` is not projected, in Chinese."""
    if dimension in ("ratio", "ratio_point"):
        return "比率"
    if "/" in dimension:
        return "每X的比率（费率）"
    if dimension in ("clock", "calendar", "workday"):
        return "时长（每项用时）"
    if not dimension:
        return "未写单位的数值（无法判断是否累计）"
    return "非累计量"


def _quantity(work: _Row, target: Comparison | Range, actual: NumberActual) -> MonitorRow:
    bound = target.quantity if isinstance(target, Comparison) else target.high
    converted = to_target_unit(actual.quantity, bound)
    if isinstance(converted, Mismatch):
        return work.unusable("unit_mismatch", f"执行情况 “{actual.text}” 与目标 {target} "
                                              f"的单位不一致（{converted.note}）")
    outcome_now = _score(work, actual)
    if outcome_now.status is Status.NOT_EVALUABLE:
        return work.unusable(outcome_now.reason or "not_evaluable",
                             f"执行情况 “{actual.text}” 不能与目标 {target} 比较"
                             f"（{outcome_now.explanation}）")
    where = work.where
    value = converted.value
    unit = bound.unit if not bound.unit.is_dimensionless else actual.quantity.unit
    units = work.indicator.scorer.parser.units
    accumulates = units.accumulates(unit.dimension) or (
        unit.is_dimensionless and bound.multiplier != "")  # 10万: an amount, not a ratio
    parts = [f"截至{_day(where.as_of)}完成 {actual.text}"]
    if converted.note:
        parts[0] += f"（{converted.note}）"
    if where.year_over:
        projected = value
        parts.append(f"全年已结束，全年完成值即 {written(value, bound)}")
    elif accumulates:
        projected = project(value, bound, where, work.indicator.policy)
        parts.append(f"全年累计的量按{BASES[where.basis]}外推（{where.description}），"
                     f"全年预计 {written(value, bound)}{where.factor_text} = "
                     f"{written(projected, bound)}")
    else:
        projected = value
        parts.append(f"{_kind_of(unit.dimension)}不外推，全年预计按截至值 "
                     f"{written(value, bound)}")
    like = Quantity(value=projected, unit=unit, multiplier=bound.multiplier,
                    multiplier_factor=bound.multiplier_factor)
    outcome_end = _score(work, NumberActual(text=written(projected, bound), quantity=like))
    met_end = outcome_end.status is Status.ACHIEVED
    met_now = outcome_now.status is Status.ACHIEVED
    upper = outcome_now.polarity in _UPPER_BOUNDED
    exceeded = accumulates and upper and not met_now and value >= bound.value
    likelihood, why = decide(met_now=met_now, reachable=not exceeded,
                             settled=not (accumulates and upper), year_over=where.year_over)
    reference = bound.value  # a range: the bound the projection falls outside of
    if isinstance(target, Range):
        reference = target.low.value if projected < target.low.value else \
            min(projected, target.high.value)
    gap = projected - reference
    deviation = Deviation(value=gap, unit=unit.name, flag=not met_end)
    signed = ("+" if gap > 0 else "") + written(gap, bound)
    parts.append(f"目标 {target}，全年预计{'达到' if met_end else '达不到'}目标"
                 f"（偏差 {signed}{'，偏差预警' if not met_end else ''}）")
    parts.append(work.verdict(likelihood, why))
    return work.row("；".join(parts), likelihood, Amount(value=projected, unit=unit.name),
                    deviation, (written(projected, bound), signed))


def _deadline(work: _Row, target: Deadline, actual: Actual) -> MonitorRow:
    where = work.where
    due = target.due_date(where.year)
    outcome = _score(work, actual)
    head = f"时限目标 {target}（截止 {_day(due)}），截至{_day(where.as_of)}执行情况 “{actual.text}”"
    if outcome.status is Status.ACHIEVED:
        likelihood, why = Likelihood.CERTAIN, "已按期完成"
    elif isinstance(actual, DateActual) and outcome.status is Status.NOT_ACHIEVED:
        likelihood, why = Likelihood.IMPOSSIBLE, "已完成但晚于截止日，逾期"
    elif where.as_of > due:
        likelihood, why = Likelihood.IMPOSSIBLE, "截止日已过仍未完成，逾期"
    else:
        likelihood, why = Likelihood.POSSIBLE, "尚未完成，截止日未到，仍可按期完成"
    return work.row(f"{head}：{why}：{likelihood.value}", likelihood)


def _as_reported(work: _Row, actual: Actual) -> MonitorRow:
    outcome = _score(work, actual)
    if outcome.status is Status.NOT_EVALUABLE and outcome.reason in _UNUSABLE:
        return work.unusable(outcome.reason or "not_evaluable",
                             f"执行情况 “{actual.text}” 不能与目标 {work.indicator.scorer.text} "
                             f"比较（{outcome.explanation}）")
    met_now = outcome.status is Status.ACHIEVED
    likelihood, why = decide(met_now=met_now, reachable=True, settled=True,
                             year_over=work.where.year_over)
    status = outcome.status.label if outcome.status is not Status.NOT_EVALUABLE else \
        "需评价人判断"
    return work.row(f"按填报情况判断，不外推：目标 {work.indicator.scorer.text}，"
                    f"截至{_day(work.where.as_of)}执行情况 “{actual.text}”，{status}；"
                    f"{work.verdict(likelihood, why)}", likelihood)

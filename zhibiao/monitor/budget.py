"""The 资金 block of the 执行监控表: 全年预算数, 1–X月执行数, 执行率 and 全年预计执行数.

The actuals' budget row (``预算执行率``) gives the amount spent to date (``30万元``) or
the rate (``45%``, then 执行数 = rate × 全年预算数); 全年预算数 comes from its ``budget``
column, else the ruleset (``[budget] total`` or ``project.funds.annual_total``).
执行率 = 执行数 ÷ 全年预算数 (at the policy's budget-rate precision); 全年预计执行数 is
the amount to date projected like any accumulating amount
(:mod:`zhibiao.monitor.projection`). A missing or unreadable row is a problem.
"""

from __future__ import annotations

from zhibiao.decimal_context import ACTIVE_CONTEXT
from zhibiao.engine.conversion import Mismatch, to_target_unit, written
from zhibiao.engine.explain import pct
from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar import Quantity
from zhibiao.monitor.model import Amount, MonitorBudget
from zhibiao.monitor.projection import BASES, Progress, project
from zhibiao.ruleset.actuals import ActualRow
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset

__all__ = ("monitor_budget",)


def _problem(row: ActualRow | None, ruleset: Ruleset, code: str, message: str) -> Problem:
    if row is None:
        return Problem(severity="error", code=code, message=message, file=ruleset.path)
    return Problem(severity="error", code=code, message=message, file=row.source,
                   line=row.row, cell=row.cell)


def _amount(text: str, role: str, ruleset: Ruleset) -> Quantity:
    quantity = ruleset.parser.parse_amount(text, role)
    unit = quantity.unit
    if not unit.is_dimensionless and unit.dimension != "money":
        raise IndicatorSyntaxError(text, 0, f"{role}应为金额，而不是 “{unit.name}”")
    return quantity


def monitor_budget(ruleset: Ruleset, row: ActualRow | None,
                   where: Progress) -> tuple[MonitorBudget, list[Problem]]:
    """The 资金 block for the budget row ``row`` (None when the actuals have none)."""
    spec = ruleset.spec
    months = where.as_of.month
    label = f"1–{months}月执行数"
    total_text = (row.budget if row is not None else None) or spec.budget.total or (
        spec.project.funds.annual_total if spec.project.funds else None)

    def empty(code: str, why: str) -> tuple[MonitorBudget, list[Problem]]:
        block = MonitorBudget(months=months, total=None, to_date=None, rate=None,
                              projected=None, explanation=f"{why}，资金执行情况无法计算")
        return block, [_problem(row, ruleset, code, why)]

    if row is None or row.actual is None or not row.actual.strip():
        return empty("missing_budget", f"实际值文件中没有项目 “{ruleset.key}” 的预算执行行"
                                       f"（指标写 预算执行率，实际值写{label}），请补充")
    if total_text is None:
        return empty("missing_budget_total",
                     "缺少全年预算数（规则集 [budget] total 或 project.funds.annual_total，"
                     "或实际值文件的 budget 列）")
    spent_text = row.actual.strip()
    try:
        total = _amount(total_text, "全年预算数", ruleset)
        if spent_text.endswith("%"):
            given = ruleset.parser.parse_amount(spent_text, "执行率").value
            spent_value = ACTIVE_CONTEXT.multiply(total.value, ACTIVE_CONTEXT.divide(given, 100))
            spent = Quantity(value=spent_value, unit=total.unit)
        else:
            spent = _amount(spent_text, label, ruleset)
    except IndicatorSyntaxError as exc:
        return empty("bad_budget", f"{label}或全年预算数无法读取：{exc.message}")
    converted = to_target_unit(spent, total)
    if isinstance(converted, Mismatch):
        return empty("unit_mismatch", f"{label}与全年预算数的单位不能换算（{converted.note}）")
    value = converted.value
    if total.value <= 0 or value < 0:
        return empty("bad_budget", f"全年预算数须大于 0、执行数不能为负"
                                   f"（全年预算数 {total_text}，{label} {spent_text}）")
    rate = ruleset.spec.policy.round_budget_rate(ACTIVE_CONTEXT.divide(value, total.value))
    parts = [f"全年预算数 {written(total.value, total)}，{label} {written(value, total)}"
             + (f"（执行率 {spent_text} × 全年预算数）" if spent_text.endswith("%") else ""),
             f"执行率 {written(value, total)}÷{written(total.value, total)} = {pct(rate)}"]
    if where.year_over:
        projected = value
        parts.append("全年已结束，全年执行数即截至执行数")
    else:
        projected = project(value, total, where, ruleset.spec.policy)
        parts.append(f"按{BASES[where.basis]}外推（{where.description}），全年预计执行数 "
                     f"{written(value, total)}{where.factor_text} = {written(projected, total)}")
    share = ruleset.spec.policy.round_budget_rate(ACTIVE_CONTEXT.divide(projected, total.value))
    parts.append(f"预计全年执行率 {pct(share)}" + ("，将超过全年预算数" if share > 1 else ""))
    unit = total.unit.name
    return MonitorBudget(months=months, total=Amount(value=total.value, unit=unit),
                         to_date=Amount(value=value, unit=unit), rate=rate,
                         projected=Amount(value=projected, unit=unit),
                         explanation="；".join(parts)), []



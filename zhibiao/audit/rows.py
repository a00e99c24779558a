"""Re-scoring one published row (and the 项目资金 block) and comparing with its 得分.

A row is scored as ``zhibiao score`` scores an indicator: the 指标值 compiled under the
policy with the row's 指标性质 (direction), its 二级指标 (category), the unit of its
header and its 三级指标 name (so that, with ``direction_from_name`` on, a value without
an operator takes the direction the name gives — the explanation says so), then the
实际完成值 scored for the published 分值.
"""

from __future__ import annotations

from decimal import Decimal

from zhibiao.audit.model import AuditRow, Verdict
from zhibiao.decimal_context import own_context
from zhibiao.engine import Outcome, Policy, Status, evaluate, evaluate_budget
from zhibiao.engine.rate_bounds import with_rate_review
from zhibiao.engine.scorer import Scorer
from zhibiao.errors import ZhibiaoError
from zhibiao.importer.build import decimal_of
from zhibiao.importer.model import BudgetBlock, IndicatorRow

__all__ = ("BUDGET_NAME", "TOLERANCE", "audit_budget", "audit_row", "verdict_of")

#: Published and recomputed scores this close are the same (rounding of the table).
TOLERANCE = Decimal("0.01")
#: The 一级 and 三级 name of the budget row.
BUDGET_NAME = "预算执行率"


def verdict_of(published: str | None, score: Decimal | None,
               score_range: tuple[Decimal, Decimal] | None = None) -> Verdict:
    """The verdict of a published text against a recomputed score (None: not scored)."""
    if score is None:
        return "not_evaluable"
    number = decimal_of(published)
    if number is None:
        return "not_published"
    if abs(number - score) <= TOLERANCE:
        return "match"
    if score_range is not None and score_range[0] <= number <= score_range[1]:
        return "match"
    return "differs"


def _compared(outcome: Outcome, published: str | None) -> tuple[Verdict, str]:
    """The verdict of an outcome and the explanation that goes with it."""
    explanation = outcome.explanation
    if outcome.status is Status.NOT_EVALUABLE:
        return "not_evaluable", explanation
    verdict = verdict_of(published, outcome.score, outcome.score_range)
    number = decimal_of(published)
    if verdict == "not_published" and published:
        explanation += f"；表中得分“{published}”不是数字"
    elif verdict == "match" and outcome.score_range is not None and number is not None \
            and abs(number - outcome.score) > TOLERANCE:
        low, high = outcome.score_range
        explanation += f"；表中得分 {published} 在定性档允许的 {low}–{high} 分之内"
    elif verdict == "differs":
        explanation += f"；表中得分 {published}，重新计算为 {outcome.score}"
    return verdict, explanation


def _cell(row: IndicatorRow) -> str:
    """The row's 三级指标 cell, or its first cell when that one is empty."""
    return row.cell or next(iter(row.cells.values()), "")


def _unscored(row: IndicatorRow, why: str) -> AuditRow:
    return AuditRow(cell=_cell(row), level1=row.level1,
                    level2=row.level2, indicator=row.indicator, target=row.target or None,
                    actual=row.actual, points=row.points,
                    published_score=row.published_score, score=None,
                    verdict="not_evaluable", explanation=why)


@own_context
def score_row(row: IndicatorRow, policy: Policy) -> Outcome | str:
    """The row's outcome, or why it cannot be scored (Chinese). An empty 指标值 is
    scored as the engine scores it (不适用, as ``zhibiao score`` does)."""
    points = decimal_of(row.points)
    if points is None:
        return (f"分值“{row.points}”不是数字，无法计分" if row.points
                else "没有分值，无法计分")
    try:
        scorer = Scorer.compile(row.target, policy=policy, direction=row.direction,
                                category=row.level2 or None, unit=row.unit,
                                indicator=row.indicator or None)
        outcome = scorer.score(row.actual, points)
    except ZhibiaoError as exc:
        message = getattr(exc, "message", None) or str(exc)
        return f"指标值“{row.target}”无法评分：{message}"
    return with_rate_review(outcome, row.indicator or None, policy)


def audit_row(row: IndicatorRow, outcome: Outcome | str) -> AuditRow:
    """The row's audit from its outcome (:func:`score_row`)."""
    if isinstance(outcome, str):
        return _unscored(row, outcome)
    verdict, explanation = _compared(outcome, row.published_score)
    return AuditRow(cell=_cell(row), level1=row.level1,
                    level2=row.level2, indicator=row.indicator, target=row.target,
                    actual=row.actual, points=row.points,
                    published_score=row.published_score, score=outcome.score,
                    score_range=outcome.score_range, verdict=verdict,
                    explanation=explanation)


@own_context
def score_budget(budget: BudgetBlock, policy: Policy) -> Outcome | str:
    """The 预算执行率 outcome of the 项目资金 block, or why it cannot be scored."""
    points = decimal_of(budget.points)
    if points is None:
        return (f"项目资金的分值“{budget.points}”不是数字，无法计分" if budget.points
                else "项目资金没有分值，无法计分")
    if not budget.total or not budget.spent:  # as zhibiao score: not evaluable, 0 points
        return evaluate(budget.total or "100%", None, weight=points, policy=policy,
                        category=BUDGET_NAME)
    try:
        return evaluate_budget(budget.total, budget.spent, weight=points, policy=policy)
    except ZhibiaoError as exc:
        message = getattr(exc, "message", None) or str(exc)
        return f"全年预算数“{budget.total}”或全年执行数“{budget.spent}”无法读取：{message}"


def audit_budget(budget: BudgetBlock, outcome: Outcome | str) -> AuditRow:
    """The budget row's audit from its outcome (:func:`score_budget`)."""
    cells = budget.cells
    cell = cells.get("score") or cells.get("label") or next(iter(cells.values()), "")
    fields = {"cell": cell, "level1": BUDGET_NAME, "level2": "", "indicator": BUDGET_NAME,
              "target": budget.total, "actual": budget.spent, "points": budget.points,
              "published_score": budget.published_score}
    if isinstance(outcome, str):
        return AuditRow(**fields, score=None, verdict="not_evaluable", explanation=outcome)
    verdict, explanation = _compared(outcome, budget.published_score)
    return AuditRow(**fields, score=outcome.score, score_range=outcome.score_range,
                    verdict=verdict, explanation=explanation)

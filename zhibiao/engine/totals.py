"""Totals of a self-evaluation: 一级/二级 subtotals, the total out of 100 and the grade.

Not-applicable indicators (不适用) are left out: total = Σ score(applicable) ÷
Σ weight(applicable) × 100 (DOMAIN §3). Without any, the total is the plain sum of the
scores. Indicators that could not be evaluated count with 0 points and are named in the
explanation, so a table is never silently short. The grade follows the policy's
thresholds (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差 by default).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from zhibiao.decimal_context import own_context
from zhibiao.engine.explain import num
from zhibiao.engine.outcome import Outcome, Status
from zhibiao.engine.policy import DEFAULT_POLICY, Policy

__all__ = ("BUDGET_BLOCK", "BlockTotal", "Totals", "summarize")

#: Name of the budget-execution block in :attr:`Totals.blocks`.
BUDGET_BLOCK = "预算执行率"
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


class BlockTotal(BaseModel):
    """One 一级 (``level`` 1) or 二级 (``level`` 2, with its ``parent``) subtotal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    level: int
    parent: str | None = None
    weight: Decimal
    score: Decimal
    applicable_weight: Decimal
    count: int


class Totals(BaseModel):
    """The totals of one table; every number a Decimal rounded by the policy."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    blocks: tuple[BlockTotal, ...]
    total_weight: Decimal
    applicable_weight: Decimal
    raw_score: Decimal
    total: Decimal
    grade: str
    not_applicable: int
    not_evaluable: int
    explanation: str

    def block(self, name: str, parent: str | None = None) -> BlockTotal:
        """The block with this name (and parent, for a 二级 name used twice)."""
        for block in self.blocks:
            if block.name == name and (parent is None or block.parent == parent):
                return block
        raise KeyError(name)


class _Sums:
    __slots__ = ("applicable", "count", "score", "weight")

    def __init__(self) -> None:
        self.weight = _ZERO
        self.score = _ZERO
        self.applicable = _ZERO
        self.count = 0

    def add(self, outcome: Outcome) -> None:
        self.weight += outcome.weight
        self.score += outcome.score
        self.count += 1
        if outcome.status is not Status.NOT_APPLICABLE:
            self.applicable += outcome.weight


@own_context
def summarize(
    rows: Iterable[tuple[str, str, Outcome]],
    *,
    budget: Outcome | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> Totals:
    """Subtotals, total and grade of ``(一级, 二级, outcome)`` rows (plus the budget block).

    >>> from zhibiao.engine.evaluate import evaluate
    >>> rows = [("产出指标", "数量指标", evaluate("≥95%", "92%", weight=50)),
    ...         ("满意度指标", "服务对象满意度指标", evaluate("本指标不适用", None, weight=50))]
    >>> summarize(rows).total
    Decimal('96.84')
    """
    level1: dict[str, _Sums] = {}
    level2: dict[tuple[str, str], _Sums] = {}
    overall = _Sums()
    not_applicable = not_evaluable = 0
    items = list(rows)
    if budget is not None:
        items.insert(0, (BUDGET_BLOCK, "", budget))
    for first, second, outcome in items:
        level1.setdefault(first, _Sums()).add(outcome)
        if second:
            level2.setdefault((first, second), _Sums()).add(outcome)
        overall.add(outcome)
        not_applicable += outcome.status is Status.NOT_APPLICABLE
        not_evaluable += outcome.status is Status.NOT_EVALUABLE
    blocks: list[dict[str, object]] = []  # BlockTotal fields, validated with the Totals
    for name, sums in level1.items():
        blocks.append({"name": name, "level": 1, "weight": sums.weight, "score": sums.score,
                       "applicable_weight": sums.applicable, "count": sums.count})
        for (parent, child), child_sums in level2.items():
            if parent == name:
                blocks.append({"name": child, "level": 2, "parent": parent,
                               "weight": child_sums.weight, "score": child_sums.score,
                               "applicable_weight": child_sums.applicable,
                               "count": child_sums.count})
    raw = overall.score
    parts = [f"各项得分合计 {num(raw)}（分值合计 {num(overall.weight)}）"]
    if not_applicable:
        excluded = overall.weight - overall.applicable
        if overall.applicable > 0:
            total = policy.round(raw / overall.applicable * _HUNDRED)
            parts.append(f"其中 {not_applicable} 项不适用（分值 {num(excluded)}）从满分中剔除，"
                         f"总分 = {num(raw)}÷{num(overall.applicable)}×100 = {total}")
        else:
            total = policy.round(_ZERO)
            parts.append(f"全部 {not_applicable} 项均不适用，无可评分的指标，总分记为 {total}")
    else:
        total = policy.round(raw)
        parts.append(f"总分 {total}")
        if overall.weight != _HUNDRED:
            parts.append("注意：分值合计不是 100")
    if not_evaluable:
        parts.append(f"{not_evaluable} 项无法评价，按 0 分计入，需补充后重新评价")
    grade = policy.grade(total)
    thresholds = "，".join(f"{name}≥{num(value)}" for name, value in policy.grades)
    parts.append(f"等级 {grade}（{thresholds}，否则为差）")
    return Totals.model_validate({
        "blocks": blocks, "total_weight": overall.weight,
        "applicable_weight": overall.applicable, "raw_score": raw, "total": total,
        "grade": grade, "not_applicable": not_applicable, "not_evaluable": not_evaluable,
        "explanation": "；".join(parts)})

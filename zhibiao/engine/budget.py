"""The budget-execution block (预算执行率): 执行率 = 全年执行数 ÷ 全年预算数, score =
min(执行率, 1) × its points (财预〔2020〕10号; DOMAIN §2).

A budget of 0 gives no rate. When nothing was spent either, published tables print
执行率 0 and 得分 0 (池州市贵池区棠溪镇 2022: the 年度资金总额 line is 0/0/0 and scores
0), so the engine does the same and says why; a zero budget with spending is
``not_evaluable``.
"""

from __future__ import annotations

from decimal import Decimal

from zhibiao.decimal_context import MAX_ADJUSTED, own_context, within_range
from zhibiao.engine.conversion import Mismatch, to_target_unit
from zhibiao.engine.explain import num, pct
from zhibiao.engine.outcome import REASONS, Outcome, Status
from zhibiao.engine.policy import DEFAULT_POLICY, Policy
from zhibiao.engine.steps import coerce_weight
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar import (
    Comparison,
    IndicatorParser,
    NumberActual,
    Op,
    Quantity,
    default_parser,
)

__all__ = ("evaluate_budget",)

_ONE = Decimal(1)
_ZERO = Decimal(0)


def _amount(value: object, role: str, parser: IndicatorParser) -> tuple[Quantity, str]:
    """An amount and its text, from a Decimal, an int or text such as ``20万元``."""
    if isinstance(value, (bool, float)):
        raise EvaluationError(f"{role}不接受 {type(value).__name__}，请用 Decimal、int 或字符串")
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
        if not amount.is_finite():
            raise EvaluationError(f"{role}必须是有限数字")
        if not within_range(amount):
            raise EvaluationError(f"{role}的数量级 10^{amount.adjusted()} 超出可计算范围（绝对值"
                                  f"应在 10^-{MAX_ADJUSTED} 到 10^{MAX_ADJUSTED} 之间，或为 0）")
        return Quantity(value=amount), num(amount)
    if isinstance(value, str):
        return parser.parse_amount(value, role), value.strip()
    raise EvaluationError(f"{role}应为数字，而不是 {type(value).__name__}")


@own_context
def evaluate_budget(
    budget: Decimal | int | str,
    spent: Decimal | int | str,
    *,
    weight: Decimal | int | str = Decimal(10),
    policy: Policy = DEFAULT_POLICY,
    parser: IndicatorParser | None = None,
) -> Outcome:
    """Score the 预算执行率 block: ``budget`` 全年预算数, ``spent`` 全年执行数 (amounts
    written as text are read with ``parser``, the package's own tables by default).

    >>> evaluate_budget(Decimal("278.4449"), Decimal("30.00"), weight=20).score
    Decimal('2.16')
    """
    w = coerce_weight(weight)
    reader = parser or default_parser()
    budget_q, budget_text = _amount(budget, "全年预算数", reader)
    target = Comparison(op=Op.EQ, quantity=budget_q, implicit_op=True)
    try:
        spent_q, spent_text = _amount(spent, "全年执行数", reader)
    except IndicatorSyntaxError as exc:
        return _outcome(target, None, w, policy, Status.NOT_EVALUABLE, None,
                        f"全年预算数 {budget_text}，全年执行数 {spent}",
                        f"{REASONS['unparsable_actual']}（{exc.message}）",
                        reason="unparsable_actual")
    actual = NumberActual(text=spent_text, quantity=spent_q)
    head = f"全年预算数 {budget_text}，全年执行数 {spent_text}"
    for quantity in (budget_q, spent_q):
        unit = quantity.unit
        if not unit.is_dimensionless and unit.dimension != "money":
            return _outcome(target, actual, w, policy, Status.NOT_EVALUABLE, None, head,
                            f"{REASONS['unit_mismatch']}（预算数与执行数应为金额，"
                            f"而不是“{unit.name}”）", reason="unit_mismatch")
    converted = to_target_unit(spent_q, budget_q)
    if isinstance(converted, Mismatch):
        return _outcome(target, actual, w, policy, Status.NOT_EVALUABLE, None, head,
                        f"{REASONS['unit_mismatch']}（{converted.note}）", reason="unit_mismatch")
    b, s = budget_q.value, converted.value
    if b < 0 or s < 0:
        return _outcome(target, actual, w, policy, Status.NOT_EVALUABLE, None, head,
                        REASONS["negative_amount"], reason="negative_amount")
    if b == 0:
        if s == 0:
            return _outcome(target, actual, w, policy, Status.NOT_ACHIEVED, _ZERO, head,
                            "预算数与执行数均为 0，执行率无法计算，按已公布自评表的做法记执行率 0%",
                            score_text="得 ")
        return _outcome(target, actual, w, policy, Status.NOT_EVALUABLE, None, head,
                        REASONS["zero_budget"], reason="zero_budget")
    rate = s / b
    used = policy.round_budget_rate(rate)
    quantum = policy.budget_quantum()
    factor = budget_q.multiplier_factor
    shown = f"{num(s / factor)}÷{num(b / factor)}"
    rate_text = f"执行率 {shown} = {pct(rate)}"
    if quantum is not None and used != rate:
        rate_text += f"（按 {num(quantum * 100)}% 取舍为 {pct(used)}）"
    status = Status.ACHIEVED if rate >= _ONE else Status.NOT_ACHIEVED
    flags: tuple[str, ...] = ("overspent",) if rate > _ONE else ()
    if used >= _ONE:
        working = f"{rate_text}，不低于 100%，得满分 "
        score = min(policy.round(w), w)
    else:
        formula = f"{shown}×{num(w)}" if used == rate else f"{pct(used)}×{num(w)}"
        working = f"{rate_text}，得分 执行率×分值 {formula} = "
        score = policy.round(used * w)
    return _outcome(target, actual, w, policy, status, rate, head, working, score=score,
                    flags=flags, bare=True)


def _outcome(target: Comparison, actual: NumberActual | None, weight: Decimal, policy: Policy,
             status: Status, ratio: Decimal | None, head: str, working: str, *,
             reason: str | None = None, score: Decimal | None = None,
             flags: tuple[str, ...] = (), score_text: str = "", bare: bool = False) -> Outcome:
    value = policy.round(_ZERO) if score is None else score
    if bare:
        tail = f"{working}{value}"
    elif status is Status.NOT_EVALUABLE:
        tail = f"{working}；得分记为 {value}；需补充或核实后重新评价"
    else:
        tail = f"{working}，{score_text}{value}"
    explanation = f"【预算执行率】{head}，{status.label}；{tail}"
    if "overspent" in flags:
        explanation += "；执行数超过预算数，得分以分值为上限"
    return Outcome.model_construct(
        status=status, ratio=ratio, score=value,
        score_range=None, weight=weight, polarity="higher", reason=reason,
        explanation=explanation, flags=flags, category="预算执行率", target=target,
        actual=actual)

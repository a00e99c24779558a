"""The step-by-step path of scoring: the weight read, the target's kind looked up in a
table (:data:`SCORERS`), the rule's finding.

Missing, blank and not-applicable actuals are settled before the table, the same way
for every kind. Nothing here raises for a data problem: an unparsable actual, a unit
mismatch or a phrase that needs a judgement gives a ``not_evaluable`` finding with a
reason. :class:`~zhibiao.engine.scorer.Scorer` runs these steps (and its fused kernel
for the common rows); :func:`~zhibiao.engine.evaluate.evaluate_reference` runs them
alone, as the reference the kernel is tested against.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from zhibiao.decimal_context import MAX_ADJUSTED, within_range
from zhibiao.engine.compound import compound_finding
from zhibiao.engine.deadlines import deadline_finding
from zhibiao.engine.finding import Case, Finding, not_evaluable
from zhibiao.engine.outcome import Status
from zhibiao.engine.qualitative import qualitative_finding
from zhibiao.engine.quantitative import comparison_finding, comparison_rule, range_finding
from zhibiao.errors import EvaluationError
from zhibiao.grammar import BlankActual, Comparison, NotApplicable, NotApplicableActual, Qualitative

__all__ = ("MAX_WEIGHT", "SCORERS", "coerce_weight", "find", "plain_weight", "polarity_of")

#: Weights are below this (分值 of one indicator; 10^12 is beyond any table).
MAX_WEIGHT = Decimal(10) ** 12


def _compound(case: Case) -> Finding:
    return compound_finding(case, find)


#: Target kind → the scorer for it.
SCORERS: dict[str, Callable[[Case], Finding]] = {
    "comparison": comparison_finding,
    "range": range_finding,
    "deadline": deadline_finding,
    "qualitative": qualitative_finding,
    "compound": _compound,
}


def polarity_of(case: Case) -> str:
    """The polarity key of the case's target, whatever the actual."""
    target = case.target
    if isinstance(target, Comparison):
        return comparison_rule(case, target).polarity
    if isinstance(target, Qualitative):
        return "as_incurred" if target.is_as_incurred else "qualitative"
    return target.kind


def find(case: Case, scorer: Callable[[Case], Finding] | None = None) -> Finding:
    """What the rules find for one case (before rounding and explanation).

    ``scorer`` is the target's scorer when the caller has it prepared already.
    """
    target = case.target
    if type(target) is NotApplicable:
        return Finding(Status.NOT_APPLICABLE, "not_applicable",
                       working="本指标不适用，不计分：得分记为 ",
                       notes=("汇总时其分值从满分中剔除",))
    actual = case.actual
    kind = type(actual)
    if actual is None or kind is BlankActual:
        return not_evaluable(polarity_of(case), "missing_actual")
    if kind is NotApplicableActual:
        return Finding(Status.NOT_APPLICABLE, polarity_of(case),
                       working="评价人填写不适用，不计分：得分记为 ",
                       notes=("汇总时其分值从满分中剔除",))
    return (scorer or SCORERS[target.kind])(case)


def plain_weight(weight: object) -> bool:
    """Whether ``weight`` is a Decimal usable as it is (finite, unsigned, in range)."""
    return type(weight) is Decimal and weight.is_finite() and not weight.is_signed() and \
        weight < MAX_WEIGHT and (weight.adjusted() >= -MAX_ADJUSTED or not weight)


def coerce_weight(weight: object) -> Decimal:
    """The weight (分值) as a Decimal: Decimal, int or str (``"5分"``); never float."""
    if isinstance(weight, bool):
        raise EvaluationError("分值不能是布尔值（weight must be a number）")
    if isinstance(weight, Decimal):
        value = weight
    elif isinstance(weight, int):
        value = Decimal(weight)
    elif isinstance(weight, str):
        try:
            value = Decimal(weight.strip().removesuffix("分"))
        except ArithmeticError:
            raise EvaluationError(f"分值应为数字，而不是 {weight!r}（weight must be a number）") \
                from None
    elif isinstance(weight, float):
        raise EvaluationError("分值不接受 float，请用 Decimal、int 或字符串"
                              "（floats are not accepted as weight）")
    else:
        raise EvaluationError(f"分值应为数字，而不是 {type(weight).__name__}")
    if not value.is_finite() or value < 0 or value >= MAX_WEIGHT:
        raise EvaluationError(f"分值应为小于 10^12 的非负数字，而不是 {weight!r}")
    if not within_range(value):
        raise EvaluationError(f"分值过小（小于 10^-{MAX_ADJUSTED}），而不是 {weight!r}；"
                              "请写成普通的分数，如 10 或 2.5")
    # -0 is 0: a weight never carries a sign into scores or explanations (-0.00).
    return value.copy_abs()

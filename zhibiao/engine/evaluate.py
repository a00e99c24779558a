"""``evaluate``: one actual against one target, scored the way 绩效自评 does.

The target's kind picks the scorer from a table (:data:`SCORERS`); missing, blank and
not-applicable actuals are settled before that, the same way for every kind. Nothing
here raises for a data problem: an unparsable actual, a unit mismatch or a phrase that
needs a judgement gives a ``not_evaluable`` outcome with a reason and an explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from zhibiao.engine.actuals import (
    Actual,
    BlankActual,
    NotApplicableActual,
    coerce_actual,
)
from zhibiao.engine.compound import compound_finding
from zhibiao.engine.deadlines import deadline_finding
from zhibiao.engine.explain import finish
from zhibiao.engine.finding import Case, Finding, not_evaluable
from zhibiao.engine.outcome import Outcome, Status
from zhibiao.engine.policy import DEFAULT_POLICY, Direction, Policy
from zhibiao.engine.qualitative import qualitative_finding
from zhibiao.engine.quantitative import comparison_finding, comparison_rule, range_finding
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar.models import (
    Comparison,
    Compound,
    Deadline,
    NotApplicable,
    Qualitative,
    Range,
    Target,
)
from zhibiao.grammar.parser import default_parser

__all__ = ("SCORERS", "coerce_target", "coerce_weight", "evaluate", "find")

_TARGET_TYPES = (Comparison, Range, Deadline, Qualitative, NotApplicable, Compound)


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
        return comparison_rule(case, target)[0].polarity
    if isinstance(target, Qualitative):
        return "as_incurred" if target.is_as_incurred else "qualitative"
    return target.kind


def find(case: Case) -> Finding:
    """What the rules find for one case (before rounding and explanation)."""
    target = case.target
    if isinstance(target, NotApplicable):
        return Finding(Status.NOT_APPLICABLE, "not_applicable",
                       working="本指标不适用，不计分：得分记为 ",
                       notes=("汇总时其分值从满分中剔除",))
    actual = case.actual
    if actual is None or isinstance(actual, BlankActual):
        return not_evaluable(polarity_of(case), "missing_actual")
    if isinstance(actual, NotApplicableActual):
        return Finding(Status.NOT_APPLICABLE, polarity_of(case),
                       working="评价人填写不适用，不计分：得分记为 ",
                       notes=("汇总时其分值从满分中剔除",))
    return SCORERS[target.kind](case)


def coerce_weight(weight: object) -> Decimal:
    """The weight (分值) as a Decimal: Decimal, int or str; never float."""
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
    if not value.is_finite() or value < 0:
        raise EvaluationError(f"分值应为非负有限数字，而不是 {weight!r}")
    return value


def coerce_target(target: object) -> Target:
    """The target as a model: parsed from text (may raise IndicatorSyntaxError)."""
    if isinstance(target, str):
        return default_parser().parse(target)
    if isinstance(target, _TARGET_TYPES):
        return target
    raise EvaluationError(f"目标应为指标值文本或已解析的模型，而不是 {type(target).__name__}")


def _actual_text(actual: object, parsed: Actual | None) -> str:
    if isinstance(actual, str):
        return actual.strip()
    return parsed.text if parsed is not None else ""


def evaluate(
    target: Target | str,
    actual: Actual | Target | str | Decimal | int | None,
    *,
    weight: Decimal | int | str,
    policy: Policy = DEFAULT_POLICY,
    direction: Direction | str | None = None,
    category: str | None = None,
    unit: str | None = None,
) -> Outcome:
    """Evaluate ``actual`` against ``target`` for ``weight`` points.

    ``target`` is 指标值 text or a parsed model (text that does not parse raises
    :class:`~zhibiao.errors.IndicatorSyntaxError`); ``actual`` is text, a parsed actual,
    a Decimal/int (a bare number) or ``None`` (missing). ``direction`` forces how a bare
    value is scored (正向/反向/等于); ``category`` is the 二级指标 name (named in the
    explanation; looked up in ``policy.bare_value_by_category``); ``unit`` is a header's
    unit for a bare target (``"%"`` for ``90``). A float weight or actual raises
    :class:`~zhibiao.errors.EvaluationError`.

    >>> str(evaluate("≥95%", "92%", weight=10).score)
    '9.68'
    >>> evaluate("≥95%", "92%", weight=10).explanation
    '目标 ≥95%，实际 92%，未达成；正向指标按比例得分 92÷95×10 = 9.68'
    """
    w = coerce_weight(weight)
    model = coerce_target(target)
    if unit:
        from zhibiao.engine.conversion import with_header_unit
        model = with_header_unit(model, unit)
    forced = None if direction is None else Direction(direction)
    try:
        parsed = coerce_actual(actual)
    except IndicatorSyntaxError as exc:
        text = actual if isinstance(actual, str) else str(actual)
        case = Case(model, None, text.strip(), w, policy, forced, category)
        finding = not_evaluable(polarity_of(case), "unparsable_actual", exc.message)
        return finish(case, finding)
    case = Case(model, parsed, _actual_text(actual, parsed), w, policy, forced, category)
    return finish(case, find(case))

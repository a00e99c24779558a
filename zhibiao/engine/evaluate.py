"""``evaluate``: one actual against one target, scored the way 绩效自评 does.

The target's kind picks the scorer from a table (:data:`SCORERS`); missing, blank and
not-applicable actuals are settled before that, the same way for every kind. Nothing
here raises for a data problem: an unparsable actual, a unit mismatch or a phrase that
needs a judgement gives a ``not_evaluable`` outcome with a reason and an explanation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, DecimalException, getcontext, setcontext
from typing import NamedTuple

from zhibiao.decimal_context import (
    ACTIVE_CONTEXT,
    MAX_ADJUSTED,
    out_of_range,
    own_context,
    within_range,
)
from zhibiao.engine.actuals import (
    _NUMBER_TEXTS,
    _NUMBERS,
    Actual,
    BlankActual,
    NotApplicableActual,
    NumberActual,
    coerce_actual,
    finite_number,
    parse_actual,
    read_actual,
)
from zhibiao.engine.compound import compound_finding
from zhibiao.engine.conversion import with_header_unit
from zhibiao.engine.deadlines import deadline_finding
from zhibiao.engine.explain import finish
from zhibiao.engine.fast import FastComparison, fast_comparison
from zhibiao.engine.finding import Case, Finding, not_evaluable
from zhibiao.engine.outcome import Outcome, Status
from zhibiao.engine.policy import DEFAULT_POLICY, Direction, Policy
from zhibiao.engine.qualitative import qualitative_finding
from zhibiao.engine.quantitative import (
    comparison_finding,
    comparison_plan,
    comparison_rule,
    range_finding,
)
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

__all__ = ("SCORERS", "Prepared", "coerce_target", "coerce_weight", "evaluate", "evaluate_many",
           "evaluate_reference", "find", "prepare", "score_prepared")

_TARGET_TYPES = (Comparison, Range, Deadline, Qualitative, NotApplicable, Compound)
_MAX_WEIGHT = Decimal(10) ** 12


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


_WEIGHTS: dict[object, tuple[object, Decimal]] = {}


def coerce_weight(weight: object) -> Decimal:
    """The weight (分值) as a Decimal: Decimal, int or str; never float."""
    if type(weight) is Decimal and weight.is_finite() and not weight.is_signed() and \
            weight < _MAX_WEIGHT and (weight.adjusted() >= -MAX_ADJUSTED or not weight):
        return weight
    kind = type(weight)
    if kind is str or kind is int:
        # Weights come from tables as text ("10", "5分"): read each text once.
        hit = _WEIGHTS.get(weight)
        if hit is not None and type(hit[0]) is kind:
            return hit[1]
        value = _weight_value(weight)
        if len(_WEIGHTS) >= 4096:
            _WEIGHTS.clear()
        _WEIGHTS[weight] = (weight, value)
        return value
    return _weight_value(weight)


def _weight_value(weight: object) -> Decimal:
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
    if not value.is_finite() or value < 0 or value >= _MAX_WEIGHT:
        raise EvaluationError(f"分值应为小于 10^12 的非负数字，而不是 {weight!r}")
    if not within_range(value):
        raise EvaluationError(f"分值过小（小于 10^-{MAX_ADJUSTED}），而不是 {weight!r}；"
                              "请写成普通的分数，如 10 或 2.5")
    # -0 is 0: a weight never carries a sign into scores or explanations (-0.00).
    return value.copy_abs()


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


class Prepared(NamedTuple):
    """A target made ready for many evaluations under one set of settings."""

    source: object
    policy: Policy
    model: Target
    text: str
    direction: Direction | None
    scorer: Callable[[Case], Finding] | None
    fast: FastComparison | None = None


_PREPARED: dict[tuple[object, ...], Prepared] = {}
_PREPARED_LIMIT = 4096


def prepare(target: Target | str, policy: Policy, direction: Direction | str | None,
            category: str | None, unit: str | None) -> Prepared:
    """Parse, apply the header unit, choose the rule: everything that does not depend on
    the actual, cached by identity (by value for text) so a pre-parsed target is
    prepared once however many actuals are scored against it."""
    source_key = target if type(target) is str else id(target)
    key = (source_key, id(policy), direction, category, unit)
    entry = _PREPARED.get(key)
    if entry is not None and entry.policy is policy and (
            entry.source is target or type(target) is str):
        return entry
    model = coerce_target(target)
    if unit:
        model = with_header_unit(model, unit)
    forced = None if direction is None else Direction(direction)
    scorer: Callable[[Case], Finding] | None = None
    fast: FastComparison | None = None
    text = str(model)
    if isinstance(model, Comparison):
        plan = comparison_plan(model, policy, forced, category)
        scorer = plan.score
        fast = fast_comparison(model, text, policy, plan, category)
    entry = Prepared(target, policy, model, text, forced, scorer, fast)
    if len(_PREPARED) >= _PREPARED_LIMIT:
        _PREPARED.clear()
    _PREPARED[key] = entry
    return entry


def _unparsable(prepared: Prepared, actual: object, weight: Decimal, category: str | None,
                exc: IndicatorSyntaxError) -> Outcome:
    text = actual if isinstance(actual, str) else str(actual)
    case = Case(prepared.model, None, text.strip(), weight, prepared.policy,
                prepared.direction, category, prepared.text)
    finding = not_evaluable(polarity_of(case), "unparsable_actual", exc.message)
    return finish(case, finding)


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
    # own_context written out: forwarding the keywords through its wrapper cost more
    # than the rest of the context switch (a tenth of a common evaluation).
    saved = getcontext()
    if saved is ACTIVE_CONTEXT:
        return _evaluate(target, actual, weight, policy, direction, category, unit)
    setcontext(ACTIVE_CONTEXT)
    try:
        return _evaluate(target, actual, weight, policy, direction, category, unit)
    except DecimalException as exc:
        raise out_of_range(exc) from exc
    finally:
        setcontext(saved)


def _evaluate(target: Target | str, actual: Actual | Target | str | Decimal | int | None,
              weight: Decimal | int | str, policy: Policy, direction: Direction | str | None,
              category: str | None, unit: str | None) -> Outcome:
    """:func:`evaluate` in zhibiao's Decimal context."""
    # The steps of evaluate_reference, with its common case fused (zhibiao.engine.fast);
    # tests/test_engine_speedups.py checks that the two give the same outcomes.
    if type(weight) is Decimal and weight.is_finite() and not weight.is_signed() and \
            weight < _MAX_WEIGHT and (weight.adjusted() >= -MAX_ADJUSTED or not weight):
        w = weight
    else:
        w = coerce_weight(weight)
    prepared = _PREPARED.get((target if type(target) is str else id(target), id(policy),
                              direction, category, unit))
    if prepared is None or prepared.policy is not policy or (
            prepared.source is not target and type(target) is not str):
        prepared = prepare(target, policy, direction, category, unit)
    return _score(prepared, actual, w, category)


def score_prepared(prepared: Prepared, actual: Actual | Target | str | Decimal | int | None,
                   weight: Decimal | int | str, category: str | None) -> Outcome:
    """The outcome of ``actual`` against a prepared target, in zhibiao's Decimal context
    (what :meth:`zhibiao.engine.scorer.Scorer.score` runs)."""
    saved = getcontext()
    if saved is not ACTIVE_CONTEXT:
        setcontext(ACTIVE_CONTEXT)
    try:
        if type(weight) is Decimal and weight.is_finite() and not weight.is_signed() and \
                weight < _MAX_WEIGHT and (weight.adjusted() >= -MAX_ADJUSTED or not weight):
            w = weight
        else:
            w = coerce_weight(weight)
        return _score(prepared, actual, w, category)
    except DecimalException as exc:
        raise out_of_range(exc) from exc
    finally:
        if saved is not ACTIVE_CONTEXT:
            setcontext(saved)


def _score(prepared: Prepared, actual: Actual | Target | str | Decimal | int | None,
           w: Decimal, category: str | None) -> Outcome:
    """One actual against a prepared target, the weight already read."""
    policy = prepared.policy
    parsed: Actual | None
    if type(actual) is str:
        parsed = _NUMBER_TEXTS.get(actual)  # read_actual's own first step
        if parsed is None:
            try:
                parsed = read_actual(actual)
            except IndicatorSyntaxError as exc:
                return _unparsable(prepared, actual, w, category, exc)
        text = actual.strip()
    elif type(actual) is Decimal and actual.is_finite():
        hit = _NUMBERS.get(actual)  # number_actual_of, its first step inlined
        number = hit[1] if hit is not None and hit[0] is actual else finite_number(actual)
        parsed, text = number, number.text
    else:
        try:
            parsed = coerce_actual(actual)
        except IndicatorSyntaxError as exc:
            return _unparsable(prepared, actual, w, category, exc)
        text = _actual_text(actual, parsed)
    fast = prepared.fast
    if fast is not None and type(parsed) is NumberActual:
        outcome = fast(parsed, text, w)
        if outcome is not None:
            return outcome
    case = Case(prepared.model, parsed, text, w, policy, prepared.direction, category,
                prepared.text)
    return finish(case, find(case, prepared.scorer))


@own_context
def evaluate_reference(
    target: Target | str,
    actual: Actual | Target | str | Decimal | int | None,
    *,
    weight: Decimal | int | str,
    policy: Policy = DEFAULT_POLICY,
    direction: Direction | str | None = None,
    category: str | None = None,
    unit: str | None = None,
) -> Outcome:
    """:func:`evaluate` step by step, without the fused common case: the reference the
    shortcut is tested against (same arguments, same outcome)."""
    w = coerce_weight(weight)
    prepared = prepare(target, policy, direction, category, unit)
    try:
        parsed = parse_actual(actual) if type(actual) is str else coerce_actual(actual)
    except IndicatorSyntaxError as exc:
        return _unparsable(prepared, actual, w, category, exc)
    text = actual.strip() if type(actual) is str else _actual_text(actual, parsed)
    case = Case(prepared.model, parsed, text, w, policy, prepared.direction, category,
                prepared.text)
    return finish(case, find(case, prepared.scorer))


_MEMO_KINDS = (str, int, Decimal, type(None))
_MEMO_LIMIT = 65536  # distinct rows beyond this are evaluated without being remembered


def evaluate_many(
    rows: Iterable[tuple[Target | str, Actual | Target | str | Decimal | int | None,
                         Decimal | int | str]],
    *,
    policy: Policy = DEFAULT_POLICY,
    direction: Direction | str | None = None,
    category: str | None = None,
    unit: str | None = None,
) -> Iterator[Outcome]:
    """``evaluate`` over ``(target, actual, weight)`` rows, lazily and in order.

    Outcomes are immutable and evaluation is a pure function of its inputs, so a row
    that repeats an earlier one (the same target object or text, the same actual text or
    number, the same weight) gets the earlier outcome object instead of a new
    evaluation. Real tables repeat a lot (``100%``, ``达成预期指标``). The outcomes are
    yielded one by one, so a million rows need not be held in memory at once.
    """
    memo: dict[tuple[object, ...], tuple[object, object, Outcome]] = {}
    for target, actual, weight in rows:
        target_key = target if type(target) is str else id(target)
        actual_key = actual if type(actual) in _MEMO_KINDS else id(actual)
        key = (target_key, actual_key, weight)
        try:
            hit = memo.get(key)
        except TypeError:  # unhashable (a signalling NaN, a list): evaluate says what is wrong
            yield evaluate(target, actual, weight=weight, policy=policy, direction=direction,
                           category=category, unit=unit)
            continue
        if hit is not None and (hit[0] is target or type(target) is str) and (
                hit[1] is actual or type(actual) in _MEMO_KINDS):
            yield hit[2]
            continue
        outcome = evaluate(target, actual, weight=weight, policy=policy, direction=direction,
                           category=category, unit=unit)
        if len(memo) < _MEMO_LIMIT:
            memo[key] = (target, actual, outcome)
        yield outcome

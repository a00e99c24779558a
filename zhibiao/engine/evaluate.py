"""``evaluate``: one actual against one target, scored the way 绩效自评 does — a
convenience on top of :class:`~zhibiao.engine.scorer.Scorer`, which compiles the target
once and scores many actuals.

``evaluate`` compiles a scorer for its arguments and scores the actual with it; scorers
are kept by the target's text and the settings (at most :data:`KEPT`), so a loop over a
table compiles each target once (a program that scores many actuals against one target
compiles its scorer itself). ``evaluate_many`` does the same over rows, remembering
repeated rows; ``evaluate_reference`` scores step by step, without the fused kernel, as
the reference the kernel is tested against.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from zhibiao.engine.outcome import Outcome
from zhibiao.engine.policy import DEFAULT_POLICY, Direction, Policy
from zhibiao.engine.scorer import Scorer
from zhibiao.engine.steps import coerce_weight
from zhibiao.grammar import Actual, IndicatorParser, Target

__all__ = ("KEPT", "clear_compiled", "coerce_weight", "compiled", "evaluate", "evaluate_many",
           "evaluate_reference")

#: The most scorers kept (by the target's text and the settings).
KEPT = 4096
#: How many scorers of targets given as models are kept (the most recent ones).
_RECENT_KEPT = 16
_KEPT: dict[tuple[object, ...], tuple[object, Scorer]] = {}
_RECENT: list[tuple[object, Policy, object, str | None, str | None,
                    IndicatorParser | None, str | None, Scorer]] = []


def compiled(target: Target | str, policy: Policy, direction: Direction | str | None,
             category: str | None, unit: str | None,
             parser: IndicatorParser | None = None, indicator: str | None = None) -> Scorer:
    """The scorer of ``target`` under these settings: compiled now, or kept from an
    earlier call with the same target and equal settings.

    A target given as text is kept by its text. A model is kept by its canonical text
    and taken again only for the very model it was compiled from (models equal in value
    may differ in what they keep for display: where they were read from); the last few
    are found by identity before their text is written.
    """
    if type(target) is str:
        key: tuple[object, ...] = (target, policy, direction, category, unit, parser, indicator)
    else:
        for entry in _RECENT:
            if entry[0] is target and (entry[1] is policy or entry[1] == policy) and \
                    entry[2] == direction and entry[3] == category and entry[4] == unit and \
                    entry[5] is parser and entry[6] == indicator:
                return entry[7]
        key = (type(target), str(target), policy, direction, category, unit, parser,
               indicator)
    kept = _KEPT.get(key)
    if kept is not None and (kept[0] is target or type(target) is str):
        scorer = kept[1]
    else:
        scorer = Scorer.compile(target, policy=policy, direction=direction,
                                category=category, unit=unit, parser=parser,
                                indicator=indicator)
        if len(_KEPT) >= KEPT:
            _KEPT.clear()
        _KEPT[key] = (target, scorer)
    if type(target) is not str:
        _RECENT.insert(0, (target, policy, direction, category, unit, parser, indicator,
                           scorer))
        del _RECENT[_RECENT_KEPT:]
    return scorer


def clear_compiled() -> None:
    """Forget the scorers kept by :func:`compiled`."""
    _KEPT.clear()
    _RECENT.clear()


def evaluate(
    target: Target | str,
    actual: Actual | Target | str | Decimal | int | None,
    *,
    weight: Decimal | int | str,
    policy: Policy = DEFAULT_POLICY,
    direction: Direction | str | None = None,
    category: str | None = None,
    unit: str | None = None,
    parser: IndicatorParser | None = None,
    indicator: str | None = None,
) -> Outcome:
    """Evaluate ``actual`` against ``target`` for ``weight`` points.

    ``target`` is 指标值 text or a parsed model (text that does not parse raises
    :class:`~zhibiao.errors.IndicatorSyntaxError`); ``actual`` is text, a parsed actual,
    a Decimal/int (a bare number) or ``None`` (missing). ``direction`` forces how a bare
    value is scored (正向/反向/等于); ``category`` is the 二级指标 name (named in the
    explanation; looked up in ``policy.bare_value_by_category``); ``unit`` is a header's
    unit for a bare target (``"%"`` for ``90``); ``parser`` reads the texts (the
    package's own units and words by default); ``indicator`` is the indicator's name
    (三级指标), which gives a value without an operator its direction when the policy's
    ``direction_from_name`` is on (预算调整率 ``3%`` → ≤3%). A float weight or actual raises
    :class:`~zhibiao.errors.EvaluationError`. The same as
    ``Scorer.compile(target, …).score(actual, weight)``.

    >>> str(evaluate("≥95%", "92%", weight=10).score)
    '9.68'
    >>> evaluate("≥95%", "92%", weight=10).explanation
    '目标 ≥95%，实际 92%，未达成；正向指标按比例得分 92÷95×10 = 9.68'
    """
    return compiled(target, policy, direction, category, unit, parser,
                    indicator).score(actual, weight)


def evaluate_reference(
    target: Target | str,
    actual: Actual | Target | str | Decimal | int | None,
    *,
    weight: Decimal | int | str,
    policy: Policy = DEFAULT_POLICY,
    direction: Direction | str | None = None,
    category: str | None = None,
    unit: str | None = None,
    parser: IndicatorParser | None = None,
    indicator: str | None = None,
) -> Outcome:
    """:func:`evaluate` step by step: a scorer compiled afresh scores without its fused
    kernel or remembered numbers (:meth:`Scorer.score_steps`) — the reference the
    shortcuts are tested against (same arguments, same outcome)."""
    scorer = Scorer.compile(target, policy=policy, direction=direction, category=category,
                            unit=unit, parser=parser, indicator=indicator)
    return scorer.score_steps(actual, weight)


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
    parser: IndicatorParser | None = None,
    indicator: str | None = None,
) -> Iterator[Outcome]:
    """``evaluate`` over ``(target, actual, weight)`` rows, lazily and in order.

    Outcomes are immutable and evaluation is a pure function of its inputs, so a row
    that repeats an earlier one (the same target object or text, the same actual text or
    number, the same weight) gets the earlier outcome object instead of a new
    evaluation. Real tables repeat a lot (``100%``, ``达成预期指标``). The outcomes are
    yielded one by one, so a million rows need not be held in memory at once. The memo
    lives as long as the iteration and holds the rows it keys, so an object's identity
    is never mistaken for another's.
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
                           category=category, unit=unit, parser=parser,
                           indicator=indicator)
            continue
        if hit is not None and (hit[0] is target or type(target) is str) and (
                hit[1] is actual or type(actual) in _MEMO_KINDS):
            yield hit[2]
            continue
        outcome = evaluate(target, actual, weight=weight, policy=policy, direction=direction,
                           category=category, unit=unit, parser=parser, indicator=indicator)
        if len(memo) < _MEMO_LIMIT:
            memo[key] = (target, actual, outcome)
        yield outcome

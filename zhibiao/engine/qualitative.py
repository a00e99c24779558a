"""Qualitative targets (定性): ``显著提升``, ``合规``, ``定性 优良中差``, and 据实 values.

- A judgement word (``达成预期指标``, ``部分达成``, ``未完成``) is scored by its tier, a
  grade (``优``, ``较好``) or a word with a band of its own (``基本达到``) by its band; an
  actual that repeats the target's own phrase is tier 1. Anything else needs an
  evaluator's judgement: ``not_evaluable`` with reason ``judgement_needed`` — the engine
  does not guess a tier from wording.
- A percentage (``100%`` against ``按时限完成``) is read as the degree of completion.
- 据实 targets (``据实支付``, ``实际情况``) set no bound: any actual given is achieved,
  with a note saying so.
"""

from __future__ import annotations

from decimal import Decimal

from zhibiao.engine.explain import num, pct
from zhibiao.engine.finding import HUNDRED, ONE, ZERO, Case, Finding, not_evaluable
from zhibiao.engine.nothing import nothing_finding, nothing_word, says_nothing
from zhibiao.engine.outcome import Status
from zhibiao.engine.tiers import grade_finding, tier_finding
from zhibiao.grammar import (
    WORD_BAND_SCALE,
    GradeActual,
    NumberActual,
    PhraseActual,
    Qualitative,
    VerdictActual,
)

__all__ = ("as_incurred_finding", "percent_completion", "qualitative_finding")

_JUDGEMENT_HINT = ("请填写 达成/部分达成/未达成（如“达成预期指标”“基本达到”“未完成”）"
                   "或等级（优/良/中/差）")


def _compact(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in ",，;；、。.")


def percent_completion(actual: NumberActual, case: Case, polarity: str) -> Finding | None:
    """A percentage written against a target that is not a number: completion degree."""
    unit = actual.quantity.unit
    if unit.dimension != "ratio" or unit.denominators:
        return None
    scale = unit.scale
    percent = actual.quantity.value * Decimal(scale.numerator) / Decimal(scale.denominator)
    ratio = percent / HUNDRED
    flags = ("percent_completion",)
    if ratio >= ONE:
        return Finding(Status.ACHIEVED, polarity, ONE, ratio,
                       f"实际以百分比填写，按完成程度计：完成 {pct(ratio)}，得满分 ", flags=flags)
    rate = case.policy.round_rate(ratio)
    return Finding(Status.NOT_ACHIEVED, polarity, max(rate, ZERO), ratio,
                   f"实际以百分比填写，按完成程度得分 {pct(rate)}×{num(case.weight)} = ",
                   flags=flags)


def as_incurred_finding(case: Case) -> Finding:
    """据实: achieved whenever an actual is given (words of tier 2 or 3 keep their tier)."""
    actual = case.actual
    polarity = "as_incurred"
    if isinstance(actual, VerdictActual) and actual.tier > 1:
        return tier_finding(actual.tier, actual.word, case.weight, case.policy, polarity)
    if isinstance(actual, GradeActual) and actual.scale == WORD_BAND_SCALE:
        return grade_finding(actual, case.weight, case.policy, polarity)  # 基本完成
    return Finding(Status.ACHIEVED, polarity, ONE, None,
                   f"据实指标：目标“{case.target}”未设定数值界限，已填写实际值，视为达成，得满分 ",
                   ("目标未设定界限，得分不反映完成程度",))


def qualitative_finding(case: Case) -> Finding:
    """Score an actual against a qualitative target."""
    target = case.target
    assert isinstance(target, Qualitative)
    if target.is_as_incurred:
        return as_incurred_finding(case)
    actual = case.actual
    polarity = "qualitative"
    if isinstance(actual, VerdictActual):
        return tier_finding(actual.tier, actual.word, case.weight, case.policy, polarity)
    if isinstance(actual, GradeActual):
        if target.scale is not None and target.scale != actual.scale:
            band = case.words.grade_band(actual.grade, target.scale)
            if band is not None:
                grade, scale, low, high = band
                actual = GradeActual(text=actual.text, grade=grade, scale=scale, low=low,
                                     high=high)
        return grade_finding(actual, case.weight, case.policy, polarity)
    if isinstance(actual, PhraseActual) and _compact(actual.phrase) == _compact(target.text):
        return tier_finding(1, actual.phrase, case.weight, case.policy, polarity,
                            lead="实际值与目标表述相同，")
    if isinstance(actual, NumberActual):
        finding = percent_completion(actual, case, polarity)
        if finding is not None:
            return finding
    phrase = nothing_word(actual, case.words)
    if phrase is not None:
        if says_nothing(target.text, case.words):  # 无 against 无上访: the target's own "none"
            return tier_finding(1, phrase, case.weight, case.policy, polarity,
                                lead=f"实际“{phrase}”与目标“{target.text}”同为“没有发生”，")
        return nothing_finding(polarity, phrase, case.target_text or str(target))
    return not_evaluable(polarity, "judgement_needed",
                         f"实际“{case.actual_text}”未写明达成程度，{_JUDGEMENT_HINT}")

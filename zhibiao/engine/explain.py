"""Numbers as explanations show them, and the step that turns a finding into an outcome.

An explanation reads ``【成本指标】目标 ≥95%，实际 92%，未达成；正向指标按比例得分
92÷95×10 = 9.68``: the category (when given), the target, the actual, the status, the
rule with its arithmetic, the score, then any notes.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from zhibiao.engine.finding import ZERO, Case, Finding
from zhibiao.engine.outcome import Outcome, Status
from zhibiao.grammar.numerals import format_decimal

__all__ = ("num", "pct", "finish", "target_text", "score_of", "tidy_ratio")

_PCT_QUANTUM = Decimal("0.01")
_RATIO_QUANTUM = Decimal("0.000001")
_ONE = Decimal(1)


def num(value: Decimal) -> str:
    """A number without exponent or trailing zeros (``Decimal("10.50")`` → ``10.5``)."""
    return format_decimal(value)


def pct(ratio: Decimal) -> str:
    """A ratio as a percentage with at most two decimals (0.968421… → ``96.84%``)."""
    return format_decimal((ratio * 100).quantize(_PCT_QUANTUM, rounding=ROUND_HALF_UP)) + "%"


def tidy_ratio(ratio: Decimal) -> Decimal:
    """A ratio as reported: six decimals at most, no trailing zeros (0.968421, 1, 1.75)."""
    if ratio.adjusted() >= 20:
        return ratio
    rounded = ratio.quantize(_RATIO_QUANTUM, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return rounded.quantize(_ONE)
    return rounded.normalize()


def target_text(case: Case) -> str:
    text = str(case.target)
    return text if text else "（空）"


def score_of(finding: Finding, case: Case) -> Decimal:
    """The score of a finding: its own (a tier) or its share of the weight, rounded and
    kept within ``[0, weight]``."""
    if finding.score is not None:
        return finding.score
    if finding.status is Status.NOT_EVALUABLE or finding.status is Status.NOT_APPLICABLE:
        return case.policy.round(ZERO)
    weight = case.weight
    score = case.policy.round(finding.fraction * weight)
    if score > weight:
        return weight
    if score < 0:
        return case.policy.round(ZERO)
    return score


def finish(case: Case, finding: Finding) -> Outcome:
    """The public outcome of a finding: rounded score and the full explanation."""
    score = score_of(finding, case)
    prefix = f"【{case.category}】" if case.category else ""
    actual = case.actual_text if case.actual_text else "（未填写）"
    if finding.actual_note:
        actual += f"（{finding.actual_note}）"
    explanation = (f"{prefix}目标 {target_text(case)}，实际 {actual}，{finding.status.label}；"
                   f"{finding.working}{score}")
    if finding.notes:
        explanation += "；" + "；".join(finding.notes)
    ratio = finding.ratio
    if ratio is not None:
        ratio = tidy_ratio(ratio)
    return Outcome.model_construct(
        status=finding.status, ratio=ratio, score=score, score_range=finding.score_range,
        weight=case.weight, polarity=finding.polarity, reason=finding.reason,
        explanation=explanation, flags=finding.flags, category=case.category,
        target=case.target, actual=case.actual,
    )

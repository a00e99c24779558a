"""Numbers as explanations show them, and the step that turns a finding into an outcome.

An explanation reads ``【成本指标】目标 ≥95%，实际 92%，未达成；正向指标按比例得分
92÷95×10 = 9.68``: the category (when given), the target, the actual, the status, the
rule with its arithmetic, the score, then any notes.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from zhibiao.decimal_context import ACTIVE_CONTEXT
from zhibiao.engine.finding import ZERO, Case, Finding
from zhibiao.engine.outcome import Outcome, Status, new_outcome, tidy_ratio
from zhibiao.grammar import format_decimal

__all__ = ("finish", "num", "pct", "score_of", "target_text", "tidy_ratio")

_PCT_QUANTUM = Decimal("0.01")
_NUM_CACHE: dict[Decimal, str] = {}
_NOT_EVALUABLE = Status.NOT_EVALUABLE
_NOT_APPLICABLE = Status.NOT_APPLICABLE
_LABELS = {status: status.label for status in Status}


def num(value: Decimal) -> str:
    """A number without exponent or trailing zeros (``Decimal("10.50")`` → ``10.5``)."""
    text = _NUM_CACHE.get(value)
    if text is None:
        text = format_decimal(value)
        if len(_NUM_CACHE) < 4096:
            _NUM_CACHE[value] = text
    return text


def pct(ratio: Decimal) -> str:
    """A ratio as a percentage with at most two decimals (0.968421… → ``96.84%``)."""
    percent = ACTIVE_CONTEXT.multiply(ratio, 100)  # callable from outside the engine too
    if percent.adjusted() < 20:
        percent = percent.quantize(_PCT_QUANTUM, ROUND_HALF_UP, context=ACTIVE_CONTEXT)
    return format_decimal(percent) + "%"


def target_text(case: Case) -> str:
    """The target as the explanation shows it (canonical text; ``（空）`` for none)."""
    text = case.target_text or str(case.target)
    return text if text else "（空）"


def score_of(finding: Finding, case: Case) -> Decimal:
    """The score of a finding: its own (a tier) or its share of the weight, rounded and
    kept within ``[0, weight]``."""
    score = finding.score
    if score is not None:
        return score
    policy = case.policy
    status = finding.status
    if status is _NOT_EVALUABLE or status is _NOT_APPLICABLE:
        return policy.round(ZERO)
    weight = case.weight
    score = (finding.fraction * weight).quantize(policy.rounding, policy.rounding_constant)
    if score > weight:
        return weight
    if score.is_signed():  # below 0, or -0.00 (never shown)
        return policy.round(ZERO)
    return score


def finish(case: Case, finding: Finding) -> Outcome:
    """The public outcome of a finding: rounded score and the full explanation."""
    score = score_of(finding, case)
    actual = case.actual_text or "（未填写）"
    if finding.actual_note:
        actual = f"{actual}（{finding.actual_note}）"
    explanation = (f"目标 {case.target_text or target_text(case)}，实际 {actual}，"
                   f"{_LABELS[finding.status]}；{finding.working}{score}")
    if case.category:
        explanation = f"【{case.category}】{explanation}"
    if finding.notes:
        explanation += "；" + "；".join(finding.notes)
    return new_outcome(finding.status, finding.ratio, score, finding.score_range, case.weight,
                       finding.polarity, finding.reason, explanation, finding.flags,
                       case.category, case.target, case.actual)

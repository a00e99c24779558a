"""定性 scoring: three tiers (and grade scales), each a band of the indicator's points.

财预〔2020〕10号: 达成年度指标 100%–80%（含80%）, 部分达成年度指标并具有一定效果
80%–60%（含60%）, 未达成年度指标且效果较差 60%–0%. The evaluator chooses a score inside
the band; the engine gives the band as ``score_range`` (both ends inclusive at the
policy's precision, so the top of the second band is just below 80%) and a default
score at the policy's position (the top by default).
"""

from __future__ import annotations

from decimal import Decimal

from zhibiao.engine.explain import num
from zhibiao.engine.finding import HUNDRED, Finding
from zhibiao.engine.outcome import Status
from zhibiao.engine.policy import Policy
from zhibiao.grammar import (
    TIER_NAMES,
    WORD_BAND_SCALE,
    GradeActual,
)

__all__ = ("band_scores", "grade_finding", "tier_band", "tier_finding")

_TIER_ORDINALS = {1: "一", 2: "二", 3: "三"}
_POSITION_WORDS = {"top": "最高分", "middle": "中间分", "bottom": "最低分"}
_TWO = Decimal(2)


def tier_band(tier: int, policy: Policy) -> tuple[Decimal, Decimal, bool]:
    """``(low %, high %, high inclusive)`` of a tier under the policy's bands."""
    first, second = policy.qualitative_bands
    if tier == 1:
        return first, HUNDRED, True
    if tier == 2:
        return second, first, False
    return Decimal(0), second, False


def band_text(low: Decimal, high: Decimal, high_inclusive: bool) -> str:
    """``80%–60%（含60%，不含80%）``: a band as the rules write it (high first)."""
    if high_inclusive:
        return f"{num(high)}%–{num(low)}%（含{num(low)}%）"
    if low == 0:
        return f"{num(high)}%–0%（不含{num(high)}%）"
    return f"{num(high)}%–{num(low)}%（含{num(low)}%，不含{num(high)}%）"


def band_scores(low: Decimal, high: Decimal, high_inclusive: bool, weight: Decimal,
                policy: Policy) -> tuple[Decimal, Decimal, Decimal]:
    """``(lowest, highest, default)`` score in a band, at the policy's precision.

    The top band ends at the weight itself; an exclusive top ends one step of the
    policy's precision below it. When the precision is too coarse for the band (whole
    points on a small weight) the band collapses to its rounded lower bound.
    """
    lowest = policy.ceil_to_quantum(weight * low / HUNDRED)
    if high == HUNDRED and high_inclusive:
        rounded = policy.round(weight)
        highest = rounded if rounded <= weight else weight
    else:
        top = weight * high / HUNDRED
        highest = policy.floor_to_quantum(top)
        if not high_inclusive and highest == top:
            highest -= policy.rounding
    if lowest > highest:
        lowest = highest = min(policy.round(weight * low / HUNDRED), weight)
    if policy.qualitative_position == "top":
        default = highest
    elif policy.qualitative_position == "bottom":
        default = lowest
    else:
        default = min(max(policy.round((lowest + highest) / _TWO), lowest), highest)
    return lowest, highest, default


def tier_finding(tier: int, word: str, weight: Decimal, policy: Policy, polarity: str, *,
                 flags: tuple[str, ...] = (), lead: str = "") -> Finding:
    """The finding for a judgement in tier 1, 2 or 3."""
    low, high, inclusive = tier_band(tier, policy)
    lowest, highest, default = band_scores(low, high, inclusive, weight, policy)
    working = (f"{lead}按定性三档计分：“{word}”属第{_TIER_ORDINALS[tier]}档"
               f"（{TIER_NAMES[tier]}，{band_text(low, high, inclusive)}），"
               f"默认取档内{_POSITION_WORDS[policy.qualitative_position]} ")
    status = Status.ACHIEVED if tier == 1 else Status.NOT_ACHIEVED
    return Finding(status, polarity, default / weight if weight else Decimal(0), None, working,
                   (f"可在 {lowest}–{highest} 分之间评定",), flags=(*flags, "judgement_default"),
                   score=default, score_range=(lowest, highest))


def grade_finding(grade: GradeActual, weight: Decimal, policy: Policy, polarity: str, *,
                  flags: tuple[str, ...] = (), lead: str = "") -> Finding:
    """The finding for a grade (优/良/中/差, 好/较好/一般/较差 …) and its band."""
    inclusive = grade.high == HUNDRED
    lowest, highest, default = band_scores(grade.low, grade.high, inclusive, weight, policy)
    named = f"按评价用语计分：“{grade.grade}”" if grade.scale == WORD_BAND_SCALE else \
        f"按等级计分：“{grade.grade}”（{grade.scale}）"
    working = (f"{lead}{named}对应分值的 {band_text(grade.low, grade.high, inclusive)}，"
               f"默认取档内{_POSITION_WORDS[policy.qualitative_position]} ")
    achieved = grade.low >= policy.qualitative_bands[0]
    status = Status.ACHIEVED if achieved else Status.NOT_ACHIEVED
    return Finding(status, polarity, default / weight if weight else Decimal(0), None, working,
                   (f"可在 {lowest}–{highest} 分之间评定",), flags=(*flags, "judgement_default"),
                   score=default, score_range=(lowest, highest))

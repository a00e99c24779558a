"""What an evaluation returns: :class:`Outcome`, with its :class:`Status`.

Every number is a :class:`~decimal.Decimal`; every outcome carries an explanation in
Chinese that shows the target, the actual, the rule and the score. There is no silent
``None``: when a score cannot be given the status is ``not_evaluable``, the score is 0,
``reason`` is a stable English key and the explanation says why.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from zhibiao.decimal_context import ACTIVE_CONTEXT, own_context
from zhibiao.grammar import (
    Actual,
    Target,
    actual_json,
    target_json,
)

__all__ = ("FLAGS", "POLARITIES", "REASONS", "REVIEW_FLAGS", "REVIEW_REASONS", "Outcome", "Status",
           "new_outcome", "tidy_ratio")


class Status(StrEnum):
    """The result of one evaluation (values are stable English keys)."""

    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NOT_EVALUABLE = "not_evaluable"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        """The status in Chinese: 达成 / 未达成 / 无法评价 / 不适用."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.ACHIEVED: "达成", Status.NOT_ACHIEVED: "未达成",
    Status.NOT_EVALUABLE: "无法评价", Status.NOT_APPLICABLE: "不适用",
}

#: ``polarity`` keys: which rule scored the indicator.
POLARITIES: dict[str, str] = {
    "higher": "正向指标",
    "lower": "反向指标",
    "exact": "等于（精确标准）",
    "range": "区间指标",
    "deadline": "时限指标",
    "qualitative": "定性指标",
    "as_incurred": "据实指标",
    "not_applicable": "不适用",
    "compound": "复合指标",
}

#: ``reason`` keys of ``not_evaluable`` outcomes, with their Chinese wording.
REASONS: dict[str, str] = {
    "missing_actual": "缺少实际完成值",
    "unparsable_actual": "实际完成值无法解析",
    "unit_mismatch": "实际值与目标的单位不一致",
    "kind_mismatch": "实际值的形式与目标不符",
    "judgement_needed": "定性指标需评价人判断所属档次",
    "compound_mismatch": "复合目标与实际值的条目数不一致",
    "ambiguous_actual": "实际值不是单一数值",
    "zero_target": "目标值为 0，无法计算完成比例",
    "zero_budget": "全年预算数为 0，无法计算执行率",
    "negative_amount": "金额不能为负数",
    "calendar_unavailable": "缺少该年份的法定节假日安排，无法计算工作日",
    "missing_year": "缺少评价年度，无法确定日期",
    "ambiguous_scale": "实际值未写单位，量级不明",
    "nothing_actual": "实际值写作“无”，读不出完成情况",
}

#: ``flags``: remarks that do not change the score.
FLAGS: dict[str, str] = {
    "overshoot": "超额完成较多，需填写偏差原因",
    "overshoot_cut": "超额完成按政策扣减",
    "copied_target": "实际值照抄了目标写法，按恰好达到界值计",
    "unit_assumed": "实际值未写单位，按目标单位计",
    "unit_converted": "实际值已换算为目标单位",
    "per_year_assumed": "目标为每年的数量，实际值按一年计",
    "zero_word": "实际值写作“无……”，按 0 计",
    "tolerance": "在容差范围内视为达标",
    "strict_bound": "严格不等式恰好落在界值上，视为未达成",
    "verdict_word": "数值目标的实际值以文字评定，按定性档次计分",
    "percent_completion": "非数值目标的实际值以百分比填写，按完成程度计分",
    "nominal_year": "未给出评价年度，日期按月日比较",
    "overspent": "执行数超过预算数",
    "judgement_default": "定性档内取默认分，可在 score_range 内调整",
    "direction_ignored": "指标值已写明运算符，忽略方向设置",
    "direction_from_name": "指标值未写运算符，方向按指标名称确定（可在规则集中用 direction 改写）",
    "scale_ambiguous": "实际值未写单位，两种量级读法中只有另一种的完成率合理，须复核",
    "nothing_word": "实际值写作“无/未发生”，对此目标读不出完成情况，须复核",
    "implausible_percent": "比率类指标（合格率、满意度……）的值超过 100%，须复核",
}

#: Flags that put a row under 须复核 in reports (the reading itself is in doubt), with
#: the short reason a report prints after the row ids.
REVIEW_REASONS: dict[str, str] = {
    "scale_ambiguous": "实际值未写单位，量级存疑",
    "nothing_word": "实际值写作“无”，读不出完成情况",
    "implausible_percent": "比率超过 100%",
}
REVIEW_FLAGS = frozenset(REVIEW_REASONS)


class Outcome(BaseModel):
    """One evaluated indicator.

    - ``status`` — achieved / not_achieved / not_evaluable / not_applicable;
    - ``ratio`` — the completion ratio 实际÷目标, unrounded (``None`` when there is none,
      e.g. a qualitative judgement; the explanation then says how the score was found);
      ``to_json`` prints it to six decimals;
    - ``score`` — rounded by the policy, in ``[0, weight]``; 0 when not evaluable or not
      applicable;
    - ``score_range`` — the scores the rules allow when the evaluator has a choice
      (qualitative tiers), both ends inclusive at the policy's precision;
    - ``polarity`` — stable key of the rule applied (see :data:`POLARITIES`);
    - ``reason`` — stable key of why it is not evaluable (see :data:`REASONS`);
    - ``flags`` — remarks (see :data:`FLAGS`), e.g. ``overshoot`` asks for a 偏差原因;
    - ``explanation`` — Chinese text with the target, the actual, the rule and the score.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Status
    ratio: Decimal | None
    score: Decimal
    score_range: tuple[Decimal, Decimal] | None = None
    weight: Decimal
    polarity: str
    reason: str | None = None
    explanation: str
    flags: tuple[str, ...] = ()
    category: str | None = None
    target: Target
    actual: Actual | None = None

    @property
    def achieved(self) -> bool:
        return self.status is Status.ACHIEVED

    @own_context
    def to_json(self) -> dict[str, Any]:
        """The JSON object ``zhibiao evaluate --json`` prints (Decimals as strings)."""
        out: dict[str, Any] = {
            "status": self.status.value,
            "ratio": None if self.ratio is None else str(tidy_ratio(self.ratio)),
            "score": str(self.score),
        }
        if self.score_range is not None:
            out["score_range"] = [str(self.score_range[0]), str(self.score_range[1])]
        out["weight"] = str(self.weight)
        out["polarity"] = self.polarity
        if self.reason is not None:
            out["reason"] = self.reason
        if self.flags:
            out["flags"] = list(self.flags)
        if self.category is not None:
            out["category"] = self.category
        out["explanation"] = self.explanation
        out["target"] = target_json(self.target)
        out["actual"] = None if self.actual is None else actual_json(self.actual)
        return out

    def __str__(self) -> str:
        return self.explanation


_RATIO_QUANTUM = Decimal("0.000001")
_ONE = Decimal(1)
_ZERO = Decimal(0)


def tidy_ratio(ratio: Decimal) -> Decimal:
    """A ratio as reported in JSON: six decimals at most, no trailing zeros (0.968421, 1)."""
    if ratio.adjusted() >= 20:
        return ratio
    context = ACTIVE_CONTEXT  # callable from outside the engine too (to_json)
    rounded = ratio.quantize(_RATIO_QUANTUM, ROUND_HALF_UP, context=context)
    if rounded.is_zero():
        return _ZERO  # -0.0000001 is 0, never "-0"
    if rounded == rounded.to_integral_value(context=context):
        return rounded.quantize(_ONE, context=context)
    return rounded.normalize(context=context)


def new_outcome(status: Status, ratio: Decimal | None, score: Decimal,
                score_range: tuple[Decimal, Decimal] | None, weight: Decimal, polarity: str,
                reason: str | None, explanation: str, flags: tuple[str, ...],
                category: str | None, target: Target, actual: Actual | None) -> Outcome:
    """An :class:`Outcome` from values the engine has already produced, every field
    given: the first one validated (``Outcome.model_validate``), the others copies of it
    with every field replaced (``model_copy(update=…)``, pydantic's public copy, about
    twice as fast as ``model_construct``, which loops over the fields in Python)."""
    fields = {"status": status, "ratio": ratio, "score": score, "score_range": score_range,
              "weight": weight, "polarity": polarity, "reason": reason,
              "explanation": explanation, "flags": flags, "category": category,
              "target": target, "actual": actual}
    if _TEMPLATE:
        return _TEMPLATE[0].model_copy(update=fields)
    outcome = Outcome.model_validate(fields)
    _TEMPLATE.append(outcome)
    return outcome


#: The first outcome built, copied for the others (every field is replaced).
_TEMPLATE: list[Outcome] = []

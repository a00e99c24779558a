"""Scoring rules for a number against a number: 正向, 反向, 等于 — small named objects.

Each rule judges an actual ``a`` against a target ``t`` (both in the target's canonical
unit) for ``w`` points and returns a :class:`~zhibiao.engine.finding.Finding`. Which rule
applies is looked up in a table by operator and :class:`~zhibiao.engine.policy.Direction`
(:func:`rule_for`), never decided by ``if`` chains in the evaluator.

=========================  ==============================================  ===========
rule                       not met                                         DOMAIN §3
=========================  ==============================================  ===========
``HigherIsBetter``         A÷T×w (capped at w; 0 when T ≤ 0)               正向
``LowerIsBetterInverse``   T÷A×w                                           反向 (模板说明)
``LowerIsBetterLinear``    (1−(A−T)÷T)×w, 0 at A = 2T                      反向 (预算软件)
``ExactAsHigher``          as 正向; T = 0: full only when A ≤ 0            等于 (预算软件)
``ExactStandard``          (1−|A−T|÷T)×w                                   等于 (精确标准)
``NotEqual``               0                                               ≠
=========================  ==============================================  ===========
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from zhibiao.engine.explain import num, pct
from zhibiao.engine.finding import HUNDRED, ONE, ZERO, Finding
from zhibiao.engine.outcome import Status
from zhibiao.engine.policy import Direction, Policy
from zhibiao.grammar import Op

__all__ = (
    "IMPLICIT_HEAD",
    "ComparisonRule",
    "ExactAsHigher",
    "ExactStandard",
    "HigherIsBetter",
    "LowerIsBetterInverse",
    "LowerIsBetterLinear",
    "NotEqual",
    "rule_for",
    "show",
)

_TWO = Decimal(2)


def show(value: Decimal, factor: Decimal) -> str:
    """A value as the table writes it: divided by the target's multiplier (万, 亿)."""
    return num(value) if factor == ONE else num(value / factor)


class ComparisonRule(Protocol):
    """A rule for a number against a number.

    ``judge`` gets the actual ``a`` and the target ``t`` in the target's canonical unit,
    whether the operator is strict, the policy, the target's multiplier ``factor`` (for
    display), the weight and the label that starts the explanation of the rule.
    """

    @property
    def polarity(self) -> str: ...

    def judge(self, a: Decimal, t: Decimal, strict: bool, policy: Policy, factor: Decimal,
              weight: Decimal, label: str) -> Finding: ...


_STRICT_NOTE = "严格不等式（>、<）恰好落在界值上，与预算软件一致按达到计"
_NO_TEXT: tuple[str, ...] = ()


def _ratio(a: Decimal, t: Decimal) -> Decimal | None:
    return a / t if t != 0 else None


def _met(polarity: str, ratio: Decimal | None, working: str, strict_at_bound: bool,
         policy: Policy, weight: Decimal, label: str, check_overshoot: bool) -> Finding:
    """Full marks, with the strict-bound note and the overshoot flag or cut."""
    overshoot = check_overshoot and ratio is not None and ratio > 0 and (
        policy.overshoot_cut is not None
        or (policy.overshoot_flag is not None and ratio >= policy.overshoot_flag))
    if not strict_at_bound and not overshoot:
        return Finding(Status.ACHIEVED, polarity, ONE, ratio, working)
    flags: list[str] = []
    notes: list[str] = []
    fraction = ONE
    if strict_at_bound:
        flags.append("strict_bound")
        notes.append(_STRICT_NOTE)
    if overshoot and ratio is not None:
        rate = policy.round_rate(ratio)
        cut = policy.overshoot_cut
        if cut is not None and rate > cut:
            fraction = cut / rate
            flags.append("overshoot_cut")
            working = (f"{label}超额完成（完成率 {pct(rate)}，超过 {pct(cut)}），按政策扣减 "
                       f"{num(cut)}÷{num(rate)}×{num(weight)} = ")
        flag = policy.overshoot_flag
        if flag is not None and rate >= flag:
            flags.append("overshoot")
            kept = "" if cut is not None and rate > cut else "（不扣分）"
            notes.append(f"实际为目标的 {pct(rate)}，达到 {pct(flag)} 及以上，"
                         f"需填写偏差原因{kept}")
    return Finding(Status.ACHIEVED, polarity, fraction, ratio, working, tuple(notes),
                   "", tuple(flags))


def _within_tolerance(policy: Policy, polarity: str, ratio: Decimal | None,
                      label: str) -> Finding:
    return Finding(Status.ACHIEVED, polarity, ONE, ratio,
                   f"{label}在容差 ±{num(policy.tolerance or ZERO)}% 内，视为达到目标，得满分 ",
                   flags=("tolerance",))


def _slack(t: Decimal, policy: Policy) -> Decimal | None:
    tolerance = policy.tolerance
    if tolerance is None:
        return None
    return abs(t) * tolerance / HUNDRED


@dataclass(frozen=True, slots=True)
class HigherIsBetter:
    """正向: met → w; otherwise A÷T×w, capped at w (0 when T ≤ 0 or A < 0)."""

    polarity: str = "higher"

    def judge(self, a: Decimal, t: Decimal, strict: bool, policy: Policy, factor: Decimal,
              weight: Decimal, label: str) -> Finding:
        ratio = a / t if t else None
        if a >= t:
            return _met(self.polarity, ratio, f"{label}达到目标，得满分 ", strict and a == t,
                        policy, weight, label, t > 0)
        if policy.tolerance is not None and a >= t - abs(t) * policy.tolerance / HUNDRED:
            return _within_tolerance(policy, self.polarity, ratio, label)
        if ratio is None or t < 0:
            return Finding(Status.NOT_ACHIEVED, self.polarity, ZERO, ratio,
                           f"{label}目标值为 {show(t, factor)}，无法按比例计分，未达到目标得 ")
        if policy.rate_quantum is None:
            working = (f"{label}按比例得分 {show(a, factor)}÷{show(t, factor)}"
                       f"×{num(weight)} = ")
            return Finding(Status.NOT_ACHIEVED, self.polarity, ratio if ratio > 0 else ZERO,
                           ratio, working)
        rate = policy.round_rate(ratio)
        working = f"{label}按比例得分 完成率 {pct(rate)}×{num(weight)} = "
        return Finding(Status.NOT_ACHIEVED, self.polarity, max(rate, ZERO), ratio, working)


def _lower_settled(polarity: str, a: Decimal, t: Decimal, strict: bool, policy: Policy,
                   factor: Decimal, weight: Decimal, label: str) -> Finding | Decimal:
    """反向 cases both formulas share (within T, within tolerance, T ≤ 0) as a Finding;
    otherwise the ratio A÷T that the formula scores."""
    ratio = _ratio(a, t)
    if a <= t:
        return _met(polarity, ratio, f"{label}未超过目标，得满分 ", strict and a == t,
                    policy, weight, label, False)
    slack = _slack(t, policy)
    if slack is not None and a <= t + slack:
        return _within_tolerance(policy, polarity, ratio, label)
    if ratio is None or t < 0:
        return Finding(Status.NOT_ACHIEVED, polarity, ZERO, ratio,
                       f"{label}目标值为 {show(t, factor)}，实际超出即得 ")
    return ratio


@dataclass(frozen=True, slots=True)
class LowerIsBetterInverse:
    """反向, as several local template notes write it: within T → w; else T÷A×w."""

    polarity: str = "lower"

    def judge(self, a: Decimal, t: Decimal, strict: bool, policy: Policy, factor: Decimal,
              weight: Decimal, label: str) -> Finding:
        settled = _lower_settled(self.polarity, a, t, strict, policy, factor, weight, label)
        if isinstance(settled, Finding):
            return settled
        ratio = settled
        if policy.rate_quantum is None:
            fraction = t / a
            working = (f"{label}超出目标，按 目标÷实际 得分 {show(t, factor)}÷{show(a, factor)}"
                       f"×{num(weight)} = ")
        else:
            rate = policy.round_rate(ratio)
            fraction = ONE / rate
            working = f"{label}超出目标，按 1÷完成率 得分 1÷{pct(rate)}×{num(weight)} = "
        return Finding(Status.NOT_ACHIEVED, self.polarity, fraction, ratio, working)


@dataclass(frozen=True, slots=True)
class LowerIsBetterLinear:
    """反向, as one vendor's budget software scores it: (1−(A−T)÷T)×w, 0 at A = 2T."""

    polarity: str = "lower"

    def judge(self, a: Decimal, t: Decimal, strict: bool, policy: Policy, factor: Decimal,
              weight: Decimal, label: str) -> Finding:
        settled = _lower_settled(self.polarity, a, t, strict, policy, factor, weight, label)
        if isinstance(settled, Finding):
            return settled
        ratio = settled
        rate = policy.round_rate(ratio)
        working = (f"{label}超出目标，按线性扣减 (1−({show(a, factor)}−{show(t, factor)})"
                   f"÷{show(t, factor)})×{num(weight)} = ")
        return Finding(Status.NOT_ACHIEVED, self.polarity, max(_TWO - rate, ZERO), ratio,
                       working)


@dataclass(frozen=True, slots=True)
class ExactAsHigher:
    """等于 and bare values as budget software scores them: like 正向 (overshoot not
    cut); with T = 0 full marks only when A ≤ 0 (``=0件`` 事故); T < 0 only when A = T."""

    polarity: str = "higher"

    def judge(self, a: Decimal, t: Decimal, strict: bool, policy: Policy, factor: Decimal,
              weight: Decimal, label: str) -> Finding:
        if t > 0:
            return _HIGHER.judge(a, t, strict, policy, factor, weight, label)
        if (t == 0 and a <= 0) or a == t:
            return Finding(Status.ACHIEVED, self.polarity, ONE, None,
                           f"{label}目标为 {show(t, factor)}，实际 {show(a, factor)} 未超出，"
                           "得满分 ")
        return Finding(Status.NOT_ACHIEVED, self.polarity, ZERO, _ratio(a, t),
                       f"{label}目标为 {show(t, factor)}，实际 {show(a, factor)} 与之不符，得 ")


@dataclass(frozen=True, slots=True)
class ExactStandard:
    """等于 as an exact standard (a ruleset's choice): A = T → w; else (1−|A−T|÷|T|)×w."""

    polarity: str = "exact"

    def judge(self, a: Decimal, t: Decimal, strict: bool, policy: Policy, factor: Decimal,
              weight: Decimal, label: str) -> Finding:
        ratio = _ratio(a, t)
        if a == t:
            return Finding(Status.ACHIEVED, self.polarity, ONE, ratio,
                           f"{label}恰好达到目标，得满分 ")
        slack = _slack(t, policy)
        if slack is not None and abs(a - t) <= slack:
            return _within_tolerance(policy, self.polarity, ratio, label)
        if t == 0:
            return Finding(Status.NOT_ACHIEVED, self.polarity, ZERO, ratio,
                           f"{label}目标为 0，实际偏离即得 ")
        fraction = max(ONE - abs(a - t) / abs(t), ZERO)
        working = (f"{label}偏离目标，按 (1−|实际−目标|÷目标) 得分 "
                   f"(1−|{show(a, factor)}−{show(t, factor)}|÷{show(abs(t), factor)})"
                   f"×{num(weight)} = ")
        return Finding(Status.NOT_ACHIEVED, self.polarity, fraction, ratio, working)


@dataclass(frozen=True, slots=True)
class NotEqual:
    """``≠T``: met when A differs from T, else 0."""

    polarity: str = "exact"

    def judge(self, a: Decimal, t: Decimal, strict: bool, policy: Policy, factor: Decimal,
              weight: Decimal, label: str) -> Finding:
        if a != t:
            return Finding(Status.ACHIEVED, self.polarity, ONE, _ratio(a, t),
                           f"{label}实际不等于 {show(t, factor)}，得满分 ")
        return Finding(Status.NOT_ACHIEVED, self.polarity, ZERO, ONE,
                       f"{label}实际等于 {show(t, factor)}，得 ")


_HIGHER = HigherIsBetter()
_LOWER: dict[str, ComparisonRule] = {
    "inverse": LowerIsBetterInverse(), "linear": LowerIsBetterLinear()}
_EXACT_AS_HIGHER = ExactAsHigher()
_EXACT = ExactStandard()
_NOT_EQUAL = NotEqual()

#: Bound operators: the rule and the label do not depend on a direction setting.
_BOUND_LABELS = {Op.GE: "正向指标", Op.GT: "正向指标", Op.LE: "反向指标", Op.LT: "反向指标"}
#: How the label of a value written without an operator starts.
IMPLICIT_HEAD = "未写运算符的指标"
#: A value without a bound (=, ≈ or none written): the rule follows the direction.
_BARE_LABELS = {
    Direction.HIGHER: "按正向计分，",
    Direction.LOWER: "按上限（反向）计分，",
    Direction.EXACT: "按精确标准计分，",
}


def lower_rule(policy: Policy) -> ComparisonRule:
    """The 反向 rule the policy chooses (``inverse`` or ``linear``)."""
    return _LOWER[policy.reverse]


def rule_for(op: Op, implicit: bool, direction: Direction,
             policy: Policy) -> tuple[ComparisonRule, str]:
    """The rule and its label for a target operator and a bare-value direction."""
    if op in _BOUND_LABELS:
        rule = _HIGHER if op.is_lower_bound else _LOWER[policy.reverse]
        return rule, _BOUND_LABELS[op]
    if op is Op.NE:
        return _NOT_EQUAL, "不等于指标"
    head = IMPLICIT_HEAD if implicit else ("约数指标" if op is Op.APPROX else "等于指标")
    table: dict[Direction, ComparisonRule] = {
        Direction.HIGHER: _EXACT_AS_HIGHER,
        Direction.LOWER: _LOWER[policy.reverse],
        Direction.EXACT: _EXACT,
    }
    return table[direction], head + _BARE_LABELS[direction]

"""The common evaluation in one step: a number against ``≥T``, ``≤T`` (or a bare value
scored as one of them), the rules of :mod:`zhibiao.engine.directions` fused with
:func:`zhibiao.engine.explain.finish`.

``evaluate`` spends most of its time passing a case from step to step (prepare → find →
plan → judge → finish) and building the records in between. For the commonest rows —
a number in the target's unit (``92%`` against ``≥95%``) or a bare number (``92`` or
``Decimal("92")``, unit assumed) — :class:`FastComparison` goes straight from the two
values to the :class:`~zhibiao.engine.outcome.Outcome`, with the wording that does not
depend on the actual prepared once per target.

It builds exactly what the general path builds, field for field and character for
character (``tests/test_engine_speedups.py`` compares the two on generated inputs), and
declines (returns ``None``) for everything else: tolerance, ``rate_quantum``,
``overshoot_cut``, targets at or below zero, copied operators, other units. The general
path then scores the row as before.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Literal

from zhibiao.engine.actuals import _NO_UNIT, NumberActual
from zhibiao.engine.bare_scale import PLAUSIBLE_HIGH, PLAUSIBLE_LOW, base_factor
from zhibiao.engine.conversion import Converted, to_target_unit, unit_name
from zhibiao.engine.directions import (
    _STRICT_NOTE,
    ExactAsHigher,
    HigherIsBetter,
    LowerIsBetterInverse,
    LowerIsBetterLinear,
    show,
)
from zhibiao.engine.explain import _NUM_CACHE, num, pct
from zhibiao.engine.finding import ONE, ZERO
from zhibiao.engine.outcome import (
    _FIELDS,
    Outcome,
    Status,
    _set_extra,
    _set_fields_set,
    _set_private,
)
from zhibiao.engine.policy import Policy
from zhibiao.engine.quantitative import ComparisonPlan
from zhibiao.engine.scorer import NumericRule
from zhibiao.grammar.models import Comparison, Quantity

__all__ = ("FastComparison", "fast_comparison")

_HIGHER: Final = 0
_INVERSE: Final = 1
_LINEAR: Final = 2
_TWO = Decimal(2)
_ACHIEVED = Status.ACHIEVED
_NOT_ACHIEVED = Status.NOT_ACHIEVED
_STRICT_FLAGS = ("strict_bound",)
_STRICT_NOTES = (_STRICT_NOTE,)
_ASSUMED = ("unit_assumed",)
#: An outcome's fields in declaration order; score_range and reason stay None here.
_FIELD_TEMPLATE: dict[str, object] = dict.fromkeys(Outcome.model_fields)

#: Conversions (``1.45亿元`` → ``14500万元`` and its note) by actual and target quantity.
_CONVERTED: dict[tuple[int, int], tuple[Quantity, Quantity, Converted]] = {}
_KEEP = 4096

# Building an Outcome the way ``new_outcome`` does.
_new = object.__new__
_set_dict = object.__setattr__


class FastComparison:
    """One comparison target under one policy, direction and category, ready to score
    numbers without intermediate records (see the module docstring)."""

    __slots__ = ("_assume_factor", "_assumed", "_bare_general", "_bare_read", "_base_factor",
                 "_category", "_flag", "_flag_pct",
                 "_head", "_kind", "_met_working", "_plan_flags", "_plan_notes", "_polarity",
                 "_quantity", "_quantum", "_rounding", "_strict", "_suffix", "_t", "_t_factor",
                 "_t_multiplier", "_t_shown", "_target", "_unit", "_unit_den", "_unit_num",
                 "_unmet", "_weights")

    def __init__(self, kind: int, target: Comparison, text: str, policy: Policy,
                 plan: ComparisonPlan, category: str | None) -> None:
        quantity = target.quantity
        self._kind = kind
        self._target = target
        self._polarity = plan.rule.polarity
        self._strict = plan.strict
        self._plan_flags = plan.flags
        self._plan_notes = plan.notes
        self._quantity = quantity
        self._t = quantity.value
        self._t_factor = plan.factor
        self._t_shown = show(quantity.value, plan.factor)
        self._t_multiplier = quantity.multiplier
        self._unit = quantity.unit
        self._unit_num = quantity.unit.numerator
        self._unit_den = quantity.unit.denominators
        # A bare number is read in the target's unit: written like the target.
        self._assume_factor = None if quantity.unit.is_dimensionless else \
            quantity.multiplier_factor
        self._suffix = quantity.multiplier + unit_name(quantity.unit)
        # A bare number against a target with two readings (43000 against ≤4万元, 0.965
        # against ≥95%): a doubtful scale, or another setting, goes the general path.
        self._base_factor = base_factor(quantity)
        self._bare_general = policy.bare_actual_scale != "target"
        self._bare_read = quantity.multiplier_factor if quantity.multiplier else ONE
        self._quantum = policy.rounding
        self._rounding = policy.rounding_constant
        self._flag = policy.overshoot_flag if kind == _HIGHER else None
        self._flag_pct = "" if self._flag is None else pct(self._flag)
        head = f"目标 {text or '（空）'}，实际 "
        self._head = f"【{category}】{head}" if category else head
        met = "达到目标，得满分 " if kind == _HIGHER else "未超过目标，得满分 "
        self._met_working = f"，{_ACHIEVED.label}；{plan.label}{met}"
        self._unmet = f"，{_NOT_ACHIEVED.label}；{plan.label}"
        self._category = category
        self._weights: dict[Decimal, tuple[str, Decimal]] = {}
        self._assumed: dict[Decimal, str] = {}

    def __call__(self, actual: NumberActual, text: str, weight: Decimal) -> Outcome | None:
        """The outcome of ``actual`` (written ``text``) for ``weight`` points, or ``None``
        when the general path must score it."""
        if actual.copied_op is not None:
            return None
        quantity = actual.quantity
        unit = quantity.unit
        k = self._base_factor
        if k is not None and not quantity.multiplier and (
                unit is _NO_UNIT or (not unit.numerator and not unit.denominators)):
            if self._bare_general:
                return None
            r = quantity.value * self._bare_read / self._t
            if not PLAUSIBLE_LOW <= r <= PLAUSIBLE_HIGH and \
                    PLAUSIBLE_LOW <= r * k <= PLAUSIBLE_HIGH:
                return None  # scale_ambiguous: the general path explains both readings
        shown = text or "（未填写）"
        if (unit is self._unit or (unit.numerator == self._unit_num
                                   and unit.denominators == self._unit_den)) \
                and quantity.multiplier == self._t_multiplier:
            a = quantity.value
            flags = self._plan_flags
        elif (unit is _NO_UNIT or (not unit.numerator and not unit.denominators)) \
                and not quantity.multiplier and self._assume_factor is not None:
            a = quantity.value * self._assume_factor
            note = self._assumed.get(a)
            if note is None:
                note = self._assumed_note(a)
            shown += note
            flags = self._plan_flags + _ASSUMED
        else:
            known = _CONVERTED.get((id(quantity), id(self._quantity)))
            converted: Converted | None = known[2] if known is not None and \
                known[0] is quantity and known[1] is self._quantity \
                else self._convert(quantity)
            if converted is None:
                return None  # a unit mismatch: the general path explains it
            a = converted.value
            flags = self._plan_flags
            if converted.flag:
                flags += (converted.flag,)
            if converted.note:
                shown = f"{shown}（{converted.note}）"
        t = self._t
        kind = self._kind
        notes = self._plan_notes
        ratio = a / t
        per_weight = self._weights.get(weight)
        if per_weight is None:
            per_weight = self._per_weight(weight)
        if (a >= t) if kind == _HIGHER else (a <= t):
            status = _ACHIEVED
            score = per_weight[1]
            if score > weight:
                score = weight
            explanation = f"{self._head}{shown}{self._met_working}{score}"
            if self._strict and a == t:
                flags = _STRICT_FLAGS + flags
                notes = _STRICT_NOTES + notes
            else:
                flag = self._flag
                if flag is not None and ratio >= flag:
                    flags = ("overshoot", *flags)
                    notes = (f"实际为目标的 {pct(ratio)}，达到 {self._flag_pct} 及以上，"
                             "需填写偏差原因（不扣分）", *notes)
        else:
            status = _NOT_ACHIEVED
            factor = self._t_factor
            a_shown = (_NUM_CACHE.get(a) or num(a)) if factor == ONE else num(a / factor)
            if kind == _HIGHER:
                fraction = ratio if ratio > 0 else ZERO
            elif kind == _INVERSE:
                fraction = t / a
            else:
                fraction = max(_TWO - ratio, ZERO)
            score = (fraction * weight).quantize(self._quantum, self._rounding)
            if score > weight:  # rounding up past the weight (the fraction is ≥ 0 here)
                score = weight
            t_shown = self._t_shown
            if kind == _HIGHER:
                explanation = (f"{self._head}{shown}{self._unmet}按比例得分 {a_shown}÷{t_shown}"
                               f"{per_weight[0]}{score}")
            elif kind == _INVERSE:
                explanation = (f"{self._head}{shown}{self._unmet}超出目标，按 目标÷实际 得分 "
                               f"{t_shown}÷{a_shown}{per_weight[0]}{score}")
            else:
                explanation = (f"{self._head}{shown}{self._unmet}超出目标，按线性扣减 "
                               f"(1−({a_shown}−{t_shown})÷{t_shown}){per_weight[0]}{score}")
        if notes:
            explanation += "；" + "；".join(notes)
        fields = _FIELD_TEMPLATE.copy()
        fields["status"] = status
        fields["ratio"] = ratio
        fields["score"] = score
        fields["weight"] = weight
        fields["polarity"] = self._polarity
        fields["explanation"] = explanation
        fields["flags"] = flags
        fields["category"] = self._category
        fields["target"] = self._target
        fields["actual"] = actual
        outcome = _new(Outcome)
        _set_dict(outcome, "__dict__", fields)
        _set_fields_set(outcome, set(_FIELDS))
        _set_extra(outcome, None)
        _set_private(outcome, None)
        return outcome

    def rule(self) -> NumericRule:
        """This rule as public data (what :mod:`zhibiao.batch` vectorises)."""
        kind: Literal["higher", "inverse", "linear"] = (
            "higher" if self._kind == _HIGHER else
            "inverse" if self._kind == _INVERSE else "linear")
        return NumericRule(kind, self._t, self._quantity, self._strict, self._plan_flags,
                           self._plan_notes, self._flag, self._quantum, self._rounding)

    def _convert(self, quantity: Quantity) -> Converted | None:
        """The actual in the target's unit, with its note (``折合 14500万元``), kept per
        actual and target quantity: the note costs more to write than the rest of the
        evaluation."""
        target = self._quantity
        converted = to_target_unit(quantity, target)
        if type(converted) is not Converted:
            return None
        if len(_CONVERTED) >= _KEEP:
            _CONVERTED.clear()
        _CONVERTED[id(quantity), id(target)] = (quantity, target, converted)
        return converted

    def _assumed_note(self, a: Decimal) -> str:
        """``（实际值未写单位，按目标单位计为 92%）``: a bare number read in the target's
        unit (the text depends on the value only)."""
        factor = self._t_factor
        written = (num(a) if factor == ONE else num(a / factor)) + self._suffix
        note = f"（实际值未写单位，按目标单位计为 {written}）"
        if len(self._assumed) < 256:
            self._assumed[a] = note
        return note

    def _per_weight(self, weight: Decimal) -> tuple[str, Decimal]:
        """``×10 = `` and the full score for a weight (kept for nonzero weights: these
        depend on the weight's value only, -0 aside)."""
        entry = (f"×{num(weight)} = ",
                 (ONE * weight).quantize(self._quantum, self._rounding))
        if weight and len(self._weights) < 64:
            self._weights[weight] = entry
        return entry


def fast_comparison(target: Comparison, text: str, policy: Policy, plan: ComparisonPlan,
                    category: str | None) -> FastComparison | None:
    """The fused scorer for a comparison target, or ``None`` when its rule or the policy
    needs the general path (tolerance, ``rate_quantum``, ``overshoot_cut``, T ≤ 0,
    等于 as an exact standard, ≠)."""
    if policy.tolerance is not None or policy.rate_quantum is not None or \
            policy.overshoot_cut is not None or target.quantity.value <= 0:
        return None
    rule = plan.rule
    kind = type(rule)
    if kind is HigherIsBetter or kind is ExactAsHigher:
        code = _HIGHER
    elif kind is LowerIsBetterInverse:
        code = _INVERSE
    elif kind is LowerIsBetterLinear:
        code = _LINEAR
    else:
        return None
    return FastComparison(code, target, text, policy, plan, category)

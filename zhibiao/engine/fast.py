"""The fused kernel of :class:`~zhibiao.engine.scorer.Scorer`: a number against ``≥T``,
``≤T`` (or a bare value scored as one of them), the rules of
:mod:`zhibiao.engine.directions` fused with :func:`zhibiao.engine.explain.finish`.

Scoring step by step passes a case from step to step (find → plan → judge → finish) and
builds the records in between. For the commonest rows — a number in the target's unit
(``92%`` against ``≥95%``) or a bare number (``92`` or ``Decimal("92")``, unit assumed)
— :class:`FusedComparison` goes straight from the two values to the
:class:`~zhibiao.engine.outcome.Outcome`, with the wording that does not depend on the
actual prepared once per target.

It is built from the compiled :class:`~zhibiao.engine.scorer.NumericRule`
(:func:`numeric_rule`), and only when the rule is one it computes: the kind comes from
the compiled comparison rule, and every setting of the policy that the rule does not
carry must be one that never reaches a number against a comparison
(:data:`KERNEL_SETTINGS`). A setting added to :class:`~zhibiao.engine.policy.Policy`
later is therefore left to the step-by-step path until it is listed there; a test
(``tests/test_scorer.py``) holds the kernel equal to the step-by-step path for a
non-default value of every setting.

Outcomes are immutable: one given again for the same actual and weight objects (a
table's repeated ``100%`` read once by the parser's reader) is returned again, up to
:data:`_OUTCOMES_KEPT` per target, from the target's second outcome on (a scorer used
once keeps none).

It builds exactly what the general path builds, field for field and character for
character (``tests/test_engine_speedups.py``), and declines (returns ``None``) for
everything else: copied operators, other units, a doubtful scale. The general path then
scores the row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

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
from zhibiao.engine.explain import num, pct
from zhibiao.engine.finding import ONE, ZERO
from zhibiao.engine.numeric_rule import NumericRule
from zhibiao.engine.outcome import Outcome, Status
from zhibiao.engine.policy import DEFAULT_POLICY, Policy
from zhibiao.engine.quantitative import ComparisonPlan
from zhibiao.grammar import Comparison, NumberActual, Quantity

__all__ = ("KERNEL_SETTINGS", "FusedComparison", "numeric_rule")

#: Policy settings the kernel follows: carried by the :class:`NumericRule` (``reverse``,
#: ``bare_value``, ``bare_value_by_category``, ``direction_from_name`` choose its kind;
#: ``rounding`` and ``rounding_mode`` its quantum and rounding; ``overshoot_flag``), read
#: when it is built (``bare_actual_scale``), or never reaching a number against a
#: comparison (the others). Any other setting with a non-default value leaves the target to the
#: step-by-step rules.
KERNEL_SETTINGS: Final = frozenset({
    "reverse", "bare_value", "bare_value_by_category", "direction_from_name", "rounding",
    "rounding_mode", "overshoot_flag", "bare_actual_scale",
    "qualitative_bands", "qualitative_position", "late", "grades", "year",
    "budget_rate_quantum",
})
_KINDS: Final = {HigherIsBetter: "higher", ExactAsHigher: "higher",
                 LowerIsBetterInverse: "inverse", LowerIsBetterLinear: "linear"}
_TWO = Decimal(2)
_ACHIEVED = Status.ACHIEVED
_NOT_ACHIEVED = Status.NOT_ACHIEVED
_STRICT_FLAGS = ("strict_bound",)
_STRICT_NOTES = (_STRICT_NOTE,)
_ASSUMED = ("unit_assumed",)
_KEEP = 4096
#: Outcomes kept per target, for actuals and weights that repeat (the same objects).
_OUTCOMES_KEPT = 256
_validate = Outcome.model_validate


def _other_settings_default(policy: Policy) -> bool:
    """Whether every setting the kernel does not follow has its default value."""
    return policy is DEFAULT_POLICY or all(
        getattr(policy, name) == getattr(DEFAULT_POLICY, name)
        for name in type(policy).model_fields if name not in KERNEL_SETTINGS)


def numeric_rule(target: Comparison, policy: Policy, plan: ComparisonPlan,
                 ) -> NumericRule | None:
    """The compiled rule of a comparison target, or ``None`` when its rule is not one of
    the proportional rules (等于 as an exact standard, ≠), its value is not above zero,
    or the policy sets something the rule does not carry."""
    kind = _KINDS.get(type(plan.rule))
    quantity = target.quantity
    if kind is None or quantity.value <= 0 or not _other_settings_default(policy):
        return None
    return NumericRule(kind, quantity.value, quantity, plan.strict, plan.flags,  # type: ignore[arg-type]
                       plan.notes, policy.overshoot_flag if kind == "higher" else None,
                       policy.rounding, policy.rounding_constant)


class FusedComparison:
    """One :class:`NumericRule` with its target's wording, ready to score numbers
    without intermediate records (see the module docstring)."""

    __slots__ = ("_assume_factor", "_assumed", "_bare_general", "_bare_read", "_base_factor",
                 "_category", "_converted", "_flag", "_flag_pct", "_head", "_higher",
                 "_inverse", "_met_working", "_outcomes", "_polarity", "_quantity", "_quantum",
                 "_rounding", "_rule", "_strict", "_suffix", "_t", "_t_factor",
                 "_t_multiplier", "_t_shown", "_target", "_template", "_unit", "_unit_den",
                 "_unit_num", "_unmet", "_weights")

    def __init__(self, rule: NumericRule, target: Comparison, text: str, label: str,
                 category: str | None, bare_actual_scale: str) -> None:
        quantity = rule.quantity
        factor = quantity.multiplier_factor
        self._rule = rule
        self._higher = rule.kind == "higher"
        self._inverse = rule.kind == "inverse"
        self._target = target
        self._polarity = "higher" if self._higher else "lower"
        self._strict = rule.strict
        self._quantity = quantity
        self._t = rule.target
        self._t_factor = factor
        self._t_shown = show(rule.target, factor)
        self._t_multiplier = quantity.multiplier
        self._unit = quantity.unit
        self._unit_num = quantity.unit.numerator
        self._unit_den = quantity.unit.denominators
        # A bare number is read in the target's unit: written like the target.
        self._assume_factor = None if quantity.unit.is_dimensionless else factor
        self._suffix = quantity.multiplier + unit_name(quantity.unit)
        # A bare number against a target with two readings (43000 against ≤4万元, 0.965
        # against ≥95%): a doubtful scale, or another setting, goes the general path.
        self._base_factor = base_factor(quantity)
        self._bare_general = bare_actual_scale != "target"
        self._bare_read = factor if quantity.multiplier else ONE
        self._quantum = rule.quantum
        self._rounding = rule.rounding
        self._flag = rule.overshoot_flag
        self._flag_pct = "" if self._flag is None else pct(self._flag)
        head = f"目标 {text or '（空）'}，实际 "
        self._head = f"【{category}】{head}" if category else head
        met = "达到目标，得满分 " if self._higher else "未超过目标，得满分 "
        self._met_working = f"，{_ACHIEVED.label}；{label}{met}"
        self._unmet = f"，{_NOT_ACHIEVED.label}；{label}"
        self._category = category
        self._weights: dict[Decimal, tuple[str, Decimal]] = {}
        self._assumed: dict[Decimal, str] = {}
        self._converted: dict[tuple[object, ...], Converted | None] = {}
        # The first outcome, validated; the others are copies with the row's fields
        # replaced (pydantic's public model_copy, twice as fast as model_construct).
        self._template: Outcome | None = None
        # None until the first outcome: a scorer used once (a ruleset's) keeps none.
        self._outcomes: dict[tuple[str, Decimal],
                             tuple[NumberActual, Decimal, Outcome]] | None = None

    @property
    def rule(self) -> NumericRule:
        return self._rule

    def __call__(self, actual: NumberActual, text: str, weight: Decimal) -> Outcome | None:
        """The outcome of ``actual`` (written ``text``) for ``weight`` points, or ``None``
        when the general path must score it."""
        outcomes = self._outcomes
        if outcomes:
            known = outcomes.get((text, weight))
            if known is not None and known[0] is actual and known[1] is weight:
                return known[2]  # the same actual and weight objects: the same outcome
        if actual.copied_op is not None:
            return None
        quantity = actual.quantity
        unit = quantity.unit
        bare = not unit.numerator and not unit.denominators and not quantity.multiplier
        k = self._base_factor
        if k is not None and bare:
            if self._bare_general:
                return None
            r = quantity.value * self._bare_read / self._t
            if not PLAUSIBLE_LOW <= r <= PLAUSIBLE_HIGH and \
                    PLAUSIBLE_LOW <= r * k <= PLAUSIBLE_HIGH:
                return None  # scale_ambiguous: the general path explains both readings
        shown = text or "（未填写）"
        flags = self._rule.flags
        if (unit is self._unit or (unit.numerator == self._unit_num
                                   and unit.denominators == self._unit_den)) \
                and quantity.multiplier == self._t_multiplier:
            a = quantity.value
        elif bare and self._assume_factor is not None:
            a = quantity.value * self._assume_factor
            note = self._assumed.get(a)
            if note is None:
                note = self._assumed_note(a)
            shown += note
            flags = flags + _ASSUMED
        else:
            converted = self._convert(quantity)
            if converted is None:
                return None  # a unit mismatch: the general path explains it
            a = converted.value
            if converted.flag:
                flags += (converted.flag,)
            if converted.note:
                shown = f"{shown}（{converted.note}）"
        outcome = self._scored(actual, shown, a, weight, flags)
        if outcomes is None:
            self._outcomes = {}
        elif len(outcomes) < _OUTCOMES_KEPT:
            outcomes[text, weight] = (actual, weight, outcome)
        return outcome

    def _scored(self, actual: NumberActual, shown: str, a: Decimal, weight: Decimal,
                flags: tuple[str, ...]) -> Outcome:
        t = self._t
        notes = self._rule.notes
        ratio = a / t
        per_weight = self._weights.get(weight)
        if per_weight is None:
            per_weight = self._per_weight(weight)
        if (a >= t) if self._higher else (a <= t):
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
            a_shown = show(a, self._t_factor)
            if self._higher:
                fraction = ratio if ratio > 0 else ZERO
            elif self._inverse:
                fraction = t / a
            else:
                fraction = max(_TWO - ratio, ZERO)
            score = (fraction * weight).quantize(self._quantum, self._rounding)
            if score > weight:  # rounding up past the weight (the fraction is ≥ 0 here)
                score = weight
            t_shown = self._t_shown
            if self._higher:
                explanation = (f"{self._head}{shown}{self._unmet}按比例得分 {a_shown}÷{t_shown}"
                               f"{per_weight[0]}{score}")
            elif self._inverse:
                explanation = (f"{self._head}{shown}{self._unmet}超出目标，按 目标÷实际 得分 "
                               f"{t_shown}÷{a_shown}{per_weight[0]}{score}")
            else:
                explanation = (f"{self._head}{shown}{self._unmet}超出目标，按线性扣减 "
                               f"(1−({a_shown}−{t_shown})÷{t_shown}){per_weight[0]}{score}")
        if notes:
            explanation += "；" + "；".join(notes)
        fields = {"status": status, "ratio": ratio, "score": score, "weight": weight,
                  "explanation": explanation, "flags": flags, "actual": actual}
        template = self._template
        if template is not None:
            return template.model_copy(update=fields)
        self._template = outcome = _validate({
            **fields, "score_range": None, "polarity": self._polarity, "reason": None,
            "category": self._category, "target": self._target})
        return outcome

    def _convert(self, quantity: Quantity) -> Converted | None:
        """The actual in the target's unit, with its note (``折合 14500万元``), kept per
        quantity (by value, exponent included): the note costs more to write than the
        rest of the evaluation."""
        unit = quantity.unit
        key = (quantity.value.as_tuple(), quantity.multiplier, unit.numerator,
               unit.denominators, unit.scale, unit.dimension)
        if key in self._converted:
            return self._converted[key]
        converted = to_target_unit(quantity, self._quantity)
        found = converted if type(converted) is Converted else None
        if len(self._converted) >= _KEEP:
            self._converted.clear()
        self._converted[key] = found
        return found

    def _assumed_note(self, a: Decimal) -> str:
        """``（实际值未写单位，按目标单位计为 92%）``: a bare number read in the target's
        unit (the text depends on the value only)."""
        written = show(a, self._t_factor) + self._suffix
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

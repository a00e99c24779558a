"""The scale of a bare actual (issue 12, item 8): ``43000`` against ``≤4万元``.

A number written without a unit against a target written in a scale has two readings:

- the **target reading** — in the target's unit as written: ``43000`` against ``≤4万元``
  is 43000万元, ``0.965`` against ``≥95%`` is 0.965%;
- the **base reading** — in the base unit: 43000元 (a money target without its 万/亿,
  any target without its multiplier: 1.2万人 → 人), and for a ratio the plain fraction
  (``0.965`` is 96.5%, what a spreadsheet stores for a percent cell; ``0.5`` against ``‰``
  is 500‰).

Targets without a multiplier and without a ratio unit (``≥60个``, ``≤30天``) have one
reading only and are not affected. Policy ``bare_actual_scale`` chooses the reading
(``target`` by default, ``base``, or ``refuse``: not evaluable, both readings stated).

A reading is **plausible** when its completion A÷T lies within 10 %–1,000 % (both
inclusive; T > 0). The outcome is flagged ``scale_ambiguous`` (须复核) exactly when the
reading the policy takes is not plausible and the other one is; under ``refuse``, which
takes neither, exactly when one of the two is plausible. The explanation then states both
readings with their completions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from zhibiao.engine.conversion import Converted, to_target_unit, unit_name, written
from zhibiao.engine.explain import num, pct
from zhibiao.engine.finding import Finding, not_evaluable
from zhibiao.engine.policy import Policy
from zhibiao.grammar import Quantity

__all__ = ("PLAUSIBLE_HIGH", "PLAUSIBLE_LOW", "REVIEW_NOTE", "ScaleReadings", "bare_reading",
           "base_factor", "is_bare", "plausible", "scale_readings")

#: Completion bounds of a plausible reading (10 % and 1,000 %, both inclusive).
PLAUSIBLE_LOW = Decimal("0.1")
PLAUSIBLE_HIGH = Decimal(10)
_HUNDRED = Decimal(100)
_FLAG = "scale_ambiguous"
#: How the note that states both readings begins (a compound target passes it on).
REVIEW_NOTE = "量级存疑（须复核）"


def is_bare(quantity: Quantity) -> bool:
    """A number written with neither unit nor multiplier (``43000``, ``0.965``)."""
    unit = quantity.unit
    return not unit.numerator and not unit.denominators and not quantity.multiplier


def base_factor(target: Quantity) -> Decimal | None:
    """How much the base reading of a bare number exceeds its target reading (both in the
    target's values): 1÷10000 for ``4万元``, 100 for ``95%``, 1000 for ``‰``; ``None`` when
    the target has one reading only."""
    if target.multiplier:
        return 1 / target.multiplier_factor
    unit = target.unit
    if unit.dimension == "ratio" and not unit.denominators:
        scale = unit.scale
        return _HUNDRED * Decimal(scale.denominator) / Decimal(scale.numerator)
    return None


def plausible(value: Decimal, target: Decimal) -> bool:
    """Whether ``value`` is within 10 %–1,000 % of a positive ``target``."""
    return target > 0 and PLAUSIBLE_LOW <= value / target <= PLAUSIBLE_HIGH


class ScaleReadings(NamedTuple):
    """Both readings of a bare number, in the target's values, and which are plausible."""

    target_value: Decimal
    base_value: Decimal
    target_plausible: bool
    base_plausible: bool

    def ambiguous(self, setting: str) -> bool:
        """The ``scale_ambiguous`` flag under a ``bare_actual_scale`` setting."""
        if setting == "target":
            return self.base_plausible and not self.target_plausible
        if setting == "base":
            return self.target_plausible and not self.base_plausible
        return self.target_plausible != self.base_plausible


def scale_readings(value: Decimal, target: Quantity) -> ScaleReadings | None:
    """The two readings of the bare number ``value`` against ``target``, or ``None`` when
    the target has one reading only."""
    factor = base_factor(target)
    if factor is None:
        return None
    target_value = value * target.multiplier_factor if target.multiplier else value
    base_value = target_value * factor
    t = target.value
    return ScaleReadings(target_value, base_value, plausible(target_value, t),
                         plausible(base_value, t))


def _base_text(value: Decimal, readings: ScaleReadings, target: Quantity) -> str:
    """``43000元（即 4.3万元）`` or ``0.965（即 96.5%）``: the base reading in words."""
    shown = written(readings.base_value, target)
    unit = unit_name(target.unit) if target.multiplier else ""
    return f"{num(value)}{unit}（即 {shown}）"


def _base_word(target: Quantity) -> str:
    return "基本单位" if target.multiplier else "小数"


def _both(value: Decimal, readings: ScaleReadings, target: Quantity) -> str:
    t = target.value
    return (f"按目标单位读作 {written(readings.target_value, target)}，完成率 "
            f"{pct(readings.target_value / t)}；按{_base_word(target)}读作 "
            f"{_base_text(value, readings, target)}，完成率 {pct(readings.base_value / t)}")


def _verdict(readings: ScaleReadings) -> str:
    if readings.target_plausible == readings.base_plausible:
        return ""
    which = "前者" if readings.target_plausible else "后者"
    return f"；只有{which}在 10%–1000% 之内"


def bare_reading(quantity: Quantity, target: Quantity, policy: Policy,
                 polarity: str) -> Converted | Finding | None:
    """A bare actual against a target with two readings, read as the policy says;
    ``None`` when the ordinary conversion applies unchanged (the actual is not bare, the
    target has one reading, or the target reading is taken and not in doubt)."""
    if not is_bare(quantity):
        return None
    value = quantity.value
    readings = scale_readings(value, target)
    if readings is None or target.value <= 0:
        return None
    setting = policy.bare_actual_scale
    flags = (_FLAG,) if readings.ambiguous(setting) else ()
    both = _both(value, readings, target)
    if setting == "refuse":
        return not_evaluable(polarity, "ambiguous_scale",
                             f"{both}{_verdict(readings)}；请写明单位", flags=flags)
    if setting == "target":
        if not flags:
            return None  # today's reading, worded by to_target_unit
        today = to_target_unit(quantity, target)
        assert isinstance(today, Converted)  # a bare number converts to any unit
        chosen, note = today.value, today.note
    else:
        chosen = readings.base_value
        note = (f"实际值未写单位，按{_base_word(target)}计为 "
                f"{_base_text(value, readings, target)}")
        if not flags:
            return Converted(chosen, "unit_assumed", note)
    review = f"{REVIEW_NOTE}：{both}{_verdict(readings)}，请核实后写明单位"
    return Converted(chosen, "unit_assumed", note, extra_flags=flags, extra_notes=(review,))

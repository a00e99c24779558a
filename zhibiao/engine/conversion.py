"""Bringing an actual quantity into the target's unit, exactly.

Rules (DOMAIN §5):

- a bare number takes the target's unit *as written* (``100`` against ``=100%`` is
  100%; ``132.9`` against ``≤202.6万元`` is 132.9万元), and so does a rate whose
  numerator is unwritten (``每户1600`` against ``每户≥1500元`` is 1600元/户; a target
  ``每亩300`` takes the actual's ``元/亩``), flagged ``unit_assumed``;
- another scale of the same unit converts exactly (``1.45亿元`` = ``14500万元``,
  ``2小时`` = ``120分钟``; scales are exact fractions from ``units.txt``);
- a count against a per-year target (``4次`` against ``每年≥3次``) is taken as the count
  for the evaluation year;
- anything else is a mismatch that names both units (``次`` against ``人``; ``工作日``
  against ``天``: converting those needs a calendar, which only dates can give).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from zhibiao.grammar import Quantity, Unit, format_decimal

__all__ = (
    "Converted",
    "Mismatch",
    "to_target_unit",
    "unit_label",
    "unit_name",
    "written",
)


class Converted(NamedTuple):
    """The actual's value in the target's canonical unit, with what was assumed
    (``extra_flags`` and ``extra_notes``: what a doubtful reading adds, see
    :mod:`zhibiao.engine.bare_scale`)."""

    value: Decimal
    flag: str | None = None
    note: str = ""
    extra_flags: tuple[str, ...] = ()
    extra_notes: tuple[str, ...] = ()


class Mismatch(NamedTuple):
    """Units that cannot be compared; both are named in the explanation."""

    target_unit: str
    actual_unit: str
    note: str


def unit_name(unit: Unit) -> str:
    """``unit.name``: ``元``, ``%``, ``次/年``."""
    return unit.name


def unit_label(unit: Unit) -> str:
    """The unit's name, or 无单位 when it has none."""
    return unit_name(unit) or "无单位"


def written(value: Decimal, like: Quantity) -> str:
    """``value`` (canonical) written the way ``like`` is: ``14500万元`` for ≥14000万元."""
    factor = like.multiplier_factor
    number = format_decimal(value if factor == _ONE else value / factor)
    return number + like.multiplier + unit_name(like.unit)


_ONE = Decimal(1)


def _fraction_to_decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def to_target_unit(actual: Quantity, target: Quantity) -> Converted | Mismatch:
    """Convert ``actual`` into ``target``'s unit (see the module docstring)."""
    a_unit, t_unit = actual.unit, target.unit
    if a_unit is t_unit or (a_unit.numerator == t_unit.numerator
                            and a_unit.denominators == t_unit.denominators):
        if a_unit.is_dimensionless and not actual.multiplier and target.multiplier:
            # A bare 45 against 45万: the number is written in the target's scale.
            value = actual.value * target.multiplier_factor
            return Converted(value, "unit_assumed",
                             f"实际值未写单位，按目标写法计为 {written(value, target)}")
        if actual.multiplier != target.multiplier:
            return Converted(actual.value, "unit_converted",
                             f"折合 {written(actual.value, target)}")
        return Converted(actual.value)
    if a_unit.is_dimensionless:
        factor = target.multiplier_factor if not actual.multiplier else Decimal(1)
        value = actual.value * factor
        return Converted(value, "unit_assumed",
                         f"实际值未写单位，按目标单位计为 {written(value, target)}")
    if t_unit.is_dimensionless:
        return Converted(actual.value, "unit_assumed",
                         f"目标未写单位，按实际值的单位“{a_unit.name}”比较")
    if a_unit.denominators == t_unit.denominators and not a_unit.numerator:
        # 每户1600 against 每户≥1500元: only the numerator of the rate is unwritten.
        factor = target.multiplier_factor if not actual.multiplier else Decimal(1)
        value = actual.value * factor
        return Converted(value, "unit_assumed", f"实际值 “{a_unit.name}” 未写计量单位，"
                                                f"按目标单位计为 {written(value, target)}")
    if a_unit.denominators == t_unit.denominators and not t_unit.numerator:
        return Converted(actual.value, "unit_assumed", f"目标 “{t_unit.name}” 未写计量单位，"
                                                       f"按实际值的单位“{a_unit.name}”比较")
    if a_unit.dimension == t_unit.dimension:
        value = _fraction_to_decimal(Fraction(actual.value) * a_unit.scale / t_unit.scale)
        return Converted(value, "unit_converted", f"折合 {written(value, target)}")
    if (a_unit.numerator == t_unit.numerator and t_unit.denominators
            and t_unit.denominators[-1] == "年"
            and a_unit.denominators == t_unit.denominators[:-1]):
        return Converted(actual.value, "per_year_assumed",
                         f"目标为每年的数量，实际 {actual} 按评价年度一年计")
    note = (f"目标单位“{unit_label(t_unit)}”，实际单位“{unit_label(a_unit)}”，"
            "二者不能换算")
    if {a_unit.dimension, t_unit.dimension} == {"workday", "clock"}:
        note += "（工作日与自然日的换算需要日历：请以起止日期填写实际值）"
    return Mismatch(unit_label(t_unit), unit_label(a_unit), note)

"""The second reading of a number in a decimal ``actual`` column.

A number of a decimal column is read in the target's base unit (``0.92`` against
``≥95%`` is 0.92%, ``1.1`` against ``≥1.2万元`` is 1.1元) and scored so. Tables from
Excel or WPS through pandas or polars often hold something else: a percent cell as its
fraction (92% is stored as 0.92), money in 万元. So a target with one unit that has a
second reading — a ratio unit (``%``: the number may be a fraction, ×100; ``‰``:
×1000) or a multiplier (``万``, ``亿``: the number may be written in the multiplied
unit, ×10^4, ×10^8) — flags the row ``scale_ambiguous`` (须复核) exactly when the base
reading is not plausible and the other one is, by the bounds of
:mod:`zhibiao.engine.bare_scale`: a reading is plausible when its completion A÷T lies
within 10 %–1,000 % (both inclusive; T > 0). A range target is read against its upper
bound, as the engine reads a bare number against it. The score, status and ratio stay
those of the base reading; the explanation states both readings.

The bounds are compared exactly (as fractions, not by a 28-digit quotient), so the
numeric kernel decides the same rows with integers (:func:`doubt_interval`).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import ceil, floor

from zhibiao.batch.records import Record
from zhibiao.engine.bare_scale import PLAUSIBLE_HIGH, PLAUSIBLE_LOW, REVIEW_NOTE, base_factor
from zhibiao.engine.conversion import written
from zhibiao.engine.explain import num, pct
from zhibiao.grammar import Comparison, Quantity, Range, Target

__all__ = ("FLAG", "doubt_interval", "doubtful", "flagged", "other_factor",
           "reading_quantity")

FLAG = "scale_ambiguous"
_LOW = Fraction(PLAUSIBLE_LOW)
_HIGH = Fraction(PLAUSIBLE_HIGH)
#: How a ratio unit's fraction is named in the note (another ratio unit: 比率).
_FRACTION_NAMES = {"%": "百分数", "‰": "千分数"}


def reading_quantity(model: Target) -> Quantity | None:
    """The target quantity a number is compared with for plausibility (a comparison's
    quantity, a range's upper bound), or ``None`` for a target without one unit."""
    if isinstance(model, Comparison):
        return model.quantity
    if isinstance(model, Range):
        return model.high
    return None


def other_factor(quantity: Quantity) -> Decimal | None:
    """How much the second reading exceeds the base reading: the multiplier's factor
    (10^4 for ``万``), 100 for ``%``, 1000 for ``‰``; ``None`` without a second
    reading."""
    if quantity.multiplier:
        return quantity.multiplier_factor
    return base_factor(quantity)


def _plausible(value: Fraction, target: Fraction) -> bool:
    return target > 0 and _LOW * target <= value <= _HIGH * target


def doubtful(value: Decimal, quantity: Quantity) -> Decimal | None:
    """The factor of the other reading when ``value`` (in the base unit) is flagged
    against ``quantity``: the base reading is not plausible and the other one is."""
    factor = other_factor(quantity)
    if factor is None or not value.is_finite():
        return None
    a, t = Fraction(value), Fraction(quantity.value)
    if _plausible(a, t) or not _plausible(a * Fraction(factor), t):
        return None
    return factor


def doubt_interval(quantity: Quantity, scale: int) -> tuple[int, int] | None:
    """The unscaled integers ``a`` (the number is ``a·10^-scale``) that
    :func:`doubtful` flags against ``quantity``, as ``(low, high)`` inclusive; ``None``
    when it flags none. Only a factor above 1 is described (the flagged numbers then
    lie below a tenth of the target); a factor of at most 1 raises ``ValueError``."""
    factor = other_factor(quantity)
    if factor is None or quantity.value <= 0:
        return None
    f = Fraction(factor)
    if f <= 1:
        raise ValueError("the kernel describes factors above 1 only")
    t = Fraction(quantity.value) * 10**scale
    # Other reading plausible: T/10 ≤ a·f ≤ 10T; base reading not: a < T/10 (a > 10T
    # cannot meet the first when f > 1).
    low = ceil(_LOW * t / f)
    high = min(floor(_HIGH * t / f), ceil(_LOW * t) - 1)
    return (low, high) if low <= high else None


def _note(value: Decimal, quantity: Quantity, factor: Decimal) -> str:
    t = quantity.value
    base = f"{num(value)}{quantity.unit.name}"
    other = value * factor
    if quantity.multiplier:
        meant = f"以{quantity.multiplier}{quantity.unit.name}为单位"
    else:
        meant = f"存的是小数形式的{_FRACTION_NAMES.get(quantity.unit.name, '比率')}"
    return (f"实际值列按目标的基本单位读作 {base}（完成率 {pct(value / t)}）；"
            f"若该列{meant}（{num(value)} 即 {written(other, quantity)}），完成率为 "
            f"{pct(other / t)}：{REVIEW_NOTE}，请核实该列的量级")


def flagged(record: Record, value: Decimal, model: Target) -> Record:
    """``record`` (the row scored by the base reading of ``value``) with the flag and
    the note when the reading is doubtful, else unchanged."""
    quantity = reading_quantity(model)
    factor = None if quantity is None else doubtful(value, quantity)
    if quantity is None or factor is None:
        return record
    return record._replace(
        flags=(*record.flags, FLAG),
        explanation=f"{record.explanation}；{_note(value, quantity, factor)}")

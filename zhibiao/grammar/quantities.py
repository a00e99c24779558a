"""Quantities: comparison operators, units and numbers with their unit."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import ClassVar

from pydantic import field_validator, model_validator

from zhibiao.decimal_context import MAX_ADJUSTED, within_range
from zhibiao.grammar.model_base import FrozenModel
from zhibiao.grammar.numerals import divided, format_decimal

__all__ = ("TIME_DIMENSIONS", "Op", "Quantity", "Unit")

#: Dimensions whose units may fold a 每X period prefix and sort last in a rate.
TIME_DIMENSIONS = frozenset({"clock", "calendar", "workday"})


class Op(StrEnum):
    """Comparison operators, valued by their JSON spelling."""

    GE = ">="
    LE = "<="
    GT = ">"
    LT = "<"
    EQ = "=="
    NE = "!="
    APPROX = "~="

    @property
    def symbol(self) -> str:
        """The symbol used in canonical text (≥ ≤ > < = ≠ ≈)."""
        return _SYMBOLS[self]

    @property
    def is_lower_bound(self) -> bool:
        return self in (Op.GE, Op.GT)

    @property
    def is_upper_bound(self) -> bool:
        return self in (Op.LE, Op.LT)


_SYMBOLS = {Op.GE: "≥", Op.LE: "≤", Op.GT: ">", Op.LT: "<", Op.EQ: "=", Op.NE: "≠",
            Op.APPROX: "≈"}


class Unit(FrozenModel):
    """A unit: canonical numerator and denominators, with dimension and exact scale.

    ``元/人/年`` and ``元/年/人`` are the same unit: denominators are kept in canonical
    order (counters first, then time units and 学期/学年). ``scale`` is exact (a fraction)
    relative to the dimension's base unit, so ``万元``-free canonical units compare exactly.
    """

    numerator: str = ""
    denominators: tuple[str, ...] = ()
    dimension: str = ""
    scale: Fraction = Fraction(1)

    @property
    def name(self) -> str:
        """Canonical name: ``元``, ``%``, ``次/年``, ``元/人/年``; ``""`` when none."""
        return self.numerator + "".join(f"/{d}" for d in self.denominators)

    @property
    def is_dimensionless(self) -> bool:
        return not self.numerator and not self.denominators

    def __str__(self) -> str:
        return self.name


class Quantity(FrozenModel):
    """A number with its unit. ``value`` is in the canonical unit (万 and 亿 folded)."""

    _display_only: ClassVar[frozenset[str]] = frozenset({"span", "multiplier",
                                                         "multiplier_factor"})

    value: Decimal
    unit: Unit = Unit()
    multiplier: str = ""
    multiplier_factor: Decimal = Decimal(1)

    @field_validator("value")
    @classmethod
    def _finite(cls, value: Decimal) -> Decimal:
        if not within_range(value):  # not finite, or its text (a billion digits) could not
            if not value.is_finite():  # be written
                raise ValueError("a quantity must be a finite number")
            raise ValueError(f"数值的数量级 10^{value.adjusted()} 超出可计算范围"
                             f"（应在 10^-{MAX_ADJUSTED} 到 10^{MAX_ADJUSTED} 之间）")
        return value

    @model_validator(mode="after")
    def _multiplier_consistent(self) -> Quantity:
        if not self.multiplier and self.multiplier_factor == 1:
            return self  # the usual case: nothing else to check
        if (self.multiplier == "") != (self.multiplier_factor == 1):
            raise ValueError("multiplier and multiplier_factor must be given together")
        if self.multiplier_factor <= 0:
            raise ValueError("multiplier_factor must be positive")
        if self.multiplier and self.unit.numerator and _is_unit_word(
                self.multiplier + self.unit.numerator):
            raise ValueError(f"{self.multiplier}{self.unit.numerator} is a unit of its own; "
                             "write it without the multiplier")
        return self

    @property
    def written_value(self) -> Decimal:
        """The number as written before the multiplier (1.4 in 1.4亿元)."""
        return divided(self.value, self.multiplier_factor)

    def number_text(self) -> str:
        return format_decimal(self.written_value) + self.multiplier

    def __str__(self) -> str:
        number = self.number_text()
        unit = self.unit.name
        # 12月 and 2023年 read back as dates: write the durations 12个月 and 2023个年度.
        if self.unit.numerator == "月":
            unit = "个" + unit
        elif self.unit.numerator == "年" and _YEAR_LIKE.fullmatch(number):
            unit = "个年度" + unit[1:]
        return number + unit


_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")


def _is_unit_word(text: str) -> bool:
    global _UNIT_WORDS
    if _UNIT_WORDS is None:
        from zhibiao.grammar.units import default_unit_table  # data, loaded once

        _UNIT_WORDS = frozenset(default_unit_table().written)
    return text in _UNIT_WORDS


_UNIT_WORDS: frozenset[str] | None = None

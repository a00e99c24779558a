"""Unit models from the unit table's canonical names (shared by the fast path and the
grammar's transformer; free of lark, so the fast path starts without it)."""

from __future__ import annotations

from fractions import Fraction

from zhibiao.grammar.models import TIME_DIMENSIONS, Unit
from zhibiao.grammar.units import UnitTable

__all__ = ("UnitBuilder", "build_unit", "period_words")

#: Denominators that sort last in a rate: time, and the school calendar's periods
#: (元/生/学期 like 元/生/年), which are not a fixed number of months.
_PERIOD_DIMENSIONS = TIME_DIMENSIONS | {"school_term", "school_year"}


def build_unit(units: UnitTable, numerator: str, denominators: tuple[str, ...]) -> Unit:
    """A :class:`Unit` from canonical names, denominators in canonical order."""

    def order(name: str) -> tuple[int, str]:
        return (units.definitions[name].dimension in _PERIOD_DIMENSIONS, name)

    dens = tuple(sorted(denominators, key=order))
    num_def = units.definitions[numerator] if numerator else None
    dimension = num_def.dimension if num_def else ""
    scale = num_def.scale if num_def else Fraction(1)
    for den in dens:
        definition = units.definitions[den]
        dimension += "/" + definition.dimension
        scale /= definition.scale
    return Unit(numerator=numerator, denominators=dens, dimension=dimension, scale=scale)


def period_words(period: str) -> tuple[str, ...]:
    """The units of a 每X period as written: ``每人每月`` → ``("人", "月")``."""
    return tuple(word.strip() for word in period.split("每")[1:])


class UnitBuilder:
    """:func:`build_unit` for one table, remembered: units are immutable and few."""

    def __init__(self, units: UnitTable) -> None:
        self.units = units
        self._built: dict[tuple[str, tuple[str, ...]], Unit] = {}

    def __call__(self, numerator: str, denominators: tuple[str, ...]) -> Unit:
        key = (numerator, denominators)
        unit = self._built.get(key)
        if unit is None:
            unit = self._built[key] = build_unit(self.units, numerator, denominators)
        return unit

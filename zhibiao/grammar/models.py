"""Typed, immutable models of a parsed 指标值.

Every model has a canonical text form, ``str(model)``, and ``parse(str(m)) == m``.
Equality is by meaning: the source ``span`` and the display-only multiplier word are
not compared, so ``parse("1.4亿元") == parse("140000000元")``.

The models live in :mod:`~zhibiao.grammar.model_base` (the frozen base and ``Span``),
:mod:`~zhibiao.grammar.quantities` (``Op``, ``Unit``, ``Quantity``),
:mod:`~zhibiao.grammar.date_points` (``DatePoint``) and
:mod:`~zhibiao.grammar.targets` (the clauses and ``Target``); this module gathers them.
"""

from zhibiao.grammar.date_points import DatePoint
from zhibiao.grammar.model_base import Span
from zhibiao.grammar.quantities import TIME_DIMENSIONS, Op, Quantity, Unit
from zhibiao.grammar.targets import (
    Clause,
    Comparison,
    Compound,
    Deadline,
    NotApplicable,
    Qualitative,
    Range,
    Target,
)

__all__ = (
    "TIME_DIMENSIONS",
    "Clause",
    "Comparison",
    "Compound",
    "DatePoint",
    "Deadline",
    "NotApplicable",
    "Op",
    "Qualitative",
    "Quantity",
    "Range",
    "Span",
    "Target",
    "Unit",
)

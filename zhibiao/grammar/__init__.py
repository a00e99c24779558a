"""The 指标值 language: grammar, models, unit and vocabulary tables."""

from zhibiao.grammar.models import (
    Clause,
    Comparison,
    Compound,
    DatePoint,
    Deadline,
    NotApplicable,
    Op,
    Qualitative,
    Quantity,
    Range,
    Span,
    Target,
    Unit,
)
from zhibiao.grammar.parser import IndicatorParser, default_parser, parse

__all__ = (
    "Clause",
    "Comparison",
    "Compound",
    "DatePoint",
    "Deadline",
    "IndicatorParser",
    "NotApplicable",
    "Op",
    "Qualitative",
    "Quantity",
    "Range",
    "Span",
    "Target",
    "Unit",
    "default_parser",
    "parse",
)

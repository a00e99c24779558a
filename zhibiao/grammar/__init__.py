"""The 指标值 language: grammar, models, unit and vocabulary tables — and the door the
other rooms (engine, ruleset, cli, testing) use: they import these names from
``zhibiao.grammar``, never from its modules.

Text is read here, once: targets (:meth:`IndicatorParser.parse`), actuals
(:meth:`IndicatorParser.parse_actual`), header units
(:meth:`IndicatorParser.with_header_unit`) and amounts
(:meth:`IndicatorParser.parse_amount`), each with the parser's own units and words.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from zhibiao.grammar.contract import result_json, target_json
from zhibiao.grammar.direction_names import DirectionNames, NameDirection, unit_dimension
from zhibiao.grammar.models import (
    TIME_DIMENSIONS,
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
from zhibiao.grammar.numerals import format_decimal
from zhibiao.grammar.parser import IndicatorParser, default_parser, parse
from zhibiao.grammar.traditional import TraditionalTable, default_traditional_table
from zhibiao.grammar.unit_models import build_unit
from zhibiao.grammar.units import UnitTable, default_unit_table, load_unit_table
from zhibiao.grammar.value_warnings import value_warnings
from zhibiao.grammar.vocabulary import Vocabulary, default_vocabulary

if TYPE_CHECKING:  # the names below are imported on first use (see __getattr__)
    from zhibiao.grammar.actual_dates import number_as_date, read_date_text
    from zhibiao.grammar.actual_models import (
        ACTUAL_TYPES,
        TIER_NAMES,
        WORD_BAND_SCALE,
        Actual,
        ActualPart,
        BlankActual,
        CompoundActual,
        DateActual,
        GradeActual,
        NotApplicableActual,
        NumberActual,
        PhraseActual,
        RangeActual,
        VerdictActual,
        actual_json,
        number_actual,
    )
    from zhibiao.grammar.actual_reader import ActualReader, GradeBand

#: Where each name that reads actuals lives. They are imported on first use, so that
#: ``zhibiao parse`` starts without building the actual models (their pydantic
#: validators) or the actual reader.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("number_as_date", "read_date_text"), "zhibiao.grammar.actual_dates"),
    **dict.fromkeys(
        ("ACTUAL_TYPES", "TIER_NAMES", "WORD_BAND_SCALE", "Actual", "ActualPart",
         "BlankActual", "CompoundActual", "DateActual", "GradeActual", "NotApplicableActual",
         "NumberActual", "PhraseActual", "RangeActual", "VerdictActual", "actual_json",
         "number_actual"),
        "zhibiao.grammar.actual_models"),
    **dict.fromkeys(("ActualReader", "GradeBand"), "zhibiao.grammar.actual_reader"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zhibiao.grammar' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = (
    "ACTUAL_TYPES",
    "TIER_NAMES",
    "TIME_DIMENSIONS",
    "WORD_BAND_SCALE",
    "Actual",
    "ActualPart",
    "ActualReader",
    "BlankActual",
    "Clause",
    "Comparison",
    "Compound",
    "CompoundActual",
    "DateActual",
    "DatePoint",
    "Deadline",
    "DirectionNames",
    "GradeActual",
    "GradeBand",
    "IndicatorParser",
    "NameDirection",
    "NotApplicable",
    "NotApplicableActual",
    "NumberActual",
    "Op",
    "PhraseActual",
    "Qualitative",
    "Quantity",
    "Range",
    "RangeActual",
    "Span",
    "Target",
    "TraditionalTable",
    "Unit",
    "UnitTable",
    "VerdictActual",
    "Vocabulary",
    "actual_json",
    "build_unit",
    "default_parser",
    "default_traditional_table",
    "default_unit_table",
    "default_vocabulary",
    "format_decimal",
    "load_unit_table",
    "number_actual",
    "number_as_date",
    "parse",
    "read_date_text",
    "result_json",
    "target_json",
    "unit_dimension",
    "value_warnings",
)

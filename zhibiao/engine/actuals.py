"""Actuals (实际完成值) for callers of the engine: the models and readers of
:mod:`zhibiao.grammar`, and conveniences that read with the package's own tables.

Text is read at the grammar's door: :meth:`zhibiao.grammar.IndicatorParser.parse_actual`
reads an actual with that parser's units and words, and a
:class:`~zhibiao.engine.scorer.Scorer` reads the actuals it scores with the parser it was
compiled with. The functions here use :func:`~zhibiao.grammar.default_parser`.

>>> parse_actual("92%").quantity.value
Decimal('92')
"""

from __future__ import annotations

from decimal import Decimal

from zhibiao.grammar import (
    TIER_NAMES,
    WORD_BAND_SCALE,
    Actual,
    ActualPart,
    BlankActual,
    CompoundActual,
    DateActual,
    GradeActual,
    GradeBand,
    NotApplicableActual,
    NumberActual,
    PhraseActual,
    RangeActual,
    Target,
    VerdictActual,
    actual_json,
    default_parser,
    number_actual,
)

__all__ = (
    "TIER_NAMES",
    "WORD_BAND_SCALE",
    "Actual",
    "ActualPart",
    "BlankActual",
    "CompoundActual",
    "DateActual",
    "GradeActual",
    "NotApplicableActual",
    "NumberActual",
    "PhraseActual",
    "RangeActual",
    "VerdictActual",
    "actual_from_model",
    "actual_json",
    "coerce_actual",
    "grade_band",
    "number_actual",
    "number_actual_of",
    "parse_actual",
    "read_actual",
)


def parse_actual(text: str) -> Actual:
    """Parse the text of an actual with the package's own units and words
    (:meth:`zhibiao.grammar.IndicatorParser.parse_actual` of the default parser)."""
    return default_parser().parse_actual(text)


def read_actual(text: str) -> Actual:
    """:func:`parse_actual` as scoring uses it: plain numbers remembered from their
    second sighting (:meth:`zhibiao.grammar.ActualReader.read`)."""
    return default_parser().actuals.read(text)


def coerce_actual(actual: object) -> Actual | None:
    """An actual from text, a Decimal/int, a model or ``None``
    (:meth:`zhibiao.grammar.ActualReader.coerce`)."""
    return default_parser().actuals.coerce(actual)


def number_actual_of(actual: Decimal | int) -> NumberActual | None:
    """The bare number a finite Decimal or an int stands for
    (:meth:`zhibiao.grammar.ActualReader.number`)."""
    return default_parser().actuals.number(actual)


def actual_from_model(model: Target, text: str | None = None) -> Actual:
    """The actual a parsed 指标值 model stands for
    (:meth:`zhibiao.grammar.ActualReader.from_model`)."""
    return default_parser().actuals.from_model(model, text)


def grade_band(grade: str, scale: str | None) -> GradeBand | None:
    """``(grade, scale, low %, high %)`` of a grade word, preferring the given scale."""
    return default_parser().actuals.grade_band(grade, scale)

"""The actual-value models (实际完成值, DOMAIN §5): what an evaluator wrote, typed.

:meth:`zhibiao.grammar.IndicatorParser.parse_actual` reads the text of an actual into
one of these immutable models:

- a number, with or without a unit (``92%``, ``100``, ``1.45亿元``), or a copy of the
  target with its operator (``≥95%``) — :class:`NumberActual`;
- a judgement word by tier (``达成预期指标``, ``部分达成``, ``未完成``) — :class:`VerdictActual`;
- a grade (``优``, ``良``, ``较好``), or a word with a band of its own (``基本达到``,
  vocabulary ``[actual_word_bands]``) — :class:`GradeActual`;
- a date, month or period (``7月``, ``2022年3月1日--2022年4月10日``, ``2023-12-15``;
  see :mod:`zhibiao.grammar.actual_dates`) — :class:`DateActual`;
- any other phrase (the target's own ``显著提升``, ``无上访``) — :class:`PhraseActual`;
- ``不适用`` — :class:`NotApplicableActual`; an empty cell, ``/`` or ``—`` — :class:`BlankActual`;
- several of these separated by ``，；`` — :class:`CompoundActual`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zhibiao.grammar.models import DatePoint, Op, Quantity, Unit
from zhibiao.grammar.numerals import format_decimal

__all__ = (
    "ACTUAL_TYPES",
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
    "actual_json",
    "number_actual",
)

#: Tier → its name in 财预〔2020〕10号.
TIER_NAMES: dict[int, str] = {
    1: "达成年度指标",
    2: "部分达成年度指标并具有一定效果",
    3: "未达成年度指标且效果较差",
}

#: The scale name of a word with a band of its own (``[actual_word_bands]``: 基本达到).
WORD_BAND_SCALE = "评价用语"


class _Actual(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    """The actual as written (for explanations)."""


class NumberActual(_Actual):
    """A number with its unit (empty when none was written); ``copied_op`` when the
    evaluator copied the target's notation (``≥95%``)."""

    kind: Literal["number"] = "number"
    quantity: Quantity
    copied_op: Op | None = None


class RangeActual(_Actual):
    """A range written as the actual (``90%-95%``): it has no single value."""

    kind: Literal["range"] = "range"
    low: Quantity
    high: Quantity


class DateActual(_Actual):
    """A date, month or period (``7月``, ``2022年6月30日``, ``3月1日至4月10日``);
    ``before`` when it is written as a deadline (``2023年12月前``: done before December)."""

    kind: Literal["date"] = "date"
    end: DatePoint
    start: DatePoint | None = None
    before: bool = False


class VerdictActual(_Actual):
    """A judgement word: tier 1 达成, 2 部分达成, 3 未达成 (from the vocabulary)."""

    kind: Literal["verdict"] = "verdict"
    tier: int = Field(ge=1, le=3)
    word: str


class GradeActual(_Actual):
    """A grade of a grade scale, with its band in % of the points (优 = 90–100)."""

    kind: Literal["grade"] = "grade"
    grade: str
    scale: str
    low: Decimal
    high: Decimal


class PhraseActual(_Actual):
    """Any other phrase: the target's own wording, ``无上访``, ``效果良好``."""

    kind: Literal["phrase"] = "phrase"
    phrase: str


class NotApplicableActual(_Actual):
    """``不适用``, ``本指标不适用``: the evaluator says the indicator is not assessed."""

    kind: Literal["not_applicable"] = "not_applicable"


class BlankActual(_Actual):
    """An empty cell, ``/`` or ``—``: no actual was given."""

    kind: Literal["blank"] = "blank"


ActualPart = Annotated[
    NumberActual | RangeActual | DateActual | VerdictActual | GradeActual | PhraseActual
    | NotApplicableActual | BlankActual,
    Field(discriminator="kind"),
]


class CompoundActual(_Actual):
    """Several actuals in one cell, matched clause by clause against a compound target."""

    kind: Literal["compound"] = "compound"
    parts: tuple[ActualPart, ...] = Field(min_length=2)


Actual = Annotated[
    NumberActual | RangeActual | DateActual | VerdictActual | GradeActual | PhraseActual
    | NotApplicableActual | BlankActual | CompoundActual,
    Field(discriminator="kind"),
]

#: The actual models, for ``isinstance`` checks.
ACTUAL_TYPES = (NumberActual, RangeActual, DateActual, VerdictActual, GradeActual,
                PhraseActual, NotApplicableActual, BlankActual, CompoundActual)


_validate_number = NumberActual.model_validate


def number_actual(text: str, value: Decimal, unit: Unit, multiplier: str,
                  factor: Decimal) -> NumberActual:
    """A :class:`NumberActual` from parts already checked (a finite value in range, a
    unit of the table, a multiplier with its factor): plain numbers are most of what
    evaluators write. Validated in one call, the quantity inside (pydantic validates in
    compiled code and keeps the value and unit objects as they are; faster than two
    ``model_construct`` calls, which loop over the fields in Python)."""
    return _validate_number({
        "text": text, "kind": "number", "copied_op": None,
        "quantity": {"value": value, "unit": unit, "multiplier": multiplier,
                     "multiplier_factor": factor}})


def _quantity_json(quantity: Quantity) -> dict[str, str]:
    return {"value": format_decimal(quantity.value), "unit": quantity.unit.name}


def actual_json(actual: Actual) -> dict[str, Any]:
    """``{"kind": …, "text": …, …}``: the JSON of an actual (stable English keys)."""
    out: dict[str, Any] = {"kind": actual.kind, "text": actual.text}
    if isinstance(actual, NumberActual):
        out.update(_quantity_json(actual.quantity))
        if actual.copied_op is not None:
            out["op"] = actual.copied_op.value
    elif isinstance(actual, RangeActual):
        out.update({"low": format_decimal(actual.low.value),
                    "high": format_decimal(actual.high.value), "unit": actual.high.unit.name})
    elif isinstance(actual, DateActual):
        out["end"] = str(actual.end)
        if actual.start is not None:
            out["start"] = str(actual.start)
        if actual.before:
            out["before"] = True
    elif isinstance(actual, VerdictActual):
        out.update({"word": actual.word, "tier": actual.tier})
    elif isinstance(actual, GradeActual):
        out.update({"grade": actual.grade, "scale": actual.scale,
                    "band": [format_decimal(actual.low), format_decimal(actual.high)]})
    elif isinstance(actual, PhraseActual):
        out["phrase"] = actual.phrase
    elif isinstance(actual, CompoundActual):
        out["parts"] = [actual_json(part) for part in actual.parts]
    return out

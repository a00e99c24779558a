"""Targets: the clauses a 指标值 is read into, and several clauses in one cell.

Every target has a canonical text form, ``str(target)``, and ``parse(str(t)) == t``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from zhibiao.grammar.date_points import DatePoint
from zhibiao.grammar.model_base import FrozenModel, Span
from zhibiao.grammar.numerals import divided, format_decimal
from zhibiao.grammar.quantities import Op, Quantity

__all__ = (
    "Clause",
    "Comparison",
    "Compound",
    "Deadline",
    "NotApplicable",
    "Qualitative",
    "Range",
    "Target",
)


def _note_text(note: str) -> str:
    """The note in brackets it does not contain itself, so that it reads back whole."""
    for left, right in (("(", ")"), ("【", "】"), ("[", "]")):
        if left not in note and right not in note:
            return f"{left}{note}{right}"
    return f"({note.replace('(', '（').replace(')', '）')})"  # pragma: no cover


class _Clause(FrozenModel):
    label: str | None = None
    note: str | None = None
    span: Span | None = None

    def _decorate(self, core: str, noun: str | None = None) -> str:
        note = _note_text(self.note) if self.note is not None else ""
        return f"{self.label or ''}{core}{noun or ''}{note}"


class Comparison(_Clause):
    """``≥95%``, ``≤30个工作日``, ``每年≥3次`` (unit 次/年), ``100元/月/人`` (implicit =)."""

    kind: Literal["comparison"] = "comparison"
    op: Op
    quantity: Quantity
    implicit_op: bool = False
    noun: str | None = None

    @model_validator(mode="after")
    def _implicit_is_eq(self) -> Comparison:
        if self.implicit_op and self.op is not Op.EQ:
            raise ValueError("an implicit operator can only be ==")
        if self.implicit_op and self.quantity.value < 0 and self.label:
            raise ValueError("a labelled negative value needs an explicit operator (增长率=-5%)")
        return self

    def __str__(self) -> str:
        op = "" if self.implicit_op else self.op.symbol
        return self._decorate(f"{op}{self.quantity}", self.noun)


class Range(_Clause):
    """``90%-95%``, ``1-3个``, ``≥90%且≤95%`` (both bounds in the high bound's unit)."""

    kind: Literal["range"] = "range"
    low: Quantity
    high: Quantity
    low_inclusive: bool = True
    high_inclusive: bool = True
    noun: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low.unit != self.high.unit:
            raise ValueError("both bounds of a range must have the same unit")
        if self.low.value > self.high.value:
            raise ValueError("the low bound of a range must not exceed the high bound")
        if self.low.value < 0 and self.low_inclusive and self.high_inclusive and self.label:
            raise ValueError("a labelled range written a-b needs a non-negative low bound")
        return self

    def __str__(self) -> str:
        if self.low_inclusive and self.high_inclusive:
            # The low bound is written in the high bound's multiplier and unit: 10-20万元.
            low = format_decimal(divided(self.low.value, self.high.multiplier_factor))
            core = f"{low}{self.high.multiplier}-{self.high}"
        else:
            low_op = "≥" if self.low_inclusive else ">"
            high_op = "≤" if self.high_inclusive else "<"
            core = f"{low_op}{self.low}且{high_op}{self.high}"
        return self._decorate(core, self.noun)


class Deadline(_Clause):
    """``年底前``, ``每年年底前完成``, ``次年2月底前完成``, ``9月前``, ``=10月份``."""

    kind: Literal["deadline"] = "deadline"
    end: DatePoint
    start: DatePoint | None = None
    before: bool = False
    recurring: bool = False
    completion: bool = False
    noun: str | None = None

    @model_validator(mode="after")
    def _recurring_has_no_year(self) -> Deadline:
        if self.recurring and any(
            p is not None and (p.year is not None or p.year_offset)
            for p in (self.start, self.end)
        ):
            raise ValueError("a recurring (每年) deadline cannot name a year")
        return self

    def due_date(self, evaluation_year: int) -> dt.date:
        """Last day on which the work still counts as on time.

        ``before`` (前/之前) on a whole month (9月前) means before that month starts;
        on an end (年底前, 12月底之前) or a day it means by that day.
        """
        if self.before and self.end.month is not None and self.end.day is None and \
                self.end.part in (None, "whole", "start"):
            return self.end.first_day(evaluation_year) - dt.timedelta(days=1)
        return self.end.last_day(evaluation_year)

    def __str__(self) -> str:
        core = ("每年" if self.recurring else "")
        if self.start is not None:
            core += f"{self.start}--"
        core += str(self.end)
        core += ("前" if self.before else "") + ("完成" if self.completion else "")
        return self._decorate(core, self.noun)


class Qualitative(_Clause):
    """A phrase judged by an evaluator: ``显著提升``, ``据实支付``, ``定性 优良中差``.

    ``group`` is the meaning group from the vocabulary (improve, maintain, complete,
    timely, compliant, as_incurred, reduce, effect), ``intensity`` its rank (3 显著 >
    2 有效 > 1 有所), ``scale`` a grade scale the phrase names.
    """

    kind: Literal["qualitative"] = "qualitative"
    text: str = Field(min_length=1)
    group: str | None = None
    intensity: int | None = Field(default=None, ge=1, le=3)
    scale: str | None = None

    @property
    def is_as_incurred(self) -> bool:
        return self.group == "as_incurred"

    def __str__(self) -> str:
        return self._decorate(self.text)


class NotApplicable(_Clause):
    """``本指标不适用``, ``该指标本单位不适用``, ``无``, or an empty cell."""

    kind: Literal["not_applicable"] = "not_applicable"
    marker: str = ""

    def __str__(self) -> str:
        return self._decorate(self.marker)


Clause = Annotated[
    Comparison | Range | Deadline | Qualitative | NotApplicable,
    Field(discriminator="kind"),
]


class Compound(FrozenModel):
    """Several clauses in one cell: ``受益户数≥200户,受益脱贫户数≥15户``."""

    kind: Literal["compound"] = "compound"
    clauses: tuple[Clause, ...] = Field(min_length=2)
    span: Span | None = None

    @model_validator(mode="after")
    def _no_adjacent_phrases(self) -> Compound:
        for left, right in zip(self.clauses, self.clauses[1:], strict=False):
            if isinstance(left, Qualitative) and isinstance(right, Qualitative):
                raise ValueError("adjacent phrases form one Qualitative, not a Compound")
        if any(isinstance(c, NotApplicable) and not c.marker for c in self.clauses):
            raise ValueError("an empty cell cannot be one clause of several")
        return self

    def __str__(self) -> str:
        return ";".join(str(clause) for clause in self.clauses)


Target = Annotated[
    Comparison | Range | Deadline | Qualitative | NotApplicable | Compound,
    Field(discriminator="kind"),
]

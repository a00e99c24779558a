"""Typed, immutable models of a parsed 指标值.

Every model has a canonical text form, ``str(model)``, and ``parse(str(m)) == m``.
Equality is by meaning: the source ``span`` and the display-only multiplier word are
not compared, so ``parse("1.4亿元") == parse("140000000元")``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from zhibiao.decimal_context import MAX_ADJUSTED, within_range
from zhibiao.grammar.numerals import divided, format_decimal

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


class _Model(BaseModel):
    """Frozen model; equality and hash ignore the fields in ``_display_only``."""

    # defer_build: a model's validator is built when first used, so a command that
    # parses one comparison does not pay for building every model at import.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    _display_only: ClassVar[frozenset[str]] = frozenset({"span"})

    def _key(self) -> tuple[Any, ...]:
        return tuple(
            (name, getattr(self, name))
            for name in type(self).model_fields
            if name not in self._display_only
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Model)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))


class Span(_Model):
    """Where a model came from: ``[start, end)`` character offsets in the source text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Unit(_Model):
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


class Quantity(_Model):
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


def _note_text(note: str) -> str:
    """The note in brackets it does not contain itself, so that it reads back whole."""
    for left, right in (("(", ")"), ("【", "】"), ("[", "]")):
        if left not in note and right not in note:
            return f"{left}{note}{right}"
    return f"({note.replace('(', '（').replace(')', '）')})"  # pragma: no cover


def _is_unit_word(text: str) -> bool:
    global _UNIT_WORDS
    if _UNIT_WORDS is None:
        from zhibiao.grammar.units import default_unit_table  # data, loaded once

        _UNIT_WORDS = frozenset(default_unit_table().written)
    return text in _UNIT_WORDS


_UNIT_WORDS: frozenset[str] | None = None


class _Clause(_Model):
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


MonthPart = Literal["end", "whole", "start", "early", "mid", "late"]
_PART_TEXT: dict[str, str] = {"end": "底", "whole": "份", "start": "初", "early": "上旬",
                              "mid": "中旬", "late": "下旬"}


class DatePoint(_Model):
    """A point or period in the calendar: ``2021年12月31日``, ``次年2月底``, ``年底``.

    ``year`` is absolute; ``year_offset`` is relative to the evaluation year
    (次年 = 1). With no month, ``part="end"`` is the year end (年底).
    """

    year: int | None = Field(default=None, ge=1900, le=2199)
    year_offset: int = Field(default=0, ge=0, le=1)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    part: MonthPart | None = None

    @model_validator(mode="after")
    def _consistent(self) -> DatePoint:
        if self.year is not None and self.year_offset:
            raise ValueError("give either an absolute year or a relative one, not both")
        if self.day is not None and (self.month is None or self.part is not None):
            raise ValueError("a day needs a month and no month part")
        if self.month is None and self.part not in (None, "end"):
            raise ValueError("without a month only the year end (年底) is allowed")
        if self.month is None and self.part is None and self.year is None:
            raise ValueError("a date needs a year, a month or 年底")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year or 2000, self.month)[1]
            if self.day > last:
                raise ValueError(f"{self.month}月 has no day {self.day}")
        return self

    def last_day(self, evaluation_year: int) -> dt.date:
        """The last calendar day this point covers, for the given evaluation year."""
        year = self.year if self.year is not None else evaluation_year + self.year_offset
        if self.month is None:
            return dt.date(year, 12, 31)
        last = calendar.monthrange(year, self.month)[1]
        if self.day is not None:  # 2月29日 in a year that has none: the month's last day
            return dt.date(year, self.month, min(self.day, last))
        end_day = {"start": min(10, last), "early": 10, "mid": 20}.get(self.part or "", last)
        return dt.date(year, self.month, end_day)

    def first_day(self, evaluation_year: int) -> dt.date:
        """The first calendar day this point covers."""
        year = self.year if self.year is not None else evaluation_year + self.year_offset
        if self.month is None:
            return dt.date(year, 12, 1) if self.part == "end" else dt.date(year, 1, 1)
        if self.day is not None:
            last = calendar.monthrange(year, self.month)[1]
            return dt.date(year, self.month, min(self.day, last))
        first = {"mid": 11, "late": 21}.get(self.part or "", 1)
        if self.part == "end":
            first = calendar.monthrange(year, self.month)[1]
        return dt.date(year, self.month, first)

    def __str__(self) -> str:
        text = ""
        if self.year is not None:
            text = f"{self.year}年"
        elif self.year_offset == 1:
            text = "次年"
        if self.month is None:
            if self.part != "end":
                return text
            return text + ("底" if self.year is not None else "年底")  # 2023年底, 次年年底
        text += f"{self.month}月"
        if self.day is not None:
            text += f"{self.day}日"
        elif self.part is not None:
            text += _PART_TEXT[self.part]
        return text


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


class Compound(_Model):
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

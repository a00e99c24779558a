"""Tree → syntax pieces: step 1 of reading a cell.

:class:`IndicatorTransformer` (run inline by the LALR parser) turns each grammar rule
into a small syntax piece (pieces.py): a value (comparison, range, deadline), free text,
a note, a suffix operator word, a not-applicable phrase. Step 2, the clause assembly
(assembly.py), turns the pieces of each clause into models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from lark import Token, Transformer

from zhibiao.grammar.dates import DateWords
from zhibiao.grammar.models import (
    Comparison,
    DatePoint,
    Deadline,
    NotApplicable,
    Op,
    Quantity,
    Range,
)
from zhibiao.grammar.numerals import parse_chinese_numeral, parse_decimal, times
from zhibiao.grammar.pieces import Cell, Draft, Piece, PieceError
from zhibiao.grammar.unit_models import UnitBuilder, build_unit, period_words
from zhibiao.grammar.units import UnitTable
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("IndicatorTransformer", "build_unit")


@dataclass(frozen=True, slots=True)
class _Quantity:
    value: Decimal
    numerator: str | None  # canonical unit name; None when no unit was written
    denominators: tuple[str, ...]
    multiplier: str
    factor: Decimal
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Rate:
    denominators: tuple[str, ...]
    end: int


def _tokens(children: list[Any], kind: str) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and c.type == kind]


def _first(children: list[Any], kind: str) -> Token | None:
    return next((c for c in children if isinstance(c, Token) and c.type == kind), None)


class IndicatorTransformer(Transformer[Token, Any]):
    """Grammar rules → syntax pieces. Stateless: one instance serves every parse."""

    def __init__(self, units: UnitTable, vocabulary: Vocabulary,
                 unit_builder: UnitBuilder | None = None) -> None:
        super().__init__(visit_tokens=False)
        self.units = units
        self.vocabulary = vocabulary
        self.dates = DateWords(vocabulary)
        #: :func:`build_unit`, remembered (shared with the fast path when given).
        self.build_unit = unit_builder or UnitBuilder(units)

    # ---- numbers and units ---------------------------------------------------------
    def arabic(self, children: list[Token]) -> tuple[Decimal, int, int]:
        tok = children[0]
        return _number(tok, parse_decimal), tok.start_pos or 0, tok.end_pos or 0

    def chinese(self, children: list[Token]) -> tuple[Decimal, int, int]:
        tok = children[0]
        return _number(tok, parse_chinese_numeral), tok.start_pos or 0, tok.end_pos or 0

    def rate(self, children: list[Token]) -> _Rate:
        units = _tokens(children, "UNIT")
        return _Rate(tuple(self.units.canonical(t) for t in units), units[-1].end_pos or 0)

    def unit(self, children: list[Any]) -> tuple[str, tuple[str, ...], int]:
        head: Token = children[0]
        rate = next((c for c in children if isinstance(c, _Rate)), None)
        if rate is None:
            return self.units.canonical(head), (), head.end_pos or 0
        return self.units.canonical(head), rate.denominators, rate.end

    def bare_rate(self, children: list[_Rate]) -> tuple[str, tuple[str, ...], int]:
        return "", children[0].denominators, children[0].end

    def quantity(self, children: list[Any]) -> _Quantity:
        value, start, end = children[0]
        multiplier_tok = _first(children, "MULTIPLIER")
        multiplier, factor = "", Decimal(1)
        if multiplier_tok is not None:
            multiplier = str(multiplier_tok)
            factor = self.units.multipliers[multiplier]
            end = multiplier_tok.end_pos or end
        numerator: str | None = None
        denominators: tuple[str, ...] = ()
        unit = next((c for c in children[1:] if isinstance(c, tuple)), None)
        if unit is not None:
            numerator, denominators, unit_end = unit
            end = max(end, unit_end)
        return _Quantity(times(value, factor), numerator, denominators, multiplier, factor,
                         start, end)

    def signed_quantity(self, children: list[Any]) -> _Quantity:
        quantity: _Quantity = children[-1]
        dash = _first(children, "DASH")
        if dash is None:
            return quantity
        return replace(quantity, value=quantity.value.copy_negate(),
                       start=dash.start_pos or quantity.start)

    # ---- operators -------------------------------------------------------------------
    def _op(self, op: Op, children: list[Token]) -> tuple[Op, int, int]:
        tok = children[0]
        return op, tok.start_pos or 0, tok.end_pos or 0

    def ge(self, c: list[Token]) -> tuple[Op, int, int]:
        return self._op(Op.GE, c)

    def le(self, c: list[Token]) -> tuple[Op, int, int]:
        return self._op(Op.LE, c)

    def gt(self, c: list[Token]) -> tuple[Op, int, int]:
        return self._op(Op.GT, c)

    def lt(self, c: list[Token]) -> tuple[Op, int, int]:
        return self._op(Op.LT, c)

    def eq(self, c: list[Token]) -> tuple[Op, int, int]:
        return self._op(Op.EQ, c)

    def ne(self, c: list[Token]) -> tuple[Op, int, int]:
        return self._op(Op.NE, c)

    def approx(self, c: list[Token]) -> tuple[Op, int, int]:
        return self._op(Op.APPROX, c)

    def _suffix(self, op: Op, children: list[Token]) -> Piece:
        tok = children[0]
        return Piece("suffix", tok.start_pos or 0, tok.end_pos or 0, str(tok), op=op)

    def ge_suffix(self, c: list[Token]) -> Piece:
        return self._suffix(Op.GE, c)

    def le_suffix(self, c: list[Token]) -> Piece:
        return self._suffix(Op.LE, c)

    def approx_suffix(self, c: list[Token]) -> Piece:
        return self._suffix(Op.APPROX, c)

    # ---- values ----------------------------------------------------------------------
    def _quantity_model(self, q: _Quantity, period: Token | None,
                        inherit: _Quantity | None = None) -> Quantity:
        numerator, denominators = q.numerator, q.denominators
        multiplier, factor, value = q.multiplier, q.factor, q.value
        if inherit is not None and numerator is None:
            numerator, denominators = inherit.numerator, inherit.denominators
            if not multiplier:
                multiplier, factor = inherit.multiplier, inherit.factor
                value = times(q.value, factor)
        if period is not None:
            denominators = self._with_period(period, numerator or "", denominators)
        unit = self.build_unit(numerator or "", denominators)
        return Quantity(value=value, unit=unit, multiplier=multiplier, multiplier_factor=factor)

    def _with_period(self, tok: Token, numerator: str,
                     denominators: tuple[str, ...]) -> tuple[str, ...]:
        """The denominators with the 每X period: 每年≥3次 is 次/年, 每人每月100元 is
        元/人/月. A unit that the rate already names (每年≥3次/年, 每亩300元/亩) is counted
        once; a second time unit (每月≥3次/年) is a contradiction."""
        for word in period_words(tok):
            period = self.units.canonical(word)
            if period in denominators:
                continue
            if self.units.definitions[period].is_time and any(
                    self.units.definitions[d].is_time for d in denominators):
                written = numerator + "".join(f"/{d}" for d in denominators)
                raise PieceError(tok.start_pos or 0,
                                 f"“{tok}” 与单位 “{written}” 的时间单位矛盾",
                                 f"只写一处周期，例如 “每{word}≥3次” 或 “≥3次/{period}”")
            denominators = (*denominators, period)
        return denominators

    def explicit(self, children: list[Any]) -> Piece:
        op, op_start, _ = next(c for c in children if isinstance(c, tuple))
        q: _Quantity = children[-1]
        period = _first(children, "PERIOD")
        start = period.start_pos if period is not None and period.start_pos is not None \
            else op_start
        model = Draft(Comparison, {"op": op,
                                   "quantity": self._quantity_model(q, period)})
        return Piece("value", start, q.end, value=model, period=period is not None)

    def implicit(self, children: list[Any]) -> Piece:
        q: _Quantity = children[-1]
        period = _first(children, "PERIOD")
        start = period.start_pos if period is not None and period.start_pos is not None \
            else q.start
        model = Draft(Comparison, {"op": Op.EQ, "implicit_op": True,
                                   "quantity": self._quantity_model(q, period)})
        return Piece("value", start, q.end, value=model, period=period is not None)

    def range(self, children: list[Any]) -> Piece:
        low, high = [c for c in children if isinstance(c, _Quantity)]
        period = _first(children, "PERIOD")
        high_model = self._quantity_model(high, period)
        low_model = self._quantity_model(low, period, inherit=high)
        if low_model.unit != high_model.unit:
            raise PieceError(low.start, "范围两端的单位不一致",
                              f"把两端写成同一单位，例如 “{low_model}-{high_model.number_text()}"
                              f"{low_model.unit.name}”")
        if low_model.value > high_model.value:
            raise PieceError(low.start, "范围的下限大于上限", "把小的数写在前面，例如 “90%-95%”")
        start = period.start_pos if period is not None and period.start_pos is not None \
            else low.start
        return Piece("value", start, high.end,
                     value=Draft(Range, {"low": low_model, "high": high_model}),
                     period=period is not None)

    # ---- dates -----------------------------------------------------------------------
    def _relative_year(self, children: list[Any]) -> str | None:
        tok = _first(children, "REL_YEAR")
        return str(tok) if tok is not None else None

    def _part(self, children: list[Any]) -> str | None:
        tok = _first(children, "MONTH_PART")
        return str(tok) if tok is not None else None

    def absolute_date(self, children: list[Any]) -> tuple[DatePoint, int, int]:
        tok = _first(children, "YEAR_DATE")
        assert tok is not None
        if self.dates.offset(self._relative_year(children)):
            raise PieceError(tok.start_pos or 0, "“次年”后不能再写具体年份",
                              "删去“次年”或年份之一")
        point = _date_point(tok, lambda: self.dates.absolute(str(tok), self._part(children)))
        return point, _start(children), _end(children)

    def month_date(self, children: list[Any]) -> tuple[DatePoint, int, int]:
        tok = _first(children, "MONTH_DATE")
        assert tok is not None
        point = _date_point(tok, lambda: self.dates.month(
            str(tok), self._relative_year(children), self._part(children)))
        return point, _start(children), _end(children)

    def year_end(self, children: list[Any]) -> tuple[DatePoint, int, int]:
        point = self.dates.year_end(self._relative_year(children))
        return point, _start(children), _end(children)

    def dated_year_end(self, children: list[Any]) -> tuple[DatePoint, int, int]:
        tok = _first(children, "DATED_YEAR_END")
        assert tok is not None
        if self.dates.offset(self._relative_year(children)):
            raise PieceError(tok.start_pos or 0, "“次年”后不能再写具体年份",
                              "删去“次年”或年份之一")
        return self.dates.dated_year_end(str(tok)), _start(children), _end(children)

    def month_number(self, children: list[Any]) -> tuple[DatePoint, int, int]:
        tok = _first(children, "MONTH_NUMBER")
        assert tok is not None
        point = self.dates.month_number(str(tok), self._relative_year(children))
        return point, _start(children), _end(children)

    def dotted_date(self, children: list[Token]) -> tuple[DatePoint, int, int]:
        tok = children[0]
        point = _date_point(tok, lambda: self.dates.dotted(str(tok)))
        return point, _start(children), _end(children)

    def half_year(self, children: list[Any]) -> tuple[DatePoint, int, int]:
        tok = _first(children, "HALF_YEAR")
        assert tok is not None
        point = self.dates.half_year(str(tok), self._relative_year(children))
        return point, _start(children), _end(children)

    def deadline(self, children: list[Any]) -> Piece:
        points = [c for c in children if isinstance(c, tuple)]
        period = _first(children, "PERIOD")
        if period is not None and [self.units.canonical(w) for w in period_words(period)] \
                != ["年"]:
            raise PieceError(period.start_pos or 0, f"“{period}” 不能用在日期前",
                              "周期性的期限请写作 “每年年底前完成”")
        end_point, end_start, _ = points[-1]
        start_point = points[0][0] if len(points) == 2 else None
        if start_point is not None:
            end_point = self.dates.inherit_year(start_point, end_point)
            if _reversed(start_point, end_point):
                raise PieceError(end_start, "期间的终点早于起点",
                                  "跨年的期间请写明终点的年份，如 “2023年11月--2024年2月”")
        end_pos = _end(children)
        model = Draft(Deadline, {"end": end_point, "start": start_point,
                                 "before": _first(children, "BEFORE") is not None,
                                 "recurring": period is not None,
                                 "completion": _first(children, "DONE") is not None})
        return Piece("value", _start(children), end_pos, value=model,
                     period=period is not None)

    def every_year_end(self, children: list[Any]) -> Piece:
        model = Draft(Deadline, {"end": DatePoint(part="end"), "recurring": True,
                                 "before": _first(children, "BEFORE") is not None,
                                 "completion": _first(children, "DONE") is not None})
        return Piece("value", _start(children), _end(children), value=model)

    # ---- segments, clauses, cell -----------------------------------------------------
    def text(self, children: list[Token]) -> Piece:
        tok = children[0]
        return Piece("text", tok.start_pos or 0, tok.end_pos or 0, str(tok))

    def na_phrase(self, children: list[Token]) -> Piece:
        tok = children[0]
        return Piece("na", tok.start_pos or 0, tok.end_pos or 0, str(tok))

    def note(self, children: list[Token]) -> Piece:
        tok = children[0]
        return Piece("note", tok.start_pos or 0, tok.end_pos or 0, str(tok)[1:-1])

    def clause(self, children: list[Piece]) -> tuple[Piece, ...]:
        return tuple(children)

    def value(self, children: list[Any]) -> Cell:
        clauses = tuple(c for c in children if isinstance(c, tuple))
        separators = tuple(c for c in children if isinstance(c, Token))
        return Cell(clauses, separators)

    def na_cell(self, children: list[Token]) -> NotApplicable:
        return NotApplicable(marker=str(children[0]))

    def start(self, children: list[Any]) -> Cell | NotApplicable:
        return children[0] if children else NotApplicable(marker="")


def _start(children: list[Any]) -> int:
    for c in children:
        if isinstance(c, Token) and c.start_pos is not None:
            return c.start_pos
        if isinstance(c, tuple) and len(c) == 3 and isinstance(c[1], int):
            return c[1]
    return 0


def _end(children: list[Any]) -> int:
    for c in reversed(children):
        if isinstance(c, Token) and c.end_pos is not None:
            return c.end_pos
        if isinstance(c, tuple) and len(c) == 3 and isinstance(c[2], int):
            return c[2]
    return 0


def _reversed(start: DatePoint, end: DatePoint) -> bool:
    """Whether a period ends before it starts (only when both count from the same year)."""
    if (start.year is None) != (end.year is None):
        return False
    return end.last_day(2000) < start.first_day(2000)


def _date_point(tok: Token, build: Callable[[], DatePoint]) -> DatePoint:
    try:
        return build()
    except ValueError as exc:
        raise PieceError(tok.start_pos or 0, f"日期 “{tok}” 不成立",
                          "检查月份（1–12）和日期是否存在") from exc


def _number(tok: Token, read: Callable[[str], Decimal]) -> Decimal:
    try:
        return read(str(tok))
    except ValueError as exc:
        raise PieceError(tok.start_pos or 0, f"数字 “{tok}” 不成立：{exc}",
                          "阿拉伯数字写作 “1000”、“1.5”、“1e3”；中文数字写作 “十二”、“一百零五”"
                          ) from exc

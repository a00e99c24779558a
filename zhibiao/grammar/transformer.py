"""Tree → models, in two steps.

1. :class:`IndicatorTransformer` (run inline by the LALR parser) turns each grammar rule
   into a small syntax piece: a value (comparison, range, deadline), free text, a note,
   a suffix operator word, a not-applicable phrase.
2. :func:`assemble` turns the pieces of each clause into models: text before a value is
   its label, text after the last value its noun; suffix words and notes go to the value
   before them; a clause with no value is a qualitative phrase, and adjacent phrases are
   one phrase; ``≥90%且≤95%`` is a range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from lark import Token, Transformer

from zhibiao.grammar.dates import DateWords
from zhibiao.grammar.models import (
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
)
from zhibiao.grammar.normalize import Normalized
from zhibiao.grammar.numerals import parse_chinese_numeral, parse_decimal, times
from zhibiao.grammar.suggestions import Misspellings
from zhibiao.grammar.unit_models import UnitBuilder, build_unit
from zhibiao.grammar.units import UnitTable
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("IndicatorTransformer", "assemble", "build_unit")


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


@dataclass(frozen=True, slots=True)
class Draft:
    """A value whose model is built once its label, noun, note and span are known."""

    model: type[Comparison] | type[Range] | type[Deadline]
    fields: dict[str, Any]

    def build(self, **extra: Any) -> Comparison | Range | Deadline:
        return self.model(**self.fields, **extra)


@dataclass(frozen=True, slots=True)
class Piece:
    """One segment of a clause, with its position in the normalised text."""

    kind: str  # value | text | note | suffix | na
    start: int
    end: int
    text: str = ""
    op: Op | None = None
    value: Draft | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    clauses: tuple[tuple[Piece, ...], ...]
    separators: tuple[Token, ...] = field(default=())


def _tokens(children: list[Any], kind: str) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and c.type == kind]


def _first(children: list[Any], kind: str) -> Token | None:
    found = _tokens(children, kind)
    return found[0] if found else None


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
        return parse_decimal(tok), tok.start_pos or 0, tok.end_pos or 0

    def chinese(self, children: list[Token]) -> tuple[Decimal, int, int]:
        tok = children[0]
        return parse_chinese_numeral(tok), tok.start_pos or 0, tok.end_pos or 0

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
        return replace(quantity, value=-quantity.value, start=dash.start_pos or quantity.start)

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
    def _period(self, children: list[Any]) -> str | None:
        tok = _first(children, "PERIOD")
        return self.units.canonical(tok[1:]) if tok is not None else None

    def _quantity_model(self, q: _Quantity, period: str | None,
                        inherit: _Quantity | None = None) -> Quantity:
        numerator, denominators = q.numerator, q.denominators
        multiplier, factor, value = q.multiplier, q.factor, q.value
        if inherit is not None and numerator is None:
            numerator, denominators = inherit.numerator, inherit.denominators
            if not multiplier:
                multiplier, factor = inherit.multiplier, inherit.factor
                value = times(q.value, factor)
        if period is not None:
            denominators = (*denominators, period)
        unit = self.build_unit(numerator or "", denominators)
        return Quantity(value=value, unit=unit, multiplier=multiplier, multiplier_factor=factor)

    def explicit(self, children: list[Any]) -> Piece:
        op, op_start, _ = next(c for c in children if isinstance(c, tuple))
        q: _Quantity = children[-1]
        period = _first(children, "PERIOD")
        start = period.start_pos if period is not None and period.start_pos is not None \
            else op_start
        model = Draft(Comparison, {"op": op,
                                   "quantity": self._quantity_model(q, self._period(children))})
        return Piece("value", start, q.end, value=model)

    def implicit(self, children: list[Any]) -> Piece:
        q: _Quantity = children[-1]
        period = _first(children, "PERIOD")
        start = period.start_pos if period is not None and period.start_pos is not None \
            else q.start
        model = Draft(Comparison, {"op": Op.EQ, "implicit_op": True,
                                   "quantity": self._quantity_model(q, self._period(children))})
        return Piece("value", start, q.end, value=model)

    def range(self, children: list[Any]) -> Piece:
        low, high = [c for c in children if isinstance(c, _Quantity)]
        period = self._period(children)
        high_model = self._quantity_model(high, period)
        low_model = self._quantity_model(low, period, inherit=high)
        if low_model.unit != high_model.unit:
            raise PieceError(low.start, "范围两端的单位不一致",
                              f"把两端写成同一单位，例如 “{low_model}-{high_model.number_text()}"
                              f"{low_model.unit.name}”")
        if low_model.value > high_model.value:
            raise PieceError(low.start, "范围的下限大于上限", "把小的数写在前面，例如 “90%-95%”")
        first = _first(children, "PERIOD")
        start = first.start_pos if first is not None and first.start_pos is not None \
            else low.start
        return Piece("value", start, high.end,
                     value=Draft(Range, {"low": low_model, "high": high_model}))

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

    def half_year(self, children: list[Any]) -> tuple[DatePoint, int, int]:
        tok = _first(children, "HALF_YEAR")
        assert tok is not None
        point = self.dates.half_year(str(tok), self._relative_year(children))
        return point, _start(children), _end(children)

    def deadline(self, children: list[Any]) -> Piece:
        points = [c for c in children if isinstance(c, tuple)]
        period = _first(children, "PERIOD")
        if period is not None and self.units.canonical(period[1:]) != "年":
            raise PieceError(period.start_pos or 0, f"“{period}” 不能用在日期前",
                              "周期性的期限请写作 “每年年底前完成”")
        end_point, _, end_pos = points[-1]
        start_point = points[0][0] if len(points) == 2 else None
        end_pos = _end(children)
        model = Draft(Deadline, {"end": end_point, "start": start_point,
                                 "before": _first(children, "BEFORE") is not None,
                                 "recurring": period is not None,
                                 "completion": _first(children, "DONE") is not None})
        return Piece("value", _start(children), end_pos, value=model)

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

    def segment(self, children: list[Piece]) -> Piece:
        return children[0]

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


class PieceError(Exception):
    """Raised inside a callback; the parser turns it into IndicatorSyntaxError."""

    def __init__(self, position: int, reason: str, hint: str = "",
                 suggestion: str | None = None) -> None:
        super().__init__(position, reason, hint, suggestion)
        self.position = position
        self.reason = reason
        self.hint = hint
        self.suggestion = suggestion


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


def _date_point(tok: Token, build: Callable[[], DatePoint]) -> DatePoint:
    try:
        return build()
    except ValueError as exc:
        raise PieceError(tok.start_pos or 0, f"日期 “{tok}” 不成立",
                          "检查月份（1–12）和日期是否存在") from exc


# ---- assembly --------------------------------------------------------------------------

def assemble(cell: Cell | NotApplicable, normalized: Normalized, units: UnitTable,
             vocabulary: Vocabulary, misspellings: Misspellings) -> tuple[Target, bool]:
    """Turn the transformer's pieces into the final model (see module docstring).

    Also tells whether pieces were joined, moved or glued so that the canonical text
    may read differently (a note inside a label, a noun, a label before a date): the
    parser then checks that the canonical text reads back to the same model.
    """
    if isinstance(cell, NotApplicable):
        return cell.model_copy(update={"span": _span(normalized, 0, len(normalized.text))}), \
            False
    # Each item with the separator written before it: the clause's separator for its first
    # value, none for a value juxtaposed inside the clause (≥2次6批次).
    built: list[tuple[str | None, Any]] = []  # model, or ("text", start, end) for a phrase
    separators: list[str | None] = [None, *(str(s) for s in cell.separators)]
    moved = False
    for sep, pieces in zip(separators, cell.clauses, strict=True):
        items, clause_moved = _assemble_clause(pieces, normalized, units,
                                                misspellings)
        moved = moved or clause_moved
        built.extend(zip([sep] + [None] * (len(items) - 1), items, strict=True))
    # ≥90%且≤95% is a range; adjacent phrases are one phrase.
    merged: list[Any] = []
    for sep, item in built:
        previous = merged[-1] if merged else None
        if isinstance(item, tuple) and isinstance(previous, tuple):
            merged[-1] = ("text", previous[1], item[2])
            continue
        if sep in ("且", "并且") and isinstance(previous, Comparison) \
                and isinstance(item, Comparison):
            as_range = _bounds_to_range(previous, item)
            if as_range is not None:
                merged[-1] = as_range
                continue
        merged.append(item)
    models = [
        _qualitative(normalized, item[1], item[2], vocabulary) if isinstance(item, tuple)
        else item
        for item in merged
    ]
    if len(models) == 1:
        return models[0], moved
    span = _span(normalized, 0, len(normalized.text))
    return Compound(clauses=tuple(models), span=span), moved


def _assemble_clause(pieces: tuple[Piece, ...], normalized: Normalized, units: UnitTable,
                     misspellings: Misspellings) -> tuple[list[Any], bool]:
    start, end = pieces[0].start, pieces[-1].end
    if any(p.kind == "na" for p in pieces):
        return [NotApplicable(marker=normalized.text[start:end],
                              span=_span(normalized, start, end))], False
    if len(pieces) == 1 and pieces[0].value is not None:  # the common case: one bare value
        return [pieces[0].value.build(span=_span(normalized, start, end))], False
    value_at = [i for i, p in enumerate(pieces) if p.kind == "value"]
    if not value_at:  # a phrase, even one ending in 以内 (控制在预算以内)
        return [("text", start, end)], False

    labels: dict[int, list[Piece]] = {i: [] for i in value_at}
    nouns: dict[int, list[Piece]] = {i: [] for i in value_at}
    notes: dict[int, list[Piece]] = {i: [] for i in value_at}
    suffixes: dict[int, list[Piece]] = {i: [] for i in value_at}
    for i, piece in enumerate(pieces):
        if piece.kind == "value":
            continue
        before = [v for v in value_at if v < i]
        after = [v for v in value_at if v > i]
        if piece.kind == "text":
            if after:
                labels[after[0]].append(piece)
            else:
                nouns[before[-1]].append(piece)
        elif piece.kind == "note":
            notes[before[-1] if before else after[0]].append(piece)
        elif piece.kind == "suffix":
            if not before:
                raise PieceError(piece.start, f"“{piece.text}” 前缺少数值",
                                  f"写作 “90%{piece.text}” 这样的形式")
            suffixes[before[-1]].append(piece)

    models = []
    moved = False
    for i in value_at:
        piece = pieces[i]
        draft = piece.value
        assert draft is not None
        label = "".join(p.text for p in labels[i]) or None
        noun = "".join(p.text for p in nouns[i]) or None
        note = ";".join(p.text for p in notes[i]) if notes[i] else None
        if label is not None:
            _check_label(_joined(labels[i]), misspellings)
        if noun is not None:
            _check_unit_order(pieces, i, nouns[i][0], draft, units)
            _check_noun(_joined(nouns[i]), draft, misspellings)
        for suffix in suffixes[i]:
            draft = _apply_suffix(draft, suffix)
        if label is not None:
            _check_labelled_negative(piece, draft)
        # Cases whose canonical text may read differently, checked by the parser: a label
        # joined across a note; a noun (it follows the canonical value, whose last
        # character may differ: 1m2年内完成 → 1平方米年内完成 reads 年内 as a date); a
        # label glued to a value written without an operator (每=年底 → 每年底).
        glued = bool(labels[i]) and (draft.model is not Comparison
                                     or bool(draft.fields.get("implicit_op")))
        moved = moved or len(labels[i]) > 1 or bool(nouns[i]) or glued
        first = min([piece.start, *(p.start for p in labels[i])])
        last = max([piece.end, *(p.end for p in (*nouns[i], *notes[i], *suffixes[i]))])
        models.append(draft.build(label=label, noun=noun, note=note,
                                  span=_span(normalized, first, last)))
    return models, moved


def _apply_suffix(draft: Draft, suffix: Piece) -> Draft:
    assert suffix.op is not None
    if draft.model is not Comparison:
        raise PieceError(suffix.start, f"“{suffix.text}” 只能跟在单个数值之后",
                          "范围和日期后不要再写 以上/以内")
    if draft.fields.get("implicit_op"):
        return Draft(Comparison, {**draft.fields, "op": suffix.op, "implicit_op": False})
    op: Op = draft.fields["op"]
    if op is not suffix.op:
        raise PieceError(suffix.start,
                          f"运算符矛盾：前面是 “{op.symbol}”，后面是 “{suffix.text}”",
                          "只保留一个运算符")
    return draft


def _bounds_to_range(low: Comparison, high: Comparison) -> Range | None:
    if low.quantity.unit != high.quantity.unit or high.label not in (None, low.label):
        return None
    if not (low.op.is_lower_bound and high.op.is_upper_bound):
        return None
    if low.quantity.value > high.quantity.value:
        return None
    if low.label is not None and low.quantity.value < 0 and low.op is Op.GE \
            and high.op is Op.LE:
        return None  # 增长率-5%-3% would not read back: it stays two conditions
    assert low.span is not None and high.span is not None
    return Range(low=low.quantity, high=high.quantity, low_inclusive=low.op is Op.GE,
                 high_inclusive=high.op is Op.LE, label=low.label, note=high.note,
                 noun=high.noun, span=Span(start=low.span.start, end=high.span.end))


def _qualitative(normalized: Normalized, start: int, end: int,
                 vocabulary: Vocabulary) -> Qualitative:
    text = normalized.text[start:end]
    group, intensity = vocabulary.classify(text)
    return Qualitative(text=text, group=group, intensity=intensity,
                       scale=vocabulary.grade_scale(text), span=_span(normalized, start, end))


def _joined(texts: list[Piece]) -> Piece:
    """Text pieces split by notes (公路（含乡道）里程) as the one word they form."""
    if len(texts) == 1:
        return texts[0]
    return Piece("text", texts[0].start, texts[-1].end, "".join(p.text for p in texts))


def _check_unit_order(pieces: tuple[Piece, ...], index: int, noun: Piece, draft: Draft,
                      units: UnitTable) -> None:
    """A unit word kept from its number by 以上 or a note (4以上元, 5（注）次) is an error.

    Written right after the number, as the canonical text does, the word would read as
    the unit, so the value has no single meaning.
    """
    between = pieces[index + 1:pieces.index(noun)]
    quantity = draft.fields.get("quantity", draft.fields.get("high"))
    if not between or not isinstance(quantity, Quantity) or quantity.unit.numerator \
            or quantity.unit.denominators:
        return
    word = _unit_prefix(noun.text, units)
    if not word:
        return
    suffix = next((p for p in between if p.kind == "suffix"), None)
    if suffix is not None:
        raise PieceError(noun.start, f"单位 “{word}” 写在了 “{suffix.text}” 之后",
                          f"单位紧跟数字，写在 “{suffix.text}” 之前，"
                          f"例如 “{quantity}{word}{suffix.text}”")
    raise PieceError(noun.start, f"括号说明把数字和单位 “{word}” 隔开了",
                      f"单位紧跟数字，说明写在最后，例如 “{quantity}{word}（说明）”")


def _unit_prefix(text: str, units: UnitTable) -> str:
    """The multiplier and unit words ``text`` starts with (万元 in 万元以上), or ""."""
    words = sorted((*units.written, *units.multipliers), key=len, reverse=True)
    prefix = ""
    while (word := next((w for w in words if text.startswith(w, len(prefix))), None)):
        prefix += word
        if word in units.written:
            break
    return prefix


def _check_noun(piece: Piece, draft: Draft, misspellings: Misspellings) -> None:
    """A noun that is a misspelt unit (≤30个工作曰, ≤4万圆) is an error, not a noun."""
    if draft.model is Deadline:
        return
    quantity = draft.fields.get("quantity", draft.fields.get("high"))
    multiplier = None  # None: a unit was read, so no look-alike check (≥10个入户)
    if isinstance(quantity, Quantity) and not quantity.unit.numerator:  # 每年≥3欠 too
        multiplier = quantity.multiplier
    suggestion = misspellings.unit_in(piece.text, multiplier)
    if suggestion is not None:
        raise PieceError(piece.start, f"无法识别的单位 “{multiplier or ''}{piece.text}”",
                          "检查单位的写法；新单位可加入 units.txt", suggestion)


def _check_labelled_negative(piece: Piece, draft: Draft) -> None:
    """A negative value after text without an operator would read back otherwise
    (增长率 -5% as 增长率-5%, a range): the models refuse it, and so do we, in Chinese."""
    fields = draft.fields
    if draft.model is Comparison and fields.get("implicit_op") \
            and fields["quantity"].value < 0:
        raise PieceError(piece.start, "文字后面的负数要写明运算符",
                          "写作 “增长率=-5%” 或 “增长率≤-5%”")
    if draft.model is Range and fields["low"].value < 0 \
            and fields.get("low_inclusive", True) and fields.get("high_inclusive", True):
        raise PieceError(piece.start, "文字后面的范围下限不能写成负数",
                          "写成两个条件 “增长率≥-5%且≤3%”，或去掉文字 “-5%-3%”")


def _check_label(piece: Piece, misspellings: Misspellings) -> None:
    """A label ending in a misspelt operator word (不底于95%) is an error."""
    suggestion = misspellings.operator_in(piece.text)
    if suggestion is not None:
        raise PieceError(piece.end - 1, f"无法识别的运算符 “{piece.text[-len(suggestion):]}”",
                          "运算符词见 vocabulary.toml", suggestion)


def _span(normalized: Normalized, start: int, end: int) -> Span:
    if not normalized.origin:
        return Span(start=0, end=normalized.source_length)
    begin = normalized.origin[min(start, len(normalized.origin) - 1)]
    finish = normalized.origin[max(0, min(end, len(normalized.origin)) - 1)] + 1
    return Span(start=begin, end=max(begin, finish))

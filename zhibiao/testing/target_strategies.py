"""Strategies for 指标值 targets: units, quantities, parsed targets and their texts.

Re-exported by :mod:`zhibiao.testing.strategies`, the public door.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from zhibiao.grammar import (
    TIME_DIMENSIONS,
    Comparison,
    Compound,
    DatePoint,
    Deadline,
    NotApplicable,
    Op,
    Qualitative,
    Quantity,
    Range,
    Target,
    Unit,
    UnitTable,
    build_unit,
    default_unit_table,
    default_vocabulary,
    format_decimal,
)

__all__ = (
    "KINDS",
    "quantities",
    "target_texts",
    "targets",
    "units",
)

T = TypeVar("T")

#: The kinds of target, as in the JSON contract.
KINDS = ("comparison", "range", "deadline", "qualitative", "not_applicable", "compound")

# Phrases and words that keep their meaning wherever they stand (taken from real tables).
_PHRASES = ("显著提升", "有效缓解", "有一定积极影响", "持续影响", "效果明显", "稳健运行", "达标",
            "通过验收", "及时", "合规", "据实支付", "实际情况", "全面推进", "即时结算",
            "定性 优良中差", "好坏", "保持稳定", "严格执行相关制度规定", "有所提高")
_LABELS = ("处置率", "受益户数", "药品网采率", "满意度", "各")
_NOUNS = ("项目", "宣传活动", "培训")
_NOTES = ("国产普通台式机", "单位部分", "含")


def _as_strategy(value: T | SearchStrategy[T] | None) -> SearchStrategy[T] | None:
    if value is None or isinstance(value, SearchStrategy):
        return value
    return st.just(value)


def _table(table: UnitTable | None) -> UnitTable:
    return table or default_unit_table()


def units(*, dimension: str | SearchStrategy[str] | None = None,
          rates: bool = True, table: UnitTable | None = None) -> SearchStrategy[Unit]:
    """Canonical units: a base unit, a counter, a duration, or a rate like 元/人/年.

    ``dimension`` keeps only units whose numerator has that dimension ("money",
    "ratio", "calendar", "counter:人" …). ``rates=False`` gives no denominators.

    >>> from zhibiao.testing.strategies import units
    >>> units(dimension="money").example().numerator
    '元'
    """
    unit_table = _table(table)
    names = sorted(unit_table.definitions)
    if isinstance(dimension, str):
        names = [n for n in names if unit_table.definitions[n].dimension == dimension]
        if not names:
            known = sorted({d.dimension for d in unit_table.definitions.values()})
            raise InvalidArgument(f"units(dimension={dimension!r}): no unit has that "
                                  f"dimension; known: {', '.join(known)}")
    per = sorted(n for n in unit_table.definitions
                 if unit_table.definitions[n].dimension.startswith("counter")
                 or unit_table.definitions[n].dimension in TIME_DIMENSIONS)

    @st.composite
    def build(draw: st.DrawFn) -> Unit:
        allowed = names
        if isinstance(dimension, SearchStrategy):
            wanted = draw(dimension)
            allowed = [n for n in names if unit_table.definitions[n].dimension == wanted] or names
        numerator = draw(st.sampled_from(["", *allowed]) if dimension is None
                         else st.sampled_from(allowed))
        denominators: list[str] = []
        if rates and numerator and draw(st.booleans()):
            denominators = draw(st.lists(st.sampled_from(per), min_size=1, max_size=2,
                                         unique=True))
        return build_unit(unit_table, numerator, tuple(denominators))

    return build()


_units = units


def quantities(*, units: Unit | SearchStrategy[Unit] | None = None,
               min_value: Decimal | int | None = 0, max_value: Decimal | int | None = 10**9,
               places: int = 4, table: UnitTable | None = None) -> SearchStrategy[Quantity]:
    """Quantities with exact Decimal values, sometimes written with 万 or 亿.

    >>> from zhibiao.testing.strategies import quantities
    >>> q = quantities(min_value=1, max_value=1).example()
    >>> q.value
    Decimal('1')
    """
    if min_value is not None and max_value is not None and min_value > max_value:
        raise InvalidArgument(f"quantities(): min_value={min_value} > max_value={max_value}")
    if not 0 <= places <= 8:
        raise InvalidArgument(f"quantities(places={places}): use 0 to 8 decimal places")
    unit_table = _table(table)
    given_units = _as_strategy(units)
    unit_strategy = given_units if given_units is not None else _units(table=unit_table)
    multipliers = sorted(unit_table.multipliers.items())

    @st.composite
    def build(draw: st.DrawFn) -> Quantity:
        value = draw(st.decimals(min_value=min_value, max_value=max_value, places=places,
                                 allow_nan=False, allow_infinity=False))
        value = value.normalize() if value != 0 else Decimal(0)
        unit = draw(unit_strategy)
        usable = [(w, f) for w, f in multipliers if w + unit.numerator not in unit_table.written]
        if draw(st.booleans()) and usable:
            word, factor = draw(st.sampled_from(usable))
            return Quantity(value=value, unit=unit, multiplier=word, multiplier_factor=factor)
        return Quantity(value=value, unit=unit)

    return build()


def _comparisons(table: UnitTable) -> SearchStrategy[Comparison]:
    @st.composite
    def build(draw: st.DrawFn) -> Comparison:
        implicit = draw(st.booleans())
        op = Op.EQ if implicit else draw(st.sampled_from(list(Op)))
        quantity = draw(quantities(min_value=-1000, table=table))
        labelled = not (implicit and quantity.value < 0)  # -8% has no label (增长率=-8%)
        return Comparison(
            op=op, quantity=quantity, implicit_op=implicit,
            label=draw(st.none() | st.sampled_from(_LABELS)) if labelled else None,
            # no noun after a rate: 0%/人/次 + 项目 reads back as 0%/人次项目, which the
            # parser refuses as ambiguous (real tables write the thing before the value)
            noun=draw(st.none() | st.sampled_from(_NOUNS))
            if quantity.unit.numerator and not quantity.unit.denominators else None,
            note=draw(st.none() | st.sampled_from(_NOTES)),
        )

    return build()


def _ranges(table: UnitTable) -> SearchStrategy[Range]:
    @st.composite
    def build(draw: st.DrawFn) -> Range:
        unit = draw(units(rates=False, table=table))
        a = draw(quantities(units=unit, table=table))
        b = draw(quantities(units=unit, table=table))
        low, high = sorted((a, b), key=lambda q: q.value)
        bounds = draw(st.sampled_from([(True, True), (False, True), (True, False),
                                       (False, False)]))
        if low.value == high.value and bounds != (True, True):
            bounds = (True, True)
        return Range(low=low, high=high, low_inclusive=bounds[0], high_inclusive=bounds[1],
                     label=draw(st.none() | st.sampled_from(_LABELS)))

    return build()


def _date_points(*, relative: bool = True) -> SearchStrategy[DatePoint]:
    @st.composite
    def build(draw: st.DrawFn) -> DatePoint:
        form = draw(st.sampled_from(["year_end", "month", "day", "year"] if relative
                                    else ["year_end", "month", "day"]))
        year = draw(st.none() | st.integers(2015, 2035)) if relative else None
        offset = 0 if (year is not None or not relative) else draw(st.sampled_from([0, 1]))
        if form == "year_end":
            return DatePoint(year=year, year_offset=offset, part="end")
        if form == "year":
            return DatePoint(year=year or 2024)
        month = draw(st.integers(1, 12))
        if form == "day":
            return DatePoint(year=year, year_offset=offset, month=month,
                             day=draw(st.integers(1, 28)))
        part = draw(st.none() | st.sampled_from(["end", "whole", "start", "early", "mid",
                                                 "late"]))
        return DatePoint(year=year, year_offset=offset, month=month, part=part)

    return build()


def _deadlines() -> SearchStrategy[Deadline]:
    @st.composite
    def build(draw: st.DrawFn) -> Deadline:
        recurring = draw(st.booleans())
        end = draw(_date_points(relative=not recurring))
        return Deadline(end=end, before=draw(st.booleans()), completion=draw(st.booleans()),
                        recurring=recurring)

    return build()


def _qualitatives() -> SearchStrategy[Qualitative]:
    vocabulary = default_vocabulary()

    def make(text: str) -> Qualitative:
        group, intensity = vocabulary.classify(text)
        return Qualitative(text=text, group=group, intensity=intensity,
                           scale=vocabulary.grade_scale(text))

    return st.sampled_from(_PHRASES).map(make)


def _not_applicables(*, whole_cell: bool) -> SearchStrategy[NotApplicable]:
    vocabulary = default_vocabulary()
    markers = list(vocabulary.na_phrases)
    if whole_cell:
        markers += [*vocabulary.na_whole_cell, ""]
    return st.sampled_from(markers).map(lambda m: NotApplicable(marker=m))


def targets(*, kinds: Collection[str] | None = None,
            table: UnitTable | None = None) -> SearchStrategy[Target]:
    """Parsed targets of the given kinds (all of :data:`KINDS` by default).

    >>> from zhibiao import parse
    >>> from zhibiao.testing.strategies import targets
    >>> t = targets(kinds=["comparison"]).example()
    >>> parse(str(t)) == t
    True
    """
    chosen = list(KINDS if kinds is None else kinds)
    unknown = set(chosen) - set(KINDS)
    if unknown or not chosen:
        raise InvalidArgument(f"targets(kinds={kinds!r}): choose from {', '.join(KINDS)}")
    unit_table = _table(table)
    simple: dict[str, SearchStrategy[Any]] = {
        "comparison": _comparisons(unit_table),
        "range": _ranges(unit_table),
        "deadline": _deadlines(),
        "qualitative": _qualitatives(),
    }
    options: list[SearchStrategy[Any]] = [simple[k] for k in chosen if k in simple]
    if "not_applicable" in chosen:
        options.append(_not_applicables(whole_cell=True))
    if "compound" in chosen:
        clause = st.one_of(*simple.values(), _not_applicables(whole_cell=False))
        options.append(
            st.lists(clause, min_size=2, max_size=3)
            .filter(lambda cs: not any(isinstance(a, Qualitative) and isinstance(b, Qualitative)
                                       for a, b in itertools.pairwise(cs)))
            .map(lambda cs: Compound(clauses=tuple(cs)))
        )
    return st.one_of(*options)


# ---- texts in the many notations of real tables -------------------------------------

_FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def _full_width(text: str) -> str:
    return "".join(_FULL_WIDTH.get(ch, ch) for ch in text)


def _spaced(draw: st.DrawFn, parts: Sequence[str]) -> str:
    joiner = draw(st.sampled_from(["", "", " ", "\u3000"]))
    return joiner.join(p for p in parts if p)


def _number_text(draw: st.DrawFn, value: Decimal) -> str:
    text = format_decimal(value)
    if value == value.to_integral_value() and abs(value) >= 1000 and draw(st.booleans()):
        text = f"{int(value):,}"
    return text


def _unit_text(draw: st.DrawFn, unit: Unit, table: UnitTable) -> str:
    def written(name: str) -> str:
        aliases = [a for a in table.definitions[name].aliases if not a.isascii()]
        return draw(st.sampled_from([name, *aliases]))

    text = written(unit.numerator) if unit.numerator else ""
    return text + "".join("/" + written(d) for d in unit.denominators)


def _comparison_text(draw: st.DrawFn, model: Comparison, table: UnitTable) -> str:
    q = model.quantity
    number = _number_text(draw, q.written_value) + q.multiplier
    unit = _unit_text(draw, q.unit, table)
    vocabulary = default_vocabulary()
    words = vocabulary.operator(model.op.value)
    prefix, suffix = "", ""
    if not model.implicit_op:
        style = draw(st.sampled_from(["symbol", "prefix", "suffix"]))
        if style == "prefix" and words.prefix and q.value >= 0:
            prefix = draw(st.sampled_from(words.prefix))
        elif style == "suffix" and words.suffix and q.value >= 0 and model.noun is None:
            suffix = draw(st.sampled_from([w for w in words.suffix if len(w) > 1] or
                                          words.suffix))
        else:
            prefix = draw(st.sampled_from(words.symbols))
    note = f"（{model.note}）" if model.note is not None else ""
    return _spaced(draw, [model.label or "", prefix, number, unit, model.noun or "", suffix,
                          note])


def _text_for(draw: st.DrawFn, model: Target, table: UnitTable) -> str:
    if isinstance(model, Comparison):
        return _comparison_text(draw, model, table)
    if isinstance(model, Compound):
        sep = draw(st.sampled_from([";", "；", "，", ","]))
        return sep.join(_text_for(draw, clause, table) for clause in model.clauses)
    return str(model)


def target_texts(*, kinds: Collection[str] | None = None,
                 table: UnitTable | None = None) -> SearchStrategy[tuple[str, Target]]:
    """``(text, model)`` pairs: text in a real notation, and the model it must parse to.

    Operators as symbols (≥ ≧ >=) or words (不低于95%, 90%以上), full-width forms, spaces
    (also U+3000), thousands separators, unit aliases, 万/亿 multipliers.

    >>> from zhibiao import parse
    >>> from zhibiao.testing.strategies import target_texts
    >>> text, model = target_texts(kinds=["comparison"]).example()
    >>> parse(text) == model
    True
    """
    unit_table = _table(table)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, Target]:
        model = draw(targets(kinds=kinds, table=unit_table))
        text = _text_for(draw, model, unit_table)
        if draw(st.integers(0, 4)) == 0:
            text = _full_width(text)
        return unicodedata.normalize("NFC", text), model

    return build()

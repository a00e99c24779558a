"""Hypothesis strategies for 指标值 targets, their texts, actuals and rulesets.

Install with ``pip install 'zhibiao[testing]'``. Every strategy takes keyword-only
arguments, accepts strategies where it accepts values, and checks its arguments
(raising :class:`hypothesis.errors.InvalidArgument` with a clear message).

>>> from hypothesis import given
>>> from zhibiao import parse
>>> from zhibiao.testing.strategies import target_texts
>>> @given(target_texts())
... def test_parses(pair):
...     text, model = pair
...     assert parse(text) == model
>>> test_parses()
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import tempfile
import unicodedata
from collections.abc import Collection, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from zhibiao.engine.conversion import with_header_unit
from zhibiao.engine.policy import DEFAULT_POLICY, Direction, Policy
from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.models import (
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
)
from zhibiao.grammar.numerals import format_decimal
from zhibiao.grammar.parser import default_parser
from zhibiao.grammar.transformer import build_unit
from zhibiao.grammar.units import UnitTable, default_unit_table
from zhibiao.grammar.vocabulary import default_vocabulary
from zhibiao.ruleset.load import load_ruleset
from zhibiao.ruleset.ruleset import Indicator, Ruleset

__all__ = (
    "KINDS",
    "OUTCOMES",
    "actuals_for",
    "actuals_tables",
    "quantities",
    "rulesets",
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
            noun=draw(st.none() | st.sampled_from(_NOUNS)) if quantity.unit.numerator else None,
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


# ---- actuals that achieve, miss, or cannot be evaluated -----------------------------

#: What :func:`actuals_for` can aim at: the values of :class:`zhibiao.engine.Status`.
OutcomeName = Literal["achieved", "not_achieved", "not_evaluable", "not_applicable"]

OUTCOMES: tuple[OutcomeName, ...] = ("achieved", "not_achieved", "not_evaluable",
                                     "not_applicable")

# Cells that mean "nothing was filled in" (an empty cell, a dash, a slash).
_BLANKS = ("", " ", "/", "—", "——", "-", "--", "空")
# Texts that are neither evaluators' words nor 指标值 notation.
_UNPARSABLE = ("≥≥95%", "95%%", "≥", "〓", "95%-", "≥95%≤")
# Phrases that state no tier: a qualitative target needs a person to judge them.
_JUDGEMENT_PHRASES = ("效果很好", "群众反映良好", "情况正常", "有待观察", "正在推进")
# Units of unrelated dimensions, for actuals that cannot be compared with the target.
_MISMATCH_UNITS = ("人", "次", "元", "%", "天", "个", "千克")
# 7月 and 2024年 are dates, not amounts: never write an amount in these forms.
_DATE_LIKE_FORMS = frozenset({"月", "年", "年度"})
_NOMINAL_YEAR = 2000  # the year dates are compared in when none is known (a leap year)
_ONE = Decimal(1)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_STEP = Decimal("0.0001")
_MAX_NUMBER_TEXT = 40


class _Impossible(Exception):
    """No actual can give the requested outcome against this target."""


class _Settings(NamedTuple):
    policy: Policy
    direction: Direction | None
    category: str | None


class _Words(NamedTuple):
    tiers: dict[int, tuple[str, ...]]          # tier → the words evaluators write
    grades: dict[str, Decimal]                 # grade → low % of its default band
    scales: dict[str, dict[str, Decimal]]      # scale → grade → low %
    not_applicable: tuple[str, ...]


@lru_cache(maxsize=1)
def _words() -> _Words:
    """Evaluators' words by tier and grades by band, from the vocabulary file."""
    vocabulary = default_vocabulary()
    tiers: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for word, tier in vocabulary.actual_words:
        tiers.setdefault(tier, []).append(word)
    tier_words = {word for word, _ in vocabulary.actual_words}
    grades: dict[str, Decimal] = {}
    scales: dict[str, dict[str, Decimal]] = {}
    for scale, bands in vocabulary.grades:
        scales[scale] = {grade: low for grade, low, _ in bands}
        for grade, low, _ in bands:
            if grade not in tier_words:
                grades.setdefault(grade, low)  # the first scale naming a grade is its default
    return _Words({k: tuple(v) for k, v in tiers.items()}, grades, scales,
                  tuple(vocabulary.na_phrases))


def _compact(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in ",，;；、。.")


def _tier_words(*tiers: int) -> SearchStrategy[str]:
    words = _words()
    return st.sampled_from([w for tier in tiers for w in words.tiers.get(tier, ())])


def _grade_words(achieved: bool, settings: _Settings, scale: str | None) -> list[str]:
    """Grades whose band starts at or above the first tier's lower bound (or below it)."""
    words = _words()
    threshold = settings.policy.qualitative_bands[0]
    chosen = []
    for grade, low in words.grades.items():
        if scale is not None and grade in words.scales.get(scale, {}):
            low = words.scales[scale][grade]
        if (low >= threshold) == achieved:
            chosen.append(grade)
    return chosen


def _verdicts(achieved: bool, settings: _Settings, scale: str | None = None,
              ) -> SearchStrategy[str]:
    """Tier words and grades: tier 1 achieves; tiers 2 and 3 do not."""
    words = _tier_words(1) if achieved else _tier_words(2, 3)
    grades = _grade_words(achieved, settings, scale)
    return st.one_of(words, st.sampled_from(grades)) if grades else words


def _percents(achieved: bool) -> SearchStrategy[str]:
    """A percentage read as the degree of completion of a non-numeric target."""
    if achieved:
        values = st.decimals(min_value=100, max_value=200, places=2)
    else:
        values = st.decimals(min_value=0, max_value=Decimal("99.99"), places=2)
    return values.map(lambda v: format_decimal(v) + "%")


def _blank_or_unparsable() -> SearchStrategy[str]:
    return st.sampled_from(_BLANKS) | st.sampled_from(_UNPARSABLE)


def _not_applicable_words() -> SearchStrategy[str]:
    return st.sampled_from(_words().not_applicable)


# ---- numbers in the target's unit, in any scale -------------------------------------

@lru_cache(maxsize=512)
def _written_forms(name: str, denominator: bool = False) -> tuple[str, ...]:
    """Ways to write a canonical unit after a number (aliases; never a date form)."""
    definition = default_unit_table().definitions[name]
    forms = [form for form in (name, *definition.aliases)
             if (form == name or not form.isascii())
             and (denominator or form not in _DATE_LIKE_FORMS)]
    return tuple(forms) or (name,)


def _unit_written(draw: st.DrawFn, numerator: str, denominators: tuple[str, ...]) -> str:
    text = draw(st.sampled_from(_written_forms(numerator))) if numerator else ""
    return text + "".join("/" + draw(st.sampled_from(_written_forms(d, True)))
                          for d in denominators)


def _terminating(value: Fraction) -> bool:
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def _exact(value: Fraction) -> Decimal:
    """A terminating fraction as a Decimal, without rounding."""
    with localcontext() as context:
        context.prec = 80
        return Decimal(value.numerator) / Decimal(value.denominator)


def _actual_number(draw: st.DrawFn, number: Decimal, plain: bool) -> str:
    text = format_decimal(number)
    if not plain and number == number.to_integral_value() and abs(number) >= 1000 \
            and draw(st.integers(0, 3)) == 0:
        text = f"{int(number):,}"
    return text


def _quantity_text(draw: st.DrawFn, value: Decimal, like: Quantity, *, scales: bool,
                   plain: bool) -> str:
    """``value`` (in the canonical unit of ``like``, a target quantity) as an actual.

    With ``scales`` the number may be written with another multiplier (1.45亿元 for
    14500万元), in another unit of the same dimension (2小时 for 120分钟), or bare (a
    bare number takes the target's unit as written: 132.9 against ≤202.6万元).
    """
    table = default_unit_table()
    unit = like.unit
    numerator, denominators = unit.numerator, unit.denominators
    # (number as written, multiplier word, numerator, denominators)
    options: list[tuple[Decimal, str, str, tuple[str, ...]]] = [
        (value / like.multiplier_factor, like.multiplier, numerator, denominators)]
    if scales:
        if numerator or not like.multiplier:
            # A bare number without a unit is read in the target's scale (万 included):
            # 0.5 against ≥0.0001万 is 0.5万, so it is no option for such a target.
            options.append((value, "", numerator, denominators))
        for word, factor in sorted(table.multipliers.items()):
            if word + numerator not in table.written:
                options.append((value / factor, word, numerator, denominators))
        if numerator and not denominators:
            own = table.definitions[numerator]
            for name, other in sorted(table.definitions.items()):
                if name == numerator or other.dimension != own.dimension:
                    continue
                converted = Fraction(value) * own.scale / other.scale
                if _terminating(converted):
                    options.append((_exact(converted), "", name, ()))
        if not unit.is_dimensionless:
            options.append((value / like.multiplier_factor, "", "", ()))
    options = [o for o in options if len(format_decimal(o[0])) <= _MAX_NUMBER_TEXT]
    # Half the time the actual is written as the target is; otherwise in any scale.
    pick = st.just(options[0]) if draw(st.booleans()) else st.sampled_from(options)
    number, multiplier, name, dens = draw(pick)
    text = _actual_number(draw, number, plain) + multiplier
    suffix = _unit_written(draw, name, dens) if name else ""
    if suffix and not plain and draw(st.integers(0, 5)) == 0:
        text += " "
    text += suffix
    if not plain and draw(st.integers(0, 5)) == 0:
        text = _full_width(text)
    return text


class _Values(NamedTuple):
    """A set of numbers, in the target's canonical unit.

    ``at_least``/``at_most``: one bound (``strict`` excludes it); ``equal``/``except``:
    one value ``low``; ``between``: ``low``–``high`` with their inclusivity;
    ``outside``: below ``low`` or above ``high`` (both excluded).
    """

    kind: Literal["at_least", "at_most", "equal", "except", "between", "outside"]
    low: Decimal
    high: Decimal = _ZERO
    low_strict: bool = False
    high_strict: bool = False


def _slack(value: Decimal, policy: Policy) -> Decimal:
    """How far from a bound the policy's tolerance still counts as met."""
    return abs(value) * policy.tolerance / _HUNDRED if policy.tolerance is not None else _ZERO


def _comparison_values(target: Comparison, achieved: bool, settings: _Settings) -> _Values:
    """The actuals that meet (or miss) a comparison, per docs/scoring.md §4.

    正向 (≥ >): met at or above T (strictly above for >, to stay off the bound); missed
    below T − tolerance. 反向 (≤ <): the mirror image. = ≈ and bare values follow the
    direction: 正向 as ≥ (T = 0: met when A ≤ 0; T < 0: met only when A = T), 反向 as ≤,
    等于 met only when A = T (± tolerance). ≠: met when A differs from T.
    """
    t = target.quantity.value
    policy = settings.policy
    slack = _slack(t, policy)
    op = target.op
    if op in (Op.GE, Op.GT):
        kind = "higher"
    elif op in (Op.LE, Op.LT):
        kind = "lower"
    elif op is Op.NE:
        return _Values("except", t) if achieved else _Values("equal", t)
    else:
        direction = settings.direction or policy.direction_for(settings.category)
        if direction is Direction.LOWER:
            kind = "lower"
        elif direction is Direction.EXACT:
            if achieved:
                return _Values("equal", t)
            return _Values("outside", t - slack, t + slack, True, True)
        elif t > 0:
            kind = "higher"
        elif t == 0:
            return _Values("at_most", t) if achieved else _Values("at_least", t, low_strict=True)
        else:
            return _Values("equal", t) if achieved else _Values("except", t)
    strict = op in (Op.GT, Op.LT)
    if kind == "higher":
        return _Values("at_least", t, low_strict=strict) if achieved \
            else _Values("at_most", t - slack, low_strict=True)
    return _Values("at_most", t, low_strict=strict) if achieved \
        else _Values("at_least", t + slack, low_strict=True)


def _range_values(target: Range, achieved: bool, settings: _Settings) -> _Values:
    """Within the bounds (never on an open one) meets a range; missing it means below the
    low bound less its tolerance, or above the high bound plus its tolerance."""
    low, high = target.low.value, target.high.value
    if achieved:
        return _Values("between", low, high, not target.low_inclusive,
                       not target.high_inclusive)
    policy = settings.policy
    return _Values("outside", low - _slack(low, policy), high + _slack(high, policy),
                   True, True)


def _nonnegative(values: _Values) -> _Values:
    """The same set without negative numbers (compound actuals never carry a sign)."""
    kind, low, high = values.kind, values.low, values.high
    empty = _Impossible(f"only a negative actual is in {values}")
    if kind == "at_most" and (low < 0 or (low == 0 and values.low_strict)):
        raise empty
    if kind == "equal" and low < 0:
        raise empty
    if kind == "at_least" and low < 0:
        return _Values("at_least", _ZERO)
    if kind == "between":
        if high < 0 or (high == 0 and values.high_strict):
            raise empty
        if low < 0:
            return values._replace(low=_ZERO, low_strict=False)
    if kind == "outside" and low <= 0:
        return _Values("at_least", high, low_strict=True)
    return values


def _delta(draw: st.DrawFn, size: Decimal, *, positive: bool) -> Decimal:
    """A step away from a bound, of the order of the bound itself."""
    top = max(abs(size), _ONE).quantize(_STEP) * 2
    return draw(st.decimals(min_value=_STEP if positive else _ZERO, max_value=top, places=4,
                            allow_nan=False, allow_infinity=False))


def _fraction(draw: st.DrawFn, *, open_low: bool, open_high: bool) -> Decimal:
    return draw(st.decimals(min_value=_STEP if open_low else _ZERO,
                            max_value=_ONE - _STEP if open_high else _ONE, places=4,
                            allow_nan=False, allow_infinity=False))


def _draw_value(draw: st.DrawFn, values: _Values) -> Decimal:
    """A number of the set; non-negative ones are preferred when there are any."""
    kind, low, high = values.kind, values.low, values.high
    if kind == "equal":
        return low
    if kind == "except":
        step = _delta(draw, low, positive=True)
        return low + step if low - step < 0 or draw(st.booleans()) else low - step
    if kind == "at_least":
        return low + _delta(draw, low, positive=values.low_strict)
    if kind == "at_most":
        if low > 0:  # 0 ≤ value ≤ bound (< bound when strict)
            return low - low * _fraction(draw, open_low=values.low_strict, open_high=False)
        return low - _delta(draw, low, positive=values.low_strict)
    if kind == "between":
        if low == high:
            return low
        return low + (high - low) * _fraction(draw, open_low=values.low_strict,
                                              open_high=values.high_strict)
    if low > 0 and draw(st.booleans()):
        return low - low * _fraction(draw, open_low=True, open_high=False)
    if low <= 0 and draw(st.integers(0, 3)) == 0:
        return low - _delta(draw, low, positive=True)
    return high + _delta(draw, high, positive=True)


def _numbers(target: Comparison | Range, achieved: bool, settings: _Settings, *,
             scales: bool, plain: bool) -> SearchStrategy[str]:
    """Number actuals that meet (or miss) a comparison or range target.

    ``plain`` texts (parts of a compound actual) have no sign, separators or spaces.
    """
    if isinstance(target, Comparison):
        values = _comparison_values(target, achieved, settings)
        like = target.quantity
    else:
        values = _range_values(target, achieved, settings)
        like = target.high
    if plain:
        values = _nonnegative(values)
    copy = isinstance(target, Comparison) and achieved and target.op in (Op.GE, Op.LE) \
        and target.quantity.value >= 0

    @st.composite
    def build(draw: st.DrawFn) -> str:
        if copy and draw(st.integers(0, 7)) == 0:
            # The evaluator copied the target with its operator: that counts as met.
            return target.op.symbol + _quantity_text(  # type: ignore[union-attr]
                draw, like.value, like, scales=False, plain=True)
        return _quantity_text(draw, _draw_value(draw, values), like, scales=scales,
                              plain=plain)

    return build()


def _mismatched_units(target: Comparison | Range) -> list[str]:
    """Units no conversion relates to the target's (人 against 元, % against 天)."""
    quantity = target.quantity if isinstance(target, Comparison) else target.high
    unit = quantity.unit
    if unit.is_dimensionless:
        return []  # a bare target takes the actual's unit: nothing mismatches
    table = default_unit_table()
    return [name for name in _MISMATCH_UNITS
            if name != unit.numerator and table.definitions[name].dimension != unit.dimension]


def _numeric_texts(target: Comparison | Range, outcome: str, settings: _Settings, *,
                   scales: bool, plain: bool) -> SearchStrategy[str]:
    if outcome in ("achieved", "not_achieved"):
        achieved = outcome == "achieved"
        numbers = _numbers(target, achieved, settings, scales=scales, plain=plain)
        if plain:
            return numbers
        # A judgement word written against a number is scored by its tier.
        return st.one_of(numbers, numbers, numbers, _verdicts(achieved, settings))
    others = _mismatched_units(target)
    options = [_blank_or_unparsable(), st.sampled_from(_JUDGEMENT_PHRASES)]
    if others:
        amounts = st.decimals(min_value=0, max_value=1000, places=2)
        options.append(st.builds(lambda v, u: format_decimal(v) + u, amounts,
                                 st.sampled_from(others)))
    return st.one_of(options)


def _qualitative_texts(target: Qualitative, outcome: str, settings: _Settings, *,
                       plain: bool) -> SearchStrategy[str]:
    """Words by tier, grades by band, the target's own phrase, a completion percentage;
    for 据实 targets anything filled in achieves (only tier 2–3 words do not)."""
    if outcome == "not_evaluable":
        if target.is_as_incurred:
            return _blank_or_unparsable()
        own = _compact(target.text)
        phrases = [p for p in _JUDGEMENT_PHRASES if _compact(p) != own]
        return st.sampled_from(_UNPARSABLE) | st.sampled_from(_BLANKS) | st.sampled_from(phrases)
    achieved = outcome == "achieved"
    if target.is_as_incurred:
        if not achieved:
            return _tier_words(2, 3)
        amounts = st.decimals(min_value=0, max_value=10**6, places=2).map(
            lambda v: format_decimal(v) + "万元")
        return st.one_of(_tier_words(1), _percents(True), _percents(False), amounts,
                         st.sampled_from(_JUDGEMENT_PHRASES))
    options = [_verdicts(achieved, settings, target.scale), _percents(achieved)]
    if achieved and _word_kind(target.text) == "phrase":
        options.append(st.just(target.text))  # repeating the target's phrase is tier 1
    return st.one_of(options)


def _word_kind(text: str) -> str:
    """What an actual with this text is read as: blank, tier, grade, n/a or a phrase."""
    folded = unicodedata.normalize("NFKC", text).strip()
    compact = folded.replace(" ", "")
    words = _words()
    if folded.strip("。.;,、 ") in _BLANKS:
        return "blank"
    if any(compact in tier_words for tier_words in words.tiers.values()):
        return "tier"
    if compact in words.grades:
        return "grade"
    if any(phrase in compact for phrase in words.not_applicable):
        return "not_applicable"
    return "phrase"


# ---- dates against deadlines ---------------------------------------------------------

def _evaluation_year(target: Deadline, actual: DatePoint, policy: Policy) -> int:
    """The year relative dates are read in (docs/scoring.md §4.6): the policy's, else the
    target's, else the one the actual names, else a nominal leap year."""
    if policy.year is not None:
        return policy.year
    if target.end.year is not None:
        return target.end.year
    if actual.year is not None:
        return actual.year - target.end.year_offset + actual.year_offset
    return _NOMINAL_YEAR


def _on_time(target: Deadline, actual: DatePoint, policy: Policy) -> bool | None:
    """Whether a date actual meets the deadline (None when a date does not exist)."""
    year = _evaluation_year(target, actual, policy)
    try:
        return actual.last_day(year) <= target.due_date(year)
    except ValueError:  # 2月29日 in a year that has none
        return None


_DATE_FORMS = ("ymd", "md", "next_md", "ym", "m", "m_end", "ym_end")


def _date_point(form: str, day: dt.date, year: int) -> DatePoint | None:
    """``day`` written in ``form``, for dates read in ``year`` (None if it cannot be)."""
    month_end = day.day == _month_end(day).day
    if form in ("m", "m_end", "md") and day.year != year:
        return None
    if form == "next_md" and day.year != year + 1:
        return None
    if form in ("ym", "m", "m_end", "ym_end") and not month_end:
        return None
    if not 1900 <= day.year <= 2199:
        return None
    if form == "ymd":
        return DatePoint(year=day.year, month=day.month, day=day.day)
    if form == "md":
        return DatePoint(month=day.month, day=day.day)
    if form == "next_md":
        return DatePoint(year_offset=1, month=day.month, day=day.day)
    if form == "ym":
        return DatePoint(year=day.year, month=day.month)
    if form == "ym_end":
        return DatePoint(year=day.year, month=day.month, part="end")
    return DatePoint(month=day.month, part="end" if form == "m_end" else None)


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _dates(target: Deadline, achieved: bool, settings: _Settings) -> SearchStrategy[str]:
    """Dates on time (or late): a full date, a month (its last day counts), 次年…."""
    policy = settings.policy
    pinned = policy.year if policy.year is not None else target.end.year

    @st.composite
    def build(draw: st.DrawFn) -> str:
        year = pinned if pinned is not None else draw(
            st.sampled_from([_NOMINAL_YEAR, *range(2016, 2031)]))
        try:
            due = target.due_date(year)
        except ValueError:
            due = dt.date(year, 3, 1) - dt.timedelta(days=1)
        steps = draw(st.integers(0, 400))
        day = due - dt.timedelta(days=steps) if achieved else \
            due + dt.timedelta(days=steps + 1)
        if draw(st.booleans()):  # a whole month: its last day is what counts
            end = _month_end(day)
            if not achieved or end <= due:
                day = end
        first = draw(st.sampled_from(_DATE_FORMS))
        forms = [first, *(f for f in _DATE_FORMS if f != first)]
        for form in forms:
            point = _date_point(form, day, year)
            if point is not None and _on_time(target, point, policy) is achieved:
                return str(point)
        reject()

    return build()


def _deadline_texts(target: Deadline, outcome: str, settings: _Settings, *,
                    plain: bool) -> SearchStrategy[str]:
    if outcome == "not_evaluable":
        counts = st.integers(1, 99).map(lambda n: f"{n}个")  # a number that is no date
        return st.one_of(_blank_or_unparsable(), st.sampled_from(_JUDGEMENT_PHRASES), counts)
    achieved = outcome == "achieved"
    dates = _dates(target, achieved, settings)
    if plain:
        return st.one_of(dates, _percents(achieved))
    return st.one_of(dates, dates, _verdicts(achieved, settings), _percents(achieved))


# ---- compound targets: one part per clause --------------------------------------------

def _compound_texts(target: Compound, outcome: str, settings: _Settings, *,
                    scales: bool) -> SearchStrategy[str]:
    """Parts joined by ；: all met achieves; any missed (none unjudgeable) misses."""
    clauses = target.clauses
    applicable = [i for i, c in enumerate(clauses) if not isinstance(c, NotApplicable)]
    parts: list[dict[str, SearchStrategy[str]]] = []
    for clause in clauses:
        found: dict[str, SearchStrategy[str]] = {}
        if isinstance(clause, NotApplicable):
            found["any"] = st.just("1")  # a not-applicable clause counts for nothing
        else:
            for status in ("achieved", "not_achieved"):
                with contextlib.suppress(_Impossible):
                    found[status] = _clause_texts(clause, status, settings, scales=scales,
                                                  plain=True)
        parts.append(found)

    def option(index: int, status: str) -> SearchStrategy[str]:
        found = parts[index]
        return found["any"] if "any" in found else found[status]

    if outcome == "not_evaluable":
        if not all(parts[i] for i in range(len(clauses) - 1)):
            return _blank_or_unparsable()
        fewer = st.tuples(*(st.one_of(list(parts[i].values()))
                            for i in range(len(clauses) - 1))).map(";".join)
        return st.one_of(_blank_or_unparsable(), fewer)
    if not applicable:
        raise _Impossible("every clause is not applicable (不适用)")
    if outcome == "achieved":
        missing = [str(clauses[i]) for i in applicable if "achieved" not in parts[i]]
        if missing:
            raise _Impossible(f"no part can meet {'、'.join(missing)}")
        choices = [option(i, "achieved") for i in range(len(clauses))]
        return st.tuples(*choices).flatmap(_joined)
    can_miss = [i for i in applicable if "not_achieved" in parts[i]]
    stuck = [str(clauses[i]) for i in applicable if not parts[i]]
    if not can_miss or stuck:
        raise _Impossible("no clause can be missed by a part that is a plain number or word")

    @st.composite
    def build(draw: st.DrawFn) -> str:
        missed = draw(st.sampled_from(can_miss))
        texts = []
        for index in range(len(clauses)):
            if index == missed:
                texts.append(draw(option(index, "not_achieved")))
            else:
                texts.append(draw(st.one_of(list(parts[index].values()))))
        return draw(_joined(tuple(texts)))

    return build()


def _joined(texts: tuple[str, ...]) -> SearchStrategy[str]:
    return st.sampled_from([";", "；"]).map(lambda sep: sep.join(texts))


def _anything_filled() -> SearchStrategy[str]:
    """Texts an evaluator may write, all of which parse."""
    amounts = st.decimals(min_value=0, max_value=1000, places=2).map(
        lambda v: format_decimal(v) + "%")
    return st.one_of(_tier_words(1, 2, 3), amounts, st.sampled_from(_BLANKS),
                     _not_applicable_words(), st.sampled_from(_JUDGEMENT_PHRASES))


def _clause_texts(target: Target, outcome: str, settings: _Settings, *, scales: bool,
                  plain: bool = False) -> SearchStrategy[str]:
    """Texts of actuals giving ``outcome`` against ``target`` (raises _Impossible)."""
    if isinstance(target, NotApplicable):
        if outcome == "not_applicable":
            return _anything_filled()
        raise _Impossible("a not-applicable target (本指标不适用) is never evaluated: "
                          "every actual gives not_applicable")
    if outcome == "not_applicable":
        return _not_applicable_words()
    if isinstance(target, (Comparison, Range)):
        return _numeric_texts(target, outcome, settings, scales=scales, plain=plain)
    if isinstance(target, Qualitative):
        return _qualitative_texts(target, outcome, settings, plain=plain)
    if isinstance(target, Deadline):
        return _deadline_texts(target, outcome, settings, plain=plain)
    return _compound_texts(target, outcome, settings, scales=scales)


def _outcome_name(outcome: object, where: str) -> str:
    if not isinstance(outcome, str) or outcome not in OUTCOMES:
        raise InvalidArgument(f"{where}: outcome={outcome!r}; choose one of "
                              f"{', '.join(OUTCOMES)} (or a strategy of them)")
    return OUTCOMES[OUTCOMES.index(outcome)]  # a Status member → its plain str


def _settings(policy: Policy | None, direction: Direction | str | None,
              category: str | None, where: str) -> _Settings:
    if policy is not None and not isinstance(policy, Policy):
        raise InvalidArgument(f"{where}: policy={policy!r} is not a zhibiao.engine.Policy")
    forced = None
    if direction is not None:
        try:
            forced = Direction(direction)
        except ValueError:
            raise InvalidArgument(f"{where}: direction={direction!r}; use 正向, 反向 or 等于 "
                                  "(or higher, lower, exact)") from None
    if category is not None and not isinstance(category, str):
        raise InvalidArgument(f"{where}: category={category!r} should be a 二级指标 name")
    return _Settings(policy or DEFAULT_POLICY, forced, category)


def _target_model(target: object, where: str) -> Target:
    if isinstance(target, str):
        try:
            return default_parser().parse(target)
        except IndicatorSyntaxError as exc:
            raise InvalidArgument(f"{where}: the target {target!r} does not parse: "
                                  f"{exc.message}") from None
    if isinstance(target, (Comparison, Range, Deadline, Qualitative, NotApplicable, Compound)):
        return target
    raise InvalidArgument(f"{where}: target should be 指标值 text or a parsed model, "
                          f"not {type(target).__name__}")


def actuals_for(
    target: Target | str,
    *,
    outcome: OutcomeName | SearchStrategy[OutcomeName] = "achieved",
    scales: bool = True,
    policy: Policy | None = None,
    direction: Direction | str | None = None,
    category: str | None = None,
) -> SearchStrategy[str]:
    """Texts of actuals whose evaluation against ``target`` has status ``outcome``.

    ``evaluate(target, text, weight=w, policy=policy, direction=direction,
    category=category).status == outcome`` for every text drawn:

    - ``"achieved"`` / ``"not_achieved"``: numbers on the right (wrong) side of the
      target, in any equivalent scale when ``scales`` (1.45亿元 for 14500万元, 2小时
      for 120分钟, a bare number in the target's unit), a copy of the target's bound
      (≥95%), evaluators' words by tier (达成预期指标 / 部分达成, 未完成), grades by
      band (优, 较好 / 中, 差), the target's own phrase, a completion percentage, dates
      on time or late (read in ``policy.year``, else the year the target or the
      actual names); compound targets get one part per clause;
    - ``"not_evaluable"``: an empty cell, text that does not parse, a unit of another
      dimension, a phrase that needs a judgement, a part missing from a compound;
    - ``"not_applicable"``: 不适用, 本指标不适用 … (anything, for a not-applicable target).

    ``outcome`` may be a strategy of those names; draws it cannot meet are rejected.
    An outcome the target can never give raises :class:`InvalidArgument` (a
    not-applicable target is never achieved; every clause of a compound part is
    written without a sign, so ``≤-5%`` cannot be met inside a compound).

    >>> from hypothesis import given
    >>> from zhibiao.engine import evaluate
    >>> from zhibiao.testing.strategies import actuals_for
    >>> @given(actuals_for("≥14000万元", outcome="not_achieved"))
    ... def test_missing_the_target(actual):
    ...     assert evaluate("≥14000万元", actual, weight=10).status == "not_achieved"
    >>> test_missing_the_target()
    """
    where = "actuals_for()"
    model = _target_model(target, where)
    if not isinstance(scales, bool):
        raise InvalidArgument(f"{where}: scales={scales!r} should be True or False")
    settings = _settings(policy, direction, category, where)
    if isinstance(outcome, SearchStrategy):

        def for_outcome(name: object) -> SearchStrategy[str]:
            try:
                return _clause_texts(model, _outcome_name(name, where), settings,
                                     scales=scales)
            except _Impossible:
                return st.nothing()

        return outcome.flatmap(for_outcome)
    name = _outcome_name(outcome, where)
    try:
        return _clause_texts(model, name, settings, scales=scales)
    except _Impossible as exc:
        raise InvalidArgument(f"actuals_for({str(model)!r}, outcome={name!r}): no actual "
                              f"can give that: {exc}") from None


def _possible_outcomes(target: Target, settings: _Settings,
                       wanted: Collection[str]) -> dict[str, SearchStrategy[str]]:
    found = {}
    for name in wanted:
        try:
            found[name] = _clause_texts(target, name, settings, scales=True)
        except _Impossible:
            continue
    return found


# ---- whole rulesets and their actuals tables ------------------------------------------

_LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
    "成本指标": ("经济成本指标", "社会成本指标"),
}
_INDICATOR_NAMES = ("培训次数", "救助对象覆盖率", "资金拨付及时率", "群众满意度", "设备采购数量",
                    "项目验收合格率", "服务对象满意度", "政策知晓率", "医疗费用报销比例",
                    "信息系统运行稳定性", "完成时间", "成本控制")
_PROJECT_NAMES = ("2024 年度城乡医疗救助", "法律顾问服务费", "医保基金监管专项检查",
                  "信息设备维护购置", "行政运行经费", "明光市医疗保障局")
_POLICY_TABLE: dict[str, SearchStrategy[Any]] = {
    "reverse": st.sampled_from(["inverse", "linear", "倒数", "线性"]),
    "bare_value": st.sampled_from(["正向", "反向", "等于"]),
    "bare_value_by_category": st.just({"成本指标": "反向"}),
    "qualitative_bands": st.sampled_from(["80/60", "80/50"]),
    "qualitative_position": st.sampled_from(["top", "middle", "bottom"]),
    "late": st.sampled_from(["zero", "proportional_days"]),
    "overshoot_flag": st.sampled_from(["1.3", "off"]),
    "overshoot_cut": st.sampled_from(["1.5", "off"]),
    "tolerance": st.sampled_from(["±2%", "5", "off"]),
    "rounding": st.sampled_from(["0.01", "0.1", "1"]),
    "rounding_mode": st.sampled_from(["half_up", "half_even", "down", "up"]),
    "rate_quantum": st.sampled_from(["0.001", "off"]),
    "grades": st.sampled_from([{"优": 90, "良": 80, "中": 60}, {"优": 85, "良": 75, "中": 60}]),
    "year": st.integers(2019, 2026),
}
_INDICATOR_POLICIES = ({"reverse": "linear"}, {"tolerance": "5"}, {"qualitative_bands": "80/50"},
                       {"bare_value": "反向"}, {"year": 2024})


def _toml_string(text: str) -> str:
    """A TOML basic string (control characters escaped, as TOML requires)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    bare = key and all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in key)
    return key if bare else _toml_string(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}"
                                for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")  # pragma: no cover


def _toml_table(header: str, table: dict[str, object], lines: list[str]) -> None:
    lines.append(header)
    lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in table.items())
    lines.append("")


def _toml_document(document: dict[str, Any]) -> str:
    """A ruleset document (nested dicts, a list of indicators) as TOML text.

    Written here, apart from :mod:`zhibiao.ruleset.dump`, so that a round trip through
    ``Ruleset.to_toml`` checks that writer against an independent one.
    """
    lines = ["# generated by zhibiao.testing.strategies.rulesets()", ""]
    project = dict(document["project"])
    funds = project.pop("funds", None)
    _toml_table("[project]", project, lines)
    if funds:
        _toml_table("[project.funds]", funds, lines)
    for section in ("goals", "budget", "policy", "points"):
        if document.get(section):
            _toml_table(f"[{section}]", document[section], lines)
    for indicator in document["indicators"]:
        _toml_table("[[indicators]]", indicator, lines)
    return "\n".join(lines)


def _split(draw: st.DrawFn, total: Decimal, count: int) -> list[Decimal]:
    """``total`` in ``count`` parts of whole cents that add up exactly."""
    cents = int(total * 100)
    cuts = sorted(draw(st.lists(st.integers(0, cents), min_size=count - 1,
                                max_size=count - 1)))
    edges = [0, *cuts, cents]
    return [Decimal(b - a) / 100 for a, b in itertools.pairwise(edges)]


def _points(draw: st.DrawFn, slots: list[tuple[str, str]], room: Decimal,
            ) -> tuple[dict[str, Decimal], list[Decimal | None]]:
    """``[points]`` and 三级 points: none, 一级 only, 一级 and 二级, or everything — always
    adding up (to 100 with the budget block) so the ruleset loads.

    (Given 三级 points must match their 二级 block, given or spread by default; a
    table that gives 三级 points only is refused unless they happen to match.)
    """
    mode = draw(st.sampled_from(["none", "level1", "level2", "full"]))
    table: dict[str, Decimal] = {}
    per: list[Decimal | None] = [None] * len(slots)
    if mode == "none":
        return table, per
    level1s = list(dict.fromkeys(l1 for l1, _ in slots))
    for level1, share in zip(level1s, _split(draw, room, len(level1s)), strict=True):
        table[level1] = share
        if mode == "level1":
            continue
        level2s = list(dict.fromkeys(l2 for l1, l2 in slots if l1 == level1))
        for level2, part in zip(level2s, _split(draw, share, len(level2s)), strict=True):
            table[f"{level1}/{level2}"] = part
            if mode == "level2":
                continue
            members = [i for i, slot in enumerate(slots) if slot == (level1, level2)]
            for index, points in zip(members, _split(draw, part, len(members)),
                                     strict=True):
                per[index] = points
    return table, per


def _optional_text() -> SearchStrategy[str | None]:
    notes = st.sampled_from(["以财政部门批复为准", "（含）", "见附件"])
    return st.none() | notes | st.text(max_size=12)


def rulesets(*, min_indicators: int = 1, max_indicators: int = 8,
             kinds: Collection[str] | None = None, policies: bool = True,
             ) -> SearchStrategy[Ruleset]:
    """Valid rulesets, loaded through the real loader from a TOML file written for them.

    Indicators under the usual 一级/二级 names with 指标值 in real notations (of the
    given ``kinds``, see :func:`target_texts`); points given nowhere, for 一级 only, for
    一级 and 二级, or everywhere (always adding up to 100 with the budget block); with
    ``policies`` a ``[policy]`` table and per-indicator settings. Free-text fields
    (``standard``, ``note``) may hold any characters.

    >>> from hypothesis import given, settings
    >>> from zhibiao.testing.strategies import rulesets
    >>> @settings(max_examples=20)
    ... @given(rulesets(max_indicators=4))
    ... def test_points_add_up(ruleset):
    ...     total = sum(i.points for i in ruleset.indicators) + ruleset.budget_points
    ...     assert total == 100
    >>> test_points_add_up()
    """
    where = "rulesets()"
    for name, value in (("min_indicators", min_indicators), ("max_indicators", max_indicators)):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 60:
            raise InvalidArgument(f"{where}: {name}={value!r} should be an int from 1 to 60")
    if min_indicators > max_indicators:
        raise InvalidArgument(f"{where}: min_indicators={min_indicators} > "
                              f"max_indicators={max_indicators}")
    if not isinstance(policies, bool):
        raise InvalidArgument(f"{where}: policies={policies!r} should be True or False")
    targets(kinds=kinds)  # checks kinds now rather than at the first draw
    values = target_texts(kinds=kinds)

    @st.composite
    def build(draw: st.DrawFn) -> Ruleset:
        count = draw(st.integers(min_indicators, max_indicators))
        level1s = draw(st.lists(st.sampled_from(list(_LEVEL2)), min_size=1,
                                max_size=min(count, len(_LEVEL2)), unique=True))
        slots = [(level1s[i] if i < len(level1s) else draw(st.sampled_from(level1s)))
                 for i in range(count)]
        pairs = sorted(((l1, draw(st.sampled_from(_LEVEL2[l1]))) for l1 in slots),
                       key=lambda s: (level1s.index(s[0]), _LEVEL2[s[0]].index(s[1])))
        budget_points = draw(st.sampled_from([None, 10, 20, 5]))
        room = Decimal(100) - Decimal(10 if budget_points is None else budget_points)
        points_table, per = _points(draw, pairs, room)
        seen: dict[tuple[str, str], int] = {}
        indicators = []
        for index, (level1, level2) in enumerate(pairs):
            seen[(level1, level2)] = seen.get((level1, level2), 0) + 1
            number = (level1s.index(level1) + 1, _LEVEL2[level1].index(level2) + 1,
                      seen[(level1, level2)])
            text, model = draw(values)
            item: dict[str, object] = {
                "id": ".".join(map(str, number)), "level1": level1, "level2": level2,
                "name": draw(st.sampled_from(_INDICATOR_NAMES)) + str(index + 1),
                "value": text,
            }
            if draw(st.integers(0, 4)) == 0:
                item["mid_term_value"] = draw(values)[0]
            if per[index] is not None:
                item["points"] = per[index]
            if draw(st.integers(0, 3)) == 0:
                item["direction"] = draw(st.sampled_from(["正向", "反向", "等于"]))
            bare = isinstance(model, (Comparison, Range)) and (
                model.quantity if isinstance(model, Comparison) else model.high
            ).unit.is_dimensionless
            if bare and draw(st.integers(0, 3)) == 0:
                item["unit"] = draw(st.sampled_from(["%", "万元", "人"]))
            for field in ("standard", "note"):
                extra = draw(_optional_text())
                if extra is not None:
                    item[field] = extra
            if policies and draw(st.integers(0, 5)) == 0:
                item["policy"] = draw(st.sampled_from(_INDICATOR_POLICIES))
            indicators.append(item)
        project: dict[str, object] = {"name": draw(st.sampled_from(_PROJECT_NAMES))}
        if draw(st.booleans()):
            project["unit"] = "某某县医疗保障局"
        if draw(st.booleans()):
            project["year"] = draw(st.integers(2019, 2026))
        project["kind"] = draw(st.sampled_from(["project", "unit"]))
        if draw(st.booleans()):
            project["key"] = f"p-{draw(st.integers(0, 999)):03d}"
        if draw(st.booleans()):
            amount = draw(st.decimals(min_value=1, max_value=10**5, places=2))
            project["funds"] = {"annual_total": f"{format_decimal(amount)}万元"}
        document: dict[str, Any] = {"project": project, "indicators": indicators}
        if budget_points is not None or draw(st.booleans()):
            budget: dict[str, object] = {"points": 10 if budget_points is None
                                         else budget_points}
            if draw(st.booleans()):
                amount = draw(st.decimals(min_value=1, max_value=10**5, places=2))
                budget["total"] = f"{format_decimal(amount)}万元"
            document["budget"] = budget
        if policies and draw(st.booleans()):
            document["policy"] = draw(st.fixed_dictionaries({}, optional=_POLICY_TABLE))
        if points_table:
            document["points"] = points_table
        with tempfile.TemporaryDirectory(prefix="zhibiao-") as folder:
            path = Path(folder) / "ruleset.toml"
            path.write_text(_toml_document(document), encoding="utf-8")
            return load_ruleset(path)

    return build()


# Most rows achieve or miss; some cannot be evaluated or do not apply.
_OUTCOME_WEIGHTS = ("achieved", "achieved", "achieved", "not_achieved", "not_achieved",
                    "not_evaluable", "not_applicable")
_REASONS = ("受疫情影响，部分培训延期至次年", "资金到位较晚，项目实施进度滞后", "")


def _settings_of(indicator: Indicator) -> tuple[Target, _Settings]:
    target = indicator.target
    if indicator.spec.unit:
        target = with_header_unit(target, indicator.spec.unit)
    return target, _Settings(indicator.policy, indicator.direction, indicator.spec.level2)


def actuals_tables(ruleset: Ruleset, *, missing: bool = True,
                   outcomes: Collection[OutcomeName] = OUTCOMES, budget: bool = True,
                   ) -> SearchStrategy[list[dict[str, str]]]:
    """Rows of actuals for ``ruleset``, as ``Ruleset.score`` accepts them.

    One ``{"indicator": id or name, "actual": text}`` row per indicator (with a
    ``"reason"`` now and then), each actual drawn by :func:`actuals_for` for one of
    ``outcomes`` under the indicator's own policy, direction, category and unit;
    with ``missing`` some indicators have no row; with ``budget`` a 预算执行率 row
    (全年执行数 in 万元, or a rate) may come too. Rows come in any order.

    >>> from hypothesis import given, settings
    >>> from zhibiao.testing.strategies import actuals_tables, rulesets
    >>> @settings(max_examples=20)
    ... @given(rulesets(max_indicators=4).flatmap(
    ...     lambda r: actuals_tables(r).map(lambda rows: (r, rows))))
    ... def test_every_row_is_used(pair):
    ...     ruleset, rows = pair
    ...     assert ruleset.score(rows).problems == ()
    >>> test_every_row_is_used()
    """
    where = "actuals_tables()"
    if not isinstance(ruleset, Ruleset):
        raise InvalidArgument(f"{where}: ruleset should be a zhibiao Ruleset (from "
                              f"load_ruleset or rulesets()), not {type(ruleset).__name__}")
    if isinstance(outcomes, str) or not outcomes:
        raise InvalidArgument(f"{where}: outcomes={outcomes!r} should be a non-empty "
                              f"collection of {', '.join(OUTCOMES)}")
    wanted = [_outcome_name(o, where) for o in outcomes]
    names = [i.name for i in ruleset.indicators]
    plans = []
    for indicator in ruleset.indicators:
        target, settings = _settings_of(indicator)
        options = _possible_outcomes(target, settings, wanted)
        if not options and not missing:
            raise InvalidArgument(f"{where}: indicator {indicator.id} ({indicator.spec.value}) "
                                  f"can give none of {wanted}; allow missing=True")
        plans.append((indicator, options, names.count(indicator.name) == 1))

    @st.composite
    def build(draw: st.DrawFn) -> list[dict[str, str]]:
        rows: list[dict[str, str]] = []
        for indicator, options, unique_name in plans:
            if not options or (missing and draw(st.integers(0, 5)) == 0):
                continue
            weighted = [o for o in _OUTCOME_WEIGHTS if o in options]
            outcome = draw(st.sampled_from(weighted))
            ref = indicator.name if unique_name and draw(st.integers(0, 3)) == 0 \
                else indicator.id
            row = {"indicator": ref, "actual": draw(options[outcome])}
            if outcome == "not_achieved" and draw(st.booleans()):
                row["reason"] = draw(st.sampled_from(_REASONS))
            rows.append(row)
        if budget and draw(st.booleans()):
            spent = draw(st.decimals(min_value=0, max_value=10**5, places=2))
            row = {"indicator": draw(st.sampled_from(["预算执行率", "budget"])),
                   "actual": draw(st.sampled_from([f"{format_decimal(spent)}万元",
                                                   f"{format_decimal(spent % 120)}%"]))}
            if draw(st.booleans()):
                total = draw(st.decimals(min_value=1, max_value=10**5, places=2))
                row["budget"] = f"{format_decimal(total)}万元"
            rows.append(row)
        return list(draw(st.permutations(rows)))

    return build()

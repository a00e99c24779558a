"""Actuals (实际完成值): the 指标值 language plus what evaluators write (DOMAIN §5).

:func:`parse_actual` turns the text of an actual into a typed, immutable model:

- a number, with or without a unit (``92%``, ``100``, ``1.45亿元``), or a copy of the
  target with its operator (``≥95%``) — :class:`NumberActual`;
- a judgement word by tier (``达成预期指标``, ``部分达成``, ``未完成``) — :class:`VerdictActual`;
- a grade (``优``, ``良``, ``较好``), or a word with a band of its own (``基本达到``,
  vocabulary ``[actual_word_bands]``) — :class:`GradeActual`;
- a date, month or period (``7月``, ``2022年3月1日--2022年4月10日``, ``2023-12-15``,
  ``2023/12/15 00:00:00``; see :mod:`zhibiao.engine.actual_dates`) — :class:`DateActual`;
- any other phrase (the target's own ``显著提升``, ``无上访``) — :class:`PhraseActual`;
- ``不适用`` — :class:`NotApplicableActual`; an empty cell, ``/`` or ``—`` — :class:`BlankActual`;
- several of these separated by ``，；`` — :class:`CompoundActual`.

Parsing does not look at the target: what a bare ``100`` means against ``=100%`` is
decided when the actual is evaluated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, wraps
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zhibiao.decimal_context import MAX_ADJUSTED, own_context, within_range
from zhibiao.engine.actual_dates import read_date_text
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
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
    Target,
    Unit,
)
from zhibiao.grammar.numerals import format_decimal
from zhibiao.grammar.parser import default_parser
from zhibiao.grammar.vocabulary import default_vocabulary

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
    "finite_number",
    "number_actual",
    "number_actual_of",
    "parse_actual",
    "read_actual",
)

#: Tier → its name in 财预〔2020〕10号.
TIER_NAMES: dict[int, str] = {
    1: "达成年度指标",
    2: "部分达成年度指标并具有一定效果",
    3: "未达成年度指标且效果较差",
}

#: The scale name of a word with a band of its own (``[actual_word_bands]``: 基本达到).
WORD_BAND_SCALE = "评价用语"
#: Cells that mean "nothing was filled in".
_BLANK_CELLS = frozenset({"", "/", "-", "--", "—", "——", "－", "空", "未填写", "未填"})
#: Grade words written in long form.
_GRADE_SYNONYMS = {"优秀": "优", "良好": "良", "中等": "中", "较差": "较差", "差劲": "差"}
_TRAILING = "。.;,;、 "


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


def _clean(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip()
    while folded and folded[-1] in _TRAILING:
        folded = folded[:-1].rstrip()
    return folded


@lru_cache(maxsize=1)
def _word_tables() -> tuple[dict[str, int], dict[str, tuple[str, str, Decimal, Decimal]],
                            tuple[str, ...]]:
    vocabulary = default_vocabulary()
    tiers = dict(vocabulary.actual_words)
    grades: dict[str, tuple[str, str, Decimal, Decimal]] = {}
    for scale, bands in vocabulary.grades:
        for grade, low, high in bands:
            grades.setdefault(grade, (grade, scale, low, high))
    for long_form, grade in _GRADE_SYNONYMS.items():
        if grade in grades and long_form not in grades:
            grades[long_form] = grades[grade]
    for word, low, high in vocabulary.actual_word_bands:
        grades.setdefault(word, (word, WORD_BAND_SCALE, low, high))
    return tiers, grades, vocabulary.na_phrases


def grade_band(grade: str, scale: str | None) -> tuple[str, str, Decimal, Decimal] | None:
    """``(grade, scale, low %, high %)`` of a grade word, preferring the given scale."""
    _, grades, _ = _word_tables()
    grade = _GRADE_SYNONYMS.get(grade, grade)
    if scale is not None:
        for name, bands in default_vocabulary().grades:
            if name == scale:
                for band_grade, low, high in bands:
                    if band_grade == grade:
                        return (grade, scale, low, high)
    return grades.get(grade)


#: A plain number with an optional suffix: ``92%``, ``132.9``, ``1.45亿元``, ``105个``.
_PLAIN_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?")
#: Suffixes the shortcut never takes: dates (2021年, 7月, 15日) and anything unusual.
_NOT_FIRST = frozenset(".,，、 年月日号")  # 2021年, 7月, 15日 are dates; 1,000 and 1.5.3 not plain
_NOT_IN_SUFFIX = frozenset("〇一二三四五六七八九两零-~—－")
_NO_UNIT = Unit()
_MINUS_SIGNS = frozenset("-－−")
_ONE = Decimal(1)


@lru_cache(maxsize=1024)
def _suffix(suffix: str) -> tuple[Unit, str, Decimal] | None:
    """``(unit, multiplier, factor)`` the grammar gives ``1`` + ``suffix``, or ``None``
    when it is not a plain quantity (a date, a rate, text, an error)."""
    if suffix[0] in _NOT_FIRST or any(
            ch in _NOT_IN_SUFFIX or ch.isdigit() or not ch.isprintable() for ch in suffix):
        return None
    try:
        model = default_parser().parse("1" + suffix)
    except IndicatorSyntaxError:
        return None
    if not isinstance(model, Comparison) or not model.implicit_op or model.label or \
            model.noun or model.note is not None:
        return None
    quantity = model.quantity
    return quantity.unit, quantity.multiplier, quantity.multiplier_factor


def _plain_number(text: str) -> NumberActual | None:
    """The shortcut for the commonest actual, a plain number with a unit: the same model
    the grammar gives, built without running the parser (tests check they agree)."""
    match = _PLAIN_NUMBER.match(text)
    if match is None:
        return None
    end = match.end()
    if end == len(text):
        return number_actual(text, Decimal(text), _NO_UNIT, "", _ONE)
    info = _suffix(text[end:])
    if info is None:
        return None
    unit, multiplier, factor = info
    value = Decimal(match.group()) * factor if multiplier else Decimal(match.group())
    return number_actual(text, value, unit, multiplier, factor)


_new = object.__new__
_set = object.__setattr__
_QUANTITY_FIELDS = frozenset(Quantity.model_fields)
_NUMBER_FIELDS = frozenset(("text", "kind", "quantity", "copied_op"))
# BaseModel's slots, set through their descriptors (cheaper than object.__setattr__).
_SLOTS = BaseModel.__dict__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


def number_actual(text: str, value: Decimal, unit: Unit, multiplier: str,
                  factor: Decimal) -> NumberActual:
    """A :class:`NumberActual` from parts already checked (a finite value, a unit of
    the table, a multiplier with its factor): ``model_construct`` without its per-call
    bookkeeping, since plain numbers are most of what evaluators write."""
    quantity = _new(Quantity)
    _set(quantity, "__dict__", {"value": value, "unit": unit, "multiplier": multiplier,
                                "multiplier_factor": factor})
    _set_fields_set(quantity, set(_QUANTITY_FIELDS))
    _set_extra(quantity, None)
    _set_private(quantity, None)
    actual = _new(NumberActual)
    _set(actual, "__dict__", {"text": text, "kind": "number", "quantity": quantity,
                              "copied_op": None})
    _set_fields_set(actual, set(_NUMBER_FIELDS))
    _set_extra(actual, None)
    _set_private(actual, None)
    return actual


def _text_only(parse: Callable[[str], Actual]) -> Callable[[str], Actual]:
    """``parse`` under zhibiao's Decimal context, refusing anything but a str before the
    cache sees it (a signalling NaN cannot even be hashed)."""

    @wraps(parse)
    @own_context
    def checked(text: str) -> Actual:
        if not isinstance(text, str):
            raise EvaluationError(f"parse_actual() 需要字符串，而不是 {type(text).__name__}")
        return parse(text)

    return checked


@_text_only
@lru_cache(maxsize=65536)
def parse_actual(text: str) -> Actual:
    """Parse the text of an actual.

    Raises :class:`~zhibiao.errors.IndicatorSyntaxError` for text that is neither a word
    evaluators use nor valid 指标值 notation (``evaluate`` turns that into a
    ``not_evaluable`` outcome with reason ``unparsable_actual``).

    >>> parse_actual("≥95%").copied_op
    <Op.GE: '>='>
    >>> parse_actual("部分达成").tier
    2
    >>> parse_actual("基本达到").low, parse_actual("基本达到").high
    (Decimal('80'), Decimal('90'))
    >>> parse_actual("优").grade, parse_actual("—").kind
    ('优', 'blank')
    """
    plain = _plain_number(text)
    if plain is not None:
        return plain
    cleaned = _clean(text)
    if cleaned in _BLANK_CELLS:
        return BlankActual(text=text)
    tiers, grades, na_phrases = _word_tables()
    compact = cleaned.replace(" ", "")
    if compact in tiers:
        return VerdictActual(text=text, tier=tiers[compact], word=compact)
    if compact in grades:
        grade, scale, low, high = grades[compact]
        return GradeActual(text=text, grade=grade, scale=scale, low=low, high=high)
    if compact == "无":
        return PhraseActual(text=text, phrase="无")
    if any(phrase in compact for phrase in na_phrases):
        return NotApplicableActual(text=text)
    dated = read_date_text(cleaned)  # 2023-12-15, 2023/12/15 00:00:00 …
    if dated is not None:
        return DateActual(text=text, start=dated[0], end=dated[1])
    model = default_parser().parse(text)
    return actual_from_model(model, text)


def actual_from_model(model: Target, text: str | None = None) -> Actual:
    """The actual a parsed 指标值 model stands for (``text`` defaults to its canonical form)."""
    written = str(model) if text is None else text
    if isinstance(model, Compound):
        parts = tuple(_part(clause, str(clause)) for clause in model.clauses)
        return CompoundActual(text=written, parts=parts)
    return _part(model, written)


def _part(model: Comparison | Range | Deadline | Qualitative | NotApplicable,
          text: str) -> NumberActual | RangeActual | DateActual | VerdictActual | GradeActual | \
        PhraseActual | NotApplicableActual | BlankActual:
    if isinstance(model, Comparison):
        quantity = model.quantity
        if model.implicit_op and model.label is not None and set(model.label.strip()) <= \
                _MINUS_SIGNS and model.label.strip():
            # The grammar reads a bare "-8%" as label "-" and value 8 (reported); an
            # actual with a minus sign in front is a negative number.
            quantity = quantity.model_copy(update={"value": -quantity.value})
        return NumberActual(text=text, quantity=quantity,
                            copied_op=None if model.implicit_op else model.op)
    if isinstance(model, Range):
        return RangeActual(text=text, low=model.low, high=model.high)
    if isinstance(model, Deadline):
        return DateActual(text=text, end=model.end, start=model.start, before=model.before)
    if isinstance(model, Qualitative):
        tiers, grades, _ = _word_tables()
        compact = model.text.replace(" ", "")
        if compact in tiers:
            return VerdictActual(text=text, tier=tiers[compact], word=compact)
        if compact in grades:
            grade, scale, low, high = grades[compact]
            return GradeActual(text=text, grade=grade, scale=scale, low=low, high=high)
        return PhraseActual(text=text, phrase=model.text)
    if model.marker == "":
        return BlankActual(text=text)
    if model.marker == "无":
        return PhraseActual(text=text, phrase="无")
    return NotApplicableActual(text=text)


_ACTUAL_TYPES = (NumberActual, RangeActual, DateActual, VerdictActual, GradeActual,
                 PhraseActual, NotApplicableActual, BlankActual, CompoundActual)
_TARGET_TYPES = (Comparison, Range, Deadline, Qualitative, NotApplicable, Compound)
_NUMBERS: dict[Decimal | int, tuple[Decimal | int, NumberActual]] = {}
_NUMBERS_LIMIT = 65536


def number_actual_of(actual: Decimal | int) -> NumberActual | None:
    """The actual a finite Decimal or an int stands for (a bare number), remembered.

    Equal numbers are not always written alike: ``Decimal("92")``, ``Decimal("92.0")``
    and ``92`` give different models (so do ``0`` and ``Decimal("-0")``). A remembered
    model is reused only for the same type, exponent and sign: the same number written
    the same way. ``None`` for a Decimal that is not finite."""
    if type(actual) is Decimal:
        return finite_number(actual) if actual.is_finite() else None
    hit = _NUMBERS.get(actual)
    if hit is not None and type(hit[0]) is int:
        return hit[1]
    return _remembered(actual)


def finite_number(actual: Decimal) -> NumberActual:
    """:func:`number_actual_of` for a Decimal known to be finite."""
    hit = _NUMBERS.get(actual)
    if hit is not None:
        source = hit[0]
        if source is actual or (type(source) is Decimal and source.same_quantum(actual)
                                and source.is_signed() == actual.is_signed()):
            return hit[1]
    return _remembered(actual)


def _remembered(actual: Decimal | int) -> NumberActual:
    value = _in_range(Decimal(actual))
    model = number_actual(format_decimal(value), value, _NO_UNIT, "", _ONE)
    if _second_sighting(_SEEN_NUMBERS, actual):
        if len(_NUMBERS) >= _NUMBERS_LIMIT:
            _NUMBERS.clear()
        _NUMBERS[actual] = (actual, model)
    return model


def _in_range(value: Decimal) -> Decimal:
    """``value`` when its magnitude is one a table can hold; EvaluationError otherwise."""
    if not within_range(value):
        raise EvaluationError(f"实际值的数量级 10^{value.adjusted()} 超出可计算范围（绝对值应在 "
                              f"10^-{MAX_ADJUSTED} 到 10^{MAX_ADJUSTED} 之间，或为 0）")
    return value


def _second_sighting(seen: dict[Any, None], key: object) -> bool:
    """True when ``key`` was seen before; otherwise note it and return False.

    Numbers are remembered from their second sighting only: a stream of numbers that
    never repeat then fills no cache (nothing to evict, nothing kept alive for the
    garbage collector to walk), while the repeats of real tables are remembered. The
    note itself is a dict of strings or Decimals, which the collector does not track.
    """
    if key in seen:
        return True
    if len(seen) >= _NUMBERS_LIMIT:
        seen.clear()
    seen[key] = None
    return False


_NUMBER_TEXTS: dict[str, NumberActual] = {}
_SEEN_TEXTS: dict[Any, None] = {}
_SEEN_NUMBERS: dict[Any, None] = {}


def read_actual(text: str) -> Actual:
    """:func:`parse_actual` as ``evaluate`` uses it: the same model, remembered differently.

    A plain number (``92%``, ``132.9万元``) is remembered from its second sighting in a
    cache of its own; everything else goes through ``parse_actual`` and its LRU cache.
    """
    number = _NUMBER_TEXTS.get(text)
    if number is not None:
        return number
    number = _plain_number(text)
    if number is None:
        return parse_actual(text)
    if _second_sighting(_SEEN_TEXTS, text):
        if len(_NUMBER_TEXTS) >= _NUMBERS_LIMIT:
            _NUMBER_TEXTS.clear()
        _NUMBER_TEXTS[text] = number
    return number


def coerce_actual(actual: object) -> Actual | None:
    """An actual from what ``evaluate`` accepts: text, a number, a model, or ``None``.

    Raises :class:`~zhibiao.errors.IndicatorSyntaxError` for unparsable text and
    :class:`~zhibiao.errors.EvaluationError` for a float or another wrong kind.
    """
    if actual is None:
        return None
    kind = type(actual)
    if kind is Decimal or kind is int:
        number = number_actual_of(actual)  # type: ignore[arg-type]
        if number is not None:
            return number
    if isinstance(actual, str):
        return parse_actual(actual)
    if isinstance(actual, _ACTUAL_TYPES):
        return actual
    if isinstance(actual, bool):
        raise EvaluationError("实际值不能是布尔值（bool is not an actual）")
    if isinstance(actual, (int, Decimal)):
        value = Decimal(actual)
        if not value.is_finite():
            raise EvaluationError("实际值必须是有限数字（the actual must be finite）")
        return number_actual(format_decimal(_in_range(value)), value, _NO_UNIT, "", _ONE)
    if isinstance(actual, float):
        raise EvaluationError("实际值不接受 float，请用 Decimal 或字符串"
                              "（floats are not accepted: pass a Decimal or a str）")
    if isinstance(actual, _TARGET_TYPES):
        return actual_from_model(actual)
    raise EvaluationError(f"无法把 {type(actual).__name__} 当作实际值（not an actual）")


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

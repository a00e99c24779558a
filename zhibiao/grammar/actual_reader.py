"""Reading actuals (实际完成值): the 指标值 language plus what evaluators write (DOMAIN §5).

An :class:`ActualReader` belongs to one :class:`~zhibiao.grammar.parser.IndicatorParser`
(``parser.actuals``) and reads with that parser's unit table and vocabulary, so the
units and words a rule author added are known in actuals as in targets. Models are in
:mod:`zhibiao.grammar.actual_models`. Reading does not look at the target: what a bare
``100`` means against ``=100%`` is decided when the actual is scored.

Plain numbers are most of what evaluators write; the reader builds them without the
parser (:meth:`ActualReader.plain_number`, held equal to the grammar by tests) and
remembers the texts and numbers it meets more than once, in bounded tables keyed by
value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, Any

from zhibiao.decimal_context import MAX_ADJUSTED, own_context, within_range
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar.actual_dates import read_date_text
from zhibiao.grammar.actual_models import (
    ACTUAL_TYPES,
    WORD_BAND_SCALE,
    Actual,
    BlankActual,
    CompoundActual,
    DateActual,
    GradeActual,
    NotApplicableActual,
    NumberActual,
    PhraseActual,
    RangeActual,
    VerdictActual,
    number_actual,
)
from zhibiao.grammar.invisible import without_zero_width
from zhibiao.grammar.models import (
    Comparison,
    Compound,
    Deadline,
    NotApplicable,
    Qualitative,
    Range,
    Target,
    Unit,
)
from zhibiao.grammar.numerals import format_decimal
from zhibiao.grammar.vocabulary import Vocabulary

if TYPE_CHECKING:
    from zhibiao.grammar.parser import IndicatorParser

__all__ = ("ActualReader", "GradeBand")

GradeBand = tuple[str, str, Decimal, Decimal]
"""``(grade, scale, low %, high %)`` of a grade word."""

#: Cells that mean "nothing was filled in".
_BLANK_CELLS = frozenset({"", "/", "-", "--", "—", "——", "－", "空", "未填写", "未填"})
#: Grade words written in long form.
_GRADE_SYNONYMS = {"优秀": "优", "良好": "良", "中等": "中", "较差": "较差", "差劲": "差"}
_TRAILING = "。.;,;、 "
#: A plain number with an optional suffix: ``92%``, ``132.9``, ``1.45亿元``, ``105个``.
_PLAIN_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?")
#: Suffixes the shortcut never takes: dates (2021年, 7月, 15日) and anything unusual.
_NOT_FIRST = frozenset(".,，、 年月日号")  # 2021年, 7月, 15日 are dates; 1,000 and 1.5.3 not plain
_NOT_IN_SUFFIX = frozenset("〇一二三四五六七八九两零-~—－")
_NO_UNIT = Unit()
_MINUS_SIGNS = frozenset("-－−")
_ONE = Decimal(1)
#: The most texts or numbers each table of remembered plain numbers holds.
_REMEMBERED = 65536
_TARGET_TYPES = (Comparison, Range, Deadline, Qualitative, NotApplicable, Compound)


def _clean(text: str) -> str:
    folded = unicodedata.normalize("NFKC", without_zero_width(text)).strip()
    while folded and folded[-1] in _TRAILING:
        folded = folded[:-1].rstrip()
    return folded


def _word_tables(vocabulary: Vocabulary) -> tuple[dict[str, int], dict[str, GradeBand]]:
    tiers = dict(vocabulary.actual_words)
    grades: dict[str, GradeBand] = {}
    for scale, bands in vocabulary.grades:
        for grade, low, high in bands:
            grades.setdefault(grade, (grade, scale, low, high))
    for long_form, grade in _GRADE_SYNONYMS.items():
        if grade in grades and long_form not in grades:
            grades[long_form] = grades[grade]
    for word, low, high in vocabulary.actual_word_bands:
        grades.setdefault(word, (word, WORD_BAND_SCALE, low, high))
    return tiers, grades


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


def _in_range(value: Decimal) -> Decimal:
    """``value`` when its magnitude is one a table can hold; EvaluationError otherwise."""
    if not within_range(value):
        raise EvaluationError(f"实际值的数量级 10^{value.adjusted()} 超出可计算范围（绝对值应在 "
                              f"10^-{MAX_ADJUSTED} 到 10^{MAX_ADJUSTED} 之间，或为 0）")
    return value


def _second_sighting(seen: dict[Any, None], key: object) -> bool:
    """True when ``key`` was seen before; otherwise note it and return False.

    Numbers are remembered from their second sighting only: a stream of numbers that
    never repeat then fills no table (nothing to evict, nothing kept alive for the
    garbage collector to walk), while the repeats of real tables are remembered. The
    note itself is a dict of strings or Decimals, which the collector does not track.
    """
    if key in seen:
        return True
    if len(seen) >= _REMEMBERED:
        seen.clear()
    seen[key] = None
    return False


class ActualReader:
    """Reads actuals with one parser's unit table and vocabulary (``parser.actuals``)."""

    def __init__(self, parser: IndicatorParser) -> None:
        self._parser = parser
        self._tiers, self._grades = _word_tables(parser.vocabulary)
        self._na_phrases = parser.vocabulary.na_phrases
        #: Words that say nothing happened (``无``, ``未发生``) and the prefixes of phrases
        #: that do (``无上访``): vocabulary ``[nothing_actuals]``.
        self.nothing_words = frozenset(parser.vocabulary.nothing_words)
        self.nothing_prefixes = parser.vocabulary.nothing_prefixes
        self._suffix = lru_cache(maxsize=1024)(self._read_suffix)
        #: :meth:`IndicatorParser.parse_actual`: str only, cached, in zhibiao's context.
        self.parse: Callable[[str], Actual] = _text_only(lru_cache(maxsize=65536)(self._parse))
        self._texts: dict[str, NumberActual] = {}
        self._seen_texts: dict[str, None] = {}
        self._numbers: dict[Decimal | int, tuple[Decimal | int, NumberActual]] = {}
        self._seen_numbers: dict[Decimal | int, None] = {}

    def cache_clear(self) -> None:
        """Forget every actual read so far (for tests that time or compare fresh runs)."""
        self._suffix.cache_clear()
        self.parse.__wrapped__.cache_clear()  # type: ignore[attr-defined]
        for table in (self._texts, self._seen_texts, self._numbers, self._seen_numbers):
            table.clear()

    # ---- text ------------------------------------------------------------------------

    def _read_suffix(self, suffix: str) -> tuple[Unit, str, Decimal] | None:
        """``(unit, multiplier, factor)`` the grammar gives ``1`` + ``suffix``, or ``None``
        when it is not a plain quantity (a date, a rate, text, an error)."""
        if suffix[0] in _NOT_FIRST or any(
                ch in _NOT_IN_SUFFIX or ch.isdigit() or not ch.isprintable() for ch in suffix):
            return None
        try:
            model = self._parser.parse("1" + suffix)
        except IndicatorSyntaxError:
            return None
        if not isinstance(model, Comparison) or not model.implicit_op or model.label or \
                model.noun or model.note is not None:
            return None
        quantity = model.quantity
        return quantity.unit, quantity.multiplier, quantity.multiplier_factor

    def plain_number(self, text: str) -> NumberActual | None:
        """The shortcut for the commonest actual, a plain number with a unit: the same
        model the grammar gives, built without running the parser (tests check they
        agree); ``None`` for any other text."""
        match = _PLAIN_NUMBER.match(text)
        if match is None:
            return None
        end = match.end()
        if end == len(text):
            unit, multiplier, factor = _NO_UNIT, "", _ONE
        else:
            info = self._suffix(text[end:])
            if info is None:
                return None
            unit, multiplier, factor = info
        value = Decimal(match.group()) * factor if multiplier else Decimal(match.group())
        try:
            return number_actual(text, value, unit, multiplier, factor)
        except ValueError:  # a number no table holds: the grammar says what is wrong
            return None

    def _parse(self, text: str) -> Actual:
        plain = self.plain_number(text)
        if plain is not None:
            return plain
        cleaned = _clean(text)
        if cleaned in _BLANK_CELLS:
            return BlankActual(text=text)
        compact = cleaned.replace(" ", "")
        word = self._word(text, compact)
        if word is not None:
            return word
        if compact == "无":
            return PhraseActual(text=text, phrase="无")
        if any(phrase in compact for phrase in self._na_phrases):
            return NotApplicableActual(text=text)
        dated = read_date_text(cleaned)  # 2023-12-15, 2023/12/15 00:00:00 …
        if dated is not None:
            return DateActual(text=text, start=dated[0], end=dated[1])
        return self.from_model(self._parser.parse(text), text)

    def _word(self, text: str, compact: str) -> VerdictActual | GradeActual | None:
        if compact in self._tiers:
            return VerdictActual(text=text, tier=self._tiers[compact], word=compact)
        if compact in self._grades:
            grade, scale, low, high = self._grades[compact]
            return GradeActual(text=text, grade=grade, scale=scale, low=low, high=high)
        return None

    def read(self, text: str) -> Actual:
        """:meth:`parse` as scoring uses it: the same model, remembered differently.

        A plain number (``92%``, ``132.9万元``) is remembered from its second sighting in
        a table of its own; everything else goes through :meth:`parse` and its cache.
        """
        number = self._texts.get(text)
        if number is not None:
            return number
        number = self.plain_number(text)
        if number is None:
            return self.parse(text)
        if _second_sighting(self._seen_texts, text):
            if len(self._texts) >= _REMEMBERED:
                self._texts.clear()
            self._texts[text] = number
        return number

    # ---- models and numbers ----------------------------------------------------------

    def from_model(self, model: Target, text: str | None = None) -> Actual:
        """The actual a parsed 指标值 model stands for (``text`` defaults to its
        canonical form)."""
        written = str(model) if text is None else text
        if isinstance(model, Compound):
            parts = tuple(self._part(clause, str(clause)) for clause in model.clauses)
            return CompoundActual(text=written, parts=parts)
        return self._part(model, written)

    def _part(self, model: Comparison | Range | Deadline | Qualitative | NotApplicable,
              text: str) -> NumberActual | RangeActual | DateActual | VerdictActual | \
            GradeActual | PhraseActual | NotApplicableActual | BlankActual:
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
            word = self._word(text, model.text.replace(" ", ""))
            return word if word is not None else PhraseActual(text=text, phrase=model.text)
        if model.marker == "":
            return BlankActual(text=text)
        if model.marker == "无":
            return PhraseActual(text=text, phrase="无")
        return NotApplicableActual(text=text)

    def number(self, actual: Decimal | int) -> NumberActual | None:
        """The actual a finite Decimal or an int stands for (a bare number), remembered.

        Equal numbers are not always written alike: ``Decimal("92")``, ``Decimal("92.0")``
        and ``92`` give different models (so do ``0`` and ``Decimal("-0")``). A remembered
        model is reused only for the same type, exponent and sign: the same number written
        the same way. ``None`` for a Decimal that is not finite."""
        if type(actual) is Decimal:
            return self.finite_number(actual) if actual.is_finite() else None
        hit = self._numbers.get(actual)
        if hit is not None and type(hit[0]) is int:
            return hit[1]
        return self._remembered(actual)

    def finite_number(self, actual: Decimal) -> NumberActual:
        """:meth:`number` for a Decimal known to be finite."""
        hit = self._numbers.get(actual)
        if hit is not None:
            source = hit[0]
            if source is actual or (type(source) is Decimal and source.same_quantum(actual)
                                    and source.is_signed() == actual.is_signed()):
                return hit[1]
        return self._remembered(actual)

    def _remembered(self, actual: Decimal | int) -> NumberActual:
        value = _in_range(Decimal(actual))
        model = number_actual(format_decimal(value), value, _NO_UNIT, "", _ONE)
        if _second_sighting(self._seen_numbers, actual):
            if len(self._numbers) >= _REMEMBERED:
                self._numbers.clear()
            self._numbers[actual] = (actual, model)
        return model

    def coerce(self, actual: object) -> Actual | None:
        """An actual from what scoring accepts: text, a number, a model, or ``None``.

        Raises :class:`~zhibiao.errors.IndicatorSyntaxError` for unparsable text and
        :class:`~zhibiao.errors.EvaluationError` for a float or another wrong kind.
        """
        if actual is None:
            return None
        kind = type(actual)
        if kind is Decimal or kind is int:
            number = self.number(actual)  # type: ignore[arg-type]
            if number is not None:
                return number
        if isinstance(actual, str):
            return self.parse(actual)
        if isinstance(actual, ACTUAL_TYPES):
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
            return self.from_model(actual)
        raise EvaluationError(f"无法把 {type(actual).__name__} 当作实际值（not an actual）")

    def grade_band(self, grade: str, scale: str | None) -> GradeBand | None:
        """``(grade, scale, low %, high %)`` of a grade word, preferring the given scale."""
        grade = _GRADE_SYNONYMS.get(grade, grade)
        if scale is not None:
            for name, bands in self._parser.vocabulary.grades:
                if name == scale:
                    for band_grade, low, high in bands:
                        if band_grade == grade:
                            return (grade, scale, low, high)
        return self._grades.get(grade)

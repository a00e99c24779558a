"""The fast path's directly built models are the validated models (direct_models.py):
the same type, fields in the same order, fields set, text, JSON, equality and hash, and
a ``ValueError`` exactly where validation refuses the parts."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from zhibiao.grammar import direct_models
from zhibiao.grammar.models import Comparison, Op, Qualitative, Quantity, Span
from zhibiao.grammar.parser import default_parser

_UNITS = default_parser()._unit_builder
_UNIT_PARTS = [("", ()), ("%", ()), ("元", ()), ("米", ()), ("人", ()), ("元", ("人", "年")),
               ("次", ("年",)), ("工作日", ())]
_FACTORS = [Decimal(1), Decimal(10_000), Decimal("1E+8"), Decimal(1000), Decimal("1.0"),
            Decimal(0), Decimal(-10_000)]


def _outcome(build: Callable[[], BaseModel]) -> BaseModel | None:
    try:
        return build()
    except ValueError:
        return None


def _assert_same(direct: Callable[[], BaseModel], validated: Callable[[], BaseModel]) -> None:
    expected = _outcome(validated)
    got = _outcome(direct)
    if expected is None:
        assert got is None, "validation refuses these parts"
        return
    assert got is not None, "validation accepts these parts"
    assert type(got) is type(expected)
    assert list(got.__dict__.items()) == list(expected.__dict__.items())
    assert got.model_fields_set == expected.model_fields_set
    assert got.__pydantic_extra__ == expected.__pydantic_extra__
    assert got.__pydantic_private__ == expected.__pydantic_private__
    assert repr(got) == repr(expected) and str(got) == str(expected)
    assert got.model_dump_json() == expected.model_dump_json()
    assert got == expected and hash(got) == hash(expected)


@given(st.integers(-3, 3000), st.integers(-3, 3000))
def test_span_is_the_validated_span(start: int, end: int) -> None:
    _assert_same(lambda: direct_models.span(start, end), lambda: Span(start=start, end=end))


_VALUES = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.builds(lambda sign, digits, exponent: Decimal((sign, digits, exponent)),
              st.integers(0, 1), st.tuples(st.integers(0, 9), st.integers(0, 9)),
              st.integers(-10_010, 10_010)),
)
_QUANTITY_PARTS = st.tuples(_VALUES, st.sampled_from(_UNIT_PARTS),
                            st.sampled_from(["", "万", "亿", "千"]), st.sampled_from(_FACTORS))


@given(_QUANTITY_PARTS)
def test_quantity_is_the_validated_quantity(
        parts: tuple[Decimal, tuple[str, tuple[str, ...]], str, Decimal]) -> None:
    value, (numerator, denominators), multiplier, factor = parts
    unit = _UNITS(numerator, denominators)
    _assert_same(lambda: direct_models.quantity(value, unit, multiplier, factor),
                 lambda: Quantity(value=value, unit=unit, multiplier=multiplier,
                                  multiplier_factor=factor))


_WORDS = st.one_of(st.none(), st.sampled_from(["", "处置率达", "项目", "含脱贫户", "增长率"]),
                   st.text(max_size=5))


@given(_QUANTITY_PARTS, st.sampled_from(list(Op)), st.booleans(), _WORDS, _WORDS, _WORDS,
       st.integers(0, 50), st.integers(0, 50))
def test_comparison_is_the_validated_comparison(
        parts: tuple[Decimal, tuple[str, tuple[str, ...]], str, Decimal], op: Op,
        implicit: bool, label: str | None, noun: str | None, note: str | None,
        start: int, end: int) -> None:
    value, (numerator, denominators), multiplier, factor = parts
    unit = _UNITS(numerator, denominators)
    amount = _outcome(lambda: Quantity(value=value, unit=unit, multiplier=multiplier,
                                       multiplier_factor=factor))
    if amount is None:
        return
    where = Span(start=start, end=end)
    fields: dict[str, Any] = {"op": op, "quantity": amount, "implicit_op": implicit,
                              "label": label, "noun": noun, "note": note, "span": where}
    _assert_same(
        lambda: direct_models.comparison(op, amount, implicit, label, noun, note, where),
        lambda: Comparison(**fields))


@given(st.one_of(st.sampled_from(["显著提升", "定性 优良中差", ""]), st.text(max_size=5)),
       _WORDS, st.one_of(st.none(), st.integers(-1, 4)), _WORDS, st.integers(0, 50),
       st.integers(0, 50))
def test_qualitative_is_the_validated_qualitative(
        text: str, group: str | None, intensity: int | None, scale: str | None, start: int,
        end: int) -> None:
    where = Span(start=start, end=end)
    _assert_same(lambda: direct_models.qualitative(text, group, intensity, scale, where),
                 lambda: Qualitative(text=text, group=group, intensity=intensity,
                                     scale=scale, span=where))


def test_the_models_checks_run() -> None:
    """Each check of the models refuses its case when built directly too."""
    percent = _UNITS("%", ())
    refused: list[Callable[[], BaseModel]] = [
        lambda: direct_models.span(-1, 3),
        lambda: direct_models.quantity(Decimal("NaN"), percent, "", Decimal(1)),
        lambda: direct_models.quantity(Decimal("1E+10001"), percent, "", Decimal(1)),
        lambda: direct_models.quantity(Decimal(5), percent, "万", Decimal(1)),
        lambda: direct_models.quantity(Decimal(5), _UNITS("米", ()), "千", Decimal(1000)),
        lambda: direct_models.comparison(
            Op.GE, direct_models.quantity(Decimal(5), percent, "", Decimal(1)), True, None,
            None, None, direct_models.span(0, 2)),
        lambda: direct_models.comparison(
            Op.EQ, direct_models.quantity(Decimal(-5), percent, "", Decimal(1)), True,
            "增长率", None, None, direct_models.span(0, 5)),
        lambda: direct_models.qualitative("", None, None, None, direct_models.span(0, 1)),
        lambda: direct_models.qualitative("提升", "improve", 4, None, direct_models.span(0, 2)),
    ]
    for build in refused:
        assert _outcome(build) is None

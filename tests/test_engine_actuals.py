"""Actuals as evaluators write them (DOMAIN §5): numbers, copies, words, grades, dates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhibiao.engine import parse_actual
from zhibiao.engine.actuals import (
    BlankActual,
    CompoundActual,
    DateActual,
    GradeActual,
    NotApplicableActual,
    NumberActual,
    PhraseActual,
    RangeActual,
    VerdictActual,
    actual_json,
    coerce_actual,
)
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar import Op


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("100", "100", ""), ("92%", "92", "%"), ("0万元", "0", "元"), ("1.45亿元", "145000000", "元"),
    ("2小时", "2", "小时"), ("105个", "105", "个"), ("37442人", "37442", "人"),
    ("583元/人*月", "583", "元/人/月"), ("４５％", "45", "%"), ("45万", "450000", ""),
    ("300,000", "300000", ""), ("5830元/户", "5830", "元/户"),
])
def test_numbers(text: str, value: str, unit: str) -> None:
    actual = parse_actual(text)
    assert isinstance(actual, NumberActual)
    assert actual.quantity.value == Decimal(value)
    assert actual.quantity.unit.name == unit
    assert actual.copied_op is None
    assert actual.text == text


@pytest.mark.parametrize(("text", "op"), [("≥95%", Op.GE), ("≧ 735 人次", Op.GE),
                                          ("<=5300元/户", Op.LE), ("=8个", Op.EQ)])
def test_copies_of_the_target_keep_the_operator(text: str, op: Op) -> None:
    actual = parse_actual(text)
    assert isinstance(actual, NumberActual)
    assert actual.copied_op is op


@pytest.mark.parametrize(("text", "tier"), [
    ("达成预期指标", 1), ("完成", 1), ("已完成", 1), ("是", 1), ("达成预期指标。", 1),
    ("部分完成", 2), ("部分达成", 2), ("未完成", 3), ("否", 3),
])
def test_verdict_words(text: str, tier: int) -> None:
    actual = parse_actual(text)
    assert isinstance(actual, VerdictActual)
    assert actual.tier == tier


@pytest.mark.parametrize(("text", "grade", "low"), [
    ("优", "优", 90), ("良", "良", 80), ("中", "中", 60), ("差", "差", 0), ("好", "好", 90),
    ("较好", "较好", 80), ("一般", "一般", 60), ("较差", "较差", 0), ("优秀", "优", 90),
])
def test_grades(text: str, grade: str, low: int) -> None:
    actual = parse_actual(text)
    assert isinstance(actual, GradeActual)
    assert (actual.grade, actual.low) == (grade, Decimal(low))


@pytest.mark.parametrize(("text", "kind"), [
    ("", BlankActual), ("/", BlankActual), ("—", BlankActual), ("  ", BlankActual),
    ("不适用", NotApplicableActual), ("本指标不适用", NotApplicableActual),
    ("显著提升", PhraseActual), ("无上访", PhraseActual), ("无", PhraseActual),
    ("7月", DateActual), ("2022年6月30日", DateActual), ("3月1日至4月10日", DateActual),
    ("90%-95%", RangeActual), ("250户,12户", CompoundActual),
])
def test_kinds(text: str, kind: type) -> None:
    assert isinstance(parse_actual(text), kind)


def test_unparsable_text_raises_syntax_error() -> None:
    with pytest.raises(IndicatorSyntaxError):
        parse_actual("≥")


def test_coerce_actual() -> None:
    assert coerce_actual(None) is None
    number = coerce_actual(Decimal("92.5"))
    assert isinstance(number, NumberActual) and number.text == "92.5"
    assert coerce_actual(7) == coerce_actual(Decimal(7))
    with pytest.raises(EvaluationError):
        coerce_actual(92.5)
    with pytest.raises(EvaluationError):
        coerce_actual(True)
    with pytest.raises(EvaluationError):
        coerce_actual(object())


def test_actual_json() -> None:
    assert actual_json(parse_actual("≥95%")) == {
        "kind": "number", "text": "≥95%", "value": "95", "unit": "%", "op": ">="}
    assert actual_json(parse_actual("部分达成")) == {
        "kind": "verdict", "text": "部分达成", "word": "部分达成", "tier": 2}
    assert actual_json(parse_actual("7月"))["end"] == "7月"
    assert [p["kind"] for p in actual_json(parse_actual("250户,12户"))["parts"]] == [
        "number", "number"]

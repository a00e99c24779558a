"""Issue 12, a rate unit written before the number: 每亩500元, 每人每月200元, 每户1500.

``每`` + a unit of the unit table right before a number is the denominator of a rate
(``500元/亩``), as ``每年≥3次`` always was (``≥3次/年``). A rate with no unit of its own
(``每户1500`` → ``1500/户``) is read as written and carries the warning
``rate_without_unit``: 元 is not guessed. The variants below are our own; the held-out
rows of ``data/fresh`` that showed the class are not copied here.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_real_world_units import RULESET, _both, _refused
from zhibiao import Comparison, Range, parse
from zhibiao.cli import main
from zhibiao.engine.evaluate import evaluate
from zhibiao.grammar import default_parser
from zhibiao.grammar.contract import result_json
from zhibiao.grammar.value_warnings import RATE_WITHOUT_UNIT, value_warnings


@pytest.mark.parametrize(("text", "op", "value", "unit", "canonical"), [
    ("每亩500元", "==", "500", "元/亩", "500元/亩"),
    ("每亩≥800元", ">=", "800", "元/亩", "≥800元/亩"),
    ("每亩 650 元", "==", "650", "元/亩", "650元/亩"),
    ("每户1500", "==", "1500", "/户", "1500/户"),
    ("每人每月200元", "==", "200", "元/人/月", "200元/人/月"),
    ("每月每人200元", "==", "200", "元/人/月", "200元/人/月"),
    ("每生每年1000元", "==", "1000", "元/生/年", "1000元/生/年"),
    ("每人每年≥2次", ">=", "2", "次/人/年", "≥2次/人/年"),
    ("每公里≤80万元", "<=", "800000", "元/公里", "≤80万元/公里"),
    ("每公里不超过80万元", "<=", "800000", "元/公里", "≤80万元/公里"),
    ("每方45元", "==", "45", "元/立方米", "45元/立方米"),
    ("每吨≤260元", "<=", "260", "元/吨", "≤260元/吨"),
    ("每平方米≤3500元", "<=", "3500", "元/平方米", "≤3500元/平方米"),
    ("每床每日120元", "==", "120", "元/床/天", "120元/床/天"),
    ("每人一套", "==", "1", "套/人", "1套/人"),
    ("每村1个", "==", "1", "个/村", "1个/村"),
    ("每次≥2小时", ">=", "2", "小时/次", "≥2小时/次"),
    # a unit the rate already names is counted once; a time unit after it sorts last
    ("每亩500元/亩", "==", "500", "元/亩", "500元/亩"),
    ("每亩50元/年", "==", "50", "元/亩/年", "50元/亩/年"),
    ("每株≥3千克", ">=", "3", "千克/株", "≥3千克/株"),
])
def test_a_unit_before_the_number_is_the_rate_denominator(
        text: str, op: str, value: str, unit: str, canonical: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.op, model.quantity.value, model.quantity.unit.name, model.label) == \
        (op, Decimal(value), unit, None)
    assert str(model) == canonical
    assert parse(canonical) == model


@pytest.mark.parametrize(("text", "low", "high", "unit"), [
    ("每村1-2个", "1", "2", "个/村"),
    ("每亩300-500元", "300", "500", "元/亩"),
    ("每户2000~3000", "2000", "3000", "/户"),
])
def test_ranges_take_the_rate_too(text: str, low: str, high: str, unit: str) -> None:
    model = _both(text)
    assert isinstance(model, Range)
    assert (model.low.value, model.high.value, model.high.unit.name) == \
        (Decimal(low), Decimal(high), unit)
    assert parse(str(model)) == model


def test_a_label_before_the_rate_stays_a_label() -> None:
    model = _both("造林补贴每亩500元")
    assert isinstance(model, Comparison)
    assert (model.label, model.quantity.unit.name, str(model)) == \
        ("造林补贴", "元/亩", "造林补贴500元/亩")


@pytest.mark.parametrize(("text", "label", "unit"), [
    ("每批次100%", "每批次", "%"),           # a ratio per batch: 每批次 is a label
    ("每户补助2000元", "每户补助", "元"),     # 每户 not right before the number
    ("每个项目≥3次", "每个项目", "次"),       # 项目 is not a unit
])
def test_what_does_not_fold(text: str, label: str, unit: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.label, model.quantity.unit.name) == (label, unit)
    assert value_warnings(model) == ()


@pytest.mark.parametrize(("text", "unit"), [
    ("每年3次", "次/年"), ("每年100%", "%/年"), ("每季度不少于1次", "次/季度")])
def test_periods_read_as_before(text: str, unit: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison) and model.quantity.unit.name == unit


@pytest.mark.parametrize("text", ["每户1500", "每株20", "每户2000~3000", "每亩≥300"])
def test_a_rate_without_its_unit_is_a_warning(text: str) -> None:
    warnings = value_warnings(_both(text))
    assert [w.code for w in warnings] == [RATE_WITHOUT_UNIT]
    assert "没有计量单位" in warnings[0].message and "元/" in warnings[0].message


@pytest.mark.parametrize("text", ["每户1500元", "3/年", "每年3", "每月≤2次", "1500元/户"])
def test_a_rate_with_its_unit_or_a_frequency_has_no_warning(text: str) -> None:
    assert value_warnings(_both(text)) == ()


def test_parse_json_carries_the_rate_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--json", "每户1500", "每户1500元"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert (first["unit"], first["warnings"][0]["code"]) == ("/户", RATE_WITHOUT_UNIT)
    assert (second["unit"], "warnings" in second) == ("元/户", False)
    assert result_json("每户1500", parse("每户1500"))["warnings"][0]["hint"] == \
        "在数字后写明单位，例如 “1500元/户”"


def test_check_warns_on_a_rate_without_unit_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ruleset = tmp_path / "per.toml"
    ruleset.write_text(RULESET.read_text(encoding="utf-8").replace(
        'value = "≥95%"', 'value = "每户≥1500"', 1), encoding="utf-8")
    line = ruleset.read_text(encoding="utf-8").splitlines().index('value = "每户≥1500"') + 1
    assert main(["check", str(ruleset), "--json"]) == 0
    problems = [json.loads(text) for text in capsys.readouterr().out.splitlines()]
    found = [p for p in problems if p["code"] == RATE_WITHOUT_UNIT]
    assert [(p["severity"], p["file"], p["line"]) for p in found] == \
        [("warning", str(ruleset), line)]


@pytest.mark.parametrize(("text", "message"), [
    ("每月每人≥2次/年", "与单位 “次/年” 的时间单位矛盾"),
    ("每人2023年底前", "“每人” 不能用在日期前"),
])
def test_contradictions_are_refused(text: str, message: str) -> None:
    assert message in _refused(text).reason


@pytest.mark.parametrize(("target", "actual", "status", "flags", "unit"), [
    ("每户≥1500元", "每户1600", "achieved", ["unit_assumed"], "/户"),
    ("每户≥1500元", "1600元/户", "achieved", None, "元/户"),
    ("每户≥1500元", "每户1400元", "not_achieved", None, "元/户"),
    ("每户1500", "1500元/户", "achieved", ["unit_assumed"], "元/户"),
    ("每户1500", "每户1500", "achieved", None, "/户"),
    ("每人每月200元", "每月每人200元", "achieved", None, "元/人/月"),
    ("每户≥1.5万元", "每户1.6万", "achieved", ["unit_assumed"], "/户"),
])
def test_actuals_written_the_same_way(target: str, actual: str, status: str,
                                      flags: list[str] | None, unit: str) -> None:
    outcome = evaluate(target, actual, weight=Decimal(10)).to_json()
    assert (outcome["status"], outcome.get("flags"), outcome["actual"]["unit"]) == \
        (status, flags, unit)


def test_an_unwritten_numerator_is_said_in_the_explanation() -> None:
    outcome = evaluate("每户≥1500元", "每户1600", weight=Decimal(10))
    assert "实际值 “/户” 未写计量单位，按目标单位计为 1600元/户" in outcome.explanation


def test_another_denominator_is_still_a_mismatch() -> None:
    outcome = evaluate("每户≥1500元", "每人1600", weight=Decimal(10)).to_json()
    assert (outcome["status"], outcome["reason"]) == ("not_evaluable", "unit_mismatch")


@pytest.mark.parametrize(("text", "header", "canonical"), [
    ("每亩300", "元", "300元/亩"), ("每亩3", "万元", "3万元/亩"),
    ("每年3", "次", "3次/年"), ("每亩300元", "千克", "300元/亩"),
    ("每亩300", "元/年", "300/亩")])  # a header with a rate of its own does not merge
def test_a_header_unit_fills_the_numerator(text: str, header: str, canonical: str) -> None:
    assert str(default_parser().with_header_unit(parse(text), header)) == canonical


_PER = ["亩", "户", "人", "村", "公里", "吨", "平方米", "株", "床", "所"]
_UNITS = ["", "元", "万元", "千克", "个", "次"]


@given(st.sampled_from(_PER), st.sampled_from(["", "≥", "≤", "不低于"]),
       st.decimals(min_value=1, max_value=10**6, places=2, allow_nan=False),
       st.sampled_from(_UNITS))
def test_per_prefix_equals_the_written_rate(per: str, op: str, number: Decimal,
                                            unit: str) -> None:
    """每X{op}{n}{unit} is the same model as {op}{n}{unit}/X, on both paths, and its
    canonical text reads back."""
    prefixed = _both(f"每{per}{op}{number}{unit}")
    assert prefixed == _both(f"{op}{number}{unit}/{per}")
    assert parse(str(prefixed)) == prefixed
    assert (RATE_WITHOUT_UNIT in [w.code for w in value_warnings(prefixed)]) == (unit == "")

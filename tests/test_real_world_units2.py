"""Issue 12, unit table follow-up: misses of the fresh check set (tests/data/fresh).

倍 and 岁/周岁 are units, 人/次 is how tables write 人次, a bare ``M`` after a number is
refused as ambiguous (米 or MB), and a value that is only a unit (a template whose number
was never filled in) carries the warning ``unit_without_number``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_real_world_units import RULESET, _both, _refused
from zhibiao import Comparison, DataFileError, Qualitative, Range
from zhibiao.cli import main
from zhibiao.engine.evaluate import evaluate
from zhibiao.grammar.contract import result_json
from zhibiao.grammar.units import default_unit_table, load_unit_table
from zhibiao.grammar.value_warnings import (
    UNIT_WITHOUT_NUMBER,
    UNREGISTERED_UNIT,
    value_warnings,
)

# ---- 倍: a multiple is a unit of its own ------------------------------------------------

@pytest.mark.parametrize(("text", "op", "value", "noun"), [
    ("≥2倍", ">=", "2", None),            # fresh t343
    ("10倍", "==", "10", None),           # fresh a075 (the actual)
    ("两倍", "==", "2", None),
    ("1.5倍以上", ">=", "1.5", None),
    ("≥2倍增长", ">=", "2", "增长"),
])
def test_bei_is_a_unit(text: str, op: str, value: str, noun: str | None) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.op, model.quantity.value, model.quantity.unit.name, model.noun) == \
        (op, Decimal(value), "倍", noun)
    assert value_warnings(model) == ()


@pytest.mark.parametrize(("actual", "status", "score"), [
    ("10倍", "achieved", "10.00"), ("2倍", "achieved", "10.00"),
    ("1倍", "not_achieved", "5.00")])
def test_bei_actuals_are_scored_in_bei(actual: str, status: str, score: str) -> None:
    outcome = evaluate("≥2倍", actual, weight=Decimal(10)).to_json()
    assert (outcome["status"], outcome["score"], outcome["actual"]["unit"]) == \
        (status, score, "倍")


def test_bei_never_compares_with_percent() -> None:
    """增长2倍 may mean 200 % or 300 %: 倍 is its own dimension, no conversion is guessed."""
    outcome = evaluate("≥2倍", "200%", weight=Decimal(10)).to_json()
    assert (outcome["status"], outcome["reason"]) == ("not_evaluable", "unit_mismatch")


# ---- 岁/周岁: age, longest match over 周 (week) -------------------------------------------

@pytest.mark.parametrize(("text", "low", "high"), [
    ("18—54周岁", "18", "54"),  # fresh t383
    ("18-54岁", "18", "54"), ("18至54周岁", "18", "54"),
    ("18~54周岁", "18", "54")])
def test_age_range_reads_sui(text: str, low: str, high: str) -> None:
    model = _both(text)
    assert isinstance(model, Range)
    assert (model.low.value, model.high.value, model.high.unit.name) == \
        (Decimal(low), Decimal(high), "岁")
    assert model.noun is None and str(model) == f"{low}-{high}岁"


@pytest.mark.parametrize(("text", "unit", "value"), [
    ("≤60周岁", "岁", "60"), ("≥65岁", "岁", "65"), ("≤2周", "周", "2"),
    ("≤2个星期", "周", "2"), ("每周≥2次", "次/周", "2")])
def test_week_still_reads_week_next_to_age(text: str, unit: str, value: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.quantity.unit.name, model.quantity.value, model.noun) == \
        (unit, Decimal(value), None)


def test_age_is_not_a_duration() -> None:
    table = default_unit_table()
    assert table.definition("周岁") is table.definition("岁")
    assert table.definition("岁").dimension != table.definition("周").dimension
    assert not table.definition("岁").is_time


# ---- 人/次 is 人次 ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "unit", "canonical"), [
    ("=24人/次", "人次", "=24人次"),      # fresh t118
    ("≥500人/次", "人次", "≥500人次"),
    ("≥1.2万人/次", "人次", "≥1.2万人次"),
    ("≤30元/人/次", "元/人次", "≤30元/人次"),
    ("≥2次/人", "次/人", "≥2次/人"),      # the other order stays a rate
    ("≥3人/年", "人/年", "≥3人/年")])
def test_ren_slash_ci_is_person_times(text: str, unit: str, canonical: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.quantity.unit.name, str(model)) == (unit, canonical)


def test_ren_slash_ci_actual_scores_against_renci() -> None:
    outcome = evaluate("≥24人次", "30人/次", weight=Decimal(10)).to_json()
    assert (outcome["status"], outcome["actual"]["unit"]) == ("achieved", "人次")


# ---- a bare M: 米 or MB? refused ----------------------------------------------------------

AMBIGUOUS_M = "计量单位 “M” 有歧义：米写作 m 或 米，兆字节写作 MB"


@pytest.mark.parametrize(("text", "column"), [
    ("≥80M", 4),   # fresh t138
    ("80M", 3),    # fresh t229
    ("80M以上", 3), ("≥8万M", 4), ("射程≥80M", 6), ("≥0.5M", 5)])
def test_a_bare_m_is_refused_as_ambiguous(text: str, column: int) -> None:
    error = _refused(text)
    assert error.reason == AMBIGUOUS_M
    assert error.column == column and error.hint


@pytest.mark.parametrize(("text", "unit", "value"), [
    ("≥80m", "米", "80"), ("≥80米", "米", "80"), ("≥80MB", "MB", "80"),
    ("≥2G", "GB", "2")])
def test_metres_and_megabytes_written_out_are_read(text: str, unit: str, value: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.quantity.unit.name, model.quantity.value) == (unit, Decimal(value))


def test_m_inside_a_latin_word_is_an_unregistered_unit_not_ambiguous() -> None:
    model = _both("≥80MW")
    assert [w.code for w in value_warnings(model)] == [UNREGISTERED_UNIT]


def test_an_actual_with_a_bare_m_is_not_scored_silently() -> None:
    outcome = evaluate("≥80米", "80M", weight=Decimal(10)).to_json()
    assert (outcome["status"], outcome["reason"], outcome["score"]) == \
        ("not_evaluable", "unparsable_actual", "0.00")


@given(st.sampled_from(["", "≥", "≤", "不低于", "=", "达到"]),
       st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
       st.sampled_from(["", "以上", "左右", "（射程）"]))
def test_any_number_with_a_bare_m_is_refused(op: str, number: Decimal, tail: str) -> None:
    assert _refused(f"{op}{number}M{tail}").reason == AMBIGUOUS_M


def test_ambiguous_words_are_data_and_cannot_be_units() -> None:
    table = load_unit_table("米 = [length]\n@ambiguous Q = 写明单位\n", "extra.txt",
                            default_unit_table())
    assert table.ambiguous_in("Q以上") == ("Q", "写明单位")
    assert table.ambiguous_in("QB") is None
    with pytest.raises(DataFileError, match=r"^extra\.txt:1: “MB” 是单位的写法"):
        load_unit_table("@ambiguous MB = 写明单位\n", "extra.txt", default_unit_table())


# ---- a value that is only a unit -----------------------------------------------------------

@pytest.mark.parametrize("text", ["公里", "万亩", "万人",  # fresh t279–t281
                                  "元", "人次", " 亿元 "])
def test_a_unit_without_a_number_is_a_warning(text: str) -> None:
    model = _both(text)
    assert isinstance(model, Qualitative)
    warnings = value_warnings(model)
    assert [w.code for w in warnings] == [UNIT_WITHOUT_NUMBER]
    assert warnings[0].message == f"指标值只有计量单位 “{text.strip()}”，没有数值；是否漏填？"
    assert result_json(text, model)["warnings"][0]["code"] == UNIT_WITHOUT_NUMBER


@pytest.mark.parametrize("text", ["显著提升", "公里数稳步增加", "万人次以上", "按时完成"])
def test_a_phrase_that_only_contains_a_unit_has_no_warning(text: str) -> None:
    assert UNIT_WITHOUT_NUMBER not in [w.code for w in value_warnings(_both(text))]


def test_parse_json_carries_the_unit_only_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--json", "公里", "≥3公里"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["warnings"][0]["code"] == UNIT_WITHOUT_NUMBER
    assert "warnings" not in second


def test_check_warns_on_a_unit_only_value_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ruleset = tmp_path / "blank.toml"
    ruleset.write_text(RULESET.read_text(encoding="utf-8").replace(
        'value = "≥95%"', 'value = "万亩"', 1), encoding="utf-8")
    line = ruleset.read_text(encoding="utf-8").splitlines().index('value = "万亩"') + 1
    assert main(["check", str(ruleset), "--json"]) == 0
    problems = [json.loads(text) for text in capsys.readouterr().out.splitlines()]
    found = [p for p in problems if p["code"] == UNIT_WITHOUT_NUMBER]
    assert [(p["severity"], p["file"], p["line"]) for p in found] == \
        [("warning", str(ruleset), line)]
    assert "指标值只有计量单位 “万亩”，没有数值；是否漏填？" in found[0]["message"]
    # the warning says what is wrong; "reword the phrase" (not_assessable) would mislead
    assert "not_assessable" not in [p["code"] for p in problems]

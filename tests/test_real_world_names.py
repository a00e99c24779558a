"""Issue 12, three classes the second holdout found, each tested on variants of our own
(the held-out rows of ``data/fresh`` stay held out):

- an indicator name holding numbers of its own written with its value in one cell
  (``6岁以下儿童健康管理率≥85%``): one value whose label holds the numbers, flagged
  ``number_in_label`` when a number there may be a target of its own (sentences.py, rule 4);
- 学期 and 学年 as units (``每生每学期1000元`` → ``1000元/生/学期``);
- a target relative to a base value (``比2018年(30.5)降低5个百分点`` → ``≤25.5%``, flagged
  ``relative_target``; refused without the base value) (sentences.py, rule 5).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_real_world_units import _both, _refused
from zhibiao import Comparison, Compound, Range, parse
from zhibiao.cli import main
from zhibiao.engine.evaluate import evaluate
from zhibiao.grammar.units import default_unit_table
from zhibiao.grammar.value_warnings import NUMBER_IN_LABEL, RELATIVE_TARGET, value_warnings


def _codes(text: str) -> list[str]:
    return [w.code for w in value_warnings(_both(text))]


# ---- rule 4: numbers inside an indicator name -------------------------------------------

@pytest.mark.parametrize(("text", "label", "op", "value", "unit"), [
    ("6岁以下儿童健康管理率≥85%", "6岁以下儿童健康管理率", ">=", "85", "%"),
    ("0-3岁婴幼儿照护服务覆盖率≥50%", "0-3岁婴幼儿照护服务覆盖率", ">=", "50", "%"),
    ("60周岁及以上老年人体检率≥65%", "60周岁及以上老年人体检率", ">=", "65", "%"),
    ("18-60周岁人员参保率≥95%", "18-60周岁人员参保率", ">=", "95", "%"),
    ("80岁以上高龄老人补贴发放率100%", "80岁以上高龄老人补贴发放率", "==", "100", "%"),
    ("1型糖尿病患者随访率≥80%", "1型糖尿病患者随访率", ">=", "80", "%"),
    ("0-36月龄儿童健康管理人数2.5万人", "0-36月龄儿童健康管理人数", "==", "25000", "人"),
    ("12个月以下婴儿接种率≥95%", "12个月以下婴儿接种率", ">=", "95", "%"),
    ("3类人员参保率≥95%", "3类人员参保率", ">=", "95", "%"),
    ("3岁以下婴幼儿照护服务人数≥1000人", "3岁以下婴幼儿照护服务人数", ">=", "1000", "人"),
])
def test_numbers_of_a_name_are_its_label(text: str, label: str, op: str, value: str,
                                         unit: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.label, model.op, model.quantity.value, model.quantity.unit.name) == \
        (label, op, Decimal(value), unit)
    assert str(model) == text.replace("达到", "≥")
    assert parse(str(model)) == model
    assert value_warnings(model) == ()  # an age, a type, a class: plainly a name


def test_a_range_after_a_name_with_numbers() -> None:
    model = _both("0-6岁儿童覆盖率90%-95%")
    assert isinstance(model, Range)
    assert (model.label, model.low.value, model.high.value) == \
        ("0-6岁儿童覆盖率", Decimal(90), Decimal(95))
    assert parse(str(model)) == model


@pytest.mark.parametrize(("text", "label", "written"), [
    ("每季度开展1次督导完成率≥90%", "每季度开展1次督导完成率", "1次"),
    ("年培训2次合格率≥95%", "年培训2次合格率", "2次"),
    ("2次随访完成率达到90%", "2次随访完成率", "2次"),
    ("入户走访(含电话)3次覆盖率≥80%", "入户走访(含电话)3次覆盖率", "3次"),
])
def test_a_number_in_a_name_that_may_be_a_target_is_flagged(text: str, label: str,
                                                            written: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison) and model.label == label
    warnings = value_warnings(model)
    assert [w.code for w in warnings] == [NUMBER_IN_LABEL]
    assert f"“{written}” 写在指标名称 “{label}” 中" in warnings[0].message
    assert f"{written};…" in warnings[0].hint
    assert parse(str(model)) == model


@pytest.mark.parametrize(("text", "canonical"), [
    ("开展培训2次参训人员300人", "开展培训2次;参训人员300人"),  # no operator, no measured word
    ("≥3次6批次", "≥3次;6批次"),                                  # no label before the last
    ("满意度≥90%投诉率≤5%", "满意度≥90%;投诉率≤5%"),              # the first has an operator
    ("2023年完成率≥95%", "2023年完成;率≥95%"),                    # a date is no name number
    ("≥2次;完成率≥90%", "≥2次;完成率≥90%"),                        # written as two values
])
def test_what_stays_two_values(text: str, canonical: str) -> None:
    model = _both(text)
    assert isinstance(model, Compound) and str(model) == canonical
    assert NUMBER_IN_LABEL not in [w.code for w in value_warnings(model)]


def test_a_quoted_name_is_not_flagged() -> None:
    assert _codes("“2023年度工作方案”完成率≥95%") == []


def test_parse_json_carries_the_label_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--json", "年培训2次合格率≥95%", "6岁以下儿童健康管理率≥85%"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert (first["kind"], first["label"], first["warnings"][0]["code"]) == \
        ("comparison", "年培训2次合格率", NUMBER_IN_LABEL)
    assert (second["label"], "warnings" in second) == ("6岁以下儿童健康管理率", False)


@given(st.sampled_from(["6岁以下", "0-6岁", "65岁及以上", "2型", "0-36个月"]),
       st.sampled_from(["儿童健康管理率", "老年人体检率", "糖尿病患者规范管理率"]),
       st.sampled_from(["≥", "≤", "达到", ""]), st.integers(min_value=1, max_value=100))
def test_name_numbers_never_split_a_cell(name: str, measured: str, op: str,
                                         number: int) -> None:
    """A name with an age or a type before a measured word and a value is one comparison
    labelled with the whole name, on both paths, whose canonical text reads back."""
    model = _both(f"{name}{measured}{op}{number}%")
    assert isinstance(model, Comparison)
    assert (model.label, model.quantity.value) == (name + measured, number)
    assert parse(str(model)) == model and value_warnings(model) == ()


# ---- 学期 and 学年 ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "op", "value", "unit"), [
    ("每生每学期1000元", "==", "1000", "元/生/学期"),
    ("800元/生/学期", "==", "800", "元/生/学期"),
    ("800元/学期/生", "==", "800", "元/生/学期"),
    ("每学期≥2次", ">=", "2", "次/学期"),
    ("≥2个学期", ">=", "2", "学期"),
    ("每生每学年3300元", "==", "3300", "元/生/学年"),
    ("≤2000元/人/学年", "<=", "2000", "元/人/学年"),
])
def test_school_terms_are_units(text: str, op: str, value: str, unit: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.op, model.quantity.value, model.quantity.unit.name) == \
        (op, Decimal(value), unit)
    assert parse(str(model)) == model and value_warnings(model) == ()


def test_a_school_term_is_no_number_of_months() -> None:
    table = default_unit_table()
    assert table.definitions["学期"].dimension != table.definitions["月"].dimension
    outcome = evaluate("每学期≥2次", "5次/年", weight=Decimal(10)).to_json()
    assert (outcome["status"], outcome["reason"]) == ("not_evaluable", "unit_mismatch")
    assert evaluate("每学期≥2次", "3次/学期", weight=Decimal(10)).status == "achieved"


# ---- rule 5: a target relative to a base value ------------------------------------------

@pytest.mark.parametrize(("text", "canonical", "arithmetic"), [
    ("比2018年(30.5)降低5个百分点", "≤25.5%【比2018年(30.5)降低5个百分点】",
     "2018年的 30.5% − 5 个百分点 = 25.5%"),
    ("比2020年（60%）提高5个百分点", "≥65%【比2020年(60%)提高5个百分点】",
     "2020年的 60% + 5 个百分点 = 65%"),
    ("比 2019 年(12)下降 2.5 个百分点", "≤9.5%【比 2019 年(12)下降 2.5 个百分点】",
     "2019年的 12% − 2.5 个百分点 = 9.5%"),
    ("比2016年的(80.2%)提升1.8百分点", "≥82%【比2016年的(80.2%)提升1.8百分点】",
     "2016年的 80.2% + 1.8 个百分点 = 82%"),
])
def test_a_relative_target_is_the_bound_it_reaches(text: str, canonical: str,
                                                   arithmetic: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison) and str(model) == canonical
    assert model.quantity.unit.name == "%" and model.label is None
    assert parse(canonical) == model
    warnings = value_warnings(model)
    assert [w.code for w in warnings] == [RELATIVE_TARGET]
    assert arithmetic in warnings[0].message


@pytest.mark.parametrize("text", ["比2015年降低10个百分点", "比2020年提高5个百分点"])
def test_a_relative_target_without_its_base_is_refused(text: str) -> None:
    error = _refused(text)
    assert "没有写基期值" in error.reason and "括号里写明基期值" in error.hint


@pytest.mark.parametrize(("actual", "status"), [
    ("20", "achieved"), ("25.5%", "achieved"), ("27", "not_achieved")])
def test_actuals_against_a_relative_target(actual: str, status: str) -> None:
    outcome = evaluate("比2018年(30.5)降低5个百分点", actual, weight=Decimal(10))
    assert outcome.status == status
    assert "比2018年(30.5)降低5个百分点" in outcome.explanation


def test_a_note_that_disagrees_with_its_value_is_flagged() -> None:
    """The canonical note read back with another bound (edited by hand) is no silent pass."""
    model = _both("≤20%【比2018年(30.5)降低5个百分点】")
    warnings = value_warnings(model)
    assert [w.code for w in warnings] == [RELATIVE_TARGET]
    assert "换算为 ≤25.5%，与值 “≤20%” 不一致" in warnings[0].message


def test_a_change_without_a_base_year_is_unchanged() -> None:
    """比上年 names no base value: rule 5 does not apply (the cell reads as before)."""
    model = _both("比上年提高2个百分点")
    assert RELATIVE_TARGET not in [w.code for w in value_warnings(model)]

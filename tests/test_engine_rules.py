"""Worked examples of every scoring rule and policy setting (the ones docs/scoring.md shows).

Each row: target, actual, weight, policy settings, and the expected status, score and a
piece of the explanation. Ids say what the row is about.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from zhibiao.engine import Direction, Policy, Status, evaluate
from zhibiao.errors import EvaluationError, IndicatorSyntaxError

A, N, E, NA = (Status.ACHIEVED, Status.NOT_ACHIEVED, Status.NOT_EVALUABLE,
               Status.NOT_APPLICABLE)

# id, target, actual, weight, policy settings, evaluate kwargs, status, score, explanation piece
EXAMPLES: list[tuple[str, str, str | None, str, dict[str, Any], dict[str, Any], Status, str,
                     str]] = [
    # 正向
    ("higher-issue-example", "≥95%", "92%", "10", {}, {}, N, "9.68",
     "目标 ≥95%，实际 92%，未达成；正向指标按比例得分 92÷95×10 = 9.68"),
    ("higher-met", "≥95%", "96%", "10", {}, {}, A, "10.00", "正向指标达到目标，得满分 10.00"),
    ("higher-strict-at-bound", ">95%", "95%", "10", {}, {}, A, "10.00", "严格不等式"),
    ("higher-zero-target", "≥0个", "0个", "5", {}, {}, A, "5.00", "达到目标"),
    ("higher-negative-target-unmet", "≥-5%", "=-8%", "10", {}, {}, N, "0.00", "无法按比例计分"),
    ("higher-bare-actual-takes-unit", "≥50个", "50", "8", {}, {}, A, "8.00", "按目标单位计为 50个"),
    ("higher-copied-target", "≥95%", "≥95%", "10", {}, {}, A, "10.00",
     "照抄了目标写法“≥95%”，按恰好达到界值 95% 计"),
    ("higher-copied-lower-bound", "≥95%", "≥90%", "10", {}, {}, N, "9.47", "90÷95×10"),
    ("higher-overshoot-flag", "≧60个", "105个", "5", {}, {}, A, "5.00",
     "实际为目标的 175%，达到 130% 及以上，需填写偏差原因（不扣分）"),
    ("higher-overshoot-cut", "≧60个", "105个", "5", {"overshoot_cut": "1.3"}, {}, A, "3.71",
     "按政策扣减 1.3÷1.75×5"),
    ("higher-tolerance", "≥95%", "93.5%", "10", {"tolerance": "±2%"}, {}, A, "10.00",
     "在容差 ±2% 内"),
    ("higher-tolerance-outside", "≥95%", "93%", "10", {"tolerance": "±2%"}, {}, N, "9.79",
     "93÷95×10"),
    ("higher-rounding-one-place", "≥95%", "92%", "10", {"rounding": "0.1"}, {}, N, "9.7",
     "= 9.7"),
    ("higher-rounding-whole", "≥95%", "92%", "10", {"rounding": "1"}, {}, N, "10", "= 10"),
    ("higher-rounding-down", "≥95%", "92%", "10", {"rounding": "0.1", "rounding_mode": "down"},
     {}, N, "9.6", "= 9.6"),
    ("higher-rate-quantum", "≥95%", "92%", "10", {"rate_quantum": "0.001"}, {}, N, "9.68",
     "完成率 96.8%×10"),
    ("higher-money-scales", "≥14000万元", "1.45亿元", "10", {}, {}, A, "10.00",
     "1.45亿元（折合 14500万元）"),
    ("higher-per-year", "每年≥3次", "4次", "10", {}, {}, A, "10.00", "按评价年度一年计"),
    # 反向
    ("lower-met", "≤90万元", "90", "8", {}, {}, A, "8.00", "反向指标未超过目标"),
    ("lower-inverse", "≤100万元", "120万元", "10", {}, {}, N, "8.33",
     "按 目标÷实际 得分 100÷120×10 = 8.33"),
    ("lower-linear", "≤100万元", "120万元", "10", {"reverse": "linear"}, {}, N, "8.00",
     "按线性扣减 (1−(120−100)÷100)×10 = 8.00"),
    ("lower-linear-at-double", "≤100万元", "200万元", "10", {"reverse": "linear"}, {}, N, "0.00",
     "= 0.00"),
    ("lower-linear-beyond-double", "≤100万元", "300万元", "10", {"reverse": "linear"}, {}, N,
     "0.00", "= 0.00"),
    ("lower-duration-scales", "≤120分钟", "2小时", "10", {}, {}, A, "10.00", "折合 120分钟"),
    ("lower-zero-words", "小于5次", "无上访", "10", {}, {}, A, "10.00", "“无上访”按 0次 计"),
    ("lower-zero-target-exceeded", "≤0件", "1件", "10", {}, {}, N, "0.00", "实际超出即得"),
    ("lower-tolerance", "≤100万元", "101万元", "10", {"tolerance": "2"}, {}, A, "10.00", "容差"),
    # 等于 and bare values
    ("bare-unspent-cost-scores-zero", "10万元", "0万元", "10", {}, {"category": "成本指标"}, N,
     "0.00", "【成本指标】目标 10万元，实际 0万元，未达成；未写运算符的指标按正向计分"),
    ("bare-met", "20万元", "20万元", "10", {}, {}, A, "10.00", "按正向计分，达到目标"),
    ("bare-overshoot-not-cut", "95%", "100%", "5", {}, {}, A, "5.00", "达到目标"),
    ("equal-proportional", "═ 100 %", "98%", "10", {}, {}, N, "9.80",
     "等于指标按正向计分，按比例得分 98÷100×10 = 9.80"),
    ("equal-bare-number-takes-unit", "=100%", "100", "10", {}, {}, A, "10.00",
     "按目标单位计为 100%"),
    ("equal-zero-met", "=0件", "0件", "10", {}, {}, A, "10.00", "目标为 0，实际 0 未超出"),
    ("equal-zero-exceeded", "=0件", "2件", "10", {}, {}, N, "0.00", "与之不符"),
    ("bare-forced-lower", "90", "88", "10", {}, {"unit": "%", "direction": "反向"}, A, "10.00",
     "按上限（反向）计分"),
    ("bare-forced-lower-english", "90", "99", "10", {}, {"unit": "%", "direction": "lower"}, N,
     "9.09", "90÷99×10"),
    ("bare-forced-exact-over", "100元/月/人", "105元/月/人", "10", {},
     {"direction": Direction.EXACT}, N, "9.50", "(1−|105−100|÷100)×10"),
    ("bare-forced-exact-under", "100元/月/人", "95元/月/人", "10", {}, {"direction": "等于"}, N,
     "9.50", "按精确标准计分"),
    ("bare-category-policy", "10万元", "12万元", "10",
     {"bare_value_by_category": {"成本指标": "反向"}}, {"category": "成本指标"}, N, "8.33",
     "按上限（反向）计分"),
    ("bare-header-unit", "202.6", "132.9", "10", {}, {"unit": "万元", "direction": "反向"}, A,
     "10.00", "目标 202.6万元"),
    ("bare-direction-from-name", "3%", "4%", "10", {"direction_from_name": True},
     {"indicator": "预算调整率"}, N, "7.50",
     "目标 3%，实际 4%，未达成；未写运算符的指标，指标名称含“预算调整率”，按反向指标"
     "（越低越好）计分，超出目标，按 目标÷实际 得分 3÷4×10 = 7.50"),
    ("bare-direction-from-name-off", "3%", "4%", "10", {}, {"indicator": "预算调整率"}, A,
     "10.00", "未写运算符的指标按正向计分"),
    ("explicit-op-ignores-direction", "≥95%", "92%", "10", {}, {"direction": "反向"}, N, "9.68",
     "忽略方向设置"),
    ("not-equal", "≠0起", "0起", "10", {}, {}, N, "0.00", "实际等于 0"),
    # ranges
    ("range-within", "90%-95%", "93%", "10", {}, {}, A, "10.00", "之内"),
    ("range-below", "90%-95%", "85%", "10", {}, {}, N, "9.44", "低于下限，按比例得分 85÷90×10"),
    ("range-above", "90%-95%", "97%", "10", {}, {}, N, "9.79", "高于上限，超出目标，按 目标÷实际"),
    ("range-above-linear", "90%-95%", "100%", "10", {"reverse": "linear"}, {}, N, "9.47",
     "线性扣减"),
    # deadlines
    ("deadline-month-early", "9月前", "7月", "10", {}, {}, A, "10.00", "按期完成"),
    ("deadline-month-late", "9月前", "9月", "10", {"year": 2022}, {}, N, "0.00",
     "逾期 30 天（应于 2022年8月31日 前完成，实际 2022年9月30日）"),
    ("deadline-late-proportional", "9月前", "9月", "10",
     {"year": 2022, "late": "proportional_days"}, {}, N, "8.90", "243÷273×10"),
    ("deadline-year-end", "年底前完成", "2022年12月20日", "10", {}, {}, A, "10.00", "按期完成"),
    ("deadline-next-year", "次年2月底前完成", "2023年3月10日", "10", {"year": 2022}, {}, N,
     "0.00", "逾期"),
    ("deadline-word", "年底前完成", "已完成", "10", {}, {}, A, "10.00", "第一档"),
    ("deadline-percent", "按时限完成", "100%", "20", {}, {}, A, "20.00", "按完成程度计"),
    # qualitative
    ("qualitative-tier1", "效果明显", "达成预期指标", "10", {}, {}, A, "10.00",
     "第一档（达成年度指标，100%–80%（含80%））"),
    ("qualitative-same-phrase", "显著提升", "显著提升", "10", {}, {}, A, "10.00",
     "实际值与目标表述相同"),
    ("qualitative-tier2", "显著提升", "部分达成", "10", {}, {}, N, "7.99",
     "可在 6.00–7.99 分之间评定"),
    ("qualitative-tier2-variant-bands", "显著提升", "部分达成", "10",
     {"qualitative_bands": "80/50"}, {}, N, "7.99", "可在 5.00–7.99 分之间评定"),
    ("qualitative-tier3", "显著提升", "未完成", "10", {}, {}, N, "5.99", "第三档"),
    ("qualitative-tier2-bottom", "显著提升", "部分达成", "10", {"qualitative_position": "bottom"},
     {}, N, "6.00", "默认取档内最低分"),
    ("qualitative-tier2-whole-points", "显著提升", "部分达成", "10", {"rounding": "1"}, {}, N, "7",
     "可在 6–7 分之间评定"),
    ("qualitative-grade", "定性 优良中差", "良", "10", {}, {}, A, "8.99", "按等级计分：“良”"),
    ("qualitative-grade-poor", "定性 优良中差", "差", "10", {}, {}, N, "5.99", "“差”"),
    ("qualitative-grade-other-scale", "服务质量", "较好", "10", {}, {}, A, "8.99",
     "好较好一般较差"),
    ("qualitative-yes", "合规", "是", "8", {}, {}, A, "8.00", "第一档"),
    ("qualitative-percent", "按时限完成", "90%", "10", {}, {}, N, "9.00", "按完成程度得分 90%×10"),
    ("qualitative-needs-judgement", "显著提升", "效果很好", "10", {}, {}, E, "0.00",
     "定性指标需评价人判断所属档次"),
    ("verdict-against-number", "≥95%", "达成预期指标", "10", {}, {}, A, "10.00",
     "实际以文字评定"),
    # as incurred
    ("as-incurred", "据实支付", "35.2万元", "10", {}, {}, A, "10.00", "未设定数值界限"),
    ("as-incurred-words", "按文件执行,据实拨付", "已拨付", "10", {}, {}, A, "10.00", "据实指标"),
    ("as-incurred-missing", "实际情况", None, "10", {}, {}, E, "0.00", "缺少实际完成值"),
    # not applicable, missing, unparsable, mismatches
    ("not-applicable-target", "本指标不适用", None, "10", {}, {}, NA, "0.00",
     "汇总时其分值从满分中剔除"),
    ("not-applicable-actual", "≥95%", "不适用", "10", {}, {}, NA, "0.00", "评价人填写不适用"),
    ("missing-actual", "≥95%", None, "10", {}, {}, E, "0.00", "缺少实际完成值"),
    ("blank-actual", "≥95%", "—", "10", {}, {}, E, "0.00", "缺少实际完成值"),
    ("unparsable-actual", "≥95%", "≥", "10", {}, {}, E, "0.00", "实际完成值无法解析"),
    ("unit-mismatch-counters", "≥95人", "92次", "10", {}, {}, E, "0.00",
     "目标单位“人”，实际单位“次”"),
    ("unit-mismatch-workdays", "≤30个工作日", "40天", "10", {}, {}, E, "0.00",
     "目标单位“工作日”，实际单位“天”"),
    ("range-actual-ambiguous", "≥95%", "90%-95%", "10", {}, {}, E, "0.00", "实际写作区间"),
    ("date-against-number", "≥95%", "7月", "10", {}, {}, E, "0.00", "实际为日期"),
    # working days
    ("workdays-from-dates", "≤30个工作日", "2024年9月1日--2024年10月15日", "10", {}, {}, A,
     "10.00", "计 28 个工作日"),
    ("workdays-late", "≤20个工作日", "2024年9月1日--2024年10月15日", "10", {}, {}, N, "7.14",
     "20÷28×10"),
    ("calendar-days-from-dates", "≤30天", "2024年9月1日--2024年10月15日", "10", {}, {}, N, "6.82",
     "计 44 天"),
    # compound
    ("compound-mean", "受益户数≥200户,受益脱贫户数≥15户", "250户,12户", "10", {}, {}, N, "9.00",
     "按各项完成度平均 90%×10"),
    ("compound-mismatch", "受益户数≥200户,受益脱贫户数≥15户", "250户", "10", {}, {}, E, "0.00",
     "目标有 2 项，实际有 1 项"),
]


@pytest.mark.parametrize(
    ("target", "actual", "weight", "settings", "kwargs", "status", "score", "piece"),
    [pytest.param(*row[1:], id=row[0]) for row in EXAMPLES],
)
def test_worked_example(target: str, actual: str | None, weight: str, settings: dict[str, Any],
                        kwargs: dict[str, Any], status: Status, score: str, piece: str) -> None:
    outcome = evaluate(target, actual, weight=weight, policy=Policy.model_validate(settings),
                       **kwargs)
    assert outcome.status is status, outcome.explanation
    assert str(outcome.score) == score, outcome.explanation
    assert piece in outcome.explanation


def test_issue_example_is_exact() -> None:
    outcome = evaluate("≥95%", "92%", weight=10)
    assert outcome.explanation == "目标 ≥95%，实际 92%，未达成；正向指标按比例得分 92÷95×10 = 9.68"
    assert outcome.ratio == Decimal(92) / Decimal(95)
    assert outcome.polarity == "higher"
    assert outcome.flags == ()


def test_flags_and_reasons() -> None:
    assert "copied_target" in evaluate("≥95%", "≥95%", weight=10).flags
    assert "overshoot" in evaluate("≥60个", "105个", weight=5).flags
    assert "overshoot" not in evaluate("≥60个", "105个", weight=5,
                                       policy=Policy(overshoot_flag="off")).flags
    assert "overshoot" not in evaluate("≥60个", "77个", weight=5).flags  # 128%
    assert "overshoot" in evaluate("≥60个", "78个", weight=5).flags  # exactly 130%
    assert evaluate("≥95人", "92次", weight=10).reason == "unit_mismatch"
    assert evaluate("≥95%", None, weight=10).reason == "missing_actual"
    assert evaluate("≥95%", "≥", weight=10).reason == "unparsable_actual"
    assert evaluate("显著提升", "效果很好", weight=10).reason == "judgement_needed"


def test_score_range_only_where_the_rules_leave_a_choice() -> None:
    assert evaluate("≥95%", "92%", weight=10).score_range is None
    outcome = evaluate("显著提升", "达成预期指标", weight=10)
    assert outcome.score_range == (Decimal("8.00"), Decimal("10.00"))
    assert evaluate("显著提升", "部分达成", weight=Decimal("12.5")).score_range == (
        Decimal("7.50"), Decimal("9.99"))


def test_weight_as_int_str_and_decimal_agree() -> None:
    results = {evaluate("≥95%", "92%", weight=w).score for w in (10, "10", Decimal("10.0"))}
    assert results == {Decimal("9.68")}


@pytest.mark.parametrize("weight", [10.0, True, "ten", "-1", None])
def test_bad_weights_raise(weight: object) -> None:
    with pytest.raises(EvaluationError):
        evaluate("≥95%", "92%", weight=weight)  # type: ignore[arg-type]


def test_float_actual_raises() -> None:
    with pytest.raises(EvaluationError):
        evaluate("≥95%", 92.0, weight=10)  # type: ignore[arg-type]


def test_unparsable_target_raises_syntax_error() -> None:
    with pytest.raises(IndicatorSyntaxError):
        evaluate("≥", "92%", weight=10)


def test_models_and_numbers_are_accepted() -> None:
    from zhibiao.engine import parse_actual
    from zhibiao.grammar import parse

    by_text = evaluate("≥95%", "92%", weight=10)
    by_models = evaluate(parse("≥95%"), parse_actual("92%"), weight=10)
    by_decimal = evaluate(parse("≥95%"), Decimal("92"), weight=10)
    by_int = evaluate(parse("≥95%"), 92, weight=10)
    assert by_text.score == by_models.score == by_decimal.score == by_int.score
    assert by_text == by_models


def test_unknown_category_is_only_named() -> None:
    known = evaluate("20万元", "18万元", weight=10, category="成本指标")
    unknown = evaluate("20万元", "18万元", weight=10, category="某某自定义指标")
    assert known.score == unknown.score == Decimal("9.00")
    assert unknown.explanation.startswith("【某某自定义指标】")
    assert unknown.category == "某某自定义指标"


def test_bare_negative_actual_keeps_its_sign() -> None:
    from zhibiao.engine import parse_actual

    actual = parse_actual("-8%")
    assert actual.kind == "number"
    assert actual.quantity.value == Decimal(-8)  # type: ignore[union-attr]
    assert evaluate("≥-5%", "-8%", weight=10).status is Status.NOT_ACHIEVED


def test_grammar_keeps_the_sign_of_a_bare_negative_number() -> None:
    from zhibiao.grammar import Comparison, parse

    model = parse("-8%")
    assert isinstance(model, Comparison)
    assert model.quantity.value == Decimal(-8)

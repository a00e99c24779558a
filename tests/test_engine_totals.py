"""The budget-execution block, subtotals, not-applicable rescaling and grades."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhibiao.engine import Policy, Status, evaluate, evaluate_budget, summarize
from zhibiao.errors import EvaluationError


@pytest.mark.parametrize(("budget", "spent", "weight", "status", "score", "piece"), [
    ("20", "20", 10, Status.ACHIEVED, "10.00", "执行率 20÷20 = 100%，不低于 100%"),
    ("278.4449", "30.00", 20, Status.NOT_ACHIEVED, "2.16", "10.8%×20 = 2.16"),
    ("43.2", "37.24", 10, Status.NOT_ACHIEVED, "8.62", "执行率 37.24÷43.2 = 86.2%"),
    ("100", "120", 10, Status.ACHIEVED, "10.00", "得分以分值为上限"),
    ("20万元", "200000元", 10, Status.ACHIEVED, "10.00", "执行率 20÷20"),
    ("0", "0", 10, Status.NOT_ACHIEVED, "0.00", "预算数与执行数均为 0"),
    ("0", "5", 10, Status.NOT_EVALUABLE, "0.00", "全年预算数为 0"),
    ("10", "5人", 10, Status.NOT_EVALUABLE, "0.00", "单位不一致"),
])
def test_budget(budget: str, spent: str, weight: int, status: Status, score: str,
                piece: str) -> None:
    outcome = evaluate_budget(budget, spent, weight=weight)
    assert outcome.status is status, outcome.explanation
    assert str(outcome.score) == score
    assert piece in outcome.explanation
    assert outcome.explanation.startswith("【预算执行率】")
    assert budget in outcome.explanation and score in outcome.explanation


def test_budget_rate_quantum_and_rounding() -> None:
    assert evaluate_budget("278.4449", "30.00", weight=20,
                           policy=Policy(rate_quantum="0.001")).score == Decimal("2.16")
    assert evaluate_budget("43.2", "37.24", weight=10,
                           policy=Policy(rounding="1")).score == Decimal("9")


def test_budget_rejects_floats() -> None:
    with pytest.raises(EvaluationError):
        evaluate_budget(43.2, 37.24)  # type: ignore[arg-type]


def _rows() -> list[tuple[str, str, object]]:
    return [
        ("产出指标", "数量指标", evaluate("≥95%", "92%", weight=20)),        # 19.37
        ("产出指标", "质量指标", evaluate("100%", "100%", weight=20)),       # 20
        ("产出指标", "时效指标", evaluate("本指标不适用", None, weight=10)),  # NA
        ("效益指标", "社会效益指标", evaluate("显著提升", "达成预期指标", weight=30)),  # 30
        ("满意度指标", "服务对象满意度指标", evaluate("≥90%", "", weight=10)),  # not evaluable
    ]


def test_summarize_rescales_over_applicable_weights() -> None:
    budget = evaluate_budget("100", "90", weight=10)  # 9
    totals = summarize(_rows(), budget=budget)  # type: ignore[arg-type]
    assert totals.total_weight == Decimal(100)
    assert totals.applicable_weight == Decimal(90)
    assert totals.raw_score == Decimal("78.37")
    assert totals.total == Decimal("87.08")  # 78.37 ÷ 90 × 100
    assert totals.grade == "良"
    assert (totals.not_applicable, totals.not_evaluable) == (1, 1)
    assert "78.37÷90×100 = 87.08" in totals.explanation
    assert "1 项无法评价" in totals.explanation
    output = totals.block("产出指标")
    assert (output.weight, output.score, output.applicable_weight, output.count) == (
        Decimal(50), Decimal("39.37"), Decimal(40), 3)
    assert totals.block("时效指标", parent="产出指标").applicable_weight == 0
    assert totals.block("预算执行率").score == Decimal("9.00")
    assert [b.name for b in totals.blocks if b.level == 1] == [
        "预算执行率", "产出指标", "效益指标", "满意度指标"]


def test_summarize_without_not_applicable_is_the_plain_sum() -> None:
    rows = [("产出指标", "数量指标", evaluate("≥95%", "92%", weight=50)),
            ("效益指标", "社会效益指标", evaluate("显著提升", "部分达成", weight=50))]
    totals = summarize(rows)
    assert totals.total == Decimal("48.42") + Decimal("39.99")  # 92÷95×50 + tier 2 top
    assert totals.grade == "良"


@pytest.mark.parametrize(("total", "grade"), [
    ("90", "优"), ("89.99", "良"), ("80", "良"), ("60", "中"), ("59.99", "差")])
def test_grades(total: str, grade: str) -> None:
    rows = [("产出指标", "数量指标",
             evaluate("≥100%", f"{total}%", weight=100))]
    assert summarize(rows).grade == grade


def test_grade_thresholds_are_settings() -> None:
    rows = [("产出指标", "数量指标", evaluate("≥100%", "86%", weight=100))]
    assert summarize(rows, policy=Policy(grades={"优": 85, "良": 75, "中": 60})).grade == "优"


def test_all_not_applicable() -> None:
    rows = [("产出指标", "数量指标", evaluate("本指标不适用", None, weight=10))]
    totals = summarize(rows)
    assert totals.total == Decimal("0.00")
    assert "均不适用" in totals.explanation


def test_weights_not_adding_to_hundred_are_noted() -> None:
    rows = [("产出指标", "数量指标", evaluate("≥95%", "96%", weight=40))]
    assert "分值合计不是 100" in summarize(rows).explanation

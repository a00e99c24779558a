"""What the official forms hold beyond the indicators (issue 14): 主管部门 from the
ruleset, 年度总体目标 (预期目标 from ``[goals]``, 实际完成情况 from the actuals), and the
项目资金（万元） block from ``project.funds`` and the actuals' 年初预算数 column."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from zhibiao.report import FundsLine, Report
from zhibiao.ruleset import load_ruleset, score_ruleset
from zhibiao.ruleset.actuals import read_actuals

ROOT = Path(__file__).resolve().parents[1]
FALV = ROOT / "rulesets" / "002-xinzhou-2024" / "03-falv-guwen.toml"
ANYANG = ROOT / "rulesets" / "001-anyang-2021" / "00-unit-wide.toml"
DATA = ROOT / "tests" / "data" / "report"


def _score(ruleset: Path, actuals: str, tmp_path: Path) -> Report:
    path = tmp_path / "actuals.csv"
    path.write_text(actuals, encoding="utf-8")
    return score_ruleset(load_ruleset(ruleset), path)


def test_department_goals_and_funds_of_a_project() -> None:
    report = score_ruleset(load_ruleset(FALV), DATA / "falv-guwen.actuals.csv")
    assert report.department == "303-忻州市医疗保障局"
    assert report.kind == "project"
    assert report.goal is not None and report.goal.startswith("目标1：参与处理各类法律服务")
    assert report.goal_actual is not None and report.goal_actual.startswith("全年参与处理法律服务")
    # 20,000元 → 2 万元; the 财政 sources (0 + 0 + 20,000元) are 当年财政拨款, 单位自筹 其他资金
    assert report.funds == (
        FundsLine(name="年度资金总额", initial=Decimal(2), annual=Decimal(2),
                  spent=Decimal("1.95")),
        FundsLine(name="其中：当年财政拨款", initial=Decimal(2)),
        FundsLine(name="上年结转资金"),
        FundsLine(name="其他资金", initial=Decimal(0)))
    data = report.to_json()
    assert data["goal"]["actual"] == report.goal_actual
    assert data["funds"][0] == {"name": "年度资金总额", "initial": "2", "annual": "2",
                                "spent": "1.95"}
    assert data["budget"]["initial"] == "20000元"
    assert report.problems == ()


def test_a_unit_wide_form_lists_the_sources_by_name() -> None:
    report = score_ruleset(load_ruleset(ANYANG), DATA / "anyang-unit-wide.actuals.csv")
    assert report.kind == "unit"
    assert [line.name for line in report.funds] == ["年度资金总额", "财政性资金", "其他资金"]
    total = report.funds[0]
    assert (total.initial, total.annual, total.spent) == \
        (Decimal(9800), Decimal("10408.32"), Decimal("10043.52"))


def test_without_the_actuals_the_initial_budget_is_the_filed_total(tmp_path: Path) -> None:
    report = _score(FALV, "indicator,actual\n预算执行率,18000\n", tmp_path)
    # a bare 全年执行数 is in the unit of the 全年预算数 (20,000元), as the budget block reads it
    assert report.funds[0] == FundsLine(name="年度资金总额", initial=Decimal(2),
                                        annual=Decimal(2), spent=Decimal("1.8"))
    assert report.goal_actual is None


def test_an_initial_budget_that_is_no_amount_is_a_problem_of_its_row(tmp_path: Path) -> None:
    report = _score(FALV, "indicator,actual,年初预算数\n预算执行率,18000元,很多\n", tmp_path)
    [problem] = [p for p in report.problems if p.code == "bad_initial_budget"]
    assert problem.line == 2 and "年初预算数 “很多” 不是一个金额" in problem.message
    assert report.funds[0].initial is None
    assert any("年初预算数 “很多” 不是金额" in note for note in report.notes)


def test_a_second_goal_row_is_a_problem(tmp_path: Path) -> None:
    report = _score(FALV, "indicator,actual\n年度总体目标,完成\n总体目标,又一行\n", tmp_path)
    assert report.goal_actual == "完成"
    [problem] = [p for p in report.problems if p.code == "duplicate_row"]
    assert problem.line == 3 and "年度总体目标" in problem.message


@pytest.mark.parametrize("header", ["年初预算数", "initial_budget", "年初预算数（万元）"])
def test_the_initial_budget_column_is_read_by_its_names(header: str, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"indicator,actual,{header}\n预算执行率,90,100\n", encoding="utf-8")
    rows, problems = read_actuals(path)
    assert problems == []
    expected = "100万元" if "万元" in header else "100"  # a header unit is kept, as for 实际完成值
    assert rows[0].initial_budget == expected and rows[0].is_budget


def test_a_goal_row_is_not_an_indicator(tmp_path: Path) -> None:
    report = _score(FALV, "indicator,actual\ngoals,全部完成\n", tmp_path)
    assert report.goal_actual == "全部完成"
    assert not [p for p in report.problems if p.code == "unknown_indicator"]

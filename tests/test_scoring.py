"""Scoring a ruleset: routing rows, nothing dropped, totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from zhibiao.ruleset.load import load_ruleset
from zhibiao.ruleset.scoring import score_rulesets

ROOT = Path(__file__).resolve().parents[1]
ANYANG = ROOT / "rulesets" / "001-anyang-2021" / "01-lixiu-ganbu-yiliaofei.toml"
MINGGUANG = ROOT / "rulesets" / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml"


def test_every_indicator_gets_a_row_even_without_an_actual() -> None:
    ruleset = load_ruleset(MINGGUANG)
    report = ruleset.score({"1.1.1": "96%"})
    assert [r.id for r in report.rows] == [i.id for i in ruleset.indicators]
    missing = [r for r in report.rows if r.actual is None]
    assert all(r.outcome.status.value == "not_evaluable" and r.score == 0 for r in missing)
    assert any("没有实际值" in n for n in report.notes)


def test_rows_by_name_and_unknown_rows_are_reported() -> None:
    report = load_ruleset(MINGGUANG).score([
        {"indicator": "医疗救助对象人次全覆盖", "actual": "96%"},
        {"indicator": "不存在的指标", "actual": "1"},
        {"indicator": "1.1.1", "actual": "97%"},
    ])
    assert report.rows[0].actual == "96%"
    codes = sorted(p.code for p in report.problems)
    assert codes == ["duplicate_row", "unknown_indicator"]


def test_budget_row_from_the_ruleset_funds() -> None:
    report = load_ruleset(MINGGUANG).score({"预算执行率": "3800万元"})
    assert report.budget.budget == "4000万元"
    assert report.budget.outcome.score == Decimal("9.50")


def test_not_applicable_indicators_rescale_the_total() -> None:
    ruleset = load_ruleset(MINGGUANG)
    actuals = {i.id: "本指标不适用" if i.id == "3.1.1" else "达成预期指标"
               for i in ruleset.indicators}
    actuals["预算执行率"] = "4000万元"
    report = ruleset.score(actuals)
    assert 0 <= report.total <= 100


def test_many_projects_routed_by_key_and_name(tmp_path: Path) -> None:
    rulesets = [load_ruleset(MINGGUANG), load_ruleset(ANYANG)]
    csv_file = tmp_path / "actuals.csv"
    csv_file.write_text(
        "project,indicator,actual\n"
        "01-chengxiang-yiliao-jiuzhu,1.1.1,96%\n"
        "离休干部医疗费,1.1.1,540人\n"
        "nobody,1.1.1,1\n"
        ",1.1.1,1\n", encoding="utf-8")
    reports, problems = score_rulesets(rulesets, csv_file)
    assert reports[0].rows[0].actual == "96%"
    assert reports[1].rows[0].actual == "540人"
    assert sorted(p.code for p in problems) == ["missing_project", "unknown_project"]
    assert {p.line for p in problems} == {4, 5}


def test_a_name_shared_by_two_indicators_is_ambiguous() -> None:
    path = ROOT / "rulesets" / "003-suzhou-2023" / "04-jijin-anquan-jianguan.toml"
    report = load_ruleset(path).score([{"indicator": "委托第三方参与检查", "actual": "1次"}])
    assert [p.code for p in report.problems] == ["ambiguous_indicator"]
    assert "1.1.2" in report.problems[0].message


def test_xlsx_percent_cells_are_read_as_shown(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "actual"])
    sheet.append(["1.1.1", 0.93])
    sheet["B2"].number_format = "0%"
    path = tmp_path / "actuals.xlsx"
    book.save(path)
    report = load_ruleset(MINGGUANG).score(path)
    assert report.rows[0].actual == "93%"
    assert report.rows[0].outcome.status.value == "not_achieved"


def test_tier_phrases_of_the_ministry_are_actual_words() -> None:
    from zhibiao.engine import evaluate

    for text, low in (("部分达成年度指标并具有一定效果", Decimal(6)),
                      ("未达成年度指标且效果较差", Decimal(0))):
        outcome = evaluate("持续影响", text, weight=10)
        assert outcome.score_range is not None and outcome.score_range[0] == low

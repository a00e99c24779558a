"""Regression tests for what the published 部门整体支出绩效自评表 of 湖北 (通城) and 贵州
(绥阳) showed the importer lacked (tests/test_import_dept_fixtures.py), each with variants:
points in a label or header, 基本支出 / 项目支出 lines, 年初预算数(A), the goal heads
年初设定目标 | 年度总体目标完成情况, a 总分 value outside the 得分 column, a table cut after
its indicator header."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhibiao.audit import audit
from zhibiao.importer import ImportResult, read
from zhibiao.importer.headers import load_headers, split_points

INDICATORS = ("一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分\n"
              "产出指标,数量指标,培训人次,≥100人次,100人次,80,80\n")


def _read(tmp_path: Path, text: str, name: str = "t.csv") -> ImportResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read(path)


def _codes(result: ImportResult) -> list[tuple[str, str]]:
    return [(p.code, p.cell) for p in result.problems]


@pytest.mark.parametrize(("text", "expected"), [
    ("分值（10分）", ("分值", "10")),
    ("预算执行情况（万元） （20分）", ("预算执行情况(万元)", "20")),
    ("得分(20分*执行率)", ("得分", "20")),
    ("年度目标1：（80分）", ("年度目标1", "80")),
    ("权重(2.5分)", ("权重", "2.5")),
    ("满意度(%)", ("满意度(%)", None)),
    ("得分(B/A)", ("得分(b/a)", None)),
    ("分值", ("分值", None)),
])
def test_points_in_brackets_are_split_off(text: str, expected: tuple[str, str | None]) -> None:
    assert split_points(text) == expected


def test_header_and_label_words_found_through_their_points() -> None:
    words = load_headers()
    assert words.budget_column("分值（10分）") == "points"
    assert words.budget_column("得分（20分*执行率）") == "score"
    assert words.label("年度目标1：（80分）") == "goals"
    assert words.column("权重（5分）") == ("points", "")


def test_block_label_gives_the_unit_and_the_points(tmp_path: Path) -> None:
    result = _read(tmp_path, "预算执行情况（万元）（20分）,预算数(A),执行数(B),执行率(B/A),"
                   "得分（20分*执行率）\n部门整体支出总额,100,90,90%,18\n" + INDICATORS)
    [document] = result.documents
    assert document.kind == "unit"  # 部门整体支出总额
    budget = document.budget
    assert budget is not None
    assert (budget.total, budget.spent, budget.points, budget.rate, budget.published_score) == (
        "100万元", "90万元", "20", "90%", "18")
    assert budget.cells["points"] == "t.csv:1:1"
    assert not [c for c in _codes(result) if c[0] == "unmapped_cell"]
    [audited] = audit([tmp_path / "t.csv"]).documents
    assert audited.budget is not None  # 90 / 100 × 20 = 18
    assert (audited.budget.verdict, str(audited.budget.score)) == ("match", "18.00")


def test_a_points_column_wins_over_the_points_of_the_label(tmp_path: Path) -> None:
    result = _read(tmp_path, "项目资金（万元）（20分）,全年预算数,全年执行数,分值,执行率,得分\n"
                   "年度资金总额,100,100,10,100%,10\n" + INDICATORS)
    [document] = result.documents
    assert document.budget is not None and document.budget.points == "10"
    assert document.budget.cells["points"] == "t.csv:2:4"


def test_unit_spending_as_label_pairs(tmp_path: Path) -> None:
    result = _read(tmp_path, "单位名称,某镇人民政府\n基本支出总额,864.2万,项目支出总额,0\n"
                   + INDICATORS)
    [document] = result.documents
    assert (document.kind, document.unit) == ("unit", "某镇人民政府")
    assert document.fund_sources == {"基本支出总额": "864.2万", "项目支出总额": "0"}
    assert document.cells["fund_label:项目支出总额"] == "t.csv:2:3"
    codes = [code for code, _ in _codes(result)]
    assert "repeated_label" not in codes and "unmapped_cell" not in codes


def test_unit_budget_block_with_basic_and_project_lines(tmp_path: Path) -> None:
    result = _read(tmp_path, "部门(单位)总体资金(万元),资金来源,年初预算数(A),全年执行数(B),"
                   "分值(10分),得分\n,年度资金总额,200,150,10,7.5\n,基本支出,120,100,,\n"
                   ",项目支出,80,50,,\n" + INDICATORS)
    [document] = result.documents
    assert document.kind == "unit"  # 基本支出 / 项目支出 lines
    budget = document.budget
    assert budget is not None
    assert (budget.planned, budget.total, budget.spent, budget.points) == (
        None, "200万元", "150万元", "10")  # 年初预算数(A): the amount the rate is taken of
    assert document.fund_sources == {"基本支出": "120万元", "项目支出": "80万元"}
    # the executed amounts of the lines are not imported: reported at their cells
    unmapped = [cell for code, cell in _codes(result) if code == "unmapped_cell"]
    assert unmapped == ["t.csv:3:4", "t.csv:4:4"]
    [audited] = audit([tmp_path / "t.csv"]).documents
    assert audited.budget is not None  # 150 / 200 × 10 = 7.5
    assert (audited.budget.verdict, str(audited.budget.score)) == ("match", "7.50")


def test_the_national_block_keeps_its_columns(tmp_path: Path) -> None:
    """年初预算数 without (A) next to 全年预算数 stays the 年初 amount (regression guard)."""
    result = _read(tmp_path, "项目资金（万元）,年初预算数,全年预算数,全年执行数,分值,执行率,得分\n"
                   "年度资金总额,90,100,100,10,100%,10\n" + INDICATORS)
    [document] = result.documents
    assert document.kind == "project"
    assert document.budget is not None
    assert (document.budget.planned, document.budget.total) == ("90万元", "100万元")


def test_goal_heads_of_the_unit_wide_form(tmp_path: Path) -> None:
    result = _read(tmp_path, "部门(单位)名称,某局\n年度总体目标,年初设定目标,年度总体目标完成情况\n"
                   ",完成全年工作,已完成\n" + INDICATORS)
    [document] = result.documents
    assert (document.goals, document.achieved_goals) == ("完成全年工作", "已完成")
    assert (document.cells["goals"], document.cells["achieved_goals"]) == (
        "t.csv:3:2", "t.csv:3:3")
    assert "unmapped_cell" not in [code for code, _ in _codes(result)]


def test_numbered_goal_label_with_points(tmp_path: Path) -> None:
    result = _read(tmp_path, "单位名称,某镇\n年度目标1：（80分）,改善人居环境\n" + INDICATORS)
    [document] = result.documents
    assert document.goals == "改善人居环境"
    assert document.cells["goals"] == "t.csv:2:2"


SCORES_ONLY = ("年度绩效指标,一级指标,二级指标,三级指标,年初目标值(A),实际完成值(B),得分\n"
               ",产出指标,数量指标,办结案件,10起,10起,100\n")


def test_total_value_beside_its_label_is_the_total_score(tmp_path: Path) -> None:
    result = _read(tmp_path, SCORES_ONLY + "总分,100分,,,,,\n")
    [document] = result.documents
    assert (document.total_score, document.total_points) == ("100分", None)
    assert ("total_not_in_column", "t.csv:3:2") in _codes(result)
    assert document.rows[0].target == "10起"  # 年初目标值(A)
    assert "unmapped_cell" not in [code for code, _ in _codes(result)]  # 年度绩效指标 too


def test_total_value_beside_its_label_with_points_only(tmp_path: Path) -> None:
    text = "一级指标,二级指标,三级指标,指标值,分值\n产出指标,数量指标,培训人次,≥100人次,100\n"
    result = _read(tmp_path, text + "总分,100,,,\n")
    [document] = result.documents
    assert (document.total_score, document.total_points) == (None, "100")
    assert ("total_not_in_column", "t.csv:3:2") in _codes(result)


def test_total_value_beside_its_label_is_not_guessed_when_both_columns_exist(
        tmp_path: Path) -> None:
    result = _read(tmp_path, INDICATORS + "总分,100,,,,,\n")
    [document] = result.documents
    assert (document.total_score, document.total_points) == (None, None)
    assert ("unmapped_cell", "t.csv:3:2") in _codes(result)
    assert "total_not_in_column" not in [code for code, _ in _codes(result)]


def test_table_cut_after_its_indicator_header_is_kept(tmp_path: Path) -> None:
    result = _read(tmp_path, "部门整体支出绩效自评表\n部门(单位)名称,某镇\n"
                   "项目资金（万元）,全年预算数,全年执行数,分值,执行率,得分\n"
                   "年度资金总额,100,100,10,100%,10\n"
                   "绩效指标,一级指标,二级指标,三级指标,年度指标值,全年实际值,分值,得分\n")
    assert not result.has_errors
    [document] = result.documents
    assert (document.kind, document.rows, document.ruleset) == ("unit", [], None)
    assert "table_without_indicators" in [code for code, _ in _codes(result)]
    [audited] = audit([tmp_path / "t.csv"]).documents
    assert audited.budget is not None and audited.budget.verdict == "match"
    assert audited.verdict == "incomplete"


def test_a_title_without_any_header_is_still_reported_not_kept(tmp_path: Path) -> None:
    result = _read(tmp_path, "部门整体支出绩效自评表\n部门(单位)名称,某镇\n")
    assert result.documents == [] and result.has_errors
    assert "table_without_indicators" in [code for code, _ in _codes(result)]


def test_a_project_block_with_an_other_line_stays_a_project_table(tmp_path: Path) -> None:
    """Only lines a unit has (基本支出, 项目支出 …) make a table unit-wide; 其他 does not."""
    result = _read(tmp_path, "项目名称,某项目\n"
                   "项目资金（万元）,全年预算数,全年执行数,分值,执行率,得分\n"
                   "年度资金总额,100,100,10,100%,10\n其他,5,,,,\n" + INDICATORS)
    [document] = result.documents
    assert document.kind == "project"

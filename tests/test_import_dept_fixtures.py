"""`zhibiao import` and `zhibiao audit` on two published 部门整体支出绩效自评表
(unit-wide self-evaluations, tests/data/import/README.md), rebuilt cell for cell.

- 湖北 通城县 塘湖镇人民政府 (HTML table): 单位名称; 基本支出总额 | 项目支出总额 as label
  pairs; a 预算执行情况(万元)(20分) block whose one amount stands under 预算数(A) and
  执行数(B); 年度目标1:(80分); indicators with 年初目标值(A) | 实际完成值(B) | 得分 and no
  分值 column; 总分 with its value right of the label.
- 贵州 绥阳县 太白镇人民政府 (HTML table): title, 部门(单位)名称, a 部门(单位)总体资金(万元)
  block with 年度资金总额 / 基本支出 / 项目支出 / 其他 lines and 年初预算数(A) |
  全年执行数(B) | 分值(10分) | 得分; 年度总体目标 with 年初设定目标 | 年度总体目标完成情况;
  the stored excerpt ends in the header of the indicator table (no indicator row).

The expected values are read from the published tables; the audit verdicts are worked
out by hand from the rules of the domain notes (§2, §3) and explained at each test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zhibiao.audit import audit
from zhibiao.cli import main
from zhibiao.importer import ImportedDocument, ImportResult, read
from zhibiao.ruleset.load import read_ruleset

DATA = Path(__file__).resolve().parent / "data" / "import"
TONGCHENG = "dept-hubei-tongcheng-tanghu.csv"
SUIYANG = "dept-guizhou-suiyang-taibai.csv"


def _read(name: str) -> tuple[ImportResult, ImportedDocument]:
    result = read(DATA / name)
    assert not result.has_errors, [str(p) for p in result.problems]
    [document] = result.documents
    return result, document


def _warnings(result: ImportResult) -> set[tuple[str, str]]:
    return {(p.code, p.cell) for p in result.problems if p.severity == "warning"}


# ---- 湖北 通城 塘湖镇 ---------------------------------------------------------------

def test_tongcheng_unit_wide_table_every_row() -> None:
    result, document = _read(TONGCHENG)
    assert document.kind == "unit"  # 基本支出总额 / 项目支出总额: a whole unit's spending
    assert (document.unit, document.project, document.year) == ("塘湖镇人民政府", "", None)
    assert document.cells["unit"] == f"{TONGCHENG}:2:2"
    # the two label pairs of line 3, each amount as written (the block's unit for a number)
    assert document.fund_sources == {"基本支出总额": "864.2万", "项目支出总额": "0万元"}
    assert document.cells["fund:基本支出总额"] == f"{TONGCHENG}:3:2"
    assert document.cells["fund:项目支出总额"] == f"{TONGCHENG}:3:4"
    # 预算执行情况(万元)(20分): the unit 万元 and the block's 20 points from the label;
    # 864.2 stands under 预算数(A) (the cell under 执行数(B) is empty)
    budget = document.budget
    assert budget is not None
    assert (budget.planned, budget.total, budget.spent, budget.points, budget.rate,
            budget.published_score, budget.unit) == (
        None, "864.2万元", None, "20", "100%", "20", "万元")
    assert budget.cells["label"] == f"{TONGCHENG}:5:1"
    assert budget.cells["total"] == f"{TONGCHENG}:5:2"
    assert budget.cells["points"] == f"{TONGCHENG}:4:1"
    assert document.goals == "增强政府工作效率、改善乡镇居住环境"  # 年度目标1:(80分)
    assert document.cells["goals"] == f"{TONGCHENG}:6:2"
    out, benefit, satisfied = "产出指标", "效益指标", "满意度指标"
    assert [(r.level1, r.level2, r.indicator, r.target, r.actual, r.points,
             r.published_score) for r in document.rows] == [
        (out, "数量指标", "办结信访案件", "168起", "168起", None, "10"),
        (out, "数量指标", "拆除活人墓、豪华墓", "32座", "32座", None, "20"),
        (out, "日效性指标", "解决群众问题时间", "2天以内", "2天以内", None, "10"),
        (benefit, "社会效益指标", "改善人居环境", "有效改善", "有效改善", None, "10"),
        (benefit, "社会效益指标", "提升出行效率", "有效提升", "有效提升", None, "10"),
        (satisfied, "群众满意度指标", "群众对政府工作满意度", "≧90%", "95%", None, "20")]
    assert [r.cell for r in document.rows] == [f"{TONGCHENG}:{n}:4" for n in range(8, 14)]
    assert document.rows[0].cells["target"] == f"{TONGCHENG}:8:5"  # 年初目标值(A)
    # 总分 | 100分: the one value of the 总分 row, right of its label, is its 得分 (the
    # table has a 得分 column and no 分值 column); read, and said so at its cell
    assert (document.total_score, document.total_points) == ("100分", None)
    assert document.total_cell == f"{TONGCHENG}:14:1"
    warnings = _warnings(result)
    assert ("total_not_in_column", f"{TONGCHENG}:14:2") in warnings
    # nothing dropped: the caption above the table and the two closing rows are reported
    for line in (1, 15, 16):
        assert ("unmapped_cell", f"{TONGCHENG}:{line}:1") in warnings
    assert not [p for p in result.problems if p.code == "unmapped_cell"
                and p.cell.split(":")[1] not in ("1", "15", "16")]


def test_tongcheng_audit_without_published_points() -> None:
    """The form publishes 得分 only (its notes define 得分 = 权重 × B/A, but no 权重 is
    printed), so no row can be re-scored: every row is `not_evaluable` and says why.
    The budget line shows one amount (under 预算数(A)), no 执行数: 执行率 cannot be
    recomputed, `not_evaluable` (as `zhibiao score` leaves a budget without actual).
    No total can be recomputed either; the table is incomplete, not wrong."""
    [document] = audit([DATA / TONGCHENG]).documents
    assert [(r.indicator, r.score, r.verdict) for r in document.rows] == [
        ("办结信访案件", None, "not_evaluable"), ("拆除活人墓、豪华墓", None, "not_evaluable"),
        ("解决群众问题时间", None, "not_evaluable"), ("改善人居环境", None, "not_evaluable"),
        ("提升出行效率", None, "not_evaluable"),
        ("群众对政府工作满意度", None, "not_evaluable")]
    assert all("没有分值" in r.explanation for r in document.rows)
    assert document.budget is not None and document.budget.verdict == "not_evaluable"
    assert (document.total.published, document.total.recomputed, document.total.verdict) == (
        "100分", None, "not_evaluable")
    assert document.verdict == "incomplete"


# ---- 贵州 绥阳 太白镇 ---------------------------------------------------------------

def test_suiyang_unit_wide_table_cut_after_its_indicator_header() -> None:
    result, document = _read(SUIYANG)
    assert (document.kind, document.title) == ("unit", "部门整体支出绩效自评表")
    assert document.project == "绥阳县太白镇人民政府"  # 部门(单位)名称 names the table
    assert document.year is None  # only 填报日期:2022年2月3日, which is not the table's year
    # 部门(单位)总体资金(万元): 年初预算数(A) is the amount 执行率 is taken of (B/A), so
    # it is the budget's total; 分值(10分) and 得分 of the 年度资金总额 line
    budget = document.budget
    assert budget is not None
    assert (budget.planned, budget.total, budget.spent, budget.points, budget.rate,
            budget.published_score, budget.unit) == (
        None, "1172.55万元", "1268.72万元", "10", None, "10", "万元")
    assert budget.cells["label"] == f"{SUIYANG}:5:2"
    assert budget.cells["total"] == f"{SUIYANG}:5:3"
    assert budget.cells["spent"] == f"{SUIYANG}:5:4"
    # the 基本支出 / 项目支出 lines: their 预算数 kept, the rest of each line reported
    assert document.fund_sources == {"基本支出": "985.19万元", "项目支出": "187.36万元"}
    warnings = _warnings(result)
    assert ("unmapped_cell", f"{SUIYANG}:6:4") in warnings
    assert ("unmapped_cell", f"{SUIYANG}:7:4") in warnings
    # 年度总体目标: 年初设定目标 | 年度总体目标完成情况 over the two texts
    assert document.goals is not None and document.goals.startswith("(1)制定和组织实施经济")
    assert document.achieved_goals is not None
    assert document.achieved_goals.startswith("(1)积极履职,强化管理")
    assert document.cells["goals"] == f"{SUIYANG}:10:2"
    assert document.cells["achieved_goals"] == f"{SUIYANG}:10:3"
    # the excerpt ends in the indicator header: a document without rows and without a
    # ruleset, said so — not dropped with its budget block
    assert document.rows == [] and document.ruleset is None
    assert "table_without_indicators" in {code for code, _ in warnings}
    for cell in ("2:1", "4:7", "5:7", "8:2", "11:8"):  # 单位(盖章), 得分计算方法, its
        assert ("unmapped_cell", f"{SUIYANG}:{cell}") in warnings  # formula, 其他, 得分计算


def test_suiyang_audit_budget_line() -> None:
    """执行率 = 全年执行数 / 年初预算数(A) = 1268.72 / 1172.55 ≈ 108.2 %; the score is
    执行率 × 10 capped at its 10 points (domain notes §2) = 10.00, as published: match.
    No indicator row is shown, so no total can be recomputed: the table is incomplete."""
    [document] = audit([DATA / SUIYANG]).documents
    assert document.rows == []
    assert document.budget is not None
    assert (document.budget.verdict, str(document.budget.score)) == ("match", "10.00")
    assert document.total.recomputed is None and document.total.verdict == "not_evaluable"
    assert document.verdict == "incomplete"


@pytest.mark.parametrize("name", [TONGCHENG, SUIYANG])
def test_dept_fixtures_import_without_errors(name: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`zhibiao import` exits 0; whatever ruleset it writes checks."""
    assert main(["import", str(DATA / name), "-o", str(tmp_path)]) == 0
    written = list(tmp_path.glob("*.toml"))
    assert len(written) == (1 if name == TONGCHENG else 0)
    for toml in written:
        ruleset, problems = read_ruleset(toml)
        assert ruleset is not None, [str(p) for p in problems]
        assert ruleset.spec.project.kind == "unit"
        assert not [p for p in problems if p.severity == "error"]
    capsys.readouterr()

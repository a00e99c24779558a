"""`zhibiao import` and `zhibiao audit` on tables rebuilt from published 绩效自评表
(tests/data/import/README.md): the split layout of 四川 three times, the national layout
four times (one of them with split targets, in traditional characters)."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhibiao.audit import audit
from zhibiao.cli import main
from zhibiao.importer import ImportedDocument, read
from zhibiao.ruleset.load import read_ruleset

DATA = Path(__file__).resolve().parent / "data" / "import"


def _one(name: str) -> ImportedDocument:
    result = read(DATA / name)
    assert not result.has_errors, [str(p) for p in result.problems]
    [document] = result.documents
    assert document.ruleset is not None
    return document


def test_sichuan_split_layout_qingshen() -> None:
    document = _one("sichuan-qingshen-gongzi.csv")
    assert document.project == "51000021R000000019951-工资性支出"
    assert (document.department, document.unit, document.year) == (
        "青神县发展和改革局本级", "青神县发展和改革局", 2023)
    assert [(r.level1, r.level2, r.indicator, r.nature, r.target, r.points) for r in
            document.rows] == [
        ("产出指标", "数量指标", "发放(缴纳)覆盖率", "=", "=100%", "60"),
        ("效益指标", "社会效益指标", "足额保障率(参保率)", "=", "=100%", "30")]
    assert document.budget is not None
    assert (document.budget.total, document.budget.spent, document.budget.points) == (
        "251.89万元", "251.89万元", "10")
    assert document.total_points == "100"
    assert document.goals is not None and document.goals.startswith("严格执行相关政策")
    assert document.fund_sources["财政资金"] == "251.89万元"  # in the block's unit
    assert document.rows[0].cells["nature"] == "sichuan-qingshen-gongzi.csv:14:5"


def test_sichuan_split_layout_daying() -> None:
    document = _one("sichuan-daying-anke.csv")
    assert document.unit == "大英县司法局"
    [row] = document.rows
    assert (row.indicator, row.target) == ("完成安可产品购买并按要求支付资金", "=100")
    assert document.budget is not None and document.budget.published_score == "10"
    assert document.achieved_goals == "完成"


def test_national_layout_xiuning_transfer_table() -> None:
    document = _one("anhui-xiuning-zhanchen.csv")
    assert document.kind == "project" and document.year == 2023
    assert [r.level1 for r in document.rows] == ["产出指标"] * 5  # 产 出 指 标, written once
    assert [(r.level2, r.target, r.actual) for r in document.rows] == [
        ("数量指标", "300㎡", "0"), ("质量指标", "一次性通过省文物局验收", "一次性"),
        ("质量指标", "<=0%", "<=0%"), ("时效指标", "1个月", "1个月"),
        ("时效指标", "4个月", "4个月")]
    assert document.budget is not None
    assert (document.budget.total, document.budget.spent, document.budget.rate) == (
        "127万元", "27.9996万元", "22%")
    assert document.rows[0].reason is not None


def test_national_layout_zhongjiang_published_points_do_not_add_up(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The published table gives its indicators 100 points and the budget 10 more, yet
    prints 总分 100: the import writes the points as published and says so (the check of
    the written ruleset fails: exit 1), it does not rescale them quietly."""
    result = read(DATA / "sichuan-zhongjiang-shuibiaochi.csv")
    [document] = result.documents
    assert len(document.rows) == 9 and document.total_score == "100"
    [warning] = [p for p in result.problems if p.code == "published_points_sum"]
    assert warning.line == 0 and warning.cell == "sichuan-zhongjiang-shuibiaochi.csv:16:1"
    assert "110" in warning.message
    assert main(["import", str(DATA / "sichuan-zhongjiang-shuibiaochi.csv"), "-o",
                 str(tmp_path)]) == 1
    assert "points_sum" in capsys.readouterr().out


CONSISTENT = sorted(p.name for p in DATA.glob("*.csv")
                    if not any(k in p.name for k in ("zhongjiang", "guichi")))


@pytest.mark.parametrize("name", CONSISTENT)
def test_every_fixture_gives_a_ruleset_that_checks(name: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DATA / name), "-o", str(tmp_path)]) == 0
    for toml in tmp_path.glob("*.toml"):
        ruleset, problems = read_ruleset(toml)
        assert ruleset is not None, [str(p) for p in problems]
        assert not [p for p in problems if p.severity == "error"]
    capsys.readouterr()


# Two national 项目支出绩效自评表 found published (tests/data/import/README.md). The
# expected values below are read from the published tables, cell by cell.

GUICHI = "anhui-guichi-weituo.csv"
GUCHENG = "yunnan-gucheng-weipian.csv"


def test_national_layout_guichi_every_row() -> None:
    result = read(DATA / GUICHI)
    assert not result.has_errors, [str(p) for p in result.problems]
    [document] = result.documents
    assert (document.kind, document.year, document.project) == ("project", 2022, "委托业务项目")
    assert (document.department, document.unit) == (
        "219-池州市贵池区棠溪镇人民政府", "219001-池州市贵池区棠溪镇人民政府")
    assert document.goals is not None and document.goals.startswith("本项目共申请预算资金90万元")
    assert document.achieved_goals is not None
    assert document.achieved_goals.startswith("本项目共完成预算资金89.97万元")
    # the published 年度资金总额 line is all zeros (its 本年财政拨款 line is not)
    assert document.budget is not None
    assert (document.budget.planned, document.budget.total, document.budget.spent,
            document.budget.points, document.budget.rate, document.budget.published_score) == (
        "0万元", "0万元", "0万元", "10", "0", "0")
    first, benefit = "产出指标(50分)", "效益指标(30分)"
    assert [(r.level1, r.level2, r.indicator, r.target, r.actual, r.points,
             r.published_score) for r in document.rows] == [
        (first, "数量指标", "基建工程委托业务项目数量", "≥50个", "50", "8", "8"),
        (first, "质量指标", "委托业务报告合格率", "≥100百分比", "100", "8", "8"),
        (first, "质量指标", "经费支出合规性", "严格执行相关制度规定", "达成预期指标", "8", "8"),
        (first, "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", "8",
         "8"),
        (first, "成本指标", "项目总成本", "≤90万元", "90", "8", "8"),
        (first, "成本指标", "单项业务成本", "符合相关规定", "达成预期指标", "10", "10"),
        (benefit, "社会效益指标", "对维护基建市场公平的影响程度", "效果明显", "达成预期指标",
         "10", "10"),
        (benefit, "生态效益指标", "对控制基建项目成本影响程度", "效果明显", "达成预期指标",
         "10", "10"),
        (benefit, "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显",
         "达成预期指标", "10", "10")]
    assert document.rows[0].cells["indicator"] == f"{GUICHI}:13:4"
    assert all(not r.reason for r in document.rows)
    # the 经济效益指标 line without an indicator is reported, not dropped
    [empty] = [p for p in result.problems if p.code == "empty_indicator_row"]
    assert empty.cell == f"{GUICHI}:22:3"


def test_national_layout_guichi_audit() -> None:
    """Every row as the rules of DOMAIN §3 give it: 正向 met (50 of ≥50个; 100 of
    ≥100百分比, the actual in the target's unit) → full points; ≤90万元 with 90 → within,
    full points; 达成预期指标 on a qualitative target → the top tier (80–100 % of the
    points), in which the published full points lie. The budget line is 0 / 0 with
    0 published: 0 points (the consistent reading of this document, DOMAIN §6)."""
    [document] = audit([DATA / GUICHI]).documents
    assert [(r.indicator, r.verdict) for r in document.rows] == [
        ("基建工程委托业务项目数量", "match"), ("委托业务报告合格率", "match"),
        ("经费支出合规性", "match"), ("提交报告及时性", "match"), ("项目总成本", "match"),
        ("单项业务成本", "match"), ("对维护基建市场公平的影响程度", "match"),
        ("对控制基建项目成本影响程度", "match"),
        ("对推动基建项目“四项制度”健全和落实的持续性影响", "match")]
    assert [str(r.score) for r in document.rows[:2]] + [str(document.rows[4].score)] == [
        "8.00", "8.00", "8.00"]
    assert document.budget is not None
    assert (document.budget.verdict, str(document.budget.score)) == ("match", "0.00")


def test_national_split_layout_gucheng_every_row() -> None:
    """云南 丽江 古城区: the national form with its 年度指标值 split in three cells
    (指标性质 ﹦ / ≥ | 指标值 | 度量单位) under a two-row header; the page shows it in
    traditional characters. The excerpt ends after the last row's 分值."""
    result = read(DATA / GUCHENG)
    assert not result.has_errors, [str(p) for p in result.problems]
    [document] = result.documents
    assert (document.kind, document.year) == ("project", 2020)
    assert document.project == "2020年省級自然資源衛片執法補助經費支出績效自評表"
    assert (document.department, document.unit) == ("麗江市自然資源和規劃局",
                                                    "麗江市古城區自然資源局")
    assert document.budget is not None
    assert (document.budget.points, document.budget.rate, document.budget.published_score) == (
        "10.00", "100%", "10.00")
    assert [(r.level1, r.level2, r.indicator, r.nature, r.target, r.actual, r.points,
             r.published_score) for r in document.rows] == [
        ("產出指標", "數量指標", "衛片執法補助經費", "﹦", "=72890元", "72890", "10.00", "9.00"),
        ("產出指標", "質量指標", "項目驗收合格率", "﹦", "=100%", "100", "20", "19"),
        ("產出指標", "時效指標", "項目完成及時率", "﹦", "=100%", "100", "20.00", "19.00"),
        ("效益指標", "社會效益指標", "違法行為責停率", "≥", "≥95%", "95", "30.00", "27.00"),
        ("滿意度指標", "服務對象滿意度指標", "滿意度", "≥", "≥95%", "95", "10.00", None)]


def test_national_split_layout_gucheng_audit() -> None:
    """Every indicator is met exactly (actual = target), so the rules give full points,
    yet the table publishes 90 % of each: 9 of 10, 19 of 20, 27 of 30 — a hand
    adjustment the rules do not make, so each is a correct `differs`. The last row's
    得分 is not shown (not_published); the budget (7.29 of 7.29) is 10 of 10: match."""
    [document] = audit([DATA / GUCHENG]).documents
    assert [(r.indicator, str(r.score), r.verdict) for r in document.rows] == [
        ("衛片執法補助經費", "10.00", "differs"), ("項目驗收合格率", "20.00", "differs"),
        ("項目完成及時率", "20.00", "differs"), ("違法行為責停率", "30.00", "differs"),
        ("滿意度", "10.00", "not_published")]
    assert document.budget is not None
    assert (document.budget.verdict, str(document.budget.score)) == ("match", "10.00")


def test_split_layout_daying_table_end() -> None:
    """A table read from its 绩效指标 header on (the excerpt has nothing above it)."""
    result = read(DATA / "sichuan-daying-chengben.csv")
    assert not result.has_errors, [str(p) for p in result.problems]
    [document] = result.documents
    assert [(r.level1, r.level2, r.indicator, r.nature, r.target, r.actual, r.points,
             r.published_score, r.reason) for r in document.rows] == [
        ("产出指标", "经济成本指标", "成本控制数", "≤", "≤30万元", "完成", "90", "90", None)]
    assert document.total_points == "100"


def test_split_layout_daying_table_end_audit() -> None:
    """`完成` against ≤30万元 says the target was met without a number: the top tier
    (达成, 80–100 % of the 90 points, DOMAIN §3 定性) holds the published 90: match."""
    [document] = audit([DATA / "sichuan-daying-chengben.csv"]).documents
    [row] = document.rows
    assert (row.indicator, row.verdict) == ("成本控制数", "match")
    assert row.score_range is not None
    assert tuple(map(str, row.score_range)) == ("72.00", "90.00")

"""`zhibiao import` on tables rebuilt from published 绩效自评表 (tests/data/import/README.md):
the split layout of 四川 twice, the national layout twice."""

from __future__ import annotations

from pathlib import Path

import pytest

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


CONSISTENT = sorted(p.name for p in DATA.glob("*.csv") if "zhongjiang" not in p.name)


@pytest.mark.parametrize("name", CONSISTENT)
def test_every_fixture_gives_a_ruleset_that_checks(name: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DATA / name), "-o", str(tmp_path)]) == 0
    for toml in tmp_path.glob("*.toml"):
        ruleset, problems = read_ruleset(toml)
        assert ruleset is not None, [str(p) for p in problems]
        assert not [p for p in problems if p.severity == "error"]
    capsys.readouterr()

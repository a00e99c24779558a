"""The counterexamples the round-trip property (tests/test_import_roundtrip_property.py)
and the score-workbook round trip found, each as a small table read through
:func:`zhibiao.importer.read` and :func:`zhibiao.importer.materialize.materialize`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from zhibiao.grammar import default_parser
from zhibiao.importer import read
from zhibiao.importer.export import actuals_csv
from zhibiao.importer.materialize import Materialized, materialize

HEAD = "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施\n"


def _one(tmp_path: Path, text: str, name: str = "t.csv") -> Materialized:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = read(path)
    [document] = result.documents
    done = materialize(document)
    errors = [str(p) for p in (*result.problems, *done.problems) if p.severity == "error"]
    assert done.ruleset is not None and not errors, errors
    return done


def test_a_unit_in_the_name_goes_to_the_target(tmp_path: Path) -> None:
    done = _one(tmp_path, HEAD + "产出指标,数量指标,群众满意度（%）,≥95,96%,45,45\n"
                                 "产出指标,质量指标,覆盖率（含乡镇）,≥95,96,45,45\n")
    assert done.ruleset is not None
    first, second = done.ruleset.indicators
    assert (first.spec.name, first.spec.value, first.spec.unit) == ("群众满意度", "≥95", "%")
    assert first.scorer.model == default_parser().parse("≥95%")
    assert done.document.rows[0].indicator == "群众满意度（%）"  # the cell as written
    assert (second.spec.name, second.spec.unit) == ("覆盖率（含乡镇）", None)  # no unit


def test_a_header_unit_applies_to_a_target_with_operator(tmp_path: Path) -> None:
    done = _one(tmp_path, HEAD.replace("年度指标值", "年度指标值（%）")
                + "产出指标,数量指标,合格率,≥95,96%,90,90\n")
    assert done.ruleset is not None
    [indicator] = done.ruleset.indicators
    assert indicator.spec.unit == "%"
    assert indicator.scorer.model == default_parser().parse("≥95%")


def test_second_level_points_are_kept_when_a_first_level_block_is_uneven(
        tmp_path: Path) -> None:
    done = _one(tmp_path, HEAD + "产出指标,数量指标,培训人次,≥300人次,300人次,10,10\n"
                                 "产出指标,质量指标,合格率,≥95%,96%,30,30\n"
                                 "产出指标,质量指标,验收率,≥95%,96%,20,20\n"
                                 "满意度指标,服务对象满意度指标,满意度,≥90%,92%,30,30\n")
    assert done.ruleset is not None
    assert [i.points for i in done.ruleset.indicators] == [10, 30, 20, 30]
    assert done.ruleset.block_points("产出指标", "数量指标") == Decimal(10)
    assert done.ruleset.spec.points["产出指标/质量指标"] == Decimal(50)


def test_a_table_with_published_scores_only_writes_no_empty_actuals(tmp_path: Path) -> None:
    done = _one(tmp_path, HEAD + "产出指标,数量指标,培训人次,≥300人次,,90,90\n")
    assert done.document.filled and actuals_csv(done.document) is None
    assert done.actuals == ()


def test_split_not_equal(tmp_path: Path) -> None:
    done = _one(tmp_path, "一级指标,二级指标,三级指标,指标性质,指标值,度量单位,分值\n"
                          "产出指标,数量指标,事故数,≠,5,起,90\n"
                          "产出指标,数量指标,差错数,不等于,3,个,\n")
    assert done.ruleset is not None
    assert [i.spec.value for i in done.ruleset.indicators] == ["≠5起", "≠3个"]


_FUNDS = ("{label},,年初预算数,全年预算数,全年执行数,分值,执行率,得分\n"
          ",年度资金总额,100,100,95,10,95%,9.5\n,其中：当年财政拨款,100,100,95,—,—,—\n")


def test_the_funds_block_of_a_unit_wide_form(tmp_path: Path) -> None:
    for label in ("部门资金（万元）", "年度预算（万元）"):
        done = _one(tmp_path, "部门整体支出绩效自评表\n部门（单位）名称,某市医疗保障局\n"
                    + _FUNDS.format(label=label) + HEAD
                    + "投入管理指标,预算和财务管理,预算执行率,≥90%,95%,90,90\n")
        budget = done.document.budget
        assert budget is not None, label
        assert (budget.total, budget.spent, budget.planned) == ("100万元", "95万元", "100万元")
        assert done.document.fund_sources == {"当年财政拨款": "100万元"}  # in the block's unit
        assert done.ruleset is not None and done.ruleset.budget_points == Decimal(10)
        [*_, row] = done.actuals
        assert (row.indicator, row.actual, row.budget, row.initial_budget) == (
            "预算执行率", "95万元", "100万元", "100万元")


def test_the_unit_name_of_a_unit_wide_form_is_its_name_not_its_department(
        tmp_path: Path) -> None:
    done = _one(tmp_path, "部门整体支出绩效自评表\n部门（单位）名称,某市医疗保障局\n"
                          "主管部门,某市人民政府,单位名称,某市医疗保障局\n" + HEAD
                + "投入管理指标,预算和财务管理,预算执行率,≥90%,95%,90,90\n")
    assert done.document.kind == "unit"
    assert done.ruleset is not None
    project = done.ruleset.spec.project
    assert (project.name, project.unit, project.department, project.kind) == (
        "某市医疗保障局", "某市医疗保障局", "某市人民政府", "unit")


def test_a_project_keeps_its_department(tmp_path: Path) -> None:
    done = _one(tmp_path, "项目支出绩效自评表\n项目名称,法律顾问服务费\n"
                          "主管部门,303-某市医疗保障局,实施单位,某市医疗保障局\n" + HEAD
                + "产出指标,数量指标,服务次数,≥3次,5次,90,90\n")
    assert done.ruleset is not None
    project = done.ruleset.spec.project
    assert (project.name, project.unit, project.department) == (
        "法律顾问服务费", "某市医疗保障局", "303-某市医疗保障局")


def test_a_subtotal_after_the_row_label_is_no_indicator(tmp_path: Path) -> None:
    """The score workbook's 小计 rows: 绩效指标 (merged down column A) before them."""
    head = "," + HEAD.replace("\n", "").replace(",偏差原因分析及改进措施", "") + "\n"
    text = ("绩效指标" + head
            + "绩效指标,产出指标,数量指标,服务次数,≥3次,5次,90,90\n"
            + "绩效指标,产出指标小计,产出指标小计,产出指标小计,,,=SUM(G2:G2),=SUM(H2:H2)\n"
            + "各项得分合计（适用分值）,,,,,,=SUM(G2),=SUM(H3)\n")
    done = _one(tmp_path, text)
    assert [r.indicator for r in done.document.rows] == ["服务次数"]
    path = tmp_path / "t.csv"
    codes = [(p.code, p.cell) for p in read(path).problems]
    assert ("subtotal_row", "t.csv:3:2") in codes and ("subtotal_row", "t.csv:4:1") in codes


def test_the_achieved_goals_are_the_goal_row_of_the_actuals(tmp_path: Path) -> None:
    done = _one(tmp_path, "年度总体目标,预期目标,实际完成情况\n,完成年度任务,已全部完成\n" + HEAD
                + "产出指标,数量指标,服务次数,≥3次,5次,90,90\n")
    assert [(r.indicator, r.actual) for r in done.actuals if r.is_goal] == [
        ("年度总体目标", "已全部完成")]
    assert done.ruleset is not None
    report = done.ruleset.score(done.actuals)
    assert [row.id for row in report.rows] == ["1.1.1"]  # the goal row is not scored


def test_a_department_name_above_a_project_name_stays_the_department(tmp_path: Path) -> None:
    done = _one(tmp_path, "项目支出绩效目标表\n部门名称,某市医疗保障局\n项目名称,法律顾问服务费\n"
                + HEAD + "产出指标,数量指标,服务次数,≥3次,5次,90,90\n")
    assert done.ruleset is not None
    project = done.ruleset.spec.project
    assert (project.name, project.department) == ("法律顾问服务费", "某市医疗保障局")

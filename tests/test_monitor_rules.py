"""``zhibiao monitor``: each rule of 绩效运行监控 (issue 16) as a test."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from zhibiao.engine.workdays import count_working_days
from zhibiao.grammar.units import default_unit_table, load_unit_table
from zhibiao.monitor import Likelihood, MonitorReport, MonitorRow, monitor_ruleset
from zhibiao.monitor.likelihood import decide
from zhibiao.report import get_writer
from zhibiao.ruleset.actuals import rows_from_mapping
from zhibiao.ruleset.load import load_ruleset, read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset

CERTAIN, POSSIBLE, IMPOSSIBLE = Likelihood.CERTAIN, Likelihood.POSSIBLE, Likelihood.IMPOSSIBLE


def make_ruleset(tmp_path: Path, targets: Sequence[tuple[str, str]], *, year: int = 2023,
                 extra: str = "", funds: str = "67万元") -> Ruleset:
    """A ruleset with one indicator per (二级指标, 指标值), ids 1, 2, …"""
    text = [f'[project]\nname = "监控测试"\nyear = {year}\n',
            f'[project.funds]\nannual_total = "{funds}"\n', extra]
    for number, (level2, value) in enumerate(targets, start=1):
        text.append(f'[[indicators]]\nid = "{number}"\nlevel1 = "产出指标"\n'
                    f'level2 = "{level2}"\nname = "指标{number}"\nvalue = "{value}"\n')
    path = tmp_path / f"r{len(list(tmp_path.iterdir()))}.toml"
    path.write_text("\n".join(text), encoding="utf-8")
    return load_ruleset(path)


def monitor(ruleset: Ruleset, actuals: dict[str, str], as_of: str = "2023-06-30",
            basis: str | None = None, budget: tuple[str, str] | None = ("30万元", "")
            ) -> tuple[MonitorReport | None, list[Problem]]:
    records: list[dict[str, Any]] = [{"indicator": k, "actual": v} for k, v in actuals.items()]
    if budget is not None:
        records.append({"indicator": "预算执行率", "actual": budget[0],
                        "budget": budget[1] or None})
    rows, problems = rows_from_mapping(records, "actuals.json")
    assert not problems
    return monitor_ruleset(ruleset, rows, dt.date.fromisoformat(as_of), basis)


def one(tmp_path: Path, target: str, actual: str, *, level2: str = "数量指标",
        as_of: str = "2023-06-30", basis: str | None = None, extra: str = "",
        year: int = 2023) -> tuple[MonitorRow, list[Problem]]:
    ruleset = make_ruleset(tmp_path, [(level2, target)], extra=extra, year=year)
    report, problems = monitor(ruleset, {"1": actual}, as_of, basis)
    assert report is not None
    return report.rows[0], problems


# --- projection ---------------------------------------------------------------------------

def test_counts_are_projected_pro_rata_by_calendar_days(tmp_path: Path) -> None:
    row, problems = one(tmp_path, "≥3次", "2次")
    assert not problems
    assert row.projected is not None and row.projected.value == Decimal("4.03")  # 2×365÷181
    assert row.projected.unit == "次"
    assert "2次×365÷181 = 4.03次" in row.explanation
    assert "1月1日至6月30日共 181 天，全年 365 天" in row.explanation


def test_a_leap_year_has_366_days(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≥3次", "2次", as_of="2024-06-30", year=2024)
    assert "2次×366÷182" in row.explanation
    assert row.projected is not None and row.projected.value == Decimal("4.02")


def test_money_is_projected_in_the_base_unit(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≤10万元", "4.2万元", level2="成本指标")
    assert row.projected is not None
    assert (row.projected.value, row.projected.unit) == (Decimal("84700"), "元")
    assert row.projected_text == "8.47万元"
    assert row.deviation is not None and row.deviation.value == Decimal("-15300")


def test_projection_is_rounded_half_up_in_the_written_unit(tmp_path: Path) -> None:
    # 1×365÷146 = 2.5 exactly; 1×365÷73 = 5; 0.5 cases round up under ROUND_HALF_UP
    row, _ = one(tmp_path, "≥3次", "1次", as_of="2023-05-26")  # day 146
    assert row.projected is not None and row.projected.value == Decimal("2.5")
    row, _ = one(tmp_path, "≥3次", "1次", as_of="2023-01-08")  # 365÷8 = 45.625
    assert row.projected is not None and row.projected.value == Decimal("45.63")


def test_working_days_basis_uses_the_official_calendar(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≥3次", "2次", basis="workdays")
    worked = count_working_days(dt.date(2022, 12, 31), dt.date(2023, 6, 30))
    whole = count_working_days(dt.date(2022, 12, 31), dt.date(2023, 12, 31))
    expected = (Decimal(2) * whole / worked).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    assert row.projected is not None and row.projected.value == expected
    assert f"2次×{whole}÷{worked}" in row.explanation and "法定工作日" in row.explanation


SCHEDULE = ('[monitor]\nbasis = "schedule"\n'
            'schedule = [5, 5, 10, 10, 10, 10, 10, 10, 10, 10, 5, 5]\n')


def test_a_monthly_schedule_from_the_ruleset(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≥3次", "2次", extra=SCHEDULE)
    assert row.projected is not None and row.projected.value == Decimal("4")  # 2 ÷ 50%
    assert "2次÷50% = 4次" in row.explanation
    row, _ = one(tmp_path, "≥3次", "2次", extra=SCHEDULE, as_of="2023-06-15")
    assert "计划完成全年的 45%" in row.explanation  # 40 + 10 × 15/30


def test_the_command_line_basis_overrides_the_ruleset(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≥3次", "2次", extra=SCHEDULE, basis="calendar")
    assert "2次×365÷181" in row.explanation


@pytest.mark.parametrize(("target", "actual", "value", "kind"), [
    ("≥90%", "93.1%", "93.1", "比率"),
    ("≤30个工作日", "20个工作日", "20", "时长"),
    ("≤500元/人/年", "300元/人/年", "300", "费率"),
])
def test_ratios_durations_and_rates_are_not_extrapolated(tmp_path: Path, target: str,
                                                         actual: str, value: str,
                                                         kind: str) -> None:
    row, problems = one(tmp_path, target, actual, level2="质量指标")
    assert not problems
    assert row.projected is not None and row.projected.value == Decimal(value)
    assert kind in row.explanation and "不外推" in row.explanation
    assert row.likelihood is CERTAIN


# --- likelihood ----------------------------------------------------------------------------

def test_met_to_date_is_certain(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≥3次", "3次")
    assert row.likelihood is CERTAIN


def test_short_projection_is_possible_with_a_deviation_flag(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≥10次", "2次")
    assert row.likelihood is POSSIBLE
    assert row.deviation is not None and row.deviation.flag
    assert "偏差预警" in row.explanation


def test_projection_meeting_the_target_has_no_flag(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≥3次", "2次")
    assert row.likelihood is POSSIBLE
    assert row.deviation is not None and not row.deviation.flag


def test_an_accumulating_ceiling_already_exceeded_is_impossible(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≤20万元", "21.6万元", level2="成本指标")
    assert row.likelihood is IMPOSSIBLE
    assert "此后的任何值都不能再达到目标" in row.explanation


def test_an_accumulating_ceiling_not_yet_reached_is_only_possible(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≤27万元", "14万元", level2="成本指标")
    assert row.likelihood is POSSIBLE
    assert row.deviation is not None and row.deviation.flag  # 28.23万 > 27万


def test_a_ratio_over_its_ceiling_can_still_come_down(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≤5%", "8%", level2="质量指标")
    assert row.likelihood is POSSIBLE


def test_at_the_end_of_the_year_an_unmet_target_is_impossible(tmp_path: Path) -> None:
    row, _ = one(tmp_path, "≥3次", "2次", as_of="2023-12-31")
    assert row.likelihood is IMPOSSIBLE
    assert row.projected is not None and row.projected.value == Decimal(2)
    row, _ = one(tmp_path, "≤10万元", "8万元", level2="成本指标", as_of="2023-12-31")
    assert row.likelihood is CERTAIN


@pytest.mark.parametrize(("target", "actual", "expected", "words"), [
    ("6月底前完成", "2023年5月", CERTAIN, "已按期完成"),
    ("3月底前完成", "未完成", IMPOSSIBLE, "截止日已过"),
    ("年底前完成", "未完成", POSSIBLE, "截止日未到"),
    ("3月底前完成", "2023年5月", IMPOSSIBLE, "晚于截止日"),
])
def test_deadlines_met_missed_open(tmp_path: Path, target: str, actual: str,
                                   expected: Likelihood, words: str) -> None:
    row, problems = one(tmp_path, target, actual, level2="时效指标")
    assert not problems
    assert row.likelihood is expected and words in row.explanation
    assert row.projected is None


@pytest.mark.parametrize(("actual", "expected"), [
    ("达成预期指标", CERTAIN), ("部分达成", POSSIBLE), ("未达成", POSSIBLE)])
def test_qualitative_targets_as_reported(tmp_path: Path, actual: str,
                                         expected: Likelihood) -> None:
    row, problems = one(tmp_path, "显著提升", actual, level2="社会效益指标")
    assert not problems
    assert row.likelihood is expected and "按填报情况" in row.explanation


def test_not_applicable_has_no_likelihood(tmp_path: Path) -> None:
    row, problems = one(tmp_path, "", "本指标不适用")
    assert row.likelihood is None and not problems


def test_decide_table() -> None:
    assert decide(met_now=True, reachable=True, settled=True, year_over=False)[0] is CERTAIN
    assert decide(met_now=True, reachable=True, settled=False, year_over=False)[0] is POSSIBLE
    assert decide(met_now=False, reachable=False, settled=True, year_over=False)[0] is IMPOSSIBLE
    assert decide(met_now=False, reachable=True, settled=True, year_over=True)[0] is IMPOSSIBLE


# --- budget --------------------------------------------------------------------------------

def test_budget_block(tmp_path: Path) -> None:
    ruleset = make_ruleset(tmp_path, [("数量指标", "≥3次")], funds="67万")
    report, problems = monitor(ruleset, {"1": "2次"}, budget=("42.9万", "67万"))
    assert report is not None and not problems
    budget = report.budget
    assert budget.months == 6
    assert budget.total is not None and budget.total.value == Decimal(670000)
    assert budget.to_date is not None and budget.to_date.value == Decimal(429000)
    assert budget.rate == Decimal("0.640")
    assert budget.projected is not None and budget.projected.value == Decimal(865100)
    assert "42.9万×365÷181 = 86.51万" in budget.explanation


def test_budget_row_given_as_a_rate_uses_the_rulesets_total(tmp_path: Path) -> None:
    ruleset = make_ruleset(tmp_path, [("数量指标", "≥3次")], funds="100万元")
    report, _ = monitor(ruleset, {"1": "2次"}, budget=("45%", ""))
    assert report is not None
    assert report.budget.to_date is not None
    assert report.budget.to_date.value == Decimal(450000)


# --- bad input: a problem with its place, never a silent projection ---------------------------

def test_as_of_outside_the_rulesets_year(tmp_path: Path) -> None:
    ruleset = make_ruleset(tmp_path, [("数量指标", "≥3次")])
    report, problems = monitor(ruleset, {"1": "2次"}, as_of="2024-06-30")
    assert report is None
    assert [p.code for p in problems] == ["bad_as_of"]
    assert problems[0].file == ruleset.path and problems[0].line == 3  # year = 2023
    assert "不在规则集的预算年度 2023 年内" in problems[0].message


def test_no_working_day_yet_is_a_problem_not_a_projection(tmp_path: Path) -> None:
    ruleset = make_ruleset(tmp_path, [("数量指标", "≥3次")])
    report, problems = monitor(ruleset, {"1": "2次"}, as_of="2023-01-01", basis="workdays")
    assert report is None
    assert [(p.code, p.field) for p in problems] == [("bad_as_of", "monitor")]
    assert "没有法定工作日" in problems[0].message


def test_unreadable_actual_is_a_problem_at_its_row(tmp_path: Path) -> None:
    row, problems = one(tmp_path, "≥3次", "abc")
    assert row.likelihood is None and row.projected is None
    assert [p.code for p in problems] == ["kind_mismatch"]
    assert (problems[0].file, problems[0].line) == ("actuals.json", 1)


def test_unit_mismatch_is_a_problem(tmp_path: Path) -> None:
    row, problems = one(tmp_path, "≥3次", "3人")
    assert row.likelihood is None and row.projected is None
    assert [p.code for p in problems] == ["unit_mismatch"]


def test_missing_row_is_a_problem_at_the_indicators_line(tmp_path: Path) -> None:
    ruleset = make_ruleset(tmp_path, [("数量指标", "≥3次"), ("数量指标", "≥2次")])
    report, problems = monitor(ruleset, {"1": "2次"})
    assert report is not None and report.rows[1].likelihood is None
    assert [p.code for p in problems] == ["missing_actual"]
    assert problems[0].file == ruleset.path
    assert problems[0].line == ruleset.indicators[1].line > 0


def test_missing_budget_row_is_a_problem(tmp_path: Path) -> None:
    ruleset = make_ruleset(tmp_path, [("数量指标", "≥3次")])
    report, problems = monitor(ruleset, {"1": "2次"}, budget=None)
    assert report is not None and report.budget.projected is None
    assert [p.code for p in problems] == ["missing_budget"]


def test_unknown_and_duplicate_rows_are_problems(tmp_path: Path) -> None:
    ruleset = make_ruleset(tmp_path, [("数量指标", "≥3次")])
    rows, _ = rows_from_mapping([{"indicator": "1", "actual": "2次"},
                                 {"indicator": "指标1", "actual": "3次"},
                                 {"indicator": "9.9", "actual": "3次"},
                                 {"indicator": "预算执行率", "actual": "1万元"}], "a.json")
    report, problems = monitor_ruleset(ruleset, rows, dt.date(2023, 6, 30))
    assert report is not None
    assert [(p.code, p.line) for p in problems] == [("duplicate_row", 2),
                                                    ("unknown_indicator", 3)]


def test_a_ruleset_without_a_year_cannot_be_monitored(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('[project]\nname = "x"\n[[indicators]]\nid = "1"\nlevel1 = "产出指标"\n'
                    'level2 = "数量指标"\nname = "n"\nvalue = "≥3次"\n', encoding="utf-8")
    report, problems = monitor(load_ruleset(path), {"1": "2次"})
    assert report is None and [p.code for p in problems] == ["missing_year"]


# --- JSON shape, unit table, ruleset field ------------------------------------------------

def test_json_has_the_issues_shape(tmp_path: Path) -> None:
    ruleset = make_ruleset(tmp_path, [("数量指标", "≥3次"), ("时效指标", "年底前完成")])
    report, _ = monitor(ruleset, {"1": "2次", "2": "未完成"})
    assert report is not None
    data = json.loads(get_writer("json", "monitor").to_bytes([report]))
    assert list(data[0]) == ["project", "as_of", "rows", "budget"]
    assert data[0]["as_of"] == "2023-06-30"
    assert list(data[0]["rows"][0]) == ["id", "indicator", "target", "to_date", "projected",
                                        "deviation", "likelihood", "explanation"]
    assert data[0]["rows"][0]["projected"] == {"value": "4.03", "unit": "次"}
    assert data[0]["rows"][1]["projected"] is None
    assert data[0]["rows"][1]["likelihood"] == "有可能"


def test_the_unit_table_says_what_accumulates() -> None:
    table = default_unit_table()
    for dimension in ("money", "area", "length", "counter:次", "counter:人"):
        assert table.accumulates(dimension), dimension
    for dimension in ("ratio", "ratio_point", "workday", "calendar", "money/counter:人/calendar",
                      "counter:倍", "age", ""):
        assert not table.accumulates(dimension), dimension


def test_a_rule_authors_unit_file_can_change_what_accumulates() -> None:
    table = load_unit_table("@accumulates age\n@steady counter:人\n", "mine.txt",
                            default_unit_table())
    assert table.accumulates("age") and not table.accumulates("counter:人")
    assert table.accumulates("counter:次")
    merged = default_unit_table().merged(table)
    assert merged.accumulates("age") and not merged.accumulates("counter:人")
    alone = load_unit_table("@accumulates counter:倍\n", "mine.txt")  # no base: later wins
    assert default_unit_table().merged(alone).accumulates("counter:倍")


@pytest.mark.parametrize(("section", "code"), [
    ('[monitor]\nschedule = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 5]\n', "value_error"),
    ('[monitor]\nbasis = "schedule"\n', "value_error"),
    ('[monitor]\nschedule = [50, 50]\n', "too_short"),
    ('[monitor]\nbasis = "weekly"\n', "literal_error"),
])
def test_monitor_section_is_checked(tmp_path: Path, section: str, code: str) -> None:
    path = tmp_path / "r.toml"
    path.write_text(f'[project]\nname = "x"\nyear = 2023\n{section}[[indicators]]\nid = "1"\n'
                    'level1 = "产出指标"\nlevel2 = "数量指标"\nname = "n"\nvalue = "≥3次"\n',
                    encoding="utf-8")
    ruleset, problems = read_ruleset(path)
    assert ruleset is None
    assert [p.code for p in problems] == [f"schema.{code}"] and problems[0].line > 0


def test_monitor_section_round_trips_through_toml(tmp_path: Path) -> None:
    ruleset = make_ruleset(tmp_path, [("数量指标", "≥3次")], extra=SCHEDULE)
    again = tmp_path / "again.toml"
    again.write_text(ruleset.to_toml(), encoding="utf-8")
    assert load_ruleset(again).spec.monitor == ruleset.spec.monitor

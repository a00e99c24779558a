"""Scoring: a ruleset and its actuals → a :class:`Report` (a pure function of both).

Rows are routed to rulesets by key or project name, and to indicators by id or exact
name. Every row that cannot be used (unknown project or indicator, a second row for
the same indicator) is a problem in the report; every indicator without a row is
scored ``not_evaluable`` with the reason ``missing_actual``. Nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from zhibiao.decimal_context import own_context
from zhibiao.engine import Outcome, Status, evaluate, evaluate_budget, summarize
from zhibiao.engine.rate_bounds import with_rate_review
from zhibiao.errors import IndicatorSyntaxError
from zhibiao.report.model import BudgetRow, Report
from zhibiao.ruleset.actuals import ActualRow, read_actuals, rows_from_mapping
from zhibiao.ruleset.actuals_table import BUDGET_NAMES, GOAL_NAMES
from zhibiao.ruleset.funds import funds_lines
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Indicator, Ruleset

__all__ = ("has_actuals", "project_names", "route_row", "route_rows", "score_ruleset",
           "score_rulesets", "unscored")

Actuals = str | Path | Mapping[str, Any] | Iterable[ActualRow] | Iterable[Mapping[str, Any]]


def _rows(actuals: Actuals) -> tuple[list[ActualRow], list[Problem]]:
    if isinstance(actuals, (str, Path)):
        return read_actuals(actuals)
    if isinstance(actuals, Mapping):
        return rows_from_mapping(actuals)
    items = list(actuals)
    if all(isinstance(item, ActualRow) for item in items):
        return [item for item in items if isinstance(item, ActualRow)], []
    return rows_from_mapping([item for item in items if isinstance(item, Mapping)])


def _problem(row: ActualRow, code: str, message: str, severity: str = "error") -> Problem:
    return Problem(severity="error" if severity == "error" else "warning", code=code,
                   message=message, file=row.source, line=row.row, cell=row.cell)


def route_rows(rulesets: Sequence[Ruleset], rows: Iterable[ActualRow],
               ) -> tuple[dict[str, list[ActualRow]], list[Problem]]:
    """Rows grouped by ruleset key; rows for no known ruleset become problems."""
    by_key: dict[str, list[ActualRow]] = {r.key: [] for r in rulesets}
    names = project_names((r.key, r.name) for r in rulesets)
    single = rulesets[0].key if len(rulesets) == 1 else None
    problems: list[Problem] = []
    for row in rows:
        routed = route_row(row, by_key, names, single)
        if isinstance(routed, Problem):
            problems.append(routed)
        else:
            by_key[routed].append(row)
    return by_key, problems


def project_names(identities: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Project name → the keys of the rulesets with that name, from (key, name) pairs."""
    names: dict[str, list[str]] = {}
    for key, name in identities:
        names.setdefault(name, []).append(key)
    return names


def route_row(row: ActualRow, keys: Container[str], names: Mapping[str, list[str]],
              single: str | None) -> str | Problem:
    """The key of the ruleset ``row`` belongs to, or the problem why it has none: by key
    first, then by a project name that only one ruleset has; a row without a project
    belongs to the ``single`` ruleset scored (None when there are several)."""
    if row.project is None:
        if single is not None:
            return single
        return _problem(row, "missing_project", "评分多个项目时，每行须写明项目（project 列）")
    if row.project in keys:
        return row.project
    if len(names.get(row.project, [])) == 1:
        return names[row.project][0]
    if row.project in names:
        return _problem(row, "ambiguous_project",
                        f"项目名称 “{row.project}” 对应多个规则集，请改用项目键："
                        + "、".join(names[row.project]))
    return _problem(row, "unknown_project", f"没有规则集的键或项目名称是 “{row.project}”")


def _budget(ruleset: Ruleset, row: ActualRow | None,
            problems: list[Problem]) -> tuple[BudgetRow, list[str]]:
    """The 预算执行率 block; a 全年预算数 in the actuals that is no amount is a problem of
    its row (the block is then not evaluable), never an exception."""
    spec = ruleset.spec
    points = spec.budget.points
    total = (row.budget if row is not None else None) or spec.budget.total or (
        spec.project.funds.annual_total if spec.project.funds else None)
    notes: list[str] = []
    outcome: Outcome
    if row is not None and row.budget is not None:
        try:
            evaluate_budget(row.budget, "0", weight=points, policy=spec.policy,
                            parser=ruleset.parser)
        except IndicatorSyntaxError as exc:
            problems.append(_problem(row, "bad_budget",
                                     f"全年预算数 “{row.budget}” 不是一个金额（{exc.message}）；"
                                     "请写作 278.4449、20万元 这样的形式"))
            outcome = evaluate("100%", None, weight=points, policy=spec.policy,
                               category="预算执行率")
            notes.append("实际值文件中的全年预算数无法读取，预算执行率记 0 分，需改正")
            return BudgetRow(budget=row.budget, spent=row.actual, points=points,
                             outcome=outcome, initial=row.initial_budget), notes
    if row is None or row.actual is None:
        outcome = evaluate(total or "100%", None, weight=points, policy=spec.policy,
                           category="预算执行率")
        notes.append("实际值文件中没有预算执行率（全年执行数），预算执行率记 0 分，需补充")
    elif row.actual.strip().endswith("%"):
        outcome = evaluate_budget("100%", row.actual, weight=points, policy=spec.policy,
                                  parser=ruleset.parser)
    elif total is None:
        outcome = evaluate("100%", None, weight=points, policy=spec.policy,
                           category="预算执行率")
        notes.append("缺少全年预算数（规则集 [budget] total 或 project.funds.annual_total，"
                     "或实际值文件的 budget 列），预算执行率无法计算")
    else:
        outcome = evaluate_budget(total, row.actual, weight=points, policy=spec.policy,
                                  parser=ruleset.parser)
    return BudgetRow(budget=total, spent=row.actual if row else None, points=points,
                     outcome=outcome, initial=row.initial_budget if row else None), notes


def _evaluate(indicator: Indicator, row: ActualRow | None) -> Outcome:
    outcome = indicator.scorer.score(row.actual if row is not None else None,
                                     indicator.points)
    return with_rate_review(outcome, indicator.name, indicator.policy)  # 合格率 290%


def _reason_required(outcome: Outcome) -> bool:
    return outcome.status is Status.NOT_ACHIEVED or "overshoot" in outcome.flags


@own_context
def score_ruleset(ruleset: Ruleset, actuals: Actuals,
                  extra_problems: Sequence[Problem] = ()) -> Report:
    """The 自评表 of ``ruleset`` for ``actuals`` (a file, a mapping, or rows)."""
    rows, problems = _rows(actuals)
    problems = [*extra_problems, *problems]
    by_indicator: dict[str, ActualRow] = {}
    budget_row: ActualRow | None = None
    goal_row: ActualRow | None = None
    by_id: dict[str, Indicator] = {}
    by_name: dict[str, list[Indicator]] = {}
    for item in ruleset.indicators:
        by_id.setdefault(item.id, item)
        by_name.setdefault(item.name, []).append(item)
    for row in rows:
        ref = row.indicator.strip()  # as Ruleset.indicator finds it: by id, then by name
        if ref in GOAL_NAMES:  # (ActualRow.is_goal): 年度总体目标 — 实际完成情况
            if goal_row is not None:
                problems.append(_problem(row, "duplicate_row",
                                         "年度总体目标出现多行，只用第一行"))
            else:
                goal_row = row
            continue
        if ref in BUDGET_NAMES:  # (ActualRow.is_budget)
            if budget_row is not None:
                problems.append(_problem(row, "duplicate_row", "预算执行率出现多行，只用第一行"))
            else:
                budget_row = row
            continue
        named = by_name.get(ref, [])
        indicator = by_id.get(ref) or (named[0] if len(named) == 1 else None)
        same_name = [] if indicator is not None else [i.id for i in named]
        if indicator is None and len(same_name) > 1:
            problems.append(_problem(row, "ambiguous_indicator",
                                     f"名称 “{row.indicator}” 对应多个指标"
                                     f"（{'、'.join(same_name)}），请改用指标编号"))
        elif indicator is None:
            problems.append(_problem(row, "unknown_indicator",
                                     f"规则集 “{ruleset.key}” 中没有编号或名称为 "
                                     f"“{row.indicator}” 的指标"))
        elif indicator.id in by_indicator:
            first = by_indicator[indicator.id]
            problems.append(_problem(row, "duplicate_row",
                                     f"指标 {indicator.id} 已在第 {first.row} 行给出实际值，"
                                     "此行未采用"))
        else:
            by_indicator[indicator.id] = row

    # The rows as the fields of ReportRow models, validated with the report (one call).
    report_rows: list[dict[str, Any]] = []
    summed: list[tuple[str, str, Outcome]] = []
    missing: list[str] = []
    for indicator in ruleset.indicators:
        spec = indicator.spec
        found = by_indicator.get(spec.id)
        outcome = _evaluate(indicator, found)
        report_rows.append({
            "id": spec.id, "level1": spec.level1, "level2": spec.level2, "name": spec.name,
            "target": spec.value, "actual": found.actual if found else None,
            "points": indicator.points, "points_given": indicator.points_given,
            "outcome": outcome, "reason": found.reason if found else None,
            "reason_required": _reason_required(outcome),
            "target_shown": None if (shown := indicator.shown_target) == spec.value else shown})
        summed.append((spec.level1, spec.level2, outcome))
        if (found is None or found.actual is None) and outcome.status is Status.NOT_EVALUABLE:
            missing.append(spec.id)
    budget, budget_notes = _budget(ruleset, budget_row, problems)
    totals = summarize(summed, budget=budget.outcome, policy=ruleset.spec.policy)
    if budget_row is not None and budget_row.initial_budget is not None:
        try:
            ruleset.parser.parse_amount(budget_row.initial_budget, "年初预算数")
        except IndicatorSyntaxError as exc:
            problems.append(_problem(budget_row, "bad_initial_budget",
                                     f"年初预算数 “{budget_row.initial_budget}” 不是一个金额"
                                     f"（{exc.message}）；请写作 278.4449、20万元 这样的形式"))
    funds, funds_notes = funds_lines(ruleset.spec, budget, ruleset.parser)
    notes = [*ruleset.points_notes, *budget_notes, *funds_notes]
    if missing:
        notes.append(f"{len(missing)} 个指标没有实际值，记 0 分（无法评价）：" + "、".join(missing))
    project, goals = ruleset.spec.project, ruleset.spec.goals
    return Report.model_validate({
        "key": ruleset.key, "project": ruleset.name, "unit": project.unit,
        "year": project.year, "ruleset_path": ruleset.path, "rows": report_rows,
        "budget": budget, "totals": totals, "notes": tuple(notes),
        "problems": tuple(problems), "department": project.department,
        "kind": project.kind, "goal": goals.annual if goals else None,
        "goal_actual": goal_row.actual if goal_row else None, "funds": funds})


@own_context
def score_rulesets(rulesets: Sequence[Ruleset], actuals: Actuals,
                   ) -> tuple[list[Report], list[Problem]]:
    """Score many rulesets against one actuals source; rows for no ruleset are problems."""
    rows, problems = _rows(actuals)
    routed, routing_problems = route_rows(rulesets, rows)
    reports = [score_ruleset(ruleset, routed[ruleset.key]) for ruleset in rulesets]
    return reports, [*problems, *routing_problems]


def unscored(ruleset: Ruleset, report: Report) -> list[Problem]:
    """Indicators the actuals left without a value: scored 0 and listed (exit code 1),
    each at its line of the ruleset, so that no one files an incomplete 自评表 unawares."""
    problems = [
        Problem(severity="error", code="missing_actual", file=ruleset.path,
                line=indicator.line,
                message=f"指标 {row.id} “{row.name}” 没有实际值（实际值文件中没有这一行，"
                        "或实际值为空），记 0 分（无法评价）")
        for indicator, row in zip(ruleset.indicators, report.rows, strict=True)
        if row.outcome.reason == "missing_actual"]
    if report.budget.spent is None:
        problems.append(Problem(
            severity="error", code="missing_actual", file=ruleset.path,
            message="实际值文件中没有预算执行率（全年执行数），预算执行率记 0 分；"
                    "请补上一行：指标写“预算执行率”，实际值写全年执行数"))
    return problems


def has_actuals(report: Report) -> bool:
    """Whether any row of the actuals file reached this report."""
    return report.budget.spent is not None or any(r.actual is not None for r in report.rows)

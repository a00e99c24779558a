"""Monitoring: rulesets and their actuals to date → one :class:`MonitorReport` each.

Rows reach rulesets as in ``zhibiao score`` (by key, or by a project name only one
ruleset has; rows without a project when one ruleset is monitored) and indicators by
id or exact name; a row for nothing known, a second row for the same indicator, an
indicator without a row, a ruleset whose year does not hold the date — each is a
:class:`~zhibiao.ruleset.problems.Problem` with its place, never a silent projection.

The line of a problem in the ruleset itself (the year a date falls outside) is found by
reading the ruleset's file again; a caller whose rulesets came as texts (the service)
gives ``line_of`` instead, so that nothing is read from disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from zhibiao.decimal_context import own_context
from zhibiao.limits import DEFAULT_LIMITS
from zhibiao.monitor.budget import monitor_budget
from zhibiao.monitor.model import MonitorReport, MonitorRow
from zhibiao.monitor.projection import ProgressError, progress
from zhibiao.monitor.rows import monitor_indicator
from zhibiao.ruleset.actuals import ActualRow
from zhibiao.ruleset.actuals_table import BUDGET_NAMES
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Indicator, Ruleset
from zhibiao.ruleset.scoring import route_rows
from zhibiao.ruleset.syntax import parse_ruleset_file

__all__ = ("LineOf", "file_line", "monitor_ruleset", "monitor_rulesets")

#: The line of a field (``("project", "year")``) in the text a ruleset was read from.
LineOf = Callable[[Ruleset, tuple[str, ...]], int]


def _problem(row: ActualRow, code: str, message: str) -> Problem:
    return Problem(severity="error", code=code, message=message, file=row.source,
                   line=row.row, cell=row.cell)


def file_line(ruleset: Ruleset, field: tuple[str, ...]) -> int:
    """The line of ``field`` in the ruleset's file (0 when it cannot be read again)."""
    try:
        _, locator, _ = parse_ruleset_file(Path(ruleset.path), DEFAULT_LIMITS)
    except OSError:  # pragma: no cover - the file went away since it was loaded
        return 0
    return locator.line(field)


def _match(ruleset: Ruleset, rows: Iterable[ActualRow],
           ) -> tuple[dict[str, ActualRow], ActualRow | None, list[Problem]]:
    """The row of each indicator (by id, then by a name only one indicator has), the
    budget row, and the problems of the rows that fit none."""
    by_indicator: dict[str, ActualRow] = {}
    budget: ActualRow | None = None
    problems: list[Problem] = []
    for row in rows:
        ref = row.indicator.strip()
        if ref in BUDGET_NAMES:
            if budget is not None:
                problems.append(_problem(row, "duplicate_row",
                                         f"预算执行行已在第 {budget.row} 行给出，此行未采用"))
            else:
                budget = row
            continue
        found: Indicator | None = ruleset.indicator(ref)
        if found is None:
            named = [i.id for i in ruleset.indicators if i.name == ref]
            problems.append(_problem(
                row, "ambiguous_indicator" if named else "unknown_indicator",
                f"名称 “{ref}” 对应多个指标（{'、'.join(named)}），请改用指标编号" if named
                else f"规则集 “{ruleset.key}” 中没有编号或名称为 “{ref}” 的指标"))
        elif found.id in by_indicator:
            problems.append(_problem(row, "duplicate_row",
                                     f"指标 {found.id} 已在第 {by_indicator[found.id].row} "
                                     "行给出执行情况，此行未采用"))
        else:
            by_indicator[found.id] = row
    return by_indicator, budget, problems


@own_context
def monitor_ruleset(ruleset: Ruleset, rows: Iterable[ActualRow], as_of: dt.date,
                    basis: str | None = None, *, line_of: LineOf = file_line,
                    ) -> tuple[MonitorReport | None, list[Problem]]:
    """The 执行监控表 of ``ruleset`` at ``as_of`` (None, with the problem why, when the
    date cannot be placed in the ruleset's year), and every problem found.

    ``basis`` (calendar, workdays, schedule) overrides the ruleset's ``[monitor] basis``;
    ``line_of`` finds a field's line in the ruleset (by default in its file).
    """
    spec = ruleset.spec
    year = spec.project.year
    if year is None:
        return None, [Problem(severity="error", code="missing_year", file=ruleset.path,
                              field="project.year",
                              message="规则集没有预算年度（project.year），无法监控；请写明年度")]
    chosen = basis or (spec.monitor.basis if spec.monitor else "calendar")
    schedule = spec.monitor.schedule if spec.monitor else None
    try:
        where = progress(as_of, year, chosen, schedule)
    except ProgressError as exc:
        field = ("project", "year") if as_of.year != year else ("monitor",)
        return None, [Problem(severity="error", code="bad_as_of", file=ruleset.path,
                              line=line_of(ruleset, field), field=".".join(field),
                              message=str(exc))]
    by_indicator, budget_row, problems = _match(ruleset, rows)
    report_rows: list[MonitorRow] = []
    for indicator in ruleset.indicators:
        row, found = monitor_indicator(indicator, by_indicator.get(indicator.id), where,
                                       ruleset.path)
        report_rows.append(row)
        problems.extend(found)
    budget, found = monitor_budget(ruleset, budget_row, where)
    problems.extend(found)
    report = MonitorReport(key=ruleset.key, project=ruleset.name, unit=spec.project.unit,
                           year=year, as_of=as_of, basis=chosen, rows=tuple(report_rows),
                           budget=budget, problems=tuple(problems))
    return report, problems


@own_context
def monitor_rulesets(rulesets: Sequence[Ruleset], rows: Iterable[ActualRow],
                     as_of: dt.date, basis: str | None = None, *,
                     line_of: LineOf = file_line,
                     ) -> tuple[list[MonitorReport], list[Problem]]:
    """Every ruleset's report (those whose year holds the date) and all problems, the
    rows routed as ``zhibiao score`` routes them."""
    routed, problems = route_rows(rulesets, rows)
    reports: list[MonitorReport] = []
    for ruleset in rulesets:
        report, found = monitor_ruleset(ruleset, routed[ruleset.key], as_of, basis,
                                        line_of=line_of)
        problems.extend(found)
        if report is not None:
            reports.append(report)
    return reports, problems

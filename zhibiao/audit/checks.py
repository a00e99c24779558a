"""The checks of a whole table: 偏差原因 missing where the engine requires one, 分值
that do not add up to 100, a 总分 that is not the sum of the 得分 (or not what the rows
re-score to). Each finding is a :class:`~zhibiao.ruleset.problems.Problem` with a stable
code and the cell it concerns."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from zhibiao.audit.rows import TOLERANCE
from zhibiao.engine import Outcome, Status
from zhibiao.grammar import format_decimal
from zhibiao.importer.build import decimal_of
from zhibiao.importer.model import ImportedDocument, IndicatorRow
from zhibiao.ruleset.problems import Problem

__all__ = ("CODES", "points_problems", "reason_problems", "total_problems")

#: The codes of the audit's own findings, with what they mean.
CODES: dict[str, str] = {
    "reason_missing": "未达成或超额较多，偏差原因分析未填写",
    "points_sum": "分值（含预算执行率）合计不等于 100",
    "total_points_sum": "总分行的分值不等于各行分值之和",
    "total_not_sum": "总分行的得分不等于各行得分之和",
    "total_differs": "总分与重新计算的总分不一致",
}

_HUNDRED = Decimal(100)


def _problem(document: ImportedDocument, code: str, cell: str, message: str,
             severity: str = "warning") -> Problem:
    return Problem(severity="error" if severity == "error" else "warning", code=code,
                   message=message, file=document.source, cell=cell)


def reason_problems(document: ImportedDocument,
                    scored: Sequence[tuple[IndicatorRow, Outcome | str]]) -> list[Problem]:
    """A problem for each row the engine finds not achieved (or overshooting, which
    asks for a 偏差原因 too) whose 偏差原因分析 is empty."""
    found = []
    for row, outcome in scored:
        if isinstance(outcome, str) or (row.reason or "").strip():
            continue
        if outcome.status is Status.NOT_ACHIEVED:
            why = f"重新计算为未达成（{outcome.score}/{outcome.weight} 分）"
        elif "overshoot" in outcome.flags:
            why = "超额完成较多"
        else:
            continue
        found.append(_problem(document, "reason_missing",
                              row.cells.get("reason", row.cell),
                              f"指标“{row.indicator}”{why}，须填写偏差原因分析及改进措施"))
    return found


def points_problems(document: ImportedDocument) -> list[Problem]:
    """分值 (the rows' and the 项目资金 block's) that do not add up to 100, or to the
    分值 of the 总分 row. Only when every 分值 is a number (otherwise the rows say so)."""
    points = [decimal_of(row.points) for row in document.rows]
    if document.budget is not None and document.budget.points is not None:
        points.append(decimal_of(document.budget.points))
    if not points or any(p is None for p in points):
        return []
    total = sum((p for p in points if p is not None), Decimal(0))
    cell = document.total_cell or document.cells.get("project", "")
    found = []
    if total != _HUNDRED:
        found.append(_problem(document, "points_sum", cell,
                              f"各行分值（含预算执行率）合计 {format_decimal(total)}，不等于 100"))
    written = decimal_of(document.total_points)
    if written is not None and written != total:
        found.append(_problem(document, "total_points_sum", cell,
                              f"总分行的分值 {format_decimal(written)} "
                              f"不等于各行分值之和 {format_decimal(total)}"))
    return found


def total_problems(document: ImportedDocument, recomputed: Decimal | None) -> list[Problem]:
    """A 总分 得分 that is not the sum of the published 得分, or not the recomputed one."""
    published = decimal_of(document.total_score)
    if published is None:
        return []
    cell = document.total_cell or document.cells.get("project", "")
    scores = [decimal_of(row.published_score) for row in document.rows]
    if document.budget is not None and document.budget.published_score is not None:
        scores.append(decimal_of(document.budget.published_score))
    found = []
    if scores and all(s is not None for s in scores):
        summed = sum((s for s in scores if s is not None), Decimal(0))
        if abs(summed - published) > TOLERANCE:
            found.append(_problem(document, "total_not_sum", cell,
                                  f"总分行的得分 {document.total_score} 不等于各行得分之和 "
                                  f"{format_decimal(summed)}"))
    if recomputed is not None and abs(recomputed - published) > TOLERANCE:
        found.append(_problem(document, "total_differs", cell,
                              f"总分行的得分 {document.total_score} 与重新计算的总分 "
                              f"{recomputed} 不一致"))
    return found

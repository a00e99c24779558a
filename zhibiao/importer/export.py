"""Writing what was imported: ``KEY.toml`` (a ruleset, each indicator with a comment
naming its source cell) and, for a filled table, ``KEY.actuals.csv`` in the format
:mod:`zhibiao.ruleset.actuals_csv` reads (指标编号, 实际完成值, 偏差原因, 全年预算数,
年初预算数; the 年度总体目标 row holds the 实际完成情况, and the budget row is the
indicator ``预算执行率`` with 全年执行数 as its actual)."""

from __future__ import annotations

import csv
import io

from zhibiao.importer.model import ImportedDocument
from zhibiao.ruleset.dump import dump_toml

__all__ = ("actuals_csv", "ruleset_toml")

_BUDGET_ROW = "预算执行率"
_GOAL_ROW = "年度总体目标"


def ruleset_toml(document: ImportedDocument) -> str:
    """The ruleset's TOML with a ``# 来源 …`` comment above each indicator."""
    if document.ruleset is None:
        raise ValueError("document has no ruleset")
    where = document.source + (f" 工作表 {document.sheet}" if document.sheet else "")
    head = [f"# 由 zhibiao import 导入：{where}", f"# imported from {document.source}"]
    rows = {row.id: row for row in document.rows}
    lines: list[str] = []
    spec_ids = iter(indicator.id for indicator in document.ruleset.indicators)
    for line in dump_toml(document.ruleset).splitlines():
        if line == "[[indicators]]":
            row = rows[next(spec_ids)]
            first = row.cell or row.cells.get("target", "")
            cells = "，".join(f"{_FIELD[name]} {_short(address, first)}"
                             for name, address in row.cells.items()
                             if name in _FIELD and address != first)
            lines.append(f"# {first}" + (f"（{cells}）" if cells else ""))
        lines.append(line)
    return "\n".join(head + lines[1:]) + "\n"


def _short(address: str, first: str) -> str:
    """``自评表!D12`` → ``D12`` (``t.csv:7:5`` → ``7:5``) when the first address names the
    same sheet (file)."""
    sheet, _, cell = address.rpartition("!")
    if sheet:
        return cell if first.startswith(sheet + "!") else address
    source, _, place = address.partition(":")  # a text file: file:line:column
    return place if place and first.startswith(source + ":") else address


_FIELD = {"indicator": "三级指标", "target": "指标值", "nature": "指标性质", "unit": "单位",
          "mid_term_target": "中期指标值", "actual": "实际完成值", "points": "分值",
          "score": "得分", "reason": "偏差原因"}


def actuals_csv(document: ImportedDocument) -> str | None:
    """The actuals of a filled table as CSV text, or None for a table without actuals
    (also a filled one whose 实际完成值 and 全年执行数 are all blank)."""
    if not document.filled or document.ruleset is None:
        return None
    known = {indicator.id for indicator in document.ruleset.indicators}
    lines = [[row.id, row.actual or "", row.reason or "", "", ""] for row in document.rows
             if row.id in known and (row.actual or row.reason)]
    if document.achieved_goals:  # 年度总体目标 | 实际完成情况: a text, not scored
        lines.append([_GOAL_ROW, document.achieved_goals, "", "", ""])
    budget = document.budget
    if budget is not None and budget.spent is not None:
        lines.append([_BUDGET_ROW, budget.spent, "", budget.total or "", budget.planned or ""])
    if not lines:  # only published scores: a file without rows could not be scored
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["指标编号", "实际完成值", "偏差原因", "全年预算数", "年初预算数"])
    writer.writerows(lines)
    return out.getvalue()

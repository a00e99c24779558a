"""Which cells of a workbook an import neither read into a document nor reported:
every cell must be one or the other (issue 15: nothing is silently dropped)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from zhibiao.importer import ImportResult

#: the form's own words (labels and column heads): read, not imported, so named nowhere
FIXED = frozenset((
    "项目支出绩效自评表", "部门整体支出绩效自评表", "部门预算项目支出绩效自评表", "项目名称",
    "主管部门", "实施单位", "部门（单位）名称", "项目资金（万元）", "部门资金（万元）",
    "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额",
    "年度总体目标", "预期目标", "实际完成情况", "绩效指标", "年度绩效指标", "一级指标",
    "二级指标", "三级指标", "年度指标值", "指标性质", "指标值", "度量单位", "实际完成值",
    "偏差原因分析及改进措施", "总分", "单位名称", "年度预算（万元）", "年度"))


def named(result: ImportResult) -> str:
    """Every address the result names (documents' cells, problems' cells and messages)."""
    parts: list[str] = []
    for problem in result.problems:
        parts += [problem.cell, problem.message]
    for document in result.documents:
        parts += list(document.cells.values())
        if document.budget is not None:
            parts += list(document.budget.cells.values())
        for row in document.rows:
            parts += list(row.cells.values())
    return "\n".join(parts)


def dropped(cells: Iterable[tuple[str, str]], result: ImportResult) -> list[str]:
    """The cells (address, text) that are neither the form's own words nor named."""
    text = named(result)
    return [f"{address}「{value}」" for address, value in cells if value not in FIXED
            and not re.search(re.escape(address) + r"(?![0-9])", text)]

"""``zhibiao monitor -f xlsx``: the 项目支出绩效目标执行监控表 of 财预〔2019〕136号, one
sheet per project.

Layout: title and year; 项目名称 / 实施单位 / 截至日期; the 资金 block (年初预算数 |
全年预算数 | 1–X月执行数 | 执行率 | 全年预计执行数 | 说明); then the indicators —
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 1–X月执行情况 | 全年预计完成情况 |
偏差原因分析 (经费保障 | 制度保障 | 人员保障 | 硬件条件保障 | 其他) | 完成目标可能性 | 备注
(一级/二级 merged over their runs). The actuals' 偏差原因 goes under 其他; 备注 holds the
explanation of the arithmetic. Every text is a string cell, never a formula
(:func:`zhibiao.report.xlsx_cells.set_cell`); the same reports give the same bytes
(:mod:`zhibiao.report.xlsx_package`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter

from zhibiao.decimal_context import own_context
from zhibiao.monitor.model import MonitorReport
from zhibiao.report.writer import WholeWriter
from zhibiao.report.xlsx_cells import BOLD, CENTER, set_cell
from zhibiao.report.xlsx_package import workbook_bytes
from zhibiao.report.xlsx_titles import sheet_titles

__all__ = ("REASON_COLUMNS", "WRITER", "MonitorXlsxWriter", "monitor_workbook")

#: The sub-columns of 偏差原因分析 in the 136号 form.
REASON_COLUMNS = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
_LAST = 13  # columns A–M
_THIN = Side(style="thin")  # the line colour left to the viewer (automatic)
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_WIDTHS = (10, 12, 22, 12, 14, 14, 8, 8, 8, 8, 20, 10, 48)


def _put(sheet: Any, row: int, column: int, value: str | Decimal | None, *,
         bold: bool = False, center: bool = False, percent: bool = False) -> None:
    """One bordered cell (:func:`set_cell`: text as a string cell, a Decimal a number)."""
    cell = sheet.cell(row=row, column=column)
    set_cell(cell, value)
    if percent and isinstance(value, Decimal):
        cell.number_format = "0.00%"
    cell.border = _BORDER
    cell.alignment = CENTER if center else _WRAP
    if bold:
        cell.font = BOLD


def _merge(sheet: Any, row: int, first: int, last: int, rows: int = 1) -> None:
    if last > first or rows > 1:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row + rows - 1,
                          end_column=last)


def _sheet(sheet: Any, report: MonitorReport) -> None:
    months = report.months
    _put(sheet, 1, 1, "项目支出绩效目标执行监控表", bold=True, center=True)
    _merge(sheet, 1, 1, _LAST)
    _put(sheet, 2, 1, f"（{report.year}年度，截至 {report.as_of.isoformat()}）", center=True)
    _merge(sheet, 2, 1, _LAST)
    _put(sheet, 3, 1, "项目名称", bold=True)
    _put(sheet, 3, 2, report.project)
    _merge(sheet, 3, 2, 6)
    _put(sheet, 3, 7, "实施单位", bold=True)
    _merge(sheet, 3, 7, 8)
    _put(sheet, 3, 9, report.unit)
    _merge(sheet, 3, 9, _LAST)
    # 资金 block
    budget = report.budget
    headers = ("项目资金（元）", "年初预算数", "全年预算数", f"1-{months}月执行数", "执行率",
               "全年预计执行数", "说明")
    for column, header in enumerate(headers, start=1):
        _put(sheet, 4, column, header, bold=True, center=True)
    _merge(sheet, 4, 7, _LAST)
    _put(sheet, 5, 1, "年度资金总额", bold=True)
    total = None if budget.total is None else budget.total.value
    _put(sheet, 5, 2, total)
    _put(sheet, 5, 3, total)
    _put(sheet, 5, 4, None if budget.to_date is None else budget.to_date.value)
    _put(sheet, 5, 5, budget.rate, percent=True)
    _put(sheet, 5, 6, None if budget.projected is None else budget.projected.value)
    _put(sheet, 5, 7, budget.explanation)
    _merge(sheet, 5, 7, _LAST)
    # indicators
    top = 6
    heads = ("一级指标", "二级指标", "三级指标", "年度指标值", f"1-{months}月执行情况",
             "全年预计完成情况")
    for column, header in enumerate(heads, start=1):
        _put(sheet, top, column, header, bold=True, center=True)
        _merge(sheet, top, column, column, rows=2)
    _put(sheet, top, 7, "偏差原因分析", bold=True, center=True)
    _merge(sheet, top, 7, 11)
    for column, header in enumerate(REASON_COLUMNS, start=7):
        _put(sheet, top + 1, column, header, bold=True, center=True)
    for column, header in ((12, "完成目标可能性"), (13, "备注")):
        _put(sheet, top, column, header, bold=True, center=True)
        _merge(sheet, top, column, column, rows=2)
    first = top + 2
    for index, row in enumerate(report.rows):
        at = first + index
        likelihood = "" if row.likelihood is None else row.likelihood.value
        cells: tuple[str | None, ...] = (
            row.level1, row.level2, row.indicator, row.target, row.to_date,
            row.projected_text, None, None, None, None, row.reason, likelihood,
            row.explanation)
        for column, value in enumerate(cells, start=1):
            _put(sheet, at, column, value, center=column in (1, 2, 12))
    for column in (1, 2):  # merge runs of the same 一级 (and 二级 within it)
        keys = [(r.level1, r.level2 if column == 2 else "") for r in report.rows]
        start = 0
        for index in range(1, len(keys) + 1):
            if index == len(keys) or keys[index] != keys[start]:
                _merge(sheet, first + start, column, column, rows=index - start)
                start = index
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


@own_context
def monitor_workbook(reports: Sequence[MonitorReport]) -> bytes:
    """The workbook of ``reports`` (one sheet each), the same bytes for the same reports."""
    book = Workbook()
    book.remove(book.active)
    for report, title in zip(reports, sheet_titles(r.key for r in reports), strict=True):
        _sheet(book.create_sheet(title), report)
    return workbook_bytes(book)


class MonitorXlsxWriter(WholeWriter[MonitorReport]):
    """The workbook, written whole."""

    name = "xlsx"

    def whole(self, reports: list[MonitorReport], **options: Any) -> bytes:
        return monitor_workbook(reports)


WRITER = MonitorXlsxWriter()

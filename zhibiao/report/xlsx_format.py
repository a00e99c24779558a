"""``xlsx``: the 自评表 as an Excel workbook, one official form per report
(:mod:`zhibiao.report.xlsx_form`: 项目支出绩效自评表, or 部门整体支出绩效自评表 for a
unit-wide ruleset), and a first sheet “汇总” when there are several.

Every number is a number cell with a number format (reading a cell back and taking
``Decimal(str(value))`` gives the value the JSON export prints); the subtotals, the
总分 and the 汇总 totals are formulas whose values are cached in the file, so that it
opens with numbers in Excel, WPS and LibreOffice, and adds up again after an edit (the
workbook asks to be recalculated on load). Every text is a string cell, whatever it
starts with (``=cmd|…``, ``#N/A``), its hidden characters shown as ``<U+202E>``
(:mod:`zhibiao.safe_text`). The forms show no file name: the ruleset's path is in the
JSON only. The same reports give the same bytes (:mod:`zhibiao.report.xlsx_package`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties

from zhibiao.decimal_context import own_context
from zhibiao.report.model import Report
from zhibiao.report.writer import WholeWriter
from zhibiao.report.xlsx_cells import (
    BOLD,
    CENTER,
    HEADER_FILL,
    THIN_BORDER,
    CellValue,
    Formula,
    set_cell,
)
from zhibiao.report.xlsx_form import REASON_MISSING_TEXT, TABLE_HEADER, FormSheet
from zhibiao.report.xlsx_package import FIXED_TIME, workbook_bytes
from zhibiao.report.xlsx_titles import sheet_titles

__all__ = (
    "FIXED_TIME",
    "REASON_MISSING_TEXT",
    "SUMMARY_SHEET",
    "TABLE_HEADER",
    "WRITER",
    "Formula",
    "XlsxWriter",
    "set_cell",
    "write_xlsx",
    "xlsx_bytes",
)

#: Title of the first sheet when the workbook holds several projects.
SUMMARY_SHEET = "汇总"


def _summary(sheet: Any, reports: Sequence[Report], titles: Sequence[str],
             forms: Sequence[FormSheet]) -> dict[str, Decimal]:
    """The 汇总 sheet: a line per report, its 分值 and 总分 taken from its form by
    formula; the cached values of those formulas."""
    header = ("序号", "项目名称", "主管部门", "实施单位", "年度", "分值合计", "总分", "等级",
              "工作表")
    cached: dict[str, Decimal] = {}
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column)
        set_cell(cell, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        cell.border = THIN_BORDER
    for index, (report, title, form) in enumerate(zip(reports, titles, forms, strict=True),
                                                  start=1):
        quoted = "'" + title.replace("'", "''") + "'"  # a quote in a sheet name is doubled
        values: tuple[CellValue, ...] = (
            index, report.project, report.department, report.unit, report.year,
            Formula(f"{quoted}!{form.points_cell}", form.cached[form.points_cell]),
            Formula(f"{quoted}!{form.total_cell}", form.cached[form.total_cell]),
            report.grade, title)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index + 1, column=column)
            set_cell(cell, value)
            cell.border = THIN_BORDER
            if isinstance(value, Formula) and value.value is not None:
                cached[cell.coordinate] = value.value
                cell.number_format = "0.00"
        link = sheet.cell(row=index + 1, column=len(header))
        link.hyperlink = f"#{quoted}!A1"
        link.font = Font(color="0563C1", underline="single")
    for index, width in enumerate((6, 40, 20, 20, 8, 10, 10, 8, 28), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    return cached


@own_context
def xlsx_bytes(reports: Sequence[Report]) -> bytes:
    """The workbook holding the 自评表 of every report (one sheet each, plus 汇总 if
    several), the same bytes for the same reports."""
    book = Workbook()
    book.calculation = CalcProperties(fullCalcOnLoad=True)
    first = book.active
    several = len(reports) != 1
    titles = sheet_titles([report.key for report in reports],
                          {SUMMARY_SHEET} if several else ())
    forms = []
    for report, title in zip(reports, titles, strict=True):
        form = FormSheet(book.create_sheet(title), report)
        form.write()
        forms.append(form)
    cached = {title: form.cached for title, form in zip(titles, forms, strict=True)}
    if several:
        first.title = SUMMARY_SHEET
        cached[SUMMARY_SHEET] = _summary(first, reports, titles, forms)
    else:
        book.remove(first)
    return workbook_bytes(book, cached)


def write_xlsx(reports: Sequence[Report], target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write the 自评表 of every report (see :func:`xlsx_bytes`) to ``target``: a path,
    or a binary stream such as ``io.BytesIO`` (written at its position, left open)."""
    WRITER.write(reports, target)


class XlsxWriter(WholeWriter[Report]):
    name = "xlsx"

    def whole(self, reports: list[Report], **options: Any) -> bytes:
        return xlsx_bytes(reports)


WRITER = XlsxWriter()

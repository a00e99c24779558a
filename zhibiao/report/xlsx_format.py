"""The 自评表 as an Excel workbook, laid out like a published 项目支出绩效自评表.

One worksheet per project (titled with the report key), and a first sheet “汇总” when
there are several. Each project sheet holds, from the top:

- a title row (项目名称 + “绩效自评表”);
- the metadata block (项目名称, 实施单位, 年度, 规则集);
- the 预算执行率 block: 全年预算数, 全年执行数, 执行率, 分值, 得分;
- the indicator table: 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
  偏差原因分析及改进措施 | 得分说明, with 一级/二级 cells merged like the printed tables,
  the 偏差原因 cell filled and marked “须填写” where the engine asks for a reason, and a
  小计 row after each 一级 block;
- the 总分 / 等级 row, then the notes and the problems of the actuals file.

Every number is written as a number (a ``Decimal`` or an ``int``): reading a cell back and
taking ``Decimal(str(value))`` gives the value the JSON export prints. Every text is a
string cell, whatever it starts with (``=cmd|…``, ``#N/A``), its hidden characters shown
as ``<U+202E>`` (:mod:`zhibiao.safe_text`); only a :class:`Formula` the writer builds
itself becomes a formula. The same reports give the same bytes: the document properties
and every zip entry carry one fixed time (:data:`FIXED_TIME`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from zhibiao.decimal_context import own_context
from zhibiao.engine.outcome import tidy_ratio
from zhibiao.engine.totals import BUDGET_BLOCK
from zhibiao.grammar import format_decimal
from zhibiao.report.model import Report, ReportRow
from zhibiao.report.writer import WholeWriter
from zhibiao.report.xlsx_cells import CellValue, Formula, set_cell
from zhibiao.report.xlsx_package import FIXED_TIME, workbook_bytes
from zhibiao.safe_text import visible

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
#: Header of the indicator table (columns A–I).
TABLE_HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                "偏差原因分析及改进措施", "得分说明")
#: Text written in a 偏差原因 cell the engine requires but the actuals leave empty.
REASON_MISSING_TEXT = "须填写"
#: Created/modified time of every workbook and time of every zip entry: the earliest time
#: a zip entry holds, so that the same reports always give the same bytes.

_LAST_COL = len(TABLE_HEADER)
_POINTS_COL = 6
_SCORE_COL = 7
_REASON_COL = 8
_NOTE_COL = 9
_WIDTHS = (12, 16, 30, 16, 16, 9, 9, 40, 60)

_SCORE_FORMAT = "0.00"
_RATIO_FORMAT = "0.00%"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
_SUBTOTAL_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
_MISSING_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)
_MISSING_FONT = Font(bold=True, color="9C0006")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_INVALID_TITLE_CHARS = frozenset("[]:*?/\\")
_MAX_TITLE = 31


def _sheet_titles(reports: Sequence[Report], reserved: set[str]) -> list[str]:
    """One valid, unique (case-insensitively, as Excel compares) title per report."""
    used = {name.lower() for name in reserved}
    titles: list[str] = []
    for report in reports:
        base = "".join("_" if c in _INVALID_TITLE_CHARS else c for c in visible(report.key))
        base = base.strip("'") or "项目"
        title = base[:_MAX_TITLE]
        counter = 2
        while title.lower() in used:
            suffix = f"~{counter}"
            title = base[:_MAX_TITLE - len(suffix)] + suffix
            counter += 1
        used.add(title.lower())
        titles.append(title)
    return titles


class _Sheet:
    """Writes one project's 自评表 row by row."""

    def __init__(self, sheet: Any, report: Report) -> None:
        self.ws = sheet
        self.report = report
        self.row = 1

    # ---- cell helpers ---------------------------------------------------------------
    def put(self, column: int, value: CellValue, *, bold: bool = False, center: bool = False,
            number_format: str | None = None) -> Any:
        if isinstance(value, Decimal):
            number_format = number_format or _SCORE_FORMAT
        cell = self.ws.cell(row=self.row, column=column)
        set_cell(cell, value)
        cell.border = _BORDER
        cell.alignment = _CENTER if center else _LEFT
        if bold:
            cell.font = _BOLD
        if number_format is not None:
            cell.number_format = number_format
        return cell

    def merge(self, first: int, last: int, *, rows: int = 1) -> None:
        """Merge columns ``first``–``last`` over ``rows`` rows from the current row."""
        if first == last and rows == 1:
            return
        self.ws.merge_cells(start_row=self.row, start_column=first,
                            end_row=self.row + rows - 1, end_column=last)
        for r in range(self.row, self.row + rows):
            for c in range(first, last + 1):
                self.ws.cell(row=r, column=c).border = _BORDER

    def label(self, column: int, text: str, last: int | None = None) -> None:
        cell = self.put(column, text, bold=True, center=True)
        cell.fill = _HEADER_FILL
        if last is not None:
            self.merge(column, last)

    # ---- blocks -----------------------------------------------------------------------
    def write(self) -> None:
        self.title()
        self.metadata()
        self.budget()
        self.row += 1
        self.indicators()
        self.total()
        self.remarks()
        for index, width in enumerate(_WIDTHS, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def title(self) -> None:
        cell = self.put(1, f"{self.report.project}绩效自评表", center=True)
        cell.font = _TITLE_FONT
        cell.border = Border()
        self.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=_LAST_COL)
        self.ws.row_dimensions[1].height = 28
        self.row = 2

    def metadata(self) -> None:
        r = self.report
        self.label(1, "项目名称")
        self.put(2, r.project)
        self.merge(2, 5)
        self.label(6, "实施单位", 7)
        self.put(8, r.unit)
        self.merge(8, 9)
        self.row += 1
        self.label(1, "年度")
        self.put(2, r.year, center=True)
        self.merge(2, 5)
        self.label(6, "规则集", 7)
        self.put(8, r.ruleset_path)
        self.merge(8, 9)
        self.row += 1

    def budget(self) -> None:
        b = self.report.budget
        self.label(1, "项目资金")
        for column, text in ((2, "年度资金总额（全年预算数）"), (3, "全年执行数"), (4, "执行率"),
                             (5, ""), (6, "分值"), (7, "得分"), (8, "得分说明")):
            self.label(column, text)
        self.merge(8, 9)
        self.merge(4, 5)
        self.row += 1
        self.label(1, BUDGET_BLOCK)
        self.put(2, b.budget or "", center=True)
        self.put(3, b.spent or "", center=True)
        ratio = b.outcome.ratio
        self.put(4, None if ratio is None else tidy_ratio(ratio), center=True,
                 number_format=_RATIO_FORMAT)
        self.merge(4, 5)
        self.put(6, b.points, center=True)
        self.put(7, b.outcome.score, center=True)
        self.put(8, b.outcome.explanation)
        self.merge(8, 9)
        self.row += 1

    def indicators(self) -> None:
        for column, text in enumerate(TABLE_HEADER, start=1):
            self.label(column, text)
        self.ws.freeze_panes = self.ws.cell(row=self.row + 1, column=1)
        self.row += 1
        level1_blocks = [b for b in self.report.totals.blocks
                         if b.level == 1 and b.name != BUDGET_BLOCK]
        for block in level1_blocks:
            rows = [r for r in self.report.rows if r.level1 == block.name]
            if not rows:
                continue
            start = self.row
            for row in rows:
                self.indicator(row)
            self.merge_runs(start, rows)
            self.subtotal(block.name, block.weight, block.score,
                          block.applicable_weight, block.count)

    def indicator(self, row: ReportRow) -> None:
        self.put(1, row.level1, center=True)
        self.put(2, row.level2, center=True)
        self.put(3, row.name)
        self.put(4, row.target, center=True)
        actual = self.put(5, row.actual or "", center=True)
        if row.review_required:
            actual.fill = _MISSING_FILL
            actual.comment = Comment(f"须复核：{'；'.join(row.review_reasons)}（见得分说明）",
                                     "zhibiao")
        self.put(_POINTS_COL, row.points, center=True)
        self.put(_SCORE_COL, row.score, center=True)
        if row.reason_missing:
            cell = self.put(_REASON_COL, REASON_MISSING_TEXT)
            cell.fill = _MISSING_FILL
            cell.font = _MISSING_FONT
            cell.comment = Comment(f"{row.status_text}：须填写偏差原因分析及改进措施", "zhibiao")
        else:
            self.put(_REASON_COL, row.reason or "")
        self.put(_NOTE_COL, row.outcome.explanation)
        self.row += 1

    def merge_runs(self, start: int, rows: Sequence[ReportRow]) -> None:
        """Merge the 一级 column over the block and each run of equal 二级 cells."""
        if len(rows) > 1:
            self.ws.merge_cells(start_row=start, start_column=1,
                                end_row=start + len(rows) - 1, end_column=1)
        run_start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index].level2 != rows[run_start].level2:
                if index - run_start > 1:
                    self.ws.merge_cells(start_row=start + run_start, start_column=2,
                                        end_row=start + index - 1, end_column=2)
                run_start = index

    def subtotal(self, name: str, weight: Decimal, score: Decimal,
                 applicable: Decimal, count: int) -> None:
        self.put(1, f"{name}小计", bold=True, center=True)
        self.merge(1, 5)
        self.put(_POINTS_COL, weight, bold=True, center=True)
        self.put(_SCORE_COL, score, bold=True, center=True)
        excluded = weight - applicable
        note = f"{count} 项指标"
        if excluded:
            note += (f"；不适用指标分值 {format_decimal(excluded)} 不计入，"
                     f"适用分值 {format_decimal(applicable)}")
        self.put(_REASON_COL, note)
        self.merge(_REASON_COL, _NOTE_COL)
        for column in range(1, _LAST_COL + 1):
            self.ws.cell(row=self.row, column=column).fill = _SUBTOTAL_FILL
        self.row += 1

    def total(self) -> None:
        totals = self.report.totals
        if totals.not_applicable:
            self.put(1, "各项得分合计（适用分值）", bold=True, center=True)
            self.merge(1, 5)
            self.put(_POINTS_COL, totals.applicable_weight, bold=True, center=True)
            self.put(_SCORE_COL, totals.raw_score, bold=True, center=True)
            self.put(_REASON_COL, "不适用指标的分值从满分中剔除，总分按适用分值折算为百分制")
            self.merge(_REASON_COL, _NOTE_COL)
            self.row += 1
        self.put(1, "总分", bold=True, center=True)
        self.merge(1, 5)
        self.put(_POINTS_COL, totals.total_weight, bold=True, center=True)
        cell = self.put(_SCORE_COL, totals.total, bold=True, center=True)
        cell.fill = _HEADER_FILL
        self.put(_REASON_COL, f"自评等级：{totals.grade}", bold=True)
        self.put(_NOTE_COL, totals.explanation)
        self.row += 1

    def remarks(self) -> None:
        sections = [("说明", list(self.report.notes)),
                    ("实际值文件中的问题", [str(p) for p in self.report.problems])]
        for heading, lines in sections:
            if not lines:
                continue
            self.row += 1
            heading_cell = self.ws.cell(row=self.row, column=1)
            set_cell(heading_cell, heading)
            heading_cell.font = _BOLD
            self.row += 1
            for line in lines:
                cell = self.ws.cell(row=self.row, column=1)
                set_cell(cell, f"· {line}")
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                self.ws.merge_cells(start_row=self.row, start_column=1,
                                    end_row=self.row, end_column=_LAST_COL)
                self.row += 1


def _summary(sheet: Any, reports: Sequence[Report], titles: Sequence[str]) -> None:
    header = ("序号", "项目名称", "实施单位", "年度", "分值合计", "总分", "等级", "工作表")
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column)
        set_cell(cell, text)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _CENTER
        cell.border = _BORDER
    for index, (report, title) in enumerate(zip(reports, titles, strict=True), start=1):
        values: tuple[CellValue, ...] = (
            index, report.project, report.unit, report.year, report.totals.total_weight,
            report.total, report.grade, title)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index + 1, column=column)
            set_cell(cell, value)
            cell.border = _BORDER
        for column in (5, 6):
            sheet.cell(row=index + 1, column=column).number_format = _SCORE_FORMAT
        link = sheet.cell(row=index + 1, column=8)
        quoted = title.replace("'", "''")  # a quote inside a quoted sheet name is doubled
        link.hyperlink = f"#'{quoted}'!A1"
        link.font = Font(color="0563C1", underline="single")
    for index, width in enumerate((6, 40, 24, 8, 10, 10, 8, 32), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


@own_context
def xlsx_bytes(reports: Sequence[Report]) -> bytes:
    """The workbook holding the 自评表 of every report (one sheet each, plus 汇总 if
    several), the same bytes for the same reports."""
    book = Workbook()
    first = book.active
    several = len(reports) != 1
    titles = _sheet_titles(reports, {SUMMARY_SHEET} if several else set())
    if several:
        first.title = SUMMARY_SHEET
        _summary(first, reports, titles)
    else:
        book.remove(first)
    for report, title in zip(reports, titles, strict=True):
        sheet = book.create_sheet(title)
        _Sheet(sheet, report).write()
    return workbook_bytes(book)


def write_xlsx(reports: Sequence[Report], target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write the 自评表 of every report (see :func:`xlsx_bytes`) to ``target``: a path,
    or a binary stream such as ``io.BytesIO`` (written at its position, left open)."""
    WRITER.write(reports, target)


class XlsxWriter(WholeWriter[Report]):
    name = "xlsx"

    def whole(self, reports: list[Report], **options: Any) -> bytes:
        return xlsx_bytes(reports)


WRITER = XlsxWriter()

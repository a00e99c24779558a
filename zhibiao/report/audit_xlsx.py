"""``zhibiao audit -f xlsx``: a workbook for the reviewer — 汇总 (a line per table:
来源, 工作表, 项目, 行数, 不一致, 问题, 表中总分, 重算总分, 结论), 逐行核对 (every row of
every table with its cell, the published texts, the recomputed score, the range a
qualitative tier allows, the verdict and the explanation; 不一致 rows in red) and 问题
(every problem with its cell). Published texts stay text cells, scores are numbers,
nothing is a formula (:func:`zhibiao.report.xlsx_cells.set_cell`); the same audit gives
the same bytes (:mod:`zhibiao.report.xlsx_package`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from zhibiao.audit.model import DOCUMENT_VERDICTS, VERDICTS, AuditDocument
from zhibiao.report.writer import WholeWriter
from zhibiao.report.xlsx_cells import BOLD, HEADER_FILL, CellValue, set_cell
from zhibiao.report.xlsx_package import workbook_bytes

__all__ = ("WRITER", "AuditXlsxWriter", "audit_workbook")

_RED = Font(color="C00000")
_SUMMARY = ("来源", "工作表", "项目", "行数", "不一致", "问题", "表中总分", "重算总分", "结论")
_ROWS = ("来源", "工作表", "项目", "单元格", "一级指标", "二级指标", "三级指标", "年度指标值",
         "实际完成值", "分值", "表中得分", "重算得分", "得分区间", "结论", "说明")
_PROBLEMS = ("来源", "工作表", "单元格", "级别", "代码", "说明")


def _sheet(book: Any, title: str, headers: Sequence[str],
           lines: Sequence[tuple[Sequence[CellValue], bool]], widths: Sequence[int]) -> None:
    sheet = book.create_sheet(title)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        set_cell(cell, header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
    for number, (values, red) in enumerate(lines, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            set_cell(cell, value)
            if red:
                cell.font = _RED
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def audit_workbook(documents: Sequence[AuditDocument]) -> Workbook:
    """The three sheets of the audit of ``documents``."""
    book = Workbook()
    book.remove(book.active)
    summary = [((d.source, d.sheet, d.project, len(d.all_rows), d.differs, len(d.problems),
                 d.total.published, d.total.recomputed, DOCUMENT_VERDICTS[d.verdict]),
                d.verdict == "differs") for d in documents]
    _sheet(book, "汇总", _SUMMARY, summary, (28, 12, 36, 8, 8, 8, 10, 10, 14))
    rows = [((d.source, d.sheet, d.project, r.cell, r.level1, r.level2, r.indicator, r.target,
              r.actual, r.points, r.published_score, r.score,
              None if r.score_range is None else f"{r.score_range[0]}–{r.score_range[1]}",
              VERDICTS[r.verdict], r.explanation), r.verdict == "differs")
            for d in documents for r in d.all_rows]
    _sheet(book, "逐行核对", _ROWS, rows,
           (20, 10, 24, 14, 10, 12, 24, 14, 14, 6, 8, 8, 12, 10, 60))
    problems = [((d.source, d.sheet, p.cell, "错误" if p.severity == "error" else "警告",
                  p.code, p.message), p.severity == "error")
                for d in documents for p in d.problems]
    _sheet(book, "问题", _PROBLEMS, problems, (20, 10, 16, 6, 18, 80))
    return book


class AuditXlsxWriter(WholeWriter[AuditDocument]):
    """The workbook of every audited table."""

    name = "xlsx"

    def whole(self, reports: list[AuditDocument], **options: Any) -> bytes:
        return workbook_bytes(audit_workbook(reports))


WRITER = AuditXlsxWriter()

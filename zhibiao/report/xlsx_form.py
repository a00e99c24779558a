"""One report as the official form on one worksheet: the 项目支出绩效自评表 of
财预〔2020〕10号, or the 部门整体支出绩效自评表 for a unit-wide ruleset.

Nine columns, A–I (A holds the block labels, merged down their block)::

    项目支出绩效自评表 / （YYYY年度）                      (A–I merged)
    项目名称 (A–B)      | the name (C–I)
    主管部门 (A–B)      | (C–E) | 实施单位 (F) | (G–I)
    项目资金（万元）    | (B–C) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
                        | 年度资金总额; 其中：当年财政拨款; 上年结转资金; 其他资金
    年度总体目标        | 预期目标 (B–E) | 实际完成情况 (F–I), then the two texts
    绩效指标            | 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…
                        | a row per 三级指标, a 小计 row after each 一级 block
    总分 (A–F)                                 | 分值 | 得分 | 自评等级

then 得分说明 (the engine's explanation of every score), 说明 and the problems of the
actuals file. 一级/二级 cells are merged over their block; subtotals, the 适用分值 line and
总分 are ``SUM`` formulas (:class:`~zhibiao.report.xlsx_cells.Formula`) whose values
are cached in the file. The unit-wide form is titled 部门整体支出绩效自评表, names
部门（单位）名称 and 年度预算（万元）, and lists the ruleset's sources by their own names.
Row heights follow the wrapped text (estimated: openpyxl measures nothing), so that a
printed page shows every line.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.utils import get_column_letter

from zhibiao.engine.outcome import tidy_ratio
from zhibiao.engine.totals import BUDGET_BLOCK
from zhibiao.grammar import format_decimal
from zhibiao.report.model import Report, ReportRow
from zhibiao.report.xlsx_cells import (
    CENTER,
    HEADER_FILL,
    THIN_BORDER,
    CellValue,
    Formula,
    set_cell,
)

__all__ = ("COLUMN_WIDTHS", "REASON_MISSING_TEXT", "TABLE_HEADER", "FormSheet")

#: Header of the indicator table (columns B–I; A holds the label 绩效指标).
TABLE_HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                "偏差原因分析及改进措施")
#: Text written in a 偏差原因 cell the engine requires but the actuals leave empty.
REASON_MISSING_TEXT = "须填写"
#: Widths of columns A–I (in characters of the default font).
COLUMN_WIDTHS = (7, 10, 11, 24, 14, 14, 8, 8, 30)

_A, _B, _C, _D, _E, _F, _G, _H, _I = range(1, 10)
_LAST = _I
_SCORE_FORMAT = "0.00"
_RATIO_FORMAT = "0.00%"
_AMOUNT_FORMAT = "#,##0.00##"
_FONT_NAME = "宋体"
_BODY = Font(name=_FONT_NAME, size=10)
_BOLD = Font(name=_FONT_NAME, size=10, bold=True)
_TITLE_FONT = Font(name=_FONT_NAME, size=16, bold=True)
_MISSING_FONT = Font(name=_FONT_NAME, size=10, bold=True, color="9C0006")
_MISSING_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_LINE_HEIGHT = 13.5  # points per line of 10-point text
_MIN_HEIGHT = 18.0


def _text_width(text: str) -> float:
    """Width of ``text`` in units of a column width (measured on LibreOffice's print
    with a CJK font: a CJK character takes about 1.5, others about 0.9)."""
    return sum(1.5 if unicodedata.east_asian_width(c) in "WF" else 0.9 for c in text)


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` characters wide."""
    room = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(_text_width(part) / room)) for part in text.split("\n"))


def _round(value: Decimal, digits: int) -> Decimal:
    """What a spreadsheet's ``ROUND(value, digits)`` gives (half away from zero)."""
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


class FormSheet:
    """Writes one report's form on ``sheet``; :attr:`cached` holds the value of every
    formula cell and :attr:`total_cell` / :attr:`points_cell` where 总分 is."""

    def __init__(self, sheet: Any, report: Report) -> None:
        self.ws = sheet
        self.report = report
        self.row = 1
        self.cached: dict[str, Decimal] = {}
        self.total_cell = ""
        self.points_cell = ""
        self._heights: dict[int, float] = {}
        self.unit_wide = report.kind == "unit"

    # ---- cells ----------------------------------------------------------------------
    def put(self, column: int, value: CellValue, *, last: int | None = None, rows: int = 1,
            bold: bool = False, center: bool = False, header: bool = False,
            number_format: str | None = None, border: bool = True) -> Any:
        """Fill the cell at (current row, ``column``), merged to column ``last`` and over
        ``rows`` rows, bordered; note the height its text needs."""
        last = last or column
        cell = self.ws.cell(row=self.row, column=column)
        set_cell(cell, value)
        if isinstance(value, Formula) and value.value is not None:
            self.cached[cell.coordinate] = value.value
        if isinstance(value, (Decimal, Formula)):
            number_format = number_format or _SCORE_FORMAT
        if last > column or rows > 1:
            self.ws.merge_cells(start_row=self.row, start_column=column,
                                end_row=self.row + rows - 1, end_column=last)
        for r in range(self.row, self.row + rows):
            for c in range(column, last + 1):
                self.ws.cell(row=r, column=c).border = THIN_BORDER if border else Border()
        cell.alignment = CENTER if center or header else _LEFT
        cell.font = _BOLD if bold or header else _BODY
        if header:
            cell.fill = HEADER_FILL
        if number_format is not None:
            cell.number_format = number_format
        if isinstance(value, str) and value:
            width = sum(COLUMN_WIDTHS[c - 1] for c in range(column, last + 1))
            needed = _lines(value, width) * _LINE_HEIGHT + 4
            per_row = needed / rows
            for r in range(self.row, self.row + rows):
                self._heights[r] = max(self._heights.get(r, _MIN_HEIGHT), per_row)
        return cell

    def _ref(self, column: int, row: int | None = None) -> str:
        return f"{get_column_letter(column)}{row or self.row}"

    # ---- the form ---------------------------------------------------------------------
    def write(self) -> None:
        self.title()
        self.header()
        budget_score = self.funds()
        self.goals()
        self.indicators(budget_score)
        self.explanations()
        for index, width in enumerate(COLUMN_WIDTHS, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        for row, height in self._heights.items():
            self.ws.row_dimensions[row].height = round(height, 1)
        self.print_setup()

    def title(self) -> None:
        name = "部门整体支出绩效自评表" if self.unit_wide else "项目支出绩效自评表"
        cell = self.ws.cell(row=1, column=_A)
        set_cell(cell, name)
        cell.font = _TITLE_FONT
        cell.alignment = CENTER
        self.ws.merge_cells(start_row=1, start_column=_A, end_row=1, end_column=_LAST)
        self.ws.row_dimensions[1].height = 30
        year = self.report.year
        cell = self.ws.cell(row=2, column=_A)
        set_cell(cell, f"（{year}年度）" if year else "（    年度）")
        cell.font = _BODY
        cell.alignment = CENTER
        self.ws.merge_cells(start_row=2, start_column=_A, end_row=2, end_column=_LAST)
        self.row = 3

    def header(self) -> None:
        r = self.report
        self.put(_A, "部门（单位）名称" if self.unit_wide else "项目名称", last=_B, header=True)
        self.put(_C, r.project, last=_LAST)
        self.row += 1
        self.put(_A, "主管部门", last=_B, header=True)
        self.put(_C, r.department, last=_E)
        self.put(_F, "单位名称" if self.unit_wide else "实施单位", header=True)
        self.put(_G, r.unit, last=_LAST)
        self.row += 1

    def funds(self) -> str:
        """The 资金 block; the cell of the 预算执行率 得分."""
        r, b = self.report, self.report.budget
        lines = r.funds or ()
        count = 1 + max(len(lines), 1)
        label = "年度预算（万元）" if self.unit_wide else "项目资金（万元）"
        self.put(_A, label, rows=count, header=True)
        self.put(_B, "", last=_C, header=True)
        for column, text in ((_D, "年初预算数"), (_E, "全年预算数"), (_F, "全年执行数"),
                             (_G, "分值"), (_H, "执行率"), (_I, "得分")):
            self.put(column, text, header=True)
        self.row += 1
        score_cell = self._ref(_I)
        total = lines[0] if lines else None
        self.put(_B, total.name if total else "年度资金总额", last=_C, center=True)
        for column, amount in ((_D, total.initial if total else None),
                               (_E, total.annual if total else None),
                               (_F, total.spent if total else None)):
            self.put(column, amount, center=True, number_format=_AMOUNT_FORMAT)
        self.put(_G, b.points, center=True)
        ratio = b.outcome.ratio
        self.put(_H, None if ratio is None else tidy_ratio(ratio), center=True,
                 number_format=_RATIO_FORMAT)
        self.put(_I, b.outcome.score, center=True)
        self.row += 1
        for line in lines[1:]:
            self.put(_B, line.name, last=_C, center=True)
            for column, amount in ((_D, line.initial), (_E, line.annual), (_F, line.spent)):
                self.put(column, amount, center=True, number_format=_AMOUNT_FORMAT)
            for column in (_G, _H, _I):
                self.put(column, "—", center=True)
            self.row += 1
        return score_cell

    def goals(self) -> None:
        r = self.report
        self.put(_A, "年度总体目标", rows=2, header=True)
        self.put(_B, "预期目标", last=_E, header=True)
        self.put(_F, "实际完成情况", last=_LAST, header=True)
        self.row += 1
        self.put(_B, r.goal or "", last=_E)
        self.put(_F, r.goal_actual or "", last=_LAST)
        self.row += 1

    def indicators(self, budget_score: str) -> None:
        report = self.report
        blocks = [b for b in report.totals.blocks if b.level == 1 and b.name != BUDGET_BLOCK]
        groups = [(block, [r for r in report.rows if r.level1 == block.name])
                  for block in blocks]
        groups = [(block, rows) for block, rows in groups if rows]
        body = sum(len(rows) + 1 for _, rows in groups)
        self.put(_A, "绩效指标", rows=1 + body, header=True)
        for column, text in enumerate(TABLE_HEADER, start=_B):
            self.put(column, text, header=True)
        self.ws.print_title_rows = f"{self.row}:{self.row}"
        self.row += 1
        subtotals: list[tuple[str, str]] = []
        points: list[tuple[str, Decimal, bool]] = []  # (cell, points, applicable)
        for _, rows in groups:
            start = self.row
            for row in rows:
                points.append((self._ref(_G), row.points, row.status != "not_applicable"))
                self.indicator(row)
            self.merge_runs(start, rows)
            subtotals.append(self.subtotal(rows, start))
        self.total(subtotals, points, budget_score)

    def indicator(self, row: ReportRow) -> None:
        self.put(_B, row.level1, center=True)
        self.put(_C, row.level2, center=True)
        self.put(_D, row.name)
        self.put(_E, row.form_target, center=True)
        actual = self.put(_F, row.actual or "", center=True)
        if row.review_required:
            actual.fill = _MISSING_FILL
            actual.comment = Comment(f"须复核：{'；'.join(row.review_reasons)}（见得分说明）",
                                     "zhibiao")
        self.put(_G, row.points, center=True)
        self.put(_H, row.score, center=True)
        if row.reason_missing:
            cell = self.put(_I, REASON_MISSING_TEXT)
            cell.fill = _MISSING_FILL
            cell.font = _MISSING_FONT
            cell.comment = Comment(f"{row.status_text}：须填写偏差原因分析及改进措施", "zhibiao")
        else:
            self.put(_I, row.reason or "")
        self.row += 1

    def merge_runs(self, start: int, rows: Sequence[ReportRow]) -> None:
        """Merge the 一级 column over the block and each run of equal 二级 cells."""
        if len(rows) > 1:
            self.ws.merge_cells(start_row=start, start_column=_B,
                                end_row=start + len(rows) - 1, end_column=_B)
        run_start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index].level2 != rows[run_start].level2:
                if index - run_start > 1:
                    self.ws.merge_cells(start_row=start + run_start, start_column=_C,
                                        end_row=start + index - 1, end_column=_C)
                run_start = index

    def subtotal(self, rows: Sequence[ReportRow], start: int) -> tuple[str, str]:
        """The 小计 row of a 一级 block; the cells of its points and score."""
        end = self.row - 1
        points = sum((r.points for r in rows), Decimal(0))
        score = sum((r.score for r in rows), Decimal(0))
        self.put(_B, f"{rows[0].level1}小计", last=_F, bold=True, center=True)
        self.put(_G, Formula(f"SUM(G{start}:G{end})", points), bold=True, center=True)
        self.put(_H, Formula(f"SUM(H{start}:H{end})", score), bold=True, center=True)
        applicable = sum((r.points for r in rows if r.status != "not_applicable"), Decimal(0))
        note = f"{len(rows)} 项指标"
        if applicable != points:
            note += (f"；不适用指标分值 {format_decimal(points - applicable)} 不计入，"
                     f"适用分值 {format_decimal(applicable)}")
        self.put(_I, note)
        cells = (self._ref(_G), self._ref(_H))
        self.row += 1
        return cells

    def total(self, subtotals: Sequence[tuple[str, str]],
              points: Sequence[tuple[str, Decimal, bool]], budget_score: str) -> None:
        budget = self.report.budget
        budget_points = self._ref(_G, int(budget_score[1:]))
        all_points = ",".join([*(p for p, _ in subtotals), budget_points])
        all_scores = ",".join([*(s for _, s in subtotals), budget_score])
        weight = sum((p for _, p, _ in points), budget.points)
        raw = sum((r.score for r in self.report.rows), budget.outcome.score)
        applicable = sum((p for _, p, ok in points if ok), budget.points)
        totals = self.report.totals
        score: Formula
        if totals.not_applicable:
            self.put(_A, "各项得分合计（适用分值）", last=_F, bold=True, center=True)
            cells = ",".join([*(cell for cell, _, ok in points if ok), budget_points])
            app_cell, raw_cell = self._ref(_G), self._ref(_H)
            self.put(_G, Formula(f"SUM({cells})", applicable), bold=True, center=True)
            self.put(_H, Formula(f"SUM({all_scores})", raw), bold=True, center=True)
            self.put(_I, "不适用指标的分值从满分中剔除，总分按适用分值折算为百分制")
            self.row += 1
            digits = max(0, -int(totals.total.as_tuple().exponent))
            if applicable:
                value = _round(raw / applicable * 100, digits)
                score = Formula(f"ROUND({raw_cell}/{app_cell}*100,{digits})", value)
            else:
                score = Formula("0", Decimal(0))
        else:
            score = Formula(f"SUM({all_scores})", raw)
        self.put(_A, "总分", last=_F, bold=True, center=True)
        self.points_cell, self.total_cell = self._ref(_G), self._ref(_H)
        self.put(_G, Formula(f"SUM({all_points})", weight), bold=True, center=True)
        cell = self.put(_H, score, bold=True, center=True)
        cell.fill = HEADER_FILL
        self.put(_I, f"自评等级：{totals.grade}", bold=True)
        self.row += 1

    def explanations(self) -> None:
        """得分说明, then 说明 and the problems of the actuals file, one line each."""
        r = self.report
        sections = [
            ("得分说明", [f"{row.id} {row.name}：{row.outcome.explanation}" for row in r.rows]
             + [f"{BUDGET_BLOCK}：{r.budget.outcome.explanation}",
                f"总分：{r.totals.explanation}"]),
            ("说明", list(r.notes)),
            ("实际值文件中的问题", [str(p) for p in r.problems]),
        ]
        for heading, lines in sections:
            if not lines:
                continue
            self.row += 1
            self.put(_A, heading, last=_LAST, bold=True, border=False)
            self.row += 1
            for line in lines:
                self.put(_A, line, last=_LAST)
                self.row += 1

    def print_setup(self) -> None:
        """A4 landscape, one page wide, the indicator header repeated on every page."""
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.page_margins.header = ws.page_margins.footer = 0.3
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.print_area = f"A1:{get_column_letter(_LAST)}{self.row - 1}"

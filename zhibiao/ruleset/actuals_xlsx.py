"""Reading an actuals workbook (.xlsx): checked before it is opened, read as shown.

- It is opened through :mod:`zhibiao.ruleset.workbook`: the zip's central directory is
  checked first (a zip bomb fails at once with the limit it broke), entity and DTD
  declarations are refused, and a damaged file is an ``ActualsError`` in Chinese.
- The first worksheet with a header (see :mod:`zhibiao.ruleset.actuals_header`) is
  read; any other sheet with content gets a problem naming it: an error when it also
  has an actuals header (its rows are not scored), a warning otherwise.
- Merged cells are filled from their top-left cell (a warning when an indicator,
  actual, reason or budget cell was filled that way).
- Formulas are never evaluated: the value Excel cached is read. A formula without a
  cached value (written by a tool other than Excel) is reported with its cell: an
  error in the indicator, actual or budget column (the row would score on a blank),
  a warning elsewhere.
- Dates become ``2023-12-15`` text (also under the built-in Chinese date formats such
  as ``yyyy"年"m"月"d"日"``, which openpyxl does not know), percent-formatted numbers
  ``93%``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from zhibiao.errors import ActualsError
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals_header import HEADER_SEARCH_ROWS, header_of
from zhibiao.ruleset.actuals_table import RawRow, cell_text, column_letter
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.workbook import BROKEN_WORKBOOK, broken_workbook, open_workbook, scan_sheet

__all__ = ("read_sheets",)

#: Built-in number formats that Excel's East Asian locales show as dates or times
#: (ECMA-376 Part 1, 18.8.30: 27–36 and 50–58, e.g. 31 is ``yyyy"年"m"月"d"日"``);
#: openpyxl knows them only as "General" and would hand over the serial number.
_EAST_ASIAN_DATE_FORMATS = frozenset((*range(27, 37), *range(50, 59)))


def _formula_cells(path: Path | BinaryIO, sheets: list[str], source: str, limits: Limits,
                   ) -> dict[str, set[str]]:
    """Coordinates of the formula cells of the given sheets."""
    book = open_workbook(path, source, limits, data_only=False)
    try:
        found: dict[str, set[str]] = {}
        for title in sheets:
            sheet = book[title]
            sheet.reset_dimensions()
            found[title] = {f"{column_letter(index)}{line}"
                            for line, row in enumerate(sheet.iter_rows(), start=1)
                            for index, cell in enumerate(row)
                            if getattr(cell, "data_type", None) == "f"}
        return found
    finally:
        book.close()


def _value(cell: Any, epoch: dt.datetime) -> Any:
    """A workbook cell as the person typing it saw it: 0.93 formatted ``0%`` is ``93%``;
    a date serial under a Chinese built-in date format is the date."""
    value = getattr(cell, "value", None)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return value
    style = getattr(cell, "style_array", None)
    if style is not None and style.numFmtId in _EAST_ASIAN_DATE_FORMATS:
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value, epoch)
        except (OverflowError, ValueError):
            return value
    number_format = getattr(cell, "number_format", "") or ""
    if "%" in number_format:
        percent = Decimal(repr(value)) * 100
        return format(percent.normalize(), "f") + "%"
    return value


def _fill_merged(rows: list[RawRow], merged: list[str], source: str) -> None:
    """Give every cell of a merged range the top-left cell's value (within the data).

    Ranges are clipped to the rows and columns that hold data; valid ranges never
    overlap, so together they cover at most every cell once — more means a crafted file.
    """
    from openpyxl.utils.cell import range_boundaries

    width = max((len(r.cells) for r in rows), default=0)
    budget = len(rows) * width
    for coord in merged:
        min_col, min_row, max_col, max_row = (b or 1 for b in range_boundaries(coord))
        if min_row > len(rows) or min_col > width:
            continue
        last_row, last_col = min(max_row, len(rows)), min(max_col, width)
        budget -= (last_row - min_row + 1) * (last_col - min_col + 1)
        if budget < 0:
            raise ActualsError(source, "合并单元格互相重叠，工作簿已损坏；"
                                       "请用 Excel/WPS 打开后另存")
        top = rows[min_row - 1].cells
        value = top[min_col - 1] if min_col <= len(top) else None
        for line in range(min_row, last_row + 1):
            cells = rows[line - 1].cells
            for column in range(min_col, last_col + 1):
                if (line, column) == (min_row, min_col):
                    continue
                cells.extend([None] * (column - len(cells)))
                cells[column - 1] = value
                if max_row > min_row and cell_text(value) is not None:
                    rows[line - 1].merged[column - 1] = coord


def _sheet_rows(sheet: Any, source: str, limits: Limits, merged: list[str],
                formulas: set[str]) -> list[RawRow]:
    sheet.reset_dimensions()  # a wrong <dimension> must not cut cells off
    epoch = getattr(sheet.parent, "epoch", None) or dt.datetime(1899, 12, 30)
    rows: list[RawRow] = []
    for line, cells in enumerate(sheet.iter_rows(), start=1):
        if line > limits.max_rows:
            raise ActualsError(source, f"工作表 “{sheet.title}” 超过行数上限 {limits.max_rows}"
                                       "（设置 max_rows）；请拆分文件，或调高上限")
        raw = RawRow(line=line, cells=[_value(cell, epoch) for cell in cells],
                     sheet=sheet.title)
        rows.append(raw)
        if formulas:
            raw.formulas = [i for i, value in enumerate(raw.cells)
                            if value is None and f"{column_letter(i)}{line}" in formulas]
    _fill_merged(rows, merged, source)
    return rows


def _has_header(rows: list[RawRow]) -> RawRow | None:
    return next((r for r in rows[:HEADER_SEARCH_ROWS] if header_of(r.cells).complete), None)


def read_sheets(path: Path | BinaryIO, source: str, limits: Limits,
                ) -> tuple[list[RawRow], list[Problem]]:
    """The rows of the sheet to read, and the problems of the sheets not read."""
    book = open_workbook(path, source, limits, data_only=True)
    title: str | None = None
    try:
        with zipfile.ZipFile(path) as archive:
            scans = {sheet.title: scan_sheet(archive, sheet._worksheet_path)
                     for sheet in book.worksheets}
        with_formulas = [title for title, scan in scans.items() if scan.formulas]
        formulas = _formula_cells(path, with_formulas, source, limits) if with_formulas \
            else {}
        sheets = []
        for sheet in book.worksheets:
            title = sheet.title
            sheets.append((title, _sheet_rows(sheet, source, limits, scans[title].merged,
                                              formulas.get(title, set()))))
    except ActualsError:  # a limit reached, said by the reader itself
        raise
    except BROKEN_WORKBOOK as exc:  # a part cut short or garbled: said, not raised on
        raise broken_workbook(source, exc, title) from exc
    finally:
        book.close()
    if not sheets:
        raise ActualsError(source, "xlsx 中没有工作表；请用 Excel/WPS 打开后另存为 .xlsx 再试")
    chosen = next((i for i, (_, rows) in enumerate(sheets) if _has_header(rows)), 0)
    problems: list[Problem] = []
    for index, (title, rows) in enumerate(sheets):
        content = [r for r in rows if not r.blank]
        if index == chosen or not content:
            continue
        header = _has_header(rows)
        if header is not None:
            data = [r for r in content if r.line > header.line]
            problems.append(Problem(
                severity="error", code="other_sheet", file=source, line=header.line,
                cell=f"{title}!A{header.line}",
                message=f"工作表 “{title}” 也有实际值表头（第 {header.line} 行）和 {len(data)} 行"
                        f"数据（第 {data[0].line if data else header.line} 行起），未读取："
                        f"只读取工作表 “{sheets[chosen][0]}”；请把实际值放在同一个工作表，"
                        "或另存为单独的文件"))
        else:
            problems.append(Problem(
                severity="warning", code="other_sheet", file=source, line=content[0].line,
                cell=f"{title}!A{content[0].line}",
                message=f"工作表 “{title}” 有 {len(content)} 行内容（没有实际值表头），未读取；"
                        f"只读取工作表 “{sheets[chosen][0]}”"))
    return sheets[chosen][1], problems

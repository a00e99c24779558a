"""Reading an actuals workbook (.xlsx): checked before it is opened, read as shown.

- The zip's central directory is checked first — total unpacked size, number of
  entries, compression ratio — so a zip bomb fails at once with the limit it broke.
- The first worksheet with a header (see :mod:`zhibiao.ruleset.actuals_header`) is
  read; any other sheet with content gets a problem naming it: an error when it also
  has an actuals header (its rows are not scored), a warning otherwise.
- Merged cells are filled from their top-left cell (a warning when an indicator,
  actual, reason or budget cell was filled that way).
- Formulas are never evaluated: the value Excel cached is read. A formula without a
  cached value (written by a tool other than Excel) is reported with its cell: an
  error in the indicator, actual or budget column (the row would score on a blank),
  a warning elsewhere.
- Dates become ``2023-12-15`` text, percent-formatted numbers ``93%``.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from zhibiao.errors import ActualsError
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals_header import HEADER_SEARCH_ROWS, header_of
from zhibiao.ruleset.actuals_table import RawRow, cell_text, column_letter
from zhibiao.ruleset.problems import Problem

__all__ = ("check_zip", "read_sheets")

_MIB = 1024 * 1024
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def check_zip(path: Path, source: str, limits: Limits) -> None:
    """Refuse a workbook whose zip directory promises more than the limits allow."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ActualsError(source, "不是有效的 xlsx 文件（无法按 zip 读取）；"
                                   "请用 Excel/WPS 另存为 .xlsx") from exc
    if len(entries) > limits.max_xlsx_entries:
        raise ActualsError(source, f"xlsx 含 {len(entries)} 个部件，超过上限 "
                                   f"{limits.max_xlsx_entries}（设置 max_xlsx_entries）")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_xlsx_unpacked_bytes:
        raise ActualsError(source, f"xlsx 解压后有 {unpacked:,} 字节，超过上限 "
                                   f"{limits.max_xlsx_unpacked_bytes:,}"
                                   "（设置 max_xlsx_unpacked_bytes）；疑似 zip 炸弹，未打开")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _MIB and ratio > limits.max_xlsx_ratio:
            raise ActualsError(source, f"xlsx 部件 {entry.filename} 的压缩比为 {ratio:,.0f}:1，"
                                       f"超过上限 {limits.max_xlsx_ratio}:1"
                                       "（设置 max_xlsx_ratio）；疑似 zip 炸弹，未打开")


def _formula_cells(path: Path, sheets: list[str]) -> dict[str, set[str]]:
    """Coordinates of the formula cells of each sheet (only when the workbook has any)."""
    with zipfile.ZipFile(path) as archive:
        if not any(_FORMULA.search(archive.read(name)) for name in archive.namelist()
                   if name.startswith("xl/worksheets/") and name.endswith(".xml")):
            return {}
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        found: dict[str, set[str]] = {}
        for title in sheets:
            sheet = book[title]
            found[title] = {f"{column_letter(cell.column - 1)}{cell.row}"
                            for row in sheet.iter_rows() for cell in row
                            if getattr(cell, "data_type", None) == "f"}
        return found
    finally:
        book.close()


def _value(cell: Any) -> Any:
    """A workbook cell as the person typing it saw it: 0.93 formatted ``0%`` is ``93%``."""
    value = getattr(cell, "value", None)
    number_format = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in number_format:
        percent = Decimal(repr(value)) * 100
        return format(percent.normalize(), "f") + "%"
    return value


def _sheet_rows(sheet: Any, source: str, limits: Limits, formulas: set[str]) -> list[RawRow]:
    if sheet.max_row > limits.max_rows:
        raise ActualsError(source, f"工作表 “{sheet.title}” 有 {sheet.max_row} 行，超过行数上限 "
                                   f"{limits.max_rows}（设置 max_rows）")
    filled: dict[tuple[int, int], tuple[Any, str]] = {}
    for merged in sheet.merged_cells.ranges:
        top_left = _value(sheet.cell(merged.min_row, merged.min_col))
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    filled[row, column] = (top_left, merged.coord)
    rows: list[RawRow] = []
    for cells in sheet.iter_rows():
        if not cells:
            continue
        line = cells[0].row
        raw = RawRow(line=line, cells=[], sheet=sheet.title)
        for index, cell in enumerate(cells):
            value = _value(cell)
            spot = (line, index + 1)
            if spot in filled:
                value, coord = filled[spot]
                if cell_text(value) is not None and merged_vertically(coord):
                    raw.merged[index] = coord
            elif value is None and f"{column_letter(index)}{line}" in formulas:
                raw.formulas.append(index)
            raw.cells.append(value)
        rows.append(raw)
    return rows


def merged_vertically(coord: str) -> bool:
    """Whether a range such as ``B5:B6`` spans more than one row."""
    first, _, last = coord.partition(":")
    return bool(last) and first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != \
        last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _has_header(rows: list[RawRow]) -> RawRow | None:
    return next((r for r in rows[:HEADER_SEARCH_ROWS] if header_of(r.cells).complete), None)


def read_sheets(path: Path, source: str, limits: Limits,
                ) -> tuple[list[RawRow], list[Problem]]:
    """The rows of the sheet to read, and the problems of the sheets not read."""
    check_zip(path, source, limits)
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    try:
        titles = [sheet.title for sheet in book.worksheets]
        formulas = _formula_cells(path, titles)
        sheets = [(sheet.title, _sheet_rows(sheet, source, limits, formulas.get(sheet.title,
                                                                                set())))
                  for sheet in book.worksheets]
    finally:
        book.close()
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

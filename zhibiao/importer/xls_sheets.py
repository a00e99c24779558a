"""Excel 97-2003 workbooks (``.xls``): what many units still file, read with ``xlrd``.

``xlrd`` (the ``xls`` extra) reads the binary format in pure Python: cell values, their
number formats (``0%`` shows 0.98 as ``98%``, a date format a serial as a date), merged
ranges, and the values Excel saved for formulas — a formula is never computed. A file
that is not a readable ``.xls`` is an :class:`~zhibiao.errors.ActualsError` in Chinese.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

from zhibiao.errors import ActualsError
from zhibiao.ruleset.actuals_table import column_letter

__all__ = ("XlsCell", "XlsSheet", "xls_sheets")

_FIX = "请用 Excel/WPS 打开后另存为 .xlsx 再试"


@dataclass(frozen=True)
class XlsCell:
    """One non-empty cell: its value (str, number, bool or datetime) and number format."""

    row: int
    col: int
    value: Any
    number_format: str


@dataclass(frozen=True)
class XlsSheet:
    """A worksheet: its name, its non-empty cells in row order, its merged ranges
    (``A1:C3``)."""

    title: str
    cells: list[XlsCell]
    merged: list[str]


def xls_sheets(raw: bytes, source: str, max_rows: int) -> list[XlsSheet]:
    """The sheets of an ``.xls`` file, rows beyond ``max_rows`` left out."""
    try:
        import xlrd
    except ImportError:
        raise ActualsError(source, "读取 .xls 需要 xlrd：pip install 'zhibiao[xls]'；"
                                   "或用 Excel/WPS 另存为 .xlsx") from None
    try:
        book = xlrd.open_workbook(file_contents=raw, formatting_info=True, on_demand=True,
                                  logfile=_Quiet())
        try:
            return [_sheet(book, book.sheet_by_index(i), max_rows)
                    for i in range(book.nsheets)]
        finally:
            book.release_resources()
    except ActualsError:
        raise
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, struct.error, ValueError, KeyError,
            IndexError, TypeError, AttributeError, OverflowError, AssertionError,
            UnicodeError, EOFError, MemoryError) as exc:
        raise ActualsError(source, f"无法读取 .xls：文件已损坏或不是 Excel 97-2003 格式"
                                   f"（{type(exc).__name__}: {str(exc)[:80]}）；{_FIX}") from exc


def _sheet(book: Any, sheet: Any, max_rows: int) -> XlsSheet:
    import xlrd

    cells: list[XlsCell] = []
    for r in range(min(sheet.nrows, max_rows + 1)):  # one more: the caller says it stopped
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            value: Any = cell.value
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(value, "#ERROR")
            cells.append(XlsCell(r, c, value, _format(book, cell.xf_index)))
    merged = [f"{column_letter(c0)}{r0 + 1}:{column_letter(c1 - 1)}{r1}"
              for r0, r1, c0, c1 in sheet.merged_cells if r1 > r0 and c1 > c0]
    return XlsSheet(str(sheet.name), cells, merged)


def _format(book: Any, xf_index: int | None) -> str:
    if xf_index is None or xf_index >= len(book.xf_list):
        return "General"
    found = book.format_map.get(book.xf_list[xf_index].format_key)
    return str(found.format_str) if found is not None else "General"


class _Quiet:
    """xlrd writes its warnings to a log file (stdout by default): kept out of sight."""

    def write(self, text: str) -> int:
        return len(text)


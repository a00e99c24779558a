"""Reading a file into grids: ``.xlsx`` (every sheet), ``.csv``, tab-separated text and
web pages (every ``<table>``, :mod:`zhibiao.importer.html_tables`).

- A workbook comes in by :mod:`zhibiao.ruleset.workbook` (its zip checked before it is
  opened: size, entries, compression ratio; entity declarations refused; a damaged file
  said in Chinese) and is read in openpyxl's read-only mode. Formulas are
  never evaluated: a formula cell reads as the value Excel/WPS saved with it (what the
  table showed); one without a saved value reads as its text (``=SUM(F8:F16)``), flagged.
  Merged ranges are read from the sheet's XML and filled from their top-left cell.
- A CSV is decoded like an actuals CSV (UTF-8 with or without BOM, UTF-16, GBK) and split
  with its delimiter (``,``, tab or ``;``); a ``.txt``/``.tsv`` file is tab-separated text
  as PDF extraction gives it, whose columns drift from line to line.
- Limits (:class:`zhibiao.limits.Limits`): the file size (``max_actuals_bytes``), rows per
  sheet (``max_rows``) and characters per cell (``max_cell_chars``). A longer cell is cut
  and reported; a sheet with more rows stops at the limit, reported.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from zhibiao.errors import ActualsError
from zhibiao.importer.grid import Grid
from zhibiao.importer.html_tables import HtmlCell, decode_html, html_tables, looks_like_html
from zhibiao.importer.xls_sheets import xls_sheets
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals_csv import decode_csv, iter_csv
from zhibiao.ruleset.actuals_table import column_letter
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.workbook import (
    BROKEN_WORKBOOK,
    SheetXml,
    damage_text,
    open_workbook,
    scan_sheet,
)

__all__ = ("TEXT_SUFFIXES", "read_grids")

TEXT_SUFFIXES = (".txt", ".tsv", ".text")
HTML_SUFFIXES = (".html", ".htm")
_WORKBOOK_SUFFIXES = (".xls", ".xlsx", ".xlsm")
#: the first bytes of an Excel 97-2003 file (an OLE2 compound document)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CSV_DELIMITERS = (",", "\t", ";")
#: cells filled from merged ranges per sheet, at most
_MAX_FILLED = 2_000_000


def read_grids(path: Path, limits: Limits) -> tuple[list[Grid], list[Problem]]:
    """The grids of one file and the problems met while reading it."""
    source = path.name
    size = path.stat().st_size
    if size > limits.max_actuals_bytes:
        raise ActualsError(source, f"文件有 {size:,} 字节，超过上限 {limits.max_actuals_bytes:,}"
                                   "（设置 max_actuals_bytes）")
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(1024)
    if suffix in HTML_SUFFIXES or (suffix in _WORKBOOK_SUFFIXES and looks_like_html(head)):
        return _read_html(path.read_bytes(), source, suffix, limits)
    if suffix == ".xls" or (suffix in _WORKBOOK_SUFFIXES and head.startswith(_OLE)):
        return _read_xls(path.read_bytes(), source, suffix, limits)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, source, limits)
    raw = path.read_bytes()
    text, problems = decode_csv(raw, source)
    if suffix == ".csv":
        grid = _text_grid(source, _csv_rows(text, source, limits, problems), limits, problems,
                          drifting=False)
    elif suffix in TEXT_SUFFIXES:
        rows = [line.split("\t") for line in text.splitlines()]
        grid = _text_grid(source, rows, limits, problems, drifting=True)
    else:
        hint = "；.et 请用 WPS 另存为 .xlsx" if suffix == ".et" else ""
        raise ActualsError(source, f"不认识的文件类型 {suffix or '（无扩展名）'}；"
                                   f"可导入 .xlsx、.xls、.csv、.txt/.tsv（制表符分隔的文本）、"
                                   f".html{hint}")
    return [grid], problems


def _csv_rows(text: str, source: str, limits: Limits, problems: list[Problem],
              ) -> Iterator[list[str]]:
    """The records of a CSV text, split by zhibiao's own reader (never the ``csv``
    module, which reads every line after a quote never closed into one cell, silently):
    a broken quote is a problem with its line, that record is left out (an empty row
    keeps the lines in step) and the lines after it are read on."""
    first = text.splitlines()[:20]
    counts = {d: sum(line.count(d) for line in first) for d in _CSV_DELIMITERS}
    delimiter = max(_CSV_DELIMITERS, key=lambda d: counts[d])
    # one record more than the limit: the grid says where it stopped (the reader would
    # refuse the whole file)
    reading = limits.model_copy(update={"max_rows": limits.max_rows + 1})
    for record in iter_csv(text, source, reading, delimiter):
        problems.extend(record.problems)
        if record.usable:
            yield [cell if isinstance(cell, str) else "" for cell in record.cells]
        else:  # “此行未采用”, as its problem says
            yield []


def _clip(text: str, where: str, source: str, limits: Limits, problems: list[Problem],
          cell: str = "", line: int = 0) -> str:
    if len(text) <= limits.max_cell_chars:
        return text
    problems.append(Problem(severity="error", code="cell_too_long", file=source, line=line,
                            cell=cell, message=f"{where} 有 {len(text):,} 个字符，超过上限 "
                            f"{limits.max_cell_chars:,}（设置 max_cell_chars），只读取了前面部分"))
    return text[:limits.max_cell_chars]


def _too_many_rows(source: str, where: str, limits: Limits) -> Problem:
    return Problem(severity="error", code="too_many_rows", file=source,
                   message=f"{where}超过 {limits.max_rows:,} 行（设置 max_rows），"
                           "其后的行没有读取")


def _text_grid(source: str, rows: Iterable[list[str]], limits: Limits, problems: list[Problem],
               *, drifting: bool) -> Grid:
    grid = Grid(source=source, sheet="", drifting=drifting)
    for r, row in enumerate(rows):
        if r >= limits.max_rows:
            problems.append(_too_many_rows(source, "文件", limits))
            break
        for c, value in enumerate(row):
            text = value.strip()
            if text:
                text = _clip(text, f"第 {r + 1} 行第 {c + 1} 格", source, limits, problems,
                             line=r + 1)
                grid.put(r, c, text)
    return grid


def cell_value_text(value: Any, number_format: str = "General") -> str:
    """A workbook value as the text a person sees: ``12.5``, ``93%`` under a percent
    format, ``2023-12-15`` for a date; a float is read through its shortest repr."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            number *= 100
        text = format(number.normalize(), "f") if number == number.to_integral_value() \
            else format(number, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text + ("%" if "%" in number_format else "")
    return str(value).replace("\r\n", "\n").strip()


def _read_xls(raw: bytes, source: str, suffix: str, limits: Limits,
              ) -> tuple[list[Grid], list[Problem]]:
    """Each sheet of an Excel 97-2003 workbook (:mod:`zhibiao.importer.xls_sheets`),
    laid out as a workbook's: values as their formats show them, merged ranges filled."""
    problems: list[Problem] = []
    if suffix != ".xls":
        problems.append(Problem(
            severity="warning", code="xls_workbook", file=source,
            message=f"文件是 Excel 97-2003 格式（.xls），扩展名却是 {suffix}，按 .xls 读取"))
    grids = []
    for sheet in xls_sheets(raw, source, limits.max_rows):
        grid = Grid(source=source, sheet=sheet.title)
        for cell in sheet.cells:
            if cell.row >= limits.max_rows:
                problems.append(_too_many_rows(source, f"工作表 {sheet.title} ", limits))
                break
            text = cell_value_text(cell.value, cell.number_format)
            if text:
                address = grid.address(cell.row, cell.col)
                grid.put(cell.row, cell.col,
                         _clip(text, address, source, limits, problems, cell=address))
        problems.extend(_fill_merged(grid, sheet.merged))
        grids.append(grid)
    return grids, problems


def _read_html(raw: bytes, source: str, suffix: str, limits: Limits,
               ) -> tuple[list[Grid], list[Problem]]:
    """Each ``<table>`` of a web page as a grid named 表1, 表2 … (the page's n-th table);
    a cell spanning rows or columns is filled like a merged range."""
    problems: list[Problem] = []
    if suffix not in HTML_SUFFIXES:
        problems.append(Problem(
            severity="warning", code="html_table", file=source,
            message=f"文件是网页格式的表格（扩展名为 {suffix}，有的系统“导出 Excel”时这样写），"
                    "按网页中的表格读取"))
    grids = []
    for number, rows in enumerate(html_tables(decode_html(raw, source)), start=1):
        if rows:
            grid = Grid(source=source, sheet=f"表{number}")
            _lay_out(grid, rows, limits, problems)
            grids.append(grid)
    return grids, problems


def _lay_out(grid: Grid, rows: list[list[HtmlCell]], limits: Limits,
             problems: list[Problem]) -> None:
    """Place the cells as a browser does: each in the first column its row has free
    (cells spanning from rows above take theirs), spans filled from the first cell."""
    taken: set[tuple[int, int]] = set()
    budget = _MAX_FILLED
    for r, row in enumerate(rows):
        if r >= limits.max_rows:
            problems.append(_too_many_rows(grid.source, f"{grid.sheet} ", limits))
            return
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            address = grid.address(r, c)
            text = _clip(cell.text, address, grid.source, limits, problems, cell=address)
            budget -= cell.rowspan * cell.colspan
            if budget < 0:
                problems.append(Problem(
                    severity="error", code="too_many_merged_cells", file=grid.source,
                    cell=address, message=f"{grid.sheet} 的跨行跨列单元格超过 {_MAX_FILLED:,} 格，"
                                          "其后的行未读取；请检查网页中的 rowspan/colspan"))
                return
            for rr in range(r, min(r + cell.rowspan, len(rows))):  # not past the table
                for cc in range(c, c + cell.colspan):
                    taken.add((rr, cc))
                    if text and (rr, cc) != (r, c) and rr < limits.max_rows:
                        grid.put(rr, cc, text, origin=address)
            if text:
                spans = cell.rowspan > 1 or cell.colspan > 1
                grid.put(r, c, text, origin=address if spans else "")
            c += cell.colspan


def _read_xlsx(path: Path, source: str, limits: Limits) -> tuple[list[Grid], list[Problem]]:
    book = open_workbook(path, source, limits, data_only=False)
    cached: Any = None  # the same workbook with the values Excel saved for its formulas
    problems: list[Problem] = []
    grids: list[Grid] = []
    try:
        parts = _sheet_parts(path, book)
        for sheet in book.worksheets:
            title = str(sheet.title)
            grid = Grid(source=source, sheet=title)
            try:
                scan = _scan_part(path, parts.get(title))
                if scan.formulas and cached is None:
                    cached = open_workbook(path, source, limits, data_only=True)
                values = cached[title] if scan.formulas else None
                _read_sheet(sheet, values, grid, limits, problems)
                problems.extend(_fill_merged(grid, scan.merged))
            except ActualsError:
                raise
            except BROKEN_WORKBOOK as exc:  # a damaged sheet (a merge "C5:B2", cut XML …)
                problems.append(Problem(
                    severity="error", code="unreadable_sheet", file=source, cell=f"{title}!A1",
                    message=f"工作表 {title} 无法完整读取：{damage_text(exc)}；已读到的行仍导入；"
                            "请用 Excel/WPS 打开后另存为 .xlsx 再试"))
            grids.append(grid)
    finally:
        book.close()
        if cached is not None:
            cached.close()
    return grids, problems


def _read_sheet(sheet: Any, values: Any, grid: Grid, limits: Limits,
                problems: list[Problem]) -> None:
    """The cells of ``sheet`` into ``grid``. A formula is never computed: the cell reads
    as the value Excel/WPS saved for it (``values``: the sheet opened for those), as the
    table showed it; a formula without a saved value reads as its text, reported."""
    source, title = grid.source, grid.sheet
    sheet.reset_dimensions()
    saved_rows: Iterator[Any] = iter(())
    if values is not None:
        values.reset_dimensions()
        saved_rows = values.iter_rows()
    for r, row in enumerate(sheet.iter_rows()):
        if r >= limits.max_rows:
            problems.append(_too_many_rows(source, f"工作表 {title} ", limits))
            break
        saved = next(saved_rows, ())
        for c, cell in enumerate(row):
            value = getattr(cell, "value", None)
            if value is None:
                continue
            formula = getattr(cell, "data_type", None) == "f"
            number_format = getattr(cell, "number_format", "General")
            shown = getattr(saved[c], "value", None) if formula and c < len(saved) else None
            text = cell_value_text(value if shown is None else shown, number_format)
            if not text:
                continue
            address = f"{title}!{column_letter(c)}{r + 1}"
            text = _clip(text, address, source, limits, problems, cell=address)
            grid.put(r, c, text, formula=formula)
            if formula and shown is None:
                problems.append(Problem(
                    severity="warning", code="formula_cell", file=source, cell=address,
                    message=f"单元格是公式 {text[:60]}，文件中没有保存它的计算结果（不是由 "
                            "Excel/WPS 保存的？），公式不会被计算，按原文读取；请用 Excel/WPS "
                            "打开后保存，或填写数值后再导入"))


def _sheet_parts(path: Path, book: Any) -> dict[str, str]:
    """Sheet title → its XML part in the zip (for the merged ranges)."""
    found: dict[str, str] = {}
    for sheet in book.worksheets:
        part = getattr(sheet, "_worksheet_path", None) or getattr(sheet, "worksheet_path", None)
        if isinstance(part, str):
            found[str(sheet.title)] = part
    return found


def _scan_part(path: Path, part: str | None) -> SheetXml:
    """What the sheet's XML holds: whether it has formulas, its merged ranges."""
    if part is None:
        return SheetXml()
    with zipfile.ZipFile(path) as archive:
        return scan_sheet(archive, part)


def _fill_merged(grid: Grid, merged: list[str]) -> list[Problem]:
    """Fill every merged range from its top-left cell; at most :data:`_MAX_FILLED` cells
    a sheet (merged-cell chaos is reported, not followed)."""
    from openpyxl.utils.cell import range_boundaries

    budget = _MAX_FILLED
    for ref in merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if min_row is None or min_col is None or max_row is None or max_col is None:
            continue
        top, left = min_row - 1, min_col - 1
        if top >= len(grid.rows) or left not in grid.rows[top]:
            continue
        first = grid.rows[top][left]
        bottom = min(max_row, len(grid.rows))
        budget -= (bottom - top) * (max_col - left)
        if budget < 0:
            return [Problem(severity="error", code="too_many_merged_cells", file=grid.source,
                            cell=first.address,
                            message=f"工作表 {grid.sheet} 的合并单元格超过 {_MAX_FILLED:,} 格，"
                                    f"从 {ref} 起的合并区域未展开；请取消多余的合并后再导入")]
        for r in range(top, bottom):
            for c in range(left, max_col):
                if (r, c) != (top, left) and c not in grid.rows[r]:
                    grid.put(r, c, first.text, origin=first.address, formula=first.formula)
        grid.rows[top][left] = type(first)(first.text, top, left, first.address,
                                           first.address, first.formula)
    return []

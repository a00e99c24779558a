"""Tables from files and back, for ``zhibiao batch``: csv and xlsx read strictly by the
readers of actuals files (encodings, quotes, size limits, zip bombs, formulas), parquet
by pyarrow; csv, xlsx and parquet written, user text through :mod:`zhibiao.safe_text`.

In csv and xlsx every cell is read as text, as a person typed it (``92`` under 实际完成值
is the bare number 92, read in the target's unit, as ``zhibiao evaluate`` reads it);
the header is the first of the first 20 rows that names the target, actual and weight
columns; blank rows are skipped, and a ``line`` column says where each row came from.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa

from zhibiao.batch.columns import REQUIRED_ROLES, ROLES, role_of
from zhibiao.errors import ActualsError
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals_header import HEADER_SEARCH_ROWS
from zhibiao.ruleset.actuals_table import RawRow, cell_text
from zhibiao.ruleset.problems import Problem
from zhibiao.safe_text import csv_field

__all__ = ("READ_SUFFIXES", "WRITE_SUFFIXES", "Loaded", "read_table", "write_table")

READ_SUFFIXES = (".csv", ".xlsx", ".parquet")
WRITE_SUFFIXES = (".parquet", ".csv", ".xlsx")


class Loaded(NamedTuple):
    """A table read from a file, and the problems its reader found."""

    table: pa.Table
    problems: list[Problem]


def read_table(path: Path, limits: Limits) -> Loaded:
    """The table in ``path`` (raises :class:`~zhibiao.errors.ActualsError` in Chinese)."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in READ_SUFFIXES:
        hint = "；.xls 请用 Excel/WPS 另存为 .xlsx" if suffix in (".xls", ".et") else ""
        raise ActualsError(source, f"不支持的文件类型 “{suffix}”；"
                                   f"请用 .csv、.xlsx 或 .parquet{hint}")
    size = path.stat().st_size
    if size > limits.max_actuals_bytes:
        raise ActualsError(source, f"文件有 {size:,} 字节，超过上限 "
                                   f"{limits.max_actuals_bytes:,}（设置 max_actuals_bytes）")
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            # The key columns come as dictionaries, as parquet stores them: score_table
            # then needs no encoding of its own.
            names = pq.read_schema(path).names
            keys = [name for name in names if role_of(name) in ("target", "category", "unit")]
            table = pq.read_table(path, read_dictionary=keys)
        except (pa.ArrowException, OSError) as exc:
            raise ActualsError(source, f"不是可读的 parquet 文件：{exc}") from None
        if table.num_rows > limits.max_rows:
            raise ActualsError(source, f"超过行数上限 {limits.max_rows}（设置 max_rows）")
        return Loaded(table, [])
    if suffix == ".csv":
        from zhibiao.ruleset.actuals_csv import decode_csv, split_csv

        text, problems = decode_csv(path.read_bytes(), source)
        rows = split_csv(text, source, limits)
    else:
        from zhibiao.ruleset.actuals_xlsx import read_sheets

        rows, problems = read_sheets(path, source, limits)
    return Loaded(_text_table(rows, source), problems + [p for r in rows for p in r.problems])


def _text_table(rows: list[RawRow], source: str) -> pa.Table:
    """The rows after the header as text columns named by the header, with ``line``."""
    header = next((at for at, row in enumerate(rows[:HEADER_SEARCH_ROWS])
                   if _names_required(row)), None)
    if header is None:
        wanted = "；".join(f"{ROLES[role][1]}（可写作：{'、'.join(ROLES[role])}）"
                          for role in REQUIRED_ROLES)
        raise ActualsError(source, f"前 {HEADER_SEARCH_ROWS} 行中找不到表头，需要这三列：{wanted}")
    names = [cell_text(cell) or f"列{at + 1}" for at, cell in enumerate(rows[header].cells)]
    seen: set[str] = set()
    for at, name in enumerate(names):
        if name in seen:
            names[at] = f"{name}（第{at + 1}列）"
        seen.add(names[at])
    data = [row for row in rows[header + 1:] if not row.blank]
    if any(len(row.cells) > len(names) and any(c is not None for c in row.cells[len(names):])
           for row in data):
        raise ActualsError(source, "有的行比表头多出非空单元格；请为这些列加上表头")
    columns: dict[str, pa.Array] = {}
    if "line" not in names:
        columns["line"] = pa.array([row.line for row in data], type=pa.int64())
    for at, name in enumerate(names):
        columns[name] = pa.array([cell_text(row.cells[at]) if at < len(row.cells) else None
                                  for row in data], type=pa.string())
    return pa.table(columns)


def _names_required(row: RawRow) -> bool:
    roles = {role_of(text) for cell in row.cells if (text := cell_text(cell))}
    return all(role in roles for role in REQUIRED_ROLES)


def write_table(table: pa.Table, path: Path) -> None:
    """``table`` into ``path`` in the format its suffix names."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
        return
    header = table.column_names
    rows = (_cells(row, header) for row in table.to_pylist())
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([csv_field(name) for name in header])
        writer.writerows([csv_field(cell) if isinstance(cell, str) else str(cell)
                          for cell in row] for row in rows)
        path.write_text(out.getvalue(), encoding="utf-8-sig", newline="")
        return
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from zhibiao.report.xlsx_cells import set_cell
    from zhibiao.report.xlsx_package import workbook_bytes

    book = Workbook(write_only=True)
    sheet = book.create_sheet("评分结果")

    def cells(values: list[Any]) -> list[Any]:
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet)
            set_cell(cell, value)
            out.append(cell)
        return out

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    path.write_bytes(workbook_bytes(book))  # dated alike: the same rows, the same bytes


def _cells(row: dict[str, Any], header: list[str]) -> list[Any]:
    """One row's values for csv/xlsx: text and Decimals as they are, lists joined with
    ``;``, other values (integers, dates) as their text, None as an empty cell."""
    out: list[Any] = []
    for name in header:
        value = row[name]
        if isinstance(value, list):
            value = ";".join(str(item) for item in value)
        elif value is not None and not isinstance(value, (str, Decimal, int)):
            value = str(value)
        out.append("" if value is None else value)
    return out

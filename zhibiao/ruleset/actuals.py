"""Reading actuals (实际完成值) from CSV, XLSX or JSON.

One row per indicator: the project (ruleset key or project name; optional when only
one ruleset is scored), the indicator (id or exact name), the actual, and optionally
the 偏差原因. The budget row is the indicator ``预算执行率`` (or ``budget``) whose actual
is 全年执行数 (``132.912万元``) or a rate (``95%``), with 全年预算数 in a ``budget`` column
or taken from the ruleset. Column names may be English or Chinese; the header may
follow title rows (see :mod:`zhibiao.ruleset.actuals_header`).

Nothing is dropped silently: every row of the file becomes an :class:`ActualRow` or a
:class:`Problem` naming its line (CSV) or cell (workbook, ``Sheet1!F14``). A file that
cannot be read at all — too large, not a CSV/workbook/JSON, undecodable — raises
:class:`ActualsError`. The format readers are :mod:`~zhibiao.ruleset.actuals_csv` and
:mod:`~zhibiao.ruleset.actuals_xlsx`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from zhibiao.decimal_context import own_context
from zhibiao.errors import ActualsError
from zhibiao.limits import DEFAULT_LIMITS, Limits
from zhibiao.ruleset.actuals_header import COLUMNS
from zhibiao.ruleset.actuals_table import (
    BUDGET_NAMES,
    ActualRow,
    RawRow,
    cell_text,
    iter_table_rows,
    table_rows,
)
from zhibiao.ruleset.problems import Problem

__all__ = ("BUDGET_NAMES", "COLUMNS", "ActualRow", "each_actual", "read_actuals",
           "read_actuals_data", "rows_from_mapping")


def rows_from_mapping(data: Mapping[str, Any] | Iterable[Any], source: str = "<actuals>", *,
                      limits: Limits | None = None) -> tuple[list[ActualRow], list[Problem]]:
    """Rows from Python data: ``{indicator: actual}`` or a list of row mappings.

    ``row`` is the position of the item (1-based); an item that is not a mapping is
    a problem.
    """
    limits = limits or DEFAULT_LIMITS
    if isinstance(data, Mapping) and "rows" not in data:
        return [ActualRow(source=source, row=n, indicator=str(k), actual=cell_text(v))
                for n, (k, v) in enumerate(data.items(), start=1)], []
    items = data["rows"] if isinstance(data, Mapping) else data
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        return [], [Problem(severity="error", code="not_a_table", file=source,
                            message="实际值须是对象数组（[{\"indicator\": …, \"actual\": …}]）"
                                    "或 {\"rows\": [...]}")]
    records = list(items)
    if len(records) > limits.max_rows:
        raise ActualsError(source, f"超过行数上限 {limits.max_rows}（设置 max_rows）")
    problems: list[Problem] = []
    mappings = [(n, r) for n, r in enumerate(records, start=1) if isinstance(r, Mapping)]
    for n, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            problems.append(Problem(severity="error", code="not_a_row", file=source, line=n,
                                    message=f"第 {n} 项不是对象（{str(record)[:40]}），"
                                            "须写成 {\"indicator\": …, \"actual\": …}"))
    header = list(dict.fromkeys(str(k) for _, record in mappings for k in record))
    table = [RawRow(line=0, cells=list(header))]
    table.extend(RawRow(line=n, cells=[record.get(k) for k in header]) for n, record in mappings)
    if not mappings:
        return [], [*problems, Problem(severity="error", code="empty_actuals", file=source,
                                       message="实际值为空：没有任何行")]
    rows, found = table_rows(table, source, limits, strict_width=True, search=1)
    return rows, problems + found


@own_context
def read_actuals(path: str | Path, *, limits: Limits | None = None,
                 ) -> tuple[list[ActualRow], list[Problem]]:
    """Read an actuals file (.csv, .xlsx, .json); raise :class:`ActualsError` if unreadable.

    ``limits`` (default :data:`zhibiao.limits.DEFAULT_LIMITS`) bounds the file size,
    the number of rows, the length of a cell and the unpacked size of a workbook.
    """
    rows: list[ActualRow] = []
    problems = each_actual(path, rows.append, limits=limits)
    return rows, problems


@own_context
def each_actual(path: str | Path, take: Callable[[ActualRow], object], *,
                limits: Limits | None = None) -> list[Problem]:
    """:func:`read_actuals` handing each row to ``take`` as it is read, returning the
    problems: a CSV file is never held as rows (``zhibiao score`` keeps its rows compact)."""
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    source = str(path)
    suffix = _suffix(path, source)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ActualsError(source, f"无法读取实际值文件：{exc}") from exc
    return _each(path, size, source, suffix, limits, take)


@own_context
def read_actuals_data(data: bytes, name: str, *, limits: Limits | None = None,
                      ) -> tuple[list[ActualRow], list[Problem]]:
    r""":func:`read_actuals` for the bytes of a file already received (an upload, a
    request body): ``name`` stands for the file in problems, and its suffix (``.csv``,
    ``.xlsx``, ``.json``) says how the bytes are read. Nothing is read from disk.

    >>> rows, problems = read_actuals_data(b"indicator,actual\n1.1.1,96%\n", "a.csv")
    >>> [(row.indicator, row.actual, row.row) for row in rows], problems
    ([('1.1.1', '96%', 2)], [])
    """
    rows: list[ActualRow] = []
    source = name
    problems = _each(io.BytesIO(data), len(data), source, _suffix(Path(name), source),
                     limits or DEFAULT_LIMITS, rows.append)
    return rows, problems


def _suffix(path: Path, source: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".json"):
        hint = "；.xls 请用 Excel/WPS 另存为 .xlsx" if suffix in (".xls", ".et") else ""
        raise ActualsError(source, f"不支持的文件类型 “{suffix}”；请用 .csv、.xlsx 或 .json{hint}")
    return suffix


def _each(file: Path | BinaryIO, size: int, source: str, suffix: str, limits: Limits,
          take: Callable[[ActualRow], object]) -> list[Problem]:
    """The rows of ``file`` (a path, or bytes in memory) handed to ``take``; problems."""
    try:
        if size > limits.max_actuals_bytes:
            raise ActualsError(source, f"文件有 {size:,} 字节，超过上限 "
                                       f"{limits.max_actuals_bytes:,}（设置 max_actuals_bytes）")
        if suffix == ".csv":
            return _read_csv(_bytes(file), source, limits, take)
        if suffix == ".xlsx":
            from zhibiao.ruleset.actuals_xlsx import read_sheets

            table, problems = read_sheets(file, source, limits)
            rows, found = table_rows(table, source, limits, strict_width=False)
            problems = [*found, *problems]
        else:
            data = json.loads(_bytes(file).decode("utf-8-sig"), parse_float=Decimal)
            rows, problems = rows_from_mapping(data, source, limits=limits)
        for row in rows:
            take(row)
        return problems
    except ActualsError:
        raise
    except RecursionError as exc:
        raise ActualsError(source, "嵌套层数过多，无法读取") from exc
    except json.JSONDecodeError as exc:
        raise ActualsError(source, f"JSON 语法错误：第 {exc.lineno} 行第 {exc.colno} 列："
                                   f"{exc.msg}") from exc
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ActualsError(source, f"无法读取实际值文件：{exc}") from exc
    except Exception as exc:  # openpyxl raises its own zoo for a corrupt workbook
        raise ActualsError(source, f"无法读取实际值文件（{type(exc).__name__}）：{exc}") from exc


def _bytes(file: Path | BinaryIO) -> bytes:
    return file.read_bytes() if isinstance(file, Path) else file.read()


def _read_csv(raw: bytes, source: str, limits: Limits,
              take: Callable[[ActualRow], object]) -> list[Problem]:
    from zhibiao.ruleset.actuals_csv import decode_csv, iter_csv

    text, warnings = decode_csv(raw, source)
    problems: list[Problem] = []
    for row in iter_table_rows(iter_csv(text, source, limits), source, limits, problems,
                               strict_width=True):
        take(row)
    return [*warnings, *problems]

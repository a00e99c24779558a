"""Reading actuals (实际完成值) from CSV, XLSX or JSON.

One row per indicator: the project (ruleset key or project name; optional when only
one ruleset is scored), the indicator (id or exact name), the actual, and optionally
the 偏差原因. The budget row is the indicator ``预算执行率`` (or ``budget``) whose actual
is 全年执行数 (``132.912万元``) or a rate (``95%``), with 全年预算数 in a ``budget`` column
or taken from the ruleset. Column names may be English or Chinese.

Nothing is dropped silently: a row that cannot be used becomes a :class:`Problem`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from zhibiao.decimal_context import own_context
from zhibiao.errors import ActualsError
from zhibiao.ruleset.problems import Problem

__all__ = ("BUDGET_NAMES", "COLUMNS", "ActualRow", "read_actuals", "rows_from_mapping")

#: Accepted column names (lower-cased), by role.
COLUMNS: dict[str, tuple[str, ...]] = {
    "project": ("project", "ruleset", "项目", "项目名称", "规则集"),
    "indicator": ("indicator", "id", "指标", "指标编号", "三级指标", "指标名称"),
    "actual": ("actual", "实际完成值", "实际值", "完成值", "全年执行数"),
    "reason": ("reason", "偏差原因", "偏差原因分析及改进措施", "原因"),
    "budget": ("budget", "全年预算数", "预算数"),
}
BUDGET_NAMES = ("预算执行率", "budget", "预算执行", "资金执行率")


class ActualRow(BaseModel):
    """One row of an actuals file, as text, with where it came from."""

    model_config = ConfigDict(frozen=True)

    source: str
    row: int
    project: str | None = None
    indicator: str
    actual: str | None = None
    reason: str | None = None
    budget: str | None = None

    @property
    def is_budget(self) -> bool:
        return self.indicator.strip() in BUDGET_NAMES

    @property
    def where(self) -> str:
        return f"{self.source}:{self.row}"


def _text(value: Any) -> str | None:
    """Cell → text, never through float formatting surprises (xlsx numbers are floats)."""
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))  # shortest decimal that round-trips
        return format(value.normalize(), "f") if value == value.to_integral_value() \
            else format(value, "f")
    text = str(value).strip()
    return text or None


def _cell_value(cell: Any) -> Any:
    """A workbook cell as the person typing it saw it: 0.93 formatted ``0%`` is ``93%``."""
    value = getattr(cell, "value", None)
    number_format = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in number_format:
        percent = Decimal(repr(value)) * 100
        return format(percent.normalize(), "f") + "%"
    return value


def _roles(header: Iterable[Any]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, name in enumerate(header):
        key = str(name or "").strip().lower()
        for role, names in COLUMNS.items():
            if key in names and role not in roles:
                roles[role] = index
    return roles


def _rows(table: Iterator[list[Any]], source: str, first_row: int,
          problems: list[Problem]) -> list[ActualRow]:
    try:
        header = next(table)
    except StopIteration:
        problems.append(Problem(severity="error", code="empty_actuals", file=source,
                                message="实际值文件为空（empty file）"))
        return []
    roles = _roles(header)
    for role in ("indicator", "actual"):
        if role not in roles:
            problems.append(Problem(
                severity="error", code="missing_column", file=source, line=first_row,
                message=f"缺少列 “{COLUMNS[role][0]}”（可写作：{'、'.join(COLUMNS[role])}）"))
    if problems:
        return []
    rows = []
    for offset, cells in enumerate(table, start=first_row + 1):
        def cell(role: str, cells: list[Any] = cells) -> str | None:
            index = roles.get(role)
            return _text(cells[index]) if index is not None and index < len(cells) else None

        if not any(_text(c) for c in cells):
            continue  # a blank line is not a row
        indicator = cell("indicator")
        if indicator is None:
            problems.append(Problem(severity="error", code="missing_indicator", file=source,
                                    line=offset, message="此行没有指标编号或名称，无法对应"))
            continue
        rows.append(ActualRow(source=source, row=offset, project=cell("project"),
                              indicator=indicator, actual=cell("actual"),
                              reason=cell("reason"), budget=cell("budget")))
    return rows


def rows_from_mapping(data: Mapping[str, Any] | Iterable[Mapping[str, Any]],
                      source: str = "<actuals>") -> tuple[list[ActualRow], list[Problem]]:
    """Rows from Python data: ``{indicator: actual}`` or a list of row mappings."""
    problems: list[Problem] = []
    if isinstance(data, Mapping) and "rows" not in data:
        return [ActualRow(source=source, row=n, indicator=str(k), actual=_text(v))
                for n, (k, v) in enumerate(data.items(), start=1)], problems
    items = data["rows"] if isinstance(data, Mapping) else data
    records = list(items)
    header = list(dict.fromkeys(k for record in records for k in record))
    table = iter([header, *([record.get(k) for k in header] for record in records)])
    return _rows(table, source, 0, problems), problems


@own_context
def read_actuals(path: str | Path) -> tuple[list[ActualRow], list[Problem]]:
    """Read an actuals file (.csv, .xlsx, .json); raise :class:`ActualsError` if unreadable."""
    path = Path(path)
    source = str(path)
    problems: list[Problem] = []
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            raw = path.read_bytes()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:  # pragma: no cover - gb18030 decodes any byte string
                raise ActualsError(source, "无法识别的文本编码（请另存为 UTF-8）")
            return _rows(iter(csv.reader(io.StringIO(text))), source, 1, problems), problems
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            rows = _rows(([_cell_value(c) for c in r] for r in sheet.iter_rows()), source, 1,
                         problems)
            book.close()
            return rows, problems
        if suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
            rows, problems = rows_from_mapping(data, source)
            return rows, problems
    except ActualsError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ActualsError(source, f"无法读取实际值文件：{exc}") from exc
    except Exception as exc:  # openpyxl raises its own zoo for a corrupt workbook
        raise ActualsError(source, f"无法读取实际值文件（{type(exc).__name__}）：{exc}") from exc
    raise ActualsError(source, f"不支持的文件类型 “{suffix}”；请用 .csv、.xlsx 或 .json")

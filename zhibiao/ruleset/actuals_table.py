"""From a table of cells (CSV records, worksheet rows, JSON objects) to actuals rows.

Every row of the table ends up in exactly one place: an :class:`ActualRow`, a problem
that names its line (CSV) or cell (workbook), the header, or — before the header — the
one warning that lists the skipped title rows. Blank rows are not rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from pydantic import BaseModel, ConfigDict

from zhibiao.limits import Limits
from zhibiao.ruleset.actuals_header import (
    COLUMNS,
    HEADER_SEARCH_ROWS,
    Header,
    header_of,
)
from zhibiao.ruleset.problems import Problem

__all__ = ("BUDGET_NAMES", "GOAL_NAMES", "ActualRow", "RawRow", "cell_text", "column_letter",
           "iter_table_rows", "table_rows")

BUDGET_NAMES = ("预算执行率", "budget", "预算执行", "资金执行率")
#: The row whose actual is the 实际完成情况 of the 年度总体目标 (a text, not scored).
GOAL_NAMES = ("年度总体目标", "总体目标", "goal", "goals")
_ROLE_TEXT = {"project": "项目", "indicator": "指标", "actual": "实际完成值",
              "reason": "偏差原因", "budget": "全年预算数", "initial_budget": "年初预算数"}
#: Roles whose header unit (``实际完成值（%）``) a bare number in the column takes.
_UNIT_ROLES = ("actual", "budget", "initial_budget")
_BARE_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class ActualRow(BaseModel):
    """One row of an actuals file, as text, with where it came from.

    ``row`` is the line of a CSV file (the first line of a record that spans lines),
    the row of a worksheet, or the position in a JSON list; ``cell`` is the indicator's
    cell in a workbook (``Sheet1!C14``), empty otherwise.
    """

    model_config = ConfigDict(frozen=True)

    source: str
    row: int
    project: str | None = None
    indicator: str
    actual: str | None = None
    reason: str | None = None
    budget: str | None = None
    cell: str = ""
    initial_budget: str | None = None

    @property
    def is_budget(self) -> bool:
        return self.indicator.strip() in BUDGET_NAMES

    @property
    def is_goal(self) -> bool:
        return self.indicator.strip() in GOAL_NAMES

    @property
    def where(self) -> str:
        return f"{self.source} {self.cell}" if self.cell else f"{self.source}:{self.row}"


@dataclass
class RawRow:
    """One record of a table: its line (or sheet row), cells, and what reading it found.

    ``sheet`` names the worksheet (cells are then ``sheet!A1`` references); ``problems``
    are what the reader found (an error makes the row unusable); ``merged`` maps a
    column to the merged range its value was filled from; ``formulas`` lists the
    columns holding a formula without a cached value (read as blank).
    """

    line: int
    cells: list[Any]
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)
    merged: dict[int, str] = field(default_factory=dict)
    formulas: list[int] = field(default_factory=list)

    def cell(self, column: int) -> str:
        return f"{self.sheet}!{column_letter(column)}{self.line}" if self.sheet else ""

    def problem(self, source: str, code: str, message: str, column: int = 0,
                severity: str = "error") -> Problem:
        return Problem(severity="warning" if severity == "warning" else "error", code=code,
                       message=message, file=source, line=self.line, cell=self.cell(column))

    @property
    def blank(self) -> bool:
        return not any(cell_text(c) for c in self.cells)

    @property
    def usable(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: Any) -> str | None:
    """Cell → text, never through float formatting surprises (xlsx numbers are floats).

    Dates become ``2023-12-15`` (``2023-12-15 10:30:00`` with a time of day).
    """
    if type(value) is str:  # every CSV cell: the one test it needs first
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        number = Decimal(repr(value))  # shortest decimal that round-trips
        return format(number.normalize(), "f") if number == number.to_integral_value() \
            else format(number, "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _preview(row: RawRow) -> str:
    texts = [t for t in (cell_text(c) for c in row.cells) if t]
    text = " | ".join(dict.fromkeys(texts))  # a merged title is one text, not six
    return text if len(text) <= 40 else text[:39] + "…"


def _find_header(rows: Sequence[RawRow], search: int) -> int | None:
    for index, row in enumerate(rows[:search]):
        if row.usable and header_of(row.cells).complete:
            return index
    return None


def _missing_columns(rows: Sequence[RawRow], source: str, search: int) -> Problem:
    first = next((r for r in rows if not r.blank), rows[0])
    missing = header_of(first.cells).missing
    wanted = "；".join(f"“{COLUMNS[role][0]}”（可写作：{'、'.join(COLUMNS[role])}）"
                      for role in missing)
    return first.problem(source, "missing_column",
                         f"前 {search} 行中找不到表头：缺少列 {wanted}" if search > 1
                         else f"缺少列 {wanted}")


def _skipped(rows: Sequence[RawRow], header_line: int, source: str) -> Problem | None:
    titles = [r for r in rows if not r.blank]
    if not titles:
        return None
    lines = "、".join(str(r.line) for r in titles)
    return titles[0].problem(source, "skipped_rows",
                             f"表头在第 {header_line} 行；其上的第 {lines} 行"
                             f"（“{_preview(titles[0])}”等）不是实际值，已跳过",
                             severity="warning")


def table_rows(rows: Sequence[RawRow], source: str, limits: Limits, *, strict_width: bool,
               search: int = HEADER_SEARCH_ROWS) -> tuple[list[ActualRow], list[Problem]]:
    """Actuals rows of a table whose header is among its first ``search`` rows.

    ``strict_width``: a cell beyond the header makes the row unusable (CSV, where it
    means an unquoted delimiter); otherwise it is a warning (a note beside a sheet).
    """
    problems: list[Problem] = []
    result = list(iter_table_rows(rows, source, limits, problems, strict_width=strict_width,
                                  search=search))
    return result, problems


def iter_table_rows(records: Iterable[RawRow], source: str, limits: Limits,
                    problems: list[Problem], *, strict_width: bool,
                    search: int = HEADER_SEARCH_ROWS) -> Iterator[ActualRow]:
    """:func:`table_rows` one row at a time: the rows are yielded, the problems appended to
    ``problems`` in the same order (the last ones once the rows are exhausted)."""
    records = iter(records)
    head = list(islice(records, search + 1))  # the header and the first row after it
    at = _find_header(head, search)
    if at is None:  # a refused table: the whole of it is needed for its problems
        rows = [*head, *records]
        if not rows or all(r.blank for r in rows):
            problems.append(Problem(severity="error", code="empty_actuals", file=source,
                                    message="实际值文件为空，没有表头也没有数据行（empty file）"))
            return
        problems.extend(p for r in rows for p in r.problems)
        problems.append(_missing_columns(rows, source, search))
        return
    for row in head[:at]:  # skipped anyway: how they were quoted is only a warning
        problems.extend(p.model_copy(update={"severity": "warning"}) for p in row.problems)
    header_row = head[at]
    skipped = _skipped(head[:at], header_row.line, source)
    if skipped is not None:
        problems.append(skipped)
    problems.extend(header_row.problems)
    header = header_of(header_row.cells)
    for role, columns in header.repeated.items():
        used = header.roles[role]
        problems.append(header_row.problem(
            source, "duplicate_column",
            f"“{_ROLE_TEXT[role]}”列出现多次：读取第 {used + 1} 列，"
            f"第 {'、'.join(str(c + 1) for c in columns)} 列未读取", column=columns[0],
            severity="warning"))
    width = len(header_row.cells)
    count = 0
    usable = False
    for row in chain(head[at + 1:], records):
        if row.blank:  # nothing to read; but a lone quote (`"`) is still said where it was
            problems.extend(row.problems)
            continue
        count += 1
        # Whether any row was usable is judged before reading it (as the reader left it);
        # reading an unusable row adds no problem.
        usable = usable or row.usable
        actual_row = _actual_row(row, header, width, source, limits, strict_width)
        problems.extend(row.problems)
        if actual_row is not None:
            yield actual_row
    if not usable:
        problems.append(header_row.problem(
            source, "no_rows", f"表头之后的 {count} 行都无法使用（见上）：没有可评分的实际值"
            if count else "表头之后没有数据行：没有可评分的实际值"))


def _actual_row(row: RawRow, header: Header, width: int, source: str, limits: Limits,
                strict_width: bool) -> ActualRow | None:
    """The row's ActualRow, or None when a problem (added to ``row``) makes it unusable."""
    if not row.usable:
        return None
    cells = row.cells
    extra = [i for i in range(width, len(cells)) if cell_text(cells[i])] \
        if len(cells) > width else []
    if extra:
        row.problems.append(row.problem(
            source, "extra_cells",
            f"此行有 {len(row.cells)} 格，比表头多 {len(row.cells) - width} 格"
            f"（“{cell_text(row.cells[extra[0]])}”）"
            + ("：多半是未加引号的逗号；含逗号的内容须用英文双引号括起，此行未采用"
               if strict_width else "；表头之外的内容未读取"),
            column=extra[0], severity="error" if strict_width else "warning"))
    longest = limits.max_cell_chars
    for index, value in enumerate(cells):
        if type(value) is str and len(value) <= longest:
            continue  # its text is no longer than the cell
        if isinstance(value, (dict, list)):
            row.problems.append(row.problem(source, "not_text",
                                            f"第 {index + 1} 格不是文字或数字：{value!r:.40}",
                                            column=index))
        elif len(cell_text(value) or "") > limits.max_cell_chars:
            row.problems.append(row.problem(
                source, "cell_too_long",
                f"第 {index + 1} 格有 {len(cell_text(value) or '')} 个字符，超过上限 "
                f"{limits.max_cell_chars}（设置 max_cell_chars），此行未采用", column=index))
    if not row.usable:
        return None
    for column in row.formulas:
        scored = {header.roles[r] for r in ("indicator", "actual", "budget", "initial_budget")
                  if r in header.roles}
        row.problems.append(row.problem(
            source, "formula_without_value",
            "公式没有缓存的计算结果（文件不是由 Excel 保存的？），按空白读取，公式不会被计算；"
            "请用 Excel/WPS 打开后保存，或填写数值", column=column,
            severity="error" if column in scored else "warning"))
    texts: dict[str, str | None] = {}
    units, merged, count = header.units, row.merged, len(cells)
    for role, index in header.roles.items():
        text = cell_text(cells[index]) if index < count else None
        if text is not None and units and role in _UNIT_ROLES and role in units \
                and _BARE_NUMBER.fullmatch(text):
            text += units[role]
        texts[role] = text
        if merged and index in merged and role != "project":
            row.problems.append(row.problem(
                source, "merged_cell",
                f"“{_ROLE_TEXT[role]}”取自合并单元格 {row.merged[index]} 左上角的值"
                f"（“{text or ''}”），请核对", column=index, severity="warning"))
    indicator = texts.get("indicator")
    indicator_column = header.roles["indicator"]
    if indicator is None:
        row.problems.append(row.problem(source, "missing_indicator",
                                        "此行没有指标编号或名称，无法对应",
                                        column=indicator_column))
        return None
    return ActualRow(source=source, row=row.line, project=texts.get("project"),
                     indicator=indicator, actual=texts.get("actual"),
                     reason=texts.get("reason"), budget=texts.get("budget"),
                     initial_budget=texts.get("initial_budget"),
                     cell=row.cell(indicator_column))

"""Filled 绩效自评表 workbooks rendered from a ruleset and its actuals (xlsx via openpyxl).

:func:`render_workbook` lays out one or more :class:`FormTable` (a ruleset, its actuals
and the scores they give) in the forms people file — DOMAIN §7:

- ``national`` — the 项目支出绩效自评表 of 财预〔2020〕10号: title and （YYYY年度）, 项目名称,
  主管部门 | 实施单位, the 项目资金（万元） block (年初预算数, 全年预算数, 全年执行数, 分值,
  执行率, 得分 over 年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金), 年度总体目标
  (预期目标 | 实际完成情况), 绩效指标 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分
  | 偏差原因分析及改进措施 with 一级/二级 merged over their block, and 总分;
- ``unit`` — the 部门整体支出绩效自评表: 部门（单位）名称, 年度主要任务, the same fund block,
  goals and indicator table (headed 年度绩效指标);
- ``split`` — the target in three cells, 指标性质 | 指标值 | 度量单位 (四川, 重庆 and budget
  systems): 指标性质 a symbol (``≥``), a word (``大于等于``, ``正向``) or empty.

A :class:`Layout` adds title rows above a table and units in headers (``群众满意度(%)`` over
``≥95``, ``培训经费（万元）`` over ``≤1.2``). Several tables go on one sheet (below each
other) or on sheets of their own. The bytes depend only on the input (fixed dates,
:mod:`zhibiao.report.xlsx_package`).
Every cell written is recorded in :attr:`RenderedTable.values` and every merge in
:attr:`RenderedTable.merged`, so tests can check the workbook against its sources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from zhibiao.engine.explain import pct
from zhibiao.grammar import Comparison, Op, format_decimal
from zhibiao.report import Report
from zhibiao.report.xlsx_package import workbook_bytes
from zhibiao.ruleset.ruleset import Ruleset

__all__ = ("FORMS", "NATURES", "FormTable", "Layout", "RenderedTable", "RenderedWorkbook",
           "cell_text", "render_workbook", "split_target")

Form = Literal["national", "unit", "split"]
Nature = Literal["symbol", "word", "empty"]
FORMS: tuple[Form, ...] = ("national", "unit", "split")
NATURES: tuple[Nature, ...] = ("symbol", "word", "empty")

_SYMBOLS = {Op.GE: "≥", Op.LE: "≤", Op.GT: ">", Op.LT: "<", Op.EQ: "=", Op.APPROX: "≈",
            Op.NE: "≠"}
_WORDS = {Op.GE: "大于等于", Op.LE: "小于等于", Op.GT: "大于", Op.LT: "小于", Op.EQ: "等于"}
_TITLES = {"national": "项目支出绩效自评表", "unit": "部门整体支出绩效自评表",
           "split": "部门预算项目支出绩效自评表"}
_FUND_ROWS = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")
_FUND_HEADS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
_TAIL = ("实际完成值", "分值", "得分", "偏差原因分析及改进措施")


@dataclass(frozen=True)
class Layout:
    """How one table is drawn: the form, title rows above it, units in headers
    (``header_units``: an indicator may show ``name(%)`` over a value without its unit,
    in ``brackets``) and, in the split form, how 指标性质 is written."""

    form: Form = "national"
    title_rows: tuple[str, ...] = ()
    header_units: bool = False
    brackets: str = "()"
    nature: Nature = "symbol"


@dataclass(frozen=True)
class FormTable:
    """What one table renders: the ruleset (exactly what the form says), the actuals
    rows (``indicator``/``actual``/``reason``, and the budget row), the report they
    score to, the goal text, and the cells that differ from the ruleset's own texts:
    ``shown`` maps an indicator id to its (name, value) as printed (header units) and
    ``natures`` to its split 指标性质 | 指标值 | 度量单位."""

    ruleset: Ruleset
    actuals: tuple[Mapping[str, str], ...]
    report: Report
    layout: Layout
    goal: str = ""
    budget_total: Decimal = Decimal(0)
    budget_spent: Decimal | None = None
    shown: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    natures: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedTable:
    """Where one table went: its sheet, first and last row, the text of every cell
    written (``"D12": "≥95%"``; numbers as their decimal text), the merged ranges, and
    the row of each indicator by id."""

    source: FormTable
    sheet: str
    first_row: int
    last_row: int
    values: Mapping[str, str]
    merged: tuple[str, ...]
    rows: Mapping[str, int]
    columns: Mapping[str, str]

    @property
    def ruleset(self) -> Ruleset:
        return self.source.ruleset

    @property
    def actuals(self) -> tuple[Mapping[str, str], ...]:
        return self.source.actuals


@dataclass(frozen=True)
class RenderedWorkbook:
    """The workbook's bytes and the tables it holds, in reading order."""

    data: bytes
    tables: tuple[RenderedTable, ...]

    @property
    def pairs(self) -> list[tuple[Ruleset, tuple[Mapping[str, str], ...]]]:
        """``(ruleset, actuals)`` of every table: what an importer should read back."""
        return [(table.ruleset, table.actuals) for table in self.tables]


def split_target(model: object, text: str, nature: Nature, direction: str | None,
                 ) -> tuple[str, str, str]:
    """指标性质 | 指标值 | 度量单位 of a target: a single comparison whose three parts
    read back to it is split (``≥`` or ``大于等于`` | ``95`` | ``%``; a bare value with a
    direction 正向/反向 and ``nature="word"`` gives that word); anything else keeps its
    text whole, under 定性 when it is qualitative."""
    if isinstance(model, Comparison):
        quantity = model.quantity
        number = format_decimal(quantity.value / quantity.multiplier_factor)
        unit = quantity.multiplier + quantity.unit.name
        if model.implicit_op:
            word = direction if nature == "word" and direction in ("正向", "反向") else ""
            return word, number, unit
        symbol = _SYMBOLS[model.op]
        if nature == "word":
            symbol = _WORDS.get(model.op, symbol)
        return ("" if nature == "empty" else symbol), number, unit
    kind = type(model).__name__
    return ("定性" if kind == "Qualitative" and nature != "empty" else ""), text, ""


class _Sheet:
    """Cells written to one sheet, recorded as they go."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.values: dict[str, str] = {}
        self.merged: list[str] = []

    def put(self, row: int, column: int, value: object) -> None:
        if value is None or value == "":
            return
        ref = f"{get_column_letter(column)}{row}"
        if isinstance(value, Decimal):
            number = value.normalize() if value == value.to_integral() else value
            self.sheet[ref] = int(number) if number == number.to_integral() else number
            self.values[ref] = format_decimal(value)
        else:
            cell = self.sheet[ref]
            cell.value = str(value)
            cell.data_type = "s"  # user text is data: "=100%" is no formula
            self.values[ref] = str(value)

    def merge(self, row: int, column: int, last_row: int, last_column: int) -> None:
        if (row, column) == (last_row, last_column):
            return
        ref = f"{get_column_letter(column)}{row}:{get_column_letter(last_column)}{last_row}"
        self.sheet.merge_cells(ref)
        self.merged.append(ref)


def _width(form: Form) -> int:
    return 10 if form == "split" else 9


def _head(out: _Sheet, table: FormTable, row: int) -> int:
    """Title rows, the title, the year, the project lines; the next free row."""
    layout, spec = table.layout, table.ruleset.spec
    width = _width(layout.form)
    for text in layout.title_rows:
        out.put(row, 1, text)
        row += 1
    out.put(row, 1, _TITLES[layout.form])
    out.merge(row, 1, row, width)
    year = spec.project.year
    out.put(row + 1, 1, f"（{year}年度）" if year else "")
    out.merge(row + 1, 1, row + 1, width)
    row += 2
    if layout.form == "unit":
        out.put(row, 1, "部门（单位）名称")
        out.put(row, 2, spec.project.name)
        out.merge(row, 2, row, width)
        return row + 1
    out.put(row, 1, "项目名称")
    out.put(row, 2, spec.project.name)
    out.merge(row, 2, row, width)
    out.put(row + 1, 1, "主管部门")
    out.put(row + 1, 2, spec.project.unit)
    out.merge(row + 1, 2, row + 1, 5)
    out.put(row + 1, 6, "实施单位")
    out.put(row + 1, 7, spec.project.unit)
    out.merge(row + 1, 7, row + 1, width)
    return row + 2


def _funds(out: _Sheet, table: FormTable, row: int, columns: dict[str, str]) -> int:
    """The 项目资金（万元） block: 年度资金总额 carries the budget's points and score."""
    budget = table.report.budget
    out.put(row, 1, "项目资金（万元）" if table.layout.form != "unit" else "部门资金（万元）")
    out.merge(row, 1, row + len(_FUND_ROWS), 1)
    for offset, head in enumerate(_FUND_HEADS):
        out.put(row, 4 + offset, head)
    total, spent = table.budget_total, table.budget_spent
    rate = pct(budget.outcome.ratio) if budget.outcome.ratio is not None else ""
    lines: Sequence[Sequence[object]] = (
        (total, total, spent, budget.points, rate, budget.outcome.score),
        (total, total, spent, None, None, None))
    for index, label in enumerate(_FUND_ROWS):
        line = row + 1 + index
        out.put(line, 2, label)
        out.merge(line, 2, line, 3)
        for offset, value in enumerate(lines[index] if index < len(lines) else ()):
            out.put(line, 4 + offset, value)
    first = row + 1
    columns.update(budget_total=f"E{first}", budget_spent=f"F{first}",
                   budget_points=f"G{first}", budget_rate=f"H{first}",
                   budget_score=f"I{first}")
    return row + 1 + len(_FUND_ROWS)


def _goals(out: _Sheet, table: FormTable, row: int) -> int:
    width = _width(table.layout.form)
    out.put(row, 1, "年度总体目标")
    out.merge(row, 1, row + 1, 1)
    out.put(row, 2, "预期目标")
    out.merge(row, 2, row, 5)
    out.put(row, 6, "实际完成情况")
    out.merge(row, 6, row, width)
    out.put(row + 1, 2, table.goal)
    out.merge(row + 1, 2, row + 1, 5)
    out.put(row + 1, 6, "已完成年度目标" if table.goal else "")
    out.merge(row + 1, 6, row + 1, width)
    return row + 2


def _indicators(out: _Sheet, table: FormTable, row: int, rows: dict[str, int],
                columns: dict[str, str]) -> int:
    """The header row, one row per indicator (一级/二级 merged over their blocks), 总分."""
    form = table.layout.form
    split = form == "split"
    heads = ["一级指标", "二级指标", "三级指标"]
    heads += ["指标性质", "指标值", "度量单位"] if split else ["年度指标值"]
    heads += list(_TAIL)
    first_column = 1 if split else 2
    if not split:
        out.put(row, 1, "年度绩效指标" if form == "unit" else "绩效指标")
    for offset, head in enumerate(heads):
        out.put(row, first_column + offset, head)
    names = dict(zip(heads, (get_column_letter(first_column + k) for k in range(len(heads))),
                     strict=True))
    columns.update(names)
    report_rows = {item.id: item for item in table.report.rows}
    start = row + 1
    line = start
    blocks: list[tuple[str, str, int]] = []
    for indicator in table.ruleset.indicators:
        spec = indicator.spec
        scored = report_rows[spec.id]
        rows[spec.id] = line
        name, value = table.shown.get(spec.id, (spec.name, spec.value))
        cells: list[object] = [spec.level1, spec.level2, name]
        cells += list(table.natures[spec.id]) if split else [value]
        cells += [scored.actual or "", indicator.points, scored.outcome.score,
                  scored.reason or ""]
        previous = blocks[-1][:2] if blocks else None
        for offset, cell in enumerate(cells):
            if previous and offset < 2 and previous[:offset + 1] == \
                    (spec.level1, spec.level2)[:offset + 1]:
                continue  # 一级/二级 written once per block (merged below)
            out.put(line, first_column + offset, cell)
        blocks.append((spec.level1, spec.level2, line))
        line += 1
    for level in (0, 1):
        top = 0
        while top < len(blocks):
            key = blocks[top][:level + 1]
            end = top
            while end + 1 < len(blocks) and blocks[end + 1][:level + 1] == key:
                end += 1
            out.merge(blocks[top][2], first_column + level, blocks[end][2],
                      first_column + level)
            top = end + 1
    if not split:
        out.merge(row, 1, line - 1, 1)
    points_column = heads.index("分值") + first_column
    out.put(line, 1, "总分")
    out.merge(line, 1, line, points_column - 1)
    out.put(line, points_column, Decimal(100))
    out.put(line, points_column + 1, table.report.totals.total)
    columns.update(total_points=f"{get_column_letter(points_column)}{line}",
                   total_score=f"{get_column_letter(points_column + 1)}{line}")
    return line + 1


def _table(out: _Sheet, table: FormTable, row: int) -> tuple[int, dict[str, int],
                                                              dict[str, str]]:
    rows: dict[str, int] = {}
    columns: dict[str, str] = {}
    row = _head(out, table, row)
    if table.layout.form == "unit":
        out.put(row, 1, "年度主要任务")
        out.put(row, 2, "任务名称")
        out.put(row, 4, "主要内容")
        out.put(row + 1, 2, "履行部门职责")
        out.put(row + 1, 4, table.goal)
        row += 2
    row = _funds(out, table, row, columns)
    row = _goals(out, table, row)
    row = _indicators(out, table, row, rows, columns)
    return row, rows, columns


def render_workbook(tables: Sequence[FormTable], *, sheets: Sequence[int] | None = None,
                    gap: int = 2) -> RenderedWorkbook:
    """The workbook of ``tables``: table *k* on sheet ``sheets[k]`` (sheet numbers from
    0, non-decreasing; all on one sheet by default), ``gap`` blank rows between tables
    that share a sheet."""
    where = list(sheets) if sheets is not None else [0] * len(tables)
    if len(where) != len(tables) or any(b < a for a, b in pairwise(where)):
        raise ValueError("sheets should give a non-decreasing sheet number per table")
    book = Workbook()
    book.remove(book.active)
    outs: dict[int, tuple[_Sheet, list[int]]] = {}
    rendered = []
    for table, number in zip(tables, where, strict=True):
        if number not in outs:
            title = f"自评表{number + 1}" if number else "自评表"
            outs[number] = (_Sheet(book.create_sheet(title)), [1])
        out, next_row = outs[number]
        before = (len(out.values), len(out.merged))
        first = next_row[0]
        end, rows, columns = _table(out, table, first)
        next_row[0] = end + gap
        values = dict(list(out.values.items())[before[0]:])
        rendered.append(RenderedTable(table, out.sheet.title, first, end - 1, values,
                                      tuple(out.merged[before[1]:]), rows, columns))
    return RenderedWorkbook(workbook_bytes(book), tuple(rendered))


def cell_text(value: Any) -> str:
    """A cell's value as :attr:`RenderedTable.values` holds it (numbers exactly)."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_decimal(Decimal(str(value)))
    return "" if value is None else str(value)

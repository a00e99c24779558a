"""The 自评表 in the terminal: one rich table per project, then its notes and problems.

Columns: 编号 | 三级指标 | 指标值 | 实际 | 状态 | 分值 | 得分 | 偏差原因. Statuses are coloured
(达成 green, 未达成 red, 无法评价 yellow, 不适用 dim); a row whose 偏差原因 is required
but missing shows “⚠ 须填写” in red. Every 一级 block ends with its 小计; the table ends
with the 预算执行率 row and the 总分 / 等级 row. All text from rulesets and actuals is
rendered as plain text (``[`` in a 指标名称 is never read as rich markup, ``:smile:`` is
no emoji) with its hidden characters shown (an escape sequence or a U+202E in a 偏差原因
reaches the terminal as ``<U+001B>``, ``<U+202E>``; see :mod:`zhibiao.safe_text`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zhibiao.decimal_context import own_context
from zhibiao.engine.explain import pct
from zhibiao.engine.outcome import Status
from zhibiao.engine.totals import BUDGET_BLOCK
from zhibiao.grammar import format_decimal
from zhibiao.report.console import ConsoleWriter, plain
from zhibiao.report.model import Report, ReportRow

__all__ = ("STATUS_STYLES", "WRITER", "TableWriter", "render_table")

#: Rich style of each status (keys as in :attr:`Outcome.status`).
STATUS_STYLES: dict[str, str] = {
    "achieved": "green",
    "not_achieved": "red",
    "not_evaluable": "yellow",
    "not_applicable": "dim",
}
_GRADE_STYLES = {"优": "bold green", "良": "bold cyan", "中": "bold yellow"}
_MISSING = "⚠ 须填写"


def _status(status: Status) -> Text:
    return Text(status.label, style=STATUS_STYLES[status.value])


def _reason(row: ReportRow) -> Text:
    if row.reason_missing:
        return Text(_MISSING, style="bold red")
    return plain(row.reason or "")


def _row_cells(row: ReportRow) -> list[Text]:
    style = "dim" if row.status == "not_applicable" else ""
    return [plain(row.id, style), plain(row.name, style), plain(row.target or "（空）", style),
            plain(row.actual or "—", style), _status(row.outcome.status),
            Text(format_decimal(row.points), style=style),
            Text(format_decimal(row.score), style=style), _reason(row)]


def _table(report: Report) -> Table:
    meta = [m for m in (report.department, report.unit,
                        f"{report.year} 年度" if report.year else "") if m]
    table = Table(title=plain(f"{report.project} 绩效自评表", "bold"),
                  caption=plain("　".join(meta), "dim"), box=box.SIMPLE_HEAVY,
                  show_lines=False, expand=False)
    table.add_column("编号", no_wrap=True)
    table.add_column("三级指标", overflow="fold")
    table.add_column("指标值", overflow="fold")
    table.add_column("实际", overflow="fold")
    table.add_column("状态", justify="center", no_wrap=True)
    table.add_column("分值", justify="right", no_wrap=True)
    table.add_column("得分", justify="right", no_wrap=True)
    table.add_column("偏差原因", overflow="fold")
    blocks = [b for b in report.totals.blocks if b.level == 1 and b.name != BUDGET_BLOCK]
    for block in blocks:
        rows = [r for r in report.rows if r.level1 == block.name]
        if not rows:
            continue
        table.add_row("", plain(block.name, "bold cyan"))
        level2 = ""
        for row in rows:
            if row.level2 != level2:
                level2 = row.level2
                table.add_row("", plain(f"·{row.level2}", "cyan"))
            table.add_row(*_row_cells(row))
        subtotal = f"{block.name}小计"
        if block.applicable_weight != block.weight:
            subtotal += f"（适用分值 {format_decimal(block.applicable_weight)}）"
        table.add_row("", plain(subtotal, "bold"), "", "", "",
                      Text(format_decimal(block.weight), style="bold"),
                      Text(format_decimal(block.score), style="bold"), "", end_section=True)
    budget = report.budget
    ratio = budget.outcome.ratio
    label = Text(BUDGET_BLOCK, style="bold")
    if ratio is not None:
        label.append(f" {pct(ratio)}")
    table.add_row("—", label, plain(budget.budget or "—"), plain(budget.spent or "—"),
                  _status(budget.outcome.status), format_decimal(budget.points),
                  format_decimal(budget.outcome.score), "", end_section=True)
    totals = report.totals
    if totals.not_applicable:
        table.add_row("", Text("得分合计（适用分值）"), "", "", "",
                      format_decimal(totals.applicable_weight),
                      format_decimal(totals.raw_score), "")
    grade = plain(f"等级 {totals.grade}", _GRADE_STYLES.get(totals.grade, "bold red"))
    table.add_row("", Text("总分", style="bold"), "", "", grade,
                  Text(format_decimal(totals.total_weight), style="bold"),
                  Text(str(totals.total), style="bold"), "")
    return table


@own_context
def render_table(reports: Sequence[Report], console: Console) -> None:
    """Print every report as a rich table, followed by its totals line, notes and problems."""
    for index, report in enumerate(reports):
        if index:
            console.print()
        console.print(_table(report))
        console.print(plain(report.totals.explanation, "dim"))
        missing = [r.id for r in report.rows if r.reason_missing]
        if missing:
            console.print(plain(f"须填写偏差原因：{'、'.join(missing)}", "bold red"))
        review = [r.id for r in report.rows if r.review_required]
        if review:
            console.print(plain(f"须复核：{'、'.join(review)}", "bold yellow"))
        if report.notes:
            console.print(Text("说明", style="bold"))
            for note in report.notes:
                console.print(plain(f"  · {note}"))
        if report.problems:
            console.print(Text("实际值文件中的问题", style="bold red"))
            for problem in report.problems:
                console.print(plain(f"  · {problem}", "red"))


class TableWriter(ConsoleWriter[Report]):
    """``table``: rich tables. Options: ``terminal=True`` writes to the terminal rich
    finds (its width and colours); otherwise plain text
    :data:`~zhibiao.report.console.FILE_WIDTH` columns wide, the same bytes everywhere."""

    name = "table"

    def print_report(self, report: Report, console: Console) -> None:
        render_table([report], console)


WRITER = TableWriter()

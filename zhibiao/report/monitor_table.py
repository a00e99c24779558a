"""``zhibiao monitor -f table``: one table per project on the terminal (plain text in a
file or a pipe, :mod:`zhibiao.report.console`), then the 资金 line and each row's
explanation. Text from rulesets and actuals is plain (never rich markup) with its
hidden characters shown."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zhibiao.monitor.model import Likelihood, MonitorReport
from zhibiao.report.console import ConsoleWriter, plain

__all__ = ("WRITER", "MonitorTableWriter", "print_monitor")

_STYLES = {Likelihood.CERTAIN: "green", Likelihood.POSSIBLE: "yellow",
           Likelihood.IMPOSSIBLE: "red"}


def _cell(text: str | None, style: str = "") -> Text:
    return plain(text, style) if text else Text("—", style=style)


def print_monitor(report: MonitorReport, console: Console) -> None:
    """Print one project's table, 资金 line and explanations, then a blank line."""
    months = report.months
    table = Table(title=plain(f"{report.project} 绩效目标执行监控表"
                              f"（截至 {report.as_of.isoformat()}，1–{months}月）"),
                  box=box.SIMPLE_HEAD)
    for header in ("编号", "三级指标", "年度指标值", f"1–{months}月执行情况", "全年预计",
                   "偏差", "完成目标可能性"):
        table.add_column(header)
    for row in report.rows:
        likelihood = row.likelihood
        flag = row.deviation is not None and row.deviation.flag
        table.add_row(
            _cell(row.id), _cell(row.indicator), _cell(row.target), _cell(row.to_date),
            _cell(row.projected_text), _cell(row.deviation_text, "red" if flag else ""),
            _cell(None) if likelihood is None else
            Text(likelihood.value + ("（偏差预警）" if flag else ""),
                 style=_STYLES[likelihood]))
    console.print(table)
    console.print(plain(f"资金：{report.budget.explanation}"))
    console.print(Text("说明："))
    for row in report.rows:
        console.print(plain(f"  {row.id} {row.explanation}"))
    console.print()


class MonitorTableWriter(ConsoleWriter[MonitorReport]):
    """``table``: each project ends with a blank line."""

    name = "table"
    blank_between = False

    def print_report(self, report: MonitorReport, console: Console) -> None:
        print_monitor(report, console)


WRITER = MonitorTableWriter()

"""``--format table``: one table per project in the terminal (plain text in a file),
then the 资金 block and each row's explanation. Text from rulesets and actuals is
plain (never rich markup) with its hidden characters shown."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from zhibiao.monitor.model import Likelihood, MonitorReport
from zhibiao.monitor.output import Out, put_text
from zhibiao.report.table_format import file_console
from zhibiao.safe_text import visible

__all__ = ("render", "write")

_STYLES = {Likelihood.CERTAIN: "green", Likelihood.POSSIBLE: "yellow",
           Likelihood.IMPOSSIBLE: "red"}


def _text(text: str | None, style: str = "") -> Text:
    return Text(visible(text) if text else "—", style=style)


def render(reports: Sequence[MonitorReport]) -> str:
    """The tables as plain text (the same reports give the same text)."""
    buffer = io.StringIO()
    console = file_console(buffer)
    for report in reports:
        months = report.months
        table = Table(title=Text(f"{visible(report.project)} 绩效目标执行监控表"
                                 f"（截至 {report.as_of.isoformat()}，1–{months}月）"),
                      box=box.SIMPLE_HEAD)
        for header in ("编号", "三级指标", "年度指标值", f"1–{months}月执行情况", "全年预计",
                       "偏差", "完成目标可能性"):
            table.add_column(header)
        for row in report.rows:
            likelihood = row.likelihood
            flag = row.deviation is not None and row.deviation.flag
            table.add_row(
                _text(row.id), _text(row.indicator), _text(row.target), _text(row.to_date),
                _text(row.projected_text), _text(row.deviation_text, "red" if flag else ""),
                _text(None) if likelihood is None else
                Text(likelihood.value + ("（偏差预警）" if flag else ""),
                     style=_STYLES[likelihood]))
        console.print(table)
        console.print(Text(f"资金：{visible(report.budget.explanation)}"))
        console.print(Text("说明："))
        for row in report.rows:
            console.print(Text(f"  {visible(row.id)} {visible(row.explanation)}"))
        console.print()
    return buffer.getvalue()


def write(reports: Sequence[MonitorReport], out: Out) -> None:
    put_text(render(reports), out)

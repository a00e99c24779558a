"""``zhibiao monitor -f md``: one Markdown section per project — the 资金 block, then the
indicators (年度指标值 | 1–X月执行情况 | 全年预计 | 偏差 | 完成目标可能性 | 说明), then
the problems. User text is escaped (:func:`zhibiao.safe_text.markdown_text`)."""

from __future__ import annotations

from typing import Any

from zhibiao.engine.explain import pct
from zhibiao.monitor.model import MonitorReport
from zhibiao.report.md_format import markdown_list
from zhibiao.report.writer import TextWriter
from zhibiao.safe_text import markdown_text

__all__ = ("WRITER", "MonitorMarkdownWriter", "monitor_markdown")


def _cell(text: str | None) -> str:
    return markdown_text(text) if text else "—"


def monitor_markdown(report: MonitorReport) -> str:
    """One project's section, ending in a line break."""
    months = report.months
    budget = report.budget
    rate = "—" if budget.rate is None else pct(budget.rate)
    lines = [f"## {markdown_text(report.project)} — 绩效目标执行监控表（1–{months}月）", "",
             f"实施单位：{_cell(report.unit)}；截至 {report.as_of.isoformat()}；"
             f"预算年度 {report.year}", "",
             f"**资金**：执行率 {rate}。{markdown_text(budget.explanation)}", "",
             f"| 编号 | 三级指标 | 年度指标值 | 1–{months}月执行情况 | 全年预计 | 偏差 "
             "| 完成目标可能性 | 说明 |",
             "|---|---|---|---|---|---|---|---|"]
    for row in report.rows:
        likelihood = "—" if row.likelihood is None else row.likelihood.value
        if row.deviation is not None and row.deviation.flag:
            likelihood += "（偏差预警）"
        lines.append(" | ".join((
            f"| {markdown_text(row.id)}", _cell(row.indicator), _cell(row.target),
            _cell(row.to_date), _cell(row.projected_text), _cell(row.deviation_text),
            likelihood, f"{markdown_text(row.explanation)} |")))
    if report.problems:
        lines += markdown_list("**问题**：", report.problems)
    return "\n".join(lines) + "\n"


class MonitorMarkdownWriter(TextWriter[MonitorReport]):
    """The sections one after another, a blank line between."""

    name = "md"
    separator = "\n"

    def piece(self, report: MonitorReport, **options: Any) -> str:
        return monitor_markdown(report)


WRITER = MonitorMarkdownWriter()

"""``zhibiao monitor -f html``: one self-contained page (inline style, no script, nothing
fetched from the network — its Content-Security-Policy allows nothing else), a table per
project; every text escaped with its hidden characters shown
(:func:`zhibiao.safe_text.html_text`)."""

from __future__ import annotations

from typing import Any

from zhibiao.engine.explain import pct
from zhibiao.monitor.model import MonitorReport
from zhibiao.report.writer import TextWriter
from zhibiao.safe_text import html_text

__all__ = ("WRITER", "MonitorHtmlWriter", "monitor_html")

_STYLE = """body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:4px 6px;vertical-align:top}th{background:#eee}
.certain{color:#176b2c}.possible{color:#8a6d00}.impossible{color:#b00020}.flag{color:#b00020}"""
_CLASSES = {"确定能": "certain", "有可能": "possible", "完全不可能": "impossible"}
_HEAD = "\n".join([
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
    "<title>绩效目标执行监控表</title>",
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    'style-src \'unsafe-inline\'">',
    f"<style>{_STYLE}</style></head><body>"]) + "\n"


def _e(text: str | None) -> str:
    return html_text(text) if text else "—"


def monitor_html(report: MonitorReport) -> str:
    """One project: its heading, the 资金 line and the indicator table (a line break at
    the end)."""
    months = report.months
    budget = report.budget
    rate = "—" if budget.rate is None else pct(budget.rate)
    parts = [f"<h2>{_e(report.project)} 绩效目标执行监控表</h2>",
             f"<p>实施单位：{_e(report.unit)}；预算年度 {report.year}；"
             f"截至 {report.as_of.isoformat()}（1–{months}月）</p>",
             f"<p><b>资金</b>：执行率 {rate}。{_e(budget.explanation)}</p>",
             "<table><thead><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th>"
             f"<th>年度指标值</th><th>1–{months}月执行情况</th><th>全年预计完成情况</th>"
             "<th>偏差</th><th>完成目标可能性</th><th>说明</th></tr></thead><tbody>"]
    for row in report.rows:
        likelihood = "—" if row.likelihood is None else \
            f'<span class="{_CLASSES[row.likelihood.value]}">{row.likelihood.value}</span>'
        if row.deviation is not None and row.deviation.flag:
            likelihood += '<span class="flag">（偏差预警）</span>'
        parts.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in (
            _e(row.level1), _e(row.level2), _e(row.indicator), _e(row.target),
            _e(row.to_date), _e(row.projected_text), _e(row.deviation_text), likelihood,
            _e(row.explanation))) + "</tr>")
    parts.append("</tbody></table>")
    if report.problems:
        parts.append("<ul>" + "".join(f"<li>{_e(str(p))}</li>" for p in report.problems)
                     + "</ul>")
    return "\n".join(parts) + "\n"


class MonitorHtmlWriter(TextWriter[MonitorReport]):
    """The page's head, each project's part, the end of the page."""

    name = "html"

    def piece(self, report: MonitorReport, **options: Any) -> str:
        return monitor_html(report)

    def head(self, **options: Any) -> str:
        return _HEAD

    def tail(self, **options: Any) -> str:
        return "</body></html>\n"


WRITER = MonitorHtmlWriter()

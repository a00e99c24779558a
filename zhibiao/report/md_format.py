"""``md``: every report in Markdown, one after another (a blank line between)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zhibiao.report.model import STATUS_TEXT, Report, number_text
from zhibiao.report.writer import TextWriter
from zhibiao.safe_text import markdown_text

__all__ = ("WRITER", "MarkdownWriter", "markdown_list", "report_markdown")


def report_markdown(report: Report) -> str:
    """One report in Markdown."""
    md = markdown_text  # every text from the ruleset, the actuals or the engine
    lines = [f"# {md(report.project)} 绩效自评表", ""]
    meta = [f"主管部门：{md(report.department)}" if report.department else "",
            f"实施单位：{md(report.unit)}" if report.unit else "",
            f"年度：{report.year}" if report.year else ""]
    lines += [" ｜ ".join(m for m in meta if m), ""]
    if report.goal or report.goal_actual:
        lines += [f"**年度总体目标**：{md(report.goal or '—')}", "",
                  f"**实际完成情况**：{md(report.goal_actual or '—')}", ""]
    header = ("编号", "一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "状态",
              "分值", "得分", "偏差原因")
    lines += ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for r in report.rows:
        reason = md(r.reason) if r.reason else ("**（须填写）**" if r.reason_missing else "")
        status = r.status_text + (" **（须复核）**" if r.review_required else "")
        lines.append(f"| {md(r.id)} | {md(r.level1)} | {md(r.level2)} | {md(r.name)} | "
                     f"{md(r.target)} | {md(r.actual or '—')} | {status} | "
                     f"{number_text(r.points)} | {number_text(r.score)} | {reason} |")
    b = report.budget
    lines.append(f"| — | 预算执行率 | | 全年预算数 {md(b.budget or '—')}，"
                 f"执行数 {md(b.spent or '—')} | | | "
                 f"{STATUS_TEXT[b.outcome.status.value]} | {number_text(b.points)} | "
                 f"{number_text(b.outcome.score)} | |")
    lines += ["", f"**总分 {number_text(report.total)}，等级 {md(report.grade)}**", "",
              md(report.totals.explanation), ""]
    review = [r.id for r in report.rows if r.review_required]
    if review:
        ids = "、".join(md(i) for i in review)
        why = "；".join(dict.fromkeys(text for r in report.rows for text in r.review_reasons))
        lines += [f"**须复核：{ids}**（{why}）", ""]
    lines += ["## 得分说明", ""]
    lines += [f"- {md(r.id)} {md(r.name)}：{md(r.outcome.explanation)}" for r in report.rows]
    lines.append(f"- 预算执行率：{md(b.outcome.explanation)}")
    if report.notes:
        lines += ["", "## 说明", ""] + [f"- {md(n)}" for n in report.notes]
    if report.problems:
        lines += markdown_list("## 实际值文件中的问题", report.problems)
    return "\n".join(lines) + "\n"


def markdown_list(title: str, items: Iterable[object]) -> list[str]:
    """The lines of a titled list after a blank line, each item's text escaped."""
    return ["", title, "", *(f"- {markdown_text(str(item))}" for item in items)]


class MarkdownWriter(TextWriter[Report]):
    name = "md"
    separator = "\n"

    def piece(self, report: Report, **options: Any) -> str:
        return report_markdown(report)


WRITER = MarkdownWriter()

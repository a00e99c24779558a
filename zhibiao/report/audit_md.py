"""``zhibiao audit -f md``: one Markdown section per table — the rows (单元格 | 三级指标 |
年度指标值 | 实际完成值 | 分值 | 表中得分 | 重算得分 | 结论 | 说明), the 项目资金 row, the
总分, then the problems. User text is escaped (:func:`zhibiao.safe_text.markdown_text`)."""

from __future__ import annotations

from typing import Any

from zhibiao.audit.model import DOCUMENT_VERDICTS, VERDICTS, AuditDocument, AuditRow
from zhibiao.report.md_format import markdown_list
from zhibiao.report.writer import TextWriter
from zhibiao.safe_text import markdown_text

__all__ = ("WRITER", "AuditMarkdownWriter", "audit_markdown", "score_text")


def _cell(text: str | None) -> str:
    return markdown_text(text) if text else "—"


def score_text(row: AuditRow) -> str:
    """The recomputed score, with the range a qualitative tier allows."""
    if row.score is None:
        return "—"
    if row.score_range is None:
        return str(row.score)
    return f"{row.score}（{row.score_range[0]}–{row.score_range[1]}）"


def _line(row: AuditRow) -> str:
    verdict = VERDICTS[row.verdict]
    if row.verdict == "differs":
        verdict = f"**{verdict}**"
    return " | ".join((f"| {_cell(row.cell)}", _cell(row.indicator), _cell(row.target),
                       _cell(row.actual), _cell(row.points), _cell(row.published_score),
                       score_text(row), verdict, f"{markdown_text(row.explanation)} |"))


def audit_markdown(document: AuditDocument) -> str:
    """One table's section, ending in a line break."""
    where = document.source + (f" 工作表 {document.sheet}" if document.sheet else "")
    total = document.total
    lines = [f"## {_cell(document.project)} — 自评表核对", "",
             f"来源：{markdown_text(where)}；结论：**{DOCUMENT_VERDICTS[document.verdict]}**"
             f"（{document.verdict}）", "",
             "| 单元格 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 表中得分 | 重算得分 | 结论 "
             "| 说明 |",
             "|---|---|---|---|---|---|---|---|---|"]
    lines += [_line(row) for row in document.all_rows]
    recomputed = "—" if total.recomputed is None else str(total.recomputed)
    lines += ["", f"**总分**：表中 {_cell(total.published)}，重算 {recomputed}，"
                  f"{VERDICTS[total.verdict]}"]
    if document.problems:
        lines += markdown_list("**问题**：", document.problems)
    return "\n".join(lines) + "\n"


class AuditMarkdownWriter(TextWriter[AuditDocument]):
    """The sections one after another, a blank line between."""

    name = "md"
    separator = "\n"

    def piece(self, report: AuditDocument, **options: Any) -> str:
        return audit_markdown(report)


WRITER = AuditMarkdownWriter()

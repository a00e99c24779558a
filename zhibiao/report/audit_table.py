"""``zhibiao audit -f table``: one table per audited 自评表 on the terminal (plain text
in a file or a pipe, :mod:`zhibiao.report.console`): each row's published and recomputed
score and verdict, the 总分, then the explanation of every row that is not a match and
the problems. Text from the tables is plain (never rich markup), hidden characters shown.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zhibiao.audit.model import DOCUMENT_VERDICTS, VERDICTS, AuditDocument
from zhibiao.report.audit_md import score_text
from zhibiao.report.console import ConsoleWriter, plain

__all__ = ("WRITER", "AuditTableWriter", "print_audit")

_STYLES = {"match": "green", "differs": "red", "not_evaluable": "yellow",
           "not_published": "yellow", "incomplete": "yellow"}


def _cell(text: str | None) -> Text:
    return plain(text) if text else Text("—")


def print_audit(document: AuditDocument, console: Console) -> None:
    """Print one table's audit."""
    where = document.source + (f" 工作表 {document.sheet}" if document.sheet else "")
    table = Table(title=plain(f"{document.project or where} 自评表核对"), box=box.SIMPLE_HEAD)
    for header in ("单元格", "三级指标", "年度指标值", "实际完成值", "分值", "表中得分",
                   "重算得分", "结论"):
        table.add_column(header)
    for row in document.all_rows:
        table.add_row(_cell(row.cell), _cell(row.indicator), _cell(row.target),
                      _cell(row.actual), _cell(row.points), _cell(row.published_score),
                      Text(score_text(row)),
                      Text(VERDICTS[row.verdict], style=_STYLES[row.verdict]))
    console.print(table)
    total = document.total
    recomputed = "—" if total.recomputed is None else str(total.recomputed)
    console.print(plain(f"来源：{where}"))
    console.print(plain(f"总分：表中 {total.published or '—'}，重算 {recomputed}，"
                        f"{VERDICTS[total.verdict]}"))
    console.print(Text(f"结论：{DOCUMENT_VERDICTS[document.verdict]}",
                       style=_STYLES[document.verdict]))
    unmatched = [row for row in document.all_rows if row.verdict != "match"]
    if unmatched:
        console.print(Text("说明："))
        for row in unmatched:
            console.print(plain(f"  {row.cell} {row.indicator}：{row.explanation}"))
    if document.problems:
        console.print(Text("问题："))
        for problem in document.problems:
            console.print(plain(f"  {problem}"))


class AuditTableWriter(ConsoleWriter[AuditDocument]):
    """``table``: a blank line between tables."""

    name = "table"

    def print_report(self, report: AuditDocument, console: Console) -> None:
        print_audit(report, console)


WRITER = AuditTableWriter()

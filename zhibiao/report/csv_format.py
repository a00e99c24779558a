"""``csv``: one header line, then a line per indicator, the 预算执行率 line and the 总分
line of every report; every text field through :func:`~zhibiao.safe_text.csv_field`
(a cell never starts a formula), the numbers as they are. Written with a byte-order
mark to a file, so that Excel reads it as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from zhibiao.report.model import STATUS_TEXT, Report, number_text, percent_text
from zhibiao.report.writer import TextWriter
from zhibiao.safe_text import csv_field

__all__ = ("CSV_COLUMNS", "WRITER", "CsvWriter", "csv_header", "csv_rows", "report_csv",
           "reports_to_csv")


CSV_COLUMNS = ["项目键", "项目名称", "编号", "一级指标", "二级指标", "三级指标", "指标值",
               "实际完成值", "状态", "分值", "得分", "完成率", "偏差原因", "须填写偏差原因",
               "须复核", "得分说明"]
#: Columns holding numbers the engine formats (never text from a user): written as they
#: are, so that a spreadsheet reads them as numbers.
_CSV_NUMBER_COLUMNS = frozenset(CSV_COLUMNS.index(name) for name in ("分值", "得分", "完成率"))


def csv_header() -> str:
    """The header line of the csv export."""
    return _csv_text([CSV_COLUMNS])


def report_csv(report: Report) -> str:
    """The csv lines of one report (without the header): the csv export is the header
    followed by these, report after report."""
    return _csv_text([field if index in _CSV_NUMBER_COLUMNS else csv_field(field)
                      for index, field in enumerate(row)] for row in csv_rows(report))


def _csv_text(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def reports_to_csv(reports: Iterable[Report]) -> str:
    """The csv export: every text field through :func:`~zhibiao.safe_text.csv_field`."""
    return csv_header() + "".join(report_csv(report) for report in reports)


def csv_rows(report: Report) -> list[list[str]]:
    """The csv rows of one report: its indicators, the 预算执行率 row, the 总分 row."""
    rows = [[report.key, report.project, r.id, r.level1, r.level2, r.name, r.target,
             r.actual or "", r.status_text, number_text(r.points), number_text(r.score),
             percent_text(r.outcome.ratio), r.reason or "",
             "是" if r.reason_missing else "", "是" if r.review_required else "",
             r.outcome.explanation]
            for r in report.rows]
    b = report.budget
    rows.append([report.key, report.project, "budget", "预算执行率", "", "预算执行率",
                 b.budget or "", b.spent or "", STATUS_TEXT[b.outcome.status.value],
                 number_text(b.points), number_text(b.outcome.score),
                 percent_text(b.outcome.ratio), "", "", "", b.outcome.explanation])
    rows.append([report.key, report.project, "total", "总分", "", "总分", "", "", report.grade,
                 number_text(report.totals.total_weight), number_text(report.total),
                 "", "", "", "", report.totals.explanation])
    return rows


class CsvWriter(TextWriter[Report]):
    name = "csv"
    encoding = "utf-8-sig"

    def piece(self, report: Report, **options: Any) -> str:
        return report_csv(report)

    def head(self, **options: Any) -> str:
        return csv_header()


WRITER = CsvWriter()

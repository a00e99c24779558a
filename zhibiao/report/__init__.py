"""Reports: the filled-in 绩效自评表 (:class:`Report`) and its writers, one module per
format, registered by name in :mod:`zhibiao.report.registry`.

>>> from zhibiao.report import format_names, get_writer
>>> format_names()
('table', 'json', 'jsonl', 'csv', 'xlsx', 'md', 'html')

``get_writer(name).write(reports, out)`` writes to a path or a binary or text stream.
"""

from zhibiao.report.model import BudgetRow, FundsLine, Report, ReportRow
from zhibiao.report.registry import FORMATS, format_names, get_writer, register, write
from zhibiao.report.writer import Output, ReportStream, TextWriter, WholeWriter, Writer

__all__ = (
    "FORMATS",
    "BudgetRow",
    "FundsLine",
    "Output",
    "Report",
    "ReportRow",
    "ReportStream",
    "TextWriter",
    "WholeWriter",
    "Writer",
    "format_names",
    "get_writer",
    "register",
    "write",
)

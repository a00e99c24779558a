"""The report formats, by kind of report and name; a writer's module is imported only
when its format is used (as the sub-commands of :mod:`zhibiao.cli`).

A *kind* is what the reports are: ``"score"`` for the 绩效自评表 of ``zhibiao score``
(:class:`~zhibiao.report.Report`), ``"monitor"`` for the 绩效目标执行监控表 of
``zhibiao monitor`` (:class:`~zhibiao.monitor.model.MonitorReport`); a command with
reports of its own (an audit) registers its formats under its own kind, so that each
command offers exactly the formats it can write.

>>> sorted(format_names())
['csv', 'html', 'json', 'jsonl', 'md', 'table', 'xlsx']
>>> format_names("monitor")
('table', 'json', 'md', 'xlsx', 'html')
>>> get_writer("xlsx").binary
True

Adding a format is one module holding ``WRITER`` (a :class:`~zhibiao.report.writer.Writer`)
plus one line here (or a call of :func:`register`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from zhibiao.report.writer import Output, Writer

__all__ = ("FORMATS", "format_names", "get_writer", "register", "write")

#: kind → format name → (module holding ``WRITER``, one-line description in Chinese).
FORMATS: dict[str, dict[str, tuple[str, str]]] = {
    "score": {
        "table": ("zhibiao.report.table_format", "终端表格"),
        "json": ("zhibiao.report.json_format", "JSON 数组，每行一个项目"),
        "jsonl": ("zhibiao.report.jsonl_format", "JSON Lines，每行一个项目"),
        "csv": ("zhibiao.report.csv_format", "CSV，每行一个指标"),
        "xlsx": ("zhibiao.report.xlsx_format", "Excel 自评表（财预〔2020〕10号 表样）"),
        "md": ("zhibiao.report.md_format", "Markdown"),
        "html": ("zhibiao.report.html_format", "可打印的 HTML 自评表（含图表）"),
    },
    "monitor": {
        "table": ("zhibiao.report.monitor_table", "终端表格"),
        "json": ("zhibiao.report.monitor_json", "JSON 数组，每个元素一个项目"),
        "md": ("zhibiao.report.monitor_md", "Markdown"),
        "xlsx": ("zhibiao.report.monitor_xlsx",
                 "Excel 绩效目标执行监控表（财预〔2019〕136号 表样）"),
        "html": ("zhibiao.report.monitor_html", "HTML 绩效目标执行监控表"),
    },
    "audit": {
        "table": ("zhibiao.report.audit_table", "终端表格"),
        "json": ("zhibiao.report.audit_json", "JSON 对象，documents 每个元素一个表"),
        "xlsx": ("zhibiao.report.audit_xlsx", "Excel 核对表（汇总、逐行核对、问题）"),
        "md": ("zhibiao.report.audit_md", "Markdown"),
    },
}


def register(kind: str, name: str, module: str, description: str = "") -> None:
    """Register the format ``name`` of ``kind`` reports, written by ``module.WRITER``."""
    FORMATS.setdefault(kind, {})[name] = (module, description)


def format_names(kind: str = "score") -> tuple[str, ...]:
    """The formats ``kind`` reports can be written in, in the order registered."""
    return tuple(FORMATS.get(kind, {}))


def get_writer(name: str, kind: str = "score") -> Writer[Any]:
    """The writer of the format ``name`` (its module imported now)."""
    try:
        module, _ = FORMATS[kind][name]
    except KeyError:
        known = "、".join(format_names(kind)) or "（无）"
        raise ValueError(f"没有名为 “{name}” 的报告格式（可用：{known}）"
                         f"（unknown format {name!r} for {kind!r} reports）") from None
    writer = importlib.import_module(module).WRITER
    assert isinstance(writer, Writer), f"{module}.WRITER is no Writer"
    return writer


def write(reports: Iterable[Any], out: Output, *, format: str,
          kind: str = "score", **options: Any) -> None:
    """Write ``reports`` in ``format`` to ``out`` (a path, or a binary or text stream)."""
    get_writer(format, kind).write(reports, out, **options)

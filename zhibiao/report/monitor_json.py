"""``zhibiao monitor -f json``: ``[{"project", "as_of", "rows": [...], "budget": {...}}]``,
indented, a report per element (:meth:`MonitorReport.as_json
<zhibiao.monitor.model.MonitorReport.as_json>`).

Amounts are strings of exact decimals in the canonical unit (as ``zhibiao parse --json``
gives values: ``"84700"`` for 8.47万); hidden characters are written as ``\\uXXXX``
(:func:`zhibiao.safe_text.json_text`).
"""

from __future__ import annotations

from typing import Any

from zhibiao.monitor.model import MonitorReport
from zhibiao.report.writer import TextWriter
from zhibiao.safe_text import json_text

__all__ = ("WRITER", "MonitorJsonWriter")


class MonitorJsonWriter(TextWriter[MonitorReport]):
    """One JSON array indented by two spaces, as ``json.dumps(..., indent=2)`` writes it
    (``[]`` without reports), ending in a line break."""

    name = "json"
    separator = ",\n"

    def piece(self, report: MonitorReport, **options: Any) -> str:
        # an element of the array: its lines one level in (JSON writes a line break
        # inside a text as \n, so every "\n" here ends a line of the layout)
        return "\n".join("  " + line for line in json_text(report.as_json()).split("\n"))

    def head(self, **options: Any) -> str:
        return "[\n"

    def tail(self, **options: Any) -> str:
        return "\n]\n"

    def empty(self, **options: Any) -> str:
        return "[]\n"


WRITER = MonitorJsonWriter()

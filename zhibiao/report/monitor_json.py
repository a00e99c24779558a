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
from zhibiao.report.writer import JsonArrayWriter, indented
from zhibiao.safe_text import json_text

__all__ = ("WRITER", "MonitorJsonWriter")


class MonitorJsonWriter(JsonArrayWriter[MonitorReport]):
    """One JSON array indented by two spaces, as ``json.dumps(..., indent=2)`` writes it
    (``[]`` without reports), ending in a line break."""

    def piece(self, report: MonitorReport, **options: Any) -> str:
        return indented(json_text(report.as_json()), "  ")


WRITER = MonitorJsonWriter()

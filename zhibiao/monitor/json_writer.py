"""``--format json``: ``[{"project", "as_of", "rows": [...], "budget": {...}}]``.

Amounts are strings of exact decimals in the canonical unit (as ``zhibiao parse --json``
gives values: ``"84700"`` for 8.47万); hidden characters are written as ``\\uXXXX``.
"""

from __future__ import annotations

from collections.abc import Sequence

from zhibiao.monitor.model import MonitorReport
from zhibiao.monitor.output import Out, put_text
from zhibiao.safe_text import json_text

__all__ = ("render", "write")


def render(reports: Sequence[MonitorReport]) -> str:
    """The JSON text of ``reports`` (one array, indented, ending in a line break)."""
    return json_text([report.as_json() for report in reports]) + "\n"


def write(reports: Sequence[MonitorReport], out: Out) -> None:
    put_text(render(reports), out)

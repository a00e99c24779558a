"""``jsonl``: one compact report per line (as in :mod:`zhibiao.report.json_format`),
nothing else — a line is a whole project: rows, budget block, totals, notes, problems."""

from __future__ import annotations

from typing import Any

from zhibiao.report.json_format import OutcomePieces, report_json
from zhibiao.report.model import Report
from zhibiao.report.writer import TextWriter

__all__ = ("WRITER", "JsonLinesWriter")


class JsonLinesWriter(TextWriter[Report]):
    name = "jsonl"

    def __init__(self) -> None:
        self.pieces = OutcomePieces()

    def piece(self, report: Report, **options: Any) -> str:
        return report_json(report, self.pieces) + "\n"


WRITER = JsonLinesWriter()

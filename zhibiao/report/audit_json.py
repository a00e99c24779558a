"""``zhibiao audit -f json``: ``{"documents": [{"source", "sheet", "project", "rows",
"budget", "total", "problems", "verdict"}]}`` indented by two spaces, as
``json.dumps(result.as_json(), indent=2)`` writes it (:meth:`AuditDocument.as_json
<zhibiao.audit.model.AuditDocument.as_json>`). Scores are strings of exact decimals;
published texts are as written; hidden characters are written as ``\\uXXXX``.
"""

from __future__ import annotations

from typing import Any

from zhibiao.audit.model import AuditDocument
from zhibiao.report.writer import TextWriter, indented
from zhibiao.safe_text import json_text

__all__ = ("WRITER", "AuditJsonWriter")


class AuditJsonWriter(TextWriter[AuditDocument]):
    """One JSON object, a document per element of ``documents``."""

    name = "json"
    separator = ",\n"

    def piece(self, report: AuditDocument, **options: Any) -> str:
        return indented(json_text(report.as_json()), "    ")  # two levels in

    def head(self, **options: Any) -> str:
        return '{\n  "documents": [\n'

    def tail(self, **options: Any) -> str:
        return "\n  ]\n}\n"

    def empty(self, **options: Any) -> str:
        return '{\n  "documents": []\n}\n'


WRITER = AuditJsonWriter()

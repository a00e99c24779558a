"""``json``: an array holding one compact report per line (the reports'
:meth:`~zhibiao.report.Report.to_json`, hidden characters written as ``\\uXXXX``);
``jsonl`` (:mod:`zhibiao.report.jsonl_format`) is the same lines without the array.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any

from zhibiao.report.model import Report, ReportRow, number_text, ratio_text
from zhibiao.report.writer import TextWriter
from zhibiao.safe_text import json_shown

__all__ = ("WRITER", "JsonWriter", "report_json", "reports_to_json")


def report_json(report: Report) -> str:
    """One report as compact JSON on one line (a line of ``--format jsonl``): the text
    of ``json_text(report.to_json(), indent=None)``, its rows written straight from the
    report rows (they are most of it) instead of through a dictionary each."""
    head = json.dumps(report.json_head(), ensure_ascii=False)
    tail = json.dumps(report.json_tail(), ensure_ascii=False)
    rows = ", ".join([_row_json(row) for row in report.rows])
    return json_shown(f'{head[:-1]}, "rows": [{rows}], {tail[1:]}')


#: A text as ``json.dumps(..., ensure_ascii=False)`` writes it (its own C function).
_text = encode_basestring
_BOOL = {True: "true", False: "false"}


def _row_json(row: ReportRow) -> str:
    """``json.dumps(row.to_json(), ensure_ascii=False)``, written directly."""
    outcome = row.outcome
    ratio = outcome.ratio
    actual, reason = row.actual, row.reason
    parts = ['{"id": ', _text(row.id), ', "level1": ', _text(row.level1),
             ', "level2": ', _text(row.level2), ', "name": ', _text(row.name),
             ', "target_text": ', _text(row.target),
             ', "actual_text": ', "null" if actual is None else _text(actual),
             ', "points": ', _text(number_text(row.points)),
             ', "points_given": ', _BOOL[row.points_given],
             ', "status": ', _text(outcome.status.value),
             ', "ratio": ', "null" if ratio is None else _text(ratio_text(ratio)),
             ', "score": ', _text(str(outcome.score))]
    if outcome.score_range is not None:
        low, high = outcome.score_range
        parts += [', "score_range": [', _text(str(low)), ", ", _text(str(high)), "]"]
    parts += [', "polarity": ', _text(outcome.polarity)]
    if outcome.reason is not None:
        parts += [', "reason": ', _text(outcome.reason)]
    parts += [', "explanation": ', _text(outcome.explanation),
              ', "deviation_reason": ', "null" if reason is None else _text(reason),
              ', "deviation_reason_required": ', _BOOL[row.reason_required],
              ', "review_required": ', _BOOL[row.review_required],
              ', "flags": [', ", ".join([_text(flag) for flag in outcome.flags]), "]}"]
    return "".join(parts)


def reports_to_json(reports: Iterable[Report]) -> str:
    """The JSON export: an array with one compact report per line; the exact texts,
    hidden characters written as ``\\uXXXX``."""
    body = ",\n".join(report_json(report) for report in reports)
    return f"[\n{body}\n]" if body else "[]"


class JsonWriter(TextWriter[Report]):
    """``[`` and a line per report, ``]`` at the end (``[]`` without reports)."""

    name = "json"
    separator = ",\n"

    def piece(self, report: Report, **options: Any) -> str:
        return report_json(report)

    def head(self, **options: Any) -> str:
        return "[\n"

    def tail(self, **options: Any) -> str:
        return "\n]\n"

    def empty(self, **options: Any) -> str:
        return "[]\n"


WRITER = JsonWriter()

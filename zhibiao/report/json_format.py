"""``json``: an array holding one compact report per line (the reports'
:meth:`~zhibiao.report.Report.to_json`, hidden characters written as ``\\uXXXX``);
``jsonl`` (:mod:`zhibiao.report.jsonl_format`) is the same lines without the array.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any

from zhibiao.engine.outcome import Outcome
from zhibiao.report.model import Report, ReportRow, number_text, ratio_text
from zhibiao.report.writer import JsonArrayWriter
from zhibiao.safe_text import json_shown, may_hide

__all__ = ("WRITER", "JsonWriter", "OutcomePieces", "report_json", "reports_to_json")


def report_json(report: Report, pieces: OutcomePieces | None = None) -> str:
    """One report as compact JSON on one line (a line of ``--format jsonl``): the text
    of ``json_text(report.to_json(), indent=None)``, its rows written straight from the
    report rows (they are most of it) instead of through a dictionary each.

    ``pieces`` keeps the JSON of the outcomes already written (a writer's own, so that
    the outcomes a run shares are written once); without it, the report's own.
    """
    if pieces is None:
        pieces = OutcomePieces()
    head = json.dumps(report.json_head(), ensure_ascii=False)
    tail = json.dumps(report.json_tail(), ensure_ascii=False)
    rows = ", ".join([_row_json(row, pieces) for row in report.rows])
    return f'{json_shown(head[:-1])}, "rows": [{rows}], {json_shown(tail[1:])}'


#: A text as ``json.dumps(..., ensure_ascii=False)`` writes it (its own C function).
_text = encode_basestring
_BOOL = {True: "true", False: "false"}


class OutcomePieces:
    """The two parts of a row's JSON that depend on its outcome alone — ``status``
    through ``explanation``, and ``flags`` — hidden characters already shown, kept by
    the outcome object (an ``Outcome`` is frozen, and the rulesets of a run share the
    outcomes of repeated actuals: :class:`~zhibiao.ruleset.cache.RulesetCache`).

    Each entry holds its outcome, so the identity it is found by is not reused while it
    is kept. Bounded: emptied when :attr:`KEPT` outcomes are kept.
    """

    KEPT = 8192

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Outcome, str, str]] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def of(self, outcome: Outcome) -> tuple[str, str]:
        """The JSON from ``"status"`` to the explanation, and the ``flags`` array."""
        kept = self._kept.get(id(outcome))
        if kept is not None and kept[0] is outcome:
            return kept[1], kept[2]
        middle, flags = _outcome_json(outcome)
        if len(self._kept) >= self.KEPT:
            self._kept.clear()
        self._kept[id(outcome)] = (outcome, middle, flags)
        return middle, flags


def _outcome_json(outcome: Outcome) -> tuple[str, str]:
    ratio = outcome.ratio
    parts = ['"status": ', _text(outcome.status.value),
             ', "ratio": ', "null" if ratio is None else _text(ratio_text(ratio)),
             ', "score": ', _text(str(outcome.score))]
    if outcome.score_range is not None:
        low, high = outcome.score_range
        parts += [', "score_range": [', _text(str(low)), ", ", _text(str(high)), "]"]
    parts += [', "polarity": ', _text(outcome.polarity)]
    if outcome.reason is not None:
        parts += [', "reason": ', _text(outcome.reason)]
    parts += [', "explanation": ', _text(outcome.explanation)]
    flags = ", ".join([_text(flag) for flag in outcome.flags])
    return json_shown("".join(parts)), json_shown(flags)


def _row_json(row: ReportRow, pieces: OutcomePieces) -> str:
    """``json.dumps(row.to_json(), ensure_ascii=False)`` with its hidden characters
    shown, written directly (the row's own texts are scanned for them, not the JSON)."""
    middle, flags = pieces.of(row.outcome)
    actual, reason = row.actual, row.reason
    written = "".join([
        '{"id": ', _text(row.id), ', "level1": ', _text(row.level1),
        ', "level2": ', _text(row.level2), ', "name": ', _text(row.name),
        ', "target_text": ', _text(row.target),
        ', "actual_text": ', "null" if actual is None else _text(actual),
        ', "points": ', _text(number_text(row.points)),
        ', "points_given": ', _BOOL[row.points_given], ", "])
    after = "".join([
        ', "deviation_reason": ', "null" if reason is None else _text(reason),
        ', "deviation_reason_required": ', _BOOL[row.reason_required],
        ', "review_required": ', _BOOL[row.review_required], ', "flags": ['])
    if may_hide(f"{row.id}{row.level1}{row.level2}{row.name}{row.target}{actual}{reason}"):
        written, after = json_shown(written), json_shown(after)
    return f"{written}{middle}{after}{flags}]}}"


def reports_to_json(reports: Iterable[Report]) -> str:
    """The JSON export: an array with one compact report per line; the exact texts,
    hidden characters written as ``\\uXXXX``."""
    pieces = OutcomePieces()
    body = ",\n".join(report_json(report, pieces) for report in reports)
    return f"[\n{body}\n]" if body else "[]"


class JsonWriter(JsonArrayWriter[Report]):
    """``[`` and a line per report, ``]`` at the end (``[]`` without reports)."""

    def __init__(self) -> None:
        self.pieces = OutcomePieces()

    def piece(self, report: Report, **options: Any) -> str:
        return report_json(report, self.pieces)


WRITER = JsonWriter()

"""The filled-in 绩效自评表: one :class:`Report` per project, with its rows and totals.

A report holds the texts as they were given; the exports (csv, JSON, Markdown here, xlsx
and the terminal table in their modules) write them through :mod:`zhibiao.safe_text`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from pydantic import BaseModel, ConfigDict

from zhibiao.engine import Outcome, Totals
from zhibiao.engine.explain import pct
from zhibiao.engine.outcome import REVIEW_FLAGS, REVIEW_REASONS, tidy_ratio
from zhibiao.grammar import format_decimal
from zhibiao.ruleset.problems import Problem
from zhibiao.safe_text import csv_field, json_shown, markdown_text

__all__ = (
    "CSV_COLUMNS",
    "BudgetRow",
    "Report",
    "ReportRow",
    "csv_header",
    "outcome_fields",
    "report_csv",
    "report_json",
    "reports_to_csv",
    "reports_to_json",
)

_STATUS_TEXT = {"achieved": "达成", "not_achieved": "未达成", "not_evaluable": "无法评价",
                "not_applicable": "不适用"}


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    if not value.is_finite():  # (a signalling NaN cannot be hashed)
        return format_decimal(value)
    try:  # points and scores repeat; equal values have one canonical text
        return _NUM_TEXT[value]
    except KeyError:
        pass
    text = format_decimal(value)
    if len(_NUM_TEXT) >= _NUM_TEXT_KEPT:
        _NUM_TEXT.clear()
    _NUM_TEXT[value] = text
    return text


#: ``format_decimal`` of the numbers seen: a function of the value (``5`` and ``5.0``
#: are both ``"5"``), at most ``_NUM_TEXT_KEPT`` of them, forgotten all at once beyond.
_NUM_TEXT: dict[Decimal, str] = {}
_NUM_TEXT_KEPT = 4096


def _ratio_text(ratio: Decimal) -> str:
    """``str(tidy_ratio(ratio))``, kept like :func:`_num` (below 10^20, where
    ``tidy_ratio`` rounds, a function of the value)."""
    if not ratio.is_finite() or ratio.adjusted() >= 20:
        return str(tidy_ratio(ratio))
    try:
        return _RATIO_TEXT[ratio]
    except KeyError:
        pass
    text = str(tidy_ratio(ratio))
    if len(_RATIO_TEXT) >= _NUM_TEXT_KEPT:
        _RATIO_TEXT.clear()
    _RATIO_TEXT[ratio] = text
    return text


_RATIO_TEXT: dict[Decimal, str] = {}


def _pct(ratio: Decimal | None) -> str:
    """A completion ratio for people: 1.0105… → ``101.05%`` (ROUND_HALF_UP)."""
    if ratio is None:
        return ""
    return pct(ratio)


def outcome_fields(outcome: Outcome, *, budget: bool = False) -> dict[str, Any]:
    """The fields of :meth:`Outcome.to_json <zhibiao.engine.Outcome.to_json>` a report
    row holds (status, ratio, score, score_range, polarity, reason, explanation; the
    budget row: status, ratio, score, explanation), in that order, with the same values
    — without the parsed target and actual a report does not hold."""
    out: dict[str, Any] = {
        "status": outcome.status.value,
        "ratio": None if outcome.ratio is None else _ratio_text(outcome.ratio),
        "score": str(outcome.score),
    }
    if not budget:
        if outcome.score_range is not None:
            out["score_range"] = [str(outcome.score_range[0]), str(outcome.score_range[1])]
        out["polarity"] = outcome.polarity
        if outcome.reason is not None:
            out["reason"] = outcome.reason
    out["explanation"] = outcome.explanation
    return out


class ReportRow(BaseModel):
    """One 三级指标 of the 自评表."""

    model_config = ConfigDict(frozen=True)

    id: str
    level1: str
    level2: str
    name: str
    target: str
    actual: str | None
    points: Decimal
    points_given: bool
    outcome: Outcome
    reason: str | None = None
    reason_required: bool = False

    @property
    def score(self) -> Decimal:
        return self.outcome.score

    @property
    def status(self) -> str:
        return self.outcome.status.value

    @property
    def status_text(self) -> str:
        return _STATUS_TEXT[self.status]

    @property
    def reason_missing(self) -> bool:
        return self.reason_required and not self.reason

    @property
    def review_required(self) -> bool:
        """须复核: the reading is in doubt (``scale_ambiguous``, ``nothing_word``,
        ``implausible_percent``)."""
        return not REVIEW_FLAGS.isdisjoint(self.outcome.flags)

    @property
    def review_reasons(self) -> tuple[str, ...]:
        """Why the row is under 须复核, in Chinese (empty when it is not)."""
        return tuple(text for flag, text in REVIEW_REASONS.items() if flag in self.outcome.flags)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "level1": self.level1, "level2": self.level2, "name": self.name,
            "target_text": self.target, "actual_text": self.actual,
            "points": _num(self.points), "points_given": self.points_given,
            **outcome_fields(self.outcome),
            "deviation_reason": self.reason, "deviation_reason_required": self.reason_required,
            "review_required": self.review_required,
            "flags": list(self.outcome.flags),
        }


class BudgetRow(BaseModel):
    """预算执行率: 全年预算数, 全年执行数, 执行率 × points."""

    model_config = ConfigDict(frozen=True)

    budget: str | None
    spent: str | None
    points: Decimal
    outcome: Outcome

    def to_json(self) -> dict[str, Any]:
        return {"budget": self.budget, "spent": self.spent, "points": _num(self.points),
                **outcome_fields(self.outcome, budget=True)}


class Report(BaseModel):
    """The 自评表 of one project: metadata, rows, budget block, totals, notes, problems."""

    model_config = ConfigDict(frozen=True)

    key: str
    project: str
    unit: str
    year: int | None
    ruleset_path: str
    rows: tuple[ReportRow, ...]
    budget: BudgetRow
    totals: Totals
    notes: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def total(self) -> Decimal:
        return self.totals.total

    @property
    def grade(self) -> str:
        return self.totals.grade

    # ---- exports -------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {**self._json_head(), "rows": [row.to_json() for row in self.rows],
                **self._json_tail()}

    def _json_head(self) -> dict[str, Any]:
        """The fields of :meth:`to_json` before ``rows``."""
        return {"key": self.key, "project": self.project, "unit": self.unit,
                "year": self.year, "ruleset": self.ruleset_path}

    def _json_tail(self) -> dict[str, Any]:
        """The fields of :meth:`to_json` after ``rows``."""
        return {
            "budget": self.budget.to_json(),
            "blocks": [{"name": b.name, "level": b.level, "parent": b.parent,
                        "points": _num(b.weight), "score": _num(b.score),
                        "applicable_points": _num(b.applicable_weight)}
                       for b in self.totals.blocks],
            "total_points": _num(self.totals.total_weight),
            "applicable_points": _num(self.totals.applicable_weight),
            "raw_score": _num(self.totals.raw_score),
            "total": _num(self.totals.total), "grade": self.totals.grade,
            "totals_explanation": self.totals.explanation,
            "notes": list(self.notes),
            "problems": [p.model_dump() for p in self.problems],
        }

    def csv_rows(self) -> list[list[str]]:
        rows = [[self.key, self.project, r.id, r.level1, r.level2, r.name, r.target,
                 r.actual or "", r.status_text, _num(r.points), _num(r.score),
                 _pct(r.outcome.ratio), r.reason or "",
                 "是" if r.reason_missing else "", "是" if r.review_required else "",
                 r.outcome.explanation]
                for r in self.rows]
        b = self.budget
        rows.append([self.key, self.project, "budget", "预算执行率", "", "预算执行率",
                     b.budget or "", b.spent or "", _STATUS_TEXT[b.outcome.status.value],
                     _num(b.points), _num(b.outcome.score), _pct(b.outcome.ratio), "", "", "",
                     b.outcome.explanation])
        rows.append([self.key, self.project, "total", "总分", "", "总分", "", "", self.grade,
                     _num(self.totals.total_weight), _num(self.total), "", "", "", "",
                     self.totals.explanation])
        return rows

    def to_markdown(self) -> str:
        md = markdown_text  # every text from the ruleset, the actuals or the engine
        lines = [f"# {md(self.project)} 绩效自评表", ""]
        meta = [f"实施单位：{md(self.unit)}" if self.unit else "",
                f"年度：{self.year}" if self.year else "", f"规则集：{md(self.ruleset_path)}"]
        lines += [" ｜ ".join(m for m in meta if m), ""]
        header = ("编号", "一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "状态",
                  "分值", "得分", "偏差原因")
        lines += ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
        for r in self.rows:
            reason = md(r.reason) if r.reason else ("**（须填写）**" if r.reason_missing else "")
            status = r.status_text + (" **（须复核）**" if r.review_required else "")
            lines.append(f"| {md(r.id)} | {md(r.level1)} | {md(r.level2)} | {md(r.name)} | "
                         f"{md(r.target)} | {md(r.actual or '—')} | {status} | "
                         f"{_num(r.points)} | {_num(r.score)} | {reason} |")
        b = self.budget
        lines.append(f"| — | 预算执行率 | | 全年预算数 {md(b.budget or '—')}，"
                     f"执行数 {md(b.spent or '—')} | | | "
                     f"{_STATUS_TEXT[b.outcome.status.value]} | {_num(b.points)} | "
                     f"{_num(b.outcome.score)} | |")
        lines += ["", f"**总分 {_num(self.total)}，等级 {md(self.grade)}**", "",
                  md(self.totals.explanation), ""]
        review = [r.id for r in self.rows if r.review_required]
        if review:
            ids = "、".join(md(i) for i in review)
            why = "；".join(dict.fromkeys(text for r in self.rows for text in r.review_reasons))
            lines += [f"**须复核：{ids}**（{why}）", ""]
        lines += ["## 得分说明", ""]
        lines += [f"- {md(r.id)} {md(r.name)}：{md(r.outcome.explanation)}" for r in self.rows]
        lines.append(f"- 预算执行率：{md(b.outcome.explanation)}")
        if self.notes:
            lines += ["", "## 说明", ""] + [f"- {md(n)}" for n in self.notes]
        if self.problems:
            lines += ["", "## 实际值文件中的问题", ""] + [f"- {md(str(p))}" for p in self.problems]
        return "\n".join(lines) + "\n"


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
                      for index, field in enumerate(row)] for row in report.csv_rows())


def _csv_text(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def reports_to_csv(reports: Iterable[Report]) -> str:
    """The csv export: every text field through :func:`~zhibiao.safe_text.csv_field`."""
    return csv_header() + "".join(report_csv(report) for report in reports)


def report_json(report: Report) -> str:
    """One report as compact JSON on one line (a line of ``--format jsonl``): the text
    of ``json_text(report.to_json(), indent=None)``, its rows written straight from the
    report rows (they are most of it) instead of through a dictionary each."""
    head = json.dumps(report._json_head(), ensure_ascii=False)
    tail = json.dumps(report._json_tail(), ensure_ascii=False)
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
             ', "points": ', _text(_num(row.points)),
             ', "points_given": ', _BOOL[row.points_given],
             ', "status": ', _text(outcome.status.value),
             ', "ratio": ', "null" if ratio is None else _text(_ratio_text(ratio)),
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

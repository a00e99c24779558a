"""The filled-in 绩效自评表: one :class:`Report` per project, with its rows and totals.

A report holds the texts as they were given; the writers (one module per format in
:mod:`zhibiao.report`) write them through :mod:`zhibiao.safe_text`. Its JSON form
(:meth:`Report.to_json`) is the reference every other format agrees with.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from zhibiao.engine import Outcome, Totals
from zhibiao.engine.explain import pct
from zhibiao.engine.outcome import REVIEW_FLAGS, REVIEW_REASONS, tidy_ratio
from zhibiao.grammar import format_decimal
from zhibiao.ruleset.problems import Problem

__all__ = (
    "STATUS_TEXT",
    "BudgetRow",
    "FundsLine",
    "Report",
    "ReportRow",
    "number_text",
    "outcome_fields",
    "percent_text",
    "ratio_text",
)

#: Status → its Chinese label in the exports.
STATUS_TEXT = {"achieved": "达成", "not_achieved": "未达成", "not_evaluable": "无法评价",
                "not_applicable": "不适用"}


def number_text(value: Decimal | None) -> str:
    """A number of a report as the exports write it (``format_decimal``; "" for None)."""
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


def ratio_text(ratio: Decimal) -> str:
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


def percent_text(ratio: Decimal | None) -> str:
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
        "ratio": None if outcome.ratio is None else ratio_text(outcome.ratio),
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
    #: The target as the filled forms (xlsx, html) show it, when the ruleset gives its
    #: unit or direction apart (``≤90%`` for ``90`` + ``%`` + 反向); None: :attr:`target`.
    target_shown: str | None = None

    @property
    def score(self) -> Decimal:
        return self.outcome.score

    @property
    def form_target(self) -> str:
        """The 年度指标值 cell of a filled form."""
        return self.target if self.target_shown is None else self.target_shown

    @property
    def status(self) -> str:
        return self.outcome.status.value

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

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
            "points": number_text(self.points), "points_given": self.points_given,
            **outcome_fields(self.outcome),
            "deviation_reason": self.reason, "deviation_reason_required": self.reason_required,
            "review_required": self.review_required,
            "flags": list(self.outcome.flags),
        }


class BudgetRow(BaseModel):
    """预算执行率: 全年预算数, 全年执行数, 执行率 × points (and 年初预算数 when the
    actuals give it)."""

    model_config = ConfigDict(frozen=True)

    budget: str | None
    spent: str | None
    points: Decimal
    outcome: Outcome
    initial: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"budget": self.budget, "spent": self.spent, "initial": self.initial,
                "points": number_text(self.points),
                **outcome_fields(self.outcome, budget=True)}


class FundsLine(BaseModel):
    """One line of the 项目资金（万元） block of the form: 年度资金总额 or one of its
    sources (其中：当年财政拨款, 上年结转资金, 其他资金); amounts in 万元, None where
    the ruleset and the actuals give none (or give one that is no amount)."""

    model_config = ConfigDict(frozen=True)

    name: str
    initial: Decimal | None = None
    annual: Decimal | None = None
    spent: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "initial": _maybe(self.initial),
                "annual": _maybe(self.annual), "spent": _maybe(self.spent)}


def _maybe(value: Decimal | None) -> str | None:
    return None if value is None else number_text(value)


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
    department: str = ""
    """主管部门."""
    kind: Literal["project", "unit"] = "project"
    """project: 项目支出绩效自评表; unit: 部门整体支出绩效自评表."""
    goal: str | None = None
    """年度总体目标 — 预期目标 (the ruleset's ``[goals] annual``)."""
    goal_actual: str | None = None
    """年度总体目标 — 实际完成情况 (the actuals' row ``年度总体目标``)."""
    funds: tuple[FundsLine, ...] = ()
    """The 项目资金（万元） block: 年度资金总额, then the sources (may be empty)."""

    @property
    def total(self) -> Decimal:
        return self.totals.total

    @property
    def grade(self) -> str:
        return self.totals.grade

    # ---- JSON (the reference form; the writers are in zhibiao.report) --------------
    def to_json(self) -> dict[str, Any]:
        return {**self.json_head(), "rows": [row.to_json() for row in self.rows],
                **self.json_tail()}

    def json_head(self) -> dict[str, Any]:
        """The fields of :meth:`to_json` before ``rows``."""
        return {"key": self.key, "project": self.project, "unit": self.unit,
                "department": self.department, "kind": self.kind,
                "year": self.year, "ruleset": self.ruleset_path,
                "goal": {"expected": self.goal, "actual": self.goal_actual},
                "funds": [line.to_json() for line in self.funds]}

    def json_tail(self) -> dict[str, Any]:
        """The fields of :meth:`to_json` after ``rows``."""
        return {
            "budget": self.budget.to_json(),
            "blocks": [{"name": b.name, "level": b.level, "parent": b.parent,
                        "points": number_text(b.weight), "score": number_text(b.score),
                        "applicable_points": number_text(b.applicable_weight)}
                       for b in self.totals.blocks],
            "total_points": number_text(self.totals.total_weight),
            "applicable_points": number_text(self.totals.applicable_weight),
            "raw_score": number_text(self.totals.raw_score),
            "total": number_text(self.totals.total), "grade": self.totals.grade,
            "totals_explanation": self.totals.explanation,
            "notes": list(self.notes),
            "problems": [p.model_dump() for p in self.problems],
        }

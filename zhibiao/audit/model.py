"""What an audit finds: each published row re-scored and compared (:class:`AuditRow`),
the 总分 (:class:`AuditTotal`), and per table (:class:`AuditDocument`) its problems and
verdict. ``as_json`` gives the shape of ``zhibiao audit --format json``.

Verdicts (stable English keys, Chinese labels in :data:`VERDICTS`):

- ``match`` — |published − recomputed| ≤ 0.01, or, for a qualitative row whose tier
  leaves the evaluator a choice, the published score inside ``score_range``;
- ``differs`` — the published score is another number;
- ``not_evaluable`` — the row cannot be re-scored (the 指标值 does not parse, no 分值,
  the engine cannot read the 实际完成值 …; the explanation says why);
- ``not_published`` — re-scored, but the table shows no 得分 (or no number there).

A document's verdict is ``differs`` when any row, the budget or the total differs,
``match`` when all of them match, and otherwise ``incomplete`` (something could not be
compared).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zhibiao.ruleset.problems import Problem

__all__ = ("DOCUMENT_VERDICTS", "VERDICTS", "AuditDocument", "AuditResult", "AuditRow",
           "AuditTotal", "DocumentVerdict", "Verdict")

Verdict = Literal["match", "differs", "not_evaluable", "not_published"]
DocumentVerdict = Literal["match", "differs", "incomplete"]

#: Verdict → its Chinese label.
VERDICTS: dict[str, str] = {"match": "一致", "differs": "不一致", "not_evaluable": "无法评价",
                            "not_published": "未填得分"}
#: Document verdict → its Chinese label.
DOCUMENT_VERDICTS: dict[str, str] = {"match": "一致", "differs": "不一致",
                                     "incomplete": "部分无法核对"}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


class AuditRow(_Model):
    """One row re-scored: the texts as published (``points``/``published_score`` as
    written), the recomputed ``score`` (None when the row cannot be scored) and the
    allowed ``score_range`` of a qualitative judgement."""

    cell: str
    level1: str
    level2: str
    indicator: str
    target: str | None
    actual: str | None
    points: str | None
    published_score: str | None
    score: Decimal | None
    score_range: tuple[Decimal, Decimal] | None = None
    verdict: Verdict
    explanation: str

    def as_json(self) -> dict[str, Any]:
        return {"cell": self.cell, "level1": self.level1, "level2": self.level2,
                "indicator": self.indicator, "target": self.target, "actual": self.actual,
                "points": self.points, "published_score": self.published_score,
                "score": _text(self.score),
                "score_range": None if self.score_range is None
                else [str(self.score_range[0]), str(self.score_range[1])],
                "verdict": self.verdict, "explanation": self.explanation}


class AuditTotal(_Model):
    """The 总分 row: ``published`` as written, ``recomputed`` from the re-scored rows."""

    published: str | None
    recomputed: Decimal | None
    verdict: Verdict
    cell: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"published": self.published, "recomputed": _text(self.recomputed),
                "verdict": self.verdict}


class AuditDocument(_Model):
    """One filled table (a sheet may hold several) and what its audit found."""

    source: str
    sheet: str
    project: str
    rows: list[AuditRow] = Field(default_factory=list)
    budget: AuditRow | None = None
    total: AuditTotal
    problems: list[Problem] = Field(default_factory=list)
    verdict: DocumentVerdict

    @property
    def differs(self) -> int:
        """How many rows (the budget included) differ."""
        return sum(row.verdict == "differs" for row in self.all_rows)

    @property
    def all_rows(self) -> list[AuditRow]:
        return [*self.rows, *([self.budget] if self.budget is not None else [])]

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "sheet": self.sheet, "project": self.project,
                "rows": [row.as_json() for row in self.rows],
                "budget": None if self.budget is None else self.budget.as_json(),
                "total": self.total.as_json(),
                "problems": [problem.model_dump() for problem in self.problems],
                "verdict": self.verdict}


class AuditResult(_Model):
    """Every document audited, in the order read."""

    documents: list[AuditDocument] = Field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Every document matches and no problem was found."""
        return all(d.verdict == "match" and not d.problems for d in self.documents)

    def as_json(self) -> dict[str, Any]:
        return {"documents": [document.as_json() for document in self.documents]}

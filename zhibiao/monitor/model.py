"""The monitoring report (项目支出绩效目标执行监控表, 财预〔2019〕136号) as frozen models.

One :class:`MonitorReport` per project: each indicator's value to date, its projected
year-end value, the 偏差 and the 完成目标可能性, each with a Chinese explanation; the
资金 block (1–X月执行数, 执行率, 全年预计执行数); the problems found. Amounts are exact
Decimals in the target's canonical unit (``zhibiao parse --json``: 万 folded).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from zhibiao.grammar import format_decimal
from zhibiao.ruleset.problems import Problem

__all__ = ("Amount", "Deviation", "Likelihood", "MonitorBudget", "MonitorReport", "MonitorRow")


class Likelihood(StrEnum):
    """完成目标可能性, as the 136号 form writes it."""

    CERTAIN = "确定能"
    POSSIBLE = "有可能"
    IMPOSSIBLE = "完全不可能"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Amount(_Frozen):
    """A value in a canonical unit (``unit`` empty when none was written)."""

    value: Decimal
    unit: str = ""

    def as_json(self) -> dict[str, str]:
        return {"value": format_decimal(self.value), "unit": self.unit}


class Deviation(_Frozen):
    """偏差: the projected value minus the target's bound it is measured against, and
    ``flag`` when the projection does not meet the target."""

    value: Decimal
    unit: str = ""
    flag: bool

    def as_json(self) -> dict[str, Any]:
        return {"value": format_decimal(self.value), "unit": self.unit, "flag": self.flag}


class MonitorRow(_Frozen):
    """One 三级指标 at the monitoring date."""

    id: str
    level1: str
    level2: str
    indicator: str
    target: str
    to_date: str | None
    projected: Amount | None
    deviation: Deviation | None
    likelihood: Likelihood | None
    explanation: str
    reason: str | None = None
    """偏差原因 as the actuals file gives it."""
    projected_text: str | None = None
    """The projection as the target writes it (``8.47万``), for the printed forms."""
    deviation_text: str | None = None
    """The 偏差 as the target writes it, signed (``+1.23万``)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "indicator": self.indicator, "target": self.target,
            "to_date": self.to_date,
            "projected": None if self.projected is None else self.projected.as_json(),
            "deviation": None if self.deviation is None else self.deviation.as_json(),
            "likelihood": None if self.likelihood is None else self.likelihood.value,
            "explanation": self.explanation,
        }


class MonitorBudget(_Frozen):
    """The 资金 block: 全年预算数, 1–X月执行数, 执行率 and 全年预计执行数."""

    months: int
    total: Amount | None
    to_date: Amount | None
    rate: Decimal | None
    projected: Amount | None
    explanation: str

    def as_json(self) -> dict[str, Any]:
        def amount(value: Amount | None) -> dict[str, str] | None:
            return None if value is None else value.as_json()

        return {"months": self.months, "total": amount(self.total),
                "to_date": amount(self.to_date),
                "rate": None if self.rate is None else format_decimal(self.rate),
                "projected": amount(self.projected), "explanation": self.explanation}


class MonitorReport(_Frozen):
    """One project's 绩效目标执行监控表."""

    key: str
    project: str
    unit: str
    year: int
    as_of: dt.date
    basis: str
    rows: tuple[MonitorRow, ...]
    budget: MonitorBudget
    problems: tuple[Problem, ...] = ()

    @property
    def months(self) -> int:
        """X of 1–X月."""
        return self.as_of.month

    def as_json(self) -> dict[str, Any]:
        """``{"project", "as_of", "rows": [...], "budget": {...}}`` (the issue's shape)."""
        return {"project": self.project, "as_of": self.as_of.isoformat(),
                "rows": [row.as_json() for row in self.rows], "budget": self.budget.as_json()}

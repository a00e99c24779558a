"""How far into the year a date is, and a value to date projected to the year's end.

Three bases (``[monitor] basis`` in the ruleset, or ``--basis``):

- ``calendar`` (default): ``value × days in year ÷ days from 1 January to DATE inclusive``;
- ``workdays``: the same with working days of the official calendar (调休 included,
  :mod:`zhibiao.engine.workdays`);
- ``schedule``: the author's monthly plan (``schedule``: 12 percentages adding up to
  100); the share planned by DATE is the months before it plus, for its own month, the
  month's share × days elapsed ÷ days in the month (rounded to 0.01 percentage points,
  half up); the projection is ``value × 100 ÷ share``.

All arithmetic is exact Decimal under zhibiao's own context; a projection is rounded
to the policy's precision in the target's written unit (ROUND_HALF_UP by default).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zhibiao.decimal_context import ACTIVE_CONTEXT
from zhibiao.engine.explain import num
from zhibiao.engine.policy import Policy
from zhibiao.engine.workdays import count_working_days
from zhibiao.errors import EvaluationError
from zhibiao.grammar import Quantity

__all__ = ("BASES", "Progress", "ProgressError", "progress", "project")

#: The bases a projection can use, with their Chinese names.
BASES: dict[str, str] = {"calendar": "日历天数", "workdays": "法定工作日",
                         "schedule": "月度计划进度"}
_HUNDRED = Decimal(100)
_SHARE_QUANTUM = Decimal("0.01")


class ProgressError(ValueError):
    """The date cannot be placed in the year (outside it, no data, nothing planned yet);
    the message is Chinese and says how to fix it."""


@dataclass(frozen=True, slots=True)
class Progress:
    """How far ``as_of`` is into ``year`` on ``basis``: ``elapsed`` of ``total``."""

    year: int
    as_of: dt.date
    basis: str
    elapsed: Decimal
    total: Decimal
    description: str
    """In Chinese, e.g. ``1月1日至6月30日共 181 天，全年 365 天``."""

    @property
    def year_over(self) -> bool:
        """The date is the last day of the year: nothing more can happen."""
        return self.as_of == dt.date(self.year, 12, 31)

    @property
    def factor_text(self) -> str:
        """The arithmetic of the projection after the value: ``×365÷181``."""
        if self.basis == "schedule":
            return f"÷{num(self.elapsed)}%"
        return f"×{num(self.total)}÷{num(self.elapsed)}"


def progress(as_of: dt.date, year: int, basis: str = "calendar",
             schedule: Sequence[Decimal] | None = None) -> Progress:
    """The progress of ``as_of`` in ``year``; raises :class:`ProgressError`.

    >>> p = progress(dt.date(2023, 6, 30), 2023)
    >>> p.elapsed, p.total, p.factor_text
    (Decimal('181'), Decimal('365'), '×365÷181')
    """
    if as_of.year != year:
        raise ProgressError(f"截至日期 {as_of.isoformat()} 不在规则集的预算年度 {year} 年内；"
                            f"请用 {year} 年内的日期（--as-of {year}-06-30 这样）")
    day = f"{as_of.month}月{as_of.day}日"
    if basis == "calendar":
        elapsed = (as_of - dt.date(year, 1, 1)).days + 1
        total = 366 if calendar.isleap(year) else 365
        return Progress(year, as_of, basis, Decimal(elapsed), Decimal(total),
                        f"1月1日至{day}共 {elapsed} 天，全年 {total} 天")
    if basis == "workdays":
        start = dt.date(year - 1, 12, 31)  # counting starts the day after (民法典 第201条)
        try:
            worked = count_working_days(start, as_of)
            whole = count_working_days(start, dt.date(year, 12, 31))
        except EvaluationError as exc:
            raise ProgressError(f"{exc}；请改用日历天数（--basis calendar）") from None
        if worked == 0:
            raise ProgressError(f"1月1日至{day}没有法定工作日，无法按工作日外推；"
                                "请用更晚的截至日期或按日历天数（--basis calendar）")
        return Progress(year, as_of, basis, Decimal(worked), Decimal(whole),
                        f"1月1日至{day}有法定工作日 {worked} 天，全年 {whole} 天")
    if basis == "schedule":
        if schedule is None or len(schedule) != 12:
            raise ProgressError("按月度计划进度外推须在规则集 [monitor] 中给出 schedule"
                                "（1–12 月每月计划完成的百分比，合计 100）")
        before = sum(schedule[:as_of.month - 1], Decimal(0))
        month_days = calendar.monthrange(year, as_of.month)[1]
        part = ACTIVE_CONTEXT.divide(schedule[as_of.month - 1] * as_of.day, month_days)
        share = (before + part).quantize(_SHARE_QUANTUM, ROUND_HALF_UP, context=ACTIVE_CONTEXT)
        share = Decimal(num(share))
        if share == 0:
            raise ProgressError(f"月度计划进度到{day}为 0%，无法外推；"
                                "请检查 [monitor] schedule 或改按日历天数（--basis calendar）")
        return Progress(year, as_of, basis, share, _HUNDRED,
                        f"按月度计划进度，1月1日至{day}计划完成全年的 {num(share)}%")
    raise ProgressError(f"未知的外推依据 “{basis}”：应为 calendar、workdays 或 schedule")


def project(value: Decimal, like: Quantity, where: Progress, policy: Policy) -> Decimal:
    """``value`` (canonical unit of ``like``) projected to the year's end, rounded by
    ``policy`` in ``like``'s written unit (15.8287…万 → 15.83万), canonical again."""
    exact = ACTIVE_CONTEXT.divide(ACTIVE_CONTEXT.multiply(value, where.total), where.elapsed)
    factor = like.multiplier_factor
    written = policy.round(ACTIVE_CONTEXT.divide(exact, factor))
    return Decimal(num(ACTIVE_CONTEXT.multiply(written, factor)))

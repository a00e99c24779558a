"""One monitoring run, as ``zhibiao monitor`` and ``POST /v1/monitor`` both make it: the
as-of date read from its text, the loaded rulesets monitored against the actuals rows,
and whether a report may be written at all.

No report is written (the command exits 2, the service answers 422) when no ruleset's
year holds the date, or when no actuals row reached an indicator or the budget row: a
监控表 of empty rows would only mislead. Loading the files (or the request's texts) and
refusing when no ruleset can be used are the caller's: they differ between the two.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zhibiao.monitor.model import MonitorReport
from zhibiao.monitor.monitoring import LineOf, file_line, monitor_rulesets
from zhibiao.ruleset.actuals import ActualRow
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset

__all__ = ("AsOfError", "MonitorRun", "Refusal", "as_of_date", "monitor_run")


class AsOfError(ValueError):
    """The as-of date is not a date; the message is Chinese and says how to write it."""


def as_of_date(text: str) -> dt.date:
    """The as-of date: ``YYYY-MM-DD`` (ISO 8601, also ``20230630``), or a whole date as
    people write it — ``2023/6/30``, ``2023.6.30``, ``2023年6月30日`` (full-width digits
    too). A date without its year, or one that does not exist, is refused.

    >>> as_of_date(" 2023-06-30 "), as_of_date("2023年6月30日"), as_of_date("2023/6/30")
    (datetime.date(2023, 6, 30), datetime.date(2023, 6, 30), datetime.date(2023, 6, 30))
    >>> as_of_date("2023-02-30")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    zhibiao.monitor.run.AsOfError: 截至日期 “2023-02-30” 不是有效日期，应写作 YYYY-MM-DD，...
    """
    written = unicodedata.normalize("NFKC", text).strip()
    whole = _WHOLE_DATE.fullmatch(written)
    try:
        if whole is not None:
            return dt.date(int(whole[1]), int(whole[2]), int(whole[3]))
        return dt.date.fromisoformat(written)
    except ValueError:
        raise AsOfError(f"截至日期 “{text}” 不是有效日期，应写作 YYYY-MM-DD，如 2023-06-30"
                        "（也可写 2023/6/30、2023年6月30日；a date as YYYY-MM-DD）") from None


#: A whole date as people write it: year, month and day, with -, /, . or 年月日.
_WHOLE_DATE = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")


@dataclass(frozen=True)
class Refusal:
    """Why no report is written: a stable ``code`` and the Chinese ``message``."""

    code: str
    message: str


@dataclass(frozen=True)
class MonitorRun:
    """The reports (one per ruleset whose year holds the date), every problem monitoring
    found (in order; the rows that reached no ruleset first), and the refusal (None when
    the reports may be written)."""

    reports: list[MonitorReport]
    problems: list[Problem]
    refusal: Refusal | None


def _reached(reports: Sequence[MonitorReport]) -> bool:
    """Whether any actuals row reached an indicator or the budget row."""
    return any(row.to_date is not None for report in reports for row in report.rows) or \
        any(report.budget.to_date is not None for report in reports)


def monitor_run(rulesets: Sequence[Ruleset], rows: Iterable[ActualRow], as_of: dt.date,
                basis: str | None, actuals_name: str, *,
                line_of: LineOf = file_line) -> MonitorRun:
    """Monitor ``rulesets`` (loaded, without errors) with the actuals ``rows`` read from
    ``actuals_name`` at ``as_of``; ``basis`` overrides each ruleset's own, ``line_of``
    finds a field's line in a ruleset (by default in its file)."""
    reports, problems = monitor_rulesets(rulesets, rows, as_of, basis, line_of=line_of)
    refusal = None
    if not reports:
        refusal = Refusal("no_ruleset_for_date",
                          f"没有预算年度包含 {as_of.isoformat()} 的规则集，未生成报告"
                          "（no ruleset for this date, no report written）")
    elif not _reached(reports):
        refusal = Refusal("no_usable_actuals",
                          f"{actuals_name} 中没有可用的执行情况行（没有一行对应到指标），"
                          "未生成报告（no usable actuals row, no report written）")
    return MonitorRun(reports, problems, refusal)

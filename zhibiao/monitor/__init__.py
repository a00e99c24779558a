"""绩效运行监控 (``zhibiao monitor``): mid-year monitoring against the year's targets.

Under 财预〔2019〕136号 each unit fills a 项目支出绩效目标执行监控表 mid-year (usually for
1–6月 or 1–7月). :func:`monitor_rulesets` takes the same rulesets as ``zhibiao score``
and the actuals to date, and gives each indicator its value to date, the projected
year-end value, the 偏差 and the 完成目标可能性 (确定能 / 有可能 / 完全不可能), each with
a Chinese explanation of the arithmetic; the budget block gives 1–X月执行数, 执行率 and
the projected 全年执行数. See docs/guide.md (绩效运行监控).

This package computes the reports (:class:`MonitorReport`); their writers (table, json,
md, xlsx, html) are the ``monitor`` formats of the report room (:mod:`zhibiao.report`):
``get_writer("xlsx", "monitor").write(reports, out)``. :func:`monitor_run` is one run
as ``zhibiao monitor`` and the service's ``POST /v1/monitor`` make it (reports, problems,
and whether a report may be written).
"""

from __future__ import annotations

from zhibiao.monitor.model import (
    Amount,
    Deviation,
    Likelihood,
    MonitorBudget,
    MonitorReport,
    MonitorRow,
)
from zhibiao.monitor.monitoring import monitor_ruleset, monitor_rulesets
from zhibiao.monitor.run import MonitorRun, Refusal, as_of_date, monitor_run

__all__ = ("Amount", "Deviation", "Likelihood", "MonitorBudget", "MonitorReport",
           "MonitorRow", "MonitorRun", "Refusal", "as_of_date", "monitor_ruleset",
           "monitor_rulesets", "monitor_run")

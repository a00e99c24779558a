"""Rulesets: one file per project's target table; loaded, checked, scored into reports.

The names are imported on first use: the report model (:mod:`zhibiao.report`) uses
:mod:`zhibiao.ruleset.problems`, and scoring uses the report model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhibiao.report.model import BudgetRow, Report, ReportRow
    from zhibiao.ruleset.load import load_ruleset, read_ruleset
    from zhibiao.ruleset.problems import Problem
    from zhibiao.ruleset.ruleset import Indicator, Ruleset
    from zhibiao.ruleset.scoring import score_ruleset, score_rulesets

_LAZY: dict[str, str] = {
    "BudgetRow": "zhibiao.report.model",
    "Indicator": "zhibiao.ruleset.ruleset",
    "Problem": "zhibiao.ruleset.problems",
    "Report": "zhibiao.report.model",
    "ReportRow": "zhibiao.report.model",
    "Ruleset": "zhibiao.ruleset.ruleset",
    "load_ruleset": "zhibiao.ruleset.load",
    "read_ruleset": "zhibiao.ruleset.load",
    "score_ruleset": "zhibiao.ruleset.scoring",
    "score_rulesets": "zhibiao.ruleset.scoring",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zhibiao.ruleset' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = (
    "BudgetRow",
    "Indicator",
    "Problem",
    "Report",
    "ReportRow",
    "Ruleset",
    "load_ruleset",
    "read_ruleset",
    "score_ruleset",
    "score_rulesets",
)

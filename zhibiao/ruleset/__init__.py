"""Rulesets: one file per project's target table; loaded, checked, scored into reports."""

from zhibiao.ruleset.load import load_ruleset, read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.report import BudgetRow, Report, ReportRow
from zhibiao.ruleset.ruleset import Indicator, Ruleset
from zhibiao.ruleset.scoring import score_ruleset, score_rulesets

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

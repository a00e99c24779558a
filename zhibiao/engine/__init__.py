"""The scoring engine: an actual against a parsed target, scored the way 绩效自评 does.

>>> from zhibiao.engine import evaluate
>>> evaluate("≥95%", "92%", weight=10).explanation
'目标 ≥95%，实际 92%，未达成；正向指标按比例得分 92÷95×10 = 9.68'

Every rule variant in use is a setting of :class:`Policy`; every outcome carries the
status, the completion ratio, the score (Decimal, rounded by the policy), the allowed
score range where the rules leave a choice, and an explanation in Chinese.

:class:`Scorer` is the single scoring path: a target compiled once under its settings
and parser (``Scorer.compile``), then ``.score(actual, weight)``; :func:`evaluate` does
both in one call. The engine reads no text itself: targets, actuals, header units and
amounts are read by the parser (:mod:`zhibiao.grammar`, the door).
"""

from zhibiao.engine.actuals import parse_actual
from zhibiao.engine.budget import evaluate_budget
from zhibiao.engine.evaluate import evaluate, evaluate_many
from zhibiao.engine.outcome import Outcome, Status
from zhibiao.engine.policy import Direction, Policy
from zhibiao.engine.scorer import NumericRule, Scorer
from zhibiao.engine.totals import BlockTotal, Totals, summarize
from zhibiao.engine.workdays import count_working_days
from zhibiao.grammar import Actual

__all__ = (
    "Actual",
    "BlockTotal",
    "Direction",
    "NumericRule",
    "Outcome",
    "Policy",
    "Scorer",
    "Status",
    "Totals",
    "count_working_days",
    "evaluate",
    "evaluate_budget",
    "evaluate_many",
    "parse_actual",
    "summarize",
)

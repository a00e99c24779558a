"""zhibiao (指标): Chinese budget performance targets as a typed language and a scoring engine.

>>> from zhibiao import parse, evaluate
>>> str(parse("不低于 95 ％"))
'≥95%'
>>> evaluate("≥95%", "92%", weight=10).score
Decimal('9.68')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are imported on first use (see __getattr__)
    from zhibiao.engine import (
        BlockTotal,
        Direction,
        NumericRule,
        Outcome,
        Policy,
        Scorer,
        Status,
        Totals,
        count_working_days,
        evaluate,
        evaluate_budget,
        evaluate_many,
        parse_actual,
        summarize,
    )
    from zhibiao.errors import (
        ActualsError,
        DataFileError,
        EvaluationError,
        IndicatorSyntaxError,
        RulesetError,
        ZhibiaoError,
    )
    from zhibiao.grammar import (
        Comparison,
        Compound,
        DatePoint,
        Deadline,
        IndicatorParser,
        NotApplicable,
        Op,
        Qualitative,
        Quantity,
        Range,
        Span,
        Target,
        Unit,
        parse,
    )
    from zhibiao.ruleset import Indicator, Report, Ruleset, load_ruleset, read_ruleset

#: Where each public name lives. They are imported on first use, so that
#: ``zhibiao parse`` starts without loading the engine, rulesets or report writers.
_LAZY: dict[str, str] = {
    "ActualsError": "zhibiao.errors",
    "BlockTotal": "zhibiao.engine",
    "Comparison": "zhibiao.grammar",
    "Compound": "zhibiao.grammar",
    "DataFileError": "zhibiao.errors",
    "DatePoint": "zhibiao.grammar",
    "Deadline": "zhibiao.grammar",
    "Direction": "zhibiao.engine",
    "EvaluationError": "zhibiao.errors",
    "Indicator": "zhibiao.ruleset",
    "IndicatorParser": "zhibiao.grammar",
    "IndicatorSyntaxError": "zhibiao.errors",
    "NotApplicable": "zhibiao.grammar",
    "Op": "zhibiao.grammar",
    "Outcome": "zhibiao.engine",
    "Policy": "zhibiao.engine",
    "Qualitative": "zhibiao.grammar",
    "Quantity": "zhibiao.grammar",
    "Range": "zhibiao.grammar",
    "Report": "zhibiao.ruleset",
    "Ruleset": "zhibiao.ruleset",
    "RulesetError": "zhibiao.errors",
    "Span": "zhibiao.grammar",
    "Status": "zhibiao.engine",
    "Target": "zhibiao.grammar",
    "Totals": "zhibiao.engine",
    "Unit": "zhibiao.grammar",
    "ZhibiaoError": "zhibiao.errors",
    "count_working_days": "zhibiao.engine",
    "evaluate": "zhibiao.engine",
    "evaluate_budget": "zhibiao.engine",
    "evaluate_many": "zhibiao.engine",
    "Scorer": "zhibiao.engine",
    "NumericRule": "zhibiao.engine",
    "load_ruleset": "zhibiao.ruleset",
    "parse": "zhibiao.grammar",
    "parse_actual": "zhibiao.engine",
    "read_ruleset": "zhibiao.ruleset",
    "summarize": "zhibiao.engine",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zhibiao' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0"

__all__ = (
    "ActualsError",
    "BlockTotal",
    "Comparison",
    "Compound",
    "DataFileError",
    "DatePoint",
    "Deadline",
    "Direction",
    "EvaluationError",
    "Indicator",
    "IndicatorParser",
    "IndicatorSyntaxError",
    "NotApplicable",
    "NumericRule",
    "Op",
    "Outcome",
    "Policy",
    "Qualitative",
    "Quantity",
    "Range",
    "Report",
    "Ruleset",
    "RulesetError",
    "Scorer",
    "Span",
    "Status",
    "Target",
    "Totals",
    "Unit",
    "ZhibiaoError",
    "__version__",
    "count_working_days",
    "evaluate",
    "evaluate_budget",
    "evaluate_many",
    "load_ruleset",
    "parse",
    "parse_actual",
    "read_ruleset",
    "summarize",
)

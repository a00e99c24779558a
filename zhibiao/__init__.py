"""zhibiao (指标): Chinese budget performance targets as a typed language and a scoring engine.

>>> from zhibiao import parse
>>> str(parse("不低于 95 ％"))
'≥95%'
"""

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

__version__ = "0.1.0"

__all__ = (
    "ActualsError",
    "Comparison",
    "Compound",
    "DataFileError",
    "DatePoint",
    "Deadline",
    "EvaluationError",
    "IndicatorParser",
    "IndicatorSyntaxError",
    "NotApplicable",
    "Op",
    "Qualitative",
    "Quantity",
    "Range",
    "RulesetError",
    "Span",
    "Target",
    "Unit",
    "ZhibiaoError",
    "__version__",
    "parse",
)

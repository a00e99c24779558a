"""What one scored row holds (:class:`Record`), from an outcome or from a problem of
the row itself — a target that does not parse, a weight missing or not a number.

A row with such a problem is never dropped: it becomes ``not_evaluable`` with one of
:data:`ROW_REASONS` as its ``reason``, no score and no ratio, and the Chinese message
(what was wrong and how to fix it) as its explanation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from zhibiao.engine.evaluate import coerce_weight
from zhibiao.engine.outcome import Outcome, Status
from zhibiao.engine.policy import Policy
from zhibiao.engine.scorer import Scorer
from zhibiao.errors import IndicatorSyntaxError, ZhibiaoError
from zhibiao.grammar import Comparison, IndicatorParser, Range, Target

__all__ = ("ROW_REASONS", "Record", "compile_scorer", "number_actual", "read_weight",
           "record_of", "score_row")

#: ``reason`` keys of rows that could not be scored at all, with their Chinese wording
#: (the engine's own reasons are :data:`zhibiao.engine.outcome.REASONS`).
ROW_REASONS: dict[str, str] = {
    "missing_target": "缺少指标值",
    "unparsable_target": "指标值无法解析",
    "bad_target": "指标值与单位或政策设置不符",
    "missing_weight": "缺少分值",
    "bad_weight": "分值不是合规的数字",
    "evaluation_error": "评分时数值超出范围",
}
_NOT_EVALUABLE = Status.NOT_EVALUABLE.value


class Record(NamedTuple):
    """The output columns of one row."""

    status: str
    score: Decimal | None
    ratio: Decimal | None
    reason: str | None
    flags: tuple[str, ...]
    explanation: str


def _problem(reason: str, message: str) -> Record:
    return Record(_NOT_EVALUABLE, None, None, reason, (), message)


def record_of(outcome: Outcome) -> Record:
    return Record(outcome.status.value, outcome.score, outcome.ratio, outcome.reason,
                  outcome.flags, outcome.explanation)


def compile_scorer(target: str | None, category: str | None, unit: str | None,
                   policy: Policy, parser: IndicatorParser | None) -> Scorer | Record:
    """The scorer of one distinct (target, category, unit), or the row problem."""
    if target is None:
        return _problem("missing_target", "缺少指标值（target 为空值），请填写指标值")
    try:
        model: Target | str = target if parser is None else parser.parse(target)
        return Scorer.compile(model, policy=policy, category=category, unit=unit,
                              parser=parser)
    except IndicatorSyntaxError as exc:
        return _problem("unparsable_target", str(exc))
    except ZhibiaoError as exc:
        return _problem("bad_target", f"{ROW_REASONS['bad_target']}：{exc}")


def read_weight(weight: object) -> Decimal | Record:
    """The weight as the engine reads it, or the row problem."""
    if weight is None:
        return _problem("missing_weight", "缺少分值（weight 为空值），请填写分值")
    try:
        return coerce_weight(weight)
    except ZhibiaoError as exc:
        return _problem("bad_weight", str(exc))


def score_row(scorer: Scorer, actual: object, weight: Decimal) -> Record:
    """One distinct (target, actual, weight) through :meth:`Scorer.score`."""
    try:
        return record_of(scorer.score(actual, weight))  # type: ignore[arg-type]
    except ZhibiaoError as exc:
        return _problem("evaluation_error", str(exc))


def number_actual(value: Decimal, scorer: Scorer) -> str | Decimal:
    """A number of a decimal ``actual`` column as the actual it stands for: the value in
    the target's base unit (``11000`` against ``≥1.2万元`` is ``11000元``, ``92`` against
    ``≥95%`` is ``92%``); against a target without one unit (a deadline, a qualitative
    or compound target) the bare number."""
    unit = base_unit(scorer.model)
    return value if unit is None else f"{value:f}{unit}"


def base_unit(model: Target) -> str | None:
    """The name of the unit ``zhibiao parse --json`` reports for the target (``""`` for
    a dimensionless one), or ``None`` when it has no single unit."""
    if isinstance(model, Comparison):
        return model.quantity.unit.name
    if isinstance(model, Range):
        return model.low.unit.name
    return None

"""The working state of one evaluation: :class:`Case` (the inputs) and :class:`Finding`
(what a scoring rule found, before the score is rounded and the explanation written).

Rules return findings; :func:`zhibiao.engine.explain.finish` turns a finding into the
public :class:`~zhibiao.engine.outcome.Outcome`. Keeping the two apart lets a compound
target average its clauses' unrounded shares. Both are named tuples: an evaluation
builds a few of them, and tuples are the cheapest immutable records Python has.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from zhibiao.engine.outcome import REASONS, Status
from zhibiao.engine.policy import Direction, Policy
from zhibiao.grammar import Actual, ActualReader, IndicatorParser, Target, default_parser

__all__ = ("HUNDRED", "ONE", "ZERO", "Case", "Finding", "not_evaluable")

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class Case(NamedTuple):
    """Everything one evaluation looks at."""

    target: Target
    actual: Actual | None
    actual_text: str
    weight: Decimal
    policy: Policy
    direction: Direction | None = None
    category: str | None = None
    target_text: str = ""
    parser: IndicatorParser | None = None
    """The parser the target and actual were read with (the package's own if none)."""
    indicator: str | None = None
    """The indicator's name (read for a bare value's direction: ``direction_from_name``)."""

    @property
    def words(self) -> ActualReader:
        """How the case's parser reads actuals: its grade bands and nothing-words."""
        return (self.parser or default_parser()).actuals


class Finding(NamedTuple):
    """What a rule found.

    ``fraction`` is the share of the points earned (0–1, unrounded); a rule that picks
    the score itself (a qualitative tier) sets ``score`` instead. ``working`` is the
    Chinese text of the rule and its arithmetic, ending just before the score
    (``正向指标按比例得分 92÷95×10 = ``); ``notes`` follow the score.
    """

    status: Status
    polarity: str
    fraction: Decimal = ZERO
    ratio: Decimal | None = None
    working: str = ""
    notes: tuple[str, ...] = ()
    actual_note: str = ""
    flags: tuple[str, ...] = ()
    reason: str | None = None
    score: Decimal | None = None
    score_range: tuple[Decimal, Decimal] | None = None


def not_evaluable(polarity: str, reason: str, detail: str = "", *,
                  flags: tuple[str, ...] = ()) -> Finding:
    """A finding that gives no score, with the reason in words."""
    text = REASONS[reason] + (f"（{detail}）" if detail else "")
    return Finding(Status.NOT_EVALUABLE, polarity, working=f"{text}；得分记为 ",
                   notes=("需补充或核实后重新评价",), reason=reason, flags=flags)

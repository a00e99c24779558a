"""``Scorer``: one target compiled once under its settings, then scored many times.

``Scorer.compile(target, policy=…, direction=…, category=…, unit=…, parser=…)`` reads the
target (text through ``parser``, or a parsed model), applies the header unit and picks
the rule; :meth:`Scorer.score` scores one actual for one weight. It is the single path
by which actuals are scored: :func:`zhibiao.evaluate` compiles and scores in one call,
a ruleset's indicators hold their scorers, and :mod:`zhibiao.batch` vectorises the
:attr:`Scorer.numeric_rule` of comparison targets.

>>> from zhibiao.engine.scorer import Scorer
>>> scorer = Scorer.compile("≥95%")
>>> str(scorer.score("92%", 10).score)
'9.68'
>>> scorer.numeric_rule.kind, str(scorer.numeric_rule.target)
('higher', '95')
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple

from zhibiao.engine.policy import DEFAULT_POLICY, Direction, Policy

if TYPE_CHECKING:
    from zhibiao.engine.actuals import Actual
    from zhibiao.engine.evaluate import Prepared
    from zhibiao.engine.outcome import Outcome
    from zhibiao.grammar.models import Quantity, Target
    from zhibiao.grammar.parser import IndicatorParser

__all__ = ("NumericRule", "Scorer")


class NumericRule(NamedTuple):
    """The compiled rule of a comparison target that scores a number in the target's
    unit without intermediate records — what the fused kernel and the column kernel of
    :mod:`zhibiao.batch` compute.

    For an actual ``a`` in the target's written unit (``quantity``: value ``target``,
    multiplier and unit): achieved when ``a ≥ target`` (``higher``) or ``a ≤ target``
    (``inverse``, ``linear``), then the full weight; otherwise ``fraction × weight``
    rounded to ``quantum`` by ``rounding``, capped at the weight, where the fraction is
    ``a ÷ target`` (higher, at least 0), ``target ÷ a`` (inverse) or ``max(2 − a ÷
    target, 0)`` (linear). ``flags``/``notes`` are added to every outcome; ``strict``
    adds ``strict_bound`` when ``a == target``; ``overshoot_flag`` (higher only) adds
    ``overshoot`` when ``a ÷ target`` reaches it.
    """

    kind: Literal["higher", "inverse", "linear"]
    target: Decimal
    quantity: Quantity
    strict: bool
    flags: tuple[str, ...]
    notes: tuple[str, ...]
    overshoot_flag: Decimal | None
    quantum: Decimal
    rounding: str


class Scorer:
    """A target compiled under one policy, direction, category and header unit."""

    __slots__ = ("_prepared", "category", "direction", "parser", "policy", "unit")

    def __init__(self, prepared: Prepared, *, category: str | None, unit: str | None,
                 parser: IndicatorParser | None) -> None:
        self._prepared = prepared
        self.policy: Policy = prepared.policy
        self.direction: Direction | None = prepared.direction
        self.category = category
        self.unit = unit
        self.parser = parser

    @classmethod
    def compile(cls, target: Target | str, *, policy: Policy = DEFAULT_POLICY,
                direction: Direction | str | None = None, category: str | None = None,
                unit: str | None = None, parser: IndicatorParser | None = None) -> Scorer:
        """Read ``target`` (text raises :class:`~zhibiao.errors.IndicatorSyntaxError`)
        and choose its rule under the settings."""
        from zhibiao.engine.evaluate import prepare

        return cls(prepare(target, policy, direction, category, unit),
                   category=category, unit=unit, parser=parser)

    @property
    def model(self) -> Target:
        """The target as read (with the header unit applied)."""
        return self._prepared.model

    @property
    def text(self) -> str:
        """The target's canonical text."""
        return self._prepared.text

    @property
    def numeric_rule(self) -> NumericRule | None:
        """The fused rule, or ``None`` when numbers against this target go the general
        way (not a comparison, or a setting the fused rule does not cover)."""
        fast = self._prepared.fast
        return None if fast is None else fast.rule()

    def score(self, actual: Actual | Target | str | Decimal | int | None,
              weight: Decimal | int | str) -> Outcome:
        """The outcome of ``actual`` for ``weight`` points (never raises for a data
        problem in the actual: it becomes a ``not_evaluable`` outcome)."""
        from zhibiao.engine.evaluate import score_prepared

        return score_prepared(self._prepared, actual, weight, self.category)

"""The validated, immutable ruleset: parsed targets, resolved points, policy."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from zhibiao.engine import Direction, Policy, Scorer
from zhibiao.grammar import Comparison, IndicatorParser, Op, Target
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.spec import IndicatorSpec, RulesetSpec

if TYPE_CHECKING:  # scoring imports this module
    from zhibiao.report.model import Report
    from zhibiao.ruleset.scoring import Actuals

__all__ = ("Indicator", "Ruleset")

#: The operator a bare value's direction stands for.
_DIRECTION_OPS = {Direction.HIGHER: Op.GE, Direction.LOWER: Op.LE, Direction.EXACT: Op.EQ}


class Indicator(BaseModel):
    """A 三级指标 ready to score: its spec, parsed targets, points and policy, and its
    :class:`~zhibiao.engine.Scorer` (the target compiled once, at load, with the
    ruleset's parser, policy, direction, 二级指标 and header unit)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    spec: IndicatorSpec
    target: Target
    mid_term_target: Target | None = None
    points: Decimal
    points_given: bool
    policy: Policy
    line: int = 0
    scorer: Scorer = Field(exclude=True, repr=False)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def direction(self) -> Direction | None:
        return self.spec.direction

    @property
    def shown_target(self) -> str:
        """The target as one 年度指标值 cell of a filled form shows it: the value as
        written, or — when the ruleset gives its unit or direction apart, as a split
        指标性质 | 指标值 | 度量单位 table does — the value with them joined in (``90``
        with ``unit = "%"`` and ``direction = "反向"`` → ``≤90%``), so that the cell says
        all the target means (and reads back to the same target)."""
        spec = self.spec
        model = self.scorer.model
        if spec.unit is None and spec.direction is None:
            return spec.value
        if isinstance(model, Comparison):
            if model.implicit_op and spec.direction is not None:
                model = model.model_copy(update={"op": _DIRECTION_OPS[spec.direction],
                                                 "implicit_op": False})
            return str(model)
        return str(model) if spec.unit is not None else spec.value


class Ruleset(BaseModel):
    """One project's (or one unit's) ruleset, validated once; scoring is a pure function.

    Build it with :func:`zhibiao.load_ruleset`; score it with :meth:`score`.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    path: str
    key: str
    spec: RulesetSpec
    indicators: tuple[Indicator, ...]
    blocks: tuple[tuple[tuple[str, ...], Decimal], ...]
    points_notes: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    parser: IndicatorParser = Field(exclude=True, repr=False)
    """The parser the ruleset was read with: its actuals are read with it too."""

    @property
    def name(self) -> str:
        return self.spec.project.name

    @property
    def budget_points(self) -> Decimal:
        return self.spec.budget.points

    def block_points(self, level1: str, level2: str | None = None) -> Decimal:
        key = (level1,) if level2 is None else (level1, level2)
        return dict(self.blocks)[key]

    def indicator(self, ref: str) -> Indicator | None:
        """The indicator with this id, or else this exact name (None when neither)."""
        ref = ref.strip()
        by_id = next((i for i in self.indicators if i.id == ref), None)
        if by_id is not None:
            return by_id
        named = [i for i in self.indicators if i.name == ref]
        return named[0] if len(named) == 1 else None

    def score(self, actuals: Actuals) -> Report:
        """The 自评表 for ``actuals``: a file path (.csv/.xlsx/.json), a mapping
        ``{indicator id or name: actual}``, or rows (see :mod:`zhibiao.ruleset.scoring`)."""
        from zhibiao.ruleset.scoring import score_ruleset

        return score_ruleset(self, actuals)

    def to_toml(self) -> str:
        """The ruleset as a TOML file that loads back to an equal ruleset."""
        from zhibiao.ruleset.dump import dump_toml

        return dump_toml(self.spec)

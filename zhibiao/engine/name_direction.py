"""The direction of a bare value from the indicator's name (DOMAIN §8).

A target without an operator (a bare ``3%``) is scored in the direction the policy gives
a bare value — 正向 by default. With the policy setting ``direction_from_name`` on, the
name of the indicator comes first: its words (``direction_names.toml``, extended by a
rule author's ``--vocabulary``) may say 反向 (预算调整率, 事故, 投诉) or 正向 (覆盖率,
满意度). Precedence, from the strongest:

1. an operator written in the 指标值 (``≥``, ``≤``, ``=``, ``≈``): names never override
   it (a ``≥``/``≤`` even overrides a ``direction``, flagged ``direction_ignored``);
2. a ``direction`` given for the indicator (a ruleset's ``direction``, a table's 指标性质);
3. the policy's ``bare_value_by_category`` for the indicator's 二级指标;
4. the indicator's name (this module), when ``direction_from_name`` is on;
5. the policy's ``bare_value``.

An inferred direction is never silent: the explanation names the word
(``指标名称含“调整率”，按反向指标（越低越好）计分``) and the outcome carries the flag
``direction_from_name``.

>>> from zhibiao.engine import Policy, evaluate
>>> on = Policy(direction_from_name=True)
>>> outcome = evaluate("3%", "4%", weight=10, policy=on, indicator="预算调整率")
>>> str(outcome.score), outcome.flags
('7.50', ('direction_from_name',))
>>> "未写运算符的指标，指标名称含“预算调整率”，按反向指标（越低越好）计分，" in outcome.explanation
True
"""

from __future__ import annotations

from typing import NamedTuple

from zhibiao.engine.policy import Direction, Policy
from zhibiao.grammar import (
    Comparison,
    IndicatorParser,
    NameDirection,
    default_parser,
    unit_dimension,
)

__all__ = ("NAME_FLAG", "NamedDirection", "direction_from_name", "name_match")

#: The flag of an outcome whose direction was read from the indicator's name.
NAME_FLAG = "direction_from_name"
_DIRECTIONS = {"higher": Direction.HIGHER, "lower": Direction.LOWER}
_WORDS = {Direction.HIGHER: "正向指标（越高越好）", Direction.LOWER: "反向指标（越低越好）"}


class NamedDirection(NamedTuple):
    """The direction a name gives and the word that gave it."""

    direction: Direction
    word: str

    @property
    def label(self) -> str:
        """``指标名称含“调整率”，按反向指标（越低越好）计分，``"""
        return f"指标名称含“{self.word}”，按{_WORDS[self.direction]}计分，"


def name_match(name: str | None, target: Comparison,
               parser: IndicatorParser | None = None) -> NameDirection | None:
    """The word of ``name`` that gives ``target`` a direction, with that direction, or
    ``None`` — whatever the policy and the operator (the words of ``parser``'s
    vocabulary, the package's by default)."""
    if not name:
        return None
    names = (parser or default_parser()).vocabulary.direction_names
    return names.match(name, unit_dimension(target.quantity.unit.dimension))


def direction_from_name(target: Comparison, name: str | None, policy: Policy,
                        category: str | None,
                        parser: IndicatorParser | None = None) -> NamedDirection | None:
    """The direction ``name`` gives a target without an operator under ``policy``, or
    ``None``: the setting is off, the target has an operator, the policy names the
    category in ``bare_value_by_category``, or the name says nothing."""
    if not policy.direction_from_name or not target.implicit_op or not name:
        return None
    if category and any(known == category for known, _ in policy.bare_value_by_category):
        return None
    found = name_match(name, target, parser)
    if found is None:
        return None
    return NamedDirection(_DIRECTIONS[found.direction], found.word)

"""Doubtful readings of a parsed 指标值 that are not errors: flagged, never guessed quietly.

``=2单`` before 单 was in the unit table read as the number 2 with the noun 单: a value
whose unit position holds a word the unit table does not know. ``zhibiao parse --json``
lists these under ``warnings`` and ``zhibiao check`` reports them with file and line.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhibiao.grammar.models import Comparison, Compound, Range, Target

__all__ = ("UNREGISTERED_UNIT", "ValueWarning", "value_warnings")

#: Code of the warning for a word in the unit position that is not in the unit table.
UNREGISTERED_UNIT = "unregistered_unit"
_SHOWN = 8  # characters of the word quoted in the message


@dataclass(frozen=True, slots=True)
class ValueWarning:
    """One doubtful reading: a stable English ``code``, a Chinese ``message`` and ``hint``."""

    code: str
    message: str
    hint: str


def value_warnings(model: Target) -> tuple[ValueWarning, ...]:
    """The warnings of a parsed value, clause by clause (empty for most values)."""
    clauses = model.clauses if isinstance(model, Compound) else (model,)
    found: list[ValueWarning] = []
    for clause in clauses:
        if isinstance(clause, Comparison | Range) and clause.noun:
            quantity = clause.quantity if isinstance(clause, Comparison) else clause.high
            if quantity.unit.is_dimensionless:
                found.append(_unregistered(clause.noun, quantity.multiplier))
    return tuple(found)


def _unregistered(noun: str, multiplier: str) -> ValueWarning:
    word = noun if len(noun) <= _SHOWN else noun[:_SHOWN] + "…"
    read = f"数值后没有单位，“{word}” 按名词处理"
    if multiplier:
        read += f"（{multiplier} 是数量级）"
    return ValueWarning(
        UNREGISTERED_UNIT, f"未登记的计量单位 “{word}”：{read}",
        "如果它是计量单位，请加入单位表 units.txt（或用 --units 传入自己的单位表，见 "
        "docs/extending.md）；如果是名词，请在数字后写明单位，例如 “≥10个项目”")

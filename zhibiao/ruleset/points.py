"""分值: the points of every block and indicator, given or defaulted.

Given points win. Missing 一级 points take the defaults of 财预〔2020〕10号 (产出 50,
效益 30, 满意度 10, with 预算执行率 10), rescaled when a table lacks one of those blocks,
or are spread evenly when a table has 一级 names outside them. Missing 二级 and 三级
points are the parent's points spread evenly. Every spread is rounded to 0.01 and the
remainder goes to the last child, so children always add up to their parent exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from zhibiao.ruleset.spec import DEFAULT_LEVEL1_POINTS, IndicatorSpec

__all__ = ("Allocation", "allocate", "spread")

_CENT = Decimal("0.01")
TOTAL = Decimal(100)


@dataclass(frozen=True, slots=True)
class Allocation:
    """Points per 一级 (``(level1,)``), per 二级 (``(level1, level2)``) and per indicator id."""

    blocks: dict[tuple[str, ...], Decimal]
    indicators: dict[str, Decimal]
    notes: tuple[str, ...]  # how defaults were applied, in Chinese, for the report


def spread(total: Decimal, count: int) -> list[Decimal]:
    """``total`` in ``count`` near-equal parts of 0.01, the remainder on the last."""
    if count <= 0:
        return []
    share = (total / count).quantize(_CENT, rounding=ROUND_DOWN)
    return [share] * (count - 1) + [total - share * (count - 1)]


def _ordered(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def allocate(indicators: Sequence[IndicatorSpec], given: dict[str, Decimal],
             budget_points: Decimal) -> Allocation:
    notes: list[str] = []
    blocks: dict[tuple[str, ...], Decimal] = {}
    level1s = _ordered([i.level1 for i in indicators])
    room = TOTAL - budget_points

    explicit = {name: given[name] for name in level1s if name in given}
    missing = [name for name in level1s if name not in explicit]
    if missing:
        left = room - sum(explicit.values(), Decimal(0))
        if all(name in DEFAULT_LEVEL1_POINTS for name in missing):
            defaults = {name: DEFAULT_LEVEL1_POINTS[name] for name in missing}
            base = sum(defaults.values(), Decimal(0))
            if base == left:
                notes.append("一级指标分值按财预〔2020〕10号默认："
                             + "、".join(f"{n} {defaults[n]}" for n in missing)
                             + f"，预算执行率 {budget_points}")
                shares = [defaults[n] for n in missing]
            else:
                shares = _rescale([defaults[n] for n in missing], left)
                notes.append(f"一级指标分值按默认比例（产出50:效益30:满意度10）折算为 {left} 分："
                             + "、".join(f"{n} {s}" for n, s in zip(missing, shares, strict=True)))
        else:
            shares = spread(left, len(missing))
            notes.append(f"表中一级指标不全是产出/效益/满意度，{left} 分在 "
                         + "、".join(missing) + " 间均分")
        explicit.update(zip(missing, shares, strict=True))
    for name in level1s:
        blocks[(name,)] = explicit[name]

    groups: dict[str, dict[str, list[IndicatorSpec]]] = {}  # level1 → level2 → members
    for indicator in indicators:
        groups.setdefault(indicator.level1, {}).setdefault(indicator.level2, []).append(
            indicator)
    per_indicator: dict[str, Decimal] = {}
    for level1 in level1s:
        level2s = list(groups[level1])
        given2 = {l2: given[f"{level1}/{l2}"] for l2 in level2s if f"{level1}/{l2}" in given}
        rest2 = [l2 for l2 in level2s if l2 not in given2]
        if rest2:
            left = blocks[(level1,)] - sum(given2.values(), Decimal(0))
            given2.update(zip(rest2, spread(max(left, Decimal(0)), len(rest2)), strict=True))
        for level2 in level2s:
            blocks[(level1, level2)] = given2[level2]
            members = groups[level1][level2]
            fixed = {i.id: i.points for i in members if i.points is not None}
            rest = [i.id for i in members if i.points is None]
            left = given2[level2] - sum(fixed.values(), Decimal(0))
            per_indicator.update(fixed)
            per_indicator.update(zip(rest, spread(max(left, Decimal(0)), len(rest)),
                                     strict=True))
    if any(i.points is None for i in indicators):
        notes.append("未写分值的三级指标在其二级指标内均分（精确到 0.01，余数计入最后一项）")
    return Allocation(blocks, per_indicator, tuple(notes))


def _rescale(parts: list[Decimal], total: Decimal) -> list[Decimal]:
    base = sum(parts, Decimal(0))
    scaled = [(p * total / base).quantize(_CENT, rounding=ROUND_DOWN) for p in parts]
    scaled[-1] = total - sum(scaled[:-1], Decimal(0))
    return scaled

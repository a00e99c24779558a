"""Checks beyond the schema: what a careful reviewer of a 绩效目标表 would flag.

Errors stop a ruleset from loading; warnings are reported by ``zhibiao check``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal

from zhibiao.engine.rate_bounds import RATE_FLAG, implausible_percents
from zhibiao.grammar import (
    Comparison,
    Compound,
    NotApplicable,
    Op,
    Qualitative,
    Target,
    value_warnings,
)
from zhibiao.ruleset.locate import Locator
from zhibiao.ruleset.points import TOTAL, Allocation
from zhibiao.ruleset.problems import Problem, Severity
from zhibiao.ruleset.spec import IndicatorSpec, RulesetSpec

__all__ = ("Members", "TargetFinding", "block_members", "check_allocation", "check_spec",
           "check_targets", "target_findings")

Report = Callable[[Severity, str, str, tuple[str | int, ...]], Problem]
#: The indicators (with their index) of every 一级 ``(level1,)`` and 二级
#: ``(level1, level2)`` block, in the order of the file.
Members = dict[tuple[str, ...], list[tuple[int, IndicatorSpec]]]


def _reporter(path: str, locator: Locator) -> Report:
    def report(severity: Severity, code: str, message: str,
               where: tuple[str | int, ...]) -> Problem:
        field = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in where)
        return Problem(severity=severity, code=code, message=message, file=path,
                       line=locator.line(where), field=field.replace(".[", "["))
    return report


def check_spec(spec: RulesetSpec, path: str, locator: Locator,
               members: Members | None = None) -> Iterator[Problem]:
    """Ids, names and given points (``members``: the spec's :func:`block_members`, when
    known already)."""
    report = _reporter(path, locator)
    ids = Counter(i.id for i in spec.indicators)
    for index, indicator in enumerate(spec.indicators):
        if ids[indicator.id] > 1:
            yield report("error", "duplicate_id",
                         f"指标编号 “{indicator.id}” 重复出现 {ids[indicator.id]} 次；编号须唯一",
                         ("indicators", index, "id"))
    names = Counter((i.level1, i.level2, i.name) for i in spec.indicators)
    for index, indicator in enumerate(spec.indicators):
        if names[(indicator.level1, indicator.level2, indicator.name)] > 1:
            yield report("warning", "duplicate_name",
                         f"同一二级指标下三级指标 “{indicator.name}” 出现多次",
                         ("indicators", index, "name"))
    yield from _check_points(spec, report,
                             block_members(spec) if members is None else members)


def block_members(spec: RulesetSpec) -> Members:
    """The :data:`Members` of the spec's blocks."""
    blocks: Members = {}
    for index, indicator in enumerate(spec.indicators):
        blocks.setdefault((indicator.level1,), []).append((index, indicator))
        blocks.setdefault((indicator.level1, indicator.level2), []).append((index, indicator))
    return blocks


def _check_points(spec: RulesetSpec, report: Report, blocks: Members) -> Iterator[Problem]:
    level1s = list(dict.fromkeys(i.level1 for i in spec.indicators))
    pairs = list(dict.fromkeys((i.level1, i.level2) for i in spec.indicators))
    for key in spec.points:
        level1, _, level2 = key.partition("/")
        if level1 not in level1s or (level2 and (level1, level2) not in pairs):
            yield report("error", "unknown_block",
                         f"分值表中的 “{key}” 不是本规则集的一级或二级指标", ("points", key))
    given1 = [spec.points[n] for n in level1s if n in spec.points]
    if len(given1) == len(level1s):
        total = sum(given1, Decimal(0)) + spec.budget.points
        if total != TOTAL:
            yield report("error", "points_sum",
                         f"一级指标分值之和 {total - spec.budget.points} 加预算执行率 "
                         f"{spec.budget.points} 等于 {total}，应为 100", ("points",))
    for level1 in level1s:
        children = [l2 for l1, l2 in pairs if l1 == level1]
        given2 = [spec.points[f"{level1}/{l2}"] for l2 in children
                  if f"{level1}/{l2}" in spec.points]
        if level1 in spec.points and len(given2) == len(children):
            if sum(given2, Decimal(0)) != spec.points[level1]:
                yield report("error", "points_sum",
                             f"“{level1}” 下二级指标分值之和 {sum(given2, Decimal(0))} "
                             f"不等于其分值 {spec.points[level1]}", ("points", level1))
        elif level1 in spec.points and sum(given2, Decimal(0)) > spec.points[level1]:
            yield report("error", "points_sum",
                         f"“{level1}” 下已给出的二级指标分值超过其分值 {spec.points[level1]}",
                         ("points", level1))
        for level2 in children:
            key = f"{level1}/{level2}"
            members = blocks[(level1, level2)]
            given3 = [i.points for _, i in members if i.points is not None]
            if key in spec.points and given3:
                total3 = sum(given3, Decimal(0))
                complete = len(given3) == len(members)
                if (complete and total3 != spec.points[key]) or total3 > spec.points[key]:
                    yield report("error", "points_sum",
                                 f"“{key}” 下三级指标分值之和 {total3} 与其分值 "
                                 f"{spec.points[key]} 不符", ("indicators", members[0][0],
                                                             "points"))
    if not spec.points:
        given = [i.points for i in spec.indicators]
        if all(p is not None for p in given):
            total = sum((p for p in given if p is not None), Decimal(0)) + spec.budget.points
            if total != TOTAL:
                yield report("error", "points_sum",
                             f"三级指标分值之和加预算执行率 {spec.budget.points} 等于 {total}，"
                             "应为 100", ("indicators",))


def check_allocation(spec: RulesetSpec, allocation: Allocation, path: str,
                     locator: Locator, members: Members | None = None) -> Iterator[Problem]:
    """After defaults are filled in, every block's indicators add up to the block.

    Given 三级 points that overflow a defaulted 二级 or 一级 block (25+10+10+10 under
    产出指标 50) are caught here.
    """
    report = _reporter(path, locator)
    blocks = block_members(spec) if members is None else members
    for key, points in allocation.blocks.items():
        block = blocks[key]
        total = sum((allocation.indicators[i.id] for _, i in block), Decimal(0))
        if total != points:
            given = next((n for n, i in block if i.points is not None), block[0][0])
            yield report("error", "points_sum",
                         f"“{'/'.join(key)}” 的分值为 {points}，其下三级指标分值之和为 {total}",
                         ("indicators", given, "points"))
    grand = sum(allocation.indicators.values(), Decimal(0)) + spec.budget.points
    if grand != TOTAL and not any(len(key) == 1 and key[0] in spec.points
                                  for key in allocation.blocks):
        yield report("error", "points_sum",
                     f"全部分值之和（含预算执行率 {spec.budget.points}）为 {grand}，应为 100",
                     ("indicators",))


#: One finding about an indicator's values: severity, code, message and the field
#: (``value`` or ``mid_term_value``) it is about.
TargetFinding = tuple[Severity, str, str, str]


def check_targets(index: int, indicator: IndicatorSpec, target: Target,
                  mid_term: Target | None, path: str, locator: Locator,
                  findings: tuple[TargetFinding, ...] | None = None) -> Iterator[Problem]:
    """Warnings about one indicator's parsed 年度 and 中期 values (``findings``: those of
    :func:`target_findings`, when they are known already)."""
    report = _reporter(path, locator)
    if findings is None:
        findings = target_findings(indicator, target, mid_term)
    for severity, code, message, field in findings:
        yield report(severity, code, message, ("indicators", index, field))


def target_findings(indicator: IndicatorSpec, target: Target,
                    mid_term: Target | None) -> tuple[TargetFinding, ...]:
    """What :func:`check_targets` reports, without the place: a function of the values'
    texts (``value``, ``mid_term_value``), the name and the unit of the indicator."""
    found: list[TargetFinding] = []

    def warn(code: str, message: str, field: str = "value") -> None:
        found.append(("warning", code, message, field))

    if isinstance(target, NotApplicable) and not target.marker:
        warn("empty_value", "指标值为空，按“不适用”处理")
    if isinstance(target, Compound):
        warn("several_values", f"一个单元格中有 {len(target.clauses)} 个指标值（{target}），"
                               "请确认不是合并单元格造成的")
    if isinstance(target, Comparison):
        for code, message in _pointless(target):
            warn(code, message)
        if target.quantity.unit.is_dimensionless and indicator.unit is None \
                and target.quantity.multiplier == "":
            warn("no_unit", f"指标值 “{indicator.value}” 没有单位；"
                            "如表头隐含单位，请写 unit = \"%\" 等")
    warnings = value_warnings(target)
    # 公里 alone is a blank template (unit_without_number), not a phrase to reword.
    if isinstance(target, Qualitative) and target.group is None and target.scale is None \
            and target.intensity is None and not warnings:
        warn("not_assessable",
             f"定性指标值 “{target.text}” 没有可评判的措辞（如 显著提升、按时完成、达标）")
    for warning in warnings:
        warn(warning.code, f"指标值 “{target}”：{warning.message}")
    for message in implausible_percents(target, indicator.name):
        warn(RATE_FLAG, message)
    if mid_term is not None:
        for message in implausible_percents(mid_term, indicator.name):
            warn(RATE_FLAG, f"中期{message}", "mid_term_value")
        for warning in value_warnings(mid_term):
            warn(warning.code, f"中期指标值 “{mid_term}”：{warning.message}", "mid_term_value")
        for code, message in _compare_halves(target, mid_term):
            warn(code, message, "mid_term_value")
    return tuple(found)


def _pointless(target: Comparison) -> Iterator[tuple[str, str]]:
    value, unit = target.quantity.value, target.quantity.unit.name
    if unit == "%" and target.op in (Op.LE,) and value >= 100:
        yield "pointless_target", f"“{target}” 对比率恒成立，无法区分完成好坏"
    if target.op is Op.GE and value <= 0:
        yield "pointless_target", f"“{target}” 恒成立，无法区分完成好坏"


def _compare_halves(annual: Target, mid_term: Target) -> Iterator[tuple[str, str]]:
    if isinstance(annual, Comparison) and isinstance(mid_term, Comparison):
        a, m = annual.quantity.unit, mid_term.quantity.unit
        per_year = m.denominators[-1:] == ("年",) and \
            (m.numerator, m.denominators[:-1]) == (a.numerator, a.denominators)
        if a.dimension != m.dimension and not per_year:  # 每年≥3次 vs ≥3次 is consistent
            yield ("units_disagree",
                   f"中期指标值 “{mid_term}” 与年度指标值 “{annual}” 的单位不一致"
                   f"（{m.name or '无单位'} / {a.name or '无单位'}）")
        elif {annual.op, mid_term.op} in ({Op.GE, Op.LE}, {Op.GT, Op.LT}, {Op.GE, Op.LT},
                                          {Op.GT, Op.LE}):
            yield "contradictory_values", f"中期 “{mid_term}” 与年度 “{annual}” 方向相反"
    elif annual.kind != mid_term.kind and not isinstance(mid_term, NotApplicable):
        yield ("contradictory_values",
               f"中期 “{mid_term}”（{mid_term.kind}）与年度 “{annual}”（{annual.kind}）类型不同")

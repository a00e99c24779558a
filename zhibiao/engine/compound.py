"""Compound targets: several clauses in one cell (``受益户数≥200户,受益脱贫户数≥15户``).

Each clause is evaluated against the matching part of a compound actual (``250户,20户``);
a different number of parts is ``not_evaluable`` (reason ``compound_mismatch``) rather
than a guess at which number belongs where. The score is the mean of the clauses'
capped shares times the weight: every clause counts equally, as when a table splits
one indicator's points evenly; not-applicable clauses are left out of the mean.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from zhibiao.engine.bare_scale import REVIEW_NOTE
from zhibiao.engine.explain import num, pct
from zhibiao.engine.finding import ONE, ZERO, Case, Finding, not_evaluable
from zhibiao.engine.outcome import REASONS, Status
from zhibiao.grammar import (
    Compound,
    CompoundActual,
)

__all__ = ("compound_finding",)

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _mark(index: int) -> str:
    return _CIRCLED[index] if index < len(_CIRCLED) else f"({index + 1})"


def _share(finding: Finding, weight: Decimal) -> Decimal:
    if finding.score is not None:
        return finding.score / weight if weight else ZERO
    return min(max(finding.fraction, ZERO), ONE)


def compound_finding(case: Case, find: Callable[[Case], Finding]) -> Finding:
    """Evaluate clause by clause with ``find`` and average the shares."""
    target = case.target
    assert isinstance(target, Compound)
    actual = case.actual
    clauses = target.clauses
    if not isinstance(actual, CompoundActual) or len(actual.parts) != len(clauses):
        count = len(actual.parts) if isinstance(actual, CompoundActual) else 1
        return not_evaluable("compound", "compound_mismatch",
                             f"目标有 {len(clauses)} 项，实际有 {count} 项，无法逐项对应")
    shares: list[Decimal] = []
    lines: list[str] = []
    flags: list[str] = []
    statuses: list[Status] = []
    reviews: list[str] = []
    for index, (clause, part) in enumerate(zip(clauses, actual.parts, strict=True)):
        sub = Case(clause, part, part.text, case.weight, case.policy, case.direction,
                   case.category, parser=case.parser, indicator=case.indicator)
        finding = find(sub)
        flags.extend(f for f in finding.flags if f not in flags)
        head = f"{_mark(index)}{clause or '（空）'} 对 {part.text or '（未填写）'}"
        reviews.extend(f"{_mark(index)}{note}" for note in finding.notes
                       if note.startswith(REVIEW_NOTE))
        if finding.status is Status.NOT_EVALUABLE:
            reason = finding.reason or "kind_mismatch"
            return not_evaluable("compound", reason, f"{head}：{REASONS[reason]}",
                                 flags=tuple(flags))
        if finding.status is Status.NOT_APPLICABLE:
            lines.append(f"{head}：不适用，不计入")
            continue
        share = _share(finding, case.weight)
        shares.append(share)
        statuses.append(finding.status)
        lines.append(f"{head}：{finding.status.label}，完成度 {pct(share)}")
    if not shares:
        return Finding(Status.NOT_APPLICABLE, "compound",
                       working="复合指标各项均不适用，不计分：得分记为 ")
    mean = sum(shares, ZERO) / len(shares)
    status = Status.ACHIEVED if all(s is Status.ACHIEVED for s in statuses) \
        else Status.NOT_ACHIEVED
    working = (f"复合指标逐项评价：{'；'.join(lines)}；按各项完成度平均 "
               f"{pct(mean)}×{num(case.weight)} = ")
    return Finding(status, "compound", mean, mean, working, tuple(reviews), flags=tuple(flags))

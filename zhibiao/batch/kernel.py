"""Numbers against comparison targets, scored in bulk with exact integers.

A decimal ``actual`` against a scorer with a :attr:`~zhibiao.engine.scorer.Scorer.
numeric_rule` is scored here with numpy int64 arithmetic on the column's unscaled
integers — never binary float — by the integer form of the rule in
:mod:`zhibiao.batch.kernel_plan`. Rows the kernel does not take go the row path, which
scores them through :meth:`Scorer.score`: a number too large for 63-bit products, a
negative number, a target without a unit (a bare number may be read in another
scale), a unit whose text can be a date (``2023年``, ``5月``), and a row whose exact
score sits on a rounding boundary (weight 0.015 at a third of the target: the engine's
28-digit quotient decides it).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zhibiao.batch.kernel_plan import KINDS, MODES, PairPlan, pair_plan
from zhibiao.batch.keys import Codes, combine
from zhibiao.batch.output import STATUSES, Assembly
from zhibiao.batch.records import Record
from zhibiao.decimal_context import ACTIVE_CONTEXT
from zhibiao.engine.scorer import NumericRule, Scorer

__all__ = ("score_numbers",)

Mask = npt.NDArray[np.bool_]
_ACHIEVED = STATUSES.index("achieved")
_NOT_ACHIEVED = STATUSES.index("not_achieved")
#: Numbers that read as dates after some units (2023年, 5月, 31日) and plain ones: a
#: unit is taken when each of them, written with it, reads as that number.
_PROBES = tuple(Decimal(v) for v in ("0", "0.5", "1", "5", "12", "31", "100", "1900",
                                     "2023", "2100", "99999"))
_HALF_UP, _HALF_EVEN, _DOWN, _UP = range(4)


class _Rule(NamedTuple):
    rule: NumericRule
    flags: tuple[int, int, int]  # flag-set codes: plain, strict bound, overshoot


def score_numbers(actual: pa.Array, scorer_codes: Codes, scorers: list[Scorer | Record],
                  weight_codes: Codes, weights: list[Decimal | Record],
                  assembly: Assembly) -> Mask:
    """Score the rows the kernel takes into ``assembly``; the mask of the rows left."""
    todo: Mask = np.ones(len(actual), dtype=np.bool_)
    probes: dict[tuple[str, str], bool] = {}
    rules = [_rule(scorer, probes, assembly) for scorer in scorers]
    if not any(rules) or not len(actual):
        return todo
    combo, combo_scorer, combo_weight = combine(scorer_codes, len(scorers), weight_codes,
                                                len(weights))
    plans: list[PairPlan | None] = []
    for s, w in zip(combo_scorer.tolist(), combo_weight.tolist(), strict=True):
        rule, weight = rules[s], weights[w]
        plans.append(None if rule is None or isinstance(weight, Record)
                     else pair_plan(rule.rule, weight, actual.type.scale))
    usable = [plan for plan in plans if plan is not None]
    if not usable:
        return todo
    mode = MODES[next(r.rule.rounding for r in rules if r is not None)]
    table = _constants(plans, combo_scorer, rules)
    a_all, fits = _unscaled(actual)
    ok = fits & (a_all >= 0) & (a_all <= table["a_max"][combo])
    rows = np.flatnonzero(ok)
    if not len(rows):
        return todo
    a = a_all[rows]
    c = combo[rows]
    kind = table["kind"][c]
    m, b = table["m"][c], table["b"][c]
    big_a = a * m
    higher = kind == KINDS["higher"]
    achieved = np.where(higher, big_a >= b, big_a <= b)
    missed = ~achieved
    mk = table["mk"][c]
    numerator = np.where(higher, a * mk, np.where(
        kind == KINDS["linear"], np.maximum(table["c0"][c] - a * mk, 0), table["bk"][c]))
    denominator = np.where(kind == KINDS["inverse"], a * table["m_inv"][c], table["d"][c])
    denominator[achieved] = 1
    quotient, rest = np.divmod(numerator, denominator)
    other = denominator - rest
    if mode == _HALF_UP:
        quotient += rest >= other
        tie = rest == other
    elif mode == _HALF_EVEN:
        quotient += (rest > other) | ((rest == other) & (quotient % 2 == 1))
        tie = rest == other
    else:
        quotient += (rest > 0) if mode == _UP else 0
        tie = (rest == 0) & (numerator > 0)
    capped = missed & (quotient * table["p"][c] > table["k"][c])
    score = np.where(achieved, table["full"][c],
                     np.where(capped, table["capped"][c], quotient * table["up"][c]))
    q6, r6 = np.divmod(a * table["m6"][c], b)
    ratio = q6 + (r6 >= b - r6)
    strict = achieved & table["strict"][c] & (big_a == b)
    mf = table["mf"][c]
    over = achieved & ~strict & (mf > 0) & (a * mf >= table["fb"][c])
    flags = np.where(strict, table["flags_strict"][c],
                     np.where(over, table["flags_over"][c], table["flags"][c]))
    keep = ~(missed & tie)
    done = rows[keep]
    assembly.status[done] = np.where(achieved, _ACHIEVED, _NOT_ACHIEVED)[keep]
    assembly.reason[done] = 0
    assembly.flags[done] = flags[keep]
    assembly.score[done] = score[keep]
    assembly.score_valid[done] = True
    assembly.ratio[done] = ratio[keep]
    assembly.ratio_valid[done] = True
    scales = np.where(achieved, table["full_scale"][c],
                      np.where(capped, table["sw"][c], table["sq"][c]))[keep]
    if len(scales):
        assembly.score_scale = max(assembly.score_scale, int(scales.max()))
    todo[done] = False
    return todo


def _rule(scorer: Scorer | Record, probes: dict[tuple[str, str], bool],
          assembly: Assembly) -> _Rule | None:
    """The rule of a scorer the kernel can take, with its flag-set codes."""
    if isinstance(scorer, Record):
        return None
    rule = scorer.numeric_rule
    if rule is None or rule.target <= 0 or not rule.target.is_finite():
        return None
    unit = rule.quantity.unit.name
    if not unit:
        return None
    base = rule.flags + (("unit_converted",) if rule.quantity.multiplier else ())
    key = (unit, rule.quantity.multiplier)
    if key not in probes:
        probes[key] = all(_reads_as_number(scorer, rule, value, unit, base)
                          for value in _PROBES)
    if not probes[key]:
        return None
    return _Rule(rule, (assembly.flags_code(base), assembly.flags_code(("strict_bound", *base)),
                        assembly.flags_code(("overshoot", *base))))


def _reads_as_number(scorer: Scorer, rule: NumericRule, value: Decimal, unit: str,
                     base: tuple[str, ...]) -> bool:
    """True when ``value`` written with ``unit`` is scored as that number, with the
    flags the kernel gives (the row path writes numbers so)."""
    outcome = scorer.score(f"{value:f}{unit}", Decimal(10))
    flags = outcome.flags
    if flags[:1] in (("overshoot",), ("strict_bound",)):
        flags = flags[1:]
    return outcome.reason is None and flags == base and \
        outcome.ratio == ACTIVE_CONTEXT.divide(value, rule.target)


_FIELDS = ("a_max", "m", "b", "mk", "c0", "bk", "d", "m_inv", "m6", "mf", "fb", "k", "p",
           "full", "full_scale", "capped", "up", "sq", "sw", "kind")


def _constants(plans: list[PairPlan | None], combo_scorer: Codes,
               rules: list[_Rule | None]) -> dict[str, npt.NDArray[np.int64]]:
    """Per (scorer, weight) pair, each constant as an int64 array (a pair without a plan
    has ``a_max = -1``: no row is taken)."""
    count = len(plans)
    table = {name: np.zeros(count, dtype=np.int64) for name in _FIELDS}
    for name in ("flags", "flags_strict", "flags_over", "strict"):
        table[name] = np.zeros(count, dtype=np.int64)
    table["a_max"][:] = -1
    for at, plan in enumerate(plans):
        if plan is None:
            continue
        for name in _FIELDS:
            table[name][at] = getattr(plan, name)
        rule = rules[int(combo_scorer[at])]
        assert rule is not None
        table["flags"][at], table["flags_strict"][at], table["flags_over"][at] = rule.flags
        table["strict"][at] = rule.rule.strict
    table["strict"] = table["strict"].astype(np.bool_)
    return table


def _unscaled(array: pa.Array) -> tuple[npt.NDArray[np.int64], Mask]:
    """The unscaled integers of a decimal128 column and where they fit in 63 bits."""
    n = len(array)
    words = np.frombuffer(array.buffers()[1], dtype=np.int64,
                          count=2 * (array.offset + n))[2 * array.offset:].reshape(n, 2)
    low = words[:, 0]
    fits: Mask = words[:, 1] == (low >> 63)
    if array.null_count:
        fits &= array.is_valid().to_numpy(zero_copy_only=False)
    return low, fits

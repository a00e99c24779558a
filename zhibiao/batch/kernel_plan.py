"""The integer constants of one (scorer, weight) pair for :mod:`zhibiao.batch.kernel`.

For an actual ``a = a_int / 10^sa`` (the column's scale) against ``T = T_int /
10^sT`` with weight ``w = W_int / 10^sw`` and quantum ``10^-sq``, the rule of
:class:`~zhibiao.engine.scorer.NumericRule` is, in integers (``A = a_int·10^sT``,
``B = T_int·10^sa``, so ``a/T = A/B``; ``K = W_int·10^sq``):

- higher, not achieved: ``score·10^sq = A·K / (B·10^sw)``;
- linear, not achieved: ``(2B − A)·K / (B·10^sw)``, at least 0;
- inverse, not achieved: ``B·K / (A·10^sw)``;
- the ratio at six decimals: ``A·10^6 / B``; overshoot: ``A·10^sf ≥ F_int·B``.

The engine computes the same in 28 significant digits and rounds the product once
more; its result can differ from the exact one only next to a rounding boundary. The
distance of an exact quotient ``N/D`` from a boundary that it does not sit on is at
least ``1/(2D)`` quantum, while the engine's error is below ``4·10^-27`` of the
largest score (in quanta): a pair is taken only when ``D·max_score < 10^26``, and rows
that sit exactly on a boundary go to the engine (:mod:`zhibiao.batch.kernel`). The
same argument holds the ratio (its error is below ``A·10^-27`` with ``A < 2^63``)
and the overshoot test (``F_int·B < 2^63``, so ``B·10^sf·F < 10^27``).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import NamedTuple

from zhibiao.batch.output import WORK_SCALE
from zhibiao.decimal_context import ACTIVE_CONTEXT
from zhibiao.engine.scorer import NumericRule

__all__ = ("KINDS", "MODES", "PairPlan", "pair_plan", "parts")

KINDS = {"higher": 0, "inverse": 1, "linear": 2}
#: Rounding modes the kernel computes; any other goes the row path.
MODES = {ROUND_HALF_UP: 0, ROUND_HALF_EVEN: 1, ROUND_DOWN: 2, ROUND_UP: 3}
LIMIT = 2**63 - 1
_SAFE = 10**26


class PairPlan(NamedTuple):
    """Integers for one (scorer, weight); see the module docstring for the names."""

    kind: int
    a_max: int       # the largest a_int for which no product below overflows
    m: int           # 10^sT: A = a_int·m
    b: int           # B
    mk: int          # m·K: the numerator of higher/linear is a_int·mk (linear: c0 − it)
    c0: int          # 2·B·K (linear)
    bk: int          # B·K (inverse numerator)
    d: int           # B·10^sw (higher/linear denominator)
    m_inv: int       # m·10^sw: the inverse denominator is a_int·m_inv
    m6: int          # m·10^6: the ratio numerator
    mf: int          # m·10^sf, 0 when there is no overshoot flag
    fb: int          # F_int·B
    k: int           # K = W_int·10^sq (the cap: score·10^sw > K)
    p: int           # 10^sw
    full: int        # the achieved score at WORK_SCALE (capped at the weight)
    full_scale: int  # decimals of that score
    capped: int      # the weight at WORK_SCALE
    up: int          # 10^(WORK_SCALE − sq): a score in quanta → WORK_SCALE
    sq: int
    sw: int


def parts(value: Decimal) -> tuple[int, int]:
    """(unscaled integer, decimals ≥ 0) of a finite Decimal: 12000.0 → (120000, 1)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    unscaled = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    if exponent > 0:
        return unscaled * 10**exponent, 0
    return unscaled, -exponent


def pair_plan(rule: NumericRule, weight: Decimal, sa: int) -> PairPlan | None:
    """The constants for ``rule`` at ``weight`` with actuals at ``sa`` decimals, or
    ``None`` when one does not fit in 63 bits or the pair is not provably exact."""
    t_int, st = parts(rule.target)
    w_int, sw = parts(weight)
    sq = parts(rule.quantum)[1]
    if t_int <= 0 or sw > WORK_SCALE or sq > WORK_SCALE or rule.rounding not in MODES:
        return None
    full_value = min((Decimal(1) * weight).quantize(rule.quantum, rule.rounding,
                                                   context=ACTIVE_CONTEXT), weight)
    full, full_scale = parts(full_value)
    m = 10**st
    b = t_int * 10**sa
    k = w_int * 10**sq
    p = 10**sw
    mf = fb = 0
    flag = rule.overshoot_flag
    if flag is not None:
        f_int, sf = parts(flag)
        mf, fb = m * 10**sf, f_int * b  # fb ≤ 2^63 below: B·10^sf·F = fb < 10^27
    plan = PairPlan(
        kind=KINDS[rule.kind], a_max=0, m=m, b=b, mk=m * k, c0=2 * b * k, bk=b * k,
        d=b * p, m_inv=m * p, m6=m * 10**6, mf=mf, fb=fb, k=k, p=p,
        full=full * 10 ** (WORK_SCALE - full_scale), full_scale=full_scale,
        capped=w_int * 10 ** (WORK_SCALE - sw), up=10 ** (WORK_SCALE - sq), sq=sq, sw=sw)
    constants = (plan.b, plan.c0, plan.bk, plan.d, plan.fb, plan.k + plan.p, plan.full,
                 plan.capped)
    if max(constants) > LIMIT:
        return None
    max_score = k // p + 1
    largest_d = LIMIT if plan.kind == KINDS["inverse"] else plan.d
    if largest_d * max_score >= _SAFE:
        return None
    multipliers = (plan.mk, plan.m_inv, plan.m6, plan.mf, plan.m)
    a_max = min(LIMIT // max(multiplier, 1) for multiplier in multipliers)
    if plan.kind == KINDS["linear"]:
        a_max = min(a_max, (LIMIT - plan.c0) // max(plan.mk, 1))
    return plan._replace(a_max=a_max)

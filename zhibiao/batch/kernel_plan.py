"""The integers of the numeric kernel (:mod:`zhibiao.batch.kernel`), and why they give
exactly the engine's values.

All actuals of a column share its scale ``sa``; all scores one policy's quantum
``10^-sq``. Targets are brought to one scale ``S`` (the most decimals a target of the
table has), weights are counted in quanta (``wq``: a weight with more decimals than
the quantum goes the row path). For ``a = a_int·10^-sa`` against ``T = T_int·10^-sT``
(``A = a_int·10^S``, ``B = T_int·10^(S − sT + sa)``, so ``a ÷ T = A ÷ B``), the score
in quanta of a row that misses its target is, exactly,

- higher: ``A·wq ÷ B``; linear: ``max(2B − A, 0)·wq ÷ B``; inverse: ``B·wq ÷ A``;

the ratio at six decimals is ``A·10^6 ÷ B`` rounded half-up, and overshoot is
``A·10^sf ≥ F_int·B`` (``F = F_int·10^-sf`` the policy's ``overshoot_flag``).

The engine computes the quotient in 28 significant digits and rounds the product
once more, so its score can differ from the exact one only next to a rounding
boundary. A quotient ``N ÷ D`` that does not sit on a boundary is at least
``1 ÷ (2D)`` quantum away from it, while the engine's error is below ``4·10^-27`` of
the largest score (in quanta): a target is taken only when ``D·(max wq + 1) < 10^26``,
and a row that sits exactly on a boundary is scored by the engine's own arithmetic
(unless the target makes that arithmetic exact, see :func:`_terminating`).
The same holds the ratio (its error is below ``A·10^-27`` and ``A < 2^63``) and the
overshoot test (``F_int·B < 2^63`` keeps a miss at least ``10^-19·F`` away, the
engine's error is below ``10^-27·F``). Every product below is bounded by
:func:`scorer_plan`, so int64 never overflows.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import NamedTuple

from zhibiao.engine.scorer import NumericRule

__all__ = ("KINDS", "LIMIT", "MODES", "Frame", "ScorerPlan", "parts", "scorer_plan")

KINDS = {"higher": 0, "inverse": 1, "linear": 2}
#: Rounding modes the kernel computes; any other goes the row path.
MODES = {ROUND_HALF_UP: 0, ROUND_HALF_EVEN: 1, ROUND_DOWN: 2, ROUND_UP: 3}
LIMIT = 2**63 - 1
_SAFE = 10**26
#: Targets with more decimals than this go the row path (they would shrink every bound).
MAX_TARGET_SCALE = 6


class Frame(NamedTuple):
    """What every row of one call shares."""

    m: int              # 10^S: A = a_int·m
    sa: int             # decimals of the actual column
    wq_max: int         # the largest weight in quanta
    flag: tuple[int, int] | None  # (F_int, 10^sf) of overshoot_flag


class ScorerPlan(NamedTuple):
    kind: int
    b: int
    a_max: int
    strict: bool
    #: The engine's quotient is exact for every actual (T = 2^x·5^y·10^-k, x, y ≤ 8,
    #: ≥ or linear): its value on a rounding boundary is the exact one.
    exact: bool


def parts(value: Decimal) -> tuple[int, int]:
    """(unscaled integer, decimals ≥ 0) of a finite Decimal: 12000.0 → (120000, 1)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    unscaled = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    if exponent > 0:
        return unscaled * 10**exponent, 0
    return unscaled, -exponent


def target_scale(rule: NumericRule) -> int | None:
    """Decimals of the rule's target, or None when the kernel does not take it."""
    if rule.rounding not in MODES or not rule.target.is_finite() or rule.target <= 0:
        return None
    scale = parts(rule.target)[1]
    return scale if scale <= MAX_TARGET_SCALE else None


def scorer_plan(rule: NumericRule, frame: Frame) -> ScorerPlan | None:
    """The target's B and the largest a_int whose products all fit in int64, or None
    when the target is too large to be scored exactly here."""
    t_int, st = parts(rule.target)
    m = frame.m
    b = t_int * (m // 10**st) * 10**frame.sa
    kind = KINDS[rule.kind]
    wq = max(frame.wq_max, 1)
    if 4 * b * wq + b > LIMIT:
        return None
    largest_d = LIMIT if kind == KINDS["inverse"] else b
    if largest_d * (frame.wq_max + 1) >= _SAFE:
        return None
    bounds = [LIMIT // (2 * m),                     # A, and 2A (the inverse denominator)
              (LIMIT - b) // (2 * m * wq),          # 2·A·wq + B (higher, linear)
              (LIMIT - b) // (2 * m * 10**6)]       # 2·A·10^6 + B (the ratio)
    if frame.flag is not None and kind == KINDS["higher"]:
        f_int, f_scale = frame.flag
        if f_int * b > LIMIT:
            return None
        bounds.append(LIMIT // (m * f_scale))       # A·10^sf
    return ScorerPlan(kind, b, min(bounds), rule.strict,
                      kind != KINDS["inverse"] and _terminating(t_int))


def _terminating(value: int) -> bool:
    """True when 1/value has at most 8 decimals times a power of ten (value = 2^x·5^y,
    x, y ≤ 8): a quotient A/value with A < 2^63 then has at most 27 digits, and the
    engine's 28-digit division, subtraction from 2 and product with a weight of a few
    digits whose exact result is a half quantum, are all exact."""
    for prime in (2, 5):
        count = 0
        while value % prime == 0:
            value //= prime
            count += 1
        if count > 8:
            return False
    return value == 1

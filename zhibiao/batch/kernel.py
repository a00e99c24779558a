"""Numbers against comparison targets, scored in bulk with exact integers.

A decimal ``actual`` against a scorer with a :attr:`~zhibiao.engine.scorer.Scorer.
numeric_rule` is scored here with numpy int64 arithmetic on the column's unscaled
integers — never binary float — by the integer form of the rule in
:mod:`zhibiao.batch.kernel_plan`; every row does a handful of vector operations and
three lookups by its target's code. Rows the kernel does not take go the row path
(:meth:`Scorer.score`): a number too large for 63-bit products, a negative number, a
weight that is missing, bad or has more decimals than the policy's precision, a target
without a unit (a bare number may be read in another scale), a unit whose text can be
a date (``2023年``, ``5月``), a number whose scale is in doubt (``0.92`` against
``≥95%``, flagged there: :mod:`zhibiao.batch.scale`). A row whose exact score sits on
a rounding boundary is decided by the engine's own arithmetic: 1/6 × 0.03 is exactly
0.005, the engine's 28-digit sixth makes it 0.005000…01.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zhibiao.batch.kernel_plan import (
    KINDS,
    MODES,
    Frame,
    ScorerPlan,
    parts,
    scorer_plan,
    target_scale,
)
from zhibiao.batch.keys import Codes, codes_of
from zhibiao.batch.output import STATUSES, Assembly
from zhibiao.batch.records import Record, read_weight
from zhibiao.batch.scale import doubt_interval, other_factor
from zhibiao.decimal_context import ACTIVE_CONTEXT
from zhibiao.engine.scorer import NumericRule, Scorer

__all__ = ("score_numbers",)

Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
# A row's status code is whether it missed its target.
assert STATUSES.index("achieved") == 0 and STATUSES.index("not_achieved") == 1
#: Numbers that read as dates after some units (2023年, 5月, 31日) and plain ones: a
#: unit is taken when each of them, written with it, reads as that number.
_PROBES = tuple(Decimal(v) for v in ("0", "0.5", "1", "5", "12", "31", "100", "1900",
                                     "2023", "2100", "99999"))
_HALF_UP, _HALF_EVEN, _DOWN, _UP = range(4)
_MAX_WEIGHT = 10**12
_ONE = Decimal(1)
_TWO = Decimal(2)
_ZERO = Decimal(0)

_CHUNK = 1 << 15  # rows per pass: the temporaries of a pass stay in the CPU cache
#: The ratio (in millionths, rounded half-up) below which a row may be in doubt: a
#: doubtful number is below a tenth of its target.
_DOUBT_RATIO = 100_000


class _Pass(NamedTuple):
    """What every chunk of one call shares."""

    kinds: frozenset[int]
    mode: int
    m: int
    flag: tuple[int, int] | None
    strict: bool
    exact: bool | None  # every target exact (True), none (False), or some (None)
    doubt: bool         # some target has a second reading (see zhibiao.batch.scale)


def score_numbers(actual: pa.Array, weight: pa.Array, scorer_codes: Codes,
                  scorers: list[Scorer | Record], assembly: Assembly) -> Mask:
    """Score the rows the kernel takes into ``assembly``; the mask of the rows left."""
    n = len(actual)
    rules = _rules(scorers)
    if not rules or not n:
        return np.ones(n, dtype=np.bool_)
    first = next(iter(rules.values()))
    sq = parts(first.quantum)[1]
    wq, w_ok = _weights_in_quanta(weight, sq)
    a, a_ok = _unscaled(actual)
    # One policy: every rule has its quantum and rounding; only ≥ rules have its flag.
    flag = next((rule.overshoot_flag for rule in rules.values() if rule.kind == "higher"),
                None)
    frame = Frame(m=10 ** max(target_scale(rule) or 0 for rule in rules.values()),
                  sa=actual.type.scale,
                  wq_max=int(wq.max(initial=0, where=True if w_ok is None else w_ok)),
                  flag=None if flag is None else (parts(flag)[0], 10 ** parts(flag)[1]))
    plans = {at: plan for at, rule in rules.items()
             if (plan := scorer_plan(rule, frame)) is not None}
    if not plans:
        return np.ones(n, dtype=np.bool_)
    table = _table(len(scorers), plans, rules, assembly, frame.sa)
    exact = {plan.exact for plan in plans.values()}
    shared = _Pass(kinds=frozenset(plan.kind for plan in plans.values()),
                   mode=MODES[first.rounding], m=frame.m,
                   flag=frame.flag, strict=any(plan.strict for plan in plans.values()),
                   exact=exact.pop() if len(exact) == 1 else None,
                   doubt=bool((table["doubt_high"] >= 0).any()))
    held = assembly.hold_scores(sq)
    assert held == sq  # the kernel writes first
    status, flags = assembly.status, assembly.flags
    score, ratio = assembly.score_words[:, 0], assembly.ratio_words[:, 0]
    take = np.empty(n, dtype=np.bool_)
    boundary = np.empty(n, dtype=np.bool_)
    with np.errstate(all="ignore"):
        for start in range(0, n, _CHUNK):
            rows = slice(start, start + _CHUNK)
            _chunk(shared, table, a[rows], wq[rows], scorer_codes[rows], status[rows],
                   flags[rows], score[rows], ratio[rows], take[rows], boundary[rows])
    for ok in (a_ok, w_ok):
        if ok is not None:
            take &= ok
    boundary &= take
    if boundary.any():
        on = np.flatnonzero(boundary)
        score[on] = _engine_scores(a, wq, on, scorer_codes, rules, frame.sa)
    assembly.score_valid = take
    assembly.ratio_valid = take.copy()
    return ~take


def _chunk(shared: _Pass, table: dict[str, Ints], a: Ints, w: Ints, s: Codes,
           status: npt.NDArray[np.int8], flags: npt.NDArray[np.int32], score: Ints,
           ratio: Ints, take: Mask, boundary: Mask) -> None:
    """One chunk of rows (outputs written into the given views). Rows not taken
    compute garbage (never a division by zero: B ≥ 1) that the row path overwrites."""
    b = table["b"][s]
    # a ≥ 0 and a ≤ a_max at once: a negative a is a huge unsigned number.
    np.less(a.view(np.uint64), table["limit"][s], out=take)
    big_a = a if shared.m == 1 else a * shared.m
    twice_b = b + b
    np.floor_divide(big_a * 2_000_000 + b, twice_b, out=ratio)
    if shared.doubt:
        _leave_doubtful(table, a, s, ratio, take)
    achieved, numerator, denominator = _rule_terms(shared.kinds, table["kind"], s, big_a, b, w)
    if shared.mode in (_HALF_UP, _HALF_EVEN):
        twice = numerator + numerator + denominator
        double = twice_b if denominator is b else denominator + denominator
        quotient = twice // double
        on_boundary = quotient * double == twice
        if shared.mode == _HALF_EVEN:  # a tie rounds to the even quantum
            quotient -= on_boundary & (quotient % 2 == 1)
    else:
        quotient = (numerator + denominator - 1 if shared.mode == _UP else numerator) \
            // denominator
        on_boundary = (quotient * denominator == numerator) & (numerator > 0)
    np.logical_not(achieved, out=status.view(np.bool_))
    np.copyto(score, np.where(achieved, w, quotient))
    base = table["flags"][s]
    code = base
    if shared.flag is not None and KINDS["higher"] in shared.kinds:
        f_int, f_scale = shared.flag
        over = achieved & (big_a * f_scale >= f_int * b)
        if len(shared.kinds) > 1:
            over &= table["kind"][s] == KINDS["higher"]
        code = base + over + over
    if shared.strict:
        strict = achieved & (big_a == b) & table["strict"][s].astype(np.bool_)
        code = np.where(strict, base + 1, code)
    np.copyto(flags, code)
    np.logical_and(on_boundary, status.view(np.bool_), out=boundary)
    if shared.exact is None:
        boundary &= table["exact"][s] == 0
    elif shared.exact:
        boundary[:] = False


def _leave_doubtful(table: dict[str, Ints], a: Ints, s: Codes, ratio: Ints,
                    take: Mask) -> None:
    """Leave the rows whose number is in doubt to the row path, which flags them. Only
    rows below a tenth of their target can be, and the ratio already tells them."""
    if ratio.min(initial=_DOUBT_RATIO + 1) > _DOUBT_RATIO:  # one pass, no temporary
        return
    low = np.flatnonzero(ratio <= _DOUBT_RATIO)
    a_low, s_low = a[low], s[low]
    doubt = (a_low >= table["doubt_low"][s_low]) & (a_low <= table["doubt_high"][s_low])
    take[low[doubt]] = False


def _engine_scores(a: Ints, wq: Ints, rows: Codes, s: Codes, rules: dict[int, NumericRule],
                   sa: int) -> list[int]:
    """Scores in quanta of rows whose exact score sits on a rounding boundary, by the
    engine's own arithmetic: the rule of :class:`~zhibiao.engine.scorer.NumericRule`
    in zhibiao's 28-digit context (the quotient, the product, then the rounding). In
    quanta and with the actual unscaled: ``a_int ÷ (T·10^sa)`` is the same quotient as
    ``a ÷ T``, and ``× wq`` the same digits as ``× w``, so each rounds the same way."""
    context = ACTIVE_CONTEXT
    divide, multiply, subtract = context.divide, context.multiply, context.subtract
    targets = {code: (rule.target.scaleb(sa, context=context), rule.kind, rule.rounding)
               for code, rule in rules.items()}
    out = []
    for a_int, w_int, code in zip(a[rows].tolist(), wq[rows].tolist(), s[rows].tolist(),
                                  strict=True):
        t, kind, rounding = targets[code]
        actual = Decimal(a_int)
        if kind == "higher":
            fraction = divide(actual, t)
        elif kind == "inverse":
            fraction = divide(t, actual)
        else:
            fraction = max(subtract(_TWO, divide(actual, t)), _ZERO)
        out.append(int(multiply(fraction, Decimal(w_int)).quantize(
            _ONE, rounding, context=context)))
    return out


def _rule_terms(kinds: frozenset[int], kind_table: Ints, s: Codes, big_a: Ints, b: Ints,
                w: Ints) -> tuple[Mask, Ints, Ints]:
    """Achieved, and the numerator and denominator of the score in quanta."""
    higher, inverse, linear = KINDS["higher"], KINDS["inverse"], KINDS["linear"]
    if kinds == {higher}:
        return big_a >= b, big_a * w, b
    if kinds == {linear}:
        return big_a <= b, np.maximum((2 * b - big_a) * w, 0), b
    if kinds == {inverse}:
        return big_a <= b, b * w, np.maximum(big_a, 1)
    kind = kind_table[s]
    is_higher = kind == higher
    achieved = np.where(is_higher, big_a >= b, big_a <= b)
    numerator = np.where(is_higher, big_a * w, np.where(
        kind == linear, np.maximum((2 * b - big_a) * w, 0), b * w))
    denominator = np.where(kind == inverse, np.maximum(big_a, 1), b)
    return achieved, numerator, denominator


def _rules(scorers: list[Scorer | Record]) -> dict[int, NumericRule]:
    """The rules of the scorers the kernel can take, by scorer code."""
    probes: dict[tuple[str, str], bool] = {}
    rules: dict[int, NumericRule] = {}
    for at, scorer in enumerate(scorers):
        if isinstance(scorer, Record):
            continue
        rule = scorer.numeric_rule
        if rule is None or not rule.quantity.unit.name or target_scale(rule) is None:
            continue
        key = (rule.quantity.unit.name, rule.quantity.multiplier)
        if key not in probes:
            probes[key] = all(_reads_as_number(scorer, rule, value) for value in _PROBES)
        factor = other_factor(rule.quantity)
        if probes[key] and (factor is None or factor > 1):
            rules[at] = rule
    return rules


def _base_flags(rule: NumericRule) -> tuple[str, ...]:
    return rule.flags + (("unit_converted",) if rule.quantity.multiplier else ())


def _reads_as_number(scorer: Scorer, rule: NumericRule, value: Decimal) -> bool:
    """True when ``value`` written with the target's unit is scored as that number,
    with the flags the kernel gives (the row path writes numbers so)."""
    outcome = scorer.score(f"{value:f}{rule.quantity.unit.name}", Decimal(10))
    flags = outcome.flags
    if flags[:1] in (("overshoot",), ("strict_bound",)):
        flags = flags[1:]
    return outcome.reason is None and flags == _base_flags(rule) and \
        outcome.ratio == ACTIVE_CONTEXT.divide(value, rule.target)


def _table(count: int, plans: dict[int, ScorerPlan], rules: dict[int, NumericRule],
           assembly: Assembly, sa: int) -> dict[str, Ints]:
    """Per scorer code: B, one more than the largest actual taken, kind, strict, whether
    the engine's arithmetic is exact for it, the code of its flag set (+1 with
    strict_bound, +2 with overshoot), and the unscaled actuals in doubt (low ≤ a ≤
    high; 0 ≤ a ≤ -1 where none is)."""
    table = {name: np.zeros(count, dtype=np.int64)
             for name in ("b", "kind", "strict", "flags", "exact", "doubt_low")}
    table["doubt_high"] = np.full(count, -1, dtype=np.int64)
    table["b"][:] = 1
    table["limit"] = np.zeros(count, dtype=np.uint64)  # a_max + 1; 0 takes no row
    for at, plan in plans.items():
        table["b"][at], table["limit"][at] = plan.b, plan.a_max + 1
        table["kind"][at], table["strict"][at] = plan.kind, plan.strict
        table["exact"][at] = plan.exact
        doubt = doubt_interval(rules[at].quantity, sa)
        if doubt is not None:  # both ends are below the target's B ≤ 2^63
            table["doubt_low"][at], table["doubt_high"][at] = doubt
        base = _base_flags(rules[at])
        table["flags"][at] = assembly.flag_block(
            (base, ("strict_bound", *base), ("overshoot", *base)))
    return table


def _weights_in_quanta(weight: pa.Array, sq: int) -> tuple[Ints, Mask]:
    """Each row's weight counted in quanta, and where the kernel can take it (a valid
    weight below 10^12 that is a whole number of quanta)."""
    kind = weight.type
    if pa.types.is_decimal128(kind) or pa.types.is_integer(kind):
        if pa.types.is_integer(kind):
            values = weight.cast(pa.int64(), safe=False).fill_null(-1).to_numpy()
            fits, sw = None, 0
        else:
            (values, fits), sw = _unscaled(weight), kind.scale
        # 0 ≤ w < 10^12 at once: a negative w is a huge unsigned number.
        ok: Mask = values.view(np.uint64) < np.uint64(_MAX_WEIGHT * 10**sw)
        if fits is not None:
            ok &= fits
        if sw > sq:
            step = 10 ** (sw - sq)
            ok &= values % step == 0
            return values // step, ok
        return values if sw == sq else values * 10 ** (sq - sw), ok
    codes, raw = codes_of(weight)
    quanta = np.zeros(len(raw), dtype=np.int64)
    usable = np.zeros(len(raw), dtype=np.bool_)
    for at, value in enumerate(raw):
        read = read_weight(value)
        if isinstance(read, Decimal):
            unscaled, sw = parts(read)
            if sw <= sq:
                quanta[at], usable[at] = unscaled * 10 ** (sq - sw), True
    return quanta[codes], usable[codes]


def _unscaled(array: pa.Array) -> tuple[Ints, Mask | None]:
    """The unscaled integers of a decimal128 column and where they are valid and fit
    in 63 bits (None: everywhere, as in a column of at most 18 digits without nulls)."""
    n = len(array)
    words = np.frombuffer(array.buffers()[1], dtype=np.int64,
                          count=2 * (array.offset + n))[2 * array.offset:].reshape(n, 2)
    low = words[:, 0]
    fits: Mask | None = None
    if array.type.precision > 18:
        fits = words[:, 1] == (low >> 63)
    if array.null_count:
        valid = array.is_valid().to_numpy(zero_copy_only=False)
        fits = valid if fits is None else fits & valid
    return low, fits

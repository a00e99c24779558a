"""Numbers against comparison targets scored in the JVM: Spark SQL expressions on long
integers, the integer form of the column kernel (:mod:`zhibiao.batch.kernel_plan`).

Moving a row from the JVM to a Python worker and back costs Spark more than scoring a
number costs the kernel, so :func:`split` keeps such rows in the JVM. On the driver it
reads the distinct (target, category, unit) keys of the table (one small job), compiles
each with the scorer :func:`zhibiao.batch.score_table` would use, and keeps those the
kernel takes (:func:`zhibiao.batch.kernel.numeric_rules`) as plan rows: the kind, ``B``,
the largest actual whose products fit in 63 bits, strictness, the scale-doubt interval,
the flag sets. The plans are broadcast-joined onto the rows and each row is scored
with ``bigint`` arithmetic by the formulas of the kernel (``A·w ÷ B`` and so on, the
quotient rounded by the policy's mode) — no double anywhere. A row the expressions
cannot score exactly goes to ``mapInArrow`` with the rows of every other kind:

- its target is not in a plan (not a comparison, a date-like unit, a target too large);
- its actual is missing, negative or above the plan's bound; its weight is missing,
  above :data:`MAX_WEIGHT` or has more decimals than the policy's precision;
- its number is in doubt (``0.92`` against ``≥95%``: the row path flags it);
- it misses its target and its exact score sits on a rounding boundary of a target
  the engine's 28-digit quotient does not divide exactly (the engine decides ties).

The actual column must be decimal (or integer) with at most :data:`MAX_SCALE`
decimals, the weight column decimal or integer, and the target, category and unit
columns text; otherwise, with ``explain=True`` or with more than :data:`MAX_TARGETS`
distinct keys, every row goes to ``mapInArrow``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from zhibiao.batch.columns import role_of
from zhibiao.batch.kernel import base_flags, numeric_rules
from zhibiao.batch.kernel_plan import KINDS, MODES, Frame, parts, scorer_plan, target_scale
from zhibiao.batch.records import compile_scorer
from zhibiao.batch.scale import doubt_interval
from zhibiao.engine.policy import DEFAULT_POLICY

if TYPE_CHECKING:
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

    from zhibiao.engine.policy import Policy
    from zhibiao.grammar import IndicatorParser

__all__ = ("MAX_SCALE", "MAX_TARGETS", "MAX_WEIGHT", "Plan", "plans", "split")

#: Distinct (target, category, unit) keys above which every row goes to mapInArrow:
#: the plans are compiled on the driver and broadcast to every task.
MAX_TARGETS = 50_000
#: The largest weight (分值) scored in the JVM; it bounds every product.
MAX_WEIGHT = 1000
#: Decimals of the actual or weight column above which every row goes to mapInArrow.
MAX_SCALE = 12
_P = "__zhibiao_"  # the prefix of the working columns
_ACHIEVED, _NOT_ACHIEVED = "achieved", "not_achieved"


class Plan(NamedTuple):
    """One row of the plan table: a key and the integers of its rule."""

    target: str
    category: str | None
    unit: str | None
    kind: int
    m: int            # A = a_int·m
    b: int
    a_max: int        # the largest unscaled actual scored here
    strict: bool
    exact: bool       # the engine's quotient is exact: a tie is decided here
    doubt_low: int    # unscaled actuals in doubt: doubt_low ≤ a ≤ doubt_high
    doubt_high: int
    over_scale: int | None  # overshoot when A·over_scale ≥ over_b (≥ targets only)
    over_b: int | None
    flags: list[str]
    strict_flags: list[str]
    over_flags: list[str]


@dataclass(frozen=True)
class _Roles:
    """The input columns by role, by position in the DataFrame."""

    target: int
    actual: int
    weight: int
    category: int | None
    unit: int | None
    actual_scale: int
    actual_digits: int  # the precision of the actual column
    weight_scale: int


def _roles(schema: StructType) -> _Roles | None:
    """Where the roles are and whether their types let the JVM score numbers."""
    from pyspark.sql.types import DecimalType, IntegralType, StringType

    found: dict[str, int] = {}
    for at, field in enumerate(schema.fields):
        role = role_of(field.name)
        if role is not None:
            found[role] = at
    if not {"target", "actual", "weight"} <= set(found):
        return None
    kinds = {role: schema.fields[at].dataType for role, at in found.items()}
    if any(not isinstance(kinds[role], StringType) for role in
           ("target", "category", "unit") if role in kinds):
        return None
    actual, weight = kinds["actual"], kinds["weight"]
    if isinstance(actual, DecimalType):
        scale, digits = actual.scale, actual.precision
    elif isinstance(actual, IntegralType):
        scale, digits = 0, 18  # a bigint: its cast to bigint is exact
    else:
        return None
    if isinstance(weight, DecimalType):
        weight_scale = weight.scale
    elif isinstance(weight, IntegralType):
        weight_scale = 0
    else:
        return None
    if max(scale, weight_scale) > MAX_SCALE:
        return None
    return _Roles(found["target"], found["actual"], found["weight"], found.get("category"),
                  found.get("unit"), scale, digits, weight_scale)


def plans(keys: list[tuple[str | None, str | None, str | None]], policy: Policy,
          parser: IndicatorParser | None, actual_scale: int) -> list[Plan]:
    """The plans of the keys whose numbers the JVM scores, for an actual column of
    ``actual_scale`` decimals."""
    scorers = [compile_scorer(t, c, u, policy, parser) for t, c, u in keys]
    found = []
    for at, rule in numeric_rules(scorers).items():
        target, category, unit = keys[at]
        scale = target_scale(rule)
        if target is None or scale is None or MODES.get(rule.rounding) is None:
            continue
        flag = None if rule.overshoot_flag is None or rule.kind != "higher" else \
            (parts(rule.overshoot_flag)[0], 10 ** parts(rule.overshoot_flag)[1])
        frame = Frame(m=10**scale, sa=actual_scale,
                      wq_max=MAX_WEIGHT * 10 ** parts(rule.quantum)[1], flag=flag)
        plan = scorer_plan(rule, frame)
        if plan is None:
            continue
        low, high = doubt_interval(rule.quantity, actual_scale) or (0, -1)
        base = list(base_flags(rule))
        found.append(Plan(
            target, category, unit, plan.kind, frame.m, plan.b, plan.a_max, plan.strict,
            plan.exact, low, high, None if flag is None else flag[1],
            None if flag is None else flag[0] * plan.b, base, ["strict_bound", *base],
            ["overshoot", *base]))
    return found


def _plan_schema() -> StructType:
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    kinds: dict[str, Any] = {"target": StringType(), "category": StringType(),
                             "unit": StringType(), "kind": IntegerType(), "strict": BooleanType(),
                             "exact": BooleanType()}
    flags = ArrayType(StringType(), containsNull=False)
    return StructType([StructField(_P + name, kinds.get(name, flags if "flags" in name
                                                         else LongType()))
                       for name in Plan._fields])


def split(df: DataFrame, output: StructType, *, policy: Policy | None,
          parser: IndicatorParser | None) -> tuple[DataFrame, DataFrame] | None:
    """(the rows scored in the JVM, with ``output``'s columns; the other rows, with
    ``df``'s columns) — or None when the JVM scores none of them. Runs one job: the
    distinct keys of ``df``."""
    from pyspark.sql import functions as F

    roles = _roles(df.schema)
    if roles is None:
        return None
    policy = DEFAULT_POLICY if policy is None else policy
    score = output[len(df.columns) + 1].dataType  # status, score, …
    if getattr(score, "scale", -1) < parts(policy.rounding)[1]:
        return None  # a column of fewer decimals: the job fails on the rows that need them
    columns = [F.col(f"`{name.replace('`', '``')}`") for name in df.columns]
    base = df.select([column.alias(f"{_P}in{at}") for at, column in enumerate(columns)])
    key_at = [roles.target, roles.category, roles.unit]
    keys = [F.col(f"{_P}in{at}") if at is not None else F.lit(None).cast("string")
            for at in key_at]
    distinct = base.select(keys).distinct().limit(MAX_TARGETS + 1).collect()
    if len(distinct) > MAX_TARGETS:
        return None
    found = plans([(row[0], row[1], row[2]) for row in distinct], policy, parser,
                  roles.actual_scale)
    if not found:
        return None
    table = df.sparkSession.createDataFrame(found, _plan_schema())
    on = [keys[i].eqNullSafe(F.col(f"{_P}{name}"))
          for i, name in enumerate(("target", "category", "unit")) if key_at[i] is not None]
    scored = base.join(F.broadcast(table), on=on, how="left")
    for step in _steps(roles, policy):
        scored = scored.withColumns({name: F.expr(text) for name, text in step.items()})
    # A fence: Spark does not push a filter below a projection with a nondeterministic
    # column that the filter reads, so the two filters read the computed ``take``
    # instead of a copy of every expression (a method too large for the JIT). The
    # partition id is nondeterministic to Spark, and cheap.
    scored = scored.withColumn(f"{_P}fence", F.spark_partition_id())
    take = F.col(f"{_P}take")
    fence = F.col(f"{_P}fence") >= 0
    inputs = [F.col(f"{_P}in{at}").alias(name) for at, name in enumerate(df.columns)]
    added = [F.col(f"{_P}{field.name}").cast(field.dataType).alias(field.name)
             for field in output.fields[len(df.columns):]]
    return (scored.filter(take & fence).select(*inputs, *added),
            scored.filter(~take & fence).select(*inputs))


def _unscaled(column: str, scale: int, digits: int) -> str:
    """The unscaled integer of a decimal ``column`` of ``scale`` decimals, when it is
    not negative; its values are known to be below 10^digits. The product is an
    integer (were Spark to trim its decimals, they are zeros)."""
    if scale == 0:
        value = f"CAST({column} AS BIGINT)"
    else:
        value = (f"CAST(CAST({column} AS DECIMAL({min(digits + scale, 38)}, {scale})) * "
                 f"CAST('{10**scale}' AS DECIMAL({scale + 1}, 0)) AS BIGINT)")
    return f"CASE WHEN {column} >= 0 THEN {value} END"


def _steps(roles: _Roles, policy: Policy) -> list[dict[str, str]]:
    """The working columns, step by step (Spark SQL on bigint; no double): the unscaled
    actual and the weight in quanta, the terms of the score, its quotient, then the
    outcome's columns and ``take``."""
    sa, sw, sq = roles.actual_scale, roles.weight_scale, parts(policy.rounding)[1]
    actual, weight = f"{_P}in{roles.actual}", f"{_P}in{roles.weight}"
    a_int = _unscaled(actual, sa, 19)
    if roles.actual_digits > 18:  # else every unscaled value fits a bigint
        limit = Decimal(2**62).scaleb(-sa)
        a_int = (f"CASE WHEN {actual} < CAST('{limit:f}' AS DECIMAL({19 + sa}, {sa})) "
                 f"THEN {a_int} END")
    a = f"CASE WHEN {_P}a_int <= {_P}a_max THEN {_P}a_int END"
    w_int = _unscaled(weight, sw, 4)  # weights up to MAX_WEIGHT: 4 digits
    if sw <= sq:
        quanta = f"{w_int} * {10 ** (sq - sw)}"
    else:  # a whole number of quanta only
        step = 10 ** (sw - sq)
        quanta = f"CASE WHEN {w_int} % {step} = 0 THEN {w_int} DIV {step} END"
    w = f"CASE WHEN {weight} <= {MAX_WEIGHT} THEN {quanta} END"
    big_a, b, kind = f"({_P}a * {_P}m)", f"{_P}b", f"{_P}kind"
    higher, inverse, linear = KINDS["higher"], KINDS["inverse"], KINDS["linear"]
    quotient, tie = _rounded(MODES[policy.rounding_constant], f"{_P}num", f"{_P}den")
    over = f"COALESCE({big_a} * {_P}over_scale >= {_P}over_b, FALSE)"
    unit = f"CAST('{Decimal(1).scaleb(-sq):f}' AS DECIMAL({sq + 1}, {sq}))"
    return [
        {f"{_P}a_int": a_int},
        {f"{_P}a": a, f"{_P}w": w},
        {f"{_P}achieved":
            f"CASE WHEN {kind} = {higher} THEN {big_a} >= {b} ELSE {big_a} <= {b} END",
         f"{_P}num": (f"CASE {kind} WHEN {higher} THEN {big_a} * {_P}w WHEN {linear} THEN "
                      f"GREATEST((2 * {b} - {big_a}) * {_P}w, 0) ELSE {b} * {_P}w END"),
         f"{_P}den": f"CASE WHEN {kind} = {inverse} THEN GREATEST({big_a}, 1) ELSE {b} END"},
        {f"{_P}q": quotient, f"{_P}tie": tie},
        {f"{_P}status":
            f"CASE WHEN {_P}achieved THEN '{_ACHIEVED}' ELSE '{_NOT_ACHIEVED}' END",
         f"{_P}score": (f"CAST(CASE WHEN {_P}achieved THEN {_P}w ELSE {_P}q END "
                        f"AS DECIMAL(20, 0)) * {unit}"),
         f"{_P}ratio": (f"CAST((2000000 * {big_a} + {b}) DIV (2 * {b}) AS DECIMAL(20, 0))"
                        " * CAST('0.000001' AS DECIMAL(7, 6))"),
         f"{_P}reason": "CAST(NULL AS STRING)",
         f"{_P}flags": (f"CASE WHEN {_P}achieved AND {big_a} = {b} AND {_P}strict "
                        f"THEN {_P}strict_flags WHEN {_P}achieved AND {over} "
                        f"THEN {_P}over_flags ELSE {_P}flags END"),
         f"{_P}take": (f"COALESCE({_P}a IS NOT NULL AND {_P}w IS NOT NULL AND NOT "
                       f"({_P}a BETWEEN {_P}doubt_low AND {_P}doubt_high) AND NOT "
                       f"(NOT {_P}achieved AND {_P}tie AND NOT {_P}exact), FALSE)")},
    ]


def _rounded(mode: int, numerator: str, denominator: str) -> tuple[str, str]:
    """The quotient rounded by the policy's mode, and whether the exact quotient sits
    on a rounding boundary — the kernel's arithmetic (numerator ≥ 0, denominator ≥ 1)."""
    if mode in (MODES[ROUND_HALF_UP], MODES[ROUND_HALF_EVEN]):
        twice, double = f"(2 * {numerator} + {denominator})", f"(2 * {denominator})"
        quotient = f"({twice} DIV {double})"
        tie = f"({quotient} * {double} = {twice})"
        if mode == MODES[ROUND_HALF_EVEN]:  # a tie rounds to the even quantum
            quotient = f"({quotient} - CASE WHEN {tie} AND {quotient} % 2 = 1 THEN 1 ELSE 0 END)"
        return quotient, tie
    top = numerator if mode == MODES[ROUND_DOWN] else f"({numerator} + {denominator} - 1)"
    quotient = f"({top} DIV {denominator})"
    return quotient, f"({quotient} * {denominator} = {numerator} AND {numerator} > 0)"

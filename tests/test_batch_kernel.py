"""The numeric kernel of score_table: exact integers give evaluate's values — at
rounding ties too (where the engine's 28-digit quotient decides), under every rounding
mode and precision, for ≥ and ≤ targets scored inverse or linear, with units converted
(万元) and overshoot and strict bounds flagged; and it does take most such rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zhibiao.batch.table as batch_table
from tests.batch_reference import expected_row, same, scale_in_doubt, table_rows
from zhibiao.batch import score_table
from zhibiao.engine import evaluate
from zhibiao.engine.policy import Policy
from zhibiao.grammar import parse


@contextmanager
def row_path_calls() -> Iterator[list[int]]:
    """Counts the distinct rows that go through Scorer.score (not the kernel)."""
    calls = [0]
    original = batch_table.score_row

    def counting(*args: object) -> object:
        calls[0] += 1
        return original(*args)  # type: ignore[arg-type]

    batch_table.score_row = counting  # type: ignore[assignment]
    try:
        yield calls
    finally:
        batch_table.score_row = original


def _numbers_table(rows: list[tuple[str, Decimal, object]], scale: int) -> pa.Table:
    return pa.table({"target": [r[0] for r in rows],
                     "actual": pa.array([r[1] for r in rows], type=pa.decimal128(38, scale)),
                     "weight": [r[2] for r in rows]})


def _compare(table: pa.Table, policy: Policy | None = None) -> None:
    out = score_table(table, policy=policy)
    data = table.to_pydict()
    for at, got in enumerate(table_rows(out, explain=False)):
        want = expected_row(data["target"][at], data["actual"][at], data["weight"][at],
                            policy=policy or Policy())
        assert same(got, want), (data["target"][at], data["actual"][at],
                                 data["weight"][at], got, want)


_POLICIES = [Policy(), Policy(rounding_mode="half_even"), Policy(rounding_mode="down"),
             Policy(rounding_mode="up", rounding="0.1"), Policy(rounding="1"),
             Policy(reverse="linear"), Policy(rounding="0.0001", overshoot_flag="1.1")]


@pytest.mark.parametrize("policy", _POLICIES, ids=repr)
def test_crafted_ties(policy: Policy) -> None:
    """a/T = k/3, k/6, k/7 … against weights whose exact score is a half quantum
    (weight 0.03 at a sixth: exactly 0.005, where the engine's 28-digit sixth makes
    0.005000…01; weight 0.015 at a third: 0.0049…95)."""
    rows = []
    for target in (3, 6, 7, 9, 12, 95, 300):
        for k in range(0, 2 * target + 2):
            for weight in ("0.03", "0.09", "0.15", "1.5", "0.25", "10", "0.015", "0.005"):
                for op in ("≥", "≤"):
                    rows.append((f"{op}{target}个", Decimal(k), weight))
    table = _numbers_table(rows, 0)
    with row_path_calls() as calls:
        _compare(table, policy)
    finer = sum(Decimal(r[2]).as_tuple().exponent < policy.rounding.as_tuple().exponent
                for r in rows)  # type: ignore[operator]
    assert calls[0] < finer + len(rows) / 10  # the kernel took the rest


def test_a_tie_is_decided_by_the_engines_arithmetic() -> None:
    """1/6 × 0.03 is exactly 0.005; the engine's 28-digit sixth makes it 0.005000…01,
    which half-even rounds up: exact integers alone would give 0.00."""
    table = _numbers_table([("≥6个", Decimal(1), "0.03"), ("≥6个", Decimal(2), "0.03")], 0)
    policy = Policy(rounding_mode="half_even")
    with row_path_calls() as calls:
        _compare(table, policy)
    assert calls[0] == 0
    assert score_table(table, policy=policy).column("score").to_pylist() == [
        Decimal("0.01"), Decimal("0.01")]


@pytest.mark.parametrize("policy", _POLICIES, ids=repr)
def test_ties_against_targets_the_engine_divides_exactly(policy: Policy) -> None:
    """Against 50 or 8 (2^x·5^y) the engine's quotient is exact and the kernel keeps
    its own result at a tie: 0.025 ÷ 50 × 10 is exactly 0.005, which half-even rounds
    to 0.00 (it once gave the half-up 0.01)."""
    rows = [(f"{op}{target}个", Decimal(k) / 1000, weight)
            for target in (50, 8) for k in range(0, 2 * target * 1000 + 1, 125)
            for weight in ("10", "0.5", "1") for op in ("≥", "≤")]
    with row_path_calls() as calls:
        _compare(_numbers_table(rows, 3), policy)
    finer = sum(Decimal(r[2]).as_tuple().exponent < policy.rounding.as_tuple().exponent
                for r in rows)  # type: ignore[operator]
    assert calls[0] <= finer  # the kernel took every other row


def test_a_weight_finer_than_the_precision_goes_to_the_engine() -> None:
    """1/3 × 0.015: the exact 0.005 and the engine's 0.0049…95 — weights with more
    decimals than the policy's precision are scored by the engine."""
    table = _numbers_table([("≥3个", Decimal(1), "0.015"), ("≥3个", Decimal(1), "0.02")], 0)
    with row_path_calls() as calls:
        _compare(table)
    assert calls[0] == 1


def test_units_converted_overshoot_and_strict_bounds() -> None:
    rows = [("≥1.2万元", Decimal(v), "10") for v in ("11000", "12000", "15600", "16000", "0")]
    rows += [(">95%", Decimal(v), "10") for v in ("95", "94.99", "130")]
    rows += [("≤30个工作日", Decimal(v), "5") for v in ("29", "30", "31", "61", "0")]
    with row_path_calls() as calls:
        _compare(_numbers_table(rows, 2))
    assert calls[0] == 0


def test_overshoot_when_the_first_target_is_lower_is_better() -> None:
    rows = [("≤10个", Decimal(12), "10"), ("≥95%", Decimal(130), "10"),
            ("≥95%", Decimal(96), "10")]
    _compare(_numbers_table(rows, 0))
    flags = score_table(_numbers_table(rows, 0)).column("flags").to_pylist()
    assert flags == [[], ["overshoot"], []]


def test_numbers_beyond_63_bits_and_negative_go_the_row_path() -> None:
    rows = [("≥95%", Decimal(v), "10") for v in ("1E+30", "-5", "92", "9223372036854775807")]
    with row_path_calls() as calls:
        _compare(_numbers_table(rows, 0))
    assert calls[0] == 3


def test_units_that_read_as_dates_go_the_row_path() -> None:
    rows = [("≥3年", Decimal(v), "10") for v in ("2", "2023")]
    rows += [("≥12个月", Decimal(v), "10") for v in ("5", "12")]
    with row_path_calls() as calls:
        _compare(_numbers_table(rows, 0))
    assert calls[0] == 4


def test_decimal_column_equals_the_text_it_stands_for() -> None:
    """The column path (decimal) and the row path (the same numbers as text with the
    target's unit) give the same columns."""
    targets = ["≥95%", "≤30个工作日", "≥1.2万元", "≥500人次", ">90%", "≤10%"]
    values = [Decimal(v) for v in ("0", "9.5", "29.99", "95", "100", "12000", "480", "12")]
    units = {"≥95%": "%", "≤30个工作日": "个工作日", "≥1.2万元": "元", "≥500人次": "人次",
             ">90%": "%", "≤10%": "%"}
    rows = [(t, v, "10") for t in targets for v in values]
    numbers = score_table(_numbers_table(rows, 2))
    texts = score_table(pa.table({"target": [r[0] for r in rows],
                                  "actual": [f"{r[1]:f}{units[r[0]]}" for r in rows],
                                  "weight": [r[2] for r in rows]}))
    for name in ("status", "score", "ratio", "reason"):
        assert numbers.column(name).to_pylist() == texts.column(name).to_pylist(), name
    # The text carries its unit; the number is flagged where its scale is in doubt.
    for (target, value, _), got, text in zip(rows, numbers.column("flags").to_pylist(),
                                             texts.column("flags").to_pylist(), strict=True):
        doubt = scale_in_doubt(parse(target).quantity, value)  # type: ignore[union-attr]
        assert got == [*text, "scale_ambiguous"] if doubt else got == text, (target, value)


_ROW = st.tuples(st.decimals(Decimal("0.01"), Decimal(100000), places=2),
                 st.sampled_from(["≥", "≤", ">", "<"]),
                 st.sampled_from(["%", "个", "万元", "元", "人次"]),
                 st.decimals(0, Decimal(200000), places=3),
                 st.decimals(0, 100, places=2))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(_ROW, min_size=1, max_size=8), policy=st.sampled_from(_POLICIES))
def test_generated_numbers(rows: list[tuple[Decimal, str, str, Decimal, Decimal]],
                           policy: Policy) -> None:
    """Targets of every kind in one table (the kernel's per-kind terms side by side)."""
    table = [(f"{op}{target}{unit}", a * 10000 if unit == "万元" else a, weight)
             for target, op, unit, a, weight in rows]
    _compare(_numbers_table(table, 3), policy)


def test_scores_with_more_decimals_than_the_column_would_hold_by_default() -> None:
    """A score capped at a weight of ten decimals (0.0050000001 rounds up to 0.01, so the
    score is the weight itself) widens the score column; a huge ratio still fits."""
    rows = [("≥95%", Decimal(v), w) for v, w in (("100", "0.0050000001"), ("92", "10"),
                                                 ("1E+30", "10"), ("100", "0.005"))]
    table = _numbers_table(rows, 0)
    _compare(table)
    out = score_table(table)
    assert out.column("score").to_pylist()[0] == Decimal("0.0050000001")
    assert out.schema.field("score").type == pa.decimal128(38, 10)


def test_a_header_unit_is_the_unit_of_decimal_actuals() -> None:
    """A bare target with a unit column: the decimal actual is in the base unit of the
    target with its header unit (``≥1.2`` with 万元: 11000 is 11000 元)."""
    table = pa.table({"target": ["≥95", "≥1.2", "≤30"], "unit": ["%", "万元", "个工作日"],
                      "category": ["质量指标", "成本指标", None],
                      "actual": pa.array([Decimal(92), Decimal(11000), Decimal(31)],
                                         pa.decimal128(10, 0)),
                      "weight": [10, 10, 5]})
    with row_path_calls() as calls:
        out = score_table(table)
    assert calls[0] == 0
    data = table.to_pydict()
    for at, got in enumerate(table_rows(out, explain=False)):
        want = expected_row(data["target"][at], data["actual"][at], data["weight"][at],
                            category=data["category"][at], unit=data["unit"][at])
        assert same(got, want), (got, want)
    explained = score_table(table, explain=True).column("explanation").to_pylist()
    assert explained[1] == evaluate("≥1.2", "11000元", weight=10, category="成本指标",
                                    unit="万元").explanation

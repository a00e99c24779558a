"""score_table gives, row by row, what evaluate gives: on the real tables, on every
seed target against real actual texts and numbers, on generated rows — from pyarrow,
polars and pandas inputs alike, by the row path and by the numeric kernel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.batch_reference import (
    expected_row,
    real_rows,
    real_targets,
    same,
    table_rows,
)
from zhibiao.batch import score_table
from zhibiao.engine.policy import Policy
from zhibiao.testing.strategies import actuals_for, target_texts

_NUMBERS = [Decimal(v) for v in ("0", "1", "2.5", "50", "92", "95", "100", "130", "11000",
                                 "0.5", "-5", "1E+3", "99.995", "12000.00")]
_WEIGHTS: list[object] = ["10", "5分", "2.5", "", "abc", None, "-1", "0"]


def _check(table: pa.Table, *, explain: bool = True, policy: Policy | None = None,
           category: str | None = None) -> None:
    out = score_table(table, explain=explain, policy=policy)
    assert out.num_rows == table.num_rows
    assert out.column_names[:table.num_columns] == table.column_names
    data = table.to_pydict()
    got = table_rows(out, explain)
    for at in range(table.num_rows):
        want = expected_row(
            data["target"][at], data["actual"][at], data["weight"][at],
            category=data["category"][at] if "category" in data else category,
            unit=data["unit"][at] if "unit" in data else None,
            policy=policy or Policy())
        assert same(got[at], want), (at, data["target"][at], data["actual"][at],
                                     data["weight"][at], got[at], want)


def test_real_tables_row_by_row() -> None:
    rows = real_rows()
    table = pa.table({"target": [r[0] for r in rows], "actual": [r[1] for r in rows],
                      "weight": [r[2] for r in rows], "category": [r[3] for r in rows]})
    _check(table)


def _seed_table(actuals: list[Any], kind: pa.DataType) -> pa.Table:
    targets = real_targets()
    rows = [(t, a, _WEIGHTS[(i + j) % len(_WEIGHTS)])
            for i, t in enumerate(targets) for j, a in enumerate(actuals)]
    return pa.table({"target": [r[0] for r in rows],
                     "actual": pa.array([r[1] for r in rows], type=kind),
                     "weight": [r[2] for r in rows]})


def test_seed_targets_against_real_actual_texts() -> None:
    texts = sorted({r[1] for r in real_rows()})[::3]
    _check(_seed_table(texts, pa.string()))


@pytest.mark.parametrize("explain", [False, True])
def test_seed_targets_against_numbers(explain: bool) -> None:
    """A decimal actual is the number in the target's base unit; the numeric kernel
    (explain=False) and the row path (explain=True) both give evaluate's values."""
    _check(_seed_table(_NUMBERS, pa.decimal128(38, 3)), explain=explain)


def test_polars_pandas_and_arrow_give_the_same_columns() -> None:
    rows = real_rows()
    table = pa.table({"target": [r[0] for r in rows], "actual": [r[1] for r in rows],
                      "weight": [r[2] for r in rows], "category": [r[3] for r in rows]})
    want = score_table(table, explain=True)
    added = want.column_names[table.num_columns:]
    from_polars = score_table(pl.from_arrow(table), explain=True)
    assert isinstance(from_polars, pl.DataFrame)
    assert pa.table(from_polars.select(added).to_arrow()).to_pylist() == \
        want.select(added).to_pylist()
    frame = table.to_pandas()
    frame.index = range(len(frame), 0, -1)
    from_pandas = score_table(frame, explain=True)
    assert isinstance(from_pandas, pd.DataFrame)
    assert list(from_pandas.index) == list(frame.index)
    for name in added:
        got = [list(v) if name == "flags" else
               None if v is None or (isinstance(v, float) and v != v) else v
               for v in from_pandas[name]]
        assert got == want.column(name).to_pylist(), name


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_generated_rows(data: st.DataObject) -> None:
    rows = []
    for _ in range(data.draw(st.integers(1, 6))):
        text, _model = data.draw(target_texts())
        actual = data.draw(actuals_for(text, outcome=st.sampled_from(
            ["achieved", "not_achieved", "not_evaluable"])) | st.none())
        weight = data.draw(st.decimals(0, 100, places=data.draw(st.integers(0, 3)))
                           .map(str) | st.sampled_from(["10", "5分", "x"]))
        rows.append((text, actual, weight))
    rows = rows * 2  # repeated rows share one evaluation
    table = pa.table({"target": [r[0] for r in rows], "actual": [r[1] for r in rows],
                      "weight": [r[2] for r in rows]})
    _check(table)


def test_numbers_from_polars_and_pandas_are_scored_as_from_arrow() -> None:
    """The numeric kernel behind a polars Decimal column and a pandas column of Decimal
    objects gives what it gives on Arrow (and that is evaluate's, above)."""
    table = _seed_table(_NUMBERS, pa.decimal128(38, 3))
    want = score_table(table)
    added = want.column_names[table.num_columns:]
    from_polars = score_table(pl.from_arrow(table))
    assert from_polars.select(added).to_arrow().to_pylist() == want.select(added).to_pylist()
    from_pandas = score_table(table.to_pandas())
    for name in added:
        got = [list(v) if name == "flags" else
               None if v is None or (isinstance(v, float) and v != v) else v
               for v in from_pandas[name]]
        assert got == want.column(name).to_pylist(), name

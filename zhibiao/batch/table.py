"""``score_table``: a long table of (target, actual, weight) rows scored at once.

The rows are grouped by codes (:mod:`zhibiao.batch.keys`): each distinct (target,
category, unit) is compiled once into a :class:`~zhibiao.engine.scorer.Scorer`, each
distinct weight read once; numbers against a comparison target are scored in bulk
with integers by :mod:`zhibiao.batch.kernel`, and every other row goes through
:meth:`Scorer.score` once per distinct (scorer, actual, weight); a number whose scale
is in doubt (``0.92`` against ``≥95%``) is flagged there (:mod:`zhibiao.batch.scale`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa

from zhibiao.batch.columns import Columns, read_columns
from zhibiao.batch.frames import to_arrow
from zhibiao.batch.kernel import score_numbers
from zhibiao.batch.keys import Codes, codes_of, combine
from zhibiao.batch.output import Assembly
from zhibiao.batch.records import (
    Record,
    compile_scorer,
    number_actual,
    read_weight,
    score_row,
)
from zhibiao.batch.scale import flagged
from zhibiao.decimal_context import own_context
from zhibiao.engine.policy import DEFAULT_POLICY, Policy
from zhibiao.engine.scorer import Scorer
from zhibiao.grammar import IndicatorParser

__all__ = ("score_table",)


@own_context
def score_table(table: Any, *, policy: Policy | None = None,
                parser: IndicatorParser | None = None, explain: bool = False) -> Any:
    """Score every row of ``table`` and return it with the columns ``status``,
    ``score``, ``ratio``, ``reason``, ``flags`` (and ``explanation`` when ``explain``).

    ``table`` is a pyarrow Table or RecordBatch, a polars or a pandas DataFrame; the
    result is of the same kind, with the same rows in the same order. Columns:
    ``target`` (指标值 text), ``actual`` (text, or numbers in the target's base unit —
    the ``value`` of ``zhibiao parse --json``: 元 for a 万元 target, % for a percentage;
    a number that reads plausibly only in the other scale, ``0.92`` against ``≥95%``, is
    flagged ``scale_ambiguous``, see :mod:`zhibiao.batch.scale`),
    ``weight`` (numbers or text), optional ``category`` (二级指标), ``indicator``
    (三级指标, kept as it is) and ``unit`` (a header unit); Chinese names are accepted
    (see :mod:`zhibiao.batch.columns`). Every value equals what
    :func:`zhibiao.evaluate` gives for the row (for a number: for it written with the
    base unit, and the flag above); a row that cannot be scored (a target
    that does not parse, a missing weight) is ``not_evaluable`` with a reason and a
    Chinese explanation, never dropped.

    >>> import pyarrow as pa
    >>> rows = pa.table({"target": ["≥95%", "≥95%", "≤30个工作日"],
    ...                  "actual": ["92%", "96%", "35个工作日"], "weight": [10, 10, 5]})
    >>> out = score_table(rows)
    >>> out.column("status").to_pylist()
    ['not_achieved', 'achieved', 'not_achieved']
    >>> [str(s) for s in out.column("score").to_pylist()]
    ['9.68', '10.00', '4.29']
    """
    arrow, back = to_arrow(table)
    columns = read_columns(arrow)
    assembly = _score(columns, arrow.num_rows, DEFAULT_POLICY if policy is None else policy,
                      parser, explain)
    return back(pa.table(assembly.columns()))


def _score(columns: Columns, n: int, policy: Policy, parser: IndicatorParser | None,
           explain: bool) -> Assembly:
    scorer_codes, scorers = _scorers(columns, policy, parser)
    assembly = Assembly(n, explain)
    rows = np.arange(n, dtype=np.int64)
    if columns.numeric_actual and not explain:
        todo = score_numbers(columns.actual, columns.weight, scorer_codes, scorers, assembly)
        rows = np.flatnonzero(todo).astype(np.int64)
        if not len(rows):
            return assembly
    indices = None if len(rows) == n else pa.array(rows)
    weight_codes, raw_weights = codes_of(_rows(columns.weight, indices))
    weights = [read_weight(weight) for weight in raw_weights]
    actual_codes, actuals = codes_of(_rows(columns.actual, indices))
    pair_codes, pair_scorer, pair_actual = combine(
        scorer_codes[rows], len(scorers), actual_codes, len(actuals))
    key_codes, key_pair, key_weight = combine(pair_codes, len(pair_scorer), weight_codes,
                                              len(weights))
    numeric = columns.numeric_actual
    records = [
        _record(scorers[pair_scorer[p]], actuals[pair_actual[p]], weights[w], numeric)
        for p, w in zip(key_pair.tolist(), key_weight.tolist(), strict=True)]
    assembly.put_records(rows, key_codes, records)
    return assembly


def _rows(column: pa.Array, indices: pa.Array | None) -> pa.Array:
    return column if indices is None else column.take(indices)


def _scorers(columns: Columns, policy: Policy, parser: IndicatorParser | None,
             ) -> tuple[Codes, list[Scorer | Record]]:
    """Each row's scorer code and the scorer (or problem) of each distinct
    (target, category, unit)."""
    codes, targets = codes_of(columns.target)
    keys: list[tuple[str | None, str | None, str | None]] = [(t, None, None) for t in targets]
    for position, column in ((1, columns.category), (2, columns.unit)):
        if column is None:
            continue
        other_codes, others = codes_of(column)
        codes, key_index, other_index = combine(codes, len(keys), other_codes, len(others))
        merged = []
        for k, o in zip(key_index.tolist(), other_index.tolist(), strict=True):
            key = list(keys[k])
            key[position] = others[o]
            merged.append((key[0], key[1], key[2]))
        keys = merged
    return codes, [compile_scorer(t, c, u, policy, parser) for t, c, u in keys]


def _record(scorer: Scorer | Record, actual: object, weight: Decimal | Record,
            numeric: bool) -> Record:
    if isinstance(scorer, Record):
        return scorer
    if isinstance(weight, Record):
        return weight
    if numeric and isinstance(actual, Decimal):
        record = score_row(scorer, number_actual(actual, scorer), weight)
        if record.reason == "evaluation_error":
            return record
        return flagged(record, actual, scorer.model)  # 0.92 against ≥95%: 须复核
    return score_row(scorer, actual, weight)

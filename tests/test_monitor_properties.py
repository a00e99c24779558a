"""Invariants of 绩效运行监控 (issue 16), over many values, dates and targets.

- the projection is monotone in the value to date;
- 确定能 is never given for a target the value to date does not meet;
- 完全不可能 is given only when no value still to come can meet the target (an
  accumulating quantity only grows; at the end of the year nothing changes).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from zhibiao.engine.outcome import Status
from zhibiao.grammar import Comparison, Range
from zhibiao.monitor import Likelihood
from zhibiao.monitor.projection import ProgressError, progress
from zhibiao.monitor.rows import monitor_indicator
from zhibiao.ruleset.actuals import ActualRow
from zhibiao.ruleset.load import load_ruleset
from zhibiao.ruleset.ruleset import Indicator, Ruleset

#: (target, the unit an actual is written in)
TARGETS = [("≥3次", "次"), ("≥10次", "次"), ("≤10万元", "万元"), ("≤27万元", "万元"),
           ("≥90%", "%"), ("≤5%", "%"), ("≤30个工作日", "个工作日"), ("3-5次", "次"),
           ("≥1.2万亩", "万亩"), ("≤500元/人/年", "元/人/年"), ("≥95%", "%"), ("=4次", "次")]


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory: pytest.TempPathFactory) -> Ruleset:
    path: Path = tmp_path_factory.mktemp("monitor") / "r.toml"
    parts = ['[project]\nname = "性质测试"\nyear = 2023\n']
    for number, (target, _) in enumerate(TARGETS, start=1):
        parts.append(f'[[indicators]]\nid = "{number}"\nlevel1 = "产出指标"\n'
                     f'level2 = "数量指标"\nname = "指标{number}"\nvalue = "{target}"\n')
    path.write_text("\n".join(parts), encoding="utf-8")
    return load_ruleset(path)


values = st.decimals(min_value=0, max_value=200, places=2)
dates = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2023, 12, 31))
bases = st.sampled_from(["calendar", "workdays"])
indexes = st.integers(min_value=0, max_value=len(TARGETS) - 1)


def _text(value: Decimal, index: int) -> str:
    return f"{value.normalize():f}{TARGETS[index][1]}"


def _row(ruleset: Ruleset, index: int, value: Decimal, as_of: dt.date, basis: str,
         ) -> tuple[Likelihood | None, Decimal]:
    indicator = ruleset.indicators[index]
    found = ActualRow(source="a.json", row=1, indicator=indicator.id,
                      actual=_text(value, index))
    try:
        where = progress(as_of, 2023, basis)
    except ProgressError:  # no working day yet on 1 January: a problem, tested elsewhere
        assume(False)
        raise
    row, problems = monitor_indicator(indicator, found, where, ruleset.path)
    assert not problems, problems
    assert row.projected is not None
    return row.likelihood, row.projected.value


def _met(indicator: Indicator, text: str) -> bool:
    return indicator.scorer.score(text, Decimal(1)).status is Status.ACHIEVED


def _accumulates(indicator: Indicator) -> bool:
    model = indicator.scorer.model
    assert isinstance(model, (Comparison, Range))
    quantity = model.quantity if isinstance(model, Comparison) else model.high
    return indicator.scorer.parser.units.accumulates(quantity.unit.dimension)


@settings(max_examples=150, deadline=None)
@given(index=indexes, low=values, high=values, as_of=dates, basis=bases)
def test_projection_is_monotone_in_the_value_to_date(ruleset: Ruleset, index: int,
                                                     low: Decimal, high: Decimal,
                                                     as_of: dt.date, basis: str) -> None:
    low, high = min(low, high), max(low, high)
    assert _row(ruleset, index, low, as_of, basis)[1] <= \
        _row(ruleset, index, high, as_of, basis)[1]


@settings(max_examples=200, deadline=None)
@given(index=indexes, value=values, as_of=dates, basis=bases)
def test_certain_only_for_a_target_already_met(ruleset: Ruleset, index: int, value: Decimal,
                                              as_of: dt.date, basis: str) -> None:
    likelihood, _ = _row(ruleset, index, value, as_of, basis)
    if likelihood is Likelihood.CERTAIN:
        assert _met(ruleset.indicators[index], _text(value, index))


@settings(max_examples=200, deadline=None)
@given(index=indexes, value=values, as_of=dates, basis=bases, later=values)
def test_impossible_only_when_no_later_value_can_meet_it(ruleset: Ruleset, index: int,
                                                          value: Decimal, as_of: dt.date,
                                                          basis: str, later: Decimal) -> None:
    likelihood, _ = _row(ruleset, index, value, as_of, basis)
    if likelihood is not Likelihood.IMPOSSIBLE:
        return
    indicator = ruleset.indicators[index]
    if as_of == dt.date(2023, 12, 31):
        possible = value  # the year is over: the value to date is the year's
    elif _accumulates(indicator):
        possible = value + later  # an accumulating quantity only grows
    else:
        possible = later  # anything may still come
    assert not _met(indicator, _text(possible, index))


@settings(max_examples=100, deadline=None)
@given(value=values, as_of=dates)
def test_year_end_projection_never_below_the_value_to_date(ruleset: Ruleset, value: Decimal,
                                                           as_of: dt.date) -> None:
    assert _row(ruleset, 0, value, as_of, "calendar")[1] >= value

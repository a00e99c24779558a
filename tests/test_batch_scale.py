"""A number of a decimal ``actual`` column whose scale is in doubt: ``0.92`` against
``≥95%`` (a percent cell stored as its fraction), ``1.1`` against ``≥1.2万元`` (money in
万元). It is scored by the base reading and flagged ``scale_ambiguous`` exactly when that
reading is not plausible and the other one is — the same by the kernel and by the row
path; ``zhibiao batch`` reads an xlsx percent cell as the percent it shows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.batch_reference import expected_row, same, scale_in_doubt, table_rows
from tests.test_batch_kernel import row_path_calls
from zhibiao.batch import score_table
from zhibiao.cli import main
from zhibiao.engine import evaluate
from zhibiao.grammar import Comparison, parse

_ADDED = ("status", "score", "ratio", "reason", "flags")


def _table(rows: list[tuple[str, str]], scale: int = 4) -> pa.Table:
    return pa.table({"target": [target for target, _ in rows],
                     "actual": pa.array([Decimal(value) for _, value in rows],
                                        type=pa.decimal128(20, scale)),
                     "weight": [10] * len(rows)})


def _one(target: str, value: str) -> dict[str, object]:
    out = score_table(_table([(target, value)]), explain=True).to_pylist()[0]
    assert isinstance(out, dict)
    return out


def test_a_percent_stored_as_its_fraction_is_flagged() -> None:
    row = _one("≥95%", "0.92")
    base = evaluate("≥95%", "0.9200%", weight=10)  # the column has four decimals
    assert (row["status"], row["score"], row["flags"]) == (
        "not_achieved", base.score, ["scale_ambiguous"])
    assert row["explanation"] == base.explanation + (
        "；实际值列按目标的基本单位读作 0.92%（完成率 0.97%）；若该列存的是小数形式的百分数"
        "（0.92 即 92%），完成率为 96.84%：量级存疑（须复核），请核实该列的量级")


def test_money_in_wan_yuan_is_flagged() -> None:
    row = _one("≥1.2万元", "1.1")
    base = evaluate("≥1.2万元", "1.1元", weight=10)
    assert (row["status"], row["score"]) == ("not_achieved", base.score)
    assert row["flags"] == [*base.flags, "scale_ambiguous"]
    assert str(row["explanation"]).endswith(
        "；实际值列按目标的基本单位读作 1.1元（完成率 0.01%）；若该列以万元为单位"
        "（1.1 即 1.1万元），完成率为 91.67%：量级存疑（须复核），请核实该列的量级")


@pytest.mark.parametrize(("target", "value", "other"), [
    ("≥5‰", "0.004", "（0.004 即 4‰），完成率为 80%"),
    ("≥1.2亿元", "1.1", "以亿元为单位（1.1 即 1.1亿元），完成率为 91.67%"),
    ("80%-90%", "0.85", "（0.85 即 85%），完成率为 94.44%"),   # against the upper bound
    ("≤30%", "0.25", "（0.25 即 25%），完成率为 83.33%"),      # achieved, still in doubt
    ("≥95%", "0.095", "（0.095 即 9.5%），完成率为 10%"),       # 10 % is plausible
    ("≥95%", "9.49", "（9.49 即 949%），完成率为 998.95%"),
])
def test_variants_that_are_flagged(target: str, value: str, other: str) -> None:
    row = _one(target, value)
    assert row["flags"][-1:] == ["scale_ambiguous"]  # type: ignore[index]
    assert other in str(row["explanation"])


@pytest.mark.parametrize(("target", "value"), [
    ("≥95%", "92"),         # the base reading is plausible
    ("≥95%", "9.5"),        # plausible both ways (10 % and 1000 %): no doubt
    ("≥95%", "0.0949"),     # plausible neither way
    ("≥95%", "-0.92"),      # a negative number has no plausible reading
    ("≥0%", "0.5"),         # T = 0: no completion
    ("≥1.2万元", "11000"),
    ("≥1.2万元", "0.1199"),  # 0.1199万元 is below 10 %
    ("≥50个", "0.5"),        # one reading only
    ("≥3次", "0.1"),
])
def test_rows_that_are_not_flagged(target: str, value: str) -> None:
    assert "scale_ambiguous" not in _one(target, value)["flags"]  # type: ignore[operator]


def test_the_kernel_leaves_doubtful_rows_to_the_row_path() -> None:
    rows = [("≥95%", v) for v in ("92", "96", "0.92", "0.96", "9.5", "9.49")]
    rows += [("≥1.2万元", v) for v in ("11000", "1.1", "0.12")]
    with row_path_calls() as calls:
        fast = score_table(_table(rows))
    assert calls[0] == 5  # 0.92, 0.96, 9.49, 1.1 and 0.12 (0.12万元 is 10 %)
    slow = score_table(_table(rows), explain=True)
    for name in _ADDED:
        assert fast.column(name).to_pylist() == slow.column(name).to_pylist(), name
    data = _table(rows).to_pydict()
    for at, got in enumerate(table_rows(slow, explain=True)):
        want = expected_row(data["target"][at], data["actual"][at], 10)
        assert same(got, want), (rows[at], got, want)


_TARGETS = st.sampled_from(["≥95%", "≤30%", ">90%", "≥5‰", "≥1.2万元", "≤4万元",
                            "≥1.2亿元", "80%-90%", "≥50个", "≥0%", "≥0.5%"])
#: Any number, and numbers where fractions and 万元 amounts fall.
_NUMBERS = st.one_of(st.decimals(Decimal(-100), Decimal(10**9), places=4),
                     st.decimals(Decimal(0), Decimal(20), places=4))


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.tuples(_TARGETS, _NUMBERS), min_size=1, max_size=10))
def test_the_flag_never_changes_the_score(rows: list[tuple[str, Decimal]]) -> None:
    """Kernel and row path agree; the number scores as its text in the base unit does,
    and is flagged exactly when the rule (written out in the test) says so."""
    table = _table([(target, f"{value:f}") for target, value in rows])
    fast = score_table(table)
    slow = score_table(table, explain=True)
    for name in _ADDED:
        assert fast.column(name).to_pylist() == slow.column(name).to_pylist(), name
    for (target, value), status, score, ratio, flags in zip(
            rows, *(fast.column(name).to_pylist() for name in _ADDED if name != "reason"),
            strict=True):
        model = parse(target)
        quantity = model.quantity if isinstance(model, Comparison) else model.high  # type: ignore[union-attr]
        unit = quantity.unit.name
        text = evaluate(target, f"{value:f}{unit}", weight=10)
        assert (status, score) == (text.status.value, text.score)
        assert (ratio is None) == (text.ratio is None)
        doubt = scale_in_doubt(quantity, value)
        assert flags == ([*text.flags, "scale_ambiguous"] if doubt else list(text.flags))


def test_xlsx_percent_cell_is_the_percent_it_shows(tmp_path: Path) -> None:
    """openpyxl gives 0.92 for a cell showing 92%; zhibiao batch reads it with its
    number format as 92% (exactly, no doubt). A bare 0.92 cell is a bare number, which
    the engine's own rule flags; a parquet decimal column gets the column rule."""
    book = Workbook()
    sheet = book.active
    sheet.append(["指标值", "实际完成值", "分值"])
    sheet.append(["≥95%", 0.92, 10])
    sheet["B2"].number_format = "0%"
    sheet.append(["≥95%", 0.92, 10])  # no percent format
    source = tmp_path / "in.xlsx"
    book.save(source)
    out = tmp_path / "out.parquet"
    assert main(["batch", str(source), "-o", str(out)]) == 0
    table = pq.read_table(out)
    assert table.column("实际完成值").to_pylist() == ["92%", "0.92"]
    assert table.column("score").to_pylist() == [
        evaluate("≥95%", "92%", weight=10).score, evaluate("≥95%", "0.92", weight=10).score]
    assert [("scale_ambiguous" in flags) for flags in table.column("flags").to_pylist()] \
        == [False, True]
    numbers = tmp_path / "numbers.parquet"
    pq.write_table(pa.table({"target": ["≥95%", "≥95%"], "actual": [0.92, 92.0],
                             "weight": [10, 10]}), numbers)
    assert main(["batch", str(numbers), "-o", str(out)]) == 0
    assert pq.read_table(out).column("flags").to_pylist() == [["scale_ambiguous"], []]

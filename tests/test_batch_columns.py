"""score_table's door: column names in English or Chinese, column kinds, floats read
exactly, bad rows kept as not_evaluable with a reason, clear Chinese errors for a table
it cannot read, and the kind of table given is the kind returned."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from tests.batch_reference import expected_row, same, table_rows
from zhibiao.batch import ROW_REASONS, TableError, score_table
from zhibiao.engine import evaluate
from zhibiao.grammar.parser import IndicatorParser


def test_chinese_column_names() -> None:
    table = pa.table({"二级指标": ["质量指标", "成本指标"], "三级指标": ["合格率", "成本"],
                      "指标值": ["≥95", "≤10"], "单位": ["%", "万元"],
                      "实际完成值": ["92", "12"], "分值": ["10", "5分"]})
    out = score_table(table, explain=True)
    want = evaluate("≥95", "92", weight="10", category="质量指标", unit="%")
    assert out.column("explanation")[0].as_py() == want.explanation
    assert out.column("score")[0].as_py() == want.score
    cost = evaluate("≤10", "12", weight="5分", category="成本指标", unit="万元")
    assert out.column("score")[1].as_py() == cost.score
    assert out.column("三级指标").to_pylist() == ["合格率", "成本"]


def test_names_are_folded() -> None:
    table = pa.table({" Target ": ["≥95%"], "ＡＣＴＵＡＬ": ["92%"], "分 值": [10]})
    assert score_table(table).column("score").to_pylist() == [Decimal("9.68")]


@pytest.mark.parametrize(("columns", "words"), [
    ({"target": ["≥95%"], "actual": ["92%"]}, ["缺少列", "分值（weight）", "target、actual"]),
    ({"target": ["≥95%"], "指标值": ["≥9"], "actual": ["1"], "weight": [1]},
     ["“target”和“指标值”", "只保留一列"]),
    ({"target": ["≥95%"], "actual": ["1"], "weight": [1], "score": [1]}, ["列“score”", "重名"]),
    ({"target": [True], "actual": ["1"], "weight": [1]}, ["列“target”", "应为文字"]),
    ({"target": ["≥95%"], "actual": [True], "weight": [1]}, ["列“actual”", "文字或数字"]),
    ({"target": ["≥95%"], "actual": [1.5], "weight": [float("inf")]}, ["列“weight”", "无穷大"]),
])
def test_tables_that_cannot_be_read_say_why(columns: dict[str, list[object]],
                                            words: list[str]) -> None:
    with pytest.raises(TableError) as caught:
        score_table(pa.table(columns))
    for word in words:
        assert word in str(caught.value)


def test_not_a_table() -> None:
    with pytest.raises(TableError, match="应为 pyarrow Table"):
        score_table([("≥95%", "92%", 10)])
    with pytest.raises(TableError, match="collect"):
        score_table(pl.LazyFrame({"target": ["≥95%"], "actual": ["92%"], "weight": [10]}))


def test_bad_rows_are_kept_in_place_with_a_reason() -> None:
    targets = ["≥95%", None, "abc≥", "≥95%", "≥95%", "≥95%", "≥95%"]
    weights = ["10", "10", "10", None, "十分", "-1", "10"]
    actuals = ["92%", "92%", "92%", "92%", "92%", "92%", None]
    out = score_table(pa.table({"target": targets, "actual": actuals, "weight": weights}),
                      explain=True)
    assert out.column("reason").to_pylist() == [
        None, "missing_target", "unparsable_target", "missing_weight", "bad_weight",
        "bad_weight", "missing_actual"]
    assert out.column("status").to_pylist()[1:] == ["not_evaluable"] * 6
    assert out.column("score").to_pylist()[1:6] == [None] * 5
    explanations = out.column("explanation").to_pylist()
    assert "abc≥\n    ^" in explanations[2]  # the caret under the character at fault
    assert "缺少分值" in explanations[3] and "十分" in explanations[4]
    assert set(ROW_REASONS) >= set(out.column("reason").to_pylist()[1:6])


def test_float_columns_are_read_through_their_shortest_text() -> None:
    frame = pd.DataFrame({"target": ["≥95%", "≥95%", "≥1.2万元", "≥95%"],
                          "actual": [92.5, 0.1 + 0.2, 11000.0, float("nan")],
                          "weight": [2.5, 10.0, float("nan"), 10.0]})
    out = score_table(frame)
    assert isinstance(out, pd.DataFrame)
    rows = pa.table({"target": frame["target"].tolist(),
                     "actual": pa.array([Decimal("92.5"), Decimal("0.30000000000000004"),
                                         Decimal("11000"), None], pa.decimal128(38, 17)),
                     "weight": [Decimal("2.5"), Decimal(10), None, Decimal(10)]})
    want = score_table(rows)
    for name in ("status", "score", "ratio", "reason"):
        got = [None if v is None or (isinstance(v, float) and v != v) else v
               for v in out[name]]
        assert got == want.column(name).to_pylist(), name
    data = rows.to_pydict()
    for at, got in enumerate(table_rows(want, explain=False)):
        assert same(got, expected_row(data["target"][at], data["actual"][at],
                                      data["weight"][at]))


def test_input_kinds_come_back_as_they_came() -> None:
    columns = {"target": ["≥95%", "≤30个工作日"], "actual": ["92%", "35个工作日"],
               "weight": [10, 5]}
    batch = pa.RecordBatch.from_pydict(columns)
    assert isinstance(score_table(batch), pa.RecordBatch)
    chunked = pa.Table.from_batches([batch.slice(0, 1), batch.slice(1, 1)])
    dictionary = pa.table({**columns, "target": pa.array(columns["target"]).dictionary_encode()})
    want = score_table(pa.table(columns)).column("score").to_pylist()
    assert score_table(chunked).column("score").to_pylist() == want
    assert score_table(dictionary).column("score").to_pylist() == want
    frame = pl.DataFrame(columns).with_columns(pl.col("target").cast(pl.Categorical))
    assert score_table(frame)["score"].to_list() == want
    empty = score_table(pa.table(columns).slice(0, 0))
    assert empty.num_rows == 0 and "score" in empty.column_names


def test_decimal_and_integer_actuals_are_numbers_in_the_base_unit() -> None:
    table = pa.table({"target": ["≥95%", "≥1.2万元", "≥50个"],
                      "actual": pa.array([92, 11000, 40], pa.int64()), "weight": [10, 10, 10]})
    out = score_table(table, explain=True)
    assert out.column("explanation").to_pylist()[:2] == [
        evaluate("≥95%", "92%", weight=10).explanation,
        evaluate("≥1.2万元", "11000元", weight=10).explanation]


def test_a_parser_reads_the_targets(tmp_path: Path) -> None:
    """Targets are read by the given parser (a ruleset's own units and words)."""
    units = tmp_path / "units.txt"
    units.write_text("座次 = [counter]\n", encoding="utf-8")
    words = tmp_path / "vocabulary.toml"
    words.write_text('[operators.">="]\nprefix = ["起码"]\n', encoding="utf-8")
    parser = IndicatorParser.from_files(units, words)
    table = pa.table({"target": ["起码5座次", "≥95%"], "actual": [Decimal(4), Decimal(92)],
                      "weight": [10, 10]})
    default = score_table(table, explain=True).column("explanation").to_pylist()[0]
    assert default == evaluate("起码5座次", "4座", weight=10).explanation  # 起码 a label
    out = score_table(table, parser=parser, explain=True)
    model = parser.parse("起码5座次")
    assert model != parser.parse("5座次")
    assert out.column("explanation").to_pylist() == [
        evaluate(model, "4座次", weight=10, parser=parser).explanation,
        evaluate("≥95%", "92%", weight=10).explanation]


def test_the_callers_decimal_context_changes_nothing() -> None:
    from decimal import Context, Inexact, localcontext

    table = pa.table({"target": ["≥95%", "≥6个", "≥95%"],
                      "actual": pa.array([Decimal(92), Decimal(1), Decimal("1E+30")],
                                         pa.decimal128(38, 0)),
                      "weight": ["10", "0.03", "10"]})
    want = score_table(table, explain=True)
    with localcontext(Context(prec=3, traps=[Inexact])):
        got = score_table(table, explain=True)
    assert got.equals(want)

"""zhibiao.spark on a real local Spark session (``local[2]``): every row scored on the
executors equals what :func:`zhibiao.batch.score_table` gives the same rows on one
machine, every row comes back, bad rows come back as not_evaluable rows with reasons,
decimals stay exact. Skipped only when pyspark is not installed; Spark needs Java 17
(CI installs Debian's openjdk-17-jre-headless when ``java`` is missing)."""

from __future__ import annotations

import csv
import os
import pickle
import shutil
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyspark", reason="pyspark 未安装：pip install '.[spark]' 后运行 Spark 测试")
pa = pytest.importorskip("pyarrow")

from pyspark.sql import DataFrame, SparkSession  # noqa: E402

from zhibiao import IndicatorParser, Policy, evaluate  # noqa: E402
from zhibiao.batch import TableError, score_table  # noqa: E402
from zhibiao.spark import ParserRecipe, output_schema, score  # noqa: E402
from zhibiao.testing.strategies import OUTCOMES, actuals_for, target_texts  # noqa: E402

pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning")

DATA = Path(__file__).parent / "data" / "selfeval_dev.tsv"

#: Rows no engine can score: each must come back not_evaluable, with a reason.
BAD_ROWS = [
    ("≥95%((", "92%", "10"),      # the target does not parse
    ("≥95%", "九十二点几", "10"),  # the actual does not parse
    ("≥95%", "", "10"),           # empty actual
    ("≥95%", None, "10"),         # missing actual
    ("≤30个工作日", "25千克", "5"),  # a unit of another dimension
    ("≥95%", "92%", "十分"),        # the weight is not a number
]


def _java_missing() -> bool:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return False
    return shutil.which("java") is None


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """One local Spark session for this module: two cores, no UI, quiet, loopback only.
    Small Arrow batches (7 rows) so that partitions span several batches."""
    if _java_missing():
        pytest.fail("Spark 测试需要 Java 17：apt-get install openjdk-17-jre-headless"
                    "（或把 java 放进 PATH / 设置 JAVA_HOME）")
    saved = {name: os.environ.get(name) for name in ("PYSPARK_PYTHON", "SPARK_LOCAL_IP")}
    # The workers must run this interpreter (it has pyarrow and zhibiao), not python3.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (SparkSession.builder.master("local[2]").appName("zhibiao-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "7")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _real_rows() -> list[tuple[str, str, str, str]]:
    """(target, actual, weight, category) of the published self-evaluation rows."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        return [(r["target"], r["actual"], r["weight"], r["level2"])
                for r in csv.DictReader(handle, delimiter="\t")]


def _table(rows: list[tuple[Any, ...]], names: list[str]) -> Any:
    """A pyarrow table of ``rows`` with a ``row`` number column first."""
    columns = {"row": pa.array(range(len(rows)), pa.int64())}
    for i, name in enumerate(names):
        columns[name] = pa.array([r[i] for r in rows], pa.string())
    return pa.table(columns)


def _scored(spark: SparkSession, table: Any, partitions: int = 3, **options: Any) -> Any:
    """``zhibiao.spark.score`` of ``table`` spread over ``partitions``, back as Arrow,
    in row order."""
    df = spark.createDataFrame(table).repartition(partitions)
    return score(df, **options).toArrow().sort_by("row")


def _assert_same(got: Any, expected: Any, decimals: int = 2) -> None:
    """Same columns, same values. Spark's ``score`` column has one scale for every
    partition (``decimals``); score_table's has the table's own: the same numbers."""
    assert got.column_names == expected.column_names
    assert got.num_rows == expected.num_rows
    for name in expected.column_names:
        left, right = got.column(name).to_pylist(), expected.column(name).to_pylist()
        assert left == right, name
        if name == "score":
            assert got.schema.field(name).type == pa.decimal128(38, decimals)
            assert all(v.as_tuple().exponent == -decimals for v in left if v is not None)
        elif pa.types.is_decimal(expected.schema.field(name).type):
            assert got.schema.field(name).type == expected.schema.field(name).type, name
            assert [str(v) for v in left] == [str(v) for v in right], name


def test_real_rows_equal_score_table(spark: SparkSession) -> None:
    table = _table(_real_rows(), ["target", "actual", "weight", "category"])
    expected = score_table(table, explain=True)
    _assert_same(_scored(spark, table, explain=True), expected)


def test_every_row_comes_back_over_partitions_and_batches(spark: SparkSession) -> None:
    rows = _real_rows() * 7 + [(*r, "产出指标") for r in BAD_ROWS] * 5
    table = _table(rows, ["target", "actual", "weight", "category"])
    got = _scored(spark, table, partitions=5)
    assert got.column("row").to_pylist() == list(range(len(rows)))
    assert got.column("target").to_pylist() == [r[0] for r in rows]
    assert got.column("actual").to_pylist() == [r[1] for r in rows]


def test_bad_rows_are_not_evaluable_rows_with_reasons(spark: SparkSession) -> None:
    table = _table(BAD_ROWS, ["target", "actual", "weight"])
    got = _scored(spark, table, partitions=2, explain=True)
    assert got.num_rows == len(BAD_ROWS)
    assert set(got.column("status").to_pylist()) == {"not_evaluable"}
    assert all(got.column("reason").to_pylist())
    assert all(got.column("explanation").to_pylist())
    _assert_same(got, score_table(table, explain=True))


def test_decimal_actuals_stay_exact(spark: SparkSession) -> None:
    """A decimal ``actual`` column (the target's base unit) and decimal weights go
    through Spark as decimals: the scores are evaluate's, to the last digit."""
    actuals = [Decimal("94.9999"), Decimal("95.0000"), Decimal("0.0001"), Decimal("123.4567"),
               Decimal("33.3333"), None]
    weights = [Decimal("10.00"), Decimal("7.50"), Decimal("3.33"), Decimal("20.00"),
               Decimal("0.01"), Decimal("5.00")]
    table = pa.table({
        "row": pa.array(range(len(actuals)), pa.int64()),
        "target": pa.array(["≥95%"] * len(actuals), pa.string()),
        "actual": pa.array(actuals, pa.decimal128(12, 4)),
        "weight": pa.array(weights, pa.decimal128(6, 2)),
    })
    got = _scored(spark, table, partitions=2)
    schema = output_schema(spark.createDataFrame(table))
    assert not any(pa.types.is_floating(field.type) for field in schema)
    assert pa.types.is_decimal(got.schema.field("score").type)
    expected = [None if a is None else evaluate("≥95%", a, weight=w).score
                for a, w in zip(actuals, weights, strict=True)]
    scores = got.column("score").to_pylist()
    assert scores[:-1] == expected[:-1]
    assert got.column("status").to_pylist()[-1] == "not_evaluable"
    _assert_same(got, score_table(table))


def test_policy_travels_to_the_executors(spark: SparkSession) -> None:
    policy = Policy(reverse="linear", rounding="0.1", overshoot_flag="off")
    assert pickle.loads(pickle.dumps(policy)) == policy
    rows = [("≤30个工作日", "45个工作日", "10"), ("≥95%", "92%", "10"),
            ("≥50个", "200个", "8"), *[r[:3] for r in _real_rows()]]
    table = _table(rows, ["target", "actual", "weight"])
    got = _scored(spark, table, policy=policy, explain=True)
    _assert_same(got, score_table(table, policy=policy, explain=True))
    assert got.column("score").to_pylist()[0] == evaluate(
        "≤30个工作日", "45个工作日", weight=10, policy=policy).score


def test_a_rule_authors_parser_is_rebuilt_on_the_executors(
        spark: SparkSession, tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("尺 = 1/3 米 ; 市尺\n", encoding="utf-8")
    parser = IndicatorParser.from_files(units)
    table = _table([("≥30市尺", "30市尺", "10"), ("≥30市尺", "12市尺", "10"),
                    ("≥95%", "92%", "10")], ["target", "actual", "weight"])
    expected = score_table(table, parser=parser, explain=True)
    assert expected.column("status").to_pylist()[:2] == ["achieved", "not_achieved"]
    _assert_same(_scored(spark, table, parser=parser, explain=True), expected)


def test_parser_recipe_builds_once_per_process(tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("尺 = 1/3 米 ; 市尺\n", encoding="utf-8")
    parser = IndicatorParser.from_files(units)
    recipe = pickle.loads(pickle.dumps(ParserRecipe.of(parser)))
    built = recipe.build()
    assert built is recipe.build()
    assert built.parse("≥30市尺") == parser.parse("≥30市尺")
    assert ParserRecipe.of(IndicatorParser()).digest != recipe.digest


def test_scores_never_lose_decimals(spark: SparkSession) -> None:
    """A full-marks score is the weight when rounding would exceed it (3.335 at 0.01):
    a weight with more decimals than the score column fails the job with the reason,
    unless ``score_scale`` makes room."""
    table = _table([("≥95%", "96%", "3.335"), ("≥95%", "92%", "3.335")],
                   ["target", "actual", "weight"])
    expected = score_table(table)
    assert expected.column("score").to_pylist()[0] == Decimal("3.335")
    _assert_same(_scored(spark, table, score_scale=3), expected, decimals=3)
    with pytest.raises(Exception, match="得分的小数位多于得分列的 2 位"):
        _scored(spark, table)
    # A decimal weight column gives the score column its decimals.
    typed = table.set_column(3, "weight", table.column("weight").cast(pa.decimal128(8, 3)))
    _assert_same(_scored(spark, typed), score_table(typed), decimals=3)
    # So does a finer policy.
    finer = Policy(rounding="0.001")
    _assert_same(_scored(spark, table, policy=finer), score_table(table, policy=finer),
                 decimals=3)


def test_chinese_column_names(spark: SparkSession) -> None:
    """Columns named as in a 绩效目标表; the 分值 column's decimals make the score's."""
    table = pa.table({
        "row": pa.array([0, 1, 2], pa.int64()),
        "指标值": ["≥95%", "≤30个工作日", "≥95%"],
        "实际完成值": ["96%", "35个工作日", "92%"],
        "分值": pa.array([Decimal("3.335"), Decimal("5.000"), Decimal("10.000")],
                       pa.decimal128(8, 3)),
    })
    expected = score_table(table)
    assert expected.column("score").to_pylist()[0] == Decimal("3.335")
    _assert_same(_scored(spark, table, partitions=2), expected, decimals=3)


def test_score_scale_is_checked_on_the_driver(spark: SparkSession) -> None:
    df = spark.createDataFrame(_table([("≥95%", "92%", "10")], ["target", "actual", "weight"]))
    with pytest.raises(TableError, match="score_scale"):
        score(df, score_scale=39)


def test_large_string_batches(spark: SparkSession) -> None:
    """With Arrow ``large_string`` columns (a Spark setting) the rows are the same."""
    table = _table(_real_rows(), ["target", "actual", "weight", "category"])
    spark.conf.set("spark.sql.execution.arrow.useLargeVarTypes", "true")
    try:
        schema = output_schema(spark.createDataFrame(table))
        assert schema.field("target").type == pa.large_string()
        got = _scored(spark, table, explain=True)
    finally:
        spark.conf.unset("spark.sql.execution.arrow.useLargeVarTypes")
    _assert_same(got, score_table(table, explain=True))


def test_without_pyspark_the_error_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(ImportError, match=r"pip install 'zhibiao\[spark\]'"):
        output_schema(None)  # type: ignore[arg-type]


def test_a_missing_column_fails_on_the_driver(spark: SparkSession) -> None:
    table = _table([("≥95%", "92%")], ["target", "actual"])
    with pytest.raises(Exception) as on_one_machine:
        score_table(table)
    with pytest.raises(type(on_one_machine.value)) as on_spark:
        score(spark.createDataFrame(table))
    assert str(on_spark.value) == str(on_one_machine.value)


_ROWS = target_texts().flatmap(lambda pair: st.tuples(
    st.just(pair[0]),
    actuals_for(pair[1], outcome=st.sampled_from(OUTCOMES)),
    st.decimals(min_value=0, max_value=100, places=2).map(str)))


# No shrinking: each example is a Spark job; a failure prints its rows as drawn.
@settings(max_examples=5, deadline=None,
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(rows=st.lists(_ROWS, min_size=1, max_size=30))
def test_generated_rows_equal_score_table(spark: SparkSession, rows: list[Any]) -> None:
    table = _table(rows, ["target", "actual", "weight"])
    _assert_same(_scored(spark, table, partitions=2, explain=True),
                 score_table(table, explain=True))


def test_output_is_a_spark_dataframe_with_the_input_columns_first(
        spark: SparkSession) -> None:
    df = spark.createDataFrame(_table(_real_rows()[:3], ["target", "actual", "weight"]))
    out = score(df)
    assert isinstance(out, DataFrame)
    assert out.columns[:4] == ["row", "target", "actual", "weight"]
    assert {"status", "score", "ratio", "reason", "flags"} <= set(out.columns)
    assert "explanation" not in out.columns

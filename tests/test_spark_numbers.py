"""Numbers scored in the JVM (zhibiao.spark.numbers) on a real local Spark session: the
same rows and values as the mapInArrow path and as score_table, for drawn tables and
for the edge cases — zero and negative numbers, values next to the 63-bit bounds,
strict bounds, inverse and linear kinds, overshoot, ties, numbers in doubt, missing
actuals, weights with decimals, non-comparison targets in the same table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyspark", reason="pyspark 未安装：pip install '.[spark]' 后运行 Spark 测试")
pa = pytest.importorskip("pyarrow")

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.pandas.types import from_arrow_schema  # noqa: E402

from tests.test_spark import _assert_same, spark  # noqa: E402,F401  (the session fixture)
from zhibiao import Policy  # noqa: E402
from zhibiao.batch import score_table  # noqa: E402
from zhibiao.spark import output_schema, score  # noqa: E402
from zhibiao.spark.numbers import MAX_WEIGHT, plans, split  # noqa: E402

pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning")

_POLICIES = [Policy(), Policy(rounding_mode="half_even"), Policy(rounding_mode="down"),
             Policy(rounding_mode="up", rounding="0.1"), Policy(rounding="1"),
             Policy(reverse="linear"), Policy(rounding="0.0001", overshoot_flag="1.1"),
             Policy(overshoot_flag="off")]

#: Targets of every kind the plans take, and some they do not (left to mapInArrow).
_TARGETS = ["≥95%", ">95%", "≤30个工作日", "<5次", "≥50个", "=100%", "≥1.2万元", "≤90万元",
            "≥3个", "≥6个", "≤7个", "≥0.5个", "≥1000人", "≥0个", "≤0个", "每年≥3次",
            "年底前完成", "显著提升", "≥95%((", "90%-100%", "≥2023年"]


def _table(rows: list[tuple[str | None, Decimal | None, Decimal | None]], scale: int = 4,
           weight_scale: int = 3) -> Any:
    return pa.table({
        "row": pa.array(range(len(rows)), pa.int64()),
        "target": pa.array([r[0] for r in rows], pa.string()),
        "actual": pa.array([r[1] for r in rows], pa.decimal128(38 if scale > 4 else 18, scale)),
        "weight": pa.array([r[2] for r in rows], pa.decimal128(12, weight_scale)),
    })


def _compare(session: SparkSession, table: Any, policy: Policy | None = None,
             partitions: int = 2) -> int:
    """score(jvm=True) = score(jvm=False) = score_table for ``table``; the rows the
    JVM scored."""
    df = session.createDataFrame(table).repartition(partitions)
    jvm = score(df, policy=policy)
    assert jvm.schema == score(df, policy=policy, jvm=False).schema
    got = jvm.toArrow().sort_by("row")
    expected = score_table(table, policy=policy)
    decimals = got.schema.field("score").type.scale
    _assert_same(got, score(df, policy=policy, jvm=False).toArrow().sort_by("row"), decimals)
    _assert_same(got, expected, decimals)
    parts = split(df, from_arrow_schema(output_schema(df, policy=policy)), policy=policy,
                  parser=None)
    return 0 if parts is None else parts[0].count()


_EDGES: list[tuple[str | None, Decimal | None, Decimal | None]] = [
    *[(t, Decimal(v), Decimal("10")) for t in ("≥95%", ">95%", "≤95%", "<95%")
      for v in ("0", "94.9999", "95", "95.0001", "123.5", "0.92", "0.0950", "9.5", "-1")],
    *[("≥6个", Decimal(k), Decimal("0.03")) for k in range(0, 14)],        # ties at 1/6
    *[("≥0.5个", Decimal(k) / 8, Decimal("0.500")) for k in range(0, 12)],  # exact ties
    ("≥1.2万元", Decimal("11000"), Decimal("10")), ("≥1.2万元", Decimal("1.1"), Decimal("10")),
    ("≤90万元", Decimal("950000"), Decimal("10")), ("≤90万元", Decimal("0"), Decimal("10")),
    ("≥0个", Decimal("0"), Decimal("10")), ("≤0个", Decimal("3"), Decimal("10")),
    ("≥95%", None, Decimal("10")), ("≥95%", Decimal("92"), None),
    ("≥95%", Decimal("92"), Decimal("3.335")), ("≥95%", Decimal("92"), Decimal("-1")),
    ("≥95%", Decimal("92"), Decimal(MAX_WEIGHT) + Decimal("0.01")),
    ("≥95%", Decimal("92"), Decimal(MAX_WEIGHT)),
    ("≥1000人", Decimal("99999999999999.9999"), Decimal("10")),  # the largest of the column
    ("≥1000人", Decimal("4611686018427.3879"), Decimal("10")),
    ("年底前完成", Decimal("1"), Decimal("10")), ("显著提升", Decimal("5"), Decimal("10")),
    ("≥95%((", Decimal("92"), Decimal("10")), (None, Decimal("92"), Decimal("10")),
    ("90%-100%", Decimal("92"), Decimal("10")), ("≥2023年", Decimal("2024"), Decimal("10")),
    ("每年≥3次", Decimal("2"), Decimal("10")), ("=100%", Decimal("100"), Decimal("10")),
]


@pytest.mark.parametrize("policy", _POLICIES, ids=repr)
def test_edge_cases(spark: SparkSession, policy: Policy) -> None:  # noqa: F811
    taken = _compare(spark, _table(_EDGES), policy)
    assert 0 < taken < len(_EDGES)


def test_huge_numbers_near_the_bounds(spark: SparkSession) -> None:  # noqa: F811
    """A 38-digit column: numbers past 2^62 and 10^18 are left to mapInArrow, those up
    to each plan's bound (and not one more) are scored in the JVM — the same values
    either way."""
    targets = ("≥95%", "≤30个工作日", "≥1000人", "≤90万元")
    bounds = {plan.target: plan.a_max for plan in plans(
        [(t, None, None) for t in targets], Policy(), None, 6)}
    assert set(bounds) == set(targets)
    values = ["4611686018427387903", "4611686018427387904", "999999999999999999",
              "1000000000000000000", "99999999999999999999999999", "12345678901.123456",
              "0.000001", "95", "0"]
    rows = [(t, Decimal(v), Decimal("7.5")) for t in targets for v in values]
    rows += [(t, Decimal(bounds[t] + k).scaleb(-6), Decimal(w)) for t in targets
             for k in (-1, 0, 1) for w in ("0.01", "7.5", str(MAX_WEIGHT))]
    assert _compare(spark, _table(rows, scale=6)) >= 4 * (len(targets) + 2)


def test_integer_columns(spark: SparkSession) -> None:  # noqa: F811
    table = pa.table({"row": pa.array(range(6), pa.int64()),
                      "target": ["≥95%", "≤30个工作日", "≥50个", "≥95%", "年底前完成", "≥3个"],
                      "actual": pa.array([92, 35, 200, -3, 1, 2**62], pa.int64()),
                      "weight": pa.array([10, 5, 8, 10, 10, 1000], pa.int32())})
    assert _compare(spark, table) == 3


def test_a_category_and_a_unit_column(spark: SparkSession) -> None:  # noqa: F811
    rows = [("≥95", "92", "产出指标", "%"), ("≤30", "35", "时效指标", "个工作日"),
            ("≥95%", "96", None, None), ("≥95%", "96", "效益指标", "%")]
    table = pa.table({"row": pa.array(range(4), pa.int64()),
                      "target": [r[0] for r in rows],
                      "actual": pa.array([Decimal(r[1]) for r in rows], pa.decimal128(10, 2)),
                      "weight": pa.array([Decimal(10)] * 4, pa.decimal128(5, 1)),
                      "category": [r[2] for r in rows], "unit": [r[3] for r in rows]})
    _compare(spark, table)


def test_text_actuals_and_explanations_take_the_arrow_path(
        spark: SparkSession) -> None:  # noqa: F811
    text = pa.table({"target": ["≥95%"], "actual": ["92%"], "weight": ["10"]})
    df = spark.createDataFrame(text)
    assert split(df, from_arrow_schema(output_schema(df)), policy=None, parser=None) is None
    numbers = spark.createDataFrame(_table([("≥95%", Decimal(92), Decimal(10))]))
    plan = score(numbers, explain=True)._jdf.queryExecution().toString()
    assert "MapInArrow" in plan and "Union" not in plan


_DRAWN = st.tuples(
    st.sampled_from(_TARGETS),
    st.one_of(st.none(), st.decimals(-1, 200, places=4),
              st.decimals(0, Decimal("2E+6"), places=4)),
    st.one_of(st.none(), st.decimals(0, 20, places=3), st.sampled_from(
        [Decimal("10"), Decimal("0.03"), Decimal("12.5"), Decimal("1000.001")])))


# No shrinking: each example is a few Spark jobs over a few thousand rows.
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(rows=st.lists(_DRAWN, min_size=2000, max_size=3000),
       policy=st.sampled_from(_POLICIES))
def test_drawn_tables(spark: SparkSession, rows: list[Any],  # noqa: F811
                      policy: Policy) -> None:
    _compare(spark, _table(rows), policy, partitions=3)

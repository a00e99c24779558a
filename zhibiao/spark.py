"""Score a Spark DataFrame on a cluster with the column kernel of :mod:`zhibiao.batch`.

:func:`score` hands each partition's Arrow record batches to
:func:`zhibiao.batch.score_table` through ``DataFrame.mapInArrow``: the executors run the
same code as one machine does, batch by batch, so every row gets the outcome
:func:`zhibiao.evaluate` gives it. Needs the ``spark`` extra (``pip install
'zhibiao[spark]'``: pyspark, pyarrow, numpy, pandas) on the driver and on the executors, and
Java 17 for Spark itself.

The output schema is found once, on the driver, by scoring an empty table of the input's
schema: a missing column or one of a kind zhibiao does not read fails there with the
batch module's Chinese message, before any task starts. The policy travels to the
executors as it is (a pydantic model pickles); a parser does not pickle (its caches are
bound methods), so its unit table and vocabulary travel instead and each Python worker
rebuilds the parser once and keeps it for the tasks it runs.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when first used: ``import zhibiao.spark`` works without them
    import pyarrow as pa
    from pyspark.sql import DataFrame

    from zhibiao.engine.policy import Policy
    from zhibiao.grammar import IndicatorParser

__all__ = ("TEXT_WEIGHT_DECIMALS", "ParserRecipe", "output_schema", "score")

#: The Spark setting that makes string columns Arrow ``large_string``.
_LARGE_VAR_TYPES = "spark.sql.execution.arrow.useLargeVarTypes"

#: Parsers rebuilt in this Python worker, by the digest of their recipe. A worker runs
#: many tasks of a job (``spark.python.worker.reuse``); building a parser is costly.
_PARSERS: dict[str, IndicatorParser] = {}
_MAX_PARSERS = 8

#: Decimals of a weight written as text or a float, for the ``score`` column's type:
#: the 分值 of published tables have at most two.
TEXT_WEIGHT_DECIMALS = 2


@dataclass(frozen=True)
class ParserRecipe:
    """What an executor needs to build the driver's parser: its unit table and
    vocabulary, pickled, and a digest of them that names the parser in the worker."""

    tables: bytes
    digest: str

    @classmethod
    def of(cls, parser: IndicatorParser) -> ParserRecipe:
        tables = pickle.dumps((parser.units, parser.vocabulary),
                              protocol=pickle.HIGHEST_PROTOCOL)
        return cls(tables, hashlib.sha256(tables).hexdigest())

    def build(self) -> IndicatorParser:
        """The parser, built on the first call in this process and kept after."""
        parser = _PARSERS.get(self.digest)
        if parser is None:
            from zhibiao.grammar import IndicatorParser

            units, vocabulary = pickle.loads(self.tables)  # the driver's own tables
            parser = IndicatorParser(units, vocabulary)
            if len(_PARSERS) >= _MAX_PARSERS:
                _PARSERS.clear()
            _PARSERS[self.digest] = parser
        return parser


#: What a missing extra says (the import error names the module that is missing).
MISSING_EXTRA = ("zhibiao.spark 需要 pyspark、pyarrow 和 pandas：pip install 'zhibiao[spark]'"
                 "（Spark 另需 Java 17，如 Debian 的 openjdk-17-jre-headless）")


def _require_extra() -> None:
    """Raise an ImportError that says how to install the ``spark`` extra."""
    try:
        import pandas  # noqa: F401  (pyspark's Arrow functions ask for it)
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise ImportError(f"{MISSING_EXTRA}（{exc}）") from exc


def _arrow_input_schema(df: DataFrame) -> pa.Schema:
    """The Arrow schema of the record batches that ``mapInArrow`` hands the executors."""
    from pyspark.sql.pandas.types import to_arrow_schema

    if df.sparkSession.conf.get(_LARGE_VAR_TYPES, "false") == "true":  # Spark 4
        return to_arrow_schema(df.schema, prefers_large_types=True)
    return to_arrow_schema(df.schema)  # Spark 3.5 has no such keyword


def _score_decimals(schema: pa.Schema, policy: Policy | None) -> int:
    """The decimals of the ``score`` column: a score is rounded to the policy's
    precision, or is the weight itself (full marks), so the weight column's decimals
    count too — its scale when it holds decimals, :data:`TEXT_WEIGHT_DECIMALS` when it
    holds text or floats."""
    import pyarrow as pa

    from zhibiao.batch.columns import role_of
    from zhibiao.engine.policy import DEFAULT_POLICY

    # score_table has checked the columns: exactly one has the weight's role.
    weight = next(field.type for field in schema if role_of(field.name) == "weight")
    if pa.types.is_decimal(weight):
        decimals = int(weight.scale)
    elif pa.types.is_integer(weight):
        decimals = 0
    else:
        decimals = TEXT_WEIGHT_DECIMALS
    exponent = (DEFAULT_POLICY if policy is None else policy).rounding.as_tuple().exponent
    return max(decimals, -exponent if isinstance(exponent, int) else 0)


def output_schema(df: DataFrame, *, policy: Policy | None = None,
                  parser: IndicatorParser | None = None, explain: bool = False,
                  score_scale: int | None = None) -> pa.Schema:
    """The Arrow schema :func:`score` returns for ``df``: the input's columns followed
    by the outcome's, ``score`` as ``decimal128(38, score_scale)`` (by default the
    decimals the policy's precision and the weight column allow), dictionary columns
    as their values' type. Raises the batch module's
    :class:`~zhibiao.batch.TableError` when a column is missing or cannot be scored."""
    _require_extra()
    import pyarrow as pa

    from zhibiao.batch import TableError, score_table

    if score_scale is not None and not 0 <= score_scale <= 38:
        raise TableError(f"score_scale 应为 0 到 38 之间的整数，而不是 {score_scale}"
                         "（the score column's decimals）")
    given = _arrow_input_schema(df)
    schema = score_table(given.empty_table(), policy=policy, parser=parser,
                         explain=explain).schema
    decimals = _score_decimals(given, policy) if score_scale is None else score_scale
    fields = []
    for field in schema:  # Spark has no dictionary type: the values' type instead
        if field.name == "score":
            field = field.with_type(pa.decimal128(38, decimals))
        elif pa.types.is_dictionary(field.type):
            field = field.with_type(field.type.value_type)
        fields.append(field)
    return pa.schema(fields)


def _fitted(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` in the declared ``schema``; a score with more decimals than the
    schema's is refused, never rounded."""
    import pyarrow as pa

    from zhibiao.batch import TableError

    at = schema.get_field_index("score")
    kind = schema.field(at).type
    try:
        table = table.set_column(at, schema.field(at), table.column(at).cast(kind))
    except pa.ArrowInvalid as exc:
        raise TableError(
            f"有得分的小数位多于得分列的 {kind.scale} 位（满分的得分等于分值，而分值的小数位"
            f"更多）：请把分值列改为小数位足够的 decimal 类型，或调用 score(…, score_scale=位数)"
            f"（a score has more decimals than the score column）") from exc
    return table if table.schema == schema else table.cast(schema)


def _scorer(schema: pa.Schema, policy: Policy | None, recipe: ParserRecipe | None,
            explain: bool) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function each task runs over its partition's record batches."""

    def score_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        from zhibiao.batch import score_table

        parser = None if recipe is None else recipe.build()
        for batch in batches:
            table = score_table(pa.Table.from_batches([batch]), policy=policy,
                                parser=parser, explain=explain)
            if table.num_rows != batch.num_rows:  # never: score_table keeps every row
                raise RuntimeError(f"zhibiao.spark: {batch.num_rows} rows in, "
                                   f"{table.num_rows} out")
            yield from _fitted(table, schema).combine_chunks().to_batches()

    return score_batches


def score(df: DataFrame, *, policy: Policy | None = None,
          parser: IndicatorParser | None = None, explain: bool = False,
          score_scale: int | None = None) -> DataFrame:
    """Score every row of ``df`` (columns as :func:`zhibiao.batch.score_table` reads
    them: ``target``, ``actual``, ``weight``, optional ``category``, ``indicator``,
    ``unit``) and return its columns plus ``status``, ``score``, ``ratio``,
    ``reason``, ``flags`` (and ``explanation`` when ``explain``), one output row per
    input row, each value the one :func:`zhibiao.evaluate` gives.

    A Spark DataFrame has one schema for all its partitions, so ``score`` is
    ``decimal(38, score_scale)``: by default the decimals of the policy's precision or
    of the weight column's decimal type, whichever is more (text or float weights
    count as :data:`TEXT_WEIGHT_DECIMALS`); a score that would need more fails the
    job with a :class:`~zhibiao.batch.TableError` rather than being rounded. Lazy like
    any DataFrame transformation: the work runs when the result is written or
    collected."""
    schema = output_schema(df, policy=policy, parser=parser, explain=explain,
                           score_scale=score_scale)
    from pyspark.sql.pandas.types import from_arrow_schema

    recipe = None if parser is None else ParserRecipe.of(parser)
    return df.mapInArrow(_scorer(schema, policy, recipe, explain), from_arrow_schema(schema))

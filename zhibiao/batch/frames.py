"""Tables in and out: a pyarrow ``Table`` or ``RecordBatch``, a polars or a pandas
``DataFrame`` is read as an Arrow table; the added columns are joined to the input as
it came (a pandas frame keeps its index and dtypes, a polars frame its columns), of the
same kind. polars and pandas are imported only when such a frame is given."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pyarrow as pa

from zhibiao.batch.errors import TableError

__all__ = ("to_arrow",)

#: Joins the added columns (an Arrow table) to the input, as the input's kind.
Back = Callable[[pa.Table], Any]


def _appended(table: pa.Table, added: pa.Table) -> pa.Table:
    for name, column in zip(added.column_names, added.columns, strict=True):
        table = table.append_column(name, column)
    return table


def to_arrow(table: object) -> tuple[pa.Table, Back]:
    """The table as Arrow, and how to give the added columns back joined to the input."""
    if isinstance(table, pa.Table):
        return table, lambda added: _appended(table, added)
    if isinstance(table, pa.RecordBatch):
        whole = pa.Table.from_batches([table])
        return whole, lambda added: pa.RecordBatch.from_arrays(
            [*table.columns, *(c.combine_chunks() for c in added.columns)],
            names=[*table.schema.names, *added.column_names])
    module = type(table).__module__.split(".")[0]
    if module == "polars":
        return _from_polars(table)
    if module == "pandas":
        return _from_pandas(table)
    raise TableError(f"应为 pyarrow Table、polars 或 pandas DataFrame，而不是 "
                     f"{type(table).__name__}（expected a table）")



def _from_polars(frame: Any) -> tuple[pa.Table, Back]:
    import polars as pl

    if isinstance(frame, pl.LazyFrame):
        raise TableError("请先 collect() 得到 polars DataFrame（a LazyFrame is not scored）")

    def back(added: pa.Table) -> Any:
        return frame.hstack(pl.DataFrame(added).get_columns())

    return frame.to_arrow(), back


def _from_pandas(frame: Any) -> tuple[pa.Table, Back]:
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TableError(f"应为 pandas DataFrame，而不是 {type(frame).__name__}")
    index = frame.index
    names = [str(name) for name in frame.columns]
    if len(set(names)) != len(names):
        doubled = sorted({name for name in names if names.count(name) > 1})
        raise TableError(f"表中有重名的列：{'、'.join(doubled)}（duplicate column names）")
    arrays = [_pandas_column(frame.iloc[:, at], name) for at, name in enumerate(names)]

    def back(added: pa.Table) -> Any:
        out = frame.copy(deep=False)
        for name, column in zip(added.column_names, added.columns, strict=True):
            values = column.to_pandas()
            values.index = index
            out[name] = values
        return out

    return pa.Table.from_arrays(arrays, names=names), back


def _pandas_column(series: Any, name: str) -> pa.Array:
    """One pandas column as Arrow; a column of mixed Python values (``10`` and ``"5分"``,
    as spreadsheets give) becomes text, each value written exactly."""
    try:
        return pa.array(series, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        pass
    try:
        return pa.array([_text(value) for value in series], type=pa.string())
    except TypeError as exc:
        raise TableError(f"读不出这一列的值：{exc}（unreadable column）", name) from None


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float
    raise TypeError(f"{type(value).__name__} 值 {value!r}")

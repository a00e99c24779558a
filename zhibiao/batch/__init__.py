"""Scoring long tables: :func:`score_table` on Arrow, polars or pandas tables, and
:func:`row_problems` for the rows it could not score.

Needs pyarrow (``pip install 'zhibiao[arrow]'``); polars and pandas are used only
when such a frame is given.
"""

from __future__ import annotations

try:
    import pyarrow  # noqa: F401  (the extra this package needs, checked once here)
except ModuleNotFoundError as exc:  # pragma: no cover - the test venv has the extra
    raise ImportError("zhibiao.batch 需要 pyarrow：请运行 pip install 'zhibiao[arrow]'"
                      "（zhibiao.batch needs the arrow extra）") from exc

from zhibiao.batch.errors import TableError
from zhibiao.batch.problems import row_problems
from zhibiao.batch.records import ROW_REASONS
from zhibiao.batch.table import score_table

__all__ = ("ROW_REASONS", "TableError", "row_problems", "score_table")

"""The error a table that cannot be scored raises (a column missing, doubled or of a
kind zhibiao does not read). Problems of single rows never raise: they become
``not_evaluable`` rows with a reason (see :mod:`zhibiao.batch.problems`)."""

from __future__ import annotations

from zhibiao.errors import ZhibiaoError

__all__ = ("TableError",)


class TableError(ZhibiaoError, ValueError):
    """A table :func:`zhibiao.batch.score_table` cannot read; ``column`` names the column
    at fault (``None`` when the table as a whole is wrong)."""

    def __init__(self, message: str, column: str | None = None) -> None:
        self.message = message
        self.column = column
        super().__init__(message, column)

    def __str__(self) -> str:
        return self.message if self.column is None else f"列“{self.column}”：{self.message}"

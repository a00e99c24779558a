"""The rows of a scored table that could not be scored at all, as
:class:`~zhibiao.ruleset.problems.Problem` records (what ``zhibiao batch`` prints)."""

from __future__ import annotations

from typing import Any

from zhibiao.batch.columns import role_of
from zhibiao.batch.frames import to_arrow
from zhibiao.batch.records import ROW_REASONS
from zhibiao.ruleset.problems import Problem

__all__ = ("row_problems",)


def row_problems(scored: Any, source: str = "") -> list[Problem]:
    """One error per row whose ``reason`` is one of :data:`ROW_REASONS` (a target that
    does not parse, a weight missing …), in row order. ``line`` is the table's ``line``
    column when it has one (``zhibiao batch`` adds it), else the row's number from 1;
    the message names the cell at fault and its text.

    >>> import pyarrow as pa
    >>> from zhibiao.batch import score_table
    >>> scored = score_table(pa.table({"指标值": ["≥95%", "abc≥"], "实际完成值": ["92%", "1"],
    ...                                "分值": [None, 10]}))
    >>> for problem in row_problems(scored, "表.csv"):
    ...     print(problem)
    表.csv:1: 错误[missing_weight]：缺少分值（分值：空）
    表.csv:2: 错误[unparsable_target]：指标值无法解析（指标值：abc≥）
    """
    table, _ = to_arrow(scored)
    names = {role_of(name): name for name in reversed(table.column_names)}
    reasons = table.column("reason").to_pylist()
    lines = table.column("line").to_pylist() if "line" in table.column_names else None
    problems = []
    for at, reason in enumerate(reasons):
        if reason not in ROW_REASONS:
            continue
        role = "weight" if "weight" in reason else "target"
        cell = table.column(names[role])[at].as_py()
        problems.append(Problem(
            severity="error", code=reason, file=source,
            line=lines[at] if lines is not None else at + 1,
            message=f"{ROW_REASONS[reason]}（{names[role]}：{'空' if cell is None else cell}）"))
    return problems

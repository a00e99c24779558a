"""The header row of an indicator table: which column holds what, in one or two halves.

A header names its columns by words (:mod:`zhibiao.importer.headers`), wherever they
stand. A target table with 中期 and 年度 halves side by side repeats its columns
(二级指标 | 三级指标 | 指标值 | 绩效标准 twice): the first half is 中期, the last 年度.
A split target (指标性质 | 指标值 | 度量单位) is three roles of one half. A header of two
rows (年度指标值 over 指标性质 | 指标值 | 度量单位) is read as one, also when the
三级指标 stands in its second row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhibiao.importer.grid import Cell
from zhibiao.importer.headers import HeaderWords, fold

__all__ = ("HALF_ROLES", "Half", "IndicatorHeader", "indicator_header")

#: Roles that belong to one half of a table (level1 is shared by both halves).
HALF_ROLES = ("level2", "indicator", "nature", "target", "unit", "actual", "points", "score",
              "reason", "standard")


@dataclass
class Half:
    """The columns of one half: role → column, role → unit from the header."""

    columns: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    @property
    def order(self) -> list[str]:
        """The half's roles from left to right."""
        return sorted(self.columns, key=self.columns.__getitem__)


@dataclass
class IndicatorHeader:
    """A found header: its cells, the shared level1 column, the halves, ignored columns."""

    row: int
    cells: list[Cell]
    level1: int | None
    halves: list[Half]
    ignored: dict[int, str] = field(default_factory=dict)  # column → header text
    last_row: int = -1  # the header's last row (the second, in a header of two rows)

    @property
    def annual(self) -> Half:
        return self.halves[-1]

    @property
    def mid_term(self) -> Half | None:
        return self.halves[0] if len(self.halves) > 1 else None

    @property
    def columns(self) -> set[int]:
        found = {c for half in self.halves for c in half.columns.values()}
        return found | ({self.level1} if self.level1 is not None else set())


def _roles(cells: list[Cell], words: HeaderWords) -> list[tuple[Cell, str, str]]:
    found = []
    for cell in cells:
        role, unit = words.column(cell.text)
        if role is not None:
            found.append((cell, role, unit))
    return found


def indicator_header(row: int, cells: list[Cell], words: HeaderWords,
                     next_cells: list[Cell] | None = None) -> IndicatorHeader | None:
    """The indicator header in ``cells``, or None when the row is not one.

    A header names the 三级指标 column and a target, actual or 指标性质 column.
    """
    roles = _roles(cells, words)
    last_row = row
    names = {role for _, role, _ in roles}
    below = _roles(next_cells, words) if next_cells and roles else []
    # a second header row: every cell of it is a header word (指标性质 | 指标值 | 单位)
    second = bool(below) and len(below) == len(next_cells or []) and bool(
        {r for _, r, _ in below} & {"nature", "unit", "target", "actual"})
    # … which may also hold the 三级指标 when this row holds only the columns that span
    # both rows (绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 over 一级 | 二级 | 三级 | …)
    spanning = second and "indicator" not in names and bool(roles) and all(
        any(cell is found for found, _, _ in roles) or fold(cell.text).startswith("绩效指标")
        for cell in cells)
    if not spanning and ("indicator" not in names or not names & {"target", "actual", "nature"}):
        return None
    if second:
        by_column = {item[0].col: item for item in roles}
        by_column.update((item[0].col, item) for item in below)
        roles = [by_column[col] for col in sorted(by_column)]
        last_row = row + 1
        names = {role for _, role, _ in roles}
        if "indicator" not in names or not names & {"target", "actual", "nature"}:
            return None
    level1: int | None = None
    halves: list[Half] = [Half()]
    ignored: dict[int, str] = {}
    for cell, role, unit in roles:
        if role == "level1":
            if level1 is None:
                level1 = cell.col
            continue
        if role == "ignored":
            ignored[cell.col] = cell.text
            continue
        half = halves[-1]
        if role in half.columns:
            if role in ("indicator", "level2", "target"):
                half = Half()
                halves.append(half)
            else:  # a repeated column that does not start a half: not read
                ignored[cell.col] = cell.text
                continue
        half.columns[role] = cell.col
        if unit:
            half.units[role] = unit
    halves = [h for h in halves if "indicator" in h.columns]
    if not halves:
        return None
    return IndicatorHeader(row=row, cells=cells, level1=level1, halves=halves, ignored=ignored,
                           last_row=last_row)

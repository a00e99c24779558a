"""Reading one data row of an indicator table into its fields, half by half.

A workbook row is read by the header's columns. A row of PDF text drifts (cells move
left or right from line to line), so it is read by the order of its cells: the row label
(``绩效指标``) is skipped, a 一级指标 word is the level1, and the rest is cut into the
header's halves — at the second 二级指标 cell, or in equal parts — and each half is read
left to right in the order of the header's roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhibiao.importer.grid import Cell
from zhibiao.importer.headers import HeaderWords, fold
from zhibiao.importer.layout import Half, IndicatorHeader

__all__ = ("RowCells", "read_aligned", "read_drifting")

_ROW_LABELS = frozenset(("绩效指标", "年度绩效指标", "绩效目标", "产出及效益指标"))


@dataclass
class RowCells:
    """The cells of one data row: level1 (shared), and role → cell for each half."""

    level1: Cell | None
    halves: list[dict[str, Cell]] = field(default_factory=list)
    label_only: bool = False


def read_aligned(row: dict[int, Cell], header: IndicatorHeader) -> RowCells:
    level1 = row.get(header.level1) if header.level1 is not None else None
    halves = [{role: row[col] for role, col in half.columns.items() if col in row}
              for half in header.halves]
    return RowCells(level1, halves)


def _split(cells: list[Cell], header: IndicatorHeader, words: HeaderWords) -> list[list[Cell]]:
    count = len(header.halves)
    if count == 1:
        return [cells]
    starts = [i for i, cell in enumerate(cells) if words.is_level2(cell.text)]
    if len(starts) >= count and starts[0] == 0:
        bounds = [*starts[:count], len(cells)]
        return [cells[bounds[i]:bounds[i + 1]] for i in range(count)]
    size = -(-len(cells) // count)
    return [cells[i * size:(i + 1) * size] for i in range(count)]


def _read_half(cells: list[Cell], half: Half, words: HeaderWords) -> dict[str, Cell]:
    roles = half.order
    if "level2" in roles and cells:
        wanted = len(roles)
        if words.is_level2(cells[0].text) or len(cells) >= wanted:
            found = {"level2": cells[0]}
            cells = cells[1:]
        else:
            found = {}
        roles = [r for r in roles if r != "level2"]
    else:
        found = {}
    found.update(zip(roles, cells, strict=False))
    return found


def read_drifting(cells: list[Cell], header: IndicatorHeader, words: HeaderWords) -> RowCells:
    cells = [c for c in cells if fold(c.text) not in _ROW_LABELS]
    level1: Cell | None = None
    if cells and words.is_level1(cells[0].text) and (
            fold(cells[0].text) not in words.also_level2
            or (len(cells) > 1 and words.is_level2(cells[1].text))):
        level1, cells = cells[0], cells[1:]
    parts = _split(cells, header, words)
    halves = [_read_half(part, half, words)
              for part, half in zip(parts, header.halves, strict=False)]
    while len(halves) < len(header.halves):
        halves.append({})
    label_only = all(set(h) <= {"level2"} for h in halves)
    return RowCells(level1, halves, label_only)

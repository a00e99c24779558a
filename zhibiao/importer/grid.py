"""The neutral grid every source is read into: rows of text cells, each with its address.

A workbook cell is addressed ``Sheet1!F14``; a cell of a text table (CSV, the tab-separated
text of a PDF) ``file:line:column`` with 1-based line and column (the column counts cells,
not characters). A merged range is filled from its top-left cell and remembers it
(``origin``), so a 一级指标 written once over its block is known on every row, and a
problem still names the cell the text was typed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhibiao.ruleset.actuals_table import column_letter

__all__ = ("Cell", "Grid")


@dataclass(frozen=True, slots=True)
class Cell:
    """One non-empty cell: its text (stripped), where it is, where it was typed."""

    text: str
    row: int  # 0-based row of the grid
    col: int  # 0-based column of the grid
    address: str
    origin: str = ""  # address of the top-left cell of its merged range, "" if not merged
    formula: bool = False

    @property
    def source_address(self) -> str:
        """The cell the text was typed in (the merged range's top-left cell)."""
        return self.origin or self.address


@dataclass
class Grid:
    """One sheet (or one text file): ``rows[r]`` maps a column to its non-empty cell."""

    source: str
    sheet: str
    rows: list[dict[int, Cell]] = field(default_factory=list)
    #: True for text files, whose columns drift from line to line (PDF extraction):
    #: their rows are read by the order of their cells, not by the header's columns.
    drifting: bool = False

    def address(self, row: int, col: int) -> str:
        if self.drifting or not self.sheet:
            return f"{self.source}:{row + 1}:{col + 1}"
        return f"{self.sheet}!{column_letter(col)}{row + 1}"

    def put(self, row: int, col: int, text: str, *, origin: str = "",
            formula: bool = False) -> None:
        while len(self.rows) <= row:
            self.rows.append({})
        self.rows[row][col] = Cell(text, row, col, self.address(row, col), origin, formula)

    def cells(self, row: int) -> list[Cell]:
        """The cells of a row, left to right; a merged range counts once per row."""
        if row >= len(self.rows):
            return []
        seen: set[str] = set()
        found: list[Cell] = []
        for col in sorted(self.rows[row]):
            cell = self.rows[row][col]
            if cell.origin and (cell.origin in seen):
                continue
            seen.add(cell.origin or cell.address)
            found.append(cell)
        return found

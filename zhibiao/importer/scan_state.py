"""The state of a scan over one grid: the documents so far, the cells already read, the
problems met; and the report of the cells nothing read (``unmapped_cell``)."""

from __future__ import annotations

import re

from zhibiao.importer.drafts import DocumentDraft
from zhibiao.importer.grid import Cell, Grid
from zhibiao.importer.headers import HeaderWords, fold
from zhibiao.importer.layout import IndicatorHeader
from zhibiao.ruleset.problems import Problem

__all__ = ("ScanState", "listing")

_YEAR = re.compile(r"(?<!\d)(19[9]\d|2[01]\d\d)(?!\d)")
_TITLE_WORDS = ("绩效目标表", "自评表", "申报表", "绩效目标", "评价表", "监控表")
_MAX_UNMAPPED_ROWS = 200


def listing(cells: list[Cell]) -> str:
    """``A1「text」；B1「text」`` for a message (at most 12 cells); a cell filled from a
    merged range also names the cell its text was typed in (``H9（合并自 H6）「text」``)."""
    return "；".join(_where(c) + f"「{c.text[:30]}」" for c in cells[:12]) + (
        f" 等 {len(cells)} 格" if len(cells) > 12 else "")


def _where(cell: Cell) -> str:
    if cell.origin and cell.origin != cell.address:
        return f"{cell.address}（合并自 {cell.origin}）"
    return cell.address


class ScanState:
    """What a scan keeps while it walks the rows of one grid."""

    def __init__(self, grid: Grid, words: HeaderWords) -> None:
        self.grid = grid
        self.words = words
        self.used: set[str] = set()
        self.problems: list[Problem] = []
        self.documents: list[DocumentDraft] = []
        self.header: IndicatorHeader | None = None
        self.budget: dict[int, str] | None = None
        self.goals: dict[int, str] | None = None
        self.levels = ("", "")  # (level1, level2) of the last indicator row
        self.doc = self._new()

    def _new(self) -> DocumentDraft:
        doc = DocumentDraft(sheet=self.grid.sheet)
        self.documents.append(doc)
        return doc

    def _start(self) -> None:
        """A new document, unless the current one has no indicator rows yet."""
        if self.doc.rows or self.doc.blocks:
            self.doc = self._new()
        self.header = None
        self.budget = None

    def _use(self, *cells: Cell) -> None:
        for cell in cells:
            self.used.add(cell.source_address)

    def _warn(self, code: str, cell: Cell, message: str) -> None:
        line = 0 if self.grid.sheet else cell.row + 1  # text files: the line too
        self.problems.append(Problem(severity="warning", code=code, message=message,
                                     file=self.grid.source, line=line, cell=cell.address))

    def _repeated(self, key: str, cells: list[Cell], what: str) -> bool:
        """Whether ``key`` was read before in this document; if so, the cells are reported
        (``repeated_label``) and not read again."""
        first = self.doc.cells.get(key)
        if first is None:
            return False
        self._use(*cells)
        self._warn("repeated_label", cells[0],
                   f"{what}又出现一次，保留第一次的（{first}），未导入：{listing(cells)}")
        return True

    def _is_title(self, cells: list[Cell]) -> bool:
        if len(cells) != 1:
            return False
        text = fold(cells[0].text).lstrip("#")
        return "绩效" in text and any(w in text for w in _TITLE_WORDS) and len(text) < 60

    def _year(self, text: str) -> int | None:
        match = _YEAR.search(fold(text))
        return int(match[1]) if match else None

    def unmapped(self) -> None:
        reported = 0
        for r in range(len(self.grid.rows)):
            left = [c for c in self.grid.cells(r) if c.source_address not in self.used
                    and c.address == c.source_address]
            if not left:
                continue
            reported += 1
            if reported > _MAX_UNMAPPED_ROWS:
                continue
            texts = listing(left)
            self.problems.append(Problem(
                severity="warning", code="unmapped_cell", file=self.grid.source,
                cell=left[0].address, line=0 if self.grid.sheet else r + 1,
                message=f"未导入的单元格：{texts}（不是表头、标签或指标行）"))
        if reported > _MAX_UNMAPPED_ROWS:
            self.problems.append(Problem(
                severity="warning", code="unmapped_cell", file=self.grid.source,
                message=f"另有 {reported - _MAX_UNMAPPED_ROWS} 行含未导入的单元格，未逐行列出"))

"""Finding the documents of a grid: title rows, labels, the budget block, the indicator
table and its 总分 row, by the words in their cells.

A new document starts at a title row (``…绩效自评表``, ``…绩效目标表``) or a 项目名称 label
met after a document already has indicator rows, or at a second indicator header. Every
cell that is read is marked; :func:`scan` reports the others (``unmapped_cell``).
"""

from __future__ import annotations

import re

from zhibiao.importer.budget_block import BLOCK_LABELS, BudgetBlockScan
from zhibiao.importer.drafts import DocumentDraft, RowDraft
from zhibiao.importer.grid import Cell, Grid
from zhibiao.importer.headers import HeaderWords, fold, split_unit
from zhibiao.importer.layout import indicator_header
from zhibiao.importer.rows import RowCells, read_aligned, read_drifting
from zhibiao.importer.scan_state import listing
from zhibiao.ruleset.problems import Problem

__all__ = ("scan",)

_YEAR_ROW = re.compile(r"^[（(]?\s*[（(]?\s*(\d{4})\s*[)）]?\s*年度?\s*[)）]?$")
_SUBTOTAL = re.compile(r"(小计|合计)")
_GOAL_HEADS = {"预期目标": "annual", "年度目标": "annual", "实际完成情况": "achieved",
               "中期目标": "mid", "总体目标": "annual", "项目年度目标": "annual",
               "全年实际完成情况": "achieved", "年度目标完成情况": "achieved",
               "年初设定目标": "annual", "年度总体目标完成情况": "achieved"}
_NOISE = re.compile(r"^[-—=|:+\s]+$")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def _goal_head(text: str) -> str | None:
    folded = fold(text)
    heads = sorted(_GOAL_HEADS, key=len, reverse=True)  # the longest head that fits
    return next((_GOAL_HEADS[head] for head in heads if folded.startswith(head)), None)


class _Scanner(BudgetBlockScan):
    # ---- the row kinds -------------------------------------------------------------
    def row(self, r: int) -> None:
        cells = self.grid.cells(r)
        if not cells:
            return
        if self.header is not None:
            if r <= self.header.last_row:
                return
            if self._total(cells):
                self.header = None
                return
            if not self._starts_section(r, cells):
                self._indicator_row(r, cells)
                return
            self.header = None
        if self.goals is not None:
            self._goal_texts(cells)
            return
        header = indicator_header(r, cells, self.words, self.grid.cells(r + 1))
        if header is not None:
            if self.doc.rows:
                self._start()
            self.header = header
            self.budget = None
            self.doc.headed = True
            self._use(*(c for c in cells if c.col in header.columns or c.col in header.ignored))
            if header.last_row > r:
                self._use(*self.grid.cells(header.last_row))
            self._use(*(c for c in cells if split_unit(c.text)[0].startswith(BLOCK_LABELS)
                        or "绩效指标" in fold(c.text)))  # 绩效指标(90分), 年度绩效指标
            return
        if self._budget_header(cells) or self._budget_row(cells):
            return
        if self._is_title(cells):
            self._start()
            self._use(cells[0])
            self.doc.meta["title"] = cells[0].text.lstrip("# ").strip()
            self.doc.cells["title"] = cells[0].address
            year = self._year(cells[0].text)
            if year:
                self.doc.meta.setdefault("year", str(year))
            if "整体" in fold(cells[0].text):
                self.doc.unit_wide = True
            return
        if len(cells) == 1 and (match := _YEAR_ROW.match(fold(cells[0].text))):
            self._use(cells[0])
            self.doc.meta["year"] = match[1]
            self.doc.cells["year"] = cells[0].address
            return
        self._labels(cells)

    def _starts_section(self, r: int, cells: list[Cell]) -> bool:
        if self._is_title(cells):
            return True
        first = self.words.label(cells[0].text)
        if first in ("project", "department", "unit") and len(cells) <= 6:
            return True
        return indicator_header(r, cells, self.words) is not None

    def _total(self, cells: list[Cell]) -> bool:
        if self.words.label(cells[0].text) != "total" or self.header is None:
            return False
        if self._repeated("total", cells, "总分行"):
            return True
        self._use(cells[0])
        self.doc.cells["total"] = cells[0].address
        half = self.header.annual
        for cell in cells[1:]:
            if cell.col == half.columns.get("points"):
                self._total_value("total_points", cell)
            elif cell.col == half.columns.get("score"):
                self._total_value("total_score", cell)
        self._total_elsewhere(cells[1:], half.columns)
        return True

    def _total_value(self, key: str, cell: Cell) -> None:
        self.doc.meta[key] = cell.text
        self.doc.cells[key] = cell.address
        self._use(cell)

    def _total_elsewhere(self, values: list[Cell], columns: dict[str, int]) -> None:
        """总分 | 100分 with its one value outside the 分值 and 得分 columns (a cell merged
        over them): read as the total of the one of the two the table has, and said so."""
        if len(values) != 1 or values[0].source_address in self.used \
                or ("points" in columns) == ("score" in columns):
            return
        key, what = (("total_score", "得分") if "score" in columns else ("total_points", "分值"))
        self._total_value(key, values[0])
        self._warn("total_not_in_column", values[0],
                   f"总分行的“{values[0].text}”不在{what}列，表中只有{what}列，按总分的{what}读取，"
                   "请核对")

    def _goal_heads(self, cells: list[Cell]) -> bool:
        """A row of goal column heads (预期目标 | 实际完成情况, 中期目标 | 年度目标):
        the texts are in the next row."""
        heads = [(c, kind) for c in cells if (kind := _goal_head(c.text))]
        if len(heads) < 2:
            return False
        kinds = [kind for _, kind in heads]
        if kinds[0] == "annual" and "annual" in kinds[1:]:
            heads = heads[1:]  # 总体目标 | 中期目标 | 年度目标: the first is the row's label
        self._use(*(c for c in cells if _goal_head(c.text)
                    or self.words.label(c.text) == "goals"))
        self.goals = ({c.col: kind for c, kind in heads} if not self.grid.drifting
                      else dict(enumerate(kind for _, kind in heads)))
        return True

    def _labels(self, cells: list[Cell]) -> None:
        if self._goal_heads(cells):
            return
        for i, cell in enumerate(cells):
            if cell.source_address in self.used:
                continue
            name, unit = split_unit(cell.text)
            if name == "项目资金":
                self.doc.funds_unit = unit
                self._use(cell)
                continue
            role = self.words.label(cell.text)
            if role is None:
                continue
            value = cells[i + 1] if i + 1 < len(cells) else None
            if value is not None and self.words.label(value.text) is not None \
                    and _goal_head(value.text) is None:
                value = None
            if role == "project" and self.doc.rows:
                self._start()
            self._use(cell)
            self._label(role, cell, value)

    def _label(self, role: str, cell: Cell, value: Cell | None) -> None:
        if value is None:
            return
        if role == "department" and "名称" in fold(cell.text) and "项目" not in cell.text:
            role = "unit_name"  # 部门（单位）名称: a unit-wide table's name, not 主管部门
            self.doc.unit_wide = self.doc.unit_wide or not self.doc.meta.get("project")
        if role == "unit_funds":  # 基本支出总额 | 864.2 | 项目支出总额 | 0: a whole unit's
            self._use(value)
            self.doc.unit_wide = True
            self.doc.fund_sources[cell.text.strip()] = value.text
            self.doc.cells["fund:" + cell.text.strip()] = value.address
            self.doc.cells["fund_label:" + cell.text.strip()] = cell.address
            return
        if self._repeated(role, [value], f"“{cell.text}”"):
            return
        self._use(value)
        self.doc.cells[role] = value.source_address  # a merged value: its top-left cell
        if role in ("funds_total", "mid_term_total", "unit_total"):
            key = {"unit_total": "funds_total"}.get(role, role)
            unit = split_unit(cell.text)[1] or self.doc.funds_unit
            self.doc.meta[key] = value.text + (unit if _is_number(value.text) else "")
        elif role == "year":
            year = self._year(value.text)
            if year:
                self.doc.meta["year"] = str(year)
        elif role == "total":
            self.doc.meta["total_points"] = value.text
        else:
            self.doc.meta[role] = value.text

    def _goal_texts(self, cells: list[Cell]) -> None:
        assert self.goals is not None
        heads, self.goals = self.goals, None
        if self.grid.drifting:
            texts = [c for c in cells if _goal_head(c.text) is None
                     and self.words.label(c.text) is None]
            pairs = list(zip(heads.values(), texts, strict=False))
        else:
            pairs = [(kind, c) for c in cells if (kind := heads.get(c.col))]
        for kind, cell in pairs:
            self._use(cell)
            key = {"annual": "goals", "mid": "mid_term_goals"}.get(kind, "achieved_goals")
            if self._repeated(key, [cell], "目标"):
                continue
            self.doc.meta[key] = cell.text
            self.doc.cells[key] = cell.address
        self._use(*(c for c in cells if self.words.label(c.text) == "goals"))

    # ---- the indicator rows --------------------------------------------------------
    def _indicator_row(self, r: int, cells: list[Cell]) -> None:
        assert self.header is not None
        first = cells[0]
        levels = (0, self.header.level1, self.header.annual.columns.get("level2"))
        subtotal = next((c for c in cells if c.col in levels and _SUBTOTAL.search(c.text)),
                        None)  # in the level columns: after a row label (绩效指标) too
        if subtotal is not None:
            self._use(*cells)
            self._warn("subtotal_row", subtotal,
                       f"小计/合计行“{subtotal.text}”未导入（其分值和得分由各行相加）："
                       + listing(cells))
            return
        if all(_NOISE.match(c.text) for c in cells):
            return  # a rule of dashes between pages: left for the unmapped report
        if self.grid.drifting:
            found: RowCells = read_drifting(cells, self.header, self.words)
            if self._continuation(found):
                return
        else:
            found = read_aligned(self.grid.rows[r], self.header)
        last1, last2 = self.levels if self.doc.blocks else ("", "")
        level1 = _level(found.level1.text) if found.level1 else last1
        if found.level1:
            self._use(found.level1)
        halves = found.halves
        annual = halves[-1]
        level2_cell = annual.get("level2") or halves[0].get("level2")
        if level2_cell is not None:
            level2 = _level(level2_cell.text)
        else:
            level2 = last2 if level1 == last1 else ""
        if not level1 and (parent := self.words.parents.get(fold(level2))):
            level1 = parent
            self._warn("level1_inferred", level2_cell or first,
                       f"这一行没有一级指标，按二级指标“{level2}”取为“{parent}”，请核对")
        self.levels = (level1, level2)
        for half in halves:
            self._use(*half.values())
        if (level1, level2) not in self.doc.blocks:
            self.doc.blocks.append((level1, level2))
        if found.label_only or not set(annual) - {"level2"}:
            where = level2_cell or found.level1 or first
            self._warn("empty_indicator_row", where,
                       f"这一行只有指标级别（{level1}/{level2}），没有三级指标和指标值，未导入："
                       + listing(cells))
            return
        draft = RowDraft(level1=level1, level2=level2)
        if found.level1:
            draft.cells["level1"] = found.level1.source_address
        if level2_cell is not None:
            draft.cells["level2"] = level2_cell.source_address
        for role, cell in annual.items():
            if role == "indicator":
                draft.values[role] = _CJK_GAP.sub("", cell.text)
                draft.cells[role] = cell.address
            elif role == "reason" and fold(cell.text) in self.words.placeholders:
                self._warn("reason_placeholder", cell,
                           f"偏差原因是占位文字“{cell.text}”，按未填写读取")
            elif role != "level2":
                draft.values[role] = cell.text
                draft.cells[role] = cell.address
        if self.header.mid_term is not None and len(halves) > 1:
            mid = halves[0]
            for role, cell in mid.items():
                draft.cells.setdefault("mid_term_" + role, cell.address)
            if "target" in mid:
                draft.values["mid_term_target"] = mid["target"].text
                draft.cells["mid_term_target"] = mid["target"].address
            if "indicator" not in annual and "indicator" in mid:
                draft.values["indicator"] = mid["indicator"].text
                draft.cells["indicator"] = mid["indicator"].address
        for role in ("target", "actual", "points"):
            if role in self.header.annual.units:
                draft.values.setdefault("header_unit_" + role, self.header.annual.units[role])
        self.doc.rows.append(draft)

    def _continuation(self, found: RowCells) -> bool:
        """A text row that only continues the names of the row above (a cell the PDF
        split over two lines): joined to it, with a warning."""
        previous = self.doc.rows[-1] if self.doc.rows else None
        if previous is None or found.level1 is not None or any(
                set(h) - {"indicator", "standard"} for h in found.halves):
            return False
        annual = found.halves[-1]
        cells = [c for half in found.halves for c in half.values()]
        self._use(*cells)
        cell = annual.get("indicator") or annual.get("standard")
        if cell is None or cell.text in (previous.values.get("standard"),
                                         previous.values.get("indicator")):
            self._warn("repeated_cell", cells[0],
                       f"这一行只有上一行的延续或重复，未导入：{listing(cells)}")
            return True
        previous.values["indicator"] = previous.values.get("indicator", "") + cell.text
        joined = previous.values["indicator"]
        self._warn("joined_lines", cell,
                   f"“{cell.text}”接在上一行的三级指标后面（PDF 把一格拆成了两行）：{joined}")
        return True


def _level(text: str) -> str:
    """A level cell without the spaces PDF extraction puts into it (``产 出 指 标``)."""
    return re.sub(r"\s+", "", text)


def _is_number(text: str) -> bool:
    return re.fullmatch(r"[+-]?[\d,]+(\.\d+)?", text.strip()) is not None


def scan(grid: Grid, words: HeaderWords) -> tuple[list[DocumentDraft], list[Problem]]:
    """The documents of one grid (those with indicator rows), and the problems met."""
    scanner = _Scanner(grid, words)
    for r in range(len(grid.rows)):
        scanner.row(r)
    scanner.unmapped()
    # a table cut after its indicator header is kept (its budget block is still audited)
    documents = [d for d in scanner.documents if d.rows or d.blocks or d.headed]
    for draft in scanner.documents:
        if not (draft.rows or draft.blocks or draft.headed) and (draft.cells
                                                                 or draft.budget_cells):
            first = next(iter({**draft.cells, **draft.budget_cells}.values()))
            scanner.problems.append(Problem(
                severity="warning", code="table_without_indicators", file=grid.source,
                cell=first, message="找到了表的标题或项目信息，但其后没有指标表（须有“三级指标”"
                "“指标值”等列名），未导入："
                + "；".join(f"{k} {v}" for k, v in {**draft.cells,
                                                      **draft.budget_cells}.items())))
    return documents, scanner.problems

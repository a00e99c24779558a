"""The 项目资金 block of a self-evaluation (年初预算数 | 全年预算数 | 全年执行数 | 分值 |
执行率 | 得分, by the words of its header): the row of the totals, and the fund sources
(其中：当年财政拨款, 上年结转资金, 其他资金; a unit-wide table's 基本支出 / 项目支出)
whose 预算数 is kept. The block's label may carry its unit and its points
(``预算执行情况（万元）（20分）``)."""

from __future__ import annotations

import re

from zhibiao.importer.grid import Cell
from zhibiao.importer.headers import fold, split_points, split_unit
from zhibiao.importer.scan_state import ScanState

__all__ = ("BLOCK_LABELS", "BudgetBlockScan")

#: cells that open the budget block or the indicator table and carry only a unit or points
BLOCK_LABELS = ("项目资金", "部门资金", "资金情况", "年度预算", "预算执行情况", "绩效指标",
                "部门(单位)总体资金", "资金来源")


class BudgetBlockScan(ScanState):
    def _budget_header(self, cells: list[Cell]) -> bool:
        roles = {c.col: role for c in cells if (role := self.words.budget_column(c.text))}
        if len(set(roles.values()) & {"planned", "total", "spent", "rate"}) < 2:
            return False
        self.budget = roles
        self._use(*(c for c in cells if c.col in roles))
        for cell in cells:
            bare, points = split_points(cell.text)
            name, unit = split_unit(bare)
            if name.startswith(BLOCK_LABELS):
                self.doc.funds_unit = unit or self.doc.funds_unit
                self._use(cell)
                if points is not None and "points" not in roles.values():
                    self.doc.budget["points"] = points  # 预算执行情况(万元)(20分)
                    self.doc.budget_cells["points"] = cell.address
        return True

    def _budget_row(self, cells: list[Cell]) -> bool:
        if self.budget is None:
            return False
        label = next((c for c in cells if c.col not in self.budget
                      and c.source_address not in self.used), None)
        values = {self.budget[c.col]: c for c in cells if c.col in self.budget}
        if label is None or not values:
            self.budget = None
            return False
        folded = fold(label.text)
        line = folded in self.words.budget["lines"]
        if not (folded in self.words.budget["rows"] or folded.startswith("其中") or line
                or folded.endswith(("资金", "拨款", "结转", "结余"))):
            self.budget = None
            return False
        self._use(label)
        if line or "整体" in folded:  # 基本支出 / 项目支出, 部门整体支出总额: a whole unit's
            self.doc.unit_wide = True
        if folded in self.words.budget["rows"] or split_unit(label.text)[0] in \
                self.words.budget["rows"]:
            if self._repeated("budget_row", [label, *values.values()], "资金总额行"):
                return True
            self.doc.cells["budget_row"] = label.address
            for role, cell in values.items():
                self._use(cell)
                self.doc.budget[role] = cell.text
                self.doc.budget_cells[role] = cell.address
            self.doc.budget_cells["label"] = label.address
        else:
            amount = values.get("total") or values.get("planned")
            if amount is not None:
                self._use(amount)
                name = re.sub(r"^其中[:：]?", "", label.text).strip()
                self.doc.fund_sources[name] = amount.text
                self.doc.cells["fund:" + name] = amount.address
                self.doc.cells["fund_label:" + name] = label.address
            left = [c for c in values.values() if c.source_address not in self.used]
            if amount is None:
                left.insert(0, label)
            if left:
                self._use(*left)
                self._warn("unmapped_cell", left[0],
                           f"资金来源“{label.text}”只导入预算数，未导入："
                           + "、".join(f"{c.address}「{c.text}」" for c in left))
        return True

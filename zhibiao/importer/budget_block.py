"""The 项目资金 block of a self-evaluation (年初预算数 | 全年预算数 | 全年执行数 | 分值 |
执行率 | 得分, by the words of its header): the row of the totals, and the fund sources
(其中：当年财政拨款, 上年结转资金, 其他资金) whose 预算数 is kept."""

from __future__ import annotations

import re

from zhibiao.importer.grid import Cell
from zhibiao.importer.headers import fold, split_unit
from zhibiao.importer.scan_state import ScanState

__all__ = ("BLOCK_LABELS", "BudgetBlockScan")

#: cells that open the budget block or the indicator table and carry only a unit or points
BLOCK_LABELS = ("项目资金", "部门资金", "资金情况", "年度预算", "预算执行情况", "绩效指标")


class BudgetBlockScan(ScanState):
    def _budget_header(self, cells: list[Cell]) -> bool:
        roles = {c.col: role for c in cells if (role := self.words.budget_column(c.text))}
        if len(set(roles.values()) & {"planned", "total", "spent", "rate"}) < 2:
            return False
        self.budget = roles
        self._use(*(c for c in cells if c.col in roles))
        for cell in cells:
            name, unit = split_unit(cell.text)
            if name.startswith(BLOCK_LABELS):
                self.doc.funds_unit = unit or self.doc.funds_unit
                self._use(cell)
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
        if not (folded in self.words.budget["rows"] or folded.startswith("其中")
                or folded.endswith(("资金", "拨款", "结转", "结余"))):
            self.budget = None
            return False
        self._use(label)
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

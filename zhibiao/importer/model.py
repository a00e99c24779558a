"""What an import finds: documents (one per table) with their rows, as written.

Every text is kept as written in the table (trimmed), with the address of its cell, so
that the audit can compare published numbers with recomputed ones and a reviewer can
find the row. :class:`ImportResult` is what :func:`zhibiao.importer.read` returns.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.spec import RulesetSpec

__all__ = ("BudgetBlock", "DocumentKind", "ImportResult", "ImportedDocument", "IndicatorRow")

DocumentKind = Literal["project", "unit", "target"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class IndicatorRow(_Model):
    """One 三级指标 row. ``cells`` maps a field (level1, level2, indicator, target, actual,
    points, score, reason, nature, unit, mid_term_target, mid_term_*) to its cell."""

    id: str
    level1: str
    level2: str
    indicator: str
    target: str = ""  # 年度指标值; a split target is joined (``≥`` + ``95`` + ``%``)
    mid_term_target: str | None = None
    standard: str | None = None
    actual: str | None = None
    points: str | None = None  # 分值 as written
    published_score: str | None = None  # 得分 as written
    reason: str | None = None  # 偏差原因分析及改进措施
    nature: str | None = None  # 指标性质 / 计算符号 as written (split layout)
    direction: str | None = None  # 正向 / 反向 when the 指标性质 says so
    unit: str | None = None  # 度量单位 (split layout) or the unit of the target header
    cells: dict[str, str] = Field(default_factory=dict)

    @property
    def cell(self) -> str:
        """The address of the row's 三级指标 cell."""
        return self.cells.get("indicator", "")


class BudgetBlock(_Model):
    """The 项目资金 block of a self-evaluation (texts as written, amounts with their unit)."""

    planned: str | None = None  # 年初预算数
    total: str | None = None  # 全年预算数
    spent: str | None = None  # 全年执行数
    points: str | None = None  # 分值
    rate: str | None = None  # 执行率
    published_score: str | None = None  # 得分
    unit: str = ""  # the block's unit (项目资金（万元）)
    cells: dict[str, str] = Field(default_factory=dict)


class ImportedDocument(_Model):
    """One table: a project's (``project``), a unit's (``unit``), or a target table that
    has no actuals (``target``, also for a project table without actual column)."""

    source: str
    sheet: str
    key: str  # file name stem for the written ruleset (``01-project``, a sheet name)
    kind: DocumentKind
    title: str = ""
    project: str = ""
    department: str = ""
    unit: str = ""
    year: int | None = None
    attribute: str | None = None
    goals: str | None = None
    mid_term_goals: str | None = None
    achieved_goals: str | None = None  # 年度总体目标: 实际完成情况
    funds_total: str | None = None  # 年度资金总额 (target tables)
    mid_term_funds_total: str | None = None
    fund_sources: dict[str, str] = Field(default_factory=dict)
    budget: BudgetBlock | None = None
    rows: list[IndicatorRow] = Field(default_factory=list)
    total_points: str | None = None  # 总分 row: 分值
    total_score: str | None = None  # 总分 row: 得分
    total_cell: str = ""
    ruleset: RulesetSpec | None = None  # None when the rows do not make a valid ruleset
    cells: dict[str, str] = Field(default_factory=dict)  # field → cell of the metadata

    @property
    def filled(self) -> bool:
        """Whether the table is a filled 自评表 (it has actuals or published scores)."""
        return any(r.actual or r.published_score for r in self.rows) or (
            self.budget is not None and self.budget.spent is not None)


class ImportResult(_Model):
    """Documents found in the files read, and every problem met (with its cell)."""

    documents: list[ImportedDocument] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

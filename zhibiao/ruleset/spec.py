"""The ruleset file format, as pydantic models (the JSON Schema comes from these).

Keys are English (stable for embedding systems); the values a rule author writes are
Chinese, as the table prints them. See docs/ruleset-format.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from zhibiao.engine import Direction, Policy
from zhibiao.engine.policy import DEFAULT_POLICY

__all__ = (
    "DEFAULT_BUDGET_POINTS",
    "DEFAULT_LEVEL1_POINTS",
    "BudgetSpec",
    "FundsSpec",
    "GoalsSpec",
    "IndicatorSpec",
    "MonitorSpec",
    "ProjectSpec",
    "RulesetSpec",
)

#: 财预〔2020〕10号: 产出 50, 效益 30, 满意度 10, 预算执行率 10.
DEFAULT_LEVEL1_POINTS: dict[str, Decimal] = {
    "产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10),
}
DEFAULT_BUDGET_POINTS = Decimal(10)

Points = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)]


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_float(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError("数字按精确小数读取，应写作 8.5 这样的数字，而不是浮点数（float）")
        return value


class FundsSpec(_Spec):
    """项目资金: amounts as 指标值-style text with a unit, e.g. ``"4000万元"``."""

    annual_total: str | None = Field(default=None, description="年度资金总额")
    mid_term_total: str | None = Field(default=None, description="中期/实施期资金总额")
    sources: dict[str, str] = Field(default_factory=dict,
                                    description="资金来源：名称 → 金额（财政拨款、其他资金…）")


class ProjectSpec(_Spec):
    name: str = Field(min_length=1, description="项目名称（整体表为部门/单位名称）")
    unit: str = Field(default="", description="实施单位 / 单位名称")
    department: str = Field(default="", description="主管部门（自评表表头）")
    year: int | None = Field(default=None, ge=1990, le=2199, description="预算年度")
    kind: Literal["project", "unit"] = Field(
        default="project", description="project：项目支出；unit：部门（单位）整体支出")
    key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._\-]+$",
                            description="在实际值文件中引用本项目的键（默认：文件名）")
    attribute: str | None = Field(default=None, description="项目属性")
    source: str | None = Field(default=None, description="来源文件")
    funds: FundsSpec | None = None


class GoalsSpec(_Spec):
    mid_term: str | None = Field(default=None, description="中期目标")
    annual: str | None = Field(default=None, description="年度目标")


class BudgetSpec(_Spec):
    """预算执行率 block: 执行率 × points, capped at the points."""

    points: Points = Field(default=DEFAULT_BUDGET_POINTS, description="预算执行率分值（默认 10）")
    total: str | None = Field(default=None,
                              description="全年预算数（默认取 project.funds.annual_total）")


class MonitorSpec(_Spec):
    """绩效运行监控 (``zhibiao monitor``): how a value to date is projected to the year's end."""

    basis: Literal["calendar", "workdays", "schedule"] = Field(
        default="calendar",
        description="外推依据：calendar 按日历天数（默认）；workdays 按法定工作日；"
                    "schedule 按 schedule 给出的月度计划进度")
    schedule: list[Annotated[Decimal, Field(ge=0, le=100)]] | None = Field(
        default=None, min_length=12, max_length=12,
        description="月度计划进度：1–12 月每月计划完成全年的百分之几（12 个数，合计 100）")

    @model_validator(mode="after")
    def _schedule_adds_up(self) -> MonitorSpec:
        if self.schedule is not None and sum(self.schedule) != 100:
            raise ValueError(f"schedule 的 12 个月合计应为 100，现为 {sum(self.schedule)}")
        if self.basis == "schedule" and self.schedule is None:
            raise ValueError("basis = \"schedule\" 须同时给出 schedule（12 个月的计划进度）")
        return self


class IndicatorSpec(_Spec):
    """One 三级指标."""

    id: str = Field(pattern=r"^[A-Za-z0-9._\-]+$", description="稳定的指标编号，如 1.1.1")
    level1: str = Field(min_length=1, description="一级指标")
    level2: str = Field(min_length=1, description="二级指标")
    name: str = Field(min_length=1, description="三级指标名称")
    value: str = Field(description="年度指标值（原文）；空表示不适用")
    mid_term_value: str | None = Field(default=None, description="中期指标值（原文）")
    standard: str | None = Field(default=None, description="绩效标准 / 指标值说明")
    points: Points | None = Field(default=None, description="分值；不写则在二级指标内均分")
    direction: Direction | None = Field(
        default=None, description="裸数值的方向：正向（下限）、反向（上限）、等于（精确）")
    unit: str | None = Field(default=None, description="表头或说明隐含的单位，如 %")
    published: str | None = Field(default=None, description="OCR 修正前的原文")
    note: str | None = Field(default=None, description="备注")
    policy: dict[str, Any] | None = Field(
        default=None, description="只对本指标生效的评分设置（同 [policy]）")


class RulesetSpec(_Spec):
    """A whole ruleset file."""

    project: ProjectSpec
    goals: GoalsSpec | None = None
    budget: BudgetSpec = BudgetSpec()
    monitor: MonitorSpec | None = Field(default=None, description="绩效运行监控的外推设置")
    policy: Policy = Field(default_factory=lambda: DEFAULT_POLICY,  # frozen: one for all
                           description="评分设置（见 docs/scoring.md）")
    points: dict[str, Points] = Field(
        default_factory=dict,
        description="一级/二级分值：\"产出指标\" = 50，\"产出指标/数量指标\" = 20")
    indicators: list[IndicatorSpec] = Field(min_length=1, description="三级指标")

"""The scoring policy: every rule variant that provinces use, as one frozen settings object.

A :class:`Policy` is chosen per ruleset (its ``[policy]`` table) or per indicator. Its
defaults follow DOMAIN §3 (财预〔2020〕10号 and the budget software seen in use); every
field also accepts the string forms a TOML table would hold::

    >>> p = Policy.model_validate({"reverse": "linear", "qualitative_bands": "80/50",
    ...                            "rounding": "0.1", "overshoot_flag": "1.3",
    ...                            "grades": {"优": 90, "良": 80, "中": 60}})
    >>> p.reverse, p.qualitative_bands, p.rounding
    ('linear', (Decimal('80'), Decimal('50')), Decimal('0.1'))
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
    ModelWrapValidatorHandler,
    SerializerFunctionWrapHandler,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from zhibiao.decimal_context import ACTIVE_CONTEXT, own_context, within_range
from zhibiao.engine.policy_inputs import (
    LATE_WORDS,
    PERCENT,
    REVERSE_WORDS,
    SCALE_WORDS,
    TableOrPairs,
    decimal_text,
    input_form,
    is_off,
)

__all__ = ("DEFAULT_POLICY", "BareActualScale", "Direction", "LateRule", "Policy", "ReverseRule")

ReverseRule = Literal["inverse", "linear"]
LateRule = Literal["zero", "proportional_days"]
BandPosition = Literal["top", "middle", "bottom"]
RoundingMode = Literal["half_up", "half_even", "down", "up"]
BareActualScale = Literal["target", "base", "refuse"]

_ROUNDING_MODES: dict[str, str] = {
    "half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP,
}
_ALLOWED_QUANTA = frozenset(Decimal(1).scaleb(-k) for k in range(5))  # 1 … 0.0001
_MAX_RATIO = Decimal(1000)  # overshoot_flag / overshoot_cut: 1000 = 100000 %


class Direction(StrEnum):
    """How a bare value (``20万元``, ``=100%``) is scored: 正向, 反向 or 等于.

    Values are Chinese; the English aliases ``higher``, ``lower`` and ``exact`` are
    accepted too (``Direction("lower") is Direction.LOWER``).
    """

    HIGHER = "正向"
    LOWER = "反向"
    EXACT = "等于"

    @classmethod
    def _missing_(cls, value: object) -> Direction | None:
        if isinstance(value, str):
            key = value.strip().lower()
            for alias, member in _DIRECTION_ALIASES.items():
                if key == alias:
                    return member
        return None

    @property
    def polarity(self) -> str:
        """The stable English key: ``higher``, ``lower`` or ``exact``."""
        return _DIRECTION_POLARITY[self]

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The JSON Schema lists the aliases a file may use too (``lower``, ``反向指标``)."""
        reference = handler(core_schema)
        if handler.mode == "validation":
            schema = handler.resolve_ref_schema(reference)
            known = schema["enum"]
            schema["enum"] = [*known, *(a for a in _DIRECTION_ALIASES if a not in known)]
        return reference


_DIRECTION_ALIASES: dict[str, Direction] = {
    "higher": Direction.HIGHER, "正向指标": Direction.HIGHER, "positive": Direction.HIGHER,
    "lower": Direction.LOWER, "反向指标": Direction.LOWER, "ceiling": Direction.LOWER,
    "negative": Direction.LOWER,
    "exact": Direction.EXACT, "等于": Direction.EXACT, "equal": Direction.EXACT,
}
_DIRECTION_POLARITY = {Direction.HIGHER: "higher", Direction.LOWER: "lower",
                       Direction.EXACT: "exact"}

class Policy(BaseModel):
    """评分规则（scoring policy）。所有字段均有默认值，与 DOMAIN §3 一致。

    Fields (英文字段名，中文说明):

    - ``reverse`` — 反向指标（≤、<）未达标时的计分：``"inverse"`` 按 目标÷实际×分值（默认，
      多地模板说明所写）；``"linear"`` 按 (1−(实际−目标)÷目标)×分值，实际为目标 2 倍时得 0
      （某厂商预算软件）。也接受 ``"倒数"``、``"线性"``。
    - ``bare_value`` — 等于（=、≈）及未写运算符的指标值按什么方向计分：默认 ``正向``
      （预算软件做法：完成比例封顶，目标为 0 时实际≤0 才得满分）；``反向`` 视为上限；
      ``等于`` 视为精确标准（偏离按距离比例扣分）。
    - ``bare_value_by_category`` — 按二级指标名称覆盖上一项，如 ``{成本指标 = "反向"}``；
      默认为空（已公布的自评表中未花完的成本预算按正向得 0 分）。
    - ``direction_from_name`` — 未写运算符的指标值按指标名称定方向（``direction_names.toml``：
      预算调整率、事故、投诉 → 反向；覆盖率、满意度 → 正向），说明中写明所据的词并标注
      ``direction_from_name``；优先于 ``bare_value``，让位于 ``direction``、运算符和
      ``bare_value_by_category``。``score`` 默认关闭（已有规则集得分不变），``audit`` 默认开启。
    - ``qualitative_bands`` — 定性指标三档的分界（占分值的百分比）：默认 ``(80, 60)`` 即
      100–80 / 80–60 / 60–0（下限含本数）；可写 ``"80/50"``。
    - ``qualitative_position`` — 档内默认取分位置：``"top"``（默认，档内最高分）、
      ``"middle"``、``"bottom"``；可评定的区间另在 ``score_range`` 给出。
    - ``late`` — 时限指标逾期的计分：``"zero"``（默认，0 分）或 ``"proportional_days"``
      （按 计划天数÷实际天数 得分）。
    - ``overshoot_flag`` — 实际达到目标的该倍数及以上时标注“需说明偏差原因”（不扣分），
      默认 ``1.3``；写 ``"off"`` 关闭。
    - ``overshoot_cut`` — 可选的超额扣分：完成率超过该倍数时得分乘以 倍数÷完成率；默认不扣。
    - ``tolerance`` — 容差（目标值的百分比，如 ``"±2%"``）：在容差内视为达标；默认关闭。
    - ``rounding`` — 得分保留的精度：``"0.01"``（默认，两位小数）、``"0.1"``、``"1"``（整数分）。
    - ``rounding_mode`` — 取舍方式：``"half_up"``（默认，四舍五入）、``"half_even"``、
      ``"down"``（截去）、``"up"``（进一）。
    - ``rate_quantum`` — 完成率/执行率在乘以分值前先按此精度四舍五入（如 ``"0.001"`` 即
      0.1%）；默认不取舍。
    - ``budget_rate_quantum`` — 预算执行率在乘以分值前的精度：默认 ``"0.001"``（0.1%），
      这样才能复现已公布的自评表（隆阳区：30÷278.4449 = 10.77%，得分 10.8%×20 = 2.16）；
      写 ``"off"`` 按精确执行率计分。设置了 ``rate_quantum`` 时以它为准。
    - ``grades`` — 总分等级的下限：默认 ``{优 = 90, 良 = 80, 中 = 60}``，低于最低一档为“差”。
    - ``year`` — 评价年度（解析“9月前”“次年2月底”等相对日期用）；默认不指定。
    - ``bare_actual_scale`` — 未写单位的实际值（``43000``、``0.965``）对带量级的目标
      （``≤4万元``、``≥95%``）怎么读：``"target"``（默认）按目标的写法读（43000万元、0.965%）；
      ``"base"`` 按基本单位读（43000元、0.965 即 96.5%）；``"refuse"`` 不读，记为无法评价并
      说明两种读法。无论哪种设置，所取读法的完成率不在 10%–1000% 之内而另一种读法在时
      （``"refuse"``：两种读法恰有一种在时），标注 ``scale_ambiguous``（须复核）。也接受
      ``"目标单位"``、``"基本单位"``、``"拒绝"``。
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    reverse: Annotated[ReverseRule, input_form("reverse")] = "inverse"
    bare_value: Direction = Direction.HIGHER
    bare_value_by_category: Annotated[tuple[tuple[str, Direction], ...], TableOrPairs()] = ()
    direction_from_name: bool = False
    qualitative_bands: Annotated[tuple[Decimal, Decimal], input_form("qualitative_bands")] = (
        Decimal(80), Decimal(60))
    qualitative_position: BandPosition = "top"
    late: Annotated[LateRule, input_form("late")] = "zero"
    overshoot_flag: Annotated[Decimal | None, input_form("number_or_off")] = Decimal("1.3")
    overshoot_cut: Annotated[Decimal | None, input_form("number_or_off")] = None
    tolerance: Annotated[Decimal | None, input_form("number_or_off")] = None
    rounding: Annotated[Decimal, input_form("rounding")] = Decimal("0.01")
    rounding_mode: RoundingMode = "half_up"
    rate_quantum: Annotated[Decimal | None, input_form("number_or_off")] = None
    budget_rate_quantum: Annotated[Decimal | None, input_form("number_or_off")] = Decimal("0.001")
    grades: Annotated[tuple[tuple[str, Decimal], ...], TableOrPairs()] = (
        ("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)))
    year: Annotated[int | None, input_form("year")] = None
    bare_actual_scale: Annotated[BareActualScale, input_form("bare_actual_scale")] = "target"

    # ---- accepted string forms -------------------------------------------------

    @field_validator("reverse", mode="before")
    @classmethod
    def _reverse_words(cls, value: Any) -> Any:
        return REVERSE_WORDS.get(value, value) if isinstance(value, str) else value

    @field_validator("bare_actual_scale", mode="before")
    @classmethod
    def _scale_words(cls, value: Any) -> Any:
        if isinstance(value, str):
            key = value.strip()
            return SCALE_WORDS.get(key, key.lower())
        return value

    @field_validator("late", mode="before")
    @classmethod
    def _late_words(cls, value: Any) -> Any:
        return LATE_WORDS.get(value, value) if isinstance(value, str) else value

    @field_validator("bare_value_by_category", mode="before")
    @classmethod
    def _category_table(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return tuple((str(k), v) for k, v in value.items())
        return value

    @field_validator("qualitative_bands", mode="before")
    @classmethod
    def _bands(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = re.split(r"\s*[/,，、]\s*", value.strip())
            nums = [p.strip().rstrip("%") for p in parts if p.strip()]
            if len(nums) == 4 and nums[0] == "100" and nums[-1] == "0":  # "100/80/60/0"
                nums = nums[1:3]
            if len(nums) != 2:
                raise ValueError(f"qualitative_bands 应写作 “80/60” 或 “80/50”，而不是 {value!r}")
            return tuple(decimal_text(n, "qualitative_bands") for n in nums)
        if isinstance(value, (list, tuple)):
            return tuple(decimal_text(n, "qualitative_bands") for n in value)
        return value

    @field_validator("overshoot_flag", "overshoot_cut", "budget_rate_quantum", mode="before")
    @classmethod
    def _ratio(cls, value: Any, info: Any) -> Any:
        if is_off(value):
            return None
        if isinstance(value, str) and value.strip().endswith(("%", "％")):
            return decimal_text(value.strip()[:-1], info.field_name) / 100
        return decimal_text(value, info.field_name)

    @field_validator("tolerance", mode="before")
    @classmethod
    def _tolerance(cls, value: Any) -> Any:
        if is_off(value):
            return None
        if isinstance(value, str):
            match = PERCENT.match(value)
            if match is None:
                raise ValueError(f"tolerance 应写作 “±2%” 或 “2”，而不是 {value!r}")
            return Decimal(match["num"])
        return decimal_text(value, "tolerance")

    @field_validator("rounding", "rate_quantum", mode="before")
    @classmethod
    def _quantum(cls, value: Any, info: Any) -> Any:
        if info.field_name == "rate_quantum" and is_off(value):
            return None
        if isinstance(value, str):
            value = {"两位小数": "0.01", "一位小数": "0.1", "整数": "1", "取整": "1"}.get(
                value.strip(), value)
        return decimal_text(value, info.field_name)

    @field_validator("grades", mode="before")
    @classmethod
    def _grade_table(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            value = tuple((str(k), decimal_text(v, "grades")) for k, v in value.items())
        return value

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value: Any) -> Any:
        if is_off(value):
            return None
        if isinstance(value, str):
            digits = value.strip().removesuffix("年")
            if not digits.isascii() or not digits.isdigit():
                raise ValueError(f"year 应为四位年份，如 2024，而不是 {value!r}")
            return int(digits)
        return value

    # ---- written back (model_dump): forms that validate to an equal policy ---------

    @field_serializer("grades", "bare_value_by_category", mode="wrap")
    def _as_table(self, value: tuple[tuple[str, Any], ...],
                  handler: SerializerFunctionWrapHandler) -> Any:
        """A table ``{name: value}``, as rule authors write it (pairs when a name repeats,
        so that nothing is lost)."""
        pairs = handler(value)
        names = [name for name, _ in value]
        return dict(pairs) if len(set(names)) == len(names) else pairs

    @field_serializer("overshoot_flag", mode="wrap")
    def _off_word(self, value: Decimal | None, handler: SerializerFunctionWrapHandler) -> Any:
        """``"off"`` rather than ``None``: TOML has no null, and a missing key would mean
        the default (1.3)."""
        return "off" if value is None else handler(value)

    # ---- consistency -----------------------------------------------------------

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        high, low = self.qualitative_bands
        if not Decimal(0) < low < high < Decimal(100):
            raise ValueError("qualitative_bands 应满足 100 > 第一档下限 > 第二档下限 > 0")
        if self.rounding not in _ALLOWED_QUANTA:
            raise ValueError("rounding 应为 1、0.1、0.01、0.001 或 0.0001")
        for name, quantum in (("rate_quantum", self.rate_quantum),
                              ("budget_rate_quantum", self.budget_rate_quantum)):
            if quantum is not None and quantum not in _ALLOWED_QUANTA:
                raise ValueError(f"{name} 应为 1、0.1、0.01、0.001 或 0.0001（或 off）")
        for name, value in (("overshoot_flag", self.overshoot_flag),
                            ("overshoot_cut", self.overshoot_cut)):
            if value is not None and not 1 < value <= _MAX_RATIO:
                raise ValueError(f"{name} 应大于 1 且不超过 1000（如 1.3 即 130%）")
        if self.tolerance is not None and not (
                Decimal(0) <= self.tolerance < Decimal(100) and within_range(self.tolerance)):
            raise ValueError("tolerance 应在 0 到 100（百分比）之间")
        if not all(within_range(v) for v in (*self.qualitative_bands,
                                             *(t for _, t in self.grades))):
            raise ValueError("qualitative_bands 与 grades 的数值过小，请写成普通的百分数，如 80")
        if not self.grades:
            raise ValueError("grades 不能为空")
        thresholds = [t for _, t in self.grades]
        if any(not Decimal(0) <= t <= Decimal(100) for t in thresholds):
            raise ValueError("grades 的下限应在 0 到 100 之间")
        if len(set(thresholds)) != len(thresholds):
            raise ValueError("grades 的下限不能重复")
        if self.year is not None and not 1900 <= self.year <= 2199:
            raise ValueError("year 应为四位年份")
        # Keep grades ordered from the highest threshold down (a TOML table may not be).
        ordered = tuple(sorted(self.grades, key=lambda item: -item[1]))
        if ordered != self.grades:
            object.__setattr__(self, "grades", ordered)
        return self

    @model_validator(mode="wrap")  # defined last: it wraps the validators above
    @classmethod
    def _own_context(cls, data: Any, handler: ModelWrapValidatorHandler[Policy]) -> Policy:
        """Validation (``"130%"`` → 1.3 and the checks) under zhibiao's Decimal context.

        A Policy given where a Policy is expected (a ruleset's indicators share theirs)
        was validated when it was made and is frozen: it is taken as it is, as pydantic
        takes any other model instance, without running the checks again. A subclass is
        validated, as it may check more."""
        if type(data) is Policy:
            return data
        return own_context(handler)(data)

    # ---- helpers the engine uses -----------------------------------------------

    @property
    def rounding_constant(self) -> str:
        """The :mod:`decimal` rounding constant of ``rounding_mode`` (``ROUND_HALF_UP``)."""
        return _ROUNDING_MODES[self.rounding_mode]

    def round(self, value: Decimal) -> Decimal:
        """``value`` at the policy's precision and rounding mode (9.684… → 9.68)."""
        return value.quantize(self.rounding, _ROUNDING_MODES[self.rounding_mode],
                              context=ACTIVE_CONTEXT)

    def round_rate(self, ratio: Decimal) -> Decimal:
        """The completion ratio at ``rate_quantum`` (unchanged when it is ``None``)."""
        return _round_ratio(ratio, self.rate_quantum)

    def budget_quantum(self) -> Decimal | None:
        """Precision of the 执行率 in the budget block (``rate_quantum`` wins when set)."""
        return self.rate_quantum if self.rate_quantum is not None else self.budget_rate_quantum

    def round_budget_rate(self, rate: Decimal) -> Decimal:
        return _round_ratio(rate, self.budget_quantum())

    def floor_to_quantum(self, value: Decimal) -> Decimal:
        """Largest multiple of ``rounding`` that is ≤ ``value``."""
        return value.quantize(self.rounding, ROUND_FLOOR, context=ACTIVE_CONTEXT)

    def ceil_to_quantum(self, value: Decimal) -> Decimal:
        """Smallest multiple of ``rounding`` that is ≥ ``value``."""
        return value.quantize(self.rounding, ROUND_CEILING, context=ACTIVE_CONTEXT)

    def direction_for(self, category: str | None) -> Direction:
        """The direction of a bare value in the given 二级指标 category."""
        if category:
            for name, direction in self.bare_value_by_category:
                if name == category:
                    return direction
        return self.bare_value

    def grade(self, total: Decimal) -> str:
        """优/良/中/差 for a total out of 100."""
        for name, threshold in self.grades:
            if total >= threshold:
                return name
        return "差"


#: The policy used when none is given: every default of DOMAIN §3.
DEFAULT_POLICY = Policy()


def _round_ratio(ratio: Decimal, quantum: Decimal | None) -> Decimal:
    """``ratio`` at ``quantum``; a ratio of 10^20 or more is left as it is (its rounding
    changes nothing, and 28 digits of precision could not hold it with the decimals)."""
    if quantum is None or ratio.adjusted() >= 20:
        return ratio
    return ratio.quantize(quantum, ROUND_HALF_UP, context=ACTIVE_CONTEXT)

"""The request and response bodies of the service, as its OpenAPI document shows them.

The answers are the objects the command line prints with ``--json`` (the same keys, the
same texts: decimals as strings, never floats), with ``zhibiao_version`` beside them.
Their inner objects are described by their main keys and may carry more (a parse result's
``op``, ``value``, ``clauses`` … depend on its ``kind``): see docs/service.md.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ("Basis", "CheckRequest", "CheckResponse", "EvaluateRequest", "EvaluateResponse",
           "MonitorRequest", "MonitorResponse", "NamedText", "ParseRequest", "ParseResponse",
           "ScoreFormat", "ScoreRequest", "ScoreResponse")

ScoreFormat = Literal["json", "xlsx", "html"]
#: The projection bases of ``zhibiao monitor --basis`` (:data:`zhibiao.monitor.projection.BASES`).
Basis = Literal["calendar", "workdays", "schedule"]


class _Request(BaseModel):
    """A request body: exactly the fields named, of exactly their JSON types (``0`` is
    not ``false``, ``"10"`` is not a list)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class _Open(BaseModel):
    """An object of the command line's JSON: the keys named here, and maybe more."""

    model_config = ConfigDict(extra="allow")


class NamedText(_Request):
    """A file given as its text: ``name`` stands for the file in problems and reports
    (its suffix says the format: ``.toml``/``.yaml`` for a ruleset, ``.csv``/``.json``
    for actuals), ``text`` is its content."""

    name: str = Field(min_length=1, max_length=255, examples=["项目.toml"])
    text: str


class ParseRequest(_Request):
    texts: list[str] = Field(description="指标值文本 / the 指标值 texts",
                             examples=[["≥95%", "≤30个工作日", "显著提升"]])
    units: str | None = Field(default=None,
                              description="追加的单位表文本（units.txt 语法）/ extra units")


class ParseError(_Open):
    message: str
    column: int | None = None
    hint: str | None = None


class ParseResult(_Open):
    """One line of ``zhibiao parse --json``."""

    text: str
    ok: bool
    kind: str | None = None
    canonical: str | None = None
    unit: str | None = None
    error: ParseError | None = None


class ParseResponse(BaseModel):
    zhibiao_version: str
    results: list[ParseResult]


class EvaluateRequest(_Request):
    target: str = Field(description="指标值（目标）/ the target", examples=["≥95%"])
    actual: str | None = Field(default=None, description="实际完成值；null 表示未填写",
                               examples=["92%"])
    weight: str | int | float = Field(description="分值（建议写成字符串，如 \"10\"）",
                                      examples=["10"])
    category: str | None = Field(default=None, description="二级指标，如 成本指标")
    direction: str | None = Field(default=None, description="正向、反向 或 等于")
    unit: str | None = Field(default=None, description="表头给出的单位，如 % 或 万元")
    budget: bool = Field(default=False, description="预算执行率：target 为全年预算数，"
                                                    "actual 为全年执行数")
    policy: dict[str, Any] | None = Field(default=None,
                                          description="评分规则设置，同 policy TOML 的键")
    units: str | None = Field(default=None, description="追加的单位表文本")


class EvaluateResponse(_Open):
    """The object of ``zhibiao evaluate --json``, with ``zhibiao_version``."""

    zhibiao_version: str
    status: str
    ratio: str | None
    score: str
    weight: str
    polarity: str
    explanation: str
    target: dict[str, Any]
    actual: dict[str, Any] | None


class CheckRequest(_Request):
    rulesets: list[NamedText] = Field(min_length=1)
    units: str | None = Field(default=None, description="追加的单位表文本")


class RulesetSummary(BaseModel):
    """A ruleset of the request: its name, the sha256 of its text (UTF-8), its project
    key and number of indicators once loaded (null when it has errors)."""

    name: str
    sha256: str
    key: str | None
    indicators: int | None


class CheckResponse(BaseModel):
    zhibiao_version: str
    rulesets: list[RulesetSummary]
    problems: list[dict[str, Any]] = Field(description="zhibiao check --json 的逐行对象")
    errors: int
    warnings: int


class ScoreRequest(_Request):
    rulesets: list[NamedText] = Field(min_length=1)
    actuals: NamedText
    format: ScoreFormat = Field(default="json", description="json（默认）、xlsx 或 html")
    units: str | None = Field(default=None, description="追加的单位表文本")


class ScoreResponse(BaseModel):
    zhibiao_version: str
    rulesets: list[RulesetSummary]
    reports: list[dict[str, Any]] = Field(description="zhibiao score -f json 的数组")
    problems: list[dict[str, Any]] = Field(
        description="实际值、规则集和评分中发现的问题（zhibiao score 在 stderr 列出的）")
    errors: int


class MonitorRequest(_Request):
    rulesets: list[NamedText] = Field(min_length=1)
    actuals: NamedText = Field(description="截至日期的执行情况 / the actuals to date")
    as_of: str = Field(description="执行情况的截至日期，YYYY-MM-DD，须在规则集的预算年度内",
                       examples=["2023-06-30"], json_schema_extra={"format": "date"})
    basis: Basis | None = Field(
        default=None, description="外推依据（默认取规则集 [monitor] basis，否则 calendar）："
                                  "calendar 日历天数、workdays 法定工作日、schedule 月度计划")
    format: ScoreFormat = Field(default="json", description="json（默认）、xlsx 或 html")
    units: str | None = Field(default=None, description="追加的单位表文本")


class MonitorResponse(BaseModel):
    zhibiao_version: str
    rulesets: list[RulesetSummary]
    reports: list[dict[str, Any]] = Field(description="zhibiao monitor -f json 的数组")
    problems: list[dict[str, Any]] = Field(
        description="实际值、规则集和监控中发现的问题（zhibiao monitor 在 stderr 列出的）")
    errors: int

"""From a read document to the model (:class:`ImportedDocument`) and its ruleset.

Indicator ids follow the hand-made rulesets: ``一级.二级.序号`` by order of appearance,
where a 二级 block that holds no indicator (only its label) still takes its number.
The published 分值 become the indicators' points, their sums per 一级 and per 一级/二级
the ``[points]`` of the ruleset, and the 项目资金 block's 分值 the budget's points. A
target split over 指标性质 | 指标值 | 度量单位 is joined (:mod:`zhibiao.importer.split_target`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from zhibiao.importer.drafts import DocumentDraft, RowDraft
from zhibiao.importer.model import BudgetBlock, DocumentKind, ImportedDocument, IndicatorRow
from zhibiao.importer.name_unit import bare_number, name_unit
from zhibiao.importer.split_target import join_target
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.spec import RulesetSpec

__all__ = ("build_document", "decimal_of")

_NUMBER = re.compile(r"^[+-]?[\d,]*\.?\d+$")


def decimal_of(text: str | None) -> Decimal | None:
    """A published number (``12.5``, ``1,000``) as a Decimal; None for anything else."""
    if text is None or not _NUMBER.match(text.strip()):
        return None
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None


def _tidy(number: Decimal) -> Decimal:
    """``50.0`` → ``50``: a sum written without trailing zeros."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def _ids(drafts: list[RowDraft], blocks: list[tuple[str, str]]) -> list[str]:
    level1s = list(dict.fromkeys(b[0] for b in blocks))
    level2s: dict[str, list[str]] = {}
    for level1, level2 in blocks:
        level2s.setdefault(level1, [])
        if level2 not in level2s[level1]:
            level2s[level1].append(level2)
    counts: dict[tuple[str, str], int] = {}
    ids = []
    for row in drafts:
        key = (row.level1, row.level2)
        counts[key] = counts.get(key, 0) + 1
        ids.append(f"{level1s.index(row.level1) + 1}.{level2s[row.level1].index(row.level2) + 1}"
                   f".{counts[key]}")
    return ids


def _row(draft: RowDraft, row_id: str, source: str,
         problems: list[Problem]) -> IndicatorRow:
    values = draft.values
    cells = dict(draft.cells)
    target = values.get("target", "")
    unit = values.get("unit")
    nature = values.get("nature")
    direction = None
    if nature is not None or unit is not None:
        joined = join_target(nature or "", target, unit or "")
        target, direction = joined.text, joined.direction
        if not joined.understood:
            problems.append(Problem(
                severity="warning", code="unknown_nature", file=source,
                cell=cells.get("nature", ""),
                message=f"指标性质“{nature}”不认识，指标值按原文“{target}”读取；"
                        "可在 headers.toml 的 [nature] 中补充"))
        if not joined.unit_joined:
            problems.append(Problem(
                severity="warning", code="unit_not_joined", file=source,
                cell=cells.get("unit", ""),
                message=f"指标值“{target}”带有文字或自己的单位，度量单位“{unit}”没有接在后面，"
                        "指标值按原文读取；请核对两格是否一致"))
    header_unit = values.get("header_unit_target")
    if not unit and bare_number(target):
        moved = name_unit(values.get("indicator", ""), target)
        unit = header_unit or (moved[1] if moved else None)
    actual = values.get("actual")
    actual_unit = values.get("header_unit_actual") or header_unit
    if actual is not None and actual_unit and decimal_of(actual) is not None:
        actual += actual_unit
    return IndicatorRow(
        id=row_id, level1=draft.level1, level2=draft.level2,
        indicator=values.get("indicator", ""), target=target,
        mid_term_target=values.get("mid_term_target"), standard=values.get("standard"),
        actual=actual, points=values.get("points"), published_score=values.get("score"),
        reason=values.get("reason"), nature=nature, direction=direction, unit=unit,
        cells=cells)


def _with_unit(text: str, unit: str) -> str:
    """An amount of the 资金 block with the block's unit (``100`` → ``100万元``)."""
    return text + unit if unit and decimal_of(text) is not None else text


def _budget(doc: DocumentDraft) -> BudgetBlock | None:
    if not doc.budget:
        return None
    unit = doc.funds_unit

    def amount(role: str) -> str | None:
        text = doc.budget.get(role)
        return None if text is None else _with_unit(text, unit)

    return BudgetBlock(planned=amount("planned"), total=amount("total"), spent=amount("spent"),
                       points=doc.budget.get("points"), rate=doc.budget.get("rate"),
                       published_score=doc.budget.get("score"), unit=unit,
                       cells=dict(doc.budget_cells))


def _kind(doc: DocumentDraft, rows: list[IndicatorRow], budget: BudgetBlock | None
          ) -> DocumentKind:
    filled = any(r.actual or r.published_score for r in rows) or (
        budget is not None and budget.spent is not None)
    if doc.unit_wide:
        return "unit"
    return "project" if filled else "target"


def build_document(doc: DocumentDraft, source: str, key: str,
                   problems: list[Problem]) -> ImportedDocument:
    ids = _ids(doc.rows, doc.blocks)
    rows = [_row(d, i, source, problems) for d, i in zip(doc.rows, ids, strict=True)]
    budget = _budget(doc)
    meta = doc.meta
    year = int(meta["year"]) if meta.get("year", "").isdigit() else None
    document = ImportedDocument(
        source=source, sheet=doc.sheet, key=key, kind=_kind(doc, rows, budget),
        title=meta.get("title", ""), project=meta.get("project", meta.get("unit_name", "")),
        department=meta.get("department", meta.get("unit_name", "") if "project" in meta
                            else ""),  # 部门名称 names a unit-wide table, else the 部门
        unit=meta.get("unit", ""), year=year,
        attribute=meta.get("attribute"), goals=meta.get("goals"),
        mid_term_goals=meta.get("mid_term_goals"), achieved_goals=meta.get("achieved_goals"),
        funds_total=meta.get("funds_total"),
        mid_term_funds_total=meta.get("mid_term_total"),
        fund_sources={name: _with_unit(text, doc.funds_unit)
                      for name, text in doc.fund_sources.items()},
        budget=budget, rows=rows, total_points=meta.get("total_points"),
        total_score=meta.get("total_score"), total_cell=doc.cells.get("total", ""),
        cells=dict(doc.cells))
    return document.model_copy(update={"ruleset": _ruleset(document, problems)})


def _points(rows: list[IndicatorRow], source: str, problems: list[Problem]
            ) -> dict[str, Decimal]:
    """Indicator id → published 分值 (only when every row has a number)."""
    found: dict[str, Decimal] = {}
    for row in rows:
        number = decimal_of(row.points)
        if row.points and number is None:
            problems.append(Problem(severity="warning", code="points_not_number", file=source,
                                    cell=row.cells.get("points", ""),
                                    message=f"分值“{row.points}”不是数字，未作为分值导入"))
        if number is not None:
            found[row.id] = number
    return found if len(found) == len(rows) else {}


def _name(row: IndicatorRow) -> str:
    """The indicator's name for the ruleset: the 三级指标 as written, without the unit
    in brackets that the target takes (``群众满意度（%）`` over ``≥95``)."""
    moved = name_unit(row.indicator, row.target)
    return moved[0] if moved is not None and moved[1] == row.unit else row.indicator


def _ruleset(doc: ImportedDocument, problems: list[Problem]) -> RulesetSpec | None:
    rows = [r for r in doc.rows if r.indicator or r.target]
    for row in doc.rows:
        if not (row.indicator or row.target):
            problems.append(Problem(
                severity="warning", code="row_without_indicator", file=doc.source,
                cell=next(iter(row.cells.values()), ""),
                message="这一行既没有三级指标名称也没有指标值，未写入规则集："
                        + "；".join(row.cells.values())))
    if not rows:
        problems.append(Problem(
            severity="warning", code="table_without_indicators", file=doc.source,
            cell=next(iter(doc.cells.values()), ""),
            message=f"表“{doc.project or doc.title or doc.key}”没有一个有名称或指标值的三级指标，"
                    "未写出规则集"))
        return None
    points = _points(rows, doc.source, problems)
    level_points: dict[str, Decimal] = {}
    block_points: dict[str, Decimal] = {}  # 一级/二级: else the loader splits the 一级 evenly
    for row in rows:
        if row.id in points:
            name = row.level1 or "（未填写）"
            level_points[name] = _tidy(level_points.get(name, Decimal(0)) + points[row.id])
            block = f"{name}/{row.level2 or row.level1 or '（未填写）'}"
            block_points[block] = _tidy(block_points.get(block, Decimal(0)) + points[row.id])
    indicators: list[dict[str, Any]] = []
    for row in rows:
        item: dict[str, Any] = {
            "id": row.id, "level1": row.level1 or "（未填写）",
            "level2": row.level2 or row.level1 or "（未填写）",
            "name": _name(row) or "（未填写）", "value": row.target}
        for where, text in (("level1", row.level1), ("level2", row.level2),
                            ("indicator", row.indicator)):
            if not text:
                problems.append(Problem(
                    severity="warning", code=f"missing_{where}", file=doc.source,
                    cell=row.cells.get("target", row.cells.get("indicator", "")),
                    message=f"指标 {row.id} 没有{_FIELD_TEXT[where]}，导入为“（未填写）”，请补上"))
        if row.mid_term_target is not None:
            item["mid_term_value"] = row.mid_term_target
        if row.standard:
            item["standard"] = row.standard
        if row.id in points:
            item["points"] = points[row.id]
        if row.direction is not None:
            item["direction"] = row.direction
        if row.unit and bare_number(row.target):
            item["unit"] = row.unit
        indicators.append(item)
    budget: dict[str, Any] = {}
    if doc.budget is not None:
        budget_points = decimal_of(doc.budget.points)
        if budget_points is not None:
            budget["points"] = budget_points
        if doc.budget.total:
            budget["total"] = doc.budget.total
    funds: dict[str, Any] = {}
    if doc.funds_total or (doc.budget and doc.budget.total):
        funds["annual_total"] = doc.funds_total or (doc.budget.total if doc.budget else None)
    if doc.mid_term_funds_total:
        funds["mid_term_total"] = doc.mid_term_funds_total
    if doc.fund_sources:
        funds["sources"] = doc.fund_sources
    project: dict[str, Any] = {
        "name": doc.project or doc.department or doc.unit or doc.title or doc.key,
        "unit": doc.unit or doc.department or (doc.project if doc.kind == "unit" else ""),
        "department": doc.department or None,
        "year": doc.year,
        "kind": "unit" if doc.kind == "unit" else "project", "source": doc.source,
        "attribute": doc.attribute, "funds": funds or None}
    goals = {"annual": doc.goals, "mid_term": doc.mid_term_goals}
    data: dict[str, Any] = {
        "project": {k: v for k, v in project.items() if v is not None},
        "indicators": indicators}
    if any(goals.values()):
        data["goals"] = {k: v for k, v in goals.items() if v}
    if budget:
        data["budget"] = budget
    if level_points and len(points) == len(rows):
        data["points"] = level_points | block_points
        _check_sum(doc, sum(level_points.values(), Decimal(0)) + budget.get("points", Decimal(0)),
                   problems)
    try:
        return RulesetSpec.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            problems.append(Problem(severity="error", code="invalid_ruleset", file=doc.source,
                                    cell=doc.cells.get("project", ""), field=where,
                                    message=f"导入的内容不能构成规则集：{error['msg']}"))
        return None


def _check_sum(doc: ImportedDocument, total: Decimal, problems: list[Problem]) -> None:
    """The published 分值 (indicators and budget) should add up to 100 (or to 总分)."""
    expected = decimal_of(doc.total_points) or Decimal(100)
    if total != expected:
        problems.append(Problem(
            severity="warning", code="published_points_sum", file=doc.source,
            cell=doc.total_cell or doc.cells.get("project", ""),
            message=f"表中分值（含预算执行率）合计 {_tidy(total)}，不等于 {_tidy(expected)}；"
                    "规则集按表中分值写出，请核对后修改 [points] 或各指标的 points"))


_FIELD_TEXT = {"level1": "一级指标", "level2": "二级指标", "indicator": "三级指标名称"}

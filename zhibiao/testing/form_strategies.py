"""A strategy for filled 绩效自评表 workbooks: :func:`selfeval_workbooks`.

Each table is drawn from :func:`~zhibiao.testing.ruleset_strategies.rulesets` and
:func:`~zhibiao.testing.ruleset_strategies.actuals_tables`, then reduced to what the
form can say (the ruleset is rewritten and loaded again through the real loader), scored,
and rendered by :mod:`zhibiao.testing.form_render`. Re-exported by
:mod:`zhibiao.testing.strategies`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from zhibiao.errors import IndicatorSyntaxError, ZhibiaoError
from zhibiao.grammar import Comparison, default_parser, format_decimal
from zhibiao.ruleset.load import load_ruleset
from zhibiao.ruleset.ruleset import Indicator, Ruleset
from zhibiao.testing.form_render import (
    FORMS,
    NATURES,
    Form,
    FormTable,
    Layout,
    RenderedWorkbook,
    render_workbook,
    split_target,
)
from zhibiao.testing.ruleset_strategies import _toml_document, actuals_tables, rulesets

__all__ = ("selfeval_workbooks",)

_TITLE_ROWS = (("附件2",), ("附件", "单位（盖章）：某某县医疗保障局    填报日期：2025年3月10日"),
               ("2024年度项目支出绩效自评结果公开",))
#: Mostly numbers against numbers (what split cells and header units are for), now and
#: then any kind of 指标值.
_KINDS = (("comparison",), ("comparison",), ("comparison", "qualitative", "deadline"), None)
_UNITS = ("某某县医疗保障局", "某某市财政局", "某某县农业农村局")
_GOALS = ("完成年度医疗救助任务，救助对象应救尽救", "保障单位正常运转，履行部门职责",
          "按期完成设备购置与维护，系统稳定运行")


def _printable(*texts: str) -> bool:
    return not any(ILLEGAL_CHARACTERS_RE.search(text) for text in texts)


def _header_unit(indicator: Indicator, brackets: str) -> tuple[str, str, str] | None:
    """(name as printed with the unit in brackets, value as printed, the unit) with the
    unit moved into the name's header (``群众满意度(%)`` over ``≥95``), or ``None`` when
    the value is no comparison with a plain unit."""
    target = indicator.target
    if indicator.spec.unit or not isinstance(target, Comparison):
        return None
    symbol, number, unit = split_target(target, indicator.spec.value, "symbol", None)
    if not unit or target.quantity.unit.denominators:
        return None
    parser = default_parser()
    try:
        parser.with_header_unit(parser.parse(symbol + number), unit)
    except ZhibiaoError:
        return None
    return f"{indicator.spec.name}{brackets[0]}{unit}{brackets[1]}", symbol + number, unit


def _indicator_item(draw: st.DrawFn, indicator: Indicator, new_id: str, layout: Layout,
                    shown: dict[str, tuple[str, str]],
                    natures: dict[str, tuple[str, str, str]]) -> dict[str, Any]:
    """The ruleset entry of one indicator as the form states it (ids by position)."""
    spec = indicator.spec
    item: dict[str, Any] = {"id": new_id, "level1": spec.level1, "level2": spec.level2,
                            "name": spec.name, "value": spec.value,
                            "points": indicator.points}
    moved = _header_unit(indicator, layout.brackets) \
        if layout.header_units and draw(st.booleans()) else None
    if moved is not None:
        shown[new_id] = moved[:2]
        item["value"], item["unit"] = moved[1], moved[2]
    if layout.form != "split":
        return item
    target = indicator.target
    direction = spec.direction.value if spec.direction is not None else None
    nature, number, unit = split_target(target, spec.value, layout.nature, direction)
    if moved is not None:
        unit = ""
    symbol = split_target(target, spec.value, "symbol", None)[0] if nature else ""
    if isinstance(target, Comparison) and nature in ("正向", "反向"):
        item["direction"], item["value"] = nature, number + unit
    elif isinstance(target, Comparison):  # three cells hold no label or note
        item["value"] = symbol + number + unit
        if moved is None and not _parses(item["value"]):
            nature, number, unit = "", spec.value, ""  # not splittable: the text whole
            item["value"] = spec.value
    natures[new_id] = (nature, number, unit)
    return item


def _parses(text: str) -> bool:
    try:
        return isinstance(default_parser().parse(text), Comparison)
    except IndicatorSyntaxError:
        return False


def _table(form: Form, max_indicators: int, header_units: bool,
           title_rows: bool) -> SearchStrategy[FormTable]:
    @st.composite
    def build(draw: st.DrawFn) -> FormTable:
        nature = draw(st.sampled_from(NATURES))
        layout = Layout(form=form, nature=nature,
                        title_rows=draw(st.sampled_from(((), *_TITLE_ROWS)))
                        if title_rows else (),
                        header_units=header_units and draw(st.booleans()),
                        brackets=draw(st.sampled_from(["()", "（）"])))
        kinds = draw(st.sampled_from(_KINDS))
        drawn = draw(rulesets(max_indicators=max_indicators, policies=False, kinds=kinds))
        rows = draw(actuals_tables(drawn, budget=False))
        ids: dict[str, str] = {}
        level1: dict[str, int] = {}
        level2: dict[tuple[str, str], int] = {}
        level3: dict[tuple[str, str], int] = {}
        shown: dict[str, tuple[str, str]] = {}
        natures: dict[str, tuple[str, str, str]] = {}
        items = []
        for indicator in drawn.indicators:  # ids by position: 一级.二级.三级
            spec = indicator.spec
            block = (spec.level1, spec.level2)
            first = level1.setdefault(spec.level1, len(level1) + 1)
            second = level2.setdefault(block, sum(k[0] == spec.level1 for k in level2) + 1)
            level3[block] = level3.get(block, 0) + 1
            ids[spec.id] = new_id = f"{first}.{second}.{level3[block]}"
            items.append(_indicator_item(draw, indicator, new_id, layout, shown, natures))
        assume(_printable(*(str(v) for item in items for v in item.values())))
        total = draw(st.decimals(min_value=1, max_value=10**4, places=2))
        unit = draw(st.sampled_from(_UNITS))
        goal = draw(st.sampled_from(_GOALS))
        project = {"name": unit if form == "unit" else drawn.spec.project.name,
                   "unit": unit, "year": draw(st.integers(2019, 2026)),
                   "kind": "unit" if form == "unit" else "project"}
        blocks: dict[str, Decimal] = {}
        for item in items:  # 一级/二级 points: the sums of their indicators' (the form
            for key in (item["level1"], f"{item['level1']}/{item['level2']}"):  # has no more)
                blocks[key] = blocks.get(key, Decimal(0)) + item["points"]
        document = {"project": project, "goals": {"annual": goal},
                    "budget": {"points": drawn.budget_points,
                               "total": f"{format_decimal(total)}万元"},
                    "points": blocks, "indicators": items}
        with tempfile.TemporaryDirectory(prefix="zhibiao-") as folder:
            path = Path(folder) / "selfeval.toml"
            path.write_text(_toml_document(document), encoding="utf-8")
            ruleset = load_ruleset(path)
        actuals = _actuals(drawn, ids, rows)
        spent = draw(st.none() | st.decimals(min_value=0, max_value=total * Decimal("1.2"),
                                             places=2))
        if spent is not None:
            actuals.append({"indicator": "预算执行率", "actual": f"{format_decimal(spent)}万元"})
        assume(_printable(*(text for row in actuals for text in row.values())))
        return FormTable(ruleset, tuple(actuals), ruleset.score(actuals), layout, goal,
                         total, spent, shown, natures)

    return build()


def _actuals(drawn: Ruleset, ids: Mapping[str, str],
             rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The drawn rows under the new ids, in table order, blank actuals left out (a
    blank 实际完成值 cell is a missing row)."""
    by_new: dict[str, dict[str, str]] = {}
    for row in rows:
        indicator = drawn.indicator(row["indicator"])
        text = row["actual"].strip()
        if indicator is None or not text:
            continue
        out = {"indicator": ids[indicator.id], "actual": text}
        reason = row.get("reason", "").strip()
        if reason:
            out["reason"] = reason
        by_new[out["indicator"]] = out
    return [by_new[new] for new in ids.values() if new in by_new]


def selfeval_workbooks(*, forms: Collection[str] = FORMS, max_tables: int = 3,
                       max_indicators: int = 6, header_units: bool = True,
                       title_rows: bool = True) -> SearchStrategy[RenderedWorkbook]:
    """Filled 自评表 workbooks (xlsx bytes, deterministic) with the rulesets and actuals
    they render (:class:`~zhibiao.testing.form_render.RenderedWorkbook`).

    One to ``max_tables`` tables, each in one of ``forms`` (``national``: 财预〔2020〕10号
    项目支出绩效自评表; ``unit``: 部门整体支出; ``split``: 指标性质 | 指标值 | 度量单位 with
    a symbol, a word or nothing), on one sheet or across sheets; with ``title_rows`` some
    tables have rows above their title; with ``header_units`` some indicators in % show
    the unit in their name cell (``群众满意度(%)`` over ``≥95``). Each table's ruleset is
    exactly what the form says: ids by position (一级.二级.三级), every 分值 written,
    ``unit = "%"`` where the unit is in the header, ``direction`` where 指标性质 says
    正向/反向, the 全年预算数 as ``[budget] total``, the 年度总体目标 as ``goals.annual``;
    its actuals are the 实际完成值 (blank cells have no row), 偏差原因 as ``reason``, and
    the 全年执行数 as the 预算执行率 row. So an importer satisfies
    ``import(workbook.data) == workbook.pairs`` (see docs/testing.md).

    >>> from hypothesis import given, settings
    >>> from zhibiao.testing.strategies import selfeval_workbooks
    >>> @settings(max_examples=5, deadline=None)
    ... @given(selfeval_workbooks(max_tables=2, max_indicators=3))
    ... def test_bytes(book):
    ...     assert book.data[:2] == b"PK" and book.tables
    >>> test_bytes()
    """
    where = "selfeval_workbooks()"
    chosen = list(forms) if not isinstance(forms, str) else [forms]
    if not chosen or any(form not in FORMS for form in chosen):
        raise InvalidArgument(f"{where}: forms={forms!r} should name some of {', '.join(FORMS)}")
    for name, value, top in (("max_tables", max_tables, 6),
                             ("max_indicators", max_indicators, 30)):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= top:
            raise InvalidArgument(f"{where}: {name}={value!r} should be an int from 1 to {top}")
    tables = {form: _table(form, max_indicators, header_units, title_rows)  # type: ignore[arg-type]
              for form in chosen}

    @st.composite
    def build(draw: st.DrawFn) -> RenderedWorkbook:
        count = draw(st.integers(1, max_tables))
        drawn = [draw(tables[draw(st.sampled_from(chosen))]) for _ in range(count)]
        sheets = [0]
        for _ in drawn[1:]:
            sheets.append(sheets[-1] + int(draw(st.booleans())))
        return render_workbook(drawn, sheets=sheets)

    return build()

"""The drawn 自评表 workbooks are self-consistent (issue 15 item 6).

:func:`zhibiao.testing.strategies.selfeval_workbooks` draws filled 自评表 workbooks with the
rulesets and actuals they render. Opened with openpyxl, every cell holds what the layout
says: the ruleset's names, 指标值 (whole, with the unit in the header, or split into
指标性质 | 指标值 | 度量单位), points, the actuals, the scores the ruleset gives them, the
budget block and the total; 一级/二级 are merged over their blocks; the bytes depend only
on the input.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import InvalidArgument
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from zhibiao.grammar import Comparison, default_parser, format_decimal
from zhibiao.testing.form_render import (
    FormTable,
    RenderedTable,
    RenderedWorkbook,
    cell_text,
    render_workbook,
    split_target,
)
from zhibiao.testing.strategies import selfeval_workbooks

SLOW = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
TITLES = {"national": "项目支出绩效自评表", "unit": "部门整体支出绩效自评表",
          "split": "部门预算项目支出绩效自评表"}
SYMBOLS = {"≥", "≤", ">", "<", "=", "≈", "≠"}
WORDS = {"大于等于", "小于等于", "大于", "小于", "等于", "正向", "反向", "≈", "≠"}
WORD_OPS = {"大于等于": "≥", "小于等于": "≤", "大于": ">", "小于": "<", "等于": "="}


def _sheets(book: RenderedWorkbook) -> dict[str, Worksheet]:
    workbook = load_workbook(io.BytesIO(book.data))
    return {sheet.title: sheet for sheet in workbook.worksheets}


def _text(sheet: Worksheet, ref: str) -> str:
    return cell_text(sheet[ref].value)


def _merged_at(sheet: Worksheet, ref: str) -> str | None:
    for cells in sheet.merged_cells.ranges:
        if ref in cells:
            return str(cells)
    return None


def _actuals(table: RenderedTable) -> dict[str, Mapping[str, str]]:
    return {row["indicator"]: row for row in table.actuals}


@SLOW
@given(selfeval_workbooks())
def test_every_cell_holds_what_was_written(book: RenderedWorkbook) -> None:
    sheets = _sheets(book)
    declared: dict[str, set[str]] = {}
    for table in book.tables:
        sheet = sheets[table.sheet]
        for ref, text in table.values.items():
            assert _text(sheet, ref) == text, ref
            assert sheet[ref].data_type in ("s", "n"), ref  # never a formula
        declared.setdefault(table.sheet, set()).update(table.merged)
    for title, sheet in sheets.items():
        assert {str(cells) for cells in sheet.merged_cells.ranges} == declared[title]
    assert [table.sheet for table in book.tables] == sorted(
        (table.sheet for table in book.tables), key=list(sheets).index)


@SLOW
@given(selfeval_workbooks())
def test_the_cells_hold_the_ruleset_where_the_layout_says(book: RenderedWorkbook) -> None:
    sheets = _sheets(book)
    for table in book.tables:
        sheet, source, columns = sheets[table.sheet], table.source, table.columns
        spec = table.ruleset.spec
        form = source.layout.form
        first = table.first_row + len(source.layout.title_rows)
        assert _text(sheet, f"A{first}") == TITLES[form]
        assert _text(sheet, f"A{first + 1}") == f"（{spec.project.year}年度）"
        assert _text(sheet, f"B{first + 2}") == spec.project.name
        for ref, title in zip((f"A{table.first_row + k}" for k in range(9)),
                              source.layout.title_rows, strict=False):
            assert _text(sheet, ref) == title
        report = table.ruleset.score(table.actuals)  # scored afresh, not from the source
        assert _text(sheet, columns["budget_total"]) == \
            format_decimal(source.budget_total) == spec.budget.total.removesuffix("万元")
        assert _text(sheet, columns["budget_points"]) == format_decimal(report.budget.points)
        assert Decimal(_text(sheet, columns["budget_score"])) == report.budget.outcome.score
        spent = next((row["actual"] for row in table.actuals if row["indicator"] == "预算执行率"),
                     "")
        assert _text(sheet, columns["budget_spent"]) == spent.removesuffix("万元")
        assert _text(sheet, columns["total_points"]) == "100"
        assert Decimal(_text(sheet, columns["total_score"])) == report.totals.total
        actuals = _actuals(table)
        scores = {row.id: row.outcome.score for row in report.rows}
        for indicator in table.ruleset.indicators:
            row = table.rows[indicator.id]
            item = indicator.spec

            def cell(head: str, line: int = row, sheet: Worksheet = sheet,
                     columns: Mapping[str, str] = columns) -> str:
                return _text(sheet, f"{columns[head]}{line}")

            name, value = source.shown.get(item.id, (item.name, item.value))
            assert cell("三级指标") == name
            if item.id in source.shown:  # the unit in the header, in brackets
                left, right = source.layout.brackets
                assert name == f"{item.name}{left}{item.unit}{right}"
            assert cell("分值") == format_decimal(indicator.points)
            assert Decimal(cell("得分")) == scores[item.id]
            given_row = actuals.get(item.id, {})
            assert cell("实际完成值") == given_row.get("actual", "")
            assert cell("偏差原因分析及改进措施") == given_row.get("reason", "")
            for head, level in (("一级指标", item.level1), ("二级指标", item.level2)):
                merged = _merged_at(sheet, f"{columns[head]}{row}")
                top = int(merged.split(":")[0][1:]) if merged else row
                assert cell(head, top) == level
            if form == "split":
                _check_split(table, indicator, (cell("指标性质"), cell("指标值"), cell("度量单位")))
            else:
                assert cell("年度指标值") == value.strip() or cell("年度指标值") == value


def _check_split(table: RenderedTable, indicator: Any, cells: tuple[str, str, str]) -> None:
    """The three cells as the layout writes them, and read back to the ruleset's target."""
    nature, value, unit = cells
    assert (nature, value, unit) == table.source.natures[indicator.id]
    mode = table.source.layout.nature
    assert nature in {"symbol": SYMBOLS | {"定性", ""}, "word": WORDS | {"定性", ""},
                      "empty": {""}}[mode]
    model = indicator.scorer.model
    if isinstance(model, Comparison) and value == format_decimal(
            model.quantity.value / model.quantity.multiplier_factor):
        operator = WORD_OPS.get(nature, nature if nature in SYMBOLS else "")
        parser = default_parser()
        read = parser.parse(operator + value + unit)
        if indicator.spec.unit:
            read = parser.with_header_unit(read, indicator.spec.unit)
        assert str(read) == str(model)
        if nature in ("正向", "反向"):
            assert indicator.spec.direction is not None
            assert indicator.spec.direction.value == nature
    else:
        assert value.strip() == indicator.spec.value.strip()


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(selfeval_workbooks(max_tables=2, max_indicators=4))
def test_the_same_tables_give_the_same_bytes(book: RenderedWorkbook) -> None:
    sources: list[FormTable] = [table.source for table in book.tables]
    numbers = {title: k for k, title in enumerate(dict.fromkeys(t.sheet for t in book.tables))}
    again = render_workbook(sources, sheets=[numbers[t.sheet] for t in book.tables])
    assert again.data == book.data
    assert [t.values for t in again.tables] == [t.values for t in book.tables]


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(selfeval_workbooks(forms=["national"], max_tables=1, title_rows=False,
                          header_units=False))
def test_a_national_table_has_the_10_hao_headers(book: RenderedWorkbook) -> None:
    (table,) = book.tables
    sheet = _sheets(book)[table.sheet]
    texts = set(table.values.values())
    assert {"项目名称", "主管部门", "实施单位", "项目资金（万元）", "年初预算数", "全年预算数",
            "全年执行数", "执行率", "年度资金总额", "其中：当年财政拨款", "上年结转资金",
            "其他资金", "年度总体目标", "预期目标", "实际完成情况", "绩效指标", "一级指标",
            "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
            "偏差原因分析及改进措施", "总分"} <= texts
    assert table.first_row == 1 and _text(sheet, "A1") == "项目支出绩效自评表"
    assert all(item.spec.direction is None and item.spec.unit is None
               for item in table.ruleset.indicators)


def test_split_target_cells() -> None:
    parser = default_parser()
    assert split_target(parser.parse("≥95%"), "≥95%", "symbol", None) == ("≥", "95", "%")
    assert split_target(parser.parse("≥95%"), "≥95%", "word", None) == ("大于等于", "95", "%")
    assert split_target(parser.parse("≥95%"), "≥95%", "empty", None) == ("", "95", "%")
    assert split_target(parser.parse("≥1.2万元"), "≥1.2万元", "symbol", None) == \
        ("≥", "1.2", "万元")
    assert split_target(parser.parse("3%"), "3%", "word", "反向") == ("反向", "3", "%")
    assert split_target(parser.parse("3%"), "3%", "symbol", "反向") == ("", "3", "%")
    assert split_target(parser.parse("显著提升"), "显著提升", "word", None) == \
        ("定性", "显著提升", "")
    assert split_target(parser.parse("9月前"), "9月前", "symbol", None) == ("", "9月前", "")


def test_tables_must_go_on_non_decreasing_sheets() -> None:
    with pytest.raises(ValueError, match="non-decreasing"):
        render_workbook([], sheets=[0])


@pytest.mark.parametrize("kwargs", [{"forms": ["scanned"]}, {"forms": []},
                                    {"max_tables": 0}, {"max_indicators": True},
                                    {"max_tables": 7}])
def test_bad_arguments_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        selfeval_workbooks(**kwargs)

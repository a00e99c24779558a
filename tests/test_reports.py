"""Reports of the example actuals: xlsx, terminal table, markdown, csv, and the totals.

The three example actuals files (and the multi-project ``rulesets/examples.actuals.csv``
the README's first command uses) must score without a single problem; their totals are
recomputed here by hand from the rows (DOMAIN §3: Σ score(applicable) ÷ Σ w(applicable)
× 100 when some indicators are not applicable, else the plain sum), and every number of
the xlsx export must equal the JSON export as a Decimal.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console

from zhibiao.report import Report
from zhibiao.report.csv_format import reports_to_csv
from zhibiao.report.md_format import report_markdown
from zhibiao.report.table_format import render_table
from zhibiao.report.xlsx_format import REASON_MISSING_TEXT, SUMMARY_SHEET, TABLE_HEADER, write_xlsx
from zhibiao.ruleset.load import load_ruleset
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.ruleset.scoring import score_rulesets

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"
COMBINED = RULESETS / "examples.actuals.csv"


@dataclass(frozen=True)
class Example:
    ruleset: str
    actuals: str
    total: str  # as printed in the report, checked by hand once
    grade: str

    @property
    def id(self) -> str:
        return Path(self.actuals).name


EXAMPLES = [
    Example("000-mingguang-2024/01-chengxiang-yiliao-jiuzhu.toml",
            "000-mingguang-2024/01-chengxiang-yiliao-jiuzhu.actuals.csv", "96.74", "优"),
    Example("002-xinzhou-2024/03-falv-guwen.toml",
            "002-xinzhou-2024/03-falv-guwen.actuals.xlsx", "96.20", "优"),
    Example("003-suzhou-2023/04-jijin-anquan-jianguan.toml",
            "003-suzhou-2023/04-jijin-anquan-jianguan.actuals.json", "97.94", "优"),
]
_IDS = [e.id for e in EXAMPLES]


def _ruleset(example: Example) -> Ruleset:
    return load_ruleset(RULESETS / example.ruleset)


def _report(example: Example) -> Report:
    report: Report = _ruleset(example).score(RULESETS / example.actuals)
    return report


@pytest.fixture(scope="module")
def combined() -> list[Report]:
    reports, problems = score_rulesets([_ruleset(e) for e in EXAMPLES], COMBINED)
    assert problems == []
    return reports


# ---- the example actuals files ---------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=_IDS)
def test_example_scores_without_problems(example: Example) -> None:
    report = _report(example)
    assert report.problems == ()
    assert all(row.actual is not None for row in report.rows), "every indicator has a row"
    assert all(row.status != "not_evaluable" for row in report.rows), [
        (r.id, r.outcome.explanation) for r in report.rows if r.status == "not_evaluable"]
    assert report.budget.spent is not None
    assert not any("没有" in note for note in report.notes), report.notes


@pytest.mark.parametrize("example", EXAMPLES, ids=_IDS)
def test_example_covers_what_the_issue_asks_for(example: Example) -> None:
    report = _report(example)
    statuses = {row.status for row in report.rows}
    assert "not_achieved" in statuses  # some missed targets
    assert "not_applicable" in statuses
    assert any(row.outcome.polarity == "qualitative" for row in report.rows)
    assert any(row.reason_missing for row in report.rows)  # a 偏差原因 left to fill in
    assert any(row.reason_required and row.reason for row in report.rows)


def _round(value: Decimal) -> Decimal:
    """The default policy: 2 decimals, half up (zhibiao.engine.policy)."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("example", EXAMPLES, ids=_IDS)
def test_example_total_recomputed_by_hand(example: Example) -> None:
    report = _report(example)
    applicable = [r for r in report.rows if r.status != "not_applicable"]
    not_applicable = [r for r in report.rows if r.status == "not_applicable"]
    assert all(r.score == 0 for r in not_applicable)
    raw = sum((r.score for r in applicable), Decimal(0)) + report.budget.outcome.score
    full = sum((r.points for r in report.rows), Decimal(0)) + report.budget.points
    assert full == 100
    weight = sum((r.points for r in applicable), Decimal(0)) + report.budget.points
    expected = _round(raw / weight * 100) if not_applicable else _round(raw)
    assert report.totals.raw_score == raw
    assert report.totals.applicable_weight == weight
    assert report.total == expected
    assert str(report.total) == example.total
    assert report.grade == example.grade
    for block in report.totals.blocks:  # every 一级 subtotal is the sum of its rows
        if block.level == 1 and block.name != "预算执行率":
            rows = [r for r in report.rows if r.level1 == block.name]
            assert block.score == sum((r.score for r in rows), Decimal(0))
            assert block.weight == sum((r.points for r in rows), Decimal(0))


def test_combined_file_matches_the_single_files(combined: list[Report]) -> None:
    assert [r.key for r in combined] == [Path(e.ruleset).stem for e in EXAMPLES]
    for example, report in zip(EXAMPLES, combined, strict=True):
        single = _report(example)
        assert report.problems == ()
        assert [(r.id, r.actual, r.score, r.reason) for r in report.rows] == \
            [(r.id, r.actual, r.score, r.reason) for r in single.rows]
        assert report.budget.outcome.score == single.budget.outcome.score
        assert report.total == single.total


# ---- xlsx --------------------------------------------------------------------------------

def _dec(value: Any) -> Decimal:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(str(value))


def _rows_by_label(sheet: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Rows by their first text in column A or B (A is merged down the blocks)."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for row in sheet.iter_rows(values_only=True):
        label = next((cell for cell in row[:2] if isinstance(cell, str)), None)
        if label is not None:
            found.setdefault(label, []).append(row)
    return found


def _indicator_rows(sheet: Any) -> list[tuple[Any, ...]]:
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if tuple(r[1:1 + len(TABLE_HEADER)])
                 == TABLE_HEADER)
    out = []
    for row in rows[start + 1:]:
        if row[0] in ("总分", "各项得分合计（适用分值）"):
            break
        if isinstance(row[1], str) and row[1].endswith("小计"):
            continue
        out.append(row)
    return out


def test_xlsx_holds_the_json_numbers(tmp_path: Path, combined: list[Report]) -> None:
    path = tmp_path / "自评表.xlsx"
    write_xlsx(combined, path)
    book = load_workbook(path, data_only=True)  # the values cached with the formulas
    assert book.sheetnames == [SUMMARY_SHEET, *(r.key for r in combined)]
    summary = list(book[SUMMARY_SHEET].iter_rows(min_row=2, values_only=True))
    for report, line in zip(combined, summary, strict=True):
        data = report.to_json()
        assert line[1] == report.project
        assert _dec(line[5]) == Decimal(data["total_points"])
        assert _dec(line[6]) == Decimal(data["total"])
        assert line[7] == data["grade"]
    for report in combined:
        data = report.to_json()
        sheet = book[report.key]
        assert sheet["A1"].value == "项目支出绩效自评表"
        assert sheet["C3"].value == report.project
        labels = _rows_by_label(sheet)
        budget = labels["年度资金总额"][0]
        assert _dec(budget[6]) == Decimal(data["budget"]["points"])
        assert _dec(budget[7]) == Decimal(data["budget"]["ratio"])
        assert _dec(budget[8]) == Decimal(data["budget"]["score"])
        rows = _indicator_rows(sheet)
        assert len(rows) == len(data["rows"])
        for cells, row in zip(rows, data["rows"], strict=True):
            assert cells[3] == row["name"]
            assert (cells[4] or "") == row["target_text"]  # a blank 指标值 stays blank
            assert _dec(cells[6]) == Decimal(row["points"])
            assert _dec(cells[7]) == Decimal(row["score"])
            if row["deviation_reason_required"] and not row["deviation_reason"]:
                assert cells[8] == REASON_MISSING_TEXT
            else:
                assert (cells[8] or None) == row["deviation_reason"]
        for block in data["blocks"]:
            if block["level"] == 1 and block["name"] != "预算执行率":
                subtotal = labels[f"{block['name']}小计"][0]
                assert _dec(subtotal[6]) == Decimal(block["points"])
                assert _dec(subtotal[7]) == Decimal(block["score"])
        total = labels["总分"][0]
        assert _dec(total[6]) == Decimal(data["total_points"])
        assert _dec(total[7]) == Decimal(data["total"])
        assert data["grade"] in str(total[8])
        if report.totals.not_applicable:
            raw = labels["各项得分合计（适用分值）"][0]
            assert _dec(raw[6]) == Decimal(data["applicable_points"])
            assert _dec(raw[7]) == Decimal(data["raw_score"])


def test_xlsx_layout(tmp_path: Path, combined: list[Report]) -> None:
    report = combined[2]  # 宿州: several indicators per 二级, two not applicable
    path = tmp_path / "one.xlsx"
    write_xlsx([report], path)
    book = load_workbook(path)
    assert book.sheetnames == [report.key]  # one project: no 汇总 sheet
    sheet = book.active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    header_row = next(c.row for c in sheet["B"] if c.value == "一级指标")
    assert sheet.print_title_rows == f"${header_row}:${header_row}"  # repeated on each page
    first = header_row + 1
    assert f"B{first}:B{first + 8}" in merged  # 产出指标 over its 9 rows
    assert f"C{first}:C{first + 2}" in merged  # 数量指标 over 3 rows
    assert f"C{first + 5}:C{first + 8}" in merged  # 成本指标 over 4 rows
    missing = [c for c in sheet["I"] if c.value == REASON_MISSING_TEXT]
    assert len(missing) == sum(r.reason_missing for r in report.rows) == 1
    assert missing[0].fill.start_color.rgb.endswith("FFC7CE")
    assert missing[0].comment is not None
    score_cell = sheet.cell(row=first, column=8)
    assert score_cell.number_format == "0.00"
    subtotal = sheet.cell(row=first + 9, column=8)
    assert subtotal.value == f"=SUM(H{first}:H{first + 8})"  # a live formula
    assert sheet.column_dimensions["D"].width >= 20
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == \
        (int(sheet.PAPERSIZE_A4), "landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_xlsx_sheet_titles_are_valid_and_unique(tmp_path: Path,
                                                combined: list[Report]) -> None:
    long_key = "a-very-long-project-key-that-excel-cannot-hold"
    reports = [combined[0].model_copy(update={"key": long_key}),
               combined[1].model_copy(update={"key": long_key}),
               combined[2].model_copy(update={"key": "汇总"})]
    path = tmp_path / "titles.xlsx"
    write_xlsx(reports, path)
    names = load_workbook(path).sheetnames
    assert names[0] == SUMMARY_SHEET
    assert len(set(names)) == 4
    assert all(len(name) <= 31 for name in names)


# ---- terminal, markdown, csv ------------------------------------------------------------

def test_terminal_table(combined: list[Report]) -> None:
    out = io.StringIO()
    render_table(combined, Console(file=out, width=120))
    text = out.getvalue()
    for report in combined:
        assert report.project in text
        assert str(report.total) in text
        assert f"等级 {report.grade}" in text
        for row in report.rows:
            assert row.id in text
    assert "须填写" in text
    assert "预算执行率" in text


def test_terminal_table_prints_markup_as_text(combined: list[Report]) -> None:
    report = combined[0].model_copy(update={"project": "[bold]项目[/bold]"})
    out = io.StringIO()
    render_table([report], Console(file=out, width=120))
    assert "[bold]项目[/bold]" in out.getvalue()


def test_markdown_has_every_row(combined: list[Report]) -> None:
    for report in combined:
        text = report_markdown(report)
        for row in report.rows:
            assert f"| {row.id} | {row.level1} | {row.level2} | {row.name} |" in text
        assert "预算执行率" in text
        assert str(report.total).rstrip("0").rstrip(".") in text


def test_csv_has_one_line_per_row_budget_and_total(combined: list[Report]) -> None:
    lines = list(csv.reader(io.StringIO(reports_to_csv(combined))))
    body = lines[1:]
    assert len(body) == sum(len(r.rows) + 2 for r in combined)
    for report in combined:
        mine = [line for line in body if line[0] == report.key]
        assert len(mine) == len(report.rows) + 2
        assert [line[2] for line in mine[-2:]] == ["budget", "total"]
        assert Decimal(mine[-1][10]) == report.total

"""The actuals door (issue 11, items 3–8): limits, strict CSV, workbooks, headers, exit codes.

Every reproducer of the issue is here, with variants: a broken file never loses a row
silently, never crashes, and says where (file:line, sheet!cell) and what to do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from zhibiao.cli import main
from zhibiao.errors import ActualsError
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals import ActualRow, read_actuals, rows_from_mapping
from zhibiao.ruleset.load import load_ruleset
from zhibiao.ruleset.problems import Problem

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "rulesets" / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml"
ACTUALS = RULESET.with_name("01-chengxiang-yiliao-jiuzhu.actuals.csv")
LINES = ACTUALS.read_text(encoding="utf-8").splitlines()  # header + 10 rows


def _write(tmp_path: Path, text: str, name: str = "a.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def _only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


# ---- item 4: strict CSV ---------------------------------------------------------------

def test_unclosed_quote_swallows_no_line(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The reproducer: `1.3.1,"达成预期指标` took 7 of 10 rows with it, exit 0."""
    lines = [*LINES]
    lines[3] = '1.3.1,"达成预期指标'
    path = _write(tmp_path, "\n".join(lines) + "\n")
    rows, problems = read_actuals(path)
    assert [r.indicator for r in rows] == [line.split(",")[0] for line in LINES[1:]
                                          if not line.startswith("1.3.1")]
    problem = _only(problems, "unclosed_quote")
    assert (problem.severity, problem.line, problem.file) == ("error", 4, str(path))
    assert "1.3.1" in problem.message
    assert main(["score", str(RULESET), "--actuals", str(path), "-f", "json"]) == 1
    assert f"{path}:4: 错误[unclosed_quote]" in capsys.readouterr().err


def test_unclosed_quote_closed_by_a_later_quote_is_still_found(tmp_path: Path) -> None:
    text = ('indicator,actual,reason\n1.1.1,"96%,\n1.2.1,70%,x\n'
            '1.3.1,达成预期指标,"原因，有逗号"\n1.4.1,12万元,\n')
    rows, problems = read_actuals(_write(tmp_path, text))
    assert [r.indicator for r in rows] == ["1.2.1", "1.3.1", "1.4.1"]
    assert rows[1].reason == "原因，有逗号"
    assert _only(problems, "unclosed_quote").line == 2


@pytest.mark.parametrize("ending", ["", "\n"])
def test_a_line_that_is_only_a_quote_is_said_not_skipped(tmp_path: Path, ending: str) -> None:
    """A file cut right after an opening quote ends in a line holding only `"`: nothing
    to read, but the line is named (found by the rows-in-equals-rows-out property)."""
    text = 'indicator,actual\n1.1.1,96%\n"\n1.2.1,70%\n"' + ending
    rows, problems = read_actuals(_write(tmp_path, text))
    assert [r.indicator for r in rows] == ["1.1.1", "1.2.1"]
    assert [(p.code, p.line) for p in problems] == [("unclosed_quote", 3),
                                                     ("unclosed_quote", 5)]


def test_a_reason_with_a_line_break_is_one_row(tmp_path: Path) -> None:
    text = 'indicator,actual,reason\r\n1.1.1,90%,"第一行\r\n第二行 ""引用"""\r\n1.2.1,70%,\r\n'
    rows, problems = read_actuals(_write(tmp_path, text))
    assert problems == []
    assert [(r.row, r.indicator) for r in rows] == [(2, "1.1.1"), (4, "1.2.1")]
    assert rows[0].reason == '第一行\n第二行 "引用"'


def test_stray_quote_in_an_unquoted_cell_is_read_as_written_with_a_warning(
        tmp_path: Path) -> None:
    rows, problems = read_actuals(_write(tmp_path, 'indicator,actual\n1.1.1,5"次\n'))
    assert rows[0].actual == '5"次'
    problem = _only(problems, "stray_quote")
    assert (problem.severity, problem.line) == ("warning", 2)


def test_text_after_a_closing_quote_makes_the_row_a_problem(tmp_path: Path) -> None:
    rows, problems = read_actuals(_write(tmp_path, 'indicator,actual\n1.1.1,"96"%\n1.2.1,1\n'))
    assert [r.indicator for r in rows] == ["1.2.1"]
    assert _only(problems, "text_after_quote").line == 2


@pytest.mark.parametrize("row", ["1.1.1,1,234", "1.1.1,96%,原因一,原因二"])
def test_more_cells_than_the_header_is_a_problem_not_a_drop(tmp_path: Path, row: str) -> None:
    rows, problems = read_actuals(_write(tmp_path, f"indicator,actual\n{row}\n1.2.1,70%\n"))
    assert [r.indicator for r in rows] == ["1.2.1"]
    problem = _only(problems, "extra_cells")
    assert (problem.severity, problem.line) == ("error", 2)


def test_trailing_empty_cells_are_not_extra(tmp_path: Path) -> None:
    rows, problems = read_actuals(_write(tmp_path, "indicator,actual\n1.1.1,96%,,,\n"))
    assert problems == [] and rows[0].actual == "96%"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "gbk", "gb18030"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = "\n".join(LINES) + "\n"
    if encoding == "utf-16-le":
        raw = b"\xff\xfe" + text.encode(encoding)
    elif encoding == "utf-16-be":
        raw = b"\xfe\xff" + text.encode(encoding)
    else:
        raw = text.encode(encoding)
    path = tmp_path / "a.csv"
    path.write_bytes(raw)
    rows, problems = read_actuals(path)
    assert problems == []
    assert [r.actual for r in rows] == [line.split(",")[1] for line in LINES[1:]]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_with_a_warning(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path, "\n".join(LINES) + "\n", encoding=encoding)
    rows, problems = read_actuals(path)
    assert len(rows) == len(LINES) - 1
    assert _only(problems, "utf16_without_bom").severity == "warning"
    assert encoding.upper() in problems[0].message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"indicator,actual\n\x00\x01\x02\x00\x00\x00\x07")
    with pytest.raises(ActualsError, match="NUL"):
        read_actuals(path)


def test_mixed_line_endings_and_blank_lines(tmp_path: Path) -> None:
    text = "indicator,actual\r\n1.1.1,96%\r1.2.1,70%\n\n\r\n1.3.1,达成预期指标\r\n"
    rows, problems = read_actuals(_write(tmp_path, text))
    assert problems == []
    assert [(r.row, r.indicator) for r in rows] == [(2, "1.1.1"), (3, "1.2.1"), (6, "1.3.1")]


def test_tab_separated_file(tmp_path: Path) -> None:
    rows, problems = read_actuals(_write(tmp_path, "指标编号\t实际完成值\n1.1.1\t96%\n"))
    assert problems == [] and rows[0].actual == "96%"


# ---- item 6: the header below title rows -------------------------------------------------

def test_title_rows_above_the_header_are_skipped_and_named(tmp_path: Path) -> None:
    text = ("2024年度项目支出绩效自评表,,\n项目名称,城乡医疗救助,\n,,\n"
            '三级指标,"实际完成值\n（%）",偏差原因分析及改进措施\n1.1.1,96,\n1.2.1,68.2%,原因\n')
    rows, problems = read_actuals(_write(tmp_path, text))
    assert [(r.row, r.actual) for r in rows] == [(6, "96%"), (7, "68.2%")]
    problem = _only(problems, "skipped_rows")
    assert (problem.severity, problem.line) == ("warning", 1)
    assert "第 1、2 行" in problem.message and "第 4 行" in problem.message


def test_quoting_trouble_in_a_skipped_title_row_is_only_a_warning(tmp_path: Path) -> None:
    rows, problems = read_actuals(_write(tmp_path, '"2024年度"自评表\nindicator,actual\n1.1.1,1\n'))
    assert len(rows) == 1
    assert [(p.code, p.severity) for p in problems] == [("text_after_quote", "warning"),
                                                        ("skipped_rows", "warning")]


@pytest.mark.parametrize("header", ["  实际完成值 ", "实际完成值（%）", "实际完成值(%)",
                                    "实 际 完 成 值", "实际\n完成值", "ACTUAL", "实际完成值：",
                                    "\ufeffactual", "*实际完成值"])
def test_header_spellings(header: str) -> None:
    from zhibiao.ruleset.actuals_header import header_of

    assert header_of(["三级指标", header]).complete


def test_no_header_in_the_first_rows(tmp_path: Path) -> None:
    rows, problems = read_actuals(_write(tmp_path, "名称,值\n1.1.1,96%\n"))
    assert rows == []
    problem = _only(problems, "missing_column")
    assert "indicator" in problem.message and "actual" in problem.message


def test_repeated_column_is_a_warning_naming_both(tmp_path: Path) -> None:
    rows, problems = read_actuals(_write(tmp_path, "指标编号,actual,实际值\n1.1.1,96%,97%\n"))
    assert rows[0].actual == "96%"
    problem = _only(problems, "duplicate_column")
    assert problem.severity == "warning" and "第 3 列" in problem.message


# ---- item 3: limits ---------------------------------------------------------------------

def test_file_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "\n".join(LINES))
    with pytest.raises(ActualsError, match="max_actuals_bytes"):
        read_actuals(path, limits=Limits(max_actuals_bytes=100))


@pytest.mark.parametrize("name", ["a.csv", "a.json", "a.xlsx"])
def test_row_limit(tmp_path: Path, name: str) -> None:
    rows = [{"indicator": f"1.1.{n}", "actual": "1"} for n in range(12)]
    path = tmp_path / name
    if name == "a.json":
        path.write_text(json.dumps(rows), encoding="utf-8")
    elif name == "a.csv":
        path.write_text("indicator,actual\n" + "".join(f"{r['indicator']},1\n" for r in rows),
                        encoding="utf-8")
    else:
        _book([["indicator", "actual"], *([r["indicator"], "1"] for r in rows)]).save(path)
    with pytest.raises(ActualsError, match="max_rows"):
        read_actuals(path, limits=Limits(max_rows=10))
    assert len(read_actuals(path, limits=Limits(max_rows=20))[0]) == 12


def test_cell_length_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, f"indicator,actual,reason\n1.1.1,96%,{'长' * 50}\n1.2.1,70%,\n")
    rows, problems = read_actuals(path, limits=Limits(max_cell_chars=20))
    assert [r.indicator for r in rows] == ["1.2.1"]
    problem = _only(problems, "cell_too_long")
    assert problem.line == 2 and "max_cell_chars" in problem.message


def _bomb(path: Path, size: int, entries: int = 1) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(entries):
            archive.writestr(f"xl/worksheets/sheet{n + 1}.xml", b"\0" * size)
    return path


def _no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl must not open a refused workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_zip_bomb_fails_before_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _no_openpyxl(monkeypatch)
    path = _bomb(tmp_path / "bomb.xlsx", 20 * 1024 * 1024)
    with pytest.raises(ActualsError, match="max_xlsx_ratio"):
        read_actuals(path)
    assert main(["score", str(RULESET), "--actuals", str(path), "-q"]) == 2
    assert "zip 炸弹" in capsys.readouterr().err


def test_unpacked_size_and_entry_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_openpyxl(monkeypatch)
    path = _bomb(tmp_path / "bomb.xlsx", 4096, entries=3)
    with pytest.raises(ActualsError, match="max_xlsx_unpacked_bytes"):
        read_actuals(path, limits=Limits(max_xlsx_unpacked_bytes=10_000))
    with pytest.raises(ActualsError, match="max_xlsx_entries"):
        read_actuals(path, limits=Limits(max_xlsx_entries=3))


def test_a_real_workbook_passes_the_zip_check() -> None:
    rows, problems = read_actuals(ROOT / "rulesets" / "002-xinzhou-2024" /
                                  "03-falv-guwen.actuals.xlsx")
    assert len(rows) == 8 and problems == []


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken"])
def test_not_a_workbook(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(content)
    with pytest.raises(ActualsError, match="xlsx"):
        read_actuals(path)


@pytest.mark.parametrize("name", ["a.xls", "a.txt", "a"])
def test_unsupported_types(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ActualsError, match="不支持"):
        read_actuals(path)


# ---- item 5: workbooks ------------------------------------------------------------------

def _book(rows: list[list[Any]], title: str = "Sheet1") -> Any:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return book


def test_rows_on_another_sheet_are_reported(tmp_path: Path) -> None:
    book = _book([["indicator", "actual"], ["1.1.1", "96%"]])
    other = book.create_sheet("第二页")
    other.append(["指标编号", "实际完成值"])
    other.append(["1.2.1", "70%"])
    book.create_sheet("说明").append(["填表说明：百分数写成文本"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    rows, problems = read_actuals(path)
    assert [r.indicator for r in rows] == ["1.1.1"]
    by_sheet = {p.cell.split("!")[0]: p for p in problems}
    assert by_sheet["第二页"].severity == "error" and "1 行数据" in by_sheet["第二页"].message
    assert by_sheet["说明"].severity == "warning" and by_sheet["说明"].cell == "说明!A1"


def test_the_sheet_with_the_header_is_read_even_when_not_first(tmp_path: Path) -> None:
    book = _book([["填表说明"]], title="说明")
    book.create_sheet("数据").append(["indicator", "actual"])
    book["数据"].append(["1.1.1", "96%"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    rows, problems = read_actuals(path)
    assert rows[0].cell == "数据!A2"
    assert _only(problems, "other_sheet").severity == "warning"


def test_formula_without_cached_value_is_named_never_evaluated(tmp_path: Path) -> None:
    book = _book([["indicator", "actual", "得分"], ["1.1.1", "=0.5+0.46", "=1+1"],
                  ["1.2.1", "70%", "=2*5"]])
    path = tmp_path / "a.xlsx"
    book.save(path)  # openpyxl writes formulas without a cached value
    rows, problems = read_actuals(path)
    assert [(r.indicator, r.actual) for r in rows] == [("1.1.1", None), ("1.2.1", "70%")]
    found = {p.cell: p.severity for p in problems if p.code == "formula_without_value"}
    assert found == {"Sheet1!B2": "error", "Sheet1!C2": "warning", "Sheet1!C3": "warning"}


def test_dates_become_text(tmp_path: Path) -> None:
    book = _book([["indicator", "actual"], ["1.3.1", dt.datetime(2023, 12, 15)],
                  ["1.4.1", dt.datetime(2023, 12, 15, 10, 30)], ["2.1.1", dt.date(2024, 1, 2)]])
    path = tmp_path / "a.xlsx"
    book.save(path)
    rows, problems = read_actuals(path)
    assert [r.actual for r in rows] == ["2023-12-15", "2023-12-15 10:30:00", "2024-01-02"]
    assert problems == []


def _self_evaluation(tmp_path: Path, merge_indicator: bool = False) -> Path:
    """A 自评表 as exported: title, project row, a two-line header, merged 一级/二级."""
    book = _book([
        ["项目支出绩效自评表（2024年度）", None, None, None, None, None],
        ["项目名称", "城乡医疗救助", None, None, None, None],
        ["一级指标", "二级指标", "三级指标", "年度\n指标值", "实际完成值（%）", "偏差原因"],
        ["产出指标", "数量指标", "医疗救助对象人次全覆盖", "100%", 100, None],
        [None, "质量指标", "1.2.1", "≥95%", "68.2%", "原因"],
        [None, None, "1.3.1", "及时", "达成预期指标", None],
        ["效益指标", "社会效益指标", "2.1.1", "显著提升", "达成预期指标", None],
    ], title="自评表")
    sheet = book["自评表"]
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A4:A6")
    sheet.merge_cells("B5:B6")
    if merge_indicator:
        sheet.merge_cells("C6:C7")
    path = tmp_path / "自评表.xlsx"
    book.save(path)
    return path


def test_self_evaluation_layout_with_merged_blocks(tmp_path: Path) -> None:
    rows, problems = read_actuals(_self_evaluation(tmp_path))
    assert [(r.row, r.indicator, r.actual) for r in rows] == [
        (4, "医疗救助对象人次全覆盖", "100%"), (5, "1.2.1", "68.2%"), (6, "1.3.1", "达成预期指标"),
        (7, "2.1.1", "达成预期指标")]
    assert _codes(problems) == ["skipped_rows"]
    assert problems[0].cell == "自评表!A1" and "第 1、2 行" in problems[0].message


def test_merged_indicator_cell_is_filled_and_reported(tmp_path: Path) -> None:
    path = _self_evaluation(tmp_path, merge_indicator=True)
    rows, problems = read_actuals(path)
    assert [r.indicator for r in rows][-2:] == ["1.3.1", "1.3.1"]
    merged = _only(problems, "merged_cell")
    assert merged.cell == "自评表!C7" and "C6:C7" in merged.message
    report = load_ruleset(RULESET).score(path)
    duplicate = [p for p in report.problems if p.code == "duplicate_row"]
    assert [p.cell for p in duplicate] == ["自评表!C7"]


def test_problems_from_a_workbook_name_their_cell(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    _book([["indicator", "actual"], ["1.1.1", "96%"], ["9.9.9", "1"], [None, "5"]]).save(path)
    report = load_ruleset(RULESET).score(path)
    assert {p.code: p.cell for p in report.problems} == {"unknown_indicator": "Sheet1!A3",
                                                         "missing_indicator": "Sheet1!A4"}
    assert any(str(p).startswith(f"{path} Sheet1!A3: 错误[unknown_indicator]")
               for p in report.problems)


# ---- JSON ---------------------------------------------------------------------------------

def test_json_items_that_are_not_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, '[{"indicator": "1.1.1", "actual": "96%"}, "1.2.1", 3]', "a.json")
    rows, problems = read_actuals(path)
    assert [r.indicator for r in rows] == ["1.1.1"]
    assert [(p.code, p.line) for p in problems] == [("not_a_row", 2), ("not_a_row", 3)]


@pytest.mark.parametrize("text", ["[" * 100_000, '{"rows": 5}', "{", "[]"])
def test_json_that_cannot_be_used(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text, "a.json")
    try:
        rows, problems = read_actuals(path)
    except ActualsError:
        return
    assert rows == [] and any(p.severity == "error" for p in problems)


def test_mapping_rows_keep_their_position() -> None:
    rows, problems = rows_from_mapping([{"indicator": "1.1.1", "actual": "1"},
                                        {"actual": "2"}])
    assert [r.row for r in rows] == [1] and [(p.code, p.line) for p in problems] == [
        ("missing_indicator", 2)]


# ---- item 8: exit codes -------------------------------------------------------------------

@pytest.mark.parametrize("text", ["指标编号,实际完成值\n", "", "名称,值\n1.1.1,96%\n",
                                  "指标编号,实际完成值\n9.9.9,1\n"])
def test_nothing_usable_exits_2_without_a_report(tmp_path: Path, text: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The reproducer: an actuals file with only a header scored everything 0, exit 0."""
    path = _write(tmp_path, text)
    out = tmp_path / "report.json"
    assert main(["score", str(RULESET), "--actuals", str(path), "-f", "json",
                 "-o", str(out)]) == 2
    assert not out.exists()
    assert "没有可用的实际值行" in capsys.readouterr().err


def test_all_scored_exits_0_and_warnings_do_not_count(tmp_path: Path) -> None:
    path = _write(tmp_path, "自评表,\n" + "\n".join(LINES) + "\n")
    assert main(["score", str(RULESET), "--actuals", str(path), "-f", "json", "-q"]) == 0


def test_problems_exit_1_with_the_report_written(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "\n".join([*LINES, "9.9.9,1"]) + "\n")
    out = tmp_path / "report.json"
    assert main(["score", str(RULESET), "--actuals", str(path), "-f", "json",
                 "-o", str(out)]) == 1
    assert json.loads(out.read_text(encoding="utf-8"))[0]["key"] == RULESET.stem
    assert f"{path}:12" in capsys.readouterr().err


def test_no_usable_ruleset_exits_2(tmp_path: Path) -> None:
    bad = _write(tmp_path, "[project\n", "bad.toml")
    assert main(["score", str(bad), "--actuals", str(ACTUALS), "-q"]) == 2


def test_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "no" / "such" / "folder" / "r.json"
    assert main(["score", str(RULESET), "--actuals", str(ACTUALS), "-f", "json",
                 "-o", str(out)]) == 2
    assert "无法写入" in capsys.readouterr().err


def test_actual_row_where() -> None:
    assert ActualRow(source="a.csv", row=3, indicator="x").where == "a.csv:3"
    assert ActualRow(source="a.xlsx", row=3, indicator="x",
                     cell="Sheet1!B3").where == "a.xlsx Sheet1!B3"


def _edited_sheet(tmp_path: Path, pattern: bytes, replacement: bytes) -> Path:
    """A small workbook whose sheet XML was edited as a careless or hostile tool would."""
    plain = tmp_path / "plain.xlsx"
    _book([["indicator", "actual"], ["1.1.1", "96%"], ["1.2.1", "70%"]]).save(plain)
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(pattern, replacement, data)
            target.writestr(entry, data)
    return path


def test_a_wrong_sheet_dimension_cuts_no_cell(tmp_path: Path) -> None:
    """Tools other than Excel write <dimension> carelessly; every cell is still read."""
    path = _edited_sheet(tmp_path, rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A2"/>')
    rows, problems = read_actuals(path)
    assert [(r.indicator, r.actual) for r in rows] == [("1.1.1", "96%"), ("1.2.1", "70%")]
    assert problems == []


def test_overlapping_sheet_sized_merges_fail_fast(tmp_path: Path) -> None:
    """Two merges of the whole sheet would be 34 billion cells to fill: refused at once."""
    whole = b'<mergeCell ref="A1:XFD1048576"/>'
    path = _edited_sheet(tmp_path, rb"(</sheetData>)",
                         rb'\1<mergeCells count="2">' + whole * 2 + b"</mergeCells>")
    with pytest.raises(ActualsError, match="重叠"):
        read_actuals(path)


def test_a_sheet_sized_merge_fills_only_the_data(tmp_path: Path) -> None:
    path = _edited_sheet(tmp_path, rb"(</sheetData>)",
                         rb'\1<mergeCells count="1"><mergeCell ref="B2:B1048576"/></mergeCells>')
    rows, problems = read_actuals(path)
    assert [r.actual for r in rows] == ["96%", "96%"]
    assert [(p.code, p.cell) for p in problems] == [("merged_cell", "Sheet1!B3")]


@pytest.mark.parametrize(("format_id", "serial", "text"), [
    (31, 45275, "2023-12-15"), (57, 45275, "2023-12-15"), (58, 45275.4375, "2023-12-15 10:30:00"),
    (32, 0.4375, "10:30:00")])
def test_chinese_builtin_date_formats_are_dates_not_serials(tmp_path: Path, format_id: int,
                                                            serial: float, text: str) -> None:
    """zh-CN Excel stores 2023年12月15日 as a serial with built-in format 31 (or 27–36, 50–58)."""
    plain = tmp_path / "plain.xlsx"
    book = _book([["indicator", "actual"], ["1.3.1", serial]])
    book.active["B2"].number_format = "0.00"  # built-in 2, renumbered below
    book.save(plain)
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/styles.xml":
                assert b'numFmtId="2"' in data
                data = data.replace(b'numFmtId="2"', f'numFmtId="{format_id}"'.encode())
            target.writestr(entry, data)
    rows, problems = read_actuals(path)
    assert [r.actual for r in rows] == [text] and problems == []


def test_a_budget_cell_that_is_no_amount_is_a_problem_of_its_row(tmp_path: Path) -> None:
    """Found by fuzzing the files: `-2+3` in the 全年预算数 column raised from scoring."""
    from zhibiao.ruleset import load_ruleset
    from zhibiao.ruleset.scoring import score_ruleset

    ruleset = load_ruleset(ROOT / "rulesets" / "000-mingguang-2024" /
                           "01-chengxiang-yiliao-jiuzhu.toml")
    path = tmp_path / "a.csv"
    path.write_text("indicator,actual,budget\n1.1.1,100%,\n预算执行率,3826.47万元,-2+3\n",
                    encoding="utf-8")
    report = score_ruleset(ruleset, path)
    problem = next(p for p in report.problems if p.code == "bad_budget")
    assert problem.line == 3 and "-2+3" in problem.message
    assert report.budget.outcome.status.value == "not_evaluable"
    assert report.budget.outcome.score == 0


def test_limits_are_settings_of_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`--limit NAME=VALUE` sets the door's limits; a wrong one is a usage error (exit 2)."""
    from zhibiao.cli import main

    ruleset = ROOT / "rulesets" / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml"
    actuals = ruleset.with_name("01-chengxiang-yiliao-jiuzhu.actuals.csv")
    assert main(["score", str(ruleset), "-a", str(actuals), "-f", "json"]) == 0
    capsys.readouterr()
    assert main(["score", str(ruleset), "-a", str(actuals), "--limit", "max_rows=3"]) == 2
    assert "max_rows" in capsys.readouterr().err
    assert main(["check", str(ruleset), "--limit", "max_ruleset_bytes=100"]) == 1
    assert "max_ruleset_bytes" in capsys.readouterr().out + capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(ruleset), "--limit", "max_rows=很多"])
    assert exit_info.value.code == 2
    assert "应为整数" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["check", str(ruleset), "--limit", "max_lines=3"])
    assert "max_ruleset_bytes" in capsys.readouterr().err


def test_utf16_without_bom_mostly_chinese(tmp_path: Path) -> None:
    """Found by the invariant property: a UTF-16-LE file without BOM whose text is nearly
    all Chinese has NUL bytes on both sides of the pairs (一 is U+4E00: bytes 00 4E), and
    was refused as not text. It is read, with the usual warning."""
    from zhibiao.ruleset.actuals import read_actuals

    text = "指标,实际完成值,偏差原因\n1.1.1,一百人,一年内完成\n1.2.1,达成预期指标,\n"
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode("utf-16-le"))
    rows, problems = read_actuals(path)
    assert [(r.indicator, r.actual) for r in rows] == [("1.1.1", "一百人"),
                                                      ("1.2.1", "达成预期指标")]
    assert [p.code for p in problems] == ["utf16_without_bom"]
    path.write_bytes(text.encode("utf-16-be"))
    rows, _ = read_actuals(path)
    assert rows[0].actual == "一百人"

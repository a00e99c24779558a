"""Reports treat user text as data (issue 11, items 1, 15 and 16).

- Formula injection: a 偏差原因 ``=cmd|' /C calc'!A0``, a ``=HYPERLINK(…)``, a project
  name starting with ``=`` are string cells in the xlsx report (no ``<f>`` in the sheet
  XML, the text read back as written) and get a leading ``'`` in the csv report, as do
  ``+1+1``, ``-2+3``, ``@SUM(A1)`` and fields starting with tab or CR.
- Hidden characters (U+202E, escape sequences, zero-width characters) from rulesets and
  actuals reach no report: every format shows them as ``<U+202E>`` (JSON as ``\\u202e``).
- The same input gives the same bytes in every format, whatever the time or environment.

Reports are real: the seed rulesets scored against ``rulesets/examples.actuals.csv``, with
the hostile text put into the actuals rows.
"""

from __future__ import annotations

import csv
import doctest
import io
import json
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

import zhibiao.safe_text as safe_text_module
from zhibiao.cli import main
from zhibiao.report import Report
from zhibiao.report.console import file_console
from zhibiao.report.csv_format import CSV_COLUMNS, reports_to_csv
from zhibiao.report.json_format import reports_to_json
from zhibiao.report.md_format import report_markdown
from zhibiao.report.table_format import render_table
from zhibiao.report.xlsx_cells import Formula, set_cell
from zhibiao.report.xlsx_format import FIXED_TIME, write_xlsx, xlsx_bytes
from zhibiao.ruleset.load import load_ruleset
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.ruleset.scoring import score_ruleset, score_rulesets
from zhibiao.safe_text import (
    EXCEL_MAX_CELL_CHARS,
    FORMULA_STARTS,
    csv_field,
    json_text,
    markdown_text,
    visible,
    xlsx_text,
)

ROOT = Path(__file__).resolve().parents[1]
RULESETS = ROOT / "rulesets"
COMBINED = RULESETS / "examples.actuals.csv"
FALV = RULESETS / "002-xinzhou-2024" / "03-falv-guwen.toml"
EXAMPLES = [RULESETS / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml", FALV,
            RULESETS / "003-suzhou-2023" / "04-jijin-anquan-jianguan.toml"]
#: The indicator of FALV whose actual and 偏差原因 the tests replace, and its name.
TARGET_ID, TARGET_NAME = "3.1.1", "医保系统干部职工满意度"

#: Text a spreadsheet would run: the issue's reproducers and variants.
FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid/"&A1,"点我")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "=1+1",
    "-5%",
    "=",
    "@",
    "'=1+1",  # already quoted by its author: the quote is kept, and one more put before it
]
#: Starts the actuals reader trims away (whitespace); put into a scored report directly.
WHITESPACE_STARTS = ["\t=1+1", "\r=1+1", "\t@SUM(A1)", "\r\n-2+3", "\tplain", " =1+1",
                     "\n+1+1", "\u3000=1+1"]
HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
BIDI = "\u202e"
ZWSP = "\u200b"


# ---- helpers ------------------------------------------------------------------------------

def hidden_characters(text: str) -> list[str]:
    """Characters of ``text`` that print as nothing or move other text (tab, LF, CR aside)."""
    return [c for c in text if c not in "\t\n\r" and (
        unicodedata.category(c) in HIDDEN_CATEGORIES
        or 0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE)]


def csv_unescape(field: str) -> str:
    """The inverse of the csv rule documented in docs/reports.md: drop one leading ``'``."""
    return field[1:] if field.startswith("'") else field


@cache
def falv() -> Ruleset:
    return load_ruleset(FALV)


def example_rows(key: str = "03-falv-guwen") -> list[dict[str, str]]:
    with COMBINED.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["project"] == key]


def scored(ruleset: Ruleset | None = None, actual: str | None = None,
           reason: str | None = None) -> Report:
    """FALV scored against its example rows, with TARGET_ID's actual and reason replaced."""
    rows = example_rows()
    for row in rows:
        if row["indicator"] == TARGET_ID:
            row["actual"] = row["actual"] if actual is None else actual
            row["reason"] = row["reason"] if reason is None else reason
    return score_ruleset(ruleset or falv(), rows)


def with_reason(report: Report, reason: str) -> Report:
    """``report`` with TARGET_ID's 偏差原因 set as given (no reader trims it)."""
    rows = tuple(r.model_copy(update={"reason": reason}) if r.id == TARGET_ID else r
                 for r in report.rows)
    return report.model_copy(update={"rows": rows})


def hostile_ruleset(tmp_path: Path, **replace: str) -> Ruleset:
    """FALV with some of its lines replaced (``old line`` → ``new line``)."""
    text = FALV.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return load_ruleset(path)


def sheet_xml(data: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                yield archive.read(name).decode("utf-8")


#: The formulas the xlsx writer builds itself: sums and the 适用分值 scaling over cell
#: references, and the 汇总 sheet's links to each form's totals.
_REF = r"[A-Z]+[0-9]+"
WRITER_FORMULA = re.compile(
    rf"SUM\({_REF}(:{_REF})?(,{_REF}(:{_REF})?)*\)|ROUND\({_REF}/{_REF}\*100,[0-9]\)|0"
    rf"|'[^']*'!{_REF}")


def assert_no_formula(data: bytes) -> None:
    """No user text became a formula: every formula in the sheets is one the writer
    builds (and the summary's links name sheets, which never start a formula)."""
    for xml in sheet_xml(data):
        for formula in re.findall(r"<f>([^<]*)</f>", xml):
            assert WRITER_FORMULA.fullmatch(formula), formula
        assert re.search(r"<f [^>]*>", xml) is None  # no shared or array formulas


def target_cells(data: bytes) -> dict[str, object]:
    """TARGET_NAME's row of the (single) project sheet: cells by column letter."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    for row in sheet.iter_rows():
        if row[3].value == TARGET_NAME:  # (column A is merged over the table)
            return {get_column_letter(cell.column): cell for cell in row}
    raise AssertionError(f"no row {TARGET_NAME}")


def csv_records(reports: list[Report]) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(reports_to_csv(reports), newline=""))
    header = next(reader)
    assert header == CSV_COLUMNS
    return [dict(zip(header, line, strict=True)) for line in reader]


def csv_target(reports: list[Report]) -> dict[str, str]:
    return next(r for r in csv_records(reports) if r["编号"] == TARGET_ID)


def unescaped_pipes(line: str) -> int:
    """``|`` that Markdown reads as a column separator (not preceded by an odd number of
    backslashes)."""
    return sum(1 for m in re.finditer(r"(\\*)\|", line) if len(m.group(1)) % 2 == 0)


def table_text(reports: list[Report]) -> str:
    out = io.StringIO()
    render_table(reports, file_console(out))
    return out.getvalue()


# ---- formula injection: xlsx --------------------------------------------------------------

@pytest.mark.parametrize("text", FORMULAS)
def test_xlsx_user_text_is_a_string_cell(text: str) -> None:
    report = scored(actual=text, reason=text)
    data = xlsx_bytes([report])
    assert_no_formula(data)
    cells = target_cells(data)
    for column in ("F", "I"):  # 实际完成值, 偏差原因
        cell = cells[column]
        assert cell.value == text  # type: ignore[attr-defined]
        assert cell.data_type == "s"  # type: ignore[attr-defined]
        assert cell.quotePrefix == (text[0] in FORMULA_STARTS)  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", WHITESPACE_STARTS)
def test_xlsx_text_starting_with_whitespace_is_a_string_cell(text: str) -> None:
    data = xlsx_bytes([with_reason(scored(), text)])
    assert_no_formula(data)
    cell = target_cells(data)["I"]
    assert cell.value == text.replace("\r\n", "\n").replace("\r", "\n")  # type: ignore[attr-defined]
    assert cell.data_type == "s"  # type: ignore[attr-defined]
    assert cell.quotePrefix  # type: ignore[attr-defined]


def test_xlsx_error_codes_from_users_stay_text() -> None:
    for text in ("#N/A", "#DIV/0!", "#REF!"):
        cell = target_cells(xlsx_bytes([scored(actual=text, reason=text)]))["I"]
        assert (cell.value, cell.data_type) == (text, "s")  # type: ignore[attr-defined]


def test_xlsx_project_name_and_unit_starting_with_equals(tmp_path: Path) -> None:
    name = '=HYPERLINK("http://example.invalid/"&A1,"点我")'
    ruleset = hostile_ruleset(tmp_path, **{
        'name = "法律顾问服务费"': f"name = '{name}'",
        'unit = "忻州市医疗保障局"': "unit = '=1+1'",
    })
    other = load_ruleset(EXAMPLES[0])
    reports, problems = score_rulesets([ruleset, other], [
        {**row, "project": "hostile"} for row in example_rows()])
    assert problems == []
    data = xlsx_bytes(reports)
    assert_no_formula(data)
    book = load_workbook(io.BytesIO(data))
    summary, sheet = book.worksheets[0], book["hostile"]
    assert (summary["B2"].value, summary["D2"].value) == (name, "=1+1")
    assert sheet["A1"].value == "项目支出绩效自评表"
    assert (sheet["C3"].value, sheet["G4"].value) == (name, "=1+1")
    for cell in (summary["B2"], summary["D2"], sheet["C3"], sheet["G4"]):
        assert cell.data_type == "s"
    record = csv_records(reports)[0]
    assert record["项目名称"] == "'" + name
    assert report_markdown(reports[0]).startswith("# =HYPERLINK(\"http://example.invalid/\"\\&A1")


def test_xlsx_numbers_stay_numbers_and_writer_formulas_stay_formulas() -> None:
    cells = target_cells(xlsx_bytes([scored(actual="=1+1")]))
    assert cells["G"].data_type == "n" and cells["G"].value == 10  # type: ignore[attr-defined]
    sheet = Workbook().active
    set_cell(sheet["A1"], Formula("SUM(B1:B3)"))
    set_cell(sheet["A2"], "=SUM(B1:B3)")
    assert (sheet["A1"].data_type, sheet["A1"].value) == ("f", "=SUM(B1:B3)")
    assert (sheet["A2"].data_type, sheet["A2"].value) == ("s", "=SUM(B1:B3)")


def test_xlsx_text_longer_than_a_cell_is_cut_with_a_note() -> None:
    text = xlsx_text("偏" * (EXCEL_MAX_CELL_CHARS + 10))
    assert len(text) == EXCEL_MAX_CELL_CHARS and text.endswith("完整内容见 JSON 报告）")
    # hidden characters grow when shown: 5,000 of them fill more than a cell
    assert len(xlsx_text(BIDI * 5000)) == EXCEL_MAX_CELL_CHARS


# ---- formula injection: csv ---------------------------------------------------------------

@pytest.mark.parametrize("text", FORMULAS)
def test_csv_formula_starts_get_a_quote(text: str) -> None:
    record = csv_target([scored(actual=text, reason=text)])
    assert record["实际完成值"] == "'" + text
    assert record["偏差原因"] == "'" + text
    assert csv_unescape(record["偏差原因"]) == text


@pytest.mark.parametrize("text", WHITESPACE_STARTS)
def test_csv_tab_and_carriage_return_starts_get_a_quote(text: str) -> None:
    record = csv_target([with_reason(scored(), text)])
    assert record["偏差原因"] == "'" + text


def test_csv_engine_numbers_are_not_quoted() -> None:
    """分值, 得分 and 完成率 are the engine's numbers: -5% gives a ratio of -5.56%, which
    a spreadsheet reads as a number, not a formula."""
    record = csv_target([scored(actual="-5%")])
    assert (record["分值"], record["得分"], record["完成率"]) == ("10", "0", "-5.56%")
    assert record["实际完成值"] == "'-5%"


def test_csv_plain_text_is_unchanged() -> None:
    records = csv_records(score_rulesets([load_ruleset(p) for p in EXAMPLES], COMBINED)[0])
    assert all(not value.startswith("'") for r in records for value in r.values())


# ---- Markdown -----------------------------------------------------------------------------

def test_markdown_pipes_and_newlines_do_not_break_the_table() -> None:
    reason = "原因一|原因二\n第二行\r\n| 伪造 | 行 |\r<img src=x onerror=alert(1)>"
    report = scored(actual="88|%", reason=reason)
    text = report_markdown(report)
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(report.rows) + 1  # header, rule, rows, 预算执行率
    assert {unescaped_pipes(line) for line in table} == {11}
    line = next(line for line in table if TARGET_NAME in line)
    assert "原因一\\|原因二<br>第二行<br>\\| 伪造 \\| 行 \\|<br>\\<img src=x onerror=alert(1)\\>" \
        in line
    assert "<img" not in text.replace("\\<img", "")


def test_markdown_list_items_cannot_start_a_heading_or_a_list() -> None:
    assert markdown_text("# 标题") == "\\# 标题"
    assert markdown_text("1. 第一") == "1\\. 第一"
    assert markdown_text("- 项") == "\\- 项"
    assert markdown_text("1.1.1 指标") == "1.1.1 指标"
    assert markdown_text("&#x202E;") == "\\&#x202E;"  # no character reference either


# ---- hidden characters --------------------------------------------------------------------

def test_hidden_characters_are_shown_in_every_format(tmp_path: Path) -> None:
    ruleset = hostile_ruleset(tmp_path, **{
        # a bidi control in a 指标值 is refused at the grammar's door; a zero-width space
        # reads as shown, and the text as written goes into every report
        'value = "≥3次"': f'value = "≥3次{ZWSP}"',
        'name = "提供各类法律服务"': 'name = "提供\u2066各类法律服务\u2069"',
    })
    reason = f"正常{BIDI}说明\x1b[2J\u200b"
    report = scored(ruleset, actual=f"88%{BIDI}", reason=reason)
    assert ZWSP in report.rows[0].target and "目标 ≥3次，" in report.rows[0].outcome.explanation
    assert any(BIDI in row.outcome.explanation for row in report.rows)  # the actual's

    data = xlsx_bytes([report])
    book = load_workbook(io.BytesIO(data))
    xlsx_values = "\n".join(str(c.value) for s in book.worksheets for r in s.iter_rows()
                            for c in r if c.value is not None)
    texts = {"xlsx": xlsx_values, "csv": reports_to_csv([report]),
             "md": report_markdown(report), "table": table_text([report])}
    for fmt, text in texts.items():
        assert hidden_characters(text) == [], fmt
        if fmt == "md":  # shown as <U+202E>, written with Markdown escapes
            text = text.replace("\\<", "<").replace("\\>", ">")
        assert "<U+202E>" in text and "<U+2066>" in text and "<U+001B>" in text, fmt
    assert "≥3次<U+200B>" in texts["csv"] and "实际 88%<U+202E>" in texts["csv"]
    cell = target_cells(data)["I"]
    assert cell.value == "正常<U+202E>说明<U+001B>[2J<U+200B>"  # type: ignore[attr-defined]

    json_out = reports_to_json([report])
    assert hidden_characters(json_out) == [] and "\\u202e" in json_out
    exported = json.loads(json_out)[0]
    assert exported["rows"][0]["target_text"] == f"≥3次{ZWSP}"  # JSON keeps the exact text
    assert exported["rows"][-1]["deviation_reason"] == reason


def test_terminal_shows_user_text_as_plain_text() -> None:
    report = scored(actual="[bold red]88%[/] :smile:", reason="[link=http://x]点我[/link]")
    text = table_text([report])
    assert "[bold red]88%[/]" in text and ":smile:" in text and "[link=http://x]" in text


def test_cli_messages_show_hidden_characters(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    actuals = tmp_path / "a.csv"
    actuals.write_text(f"指标编号,实际完成值\n1.1.1,5次\n坏{BIDI}指标,1\n", encoding="utf-8")
    main(["score", str(FALV), "--actuals", str(actuals), "--format", "json", "-q"])
    err = capsys.readouterr().err
    assert "坏<U+202E>指标" in err and BIDI not in err
    assert main(["evaluate", "≥95%", f"9{BIDI}2%", "-w", "10"]) == 0
    out = capsys.readouterr().out
    assert "9<U+202E>2%" in out and hidden_characters(out) == []
    assert main(["evaluate", "≥95%", f"9{BIDI}2%", "-w", "10", "--json"]) == 0
    out = capsys.readouterr().out
    assert hidden_characters(out) == [] and f"9{BIDI}2%" in json.loads(out)["explanation"]


def test_check_shows_hidden_characters(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(FALV.read_text(encoding="utf-8").replace(
        'value = "≥3次"', f'value = "≥3次%{BIDI}"', 1), encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "≥3次%<U+202E>" in out and hidden_characters(out) == []
    assert main(["check", str(bad), "--json"]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert hidden_characters(line) == [] and f"≥3次%{BIDI}" in json.loads(line)["message"]


# ---- the same bytes -----------------------------------------------------------------------

def test_xlsx_carries_one_fixed_time() -> None:
    data = xlsx_bytes([scored()])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert {info.date_time for info in infos} == {FIXED_TIME.timetuple()[:6]}
    assert {info.create_system for info in infos} == {0}
    assert core.count("1980-01-01T00:00:00Z") == 2  # created, modified


def test_every_format_gives_the_same_bytes_twice(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Each format written by ``zhibiao score`` twice, 2 s apart (a zip time counts in
    2-second steps), the second time with a hostile environment: the same bytes."""
    formats = ("xlsx", "csv", "json", "md", "table")

    def write_all(folder: Path) -> dict[str, bytes]:
        folder.mkdir()
        out = {}
        for fmt in formats:
            path = folder / f"report.{fmt}"
            main(["score", *map(str, EXAMPLES), "--actuals", str(COMBINED), "-f", fmt,
                  "-o", str(path), "-q"])
            out[fmt] = path.read_bytes()
        return out

    first = write_all(tmp_path / "first")
    time.sleep(2.1)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("TERM", "xterm-256color")
    second = write_all(tmp_path / "second")
    for fmt in formats:
        assert first[fmt], fmt
        assert first[fmt] == second[fmt], fmt
    assert b"\x1b" not in second["table"]
    assert b"\r\r\n" not in second["csv"] and second["csv"].count(b"\r\n") > 10


def test_write_xlsx_to_a_path_or_a_binary_stream(tmp_path: Path) -> None:
    reports = [scored()]
    path = tmp_path / "自评表.xlsx"
    write_xlsx(reports, path)
    write_xlsx(reports, str(tmp_path / "by-name.xlsx"))
    stream = io.BytesIO(b"head")
    stream.seek(4)
    write_xlsx(reports, stream)
    assert not stream.closed
    assert stream.getvalue() == b"head" + path.read_bytes()
    assert (tmp_path / "by-name.xlsx").read_bytes() == path.read_bytes()
    assert load_workbook(io.BytesIO(stream.getvalue()[4:])).sheetnames == ["03-falv-guwen"]


# ---- the rules themselves -----------------------------------------------------------------

def test_safe_text_examples() -> None:
    assert doctest.testmod(safe_text_module).failed == 0


def test_characters_left_unscanned_are_never_hidden() -> None:
    """visible() looks only at characters outside a list of ranges; the Unicode database
    of this Python says none of the characters in those ranges is hidden."""
    unscanned = (chr(c) for c in range(0x10000)
                 if not safe_text_module._CANDIDATES.match(chr(c)))
    assert hidden_characters("".join(unscanned)) == []


any_text = st.text(st.one_of(st.sampled_from("=+-@'\t\r\n|\\<>&#*_`[]~" + BIDI + "\x1b\ufffe"),
                             st.characters(exclude_categories=[])))


@given(any_text)
def test_rules_hold_for_any_text(text: str) -> None:
    shown = visible(text)
    assert hidden_characters(shown) == [] and visible(shown) == shown
    if not hidden_characters(text):
        assert shown == text
    field = csv_field(text)
    assert csv_unescape(field) == shown
    assert field[:1] not in FORMULA_STARTS and field.lstrip()[:1] not in FORMULA_STARTS
    md = markdown_text(text)
    assert "\n" not in md and "\r" not in md and unescaped_pipes(md) == 0
    assert hidden_characters(md) == []
    dumped = json_text({"text": text})
    assert hidden_characters(dumped) == [] and json.loads(dumped) == {"text": text}
    cell = xlsx_text(text)
    assert "\r" not in cell and hidden_characters(cell) == []


@settings(max_examples=25)
@given(any_text, any_text)
def test_any_user_text_round_trips_through_xlsx_and_csv(actual: str, reason: str) -> None:
    report = scored(actual=actual, reason=reason)
    row = next(r for r in report.rows if r.id == TARGET_ID)
    data = xlsx_bytes([report])
    assert_no_formula(data)
    cells = target_cells(data)
    record = csv_target([report])
    for column, field, given_text in (("F", "实际完成值", row.actual),
                                      ("I", "偏差原因", row.reason)):
        if given_text is None:  # blank after the reader trimmed it
            continue
        cell = cells[column]
        assert cell.data_type == "s"  # type: ignore[attr-defined]
        assert cell.value == xlsx_text(given_text)  # type: ignore[attr-defined]
        assert csv_unescape(record[field]) == visible(given_text)
        if not hidden_characters(given_text) and "\r" not in given_text:
            assert cell.value == csv_unescape(record[field]) == given_text  # type: ignore[attr-defined]
    table = [line for line in report_markdown(report).splitlines() if line.startswith("|")]
    assert {unescaped_pipes(line) for line in table} == {11}

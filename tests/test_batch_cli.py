"""``zhibiao batch INPUT -o OUTPUT``: csv, xlsx and parquet in and out, every row kept,
user text never a formula, Chinese errors and exit codes."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook, load_workbook

from zhibiao.cli import main
from zhibiao.engine import evaluate

ROWS = [["项目", "三级指标", "指标值", "实际完成值", "分值"],
        ["A", "合格率", "≥95%", "92%", "10"],
        ["A", "时长", "≤30个工作日", "35个工作日", "5"],
        [],
        ["B", "=HYPERLINK(\"x\")", "abc≥", "1", "10"],
        ["B", "公式", "≥95%", "=2+3", ""]]


def _csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(ROWS)
    return path


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_to_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    assert main(["batch", str(_csv(tmp_path / "in.csv")), "-o", str(out), "--explain"]) == 1
    rows = _read_csv(out)
    assert rows[0] == ["line", "项目", "三级指标", "指标值", "实际完成值", "分值", "status",
                       "score", "ratio", "reason", "flags", "explanation"]
    assert [r[0] for r in rows[1:]] == ["2", "3", "5", "6"]  # the blank line 4 is no row
    assert rows[1][6:9] == ["not_achieved", "9.68", "0.968421"]
    assert rows[1][11] == evaluate("≥95%", "92%", weight=10).explanation
    assert rows[3][2] == "'=HYPERLINK(\"x\")"  # user text never becomes a formula
    assert rows[4][4] == "'=2+3"
    assert [r[9] for r in rows[1:]] == ["", "", "unparsable_target", "missing_weight"]
    err = capsys.readouterr().err
    assert "in.csv:5: 错误[unparsable_target]：指标值无法解析（指标值：abc≥）" in err
    assert "in.csv:6: 错误[missing_weight]" in err


def test_xlsx_in_parquet_and_xlsx_out(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["标题：2024 年绩效自评"])
    for row in ROWS[:3]:
        sheet.append(row)
    sheet.append(["C", "金额", "≥1.2万元", 11000, 10])  # a number cell
    source = tmp_path / "in.xlsx"
    book.save(source)
    parquet = tmp_path / "out.parquet"
    assert main(["batch", str(source), "-o", str(parquet)]) == 0
    table = pq.read_table(parquet)
    assert table.column("line").to_pylist() == [3, 4, 5]
    assert table.column("score").to_pylist() == [
        Decimal("9.68"), Decimal("4.29"), evaluate("≥1.2万元", "11000", weight=10).score]
    xlsx = tmp_path / "out.xlsx"
    assert main(["batch", str(source), "-o", str(xlsx)]) == 0
    cells = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert cells[0][-5:] == ("status", "score", "ratio", "reason", "flags")
    assert cells[1][-5:-2] == ("not_achieved", 9.68, 0.968421)
    assert main(["batch", str(parquet), "-o", str(xlsx)]) == 2  # scored already: refused


def test_xlsx_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    main(["batch", str(_csv(tmp_path / "in.csv")), "-o", str(out)])
    sheet = load_workbook(out).active
    cell = sheet["C4"]
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"


def test_parquet_with_decimal_actuals(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"target": ["≥95%"] * 3,
                             "actual": pa.array([Decimal(92), Decimal(95), None],
                                                pa.decimal128(10, 2)),
                             "weight": pa.array([Decimal(10)] * 3, pa.decimal128(10, 2))}),
                   source)
    out = tmp_path / "out.csv"
    assert main(["batch", str(source), "-o", str(out)]) == 0
    assert [r[3:6] for r in _read_csv(out)[1:]] == [
        ["not_achieved", "9.68", "0.968421"], ["achieved", "10.00", "1.000000"],
        ["not_evaluable", "0.00", ""]]


@pytest.mark.parametrize(("content", "output", "words"), [
    ("a,b\n1,2\n", "out.csv", ["找不到表头", "指标值（可写作：target、指标值"]),
    ("target,actual,weight\n≥95%,92%,10\n", "out.txt", ["不支持的输出类型"]),
])
def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                      output: str, words: list[str]) -> None:
    source = tmp_path / "in.csv"
    source.write_text(content, encoding="utf-8")
    assert main(["batch", str(source), "-o", str(tmp_path / output)]) == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err
    assert "Traceback" not in err


def test_missing_input_and_unsupported_input(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(tmp_path / "none.csv"), "-o", str(tmp_path / "o.csv")]) == 2
    (tmp_path / "in.xls").write_bytes(b"x")
    assert main(["batch", str(tmp_path / "in.xls"), "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "另存为 .xlsx" in err and "Traceback" not in err


def test_policy_file(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[policy]\nrounding = "0.1"\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["batch", str(_csv(tmp_path / "in.csv")), "-o", str(out),
                 "--policy", str(policy)]) == 1
    assert _read_csv(out)[1][7] == "9.7"
    policy.write_text('rounding = "0.3"\n', encoding="utf-8")
    assert main(["batch", str(_csv(tmp_path / "in.csv")), "-o", str(out),
                 "--policy", str(policy)]) == 2


def test_steps_of_the_progress_bar_make_one_table(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Scored in steps of two rows: one output, the score column as wide as the widest
    step needs (a score capped at the weight 0.005 keeps its three decimals)."""
    import zhibiao.cli.batch_cmd as batch_cmd

    monkeypatch.setattr(batch_cmd, "_STEP", 2)
    source = tmp_path / "in.csv"
    source.write_text("指标值,实际完成值,分值\n≥95%,92%,10\n≥95%,96%,10\n≥95%,96%,0.005\n"
                      "≤30天,35天,5\n≥95%,x,10\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert main(["batch", str(source), "-o", str(out)]) == 0
    table = pq.read_table(out)
    assert table.schema.field("score").type == pa.decimal128(38, 3)
    assert table.column("score").to_pylist() == [
        evaluate(t, a, weight=w).score for t, a, w in (
            ("≥95%", "92%", "10"), ("≥95%", "96%", "10"), ("≥95%", "96%", "0.005"),
            ("≤30天", "35天", "5"), ("≥95%", "x", "10"))]
    assert table.column("line").to_pylist() == [2, 3, 4, 5, 6]


def test_more_rows_than_a_worksheet_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import zhibiao.cli.batch_cmd as batch_cmd

    monkeypatch.setattr(batch_cmd, "_XLSX_ROWS", 3)
    source = _csv(tmp_path / "in.csv")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert "超出 xlsx 工作表的 3 行上限" in capsys.readouterr().err
    assert not (tmp_path / "out.xlsx").exists()


def test_without_the_arrow_extra_the_command_says_what_to_install(tmp_path: Path) -> None:
    """Installed without ``[arrow]``: a Chinese message and exit 2, never a traceback."""
    source = tmp_path / "in.csv"
    source.write_text("指标值,实际完成值,分值\n≥95%,92%,10\n", encoding="utf-8")
    code = ("import sys; sys.modules['pyarrow'] = None\n"
            "from zhibiao.cli import main\n"
            f"sys.exit(main(['batch', {str(source)!r}, '-o', {str(tmp_path / 'o.csv')!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "pip install 'zhibiao[arrow]'" in done.stderr


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_the_same_input_gives_the_same_bytes(tmp_path: Path, suffix: str) -> None:
    """No time of writing in the output: a workbook is dated like the 自评表 reports."""
    source = _csv(tmp_path / "in.csv")
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    assert main(["batch", str(source), "-o", str(first)]) in (0, 1)
    if suffix == ".xlsx":
        time.sleep(1.1)  # a later second: openpyxl would stamp the workbook anew
    assert main(["batch", str(source), "-o", str(second)]) in (0, 1)
    assert first.read_bytes() == second.read_bytes()


def test_rows_in_doubt_are_counted_with_their_lines(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A reading in doubt (须复核) is scored and flagged in the output; the terminal
    says how many rows and which lines, so nobody files them unread."""
    path = tmp_path / "in.csv"
    rows = [["三级指标", "指标值", "实际完成值", "分值"], ["率", "≥90%", "0.93", "10"],
            ["满意度", "≥95%", "96%", "10"], ["事故", "≥95%", "无", "10"]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert main(["batch", str(path), "-o", str(tmp_path / "out.csv")]) == 0
    err = capsys.readouterr().err
    assert "须复核（review）2 行" in err and "第 2、4 行" in err, err
    assert "实际值未写单位，量级存疑 1 行" in err and "实际值写作“无”" in err
    flags = [r[-1] for r in _read_csv(tmp_path / "out.csv")[1:]]
    assert "scale_ambiguous" in flags[0] and flags[1] == "" and "nothing_word" in flags[2]


def test_no_review_line_when_nothing_is_in_doubt(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(_csv(tmp_path / "in.csv")), "-o", str(tmp_path / "o.csv")]) == 1
    assert "须复核" not in capsys.readouterr().err

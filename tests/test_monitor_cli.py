"""``zhibiao monitor`` from the command line, and its writers (table, json, md, xlsx, html:
the ``monitor`` formats of the report room)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from zhibiao.cli import main
from zhibiao.monitor import MonitorReport, monitor_ruleset
from zhibiao.report import format_names, get_writer
from zhibiao.report.monitor_xlsx import REASON_COLUMNS, monitor_workbook
from zhibiao.ruleset.actuals import read_actuals, rows_from_mapping
from zhibiao.ruleset.load import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "rulesets" / "003-suzhou-2023" / "04-jijin-anquan-jianguan.toml"
EXAMPLE = ROOT / "rulesets" / "examples.monitor.csv"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["monitor", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_bundled_example_runs_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(RULESET), "-a", str(EXAMPLE), "--as-of", "2023-06-30",
                          "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data[0]["project"] == "医疗保障基金安全监管经费"
    by_id = {row["id"]: row for row in data[0]["rows"]}
    assert by_id["1.4.4"]["likelihood"] == "完全不可能"  # 21.6万 over a ceiling of 20万
    assert by_id["3.1.1"]["likelihood"] == "确定能"
    assert by_id["1.1.3"]["deviation"]["flag"] is True
    assert data[0]["budget"]["projected"] == {"value": "865100", "unit": ""}


def test_table_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(RULESET), "-a", str(EXAMPLE), "--as-of", "2023-06-30")
    assert code == 0
    assert "绩效目标执行监控表" in out and "完全不可能" in out and "资金：" in out


def test_problems_give_exit_code_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    actuals = tmp_path / "a.csv"
    actuals.write_text("\n".join([lines[0], lines[1].replace("2次", "abc"), *lines[3:]]) + "\n",
                       encoding="utf-8")
    code, out, err = _run(capsys, str(RULESET), "-a", str(actuals), "--as-of", "2023-06-30",
                          "-f", "json")
    assert code == 1
    assert f"{actuals}:2: 错误[kind_mismatch]" in err  # the row with "abc"
    assert f"{RULESET}:" in err and "missing_actual" in err  # 1.1.2 has no row
    assert json.loads(out)[0]["rows"][0]["likelihood"] is None


@pytest.mark.parametrize("args", [
    ["--as-of", "2024-06-30"],  # outside the ruleset's year
    ["--as-of", "2023-06-30", "-f", "xlsx"],  # xlsx without -o
])
def test_nothing_usable_gives_exit_code_2(capsys: pytest.CaptureFixture[str],
                                          args: list[str]) -> None:
    code, out, err = _run(capsys, str(RULESET), "-a", str(EXAMPLE), *args)
    assert code == 2 and out == ""
    assert "zhibiao" in err and "Traceback" not in err


@pytest.mark.parametrize("date", ["2023-02-30", "2023/06/31", "六月底"])
def test_a_date_that_is_no_date_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                 date: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["monitor", str(RULESET), "-a", str(EXAMPLE), "--as-of", date])
    assert exited.value.code == 2
    assert f"截至日期 “{date}” 不是有效日期" in capsys.readouterr().err


def test_missing_and_unreadable_files_give_exit_code_2(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       ) -> None:
    code, _, err = _run(capsys, str(RULESET), "-a", str(tmp_path / "no.csv"),
                        "--as-of", "2023-06-30")
    assert code == 2 and "找不到" in err
    bad = tmp_path / "a.txt"
    bad.write_text("x", encoding="utf-8")
    code, _, err = _run(capsys, str(RULESET), "-a", str(bad), "--as-of", "2023-06-30")
    assert code == 2 and "不支持的文件类型" in err


def test_no_row_reaching_an_indicator_gives_exit_code_2(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        ) -> None:
    actuals = tmp_path / "a.csv"
    actuals.write_text("indicator,actual\n9.9.9,3次\n", encoding="utf-8")
    code, out, err = _run(capsys, str(RULESET), "-a", str(actuals), "--as-of", "2023-06-30")
    assert code == 2 and out == "" and "没有可用的执行情况行" in err


@pytest.fixture(scope="module")
def report() -> MonitorReport:
    rows, _ = read_actuals(EXAMPLE)
    made, _ = monitor_ruleset(load_ruleset(RULESET), rows, dt.date(2023, 6, 30))
    assert made is not None
    return made


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> MonitorReport:
    """A project whose names and actuals look like formulas, markup and escapes."""
    path = tmp_path_factory.mktemp("hostile") / "h.toml"
    path.write_text('[project]\nname = "<script>alert(1)</script>|x"\nyear = 2023\n'
                    '[[indicators]]\nid = "1"\nlevel1 = "产出指标"\nlevel2 = "数量指标"\n'
                    'name = "=HYPERLINK(\\"http://x\\")"\nvalue = "≥3次"\n', encoding="utf-8")
    rows, _ = rows_from_mapping([{"indicator": "1", "actual": "2次",
                                  "reason": "@SUM(A1)\u202e"}], "h.json")
    made, _ = monitor_ruleset(load_ruleset(path), rows, dt.date(2023, 6, 30))
    assert made is not None
    return made


def test_xlsx_has_the_136_layout(report: MonitorReport, tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    get_writer("xlsx", "monitor").write([report], out)
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "项目支出绩效目标执行监控表"
    assert [sheet.cell(4, c).value for c in range(1, 7)] == [
        "项目资金（元）", "年初预算数", "全年预算数", "1-6月执行数", "执行率", "全年预计执行数"]
    assert [sheet.cell(6, c).value for c in (1, 2, 3, 4, 5, 6, 7, 12, 13)] == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "1-6月执行情况", "全年预计完成情况",
        "偏差原因分析", "完成目标可能性", "备注"]
    assert [sheet.cell(7, c).value for c in range(7, 12)] == list(REASON_COLUMNS)
    assert sheet["D5"].value == 429000 and sheet["E5"].value == pytest.approx(0.64)
    first = [sheet.cell(8, c).value for c in range(1, 7)]
    assert first == ["产出指标", "数量指标", "出差、会议", "≥3次", "2次", "4.03次"]
    assert sheet.cell(8, 12).value == "有可能"


def test_xlsx_bytes_are_deterministic(report: MonitorReport) -> None:
    assert monitor_workbook([report]) == monitor_workbook([report])


def test_xlsx_user_text_is_never_a_formula(hostile: MonitorReport, tmp_path: Path) -> None:
    out = io.BytesIO()
    get_writer("xlsx", "monitor").write([hostile], out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    name = next(cell for cell in cells if str(cell.value).startswith("=HYPERLINK"))
    assert name.data_type == "s"
    assert any(str(cell.value) == "@SUM(A1)<U+202E>" for cell in cells)


def test_html_is_escaped_and_self_contained(hostile: MonitorReport) -> None:
    out = io.StringIO()
    get_writer("html", "monitor").write([hostile], out)
    page = out.getvalue()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "src=" not in page and "href=" not in page and "<link" not in page
    assert "有可能" in page


def test_md_escapes_table_markup(hostile: MonitorReport) -> None:
    text = get_writer("md", "monitor").to_bytes([hostile]).decode()
    assert "\\|x" in text and "\\<script\\>" in text


def test_table_shows_hidden_characters(hostile: MonitorReport) -> None:
    assert "\u202e" not in get_writer("table", "monitor").to_bytes([hostile]).decode()


@pytest.mark.parametrize("name", sorted(set(format_names("monitor")) - {"xlsx"}))
def test_text_writers_write_to_a_path(report: MonitorReport, tmp_path: Path,
                                      name: str) -> None:
    writer = get_writer(name, "monitor")
    out = tmp_path / f"m.{name}"
    writer.write([report], out)
    buffer = io.StringIO()
    writer.write([report], buffer)
    binary = io.BytesIO()
    writer.write([report], binary)
    assert out.read_text(encoding="utf-8") == buffer.getvalue() != ""
    assert binary.getvalue() == out.read_bytes()


def test_the_guides_worked_example_is_what_the_command_prints(
        capsys: pytest.CaptureFixture[str]) -> None:
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    example = guide.split("### 9.3", 1)[1].split("```console", 1)[1].split("```", 1)[0]
    shown = [" ".join(line.split()) for line in example.splitlines()[3:]
             if line.strip() and line.strip() != "…"]
    code, out, _ = _run(capsys, str(RULESET), "-a", str(EXAMPLE), "--as-of", "2023-06-30")
    printed = " ".join(out.split())
    assert code == 0 and shown
    for line in shown:
        assert line in printed, line

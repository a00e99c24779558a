"""``zhibiao check``, ``zhibiao score`` and ``zhibiao schema`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhibiao.cli import main

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "rulesets" / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml"
ACTUALS = RULESET.with_name("01-chengxiang-yiliao-jiuzhu.actuals.csv")
EXAMPLES = [RULESET, ROOT / "rulesets" / "002-xinzhou-2024" / "03-falv-guwen.toml",
            ROOT / "rulesets" / "003-suzhou-2023" / "04-jijin-anquan-jianguan.toml"]


def test_check_all_seed_rulesets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ROOT / "rulesets")]) == 0
    out = capsys.readouterr().out
    assert "33 rulesets, 0 errors" in out


def test_check_reports_errors_with_file_and_line(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(RULESET.read_text(encoding="utf-8").replace('value = "≥95%"',
                                                               'value = "≥95%%"', 1),
                   encoding="utf-8")
    assert main(["check", str(bad), "--json"]) == 1
    problems = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    errors = [p for p in problems if p["severity"] == "error"]
    assert errors and errors[0]["file"] == str(bad) and errors[0]["line"] > 0
    assert errors[0]["code"] == "unparsable_value"


def test_check_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such/file.toml"]) == 2


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "table"])
def test_score_formats_to_stdout(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", *map(str, EXAMPLES), "--actuals",
                 str(ROOT / "rulesets" / "examples.actuals.csv"), "--format", fmt, "-q"]) == 0
    out = capsys.readouterr().out
    assert "2024 年度城乡医疗救助" in out
    if fmt == "json":
        reports = json.loads(out)
        assert [r["key"] for r in reports] == [p.stem for p in EXAMPLES]


def test_score_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(RULESET), "--actuals", str(ACTUALS), "--format", "xlsx"]) == 2
    assert "-o" in capsys.readouterr().err


def test_score_writes_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "自评表.xlsx"
    assert main(["score", str(RULESET), "--actuals", str(ACTUALS), "--format", "xlsx",
                 "-o", str(out)]) == 0
    from openpyxl import load_workbook

    assert load_workbook(out).sheetnames


def test_score_reports_unusable_rows_and_exits_1(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    actuals = tmp_path / "a.csv"
    actuals.write_text("指标编号,实际完成值\n1.1.1,96%\n9.9.9,1\n,5\n", encoding="utf-8")
    assert main(["score", str(RULESET), "--actuals", str(actuals), "--format", "json"]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)[0]
    assert len(report["rows"]) == 9  # every indicator is in the report
    assert f"{actuals}:3" in captured.err and "unknown_indicator" in captured.err
    assert f"{actuals}:4" in captured.err and "missing_indicator" in captured.err


def test_score_unreadable_actuals_is_a_usage_error(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    actuals = tmp_path / "a.txt"
    actuals.write_text("x", encoding="utf-8")
    assert main(["score", str(RULESET), "--actuals", str(actuals)]) == 2
    assert "不支持的文件类型" in capsys.readouterr().err


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "indicators" in schema["properties"]
    # An indicator's own policy has the same keys as [policy], for editors to check.
    own = schema["$defs"]["IndicatorSpec"]["properties"]["policy"]
    assert {"$ref": "#/$defs/Policy"} in own["anyOf"]
    assert "reverse" in schema["$defs"]["Policy"]["properties"]

"""``zhibiao evaluate``: human output, ``--json``, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhibiao.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["evaluate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "≥95%", "92%", "--weight", "10")
    assert code == 0
    assert "得分：9.68 / 10（完成率 96.84%）" in out
    assert "目标 ≥95%，实际 92%，未达成；正向指标按比例得分 92÷95×10 = 9.68" in out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "10万元", "0万元", "--weight", "10", "--category", "成本指标",
                        "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("status", "ratio", "score", "weight", "polarity", "explanation", "target",
                "actual"):
        assert key in data
    assert data["status"] == "not_achieved"
    assert data["score"] == "0.00"
    assert data["weight"] == "10"
    assert data["polarity"] == "higher"
    assert data["target"]["canonical"] == "10万元"
    assert data["actual"]["kind"] == "number"
    assert "【成本指标】" in data["explanation"]
    assert "score_range" not in data


def test_json_score_range(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "显著提升", "部分达成", "-w", "10", "--json")
    assert json.loads(out)["score_range"] == ["6.00", "7.99"]


def test_unit_mismatch_is_an_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "≥95人", "92次", "--weight", "10", "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["status"], data["reason"]) == ("not_evaluable", "unit_mismatch")
    assert "“人”" in data["explanation"] and "“次”" in data["explanation"]


def test_unknown_category_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "≥95%", "96%", "--weight", "10", "--category", "某某指标")
    assert code == 0 and "【某某指标】" in out


def test_missing_actual(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "≥95%", "--weight", "10", "--json")
    assert code == 0
    assert json.loads(out)["reason"] == "missing_actual"


def test_unparsable_target_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "≥", "1", "--weight", "10")
    assert code == 2 and out == ""
    assert "无法解析指标值" in err


@pytest.mark.parametrize("args", [
    ("≥95%", "92%", "--weight", "ten"),
    ("≥95%", "92%", "--weight", "10", "--direction", "sideways"),
    ("≥95%", "92%", "--weight", "10", "--qualitative-bands", "60/80"),
    ("≥95%", "92%", "--weight", "10", "--unit", "@@"),
])
def test_usage_errors(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, _, err = _run(capsys, *args)
    assert code == 2 and err


def test_policy_options_and_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, _ = _run(capsys, "≤100万元", "120万元", "-w", "10", "--reverse", "linear", "--json")
    assert json.loads(out)["score"] == "8.00"
    policy = tmp_path / "policy.toml"
    policy.write_text('[policy]\nreverse = "linear"\nrounding = "0.1"\n', encoding="utf-8")
    _, out, _ = _run(capsys, "≤100万元", "130万元", "-w", "10", "--policy", str(policy),
                     "--json")
    assert json.loads(out)["score"] == "7.0"


def test_budget_mode(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "278.4449", "30.00", "--weight", "20", "--budget", "--json")
    assert code == 0
    assert json.loads(out)["score"] == "2.16"  # budget rate rounded to 0.1% by default


def test_help_shows_each_percent_sign_once(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse %-formats help texts but not metavars: ``±2%`` must not print as ``±2%%``."""
    with pytest.raises(SystemExit):
        main(["evaluate", "--help"])
    out = capsys.readouterr().out
    assert "%%" not in out
    assert "--tolerance ±2%" in out
    assert "如 ±2%（默认关闭）" in out
    assert "如 ≥95%；" in out and "如 % 或 万元" in out

"""``zhibiao parse``: readable output, JSON Lines, exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from zhibiao.cli import main


def _run(argv: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None,
         capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str, str]:
    assert monkeypatch is not None and capsys is not None
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_parse_ok(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["parse", "≥95%", "每年≥3次"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert "≥95%" in out and "≥3次/年" in out


def test_json_lines_one_per_input_line_in_order(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    stdin = "≥1.4亿元\n≤30个工作曰\n\n显著提升\n"
    code, out, _ = _run(["parse", "--json", "-"], stdin, monkeypatch, capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r["text"] for r in lines] == ["≥1.4亿元", "≤30个工作曰", "", "显著提升"]
    assert lines[0] == {"text": "≥1.4亿元", "ok": True, "kind": "comparison",
                        "canonical": "≥1.4亿元", "op": ">=", "value": "140000000", "unit": "元"}
    assert lines[1]["ok"] is False
    assert set(lines[1]["error"]) >= {"message", "column", "hint"}
    assert lines[1]["error"]["suggestion"] == "工作日"
    assert lines[2]["kind"] == "not_applicable"


def test_json_contract_kinds(monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    values = ["90%-95%", "年底前", "本指标不适用", "受益户数≥200户,受益脱贫户数≥15户", "100",
              "7%（单位部分）"]
    _, out, _ = _run(["parse", "--json", *values], monkeypatch=monkeypatch, capsys=capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in rows] == ["range", "deadline", "not_applicable", "compound",
                                         "comparison", "comparison"]
    assert {"low", "high", "unit", "low_inclusive", "high_inclusive"} <= set(rows[0])
    assert [c["kind"] for c in rows[3]["clauses"]] == ["comparison", "comparison"]
    assert rows[4]["implicit_op"] is True and rows[4]["op"] == "=="
    assert rows[5]["note"] == "单位部分"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["parse"])
    assert info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "parse" in capsys.readouterr().out


def test_console_script_runs_main_in_its_own_process() -> None:
    env = {**os.environ, "PYTHONUTF8": "1"}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    code = ("import gc, os, sys; from zhibiao.cli import console; code = console(); "
            "print(os.environ['PYDANTIC_DISABLE_PLUGINS'], gc.isenabled()); sys.exit(code)")
    ok = subprocess.run([sys.executable, "-c", code, "parse", "≥95%", "显著提升"], env=env,
                        capture_output=True, text=True, encoding="utf-8")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == "✓ ≥95%  →  比较 ≥95%\n✓ 显著提升  →  定性 显著提升\n__all__ True\n"
    bad = subprocess.run([sys.executable, "-m", "zhibiao", "parse", "≥95%%"], env=env,
                         capture_output=True, text=True, encoding="utf-8")
    assert (bad.returncode, bad.stdout.startswith("✗ ≥95%%")) == (1, True)
    usage = subprocess.run([sys.executable, "-m", "zhibiao", "parse"], env=env,
                           capture_output=True, text=True, encoding="utf-8")
    assert usage.returncode == 2 and "参数错误" in usage.stderr


def test_main_leaves_pydantic_plugins_to_the_embedding_process(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert main(["parse", "≥95%"]) == 0
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ

"""Issue 11, items 9–12: the engine and the command line never crash on hostile numbers,
the caller's Decimal context never changes a result, no -0, policy errors in Chinese."""

from __future__ import annotations

import decimal
import importlib
import io
import os
import subprocess
import sys
from decimal import Context, Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import zhibiao
from zhibiao.cli import main
from zhibiao.cli.policy_errors import policy_error_lines
from zhibiao.engine import (
    Policy,
    evaluate,
    evaluate_budget,
    evaluate_many,
    parse_actual,
    summarize,
)
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar.numerals import format_decimal
from zhibiao.testing.strategies import actuals_for, target_texts

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"
EXAMPLE_ACTUALS = RULESETS / "examples.actuals.csv"

_SIGNALS = [decimal.Clamped, decimal.DivisionByZero, decimal.Inexact, decimal.Overflow,
            decimal.Rounded, decimal.Subnormal, decimal.Underflow, decimal.InvalidOperation,
            decimal.FloatOperation]
HOSTILE_NUMBERS = ["1E+999999999", "-1E+999999999", "1E-999999999", "NaN", "-NaN", "sNaN",
                   "Infinity", "-Infinity", "1E+10001", "1E-10001"]


# ---- item 9: hostile numbers through the public API ------------------------------------

def test_reproducer_overflow_actual() -> None:
    with pytest.raises(EvaluationError, match="超出可计算范围"):
        evaluate("≥95%", Decimal("1E+999999999"), weight=10)


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
@pytest.mark.parametrize("target", ["≥95%", "≤30个工作日", "=100%", "90%-95%", "显著提升"])
def test_hostile_decimal_actual_is_an_evaluation_error(target: str, number: str) -> None:
    with pytest.raises(EvaluationError):
        evaluate(target, Decimal(number), weight=10)


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_hostile_weight_is_an_evaluation_error(number: str) -> None:
    for weight in (Decimal(number), number):
        with pytest.raises(EvaluationError):
            evaluate("≥95%", "92%", weight=weight)
        with pytest.raises(EvaluationError):
            evaluate_budget("100", "30", weight=weight)


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_hostile_budget_amounts(number: str) -> None:
    with pytest.raises(EvaluationError):
        evaluate_budget(Decimal(number), Decimal(30), weight=10)
    with pytest.raises(EvaluationError):
        evaluate_budget(Decimal(100), Decimal(number), weight=10)


@pytest.mark.parametrize("number", ["1E+10000", "1E-10000", "0E+999999999", "0E-999999999"])
def test_largest_and_smallest_accepted_numbers_give_outcomes(number: str) -> None:
    outcome = evaluate("≥95%", Decimal(number), weight=10)
    assert Decimal(0) <= outcome.score <= Decimal(10)
    assert outcome.to_json()["score"] == str(outcome.score)
    assert evaluate_budget(Decimal(100), Decimal(number), weight=10).score <= 10


@pytest.mark.parametrize("number", ["1E+999999999", "1E-999999999"])
def test_models_refuse_numbers_out_of_range(number: str) -> None:
    with pytest.raises(ValidationError, match="超出可计算范围"):
        zhibiao.Quantity(value=Decimal(number))


def test_text_actuals_with_huge_numbers_are_outcomes_not_errors() -> None:
    for text in ["1E+999999999", "1e999999%", "NaN", "sNaN", "Infinity", "9" * 900 + "%"]:
        outcome = evaluate("≥95%", text, weight=10)
        assert outcome.score in (Decimal("0.00"), Decimal("10.00"))


@pytest.mark.parametrize("row", [("≥95%", Decimal("sNaN"), 10), ("≥95%", "92%", Decimal("sNaN")),
                                 ("≥95%", "92%", [10]), ("≥95%", [92], 10)])
def test_evaluate_many_unhashable_rows(row: tuple[Any, Any, Any]) -> None:
    with pytest.raises(EvaluationError):
        list(evaluate_many([row]))


def test_evaluate_many_and_summarize_raise_only_zhibiao_errors() -> None:
    rows = [("≥95%", Decimal("92"), 10), ("≥95%", Decimal("1E+999999999"), 10)]
    outcomes = evaluate_many(rows)
    assert next(outcomes).score == Decimal("9.68")
    with pytest.raises(EvaluationError):
        next(outcomes)
    total = summarize([("产出指标", "数量指标", evaluate("≥95%", "92%", weight=100))])
    assert total.total == Decimal("96.84")


@pytest.mark.parametrize("value", [Decimal("sNaN"), Decimal("NaN"), 92, None, b"92"])
def test_parse_actual_refuses_what_is_not_text(value: Any) -> None:
    with pytest.raises(EvaluationError, match="需要字符串"):
        parse_actual(value)


@pytest.mark.parametrize(("field", "value"), [
    ("overshoot_flag", "1e999999999"), ("overshoot_flag", Decimal("1E+999999999")),
    ("overshoot_cut", "1e999999999"), ("overshoot_flag", Decimal("NaN")),
    ("overshoot_flag", Decimal("sNaN")), ("rounding", Decimal("sNaN")), ("rounding", "Infinity"),
    ("tolerance", Decimal("1E-999999999")), ("budget_rate_quantum", "1e-999999999"),
    ("budget_rate_quantum", "0.3"), ("qualitative_bands", (Decimal(80), Decimal("1E-99999"))),
    ("grades", {"优": Decimal("NaN")}), ("year", "abc"), ("rounding", "0"),
])
def test_bad_policy_values_are_validation_errors_with_chinese_lines(field: str,
                                                                    value: object) -> None:
    # Direct model construction keeps pydantic's ValidationError (documented); the
    # command line shows policy_error_lines.
    with pytest.raises(ValidationError) as info:
        Policy.model_validate({field: value})
    lines = policy_error_lines(info.value)
    assert lines[0].startswith("评分规则有误")
    assert any(line.strip().startswith(field) for line in lines[1:])
    assert "可写：" in "\n".join(lines)
    assert "errors.pydantic.dev" not in "\n".join(lines)


def test_policy_limits_still_accept_sane_values() -> None:
    policy = Policy(overshoot_flag="1000", overshoot_cut="150%", budget_rate_quantum="0.0001",
                    year="2024年")
    assert policy.overshoot_flag == 1000 and policy.year == 2024
    outcome = evaluate("≥95%", "200%", weight=10, policy=policy)
    # cut to 10 × 1.5 ÷ (200 ÷ 95)
    assert outcome.score == (Decimal("15") * 95 / 200).quantize(Decimal("0.01"),
                                                                decimal.ROUND_HALF_UP)


# ---- item 11: no -0, negative weights refused --------------------------------------------

@pytest.mark.parametrize("weight", [Decimal("-0"), "-0", "-0.00", Decimal("-0E+3"), "-0分"])
def test_weight_minus_zero_is_zero(weight: object) -> None:
    outcome = evaluate("≥95%", "92%", weight=weight)  # type: ignore[arg-type]
    assert str(outcome.score) == "0.00"
    assert not outcome.weight.is_signed()
    assert "-0" not in outcome.explanation
    assert "-0" not in str(outcome.to_json())
    budget = evaluate_budget("100", "30", weight=weight)  # type: ignore[arg-type]
    assert "-0" not in budget.explanation and str(budget.score) == "0.00"


@pytest.mark.parametrize("weight", [Decimal("-1"), -1, "-0.01", "-5分", Decimal("-1E-9")])
def test_negative_weight_is_an_error(weight: object) -> None:
    with pytest.raises(EvaluationError, match="非负"):
        evaluate("≥95%", "92%", weight=weight)  # type: ignore[arg-type]


@pytest.mark.parametrize("actual", ["-0", "-0%", Decimal("-0"), Decimal("-0.000"), "-0.0000001%"])
def test_negative_zero_actuals_print_no_minus_zero(actual: object) -> None:
    for target in ("≥95%", "≤5%", "=0%", "0%-5%"):
        outcome = evaluate(target, actual, weight=10)  # type: ignore[arg-type]
        data = outcome.to_json()
        assert not outcome.score.is_signed()
        assert data["ratio"] is None or not data["ratio"].startswith("-0")
        assert "= -0" not in outcome.explanation and "×-0" not in outcome.explanation


def test_cli_weight_minus_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "≥95%", "92%", "-w", "-0"]) == 0
    out = capsys.readouterr().out
    assert "92÷95×0 = 0.00" in out and "-0" not in out


def test_cli_negative_weight(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "≥95%", "92%", "-w=-5"]) == 2
    err = capsys.readouterr().err
    assert "分值" in err and "Traceback" not in err


# ---- numbers are written exactly -----------------------------------------------------------

@pytest.mark.parametrize("text", ["140000000.0", "0.50", "1E+5", "-0.50", "9" * 45,
                                  "1." + "0" * 40 + "1", "-0", "0E-30"])
def test_format_decimal_is_exact_in_any_context(text: str) -> None:
    expected = format_decimal(Decimal(text))
    with localcontext(Context(prec=2, traps=_SIGNALS)):
        assert format_decimal(Decimal(text)) == expected
    assert Decimal(expected) == Decimal(text)
    assert "E" not in expected
    assert expected == "0" or Decimal(text) != 0


@pytest.mark.parametrize("number", ["9" * 45, "1" + "0" * 40 + "1", "0." + "0" * 40 + "1"])
@pytest.mark.parametrize("suffix", ["%", "万元", "亿元", "个"])
def test_long_numbers_keep_every_digit(number: str, suffix: str) -> None:
    model = zhibiao.parse(f"≥{number}{suffix}")
    assert str(model) == f"≥{number}{suffix}"
    assert zhibiao.parse(str(model)) == model


# ---- item 10: the caller's Decimal context never changes a result -------------------------

_ROUNDINGS = [decimal.ROUND_DOWN, decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN,
              decimal.ROUND_CEILING, decimal.ROUND_FLOOR, decimal.ROUND_UP,
              decimal.ROUND_HALF_DOWN, decimal.ROUND_05UP]


@st.composite
def hostile_contexts(draw: st.DrawFn) -> Context:
    return Context(prec=draw(st.integers(1, 50)), rounding=draw(st.sampled_from(_ROUNDINGS)),
                   Emin=draw(st.integers(-30, 0)), Emax=draw(st.integers(0, 30)),
                   capitals=draw(st.integers(0, 1)), clamp=draw(st.integers(0, 1)),
                   traps=draw(st.lists(st.sampled_from(_SIGNALS), unique=True)))


def _clear_caches() -> None:
    """Forget every remembered parse and outcome, so both runs really compute."""
    from zhibiao.engine import explain
    from zhibiao.grammar import default_parser

    parser = default_parser()
    parser.parse.cache_clear()  # type: ignore[attr-defined]
    parser._read_canonical.cache_clear()  # type: ignore[attr-defined]
    parser.actuals.cache_clear()
    importlib.import_module("zhibiao.engine.evaluate").clear_compiled()
    explain._NUM_CACHE.clear()


def _scored(text: str, actual: str, weight: Decimal, policy: Policy) -> dict[str, Any]:
    outcome = evaluate(text, actual, weight=weight, policy=policy)
    budget = evaluate_budget("278.4449", actual.rstrip("%"), weight=weight, policy=policy) \
        if actual.rstrip("%").replace(".", "", 1).isdigit() else None
    totals = summarize([("产出指标", "数量指标", outcome)], budget=budget, policy=policy)
    parsed: object
    try:
        parsed = parse_actual(actual)
    except IndicatorSyntaxError as exc:
        parsed = str(exc)
    # models compared as models: their repr() is Python's, in the caller's context
    # (capitals=0 writes 1e-8), not an output of zhibiao's
    return {"outcome": outcome.to_json(), "budget": None if budget is None else budget.to_json(),
            "total": str(totals.total), "explanation": totals.explanation,
            "parsed": parsed, "target": zhibiao.parse(text)}


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str, Decimal, Policy]:
    text, _ = draw(target_texts(kinds=["comparison", "range", "qualitative", "compound"]))
    actual = draw(actuals_for(text, outcome=st.sampled_from(
        ["achieved", "not_achieved", "not_evaluable"])))
    weight = draw(st.decimals(min_value=0, max_value=100, places=2))
    policy = draw(st.sampled_from([
        Policy(), Policy(reverse="linear", rounding="0.1", rounding_mode="half_even"),
        Policy(tolerance="±2%", rate_quantum="0.001", overshoot_cut="1.5"),
        Policy(rounding_mode="down", qualitative_bands="80/50", qualitative_position="middle"),
    ]))
    return text, actual, weight, policy


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.filter_too_much])
@given(case=cases(), context=hostile_contexts())
def test_caller_context_never_changes_a_result(case: tuple[str, str, Decimal, Policy],
                                               context: Context) -> None:
    text, actual, weight, policy = case
    _clear_caches()
    with localcontext(context):
        hostile = _scored(text, actual, weight, policy)
    _clear_caches()
    assert _scored(text, actual, weight, policy) == hostile


def test_zhibiao_context_is_pythons_default() -> None:
    from zhibiao.decimal_context import ACTIVE_CONTEXT, ZHIBIAO_CONTEXT

    default = Context()  # the settings of decimal.DefaultContext as Python ships it
    for context in (ZHIBIAO_CONTEXT, ACTIVE_CONTEXT):
        assert (context.prec, context.rounding, context.Emin, context.Emax, context.capitals,
                context.clamp) == (default.prec, default.rounding, default.Emin, default.Emax,
                                   default.capitals, default.clamp)
        assert {s for s in _SIGNALS if context.traps[s]} == {
            s for s in _SIGNALS if default.traps[s]}


def test_reproducer_inexact_trap() -> None:
    with localcontext(Context(traps=[decimal.Inexact])):
        outcome = evaluate("≥95%", "92%", weight=10)
    assert outcome.score == Decimal("9.68")


def test_caller_context_is_restored() -> None:
    mine = Context(prec=5, traps=[decimal.Inexact])
    with localcontext(mine) as installed:
        evaluate("≥95%", "92%", weight=10)
        with pytest.raises(EvaluationError):
            evaluate("≥95%", Decimal("1E+999999999"), weight=10)
        assert decimal.getcontext() is installed
        assert installed.prec == 5 and installed.traps[decimal.Inexact]


@settings(max_examples=8, deadline=None)
@given(context=hostile_contexts())
def test_real_rulesets_score_alike_in_any_context(context: Context, tmp_path_factory: Any,
                                                  ) -> None:
    from openpyxl import load_workbook
    from rich.console import Console

    from zhibiao.report.csv_format import reports_to_csv
    from zhibiao.report.json_format import reports_to_json
    from zhibiao.report.md_format import report_markdown
    from zhibiao.report.table_format import render_table
    from zhibiao.report.xlsx_format import write_xlsx
    from zhibiao.ruleset.load import find_rulesets, read_ruleset
    from zhibiao.ruleset.scoring import score_rulesets

    workbook = tmp_path_factory.mktemp("xlsx") / "report.xlsx"

    def run() -> tuple[object, ...]:
        rulesets = [r for r in (read_ruleset(p)[0] for p in find_rulesets([RULESETS]))
                    if r is not None]
        reports, problems = score_rulesets(rulesets, EXAMPLE_ACTUALS)
        table = io.StringIO()
        render_table(reports, Console(file=table, width=160))
        write_xlsx(reports, workbook)
        return (reports_to_json(reports), reports_to_csv(reports),
                "\n".join(report_markdown(r) for r in reports), tuple(map(str, problems)),
                table.getvalue(), tuple(r.to_toml() for r in rulesets))

    def cells() -> list[tuple[object, ...]]:
        book = load_workbook(workbook)
        return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]

    _clear_caches()
    with localcontext(context):
        hostile = run()
    hostile_cells = cells()
    _clear_caches()
    assert run() == hostile
    assert cells() == hostile_cells


def test_policy_validation_in_a_hostile_context() -> None:
    with localcontext(Context(prec=1, traps=list(_SIGNALS))):
        policy = Policy.model_validate({"overshoot_flag": "130%", "tolerance": "±2.5%"})
    assert policy.overshoot_flag == Decimal("1.3")


# ---- item 12 and the boundary: every failure is a Chinese message and an exit code -------

def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_reproducer_cli_overshoot_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(capsys, "evaluate", "≥95%", "92%", "-w", "10", "--overshoot-flag",
                        "1e999999999")
    assert code == 2
    assert "overshoot_flag" in err and "1000" in err and "Traceback" not in err


@pytest.mark.parametrize(("option", "value", "accepted"), [
    ("--rounding", "0", "0.01"), ("--rounding", "abc", "0.01"),
    ("--qualitative-bands", "90/95", "80/60"), ("--tolerance", "abc", "±2%"),
    ("--year", "abc", "四位年份"), ("--overshoot-flag", "0.5", "1.3"),
])
def test_cli_policy_errors_are_chinese(capsys: pytest.CaptureFixture[str], option: str,
                                       value: str, accepted: str) -> None:
    code, _, err = _cli(capsys, "evaluate", "≥95%", "92%", "-w", "10", option, value)
    assert code == 2
    assert "评分规则有误" in err and accepted in err
    assert "validation error" not in err and "errors.pydantic.dev" not in err


def test_cli_policy_file_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "policy.toml"
    bad.write_text('[policy]\nrounding = "0"\nfoo = 1\n', encoding="utf-8")
    code, _, err = _cli(capsys, "evaluate", "≥95%", "92%", "-w", "10", "--policy", str(bad))
    assert code == 2 and "rounding" in err and "foo" in err and "不是评分规则的设置项" in err
    for path in (tmp_path / "missing.toml", tmp_path):
        code, _, err = _cli(capsys, "evaluate", "≥95%", "92%", "-w", "10", "--policy", str(path))
        assert code == 2 and "无法读取评分规则文件" in err and "Errno" not in err


def test_check_reports_an_unreadable_ruleset_and_goes_on(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("a: " + "[" * 100_000, encoding="utf-8")
    (tmp_path / "nan.yaml").write_text("points: .nan\n", encoding="utf-8")
    good = RULESETS / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml"
    code, out, err = _cli(capsys, "check", str(tmp_path / "deep.yaml"),
                          str(tmp_path / "nan.yaml"), str(good))
    assert code == 1
    assert f"✓ {good}" in out and "检查了 3 个规则集" in out and "：0 个错误" not in out
    assert "deep.yaml" in out and "nan.yaml" in out and "Traceback" not in out + err


def test_parse_unreadable_data_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _cli(capsys, "parse", "--units", str(tmp_path / "无.txt"), "≥95%")
    assert code == 2 and "无法读取" in err and "Errno" not in err


def _score_args(output: Path | str, fmt: str = "json") -> list[str]:
    return ["score", str(RULESETS / "000-mingguang-2024"), "-a", str(EXAMPLE_ACTUALS), "-q",
            "-f", fmt, "-o", str(output)]


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "table", "xlsx"])
def test_output_into_a_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      fmt: str) -> None:
    target = tmp_path / "没有这个文件夹" / "报告.out"
    code, _, err = _cli(capsys, *_score_args(target, fmt))
    assert code == 2
    assert f"无法写入 {target}" in err and "请先创建文件夹" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_output_onto_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                              fmt: str) -> None:
    code, _, err = _cli(capsys, *_score_args(tmp_path, fmt))
    assert code == 2 and "是一个文件夹" in err and str(tmp_path) in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_output_onto_a_full_disk(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, _, err = _cli(capsys, *_score_args("/dev/full", fmt))
    assert code == 2 and "磁盘空间已满" in err and "/dev/full" in err


def test_schema_output_into_a_missing_folder(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    code, _, err = _cli(capsys, "schema", "-o", str(tmp_path / "无" / "schema.json"))
    assert code == 2 and "无法写入" in err


def _failing_run(exc: BaseException) -> Any:
    def run(args: object) -> int:
        raise exc
    return run


@pytest.mark.parametrize(("exc", "code", "words"), [
    (KeyboardInterrupt(), 130, "已中断"),
    (RuntimeError("boom"), 1, "内部错误"),
    (RecursionError(), 1, "嵌套过深"),
    (EvaluationError("分值有误"), 1, "分值有误"),
    (PermissionError(13, "Permission denied", "报告/x.csv"), 2, "没有权限"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), 2, "UTF-8"),
])
def test_every_failure_becomes_a_message(capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch, exc: BaseException,
                                         code: int, words: str) -> None:
    from zhibiao.cli import parse_cmd

    monkeypatch.delenv("ZHIBIAO_DEBUG", raising=False)
    monkeypatch.setattr(parse_cmd, "run", _failing_run(exc))
    got, _, err = _cli(capsys, "parse", "≥95%")
    assert got == code and words in err and "Traceback" not in err
    interrupted = isinstance(exc, KeyboardInterrupt)
    assert err.startswith("\nzhibiao: " if interrupted else "zhibiao parse: ")


@pytest.mark.parametrize("how", ["flag_after", "flag_before", "env"])
def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    from zhibiao.cli import parse_cmd

    monkeypatch.setattr(parse_cmd, "run", _failing_run(RuntimeError("boom")))
    args = ["parse", "≥95%"]
    if how == "env":
        monkeypatch.setenv("ZHIBIAO_DEBUG", "1")
    else:
        monkeypatch.delenv("ZHIBIAO_DEBUG", raising=False)
        args = [*args, "--debug"] if how == "flag_after" else ["--debug", *args]
    code, _, err = _cli(capsys, *args)
    assert code == 1 and "Traceback" in err and "RuntimeError: boom" in err and "内部错误" in err


def _subprocess(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ZHIBIAO_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "zhibiao", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_subprocess_no_traceback(tmp_path: Path) -> None:
    for args in (_score_args("/dev/full", "xlsx"), _score_args(tmp_path / "无" / "x.json"),
                 ["evaluate", "≥95%", "92%", "-w", "10", "--overshoot-flag", "1e999999999"]):
        done = _subprocess(*args)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
        assert "zhibiao" in done.stderr
    with (Path("/dev/full").open("w") as full):
        done = subprocess.run([sys.executable, "-m", "zhibiao", "parse", "≥95%"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and "标准输出" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr

"""``zhibiao score`` streams: the same reports as scoring everything at once, flat memory.

The non-streaming result is the library's: :func:`score_rulesets` over every loaded
ruleset, written by the report functions. The command loads, scores and writes one
project at a time; its output must be the same bytes, its problems the same set.
"""

from __future__ import annotations

import gc
import io
import json
import os
import random
import tracemalloc
import weakref
from pathlib import Path
from typing import Any

import pytest

from zhibiao.cli import main
from zhibiao.engine.policy import DEFAULT_POLICY
from zhibiao.grammar import IndicatorParser, default_parser
from zhibiao.report import Report
from zhibiao.report.console import file_console
from zhibiao.report.csv_format import reports_to_csv
from zhibiao.report.json_format import report_json, reports_to_json
from zhibiao.report.md_format import report_markdown
from zhibiao.report.model import outcome_fields
from zhibiao.report.table_format import render_table
from zhibiao.ruleset.actuals import read_actuals
from zhibiao.ruleset.actuals_store import ActualsStore
from zhibiao.ruleset.load import find_rulesets, read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.scoring import score_rulesets, unscored
from zhibiao.safe_text import json_text, visible

ROOT = Path(__file__).resolve().parents[1]
RULESETS = ROOT / "rulesets"
ACTUALS = RULESETS / "examples.actuals.csv"
FORMATS = ("json", "jsonl", "csv", "md", "table")


def _library(paths: list[Path], actuals: Path) -> tuple[list[Report], list[Problem]]:
    """Everything held at once: the result the stream must equal."""
    problems: list[Problem] = []
    rulesets = []
    for path in find_rulesets(paths):
        ruleset, found = read_ruleset(path)
        problems.extend(p for p in found if p.severity == "error")
        if ruleset is not None:
            rulesets.append(ruleset)
    reports, found = score_rulesets(rulesets, actuals)
    missing = [p for ruleset, report in zip(rulesets, reports, strict=True)
               for p in unscored(ruleset, report)]
    return reports, [*problems, *found, *(p for r in reports for p in r.problems), *missing]


def _expected(reports: list[Report], fmt: str) -> bytes:
    if fmt == "json":
        return (reports_to_json(reports) + "\n").encode()
    if fmt == "jsonl":
        return "".join(report_json(r) + "\n" for r in reports).encode()
    if fmt == "csv":
        return reports_to_csv(reports).encode("utf-8-sig")
    if fmt == "md":
        return "\n".join(report_markdown(r) for r in reports).encode()
    out = io.StringIO()
    render_table(reports, file_console(out))
    return out.getvalue().encode()


def _all_printed(problems: list[Problem], err: str) -> bool:
    return all(visible(str(p)) + "\n" in err for p in problems)


def _score(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["score", *args, "-q"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("fmt", FORMATS)
def test_stream_equals_everything_at_once(fmt: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"report.{fmt}"
    code, err = _score([str(RULESETS), "-a", str(ACTUALS), "-f", fmt, "-o", str(out)], capsys)
    reports, problems = _library([RULESETS], ACTUALS)
    assert len(reports) == 33
    assert out.read_bytes() == _expected(reports, fmt)
    assert _all_printed(problems, err)  # every problem of the library
    assert code == (1 if any(p.severity == "error" for p in problems) else 0)


def test_the_same_input_gives_the_same_bytes(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    outs = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for out in outs:
        _score([str(RULESETS), "-a", str(ACTUALS), "-f", "jsonl", "-o", str(out)], capsys)
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_jsonl_lines_parse_one_by_one(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.jsonl"
    _score([str(RULESETS), "-a", str(ACTUALS), "-f", "jsonl", "-o", str(out)], capsys)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    reports = [json.loads(line) for line in lines[:-1]]
    files = find_rulesets([RULESETS])
    assert [r["ruleset"] for r in reports] == [str(p) for p in files]
    assert all(line.startswith('{"key":') and line.endswith("}") for line in lines[:-1])


def test_json_keeps_its_content_and_is_compact(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.json"
    _score([str(RULESETS), "-a", str(ACTUALS), "-f", "json", "-o", str(out)], capsys)
    text = out.read_text(encoding="utf-8")
    reports, _ = _library([RULESETS], ACTUALS)
    before = json_text([r.to_json() for r in reports])  # what --format json wrote before
    assert json.loads(text) == json.loads(before) and before.count("\n") > 1000
    assert text.count("\n") == len(reports) + 2  # "[", one line a report, "]"


def test_report_fields_equal_the_outcome_json(capsys: pytest.CaptureFixture[str]) -> None:
    reports, _ = _library([RULESETS], ACTUALS)
    for report in reports:
        for row in report.rows:
            full = row.outcome.to_json()
            assert outcome_fields(row.outcome) == {
                k: full[k] for k in ("status", "ratio", "score", "score_range", "polarity",
                                     "reason", "explanation") if k in full}
        full = report.budget.outcome.to_json()
        assert outcome_fields(report.budget.outcome, budget=True) == {
            k: full[k] for k in ("status", "ratio", "score", "explanation") if k in full}


@pytest.mark.parametrize("actuals", [
    ACTUALS, RULESETS / "002-xinzhou-2024" / "03-falv-guwen.actuals.xlsx",
    RULESETS / "003-suzhou-2023" / "04-jijin-anquan-jianguan.actuals.json"],
    ids=lambda p: p.suffix)
def test_store_gives_back_the_rows_read(actuals: Path) -> None:
    rows, problems = read_actuals(actuals)
    store, found = ActualsStore.read(actuals)
    assert found == problems and len(store) == len(rows)
    assert store.rows(store.projects) == rows
    for project in store.projects:
        assert store.rows([project]) == [r for r in rows if r.project == project]


# ---- generated provinces: errors per project, routing, memory -----------------------

_TARGETS = [("≥95%", ["96%", "92%"]), ("≤30个工作日", ["25个工作日", "33个工作日"]),
            ("年底前完成", ["11月", "次年1月"]), ("显著提升", ["达成预期指标"]),
            ("≥12次", ["12次", "10次"])]


def _province(folder: Path, projects: int, *, by_name: bool = False,
              seed: int = 3) -> Path:
    """``projects`` rulesets of 5 indicators and one actuals CSV naming them by key (or
    by project name)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["project,indicator,actual"]
    for p in range(projects):
        key = f"p{p:04d}"
        text = [f'[project]\nname = "项目{p}"\nyear = 2024\n'
                f'[project.funds]\nannual_total = "{rng.choice((80, 120, 450))}万元"\n']
        for i in range(5):
            target, actuals = _TARGETS[rng.randrange(len(_TARGETS))]
            text.append(f'[[indicators]]\nid = "{i + 1}"\nlevel1 = "产出指标"\n'
                        f'level2 = "数量指标"\nname = "指标{i + 1}"\nvalue = "{target}"\n')
            lines.append(f"{f'项目{p}' if by_name else key},{i + 1},{rng.choice(actuals)}")
        lines.append(f"{key},预算执行率,{rng.choice((60, 100, 300))}万元")
        (folder / f"{key}.toml").write_text("\n".join(text), encoding="utf-8")
    actuals = folder / "province.actuals.csv"
    actuals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return actuals


def test_a_broken_project_does_not_stop_the_others(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 4)
    (tmp_path / "p0001.toml").write_text('[project]\nname = "坏"\n[[indicators]\nid = "1"\n',
                                         encoding="utf-8")
    with actuals.open("a", encoding="utf-8") as handle:
        handle.write("p9999,1,96%\np0002,9,96%\n")
    out = tmp_path / "r.jsonl"
    code, err = _score([str(tmp_path), "-a", str(actuals), "-f", "jsonl", "-o", str(out)],
                       capsys)
    assert code == 1
    keys = [json.loads(line)["key"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert keys == ["p0000", "p0002", "p0003"]
    assert f"{tmp_path / 'p0001.toml'}:3" in err  # the broken file, with its line
    assert "unknown_project" in err and "p9999" in err  # the stray row, not dropped
    assert "unknown_indicator" in err
    reports, problems = _library([tmp_path], actuals)
    assert out.read_bytes() == _expected(reports, "jsonl")
    assert _all_printed(problems, err)


def test_no_usable_actuals_writes_nothing(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 3)
    actuals.write_text("project,indicator,actual\nnobody,1,96%\n", encoding="utf-8")
    out = tmp_path / "r.json"
    code, err = _score([str(tmp_path), "-a", str(actuals), "-f", "json", "-o", str(out)],
                       capsys)
    assert code == 2 and not out.exists() and "未生成报告" in err


def _peak(folder: Path, actuals: Path, *, held: bool = False) -> int:
    """Peak traced memory of ``zhibiao score`` on ``folder`` (``held``: of the library
    scoring every ruleset at once and writing the same report)."""
    out = folder / "r.jsonl"
    gc.collect()
    tracemalloc.start()
    try:
        if held:
            reports, _ = _library([folder], actuals)
            out.write_text("".join(report_json(r) + "\n" for r in reports), encoding="utf-8")
        else:
            main(["score", str(folder), "-a", str(actuals), "-f", "jsonl", "-o", str(out),
                  "-q"])
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_in_the_number_of_projects(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    small_actuals, large_actuals = _province(small, 50), _province(large, 200)
    _peak(small, small_actuals)  # warm: the grammar, the engine's bounded caches
    streamed = _peak(large, large_actuals) - _peak(small, small_actuals)
    held = _peak(large, large_actuals, held=True) - _peak(small, small_actuals, held=True)
    capsys.readouterr()
    # Streamed, what grows with 150 more projects is the compact actuals rows and the
    # engine's caches (bounded: they stop growing at a few thousand entries); held, every
    # report and ruleset.
    assert streamed < held / 3, (streamed, held)


def test_rulesets_with_the_same_settings_share_one_policy(tmp_path: Path) -> None:
    base = (RULESETS / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml").read_text(
        encoding="utf-8")
    paths = []
    for name, rounding in (("a", '"0.01"'), ("b", '"0.01"'), ("c", '"0.010"')):
        paths.append(tmp_path / f"{name}.toml")
        paths[-1].write_text(base + f"\n[policy]\nrounding = {rounding}\n", encoding="utf-8")
    a, b, c = (read_ruleset(p)[0] for p in paths)
    assert a is not None and b is not None and c is not None
    assert a.indicators[0].policy is b.indicators[0].policy
    # equal as numbers, not as written: 0.010 keeps three places, so it is not shared
    assert c.indicators[0].policy is not a.indicators[0].policy
    assert str(c.indicators[0].policy.rounding) != str(a.indicators[0].policy.rounding)
    # the same target under the same settings: one compiled Scorer for both rulesets
    assert a.indicators[0].scorer is b.indicators[0].scorer
    assert c.indicators[0].scorer is not a.indicators[0].scorer
    assert c.indicators[0].scorer.policy is c.indicators[0].policy
    assert [i.scorer.text for i in a.indicators] == [i.scorer.text for i in c.indicators]


def test_rulesets_without_a_policy_share_the_one_of_their_year(tmp_path: Path) -> None:
    base = (RULESETS / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml").read_text(
        encoding="utf-8")
    assert "[policy]" not in base and "year = 2024" in base
    paths = []
    for name, year in (("a", "2024"), ("b", "2024"), ("c", "2025")):
        paths.append(tmp_path / f"{name}.toml")
        paths[-1].write_text(base.replace("year = 2024", f"year = {year}"), encoding="utf-8")
    a, b, c = (read_ruleset(p)[0] for p in paths)
    assert a is not None and b is not None and c is not None
    assert a.spec.policy is b.spec.policy is c.spec.policy is DEFAULT_POLICY
    assert a.indicators[0].policy is b.indicators[0].policy
    assert (a.indicators[0].policy.year, c.indicators[0].policy.year) == (2024, 2025)
    assert a.indicators[0].policy == DEFAULT_POLICY.model_copy(update={"year": 2024})


def test_the_kept_scorers_do_not_keep_a_parser_alive(tmp_path: Path) -> None:
    path = RULESETS / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml"
    parser = IndicatorParser()
    ruleset, _ = read_ruleset(path, parser)
    assert ruleset is not None and ruleset.indicators[0].scorer.parser is parser
    held = weakref.ref(parser)
    del parser, ruleset
    read_ruleset(path, default_parser())  # another parser's rulesets
    gc.collect()
    assert held() is None


def test_a_failure_midway_leaves_no_report_cut_short(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import zhibiao.cli.score_cmd as score_cmd

    actuals = _province(tmp_path, 5)
    calls: list[str] = []
    real = score_cmd.score_ruleset

    def failing(ruleset: Any, rows: Any) -> Report:
        calls.append(ruleset.key)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return real(ruleset, rows)

    monkeypatch.setattr(score_cmd, "score_ruleset", failing)
    out = tmp_path / "r.jsonl"
    code, err = _score([str(tmp_path), "-a", str(actuals), "-f", "jsonl", "-o", str(out)],
                       capsys)
    assert code == 1 and "内部错误（RuntimeError）" in err
    assert calls == ["p0000", "p0001", "p0002"] and not out.exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_device_that_fails_is_never_removed(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import stat

    actuals = _province(tmp_path, 60)  # more than one write buffer of jsonl
    code, err = _score([str(tmp_path), "-a", str(actuals), "-f", "jsonl", "-o", "/dev/full"],
                       capsys)
    assert code == 2 and "磁盘空间已满" in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_an_xlsx_that_fails_to_build_leaves_no_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The workbook is built when the output closes, after every report has been added: a
    failure there removes the file too, as a failure while scoring does."""
    from zhibiao.report import xlsx_format

    def failing(reports: list[Report]) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(xlsx_format, "xlsx_bytes", failing)
    out = tmp_path / "自评表.xlsx"
    code = main(["score", str(RULESETS / "000-mingguang-2024"),
                 "-a", str(RULESETS / "examples.actuals.csv"), "-f", "xlsx", "-o", str(out), "-q"])
    assert code != 0
    assert not out.exists()
    assert "Traceback" not in capsys.readouterr().err

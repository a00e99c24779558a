"""``zhibiao score --jobs N``: worker processes give the bytes and problems of one.

Every format, every routing case (rows by key, by name, without a project, names
learnt midway, a key shared by two rulesets) and every failure: the output file, the
problems printed (in their order) and the exit code are those of ``--jobs 1``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_score_stream import ACTUALS, RULESETS, _province, _score
from zhibiao.cli.score_pool import job_count
from zhibiao.report import Report


def _both(args: list[str], out: Path, capsys: pytest.CaptureFixture[str],
          jobs: str = "2") -> tuple[int, str, bytes | None]:
    """Run with ``--jobs 1`` and ``--jobs jobs``; both must agree. The second's result."""
    results = []
    for value in ("1", jobs):
        if out.exists():
            out.unlink()
        code, err = _score([*args, "-o", str(out), "--jobs", value], capsys)
        results.append((code, err, out.read_bytes() if out.exists() else None))
    assert results[0] == results[1]
    return results[1]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "md", "table"])
def test_jobs_give_the_bytes_of_one(fmt: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, err, data = _both([str(RULESETS), "-a", str(ACTUALS), "-f", fmt],
                            tmp_path / f"r.{fmt}", capsys)
    assert data and code == 1 and "missing_actual" in err  # the examples leave some out


def test_xlsx_with_jobs_holds_every_project(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    actuals = _province(tmp_path, 5)
    code, _ = _score([str(tmp_path), "-a", str(actuals), "-f", "xlsx", "-o",
                      str(tmp_path / "r.xlsx"), "-j", "3"], capsys)
    assert code == 0
    assert len(load_workbook(tmp_path / "r.xlsx").sheetnames) == 6  # summary + 5 projects


def test_more_jobs_than_files_and_auto(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 3)
    _both([str(tmp_path), "-a", str(actuals), "-f", "jsonl"], tmp_path / "r.jsonl", capsys,
          jobs="8")
    _both([str(tmp_path), "-a", str(actuals), "-f", "csv"], tmp_path / "r.csv", capsys,
          jobs="auto")


@pytest.mark.parametrize("text", ["0", "-1", "two", "1.5", ""])
def test_a_bad_job_count_is_a_usage_error(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="--jobs 应为正整数或 auto"):
        job_count(text)
    assert job_count("3") == 3 and job_count("auto") >= 1


def test_a_bad_job_count_on_the_command_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 2)
    with pytest.raises(SystemExit) as exit_info:
        _score([str(tmp_path), "-a", str(actuals), "-j", "0"], capsys)
    assert exit_info.value.code == 2
    assert "--jobs 应为正整数或 auto" in capsys.readouterr().err


def test_names_learnt_midway_restart_the_workers(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 12)  # by key; then two projects' rows by their names
    text = actuals.read_text(encoding="utf-8").replace("p0007,", "项目7,")
    actuals.write_text(text.replace("p0010,", "项目10,") + "项目2,1,96%\n", encoding="utf-8")
    code, err, _ = _both([str(tmp_path), "-a", str(actuals), "-f", "jsonl"],
                         tmp_path / "r.jsonl", capsys)
    assert code == 1 and "duplicate_row" in err  # 项目2's second row, reached by name


def test_broken_files_and_stray_rows(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 6)
    (tmp_path / "p0001.toml").write_text('[project]\nname = "坏"\n[[indicators]\nid = "1"\n',
                                         encoding="utf-8")
    with actuals.open("a", encoding="utf-8") as handle:
        handle.write("p9999,1,96%\np0002,9,96%\n")
    code, err, _ = _both([str(tmp_path), "-a", str(actuals), "-f", "json"],
                         tmp_path / "r.json", capsys)
    assert code == 1 and "unknown_project" in err and "unknown_indicator" in err


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="the patched function reaches the workers by fork")
def test_a_failure_in_a_worker_leaves_no_report(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import zhibiao.cli.score_pool as score_pool

    actuals = _province(tmp_path, 6)
    real = score_pool.score_ruleset

    def failing(ruleset: Any, rows: Any) -> Report:
        if ruleset.key == "p0003":
            raise RuntimeError("boom")
        return real(ruleset, rows)

    monkeypatch.setattr(score_pool, "score_ruleset", failing)  # the workers are forked
    out = tmp_path / "r.jsonl"
    code, err = _score([str(tmp_path), "-a", str(actuals), "-f", "jsonl", "-o", str(out),
                        "-j", "2"], capsys)
    assert code == 1 and "内部错误（RuntimeError）" in err and not out.exists()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="the patched function reaches the workers by fork")
def test_a_worker_that_dies_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Killed (for memory, say): the run stops with a message, it does not wait for ever
    nor write a report short of a project."""
    import signal

    import zhibiao.cli.score_pool as score_pool

    actuals = _province(tmp_path, 6)
    real = score_pool.score_ruleset

    def dying(ruleset: Any, rows: Any) -> Report:
        if ruleset.key == "p0004":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(ruleset, rows)

    monkeypatch.setattr(score_pool, "score_ruleset", dying)
    out = tmp_path / "r.jsonl"
    code, err = _score([str(tmp_path), "-a", str(actuals), "-f", "jsonl", "-o", str(out),
                        "-j", "2"], capsys)
    assert code == 2 and "有评分进程意外退出" in err and "--jobs（现为 2）" in err
    assert not out.exists()


_KEYS = ["a", "b", "c"]
_NAMES = ["甲", "乙", "a"]  # a name may be another ruleset's key


@settings(max_examples=int(os.environ.get("ROUTING_EXAMPLES", "12")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rulesets=st.lists(st.tuples(st.sampled_from([None, *_KEYS]), st.sampled_from(_NAMES)),
                         min_size=2, max_size=6),
       rows=st.lists(st.tuples(st.sampled_from([None, "", *_KEYS, *_NAMES, "无"]),
                               st.sampled_from(["1", "2", "预算执行率"])),
                     min_size=1, max_size=8))
def test_routing_with_jobs_equals_one_job(
        rulesets: list[tuple[str | None, str]], rows: list[tuple[str | None, str]],
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path_factory.mktemp("route")
    for index, (key, name) in enumerate(rulesets):
        text = f'[project]\nname = "{name}"\n' + (f'key = "{key}"\n' if key else "")
        text += "".join(f'[[indicators]]\nid = "{i}"\nlevel1 = "产出指标"\nlevel2 = "数量指标"\n'
                        f'name = "指标{i}"\nvalue = "≥95%"\n' for i in (1, 2))
        (folder / f"{_KEYS[index % 3]}{index}.toml").write_text(text, encoding="utf-8")
    actuals = folder / "x.actuals.csv"
    has_project = any(project is not None for project, _ in rows)
    lines = ["project,indicator,actual"] if has_project else ["indicator,actual"]
    for project, indicator in rows:
        value = "50万元" if indicator == "预算执行率" else "96%"
        lines.append(f"{project or ''},{indicator},{value}" if has_project
                     else f"{indicator},{value}")
    actuals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _both([str(folder), "-a", str(actuals), "-f", "jsonl"], folder / "r.jsonl", capsys)

"""``zhibiao score`` streams: actuals rows reach the rulesets as when all is held.

Rows name a project by its key or its name, or none; keys may repeat and names may be
another ruleset's key. Routed one ruleset at a time, every row must reach the same
reports as :func:`~zhibiao.ruleset.scoring.route_rows` gives them with every ruleset
known (or be reported, never dropped).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_score_stream import _all_printed, _expected, _library, _province, _score
from zhibiao.report.json_format import report_json


@pytest.mark.parametrize("by_name", [False, True])
def test_rows_naming_projects_by_key_or_name(by_name: bool, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 6, by_name=by_name)
    out = tmp_path / "r.csv"
    _, err = _score([str(tmp_path), "-a", str(actuals), "-f", "csv", "-o", str(out)],
                    capsys)
    reports, problems = _library([tmp_path], actuals)
    assert out.read_bytes() == _expected(reports, "csv")
    assert _all_printed(problems, err)
    assert all(r.rows[0].actual is not None for r in reports)


def test_rows_by_key_then_one_by_name(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 5)  # by key; then the last project's rows by its name
    text = actuals.read_text(encoding="utf-8").replace("p0004,", "项目4,")
    actuals.write_text(text + "项目0,1,96%\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    code, err = _score([str(tmp_path), "-a", str(actuals), "-f", "jsonl", "-o", str(out)],
                       capsys)
    reports, problems = _library([tmp_path], actuals)
    assert code == 1 and out.read_bytes() == _expected(reports, "jsonl")
    assert _all_printed(problems, err)
    assert reports[4].rows[0].actual is not None  # the rows by name reached 项目4
    assert "duplicate_row" in err  # 项目0's second row for indicator 1, by name


def test_a_name_for_a_key_scored_before_is_reported(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 2)  # p0000 项目0, p0001 项目1; then both keyed "k"
    for index in (0, 1):
        path = tmp_path / f"p000{index}.toml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "year = 2024\n", 'year = 2024\nkey = "k"\n'), encoding="utf-8")
    actuals.write_text("project,indicator,actual\nk,1,96%\n项目1,2,96%\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    code, err = _score([str(tmp_path), "-a", str(actuals), "-f", "jsonl", "-o", str(out)],
                       capsys)
    # Held, the row naming 项目1 reaches key k: both reports. Streamed, the first report
    # was written before 项目1 was seen: the row is reported, not dropped silently.
    assert code == 1 and f"{actuals}:3" in err and "late_project_name" in err
    reports, _ = _library([tmp_path], actuals)
    streamed = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert streamed[1] == json.loads(report_json(reports[1]))
    assert streamed[0]["rows"][1]["actual_text"] is None
    assert reports[0].rows[1].actual == "96%"


def test_ambiguous_and_missing_projects_are_problems(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path, 3)
    twin = (tmp_path / "p0002.toml").read_text(encoding="utf-8").replace("项目2", "项目1")
    (tmp_path / "p0002.toml").write_text(twin, encoding="utf-8")
    with actuals.open("a", encoding="utf-8") as handle:
        handle.write("项目1,1,96%\n项目0,2,96%\n")
    text = actuals.read_text(encoding="utf-8").replace("project,indicator,actual\n",
                                                        "project,indicator,actual\n,1,1\n")
    actuals.write_text(text, encoding="utf-8")
    out = tmp_path / "r.json"
    code, err = _score([str(tmp_path), "-a", str(actuals), "-f", "json", "-o", str(out)],
                       capsys)
    assert code == 1
    assert "ambiguous_project" in err and "missing_project" in err
    reports, problems = _library([tmp_path], actuals)
    assert out.read_bytes() == _expected(reports, "json")
    assert _all_printed(problems, err)


def test_one_ruleset_takes_rows_without_a_project(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _province(tmp_path / "p", 1)
    lines = actuals.read_text(encoding="utf-8").splitlines()
    plain = tmp_path / "plain.csv"
    plain.write_text("indicator,actual\n" + "\n".join(line.split(",", 1)[1]
                                                       for line in lines[1:]) + "\n",
                     encoding="utf-8")
    ruleset = tmp_path / "p" / "p0000.toml"
    code, _ = _score([str(ruleset), "-a", str(plain), "-f", "md"], capsys)
    assert code == 0


_KEYS = ["a", "b", "c"]
_NAMES = ["甲", "乙", "a"]  # a name may be another ruleset's key


@settings(max_examples=int(os.environ.get("ROUTING_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rulesets=st.lists(st.tuples(st.sampled_from([None, *_KEYS]), st.sampled_from(_NAMES)),
                         min_size=1, max_size=4),
       rows=st.lists(st.tuples(st.sampled_from([None, "", *_KEYS, *_NAMES, "无"]),
                               st.sampled_from(["1", "2", "预算执行率"])),
                     min_size=1, max_size=8))
def test_routing_equals_everything_at_once(
        rulesets: list[tuple[str | None, str]], rows: list[tuple[str | None, str]],
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    """Keys given or taken from the file name, names shared or equal to a key, rows by
    key, by name, without a project or naming none: routed as when all is held."""
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
    out = folder / "r.jsonl"
    code, err = _score([str(folder), "-a", str(actuals), "-f", "jsonl", "-o", str(out)],
                       capsys)
    reports, problems = _library([folder], actuals)
    if "late_project_name" in err:  # two rulesets with one key, the later one named
        keys = [r.key for r in reports]
        assert len(set(keys)) < len(keys) and code == 1
        return
    if any(r.budget.spent is not None or any(x.actual for x in r.rows) for r in reports):
        assert out.read_bytes() == _expected(reports, "jsonl")
        assert code == (1 if any(p.severity == "error" for p in problems) else 0)
    else:
        assert code == 2 and not out.exists()
    assert _all_printed(problems, err)

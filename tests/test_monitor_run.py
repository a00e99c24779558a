"""One monitoring run (:func:`zhibiao.monitor.monitor_run`), as ``zhibiao monitor`` and
``POST /v1/monitor`` both make it: the as-of date read from its text, the refusals, and a
ruleset's line found where the caller says (a ruleset given as text is not re-read from
disk)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhibiao.monitor import as_of_date, monitor_run
from zhibiao.monitor.run import AsOfError
from zhibiao.ruleset.actuals import read_actuals, rows_from_mapping
from zhibiao.ruleset.load import load_ruleset, read_ruleset_text

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "rulesets" / "003-suzhou-2023" / "04-jijin-anquan-jianguan.toml"
EXAMPLE = ROOT / "rulesets" / "examples.monitor.csv"


@given(st.dates())
def test_every_date_reads_back(date: dt.date) -> None:
    assert as_of_date(date.isoformat()) == date
    assert as_of_date(f" {date.isoformat()}\n") == date


@given(st.dates(min_value=dt.date(1000, 1, 1)),
       st.sampled_from(["{y}/{m}/{d}", "{y}-{m}-{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日",
                        "{y} 年 {m} 月 {d} 日", "{y}/{m:02d}/{d:02d}"]),
       st.booleans())
def test_a_whole_date_as_people_write_it(date: dt.date, form: str, wide: bool) -> None:
    """(Issue 16's door: 2023/6/30 and 2023年6月30日 are how the forms write dates.)"""
    text = form.format(y=date.year, m=date.month, d=date.day)
    if wide:  # full-width digits, as an input method may type them
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789/-."})
    assert as_of_date(text) == date


@pytest.mark.parametrize("text", ["", "明年", "2023-02-29", "2023-6-31", "30.06.2023",
                                  "6月30日", "2023年6月", "2023/13/1", "23/6/30"])
def test_a_text_that_is_no_date(text: str) -> None:
    with pytest.raises(AsOfError, match="YYYY-MM-DD"):
        as_of_date(text)


def test_a_run_that_may_be_written() -> None:
    rows, _ = read_actuals(EXAMPLE)
    run = monitor_run([load_ruleset(RULESET)], rows, dt.date(2023, 6, 30), None, "x.csv")
    assert run.refusal is None and len(run.reports) == 1 and run.problems == []


def test_refused_outside_the_year_and_without_a_row() -> None:
    rows, _ = read_actuals(EXAMPLE)
    ruleset = load_ruleset(RULESET)
    run = monitor_run([ruleset], rows, dt.date(2024, 6, 30), None, "x.csv")
    assert run.reports == [] and run.refusal is not None
    assert run.refusal.code == "no_ruleset_for_date" and "2024-06-30" in run.refusal.message
    assert [p.code for p in run.problems] == ["bad_as_of"]
    nothing, _ = rows_from_mapping({"9.9.9": "3次"})
    run = monitor_run([ruleset], nothing, dt.date(2023, 6, 30), None, "空.csv")
    assert run.refusal is not None and run.refusal.code == "no_usable_actuals"
    assert "空.csv" in run.refusal.message
    assert "unknown_indicator" in {p.code for p in run.problems}


def test_the_line_is_found_where_the_caller_says() -> None:
    """A ruleset read from text under the name of a real file: the default reads that
    file; ``line_of`` gives the line of the text instead (the service's case)."""
    text = "# 前言\n# 前言\n" + RULESET.read_text(encoding="utf-8")
    ruleset, problems = read_ruleset_text(text, str(RULESET))
    assert ruleset is not None and not [p for p in problems if p.severity == "error"]
    asked: list[tuple[str, ...]] = []

    def line_of(_: object, field: tuple[str, ...]) -> int:
        asked.append(field)
        return 4242

    run = monitor_run([ruleset], [], dt.date(2022, 6, 30), None, "x.csv", line_of=line_of)
    (problem,) = run.problems
    assert problem.line == 4242 and asked == [("project", "year")]
    from_file = monitor_run([ruleset], [], dt.date(2022, 6, 30), None, "x.csv")
    assert 0 < from_file.problems[0].line != 4242

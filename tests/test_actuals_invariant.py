"""The invariant of the actuals door: every input row comes out, as a scored row or a problem.

Real actuals files from rulesets/ are corrupted the ways exported and hand-edited files
are — title rows, blank lines, duplicated and missing columns, bad quoting, extra cells,
truncation, BOMs, GBK and UTF-16, mixed line endings; merged cells, formulas without a
value, dates and a second sheet in workbooks — and then read and scored. Each data row
of the corrupted file must come out exactly once as a row (and then be used by a report
or named by a problem) or be named by a problem of its line; a file whose header lost
the indicator or actual column is one error that covers every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhibiao.report import Report
from zhibiao.ruleset.actuals import ActualRow, read_actuals
from zhibiao.ruleset.actuals_header import header_of
from zhibiao.ruleset.load import load_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.ruleset.scoring import score_rulesets

ROOT = Path(__file__).resolve().parents[1]
RULESETS = ROOT / "rulesets"
EXAMPLES = [RULESETS / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml",
            RULESETS / "002-xinzhou-2024" / "03-falv-guwen.toml",
            RULESETS / "003-suzhou-2023" / "04-jijin-anquan-jianguan.toml"]


def _sources() -> list[tuple[Path, list[Path]]]:
    """Each real actuals CSV with the rulesets it is scored against."""
    found = [(RULESETS / "examples.actuals.csv", EXAMPLES)]
    for path in sorted(RULESETS.glob("*/*.actuals.csv")):
        found.append((path, [path.with_name(path.name.replace(".actuals.csv", ".toml"))]))
    return found


SOURCES = _sources()
LOADED: dict[Path, Ruleset] = {p: load_ruleset(p) for _, paths in SOURCES for p in paths}
TABLES = {path: list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
          for path, _ in SOURCES}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what a line is (docs/guide.md)
# Each example writes, reads and scores a file: 60 in CI (a few seconds), a tenth of the
# profile's examples in the long run (HYPOTHESIS_PROFILE=fuzz), the profile's own below.
_PROFILE_EXAMPLES = settings.default.max_examples
_EXAMPLES = _PROFILE_EXAMPLES // 10 if _PROFILE_EXAMPLES > 200 else min(60, _PROFILE_EXAMPLES)
_SETTINGS = settings(max_examples=_EXAMPLES, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])

TITLES = ["2024年度项目支出绩效自评表", "单位：万元,,", "项目名称,城乡医疗救助",
          "（此表由系统导出）"]


@dataclass
class Corruption:
    """What is done to one table; row-level corruptions are keyed by data row index."""

    drop: int | None = None
    duplicate: int | None = None
    titles: list[str] = field(default_factory=list)
    blank_after: set[int] = field(default_factory=set)
    quoting: dict[int, tuple[str, int]] = field(default_factory=dict)
    extra: set[int] = field(default_factory=set)
    endings: list[str] = field(default_factory=lambda: ["\n"])
    cut: float | None = None
    encoding: str = "utf-8"


@st.composite
def corruptions(draw: st.DrawFn, width: int, rows: int) -> Corruption:
    index = st.integers(0, rows - 1)
    return Corruption(
        drop=draw(st.none() | st.integers(0, width - 1)),
        duplicate=draw(st.none() | st.integers(0, width - 2)),
        titles=draw(st.lists(st.sampled_from(TITLES), max_size=3)),
        blank_after=draw(st.sets(st.integers(-1, rows - 1), max_size=3)),
        quoting=draw(st.dictionaries(index, st.tuples(
            st.sampled_from(["unclosed", "stray", "after"]), st.integers(0, width)),
            max_size=3)),
        extra=draw(st.sets(index, max_size=2)),
        endings=draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=4)),
        cut=draw(st.none() | st.floats(0, 1)),
        encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-8-sig-twice", "gb18030",
                                       "utf-16", "utf-16-le", "utf-16-be-bom"])),
    )


def _columns(header: list[str], rows: list[list[str]], c: Corruption,
             ) -> tuple[list[str], list[list[str]]]:
    table = [list(header), *([*r, *[""] * (len(header) - len(r))] for r in rows)]
    if c.drop is not None:
        table = [r[:c.drop] + r[c.drop + 1:] for r in table]
    if c.duplicate is not None and c.duplicate < len(table[0]):
        table = [[*r, r[c.duplicate]] for r in table]
    return table[0], table[1:]


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(ch in cell for ch in ',"\r\n') else cell


def _line(cells: list[str], quoting: tuple[str, int] | None, extra: bool) -> str:
    texts = [_quote(cell) for cell in cells]
    if quoting is not None:
        kind, at = quoting
        filled = [i for i, cell in enumerate(cells) if cell and '"' not in texts[i]]
        if filled:
            i = filled[at % len(filled)]
            cell = cells[i]
            texts[i] = {"unclosed": '"' + cell, "stray": cell[:1] + '"' + cell[1:],
                        "after": f'"{cell}"x'}[kind]
    if extra:
        texts.append("多出的一格")
    return ",".join(texts)


def _csv_text(path: Path, c: Corruption) -> tuple[str, list[int], bool]:
    """The corrupted text, the offsets where its data rows start, whether it is usable."""
    header, rows = _columns(TABLES[path][0], TABLES[path][1:], c)
    usable = header_of(header).complete
    lines = [*c.titles, ",".join(header)]
    starts_at: list[int] = []  # index into lines
    if -1 in c.blank_after:
        lines.append("")
    for n, row in enumerate(rows):
        starts_at.append(len(lines))
        lines.append(_line(row, c.quoting.get(n), n in c.extra))
        if n in c.blank_after:
            lines.append("")
    text, offsets, header_end = "", [], 0
    for n, line in enumerate(lines):
        if n in starts_at:
            offsets.append(len(text))
        text += line + c.endings[n % len(c.endings)]
        if n == len(c.titles):
            header_end = len(text)
    if c.cut is not None:
        cut = header_end + round(c.cut * (len(text) - header_end))
        text = text[:cut]
        offsets = [o for o in offsets if o < cut]
    return text, offsets, usable


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig-twice":
        return ("\ufeff\ufeff" + text).encode("utf-8")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def _check_rows(rows: list[ActualRow], problems: list[Problem], expected: set[int]) -> None:
    """Rows in = rows out: each expected line is a row or a problem, nothing else is a row."""
    lines = [r.row for r in rows]
    assert len(lines) == len(set(lines)), "a line read as two rows"
    assert set(lines) <= expected, f"rows from lines that are not data rows: {set(lines)}"
    covered = set(lines) | {p.line for p in problems}
    assert expected <= covered, f"lines lost without a word: {sorted(expected - covered)}"


def _check_scored(rows: list[ActualRow], reports: list[Report], problems: list[Problem],
                  ) -> None:
    """Each row read is used by a report or named by a problem of its line."""
    named = {p.line for p in problems} | {p.line for r in reports for p in r.problems}
    for row in rows:
        if row.row in named:
            continue
        used = any(report.budget.spent == row.actual if row.is_budget else
                   any(row.indicator in (r.id, r.name) and r.actual == row.actual
                       for r in report.rows)
                   for report in reports)
        assert used, f"row {row.row} ({row.indicator}) neither scored nor named"


def _line_of(text: str, offset: int) -> int:
    return len(_LINE_BREAK.findall(text[:offset])) + 1


@_SETTINGS
@given(data=st.data(), source=st.sampled_from(SOURCES))
def test_every_csv_row_is_scored_or_a_problem(tmp_path_factory: Any, data: st.DataObject,
                                              source: tuple[Path, list[Path]]) -> None:
    path, ruleset_paths = source
    table = TABLES[path]
    c = data.draw(corruptions(len(table[0]), len(table) - 1))
    text, offsets, usable = _csv_text(path, c)
    file = tmp_path_factory.mktemp("inv") / "actuals.csv"
    file.write_bytes(_encode(text, c.encoding))
    rows, problems = read_actuals(file)
    if not usable:
        assert rows == [] and "missing_column" in [p.code for p in problems]
        return
    expected = {_line_of(text, offset) for offset in offsets}
    _check_rows(rows, problems, expected)
    reports, routing = score_rulesets([LOADED[p] for p in ruleset_paths], rows)
    _check_scored(rows, reports, [*problems, *routing])


def test_corruptions_do_reach_the_reader(tmp_path: Path) -> None:
    """The generator's corruptions are the ones the door reports (the test can fail)."""
    path = SOURCES[0][0]
    c = Corruption(titles=["2024年度项目支出绩效自评表"], quoting={1: ("unclosed", 1),
                   3: ("stray", 2), 5: ("after", 1)}, extra={7}, encoding="utf-16-le")
    text, offsets, _ = _csv_text(path, c)
    file = tmp_path / "a.csv"
    file.write_bytes(_encode(text, c.encoding))
    rows, problems = read_actuals(file)
    codes = {p.code: p.line for p in problems}
    assert codes == {"utf16_without_bom": 0, "skipped_rows": 1, "unclosed_quote": 4,
                     "stray_quote": 6, "text_after_quote": 8, "extra_cells": 10}
    assert len(rows) == len(offsets) - 3


# ---- workbooks ------------------------------------------------------------------------------

@dataclass
class BookCorruption:
    titles: int = 0
    blank_after: set[int] = field(default_factory=set)
    merge_project: bool = False
    merge_indicator: int | None = None
    formulas: set[int] = field(default_factory=set)
    dates: set[int] = field(default_factory=set)
    second_sheet: bool = False


@st.composite
def book_corruptions(draw: st.DrawFn, rows: int) -> BookCorruption:
    index = st.integers(0, rows - 1)
    return BookCorruption(
        titles=draw(st.integers(0, 3)), blank_after=draw(st.sets(index, max_size=3)),
        merge_project=draw(st.booleans()), merge_indicator=draw(st.none() | st.integers(
            0, rows - 2)), formulas=draw(st.sets(index, max_size=2)),
        dates=draw(st.sets(index, max_size=2)), second_sheet=draw(st.booleans()))


def _book(path: Path, c: BookCorruption, out: Path) -> set[int]:
    """Write the table of ``path`` as a workbook; the sheet rows of its data rows."""
    from openpyxl import Workbook

    header, *rows = TABLES[path]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for n in range(c.titles):
        sheet.append([TITLES[n % len(TITLES)]])
        sheet.merge_cells(start_row=n + 1, start_column=1, end_row=n + 1,
                          end_column=len(header))
    sheet.append(header)
    lines: list[int] = []
    for n, row in enumerate(rows):
        cells: list[Any] = list(row)
        if n in c.dates:
            cells[header.index("actual") if "actual" in header else 1] = dt.datetime(
                2023, 12, 15)
        if n in c.formulas:
            cells[-1] = "=1+1"
        sheet.append(cells)
        lines.append(sheet.max_row)
        if n in c.blank_after:
            sheet.append([])
            sheet.append([" "])
    if c.merge_project and "project" in header:
        column, start = header.index("project") + 1, 0
        for n in range(1, len(rows) + 1):
            if n == len(rows) or rows[n][0] != rows[start][0]:
                if n - start > 1:
                    sheet.merge_cells(start_row=lines[start], start_column=column,
                                      end_row=lines[n - 1], end_column=column)
                start = n
    if c.merge_indicator is not None:
        column = max(header.index(h) for h in header if h in ("indicator", "指标编号")) + 1
        first, second = lines[c.merge_indicator], lines[c.merge_indicator + 1]
        if second == first + 1:
            sheet.merge_cells(start_row=first, start_column=column, end_row=second,
                              end_column=column)
    if c.second_sheet:
        other = book.create_sheet("第二页")
        other.append(header)
        other.append(rows[0])
    book.save(out)
    return set(lines)


@settings(_SETTINGS, max_examples=max(1, _EXAMPLES // 2))
@given(data=st.data(), source=st.sampled_from(SOURCES))
def test_every_workbook_row_is_scored_or_a_problem(tmp_path_factory: Any, data: st.DataObject,
                                                   source: tuple[Path, list[Path]]) -> None:
    path, ruleset_paths = source
    c = data.draw(book_corruptions(len(TABLES[path]) - 1))
    file = tmp_path_factory.mktemp("inv") / "actuals.xlsx"
    expected = _book(path, c, file)
    rows, problems = read_actuals(file)
    _check_rows(rows, problems, expected)
    assert all(p.cell for p in problems), "a workbook problem without its cell"
    assert ("other_sheet" in [p.code for p in problems]) == c.second_sheet
    reports, routing = score_rulesets([LOADED[p] for p in ruleset_paths], rows)
    _check_scored(rows, reports, [*problems, *routing])
    if c.merge_project and c.merge_indicator is None and not c.formulas and not c.dates:
        plain = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
        assert [r.project for r in rows] == [p.get("project") or None for p in plain]

"""Round trip through the workbook ``zhibiao score -f xlsx`` writes (issue 15 item 2).

Every bundled ruleset is scored into the official 财预〔2020〕10号 form (项目支出 and
部门整体支出), the workbook is read by :func:`zhibiao.importer.read`, and each table,
made into its ruleset and actuals by :func:`zhibiao.importer.materialize.materialize`,
must give back the same ruleset (ids, levels, names, values, points, 主管部门, 实施单位,
goals, 预算执行率 points and 全年预算数), the same actuals, and the same total.

A unit or direction the ruleset gives apart (``90`` + ``%`` + 反向) has no cell of its
own on the form: the 年度指标值 cell shows the target with them joined in (``≤90%``), and
that is what comes back. By design, and not compared: amounts come back in the form's
万元 (``20,000元`` → ``2万元``, the same amount); the fund sources come back under the
form's own row names (their sum is compared); 中期目标 and 项目属性 have no cell on the
form; the 汇总 sheet of a workbook of several projects is no table (its cells are
reported).
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.import_cells import dropped
from zhibiao.cli import main
from zhibiao.importer import ImportedDocument, read
from zhibiao.importer.materialize import Materialized, materialize
from zhibiao.ruleset.actuals import ActualRow, read_actuals
from zhibiao.ruleset.load import find_rulesets, load_ruleset
from zhibiao.ruleset.ruleset import Ruleset

ROOT = Path(__file__).resolve().parents[1]
RULESETS = ROOT / "rulesets"
EXAMPLES = RULESETS / "examples.actuals.csv"
FORMS = ROOT / "tests" / "data" / "report"

def _quiet_main(args: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(args)


def _scored(folder: Path, rulesets: list[Path], actuals: Path) -> list[ImportedDocument]:
    workbook = folder / "report.xlsx"
    assert _quiet_main(["score", *map(str, rulesets), "-a", str(actuals), "-f", "xlsx",
                        "-o", str(workbook), "-q"]) in (0, 1)  # 1: rows without actuals
    result = read(workbook)
    assert not result.has_errors, [str(p) for p in result.problems if p.severity == "error"]
    book = load_workbook(workbook)
    cells = [(f"{sheet.title}!{cell.coordinate}", str(cell.value))
             for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    assert not dropped(cells, result)  # every cell read or reported (得分说明 too)
    return result.documents


def _name(path: Path) -> str:
    return path.relative_to(RULESETS).with_suffix("").as_posix()


def _own_rows(ruleset: Ruleset, actuals: Path) -> list[ActualRow]:
    """The rows of ``actuals`` that belong to ``ruleset`` (a shared file names its project)."""
    rows, problems = read_actuals(actuals)
    assert not [p for p in problems if p.severity == "error"]
    return [row for row in rows
            if row.project in (None, "", ruleset.key, ruleset.spec.project.name)]


def _cases() -> Iterator[tuple[str, list[Path], Path]]:
    yield "all rulesets", find_rulesets([RULESETS]), EXAMPLES
    for path in find_rulesets([RULESETS]):
        for own in sorted(path.parent.glob(path.stem + ".actuals.*")):
            yield _name(path), [path], own
    yield "project form", [RULESETS / "002-xinzhou-2024" / "03-falv-guwen.toml"], \
        FORMS / "falv-guwen.actuals.csv"
    yield "unit-wide form", [RULESETS / "001-anyang-2021" / "00-unit-wide.toml"], \
        FORMS / "anyang-unit-wide.actuals.csv"


CASES = list(_cases())


def _amount(ruleset: Ruleset, text: str | None) -> Decimal | None:
    return None if not text else ruleset.parser.parse_amount(text).value


def _same_indicators(original: Ruleset, back: Ruleset) -> None:
    """Each indicator comes back as the form shows it: a unit or direction the ruleset
    gives apart (``90`` + ``%`` + 反向) is joined into the 年度指标值 cell (``≤90%``), so
    it comes back inside the value."""
    for mine, theirs in zip(back.indicators, original.indicators, strict=True):
        seen = (mine.id, mine.spec.level1, mine.spec.level2, mine.spec.name, mine.spec.value,
                mine.points)
        want = (theirs.id, theirs.spec.level1, theirs.spec.level2, theirs.spec.name,
                theirs.shown_target, theirs.points)
        assert seen == want
        for field in ("unit", "direction"):
            assert getattr(mine.spec, field) in (None, getattr(theirs.spec, field)), \
                (mine.id, field)


def _same_ruleset(original: Ruleset, done: Materialized) -> None:
    back = done.ruleset
    assert back is not None, [str(p) for p in done.problems]
    o, b = original.spec.project, back.spec.project
    assert (b.name, b.unit, b.department, b.year, b.kind) == \
        (o.name, o.unit, o.department, o.year, o.kind)
    assert (back.spec.goals.annual if back.spec.goals else None) == \
        (original.spec.goals.annual if original.spec.goals else None)
    assert back.budget_points == original.budget_points
    total = original.spec.budget.total or (o.funds.annual_total if o.funds else None)
    # amounts come back in the form's 万元 (``67万`` → ``67万元``): the same amount
    assert _amount(back, back.spec.budget.total) == _amount(original, total)
    # the form sorts the fund sources into its own rows (其中：当年财政拨款, 上年结转资金,
    # 其他资金): the names differ by design, the money does not
    assert _sources(back) == _sources(original)
    assert [i.id for i in back.indicators] == [i.id for i in original.indicators]
    _same_indicators(original, back)


def _sources(ruleset: Ruleset) -> Decimal:
    funds = ruleset.spec.project.funds
    amounts = funds.sources.values() if funds is not None and funds.sources else ()
    return sum((ruleset.parser.parse_amount(text).value for text in amounts), Decimal(0))


def _actual_key(ruleset: Ruleset, rows: list[ActualRow]) -> list[tuple[str, str, str]]:
    """(indicator id, actual, reason) of the indicator rows; names resolved to ids."""
    found = []
    for row in rows:
        if row.is_budget or row.is_goal:
            continue
        indicator = ruleset.indicator(row.indicator)
        assert indicator is not None, row.indicator
        found.append((indicator.id, (row.actual or "").strip(), (row.reason or "").strip()))
    return sorted(found)


def _same_actuals(original: Ruleset, given: list[ActualRow], back: Ruleset,
                  got: tuple[ActualRow, ...]) -> None:
    assert _actual_key(back, list(got)) == _actual_key(original, given)
    for flag in ("is_goal", "is_budget"):
        want = [r for r in given if getattr(r, flag)]
        have = [r for r in got if getattr(r, flag)]
        assert len(have) == len(want), flag
        for mine, theirs in zip(have, want, strict=True):
            if flag == "is_goal":
                assert mine.actual == theirs.actual
                continue
            for field in ("actual", "budget", "initial_budget"):  # 全年执行数 … in 万元
                wanted = getattr(theirs, field) or (
                    original.spec.budget.total if field == "budget" else None)
                if wanted is not None:
                    assert _amount(back, getattr(mine, field)) == \
                        _amount(original, wanted), field


@pytest.mark.parametrize(("name", "rulesets", "actuals"), CASES,
                         ids=[case[0] for case in CASES])
def test_score_workbook_imports_back(name: str, rulesets: list[Path], actuals: Path,
                                     tmp_path: Path) -> None:
    documents = _scored(tmp_path, rulesets, actuals)
    paths = find_rulesets(rulesets)
    assert len(documents) == len(paths)
    for path, document in zip(paths, documents, strict=True):
        original = load_ruleset(path)
        done = materialize(document)
        _same_ruleset(original, done)
        assert done.ruleset is not None
        given = _own_rows(original, actuals)
        _same_actuals(original, given, done.ruleset, done.actuals)
        if given:
            assert done.ruleset.score(done.actuals).totals.total == \
                original.score(given).totals.total, _name(path)


def test_a_unit_and_direction_given_apart_are_written_into_the_form() -> None:
    """``value = '10'`` with ``unit = "%"`` and ``direction = "反向"`` shows as ``≤10%``:
    the one cell says all the target means (a bare ``10`` would read back 正向)."""
    ruleset = load_ruleset(RULESETS / "001-anyang-2021" / "00-unit-wide.toml")
    shown = {i.spec.value + "|" + str(i.spec.direction): i.shown_target
             for i in ruleset.indicators if i.spec.unit == "%"}
    assert shown == {"90|正向": "≥90%", "10|反向": "≤10%", "80|反向": "≤80%"}


def test_import_writes_what_materialize_reads(tmp_path: Path) -> None:
    """``zhibiao import`` writes the files :func:`materialize` reads back."""
    ruleset = RULESETS / "002-xinzhou-2024" / "03-falv-guwen.toml"
    actuals = FORMS / "falv-guwen.actuals.csv"
    [document] = _scored(tmp_path, [ruleset], actuals)
    out = tmp_path / "imported"
    assert _quiet_main(["import", str(tmp_path / "report.xlsx"), "-o", str(out)]) == 0
    done = materialize(document)
    assert done.ruleset is not None
    written = load_ruleset(out / f"{document.key}.toml")
    assert written.spec == done.ruleset.spec
    rows = list(csv.reader(io.StringIO(
        (out / f"{document.key}.actuals.csv").read_text(encoding="utf-8"))))
    assert [row[:3] for row in rows[1:]] == [
        [row.indicator, row.actual or "", row.reason or ""] for row in done.actuals]

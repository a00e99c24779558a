"""``import(render(ruleset, actuals)) == (ruleset, actuals)`` for every 自评表 layout.

:func:`zhibiao.testing.strategies.selfeval_workbooks` draws filled workbooks (national
项目支出绩效自评表, 部门整体支出, split 指标性质 | 指标值 | 度量单位; title rows, header
units, several tables per sheet or across sheets) together with the rulesets and actuals
they render. :func:`zhibiao.importer.read` must find each table, and
:func:`zhibiao.importer.materialize.materialize` (the ruleset and actuals files that
``zhibiao import`` writes, read back) must give them again. What "equal" means is spelled
out in :func:`_same_ruleset`: what the form can say, compared by meaning (targets by
their compiled model), not by the TOML text.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.import_cells import dropped
from zhibiao.importer import ImportResult, read
from zhibiao.importer.materialize import materialize
from zhibiao.ruleset.actuals import ActualRow
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.testing.form_render import FORMS, RenderedWorkbook
from zhibiao.testing.strategies import selfeval_workbooks


def _read(data: bytes) -> ImportResult:
    with tempfile.TemporaryDirectory(prefix="zhibiao-") as folder:
        path = Path(folder) / "selfeval.xlsx"
        path.write_bytes(data)
        return read(path)


def _imported(result: ImportResult) -> list[tuple[Ruleset, list[ActualRow]]]:
    """The importer's tables as (ruleset, actuals rows); no import error allowed."""
    assert not result.has_errors, [str(p) for p in result.problems if p.severity == "error"]
    tables = []
    for document in result.documents:
        done = materialize(document)
        errors = [str(p) for p in (*result.problems, *done.problems) if p.severity == "error"]
        assert done.ruleset is not None and not errors, errors
        tables.append((done.ruleset, list(done.actuals)))
    return tables


def _same_ruleset(got: Ruleset, want: Ruleset) -> None:
    g, w = got.spec, want.spec
    project = (g.project.name, g.project.unit, g.project.year, g.project.kind)
    assert project == (w.project.name, w.project.unit, w.project.year, w.project.kind), project
    assert got.budget_points == want.budget_points
    assert g.budget is not None and w.budget is not None
    assert got.parser.parse_amount(g.budget.total) == \
        want.parser.parse_amount(w.budget.total)  # type: ignore[arg-type]
    assert (g.goals.annual if g.goals else None) == (w.goals.annual if w.goals else None)
    ids = [i.id for i in got.indicators]
    assert ids == [i.id for i in want.indicators], ids
    for mine, theirs in zip(got.indicators, want.indicators, strict=True):
        seen = (mine.id, mine.spec.level1, mine.spec.level2, mine.spec.name, mine.points)
        drawn = (theirs.id, theirs.spec.level1, theirs.spec.level2, theirs.spec.name,
                 theirs.points)
        assert seen == drawn, (seen, drawn)
        assert mine.scorer.model == theirs.scorer.model, (  # the target, units applied
            mine.id, mine.spec.value, theirs.spec.value, mine.spec.unit, theirs.spec.unit)
        assert mine.direction == theirs.direction, (mine.id, mine.direction, theirs.direction)


def _key(rows: Iterable[ActualRow | Mapping[str, str]]) -> list[tuple[str, str, str]]:
    out = []
    for row in rows:
        item = row.model_dump() if isinstance(row, ActualRow) else row
        out.append((item["indicator"], (item.get("actual") or "").strip(),
                    (item.get("reason") or "").strip()))
    return out


def _check(book: RenderedWorkbook) -> None:
    result = _read(book.data)
    cells = [(f"{t.sheet}!{ref}", value) for t in book.tables for ref, value in t.values.items()]
    assert not dropped(cells, result), dropped(cells, result)  # every cell read or reported
    tables = _imported(result)
    assert len(tables) == len(book.tables)
    for (ruleset, actuals), (want_ruleset, want_actuals) in zip(tables, book.pairs,
                                                                strict=True):
        _same_ruleset(ruleset, want_ruleset)
        goals = [row.actual for row in actuals if row.is_goal]  # the form's 实际完成情况
        assert goals == (["已完成年度目标"] if want_ruleset.spec.goals else []), goals
        actuals = [row for row in actuals if not row.is_goal]
        assert _key(actuals) == _key(want_actuals), (_key(actuals), _key(want_actuals))
        total = ruleset.score(actuals).totals.total
        assert total == want_ruleset.score(want_actuals).totals.total, total


@pytest.mark.parametrize("form", FORMS)
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_import_reads_back_what_was_rendered(form: str, data: st.DataObject) -> None:
    _check(data.draw(selfeval_workbooks(forms=[form], max_tables=3)))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(book=selfeval_workbooks(max_tables=3))
def test_import_reads_back_mixed_forms(book: RenderedWorkbook) -> None:
    _check(book)

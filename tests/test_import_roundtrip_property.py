"""``import(render(ruleset, actuals)) == (ruleset, actuals)`` for every 自评表 layout.

:func:`zhibiao.testing.strategies.selfeval_workbooks` draws filled workbooks (national
项目支出绩效自评表, 部门整体支出, split 指标性质 | 指标值 | 度量单位; title rows, header
units, several tables per sheet or across sheets) together with the rulesets and actuals
they render. The importer must read each table back to them.

The importer's API is assumed here as ``zhibiao.importer.read(path_or_bytes)`` returning,
per table in reading order, an object with ``.ruleset`` (a :class:`Ruleset`) and
``.actuals`` (rows with ``indicator``, ``actual``, optional ``reason``; the 预算执行率 row
last) — adapt :func:`_imported` when the importer lands. What "equal" means is spelled
out in :func:`_same_ruleset`: what the form can say, compared by meaning (targets by
their compiled model), not by the TOML text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.testing.form_render import FORMS, RenderedWorkbook
from zhibiao.testing.strategies import selfeval_workbooks

importer = pytest.importorskip("zhibiao.importer")


def _imported(data: bytes) -> list[tuple[Ruleset, list[Mapping[str, str]]]]:
    """The importer's tables as (ruleset, actuals rows)."""
    tables: Sequence[Any] = importer.read(data)
    return [(table.ruleset, list(table.actuals)) for table in tables]


def _same_ruleset(got: Ruleset, want: Ruleset) -> None:
    g, w = got.spec, want.spec
    assert (g.project.name, g.project.unit, g.project.year, g.project.kind) == \
        (w.project.name, w.project.unit, w.project.year, w.project.kind)
    assert got.budget_points == want.budget_points
    assert got.parser.parse_amount(g.budget.total or g.project.funds.annual_total  # type: ignore[union-attr]
                                   ) == want.parser.parse_amount(w.budget.total)  # type: ignore[arg-type]
    assert (g.goals.annual if g.goals else None) == (w.goals.annual if w.goals else None)
    assert len(got.indicators) == len(want.indicators)
    for mine, theirs in zip(got.indicators, want.indicators, strict=True):
        assert (mine.id, mine.spec.level1, mine.spec.level2, mine.spec.name, mine.points) == \
            (theirs.id, theirs.spec.level1, theirs.spec.level2, theirs.spec.name, theirs.points)
        assert mine.scorer.model == theirs.scorer.model, mine.id  # the target, units applied
        assert mine.direction == theirs.direction, mine.id


def _same_actuals(got: Sequence[Mapping[str, str]], want: Sequence[Mapping[str, str]]) -> None:
    def key(rows: Sequence[Mapping[str, str]]) -> list[tuple[str, str, str]]:
        return [(row["indicator"], row["actual"].strip(), (row.get("reason") or "").strip())
                for row in rows]
    assert key(got) == key(want)


@pytest.mark.parametrize("form", FORMS)
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_import_reads_back_what_was_rendered(form: str, data: st.DataObject) -> None:
    book: RenderedWorkbook = data.draw(selfeval_workbooks(forms=[form], max_tables=3))
    tables = _imported(book.data)
    assert len(tables) == len(book.tables)
    for (ruleset, actuals), (want_ruleset, want_actuals) in zip(tables, book.pairs,
                                                                strict=True):
        _same_ruleset(ruleset, want_ruleset)
        _same_actuals(actuals, want_actuals)
        assert ruleset.score(actuals).totals.total == \
            want_ruleset.score(want_actuals).totals.total

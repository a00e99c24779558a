"""From an imported document to what zhibiao scores: a :class:`Ruleset` and its actuals.

``materialize(document, *, parser=None, limits=None) -> Materialized``

The document goes the way ``zhibiao import`` writes it and ``zhibiao score`` reads it
back: the ruleset TOML of :func:`zhibiao.importer.export.ruleset_toml` is read as
``KEY.toml`` (checked as ``zhibiao check`` would), the actuals CSV of
:func:`zhibiao.importer.export.actuals_csv` as ``KEY.actuals.csv``. Nothing is written to
disk. So the audit, the round-trip tests and the files a user gets share one path.

>>> from pathlib import Path
>>> import tempfile
>>> from zhibiao.importer import read
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "t.csv"
...     _ = path.write_text("一级指标,二级指标,三级指标,指标值,实际完成值,分值\\n"
...                         "产出指标,数量指标,培训人次,≥300人次,280人次,90\\n",
...                         encoding="utf-8")
...     [document] = read(path).documents
>>> done = materialize(document)
>>> [(i.id, i.spec.value, i.points) for i in done.ruleset.indicators]
[('1.1.1', '≥300人次', Decimal('90'))]
>>> [(row.indicator, row.actual) for row in done.actuals]
[('1.1.1', '280人次')]
>>> done.ruleset.score(done.actuals).totals.total
Decimal('84.00')
"""

from __future__ import annotations

from dataclasses import dataclass

from zhibiao.grammar import IndicatorParser
from zhibiao.importer.export import actuals_csv, ruleset_toml
from zhibiao.importer.model import ImportedDocument
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals import ActualRow, read_actuals_data
from zhibiao.ruleset.load import read_ruleset_text
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset

__all__ = ("Materialized", "materialize")


@dataclass(frozen=True)
class Materialized:
    """One imported document as zhibiao scores it: ``ruleset`` (None when the document
    makes none, or its ruleset has errors — they are in ``problems``), ``actuals`` (the
    rows of its actuals file, the 预算执行率 row last; empty for a target table), and the
    ``problems`` met reading both back (the import's own problems stay in its
    :class:`~zhibiao.importer.model.ImportResult`)."""

    document: ImportedDocument
    ruleset: Ruleset | None
    actuals: tuple[ActualRow, ...]
    problems: tuple[Problem, ...]


def materialize(document: ImportedDocument, *, parser: IndicatorParser | None = None,
                limits: Limits | None = None) -> Materialized:
    """The ruleset and actuals of ``document`` (see the module docstring)."""
    if document.ruleset is None:
        return Materialized(document, None, (), ())
    ruleset, problems = read_ruleset_text(ruleset_toml(document), f"{document.key}.toml",
                                          parser, limits=limits)
    text = actuals_csv(document)
    rows: list[ActualRow] = []
    if text is not None:
        rows, found = read_actuals_data(text.encode("utf-8"), f"{document.key}.actuals.csv",
                                        limits=limits)
        problems = [*problems, *found]
    return Materialized(document, ruleset, tuple(rows), tuple(problems))

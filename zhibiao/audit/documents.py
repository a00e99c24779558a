"""Auditing a read table (:func:`audit_document`) and giving the problems of a file's
import to the tables they concern (:func:`assign_problems`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from zhibiao.audit.checks import points_problems, reason_problems, total_problems
from zhibiao.audit.model import AuditDocument, AuditRow, AuditTotal, DocumentVerdict
from zhibiao.audit.rows import (
    audit_budget,
    audit_row,
    score_budget,
    score_row,
    verdict_of,
)
from zhibiao.decimal_context import own_context
from zhibiao.engine import Outcome, Policy, summarize
from zhibiao.importer.model import ImportedDocument
from zhibiao.ruleset.problems import Problem

__all__ = ("REPLACED_CODES", "assign_problems", "audit_document", "empty_document")

#: Import problems the audit replaces with its own finding (``points_sum``).
REPLACED_CODES = frozenset({"published_points_sum"})

_ROW = re.compile(r"(?:!\$?[A-Z]+\$?|:)(\d+)(?::\d+)?$")


def _place(cell: str) -> tuple[str, int] | None:
    """``Sheet1!D12`` → ("Sheet1", 12); ``t.csv:7:5`` → ("", 7)."""
    match = _ROW.search(cell)
    if match is None:
        return None
    sheet = cell.rpartition("!")[0] if "!" in cell else ""
    return sheet, int(match.group(1))


def _span(document: ImportedDocument) -> tuple[int, int] | None:
    cells = [*document.cells.values(), document.total_cell,
             *(c for row in document.rows for c in row.cells.values()),
             *(document.budget.cells.values() if document.budget else ())]
    lines = [place[1] for place in map(_place, cells) if place is not None]
    return (min(lines), max(lines)) if lines else None


def assign_problems(documents: Sequence[ImportedDocument], problems: Sequence[Problem],
                    ) -> tuple[list[list[Problem]], list[Problem]]:
    """The import problems of each document (by file, sheet and row span: a problem
    below a table belongs to it until the next one starts), and those of files in which
    no document was found."""
    owned: list[list[Problem]] = [[] for _ in documents]
    spans = [_span(document) for document in documents]
    orphans: list[Problem] = []
    for problem in problems:
        if problem.code in REPLACED_CODES:
            continue
        place = _place(problem.cell)
        same_file = [i for i, d in enumerate(documents) if d.source == problem.file]
        if not same_file:
            orphans.append(problem)
            continue
        choice = same_file[0]
        if place is not None:
            sheet, line = place
            on_sheet = [i for i in same_file if documents[i].sheet == sheet] or same_file
            choice = on_sheet[0]
            for i in on_sheet:  # the last table that starts at or above the line
                span = spans[i]
                if span is not None and span[0] <= line:
                    choice = i
        owned[choice].append(problem)
    return owned, orphans


def _document_verdict(rows: Sequence[AuditRow], total: AuditTotal) -> DocumentVerdict:
    verdicts = [row.verdict for row in rows]
    if total.verdict != "not_published":  # a table without a 总分 row is not incomplete
        verdicts.append(total.verdict)
    if "differs" in verdicts:
        return "differs"
    return "match" if all(v == "match" for v in verdicts) else "incomplete"


@own_context
def audit_document(document: ImportedDocument, policy: Policy,
                   problems: Sequence[Problem] = ()) -> AuditDocument:
    """Re-score every row of ``document`` under ``policy`` and compare; ``problems``
    are those its import found (they stay with it). Deadlines (9月前, 次年2月底前) are
    read against the table's year (（2023年度）) when the policy names none, as
    ``zhibiao score`` reads them against the ruleset's."""
    if policy.year is None and document.year is not None:
        policy = policy.model_copy(update={"year": document.year})
    scored = [(row, score_row(row, policy)) for row in document.rows]
    rows = [audit_row(row, outcome) for row, outcome in scored]
    budget_outcome: Outcome | str | None = None
    budget = None
    if document.budget is not None:
        budget_outcome = score_budget(document.budget, policy)
        budget = audit_budget(document.budget, budget_outcome)
    outcomes = [(row.level1, row.level2, outcome) for row, outcome in scored]
    recomputed: Decimal | None = None
    if outcomes and not any(isinstance(o, str) for _, _, o in outcomes) and \
            not isinstance(budget_outcome, str):
        totals = summarize([(a, b, o) for a, b, o in outcomes if not isinstance(o, str)],
                           budget=budget_outcome, policy=policy)
        recomputed = totals.total
    total = AuditTotal(published=document.total_score, recomputed=recomputed,
                       verdict=verdict_of(document.total_score, recomputed),
                       cell=document.total_cell)
    found = [*problems, *reason_problems(document, scored), *points_problems(document),
             *total_problems(document, recomputed)]
    audited = [*rows, *([budget] if budget is not None else [])]
    return AuditDocument(source=document.source, sheet=document.sheet,
                         project=document.project or document.unit or document.department
                         or document.title, rows=rows, budget=budget, total=total,
                         problems=found, verdict=_document_verdict(audited, total))


def empty_document(source: str, problems: Sequence[Problem]) -> AuditDocument:
    """A file in which no table was found: its problems, nothing compared."""
    return AuditDocument(source=source, sheet="", project="",
                         total=AuditTotal(published=None, recomputed=None,
                                          verdict="not_evaluable"),
                         problems=list(problems), verdict="incomplete")



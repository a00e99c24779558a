"""Auditing filled 绩效自评表: every published row re-scored under the policy and
compared with the 得分 the table shows.

``audit(paths, *, policy=None, limits=None, headers=None) -> AuditResult``

Files are read by :mod:`zhibiao.importer` (``.xlsx``, ``.csv``, tab-separated text; a
folder is searched for them); each table found becomes an :class:`AuditDocument` with
its rows (:class:`AuditRow`: the cell of the 三级指标, the texts as published, the
recomputed ``score``, the ``score_range`` a qualitative tier allows, the ``verdict`` and
the engine's explanation), the 项目资金 block as ``budget``, the 总分 as ``total``, and
its ``problems``: those of the import (every cell not read) and the audit's own —
``reason_missing``, ``points_sum``, ``total_points_sum``, ``total_not_sum``,
``total_differs`` (:data:`zhibiao.audit.checks.CODES`). A file in which no table was
found is a document without rows that holds its problems, so nothing is dropped.

The policy is :data:`AUDIT_POLICY` unless one is given: the default settings with
``direction_from_name`` on (a 指标值 without operator takes the direction its
三级指标 name gives — 发生率, 投诉率 … lower is better; the explanation says so).

>>> from pathlib import Path
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "t.csv"
...     _ = path.write_text("一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分\\n"
...                         "产出指标,数量指标,培训人次,≥300人次,270人次,10,10\\n",
...                         encoding="utf-8")
...     result = audit([path])
>>> row = result.documents[0].rows[0]
>>> (row.cell, row.published_score, str(row.score), row.verdict)
('t.csv:2:3', '10', '9.00', 'differs')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from zhibiao.audit.checks import CODES
from zhibiao.audit.documents import assign_problems, audit_document, empty_document
from zhibiao.audit.model import (
    DOCUMENT_VERDICTS,
    VERDICTS,
    AuditDocument,
    AuditResult,
    AuditRow,
    AuditTotal,
)
from zhibiao.engine import Policy
from zhibiao.importer import SUFFIXES, find_tables, read
from zhibiao.importer.headers import load_headers
from zhibiao.limits import Limits

__all__ = ("AUDIT_POLICY", "CODES", "DOCUMENT_VERDICTS", "SUFFIXES", "VERDICTS",
           "AuditDocument", "AuditResult", "AuditRow", "AuditTotal", "audit", "audit_file",
           "find_tables")

#: The policy of an audit unless one is given: 指标值 without operator by name.
AUDIT_POLICY = Policy(direction_from_name=True)
def audit_file(path: Path, *, policy: Policy = AUDIT_POLICY, limits: Limits | None = None,
               headers: Path | None = None) -> list[AuditDocument]:
    """The documents of one file, audited."""
    result = read(path, limits=limits, headers=load_headers(headers))
    owned, orphans = assign_problems(result.documents, result.problems)
    documents = [audit_document(document, policy, problems)
                 for document, problems in zip(result.documents, owned, strict=True)]
    if orphans:
        if documents:
            first = documents[0]
            documents[0] = first.model_copy(update={"problems": [*orphans, *first.problems]})
        else:
            documents.append(empty_document(path.name, orphans))
    return documents


def audit(paths: Sequence[str | Path], *, policy: Policy | None = None,
          limits: Limits | None = None, headers: Path | None = None,
          progress: Callable[[], None] | None = None) -> AuditResult:
    """Audit the tables in ``paths`` (files or folders); ``progress`` is called after
    each file."""
    documents: list[AuditDocument] = []
    for path in find_tables(Path(p) for p in paths):
        documents.extend(audit_file(path, policy=policy or AUDIT_POLICY, limits=limits,
                                    headers=headers))
        if progress is not None:
            progress()
    return AuditResult(documents=documents)

"""Importing 绩效目标表 and filled 绩效自评表 from ``.xlsx``, ``.csv``, PDF text and web pages.

``read(path, *, limits=None, headers=None) -> ImportResult``

- ``ImportResult.documents``: one :class:`ImportedDocument` per table found, with
  ``source`` (file name), ``sheet`` (``""`` for text, ``表2`` for a page's 2nd table),
  ``key`` (file stem for the written ruleset), ``kind`` (``"project"`` a filled project
  table, ``"unit"`` a 部门（单位）整体 table, ``"target"`` a target table without
  actuals), ``title``,
  ``project``, ``department``, ``unit``, ``year``, ``attribute``, ``goals``,
  ``mid_term_goals``, ``achieved_goals`` (实际完成情况), ``funds_total``,
  ``mid_term_funds_total``, ``fund_sources``,
  ``budget`` (:class:`BudgetBlock`: ``planned``, ``total``, ``spent``, ``points``,
  ``rate``, ``published_score``, ``unit``, ``cells``), ``rows``, ``total_points`` /
  ``total_score`` / ``total_cell`` (the 总分 row), ``ruleset`` (a
  :class:`zhibiao.ruleset.spec.RulesetSpec`, None when the rows make none), ``cells``
  (metadata field → address), and ``filled`` (a property).
- Each row is an :class:`IndicatorRow`: ``id`` (``1.2.1`` as in the ruleset), ``level1``,
  ``level2``, ``indicator`` (三级指标 as written), ``target`` (年度指标值; a split target
  joined), ``mid_term_target``, ``standard``, ``actual``, ``points`` (分值 as written),
  ``published_score`` (得分), ``reason`` (偏差原因), ``nature`` (指标性质 as written),
  ``direction`` (正向/反向 from it), ``unit``, and ``cells``: field → source address
  (``自评表!D12``; ``file:line:column`` for text).
  ``row.cell`` is the address of the 三级指标 cell.
- ``ImportResult.problems``: :class:`zhibiao.ruleset.problems.Problem` items with their
  ``cell`` (or ``line``); every cell that was not read is one of them (``unmapped_cell``).

:func:`zhibiao.importer.materialize.materialize` turns a document into the
:class:`~zhibiao.ruleset.ruleset.Ruleset` and actual rows that ``zhibiao import`` writes
(read back, nothing written), for scoring or auditing it.

Tables are found by the words in their header cells (``headers.toml``, extendable with
``headers=`` a file of the same form), not by their positions: the national
项目支出绩效自评表 (财预〔2020〕10号), 部门整体支出 tables, target tables with 中期 and 年度
halves side by side, the split layout 指标性质 | 指标值 | 度量单位, units in headers, title
rows, several tables on a sheet or across sheets. Formulas are never evaluated.

>>> from pathlib import Path
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "t.csv"
...     _ = path.write_text("一级指标,二级指标,三级指标,指标值\\n"
...                         "产出指标,数量指标,培训人次,≥300人次\\n", encoding="utf-8")
...     result = read(path)
>>> [(r.id, r.indicator, r.target, r.cell) for r in result.documents[0].rows]
[('1.1.1', '培训人次', '≥300人次', 't.csv:2:3')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from zhibiao.errors import ActualsError
from zhibiao.importer.build import build_document
from zhibiao.importer.drafts import DocumentDraft
from zhibiao.importer.headers import HeaderWords, load_headers
from zhibiao.importer.model import (
    BudgetBlock,
    DocumentKind,
    ImportedDocument,
    ImportResult,
    IndicatorRow,
)
from zhibiao.importer.scan import scan
from zhibiao.importer.sources import read_grids
from zhibiao.limits import DEFAULT_LIMITS, Limits
from zhibiao.ruleset.problems import Problem

__all__ = ("SUFFIXES", "BudgetBlock", "DocumentKind", "ImportResult", "ImportedDocument",
           "IndicatorRow", "find_tables", "read", "read_many")

#: The files a folder is searched for.
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".txt", ".html", ".htm")

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
_NUMBERED = re.compile(r"^\d\d-(project|unit-wide)$")


def find_tables(paths: Iterable[Path]) -> list[Path]:
    """Files named, and in folders (recursively, sorted) those with a table suffix
    (not Excel's ``~$`` lock files)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUFFIXES
                                and not p.name.startswith("~$")))
        else:
            found.append(path)
    return found


def _stem(path: Path) -> str:
    """The file's name as a key prefix: letters and digits of any script kept (县水利局自评表),
    every other run of characters one ``-``, at most 60 characters."""
    return re.sub(r"[^\w.\-]+", "-", path.stem)[:60].strip("-.") or "file"


def _unique(key: str, keys: set[str]) -> str:
    """``key``, or ``key-2``, ``key-3`` … when taken; the one returned is taken now."""
    if key in keys:
        number = 2
        while f"{key}-{number}" in keys:
            number += 1
        key = f"{key}-{number}"
    keys.add(key)
    return key


def _key(sheet: str, count_on_sheet: int, number: int, unit_wide: bool) -> str:
    if _KEY.match(sheet) and count_on_sheet == 1 and sheet.lower() != "sheet1":
        return sheet
    return f"{number:02d}-{'unit-wide' if unit_wide else 'project'}"


def read(path: str | Path, *, limits: Limits | None = None,
         headers: Path | HeaderWords | None = None) -> ImportResult:
    """Read one file (see the module docstring). A file that cannot be read at all gives
    a result with no documents and one error."""
    path = Path(path)
    words = headers if isinstance(headers, HeaderWords) else load_headers(headers)
    try:
        grids, problems = read_grids(path, limits or DEFAULT_LIMITS)
    except ActualsError as exc:
        return ImportResult(problems=[Problem(severity="error", code="unreadable_file",
                                              file=path.name, message=exc.reason)])
    except OSError as exc:
        return ImportResult(problems=[Problem(severity="error", code="unreadable_file",
                                              file=path.name,
                                              message=f"无法读取文件：{exc.strerror or exc}")])
    documents: list[ImportedDocument] = []
    drafts: list[tuple[str, int, DocumentDraft]] = []
    for grid in grids:
        found, more = scan(grid, words)
        problems.extend(more)
        drafts.extend((grid.sheet, len(found), d) for d in found)
    keys: set[str] = set()
    number = 0
    for sheet, count, draft in drafts:
        if not draft.unit_wide:
            number += 1
        key = _unique(_key(sheet, count, number, draft.unit_wide), keys)
        documents.append(build_document(draft, path.name, key, problems))
    if not documents:
        problems.append(Problem(severity="error", code="no_table", file=path.name,
                                message="没有找到指标表：表头须有“三级指标”和“指标值”"
                                        "（或“实际完成值”“指标性质”）等列名"))
    return ImportResult(documents=documents, problems=problems)


def read_many(paths: list[Path], *, limits: Limits | None = None,
              headers: Path | None = None,
              progress: Callable[[], None] | None = None) -> ImportResult:
    """:func:`read` for several files; keys made unique across them; ``progress`` is
    called after each file."""
    words = load_headers(headers)
    documents: list[ImportedDocument] = []
    problems: list[Problem] = []
    keys: set[str] = set()
    for path in paths:
        result = read(path, limits=limits, headers=words)
        problems.extend(result.problems)
        stem = _stem(path)
        for document in result.documents:
            key = document.key
            if key in keys or (len(paths) > 1 and _NUMBERED.match(key)):
                key = f"{stem}-{key}"  # several files: each file's tables keep their file
            key = _unique(key, keys)
            documents.append(document.model_copy(update={"key": key}) if key != document.key
                             else document)
        if progress is not None:
            progress()
    return ImportResult(documents=documents, problems=problems)

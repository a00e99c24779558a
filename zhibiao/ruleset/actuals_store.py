"""The rows of a large actuals file, held compactly and grouped by project.

``zhibiao score`` reads the actuals file once, before the rulesets, and then hands each
ruleset its rows as it is scored. A row here is a plain tuple whose texts are shared
between rows (a province's file repeats its project keys, indicator ids and many actual
texts): about a tenth of an :class:`~zhibiao.ruleset.actuals.ActualRow` model. The
rows come back as the same ``ActualRow`` models, in the order of the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from zhibiao.limits import Limits
from zhibiao.ruleset.actuals import ActualRow, each_actual
from zhibiao.ruleset.problems import Problem

__all__ = ("ActualsStore",)

# (position in the file, row, project, indicator, actual, reason, budget, cell, source,
#  initial budget)
_Row = tuple[int, int, str | None, str, str | None, str | None, str | None, str, str,
             str | None]


class ActualsStore:
    """The rows of one actuals file by project text (``None``: rows without a project)."""

    def __init__(self) -> None:
        self._groups: dict[str | None, list[_Row]] = {}
        self._texts: dict[str, str] = {}
        self._count = 0
        self._projects: frozenset[str | None] | None = None

    @classmethod
    def read(cls, path: str | Path, *, limits: Limits | None = None,
             ) -> tuple[ActualsStore, list[Problem]]:
        """The rows of an actuals file and its problems (as :func:`read_actuals` reads
        them); raises :class:`~zhibiao.errors.ActualsError` when it cannot be read."""
        store = cls()
        problems = each_actual(path, store.add, limits=limits)
        return store, problems

    def add(self, row: ActualRow) -> None:
        """Keep ``row`` (its texts shared with equal texts already kept)."""
        share, maybe = self._texts.setdefault, self._share
        item: _Row = (self._count, row.row, maybe(row.project),
                      share(row.indicator, row.indicator), maybe(row.actual),
                      maybe(row.reason), maybe(row.budget), share(row.cell, row.cell),
                      share(row.source, row.source), maybe(row.initial_budget))
        self._count += 1
        self._groups.setdefault(item[2], []).append(item)

    def _share(self, text: str | None) -> str | None:
        if text is None:
            return None
        return self._texts.setdefault(text, text)

    def __len__(self) -> int:
        return self._count

    @property
    def projects(self) -> frozenset[str | None]:
        """The project texts the rows name (``None`` when some rows name none)."""
        if self._projects is None or len(self._projects) != len(self._groups):
            self._projects = frozenset(self._groups)
        return self._projects

    def rows(self, projects: Iterable[str | None]) -> list[ActualRow]:
        """The rows naming any of ``projects``, in the order of the file."""
        groups = [self._groups.get(project, ()) for project in dict.fromkeys(projects)]
        # A group is in the order of the file already (rows are added in that order).
        found = groups[0] if len(groups) == 1 else sorted(item for group in groups
                                                          for item in group)
        return _ROWS.validate_python([_fields(item) for item in found])  # one call


_ROWS = TypeAdapter(list[ActualRow])


def _fields(item: _Row) -> dict[str, Any]:
    """The fields of the row's ``ActualRow``."""
    _, row, project, indicator, actual, reason, budget, cell, source, initial = item
    return {"source": source, "row": row, "project": project, "indicator": indicator,
            "actual": actual, "reason": reason, "budget": budget, "cell": cell,
            "initial_budget": initial}

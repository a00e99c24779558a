"""Documents and rows while they are being read (mutable), before they are frozen."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ("DocumentDraft", "RowDraft")


@dataclass
class RowDraft:
    """One indicator row as read: field → text, field → cell address."""

    level1: str
    level2: str
    values: dict[str, str] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class DocumentDraft:
    sheet: str
    meta: dict[str, str] = field(default_factory=dict)  # project, department, unit, …
    cells: dict[str, str] = field(default_factory=dict)
    fund_sources: dict[str, str] = field(default_factory=dict)
    funds_unit: str = ""
    budget: dict[str, str] = field(default_factory=dict)
    budget_cells: dict[str, str] = field(default_factory=dict)
    rows: list[RowDraft] = field(default_factory=list)
    #: (level1, level2) of every block seen, also of rows that hold only the labels
    blocks: list[tuple[str, str]] = field(default_factory=list)
    unit_wide: bool = False
    headed: bool = False  # an indicator header was found (the rows may still be missing)

    @property
    def empty(self) -> bool:
        return not self.rows and not self.meta

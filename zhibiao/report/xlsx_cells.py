"""Filling an openpyxl cell: the one way the xlsx writers put a value in a cell.

Text is always a string cell (``=cmd|…`` and ``#N/A`` stay text, a formula-looking text
gets the quote prefix), hidden characters shown (:mod:`zhibiao.safe_text`); a Decimal is
a number; only a :class:`Formula` the writer builds itself becomes a formula. The
styles the forms share are here too (:data:`THIN_BORDER`, :data:`HEADER_FILL`,
:data:`CENTER`, :data:`BOLD`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from zhibiao.safe_text import starts_like_formula, xlsx_text

__all__ = ("BOLD", "CENTER", "HEADER_FILL", "THIN_BORDER", "CellValue", "Formula", "set_cell")

_BLACK = Side(style="thin", color="000000")
#: A thin black line on every side of a cell.
THIN_BORDER = Border(left=_BLACK, right=_BLACK, top=_BLACK, bottom=_BLACK)
#: The light grey of a header cell.
HEADER_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
#: Centred both ways, wrapped.
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
#: Bold in the default font.
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Formula:
    """A formula the writer builds itself (``SUM(G8:G12)``, without ``=``): the only
    value written as a formula. Text from rulesets and actuals is never one. ``value``
    is what it computes, cached in the file (:mod:`zhibiao.report.xlsx_package`) so
    that the workbook opens with numbers before any recalculation."""

    text: str
    value: Decimal | None = None


CellValue = str | Decimal | int | Formula | None


def _number(value: Decimal) -> int | Decimal:
    """A Decimal as openpyxl should store it: an int when integral, else the Decimal."""
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    return value


def set_cell(cell: Any, value: CellValue) -> None:
    """Put ``value`` in an openpyxl ``cell`` — the one way this writer fills a cell: text
    as a string cell, a Decimal as a number, a :class:`Formula` as a formula."""
    if isinstance(value, Formula):
        cell.value = f"={value.text}"
    elif isinstance(value, str):
        text = xlsx_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl takes "=…" for a formula and "#N/A" for an error
        if starts_like_formula(text):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = _number(value) if isinstance(value, Decimal) else value

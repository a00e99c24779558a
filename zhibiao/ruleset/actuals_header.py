"""Finding the header row of an actuals table by the words in its cells.

Real exported 绩效自评表 start with a title, the project block and only then the
indicator header; their header cells carry line breaks, full-width brackets and units
(``实际完成值（%）``). A header is the first of the first :data:`HEADER_SEARCH_ROWS`
rows that names both an indicator column and an actual column; its cells are compared
after NFKC folding (``（）`` → ``()``), without whitespace and without a trailing unit
in brackets, which is kept: a bare number under ``实际完成值（万元）`` means ``万元``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ("COLUMNS", "HEADER_SEARCH_ROWS", "REQUIRED_ROLES", "Header", "header_of",
           "normalize_header")

#: Accepted column names (lower-cased), by role.
COLUMNS: dict[str, tuple[str, ...]] = {
    "project": ("project", "ruleset", "项目", "项目名称", "规则集"),
    "indicator": ("indicator", "id", "指标", "指标编号", "三级指标", "指标名称"),
    "actual": ("actual", "实际完成值", "实际值", "完成值", "全年执行数"),
    "reason": ("reason", "偏差原因", "偏差原因分析及改进措施", "原因"),
    "budget": ("budget", "全年预算数", "预算数"),
    "initial_budget": ("initial_budget", "年初预算数"),
}
#: The roles a header must name.
REQUIRED_ROLES = ("indicator", "actual")
#: How many rows from the top are searched for the header.
HEADER_SEARCH_ROWS = 20

_SPACE = re.compile(r"\s+")
_UNIT = re.compile(r"^(?P<name>.+?)[(\[【](?P<unit>[^()\[\]【】]{1,12})[)\]】]$")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)


def normalize_header(value: Any) -> tuple[str, str]:
    """A header cell → (name to compare, unit in brackets or "")."""
    text = unicodedata.normalize("NFKC", str(value or "")).translate(_INVISIBLE)
    text = _SPACE.sub("", text).strip("*:：").lower()
    match = _UNIT.match(text)
    if match is None:
        return text, ""
    return match["name"], match["unit"]


_NAMES = {role: {normalize_header(name)[0] for name in names} for role, names in COLUMNS.items()}


@dataclass
class Header:
    """A header row: the column of each role, units from the header, repeated roles."""

    roles: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    #: role → columns after the first that name it again (not read).
    repeated: dict[str, list[int]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return all(role in self.roles for role in REQUIRED_ROLES)

    @property
    def missing(self) -> list[str]:
        return [role for role in REQUIRED_ROLES if role not in self.roles]


def header_of(cells: Sequence[Any]) -> Header:
    """The roles the cells of one row name (the first column wins for a repeated role)."""
    header = Header()
    for index, value in enumerate(cells):
        if value is None:
            continue
        name, unit = normalize_header(value)
        for role, names in _NAMES.items():
            if name not in names:
                continue
            if role in header.roles:
                header.repeated.setdefault(role, []).append(index)
            else:
                header.roles[role] = index
                if unit:
                    header.units[role] = unit
    return header

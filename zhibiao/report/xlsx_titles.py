"""Worksheet titles: one per report, made from its key, that Excel accepts.

A title holds none of ``[ ] : * ? / \\``, does not start or end with ``'``, is at most
31 characters long and differs from every other title of the workbook, compared as
Excel compares them (case-insensitively): a repeated key gets ``~2``, ``~3`` … Hidden
characters are shown (:func:`zhibiao.safe_text.visible`).

>>> sheet_titles(["a/b", "A/B", "x" * 40], reserved={"汇总"})
['a_b', 'A_B~2', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']
"""

from __future__ import annotations

from collections.abc import Iterable

from zhibiao.safe_text import visible

__all__ = ("MAX_TITLE", "sheet_titles")

#: The longest sheet title Excel takes.
MAX_TITLE = 31
_INVALID = frozenset("[]:*?/\\")


def sheet_titles(keys: Iterable[str], reserved: Iterable[str] = ()) -> list[str]:
    """A valid, unique title for each of ``keys``, none equal to a ``reserved`` one."""
    used = {name.lower() for name in reserved}
    titles: list[str] = []
    for key in keys:
        base = "".join("_" if c in _INVALID else c for c in visible(key))
        base = base.strip("'") or "项目"
        title = base[:MAX_TITLE]
        counter = 2
        while title.lower() in used:
            suffix = f"~{counter}"
            title = base[:MAX_TITLE - len(suffix)] + suffix
            counter += 1
        used.add(title.lower())
        titles.append(title)
    return titles

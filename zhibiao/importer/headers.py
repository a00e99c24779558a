"""The header words of the tables (``headers.toml``), and how a cell is compared with them.

A cell is folded (NFKC, traditional characters to simplified by the grammar's
character table, no whitespace, no trailing colon) and a trailing unit in
brackets is split off: ``满意度（%）`` → (``满意度``, ``%``); so are points in brackets
(:func:`split_points`: ``分值（10分）``, ``年度目标1：（80分）``, ``得分（20分*执行率）``).
A header word may also carry a mark of a required field (``*指标值``) or the half of the
table it belongs to (``指标值（长期）``); both are left out when the word is looked up. A rule
author extends the word lists with :func:`load_headers` and their own file.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from zhibiao.grammar import default_traditional_table

__all__ = ("HeaderWords", "fold", "load_headers", "split_points", "split_unit")

_SPACE = re.compile(r"\s+")
_UNIT = re.compile(r"^(?P<name>.+?)[(\[【](?P<unit>[^()\[\]【】]{1,12})[)\]】]$")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
#: units a header may carry; anything else in brackets is part of the name (``(B)``)
_UNIT_WORDS = re.compile(r"^(%|‰|[千万亿]?元|个|人|次|天|日|户|件|项|家|人次|分|年|月)$")
_BRACKETED = re.compile(r"^(?P<name>.+?)[(\[【](?P<inner>[^()\[\]【】]{1,6})[)\]】]$")
#: points in trailing brackets, alone or in the formula of a score (``(20分*执行率)``)
_POINTS = re.compile(r"^(?P<name>.+?)\((?P<points>\d+(?:\.\d+)?)分(?:[*×/][^()]*)?\)$")


def fold(text: str) -> str:
    """The comparable form of a cell: NFKC, simplified characters, no whitespace, no
    trailing colon, lower case.

    >>> fold("績效指標 ") == fold("绩效指标")
    True
    """
    folded = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    folded = default_traditional_table().convert(folded)
    return _SPACE.sub("", folded).rstrip(":：").lower()


def split_unit(text: str) -> tuple[str, str]:
    """(folded name, unit in trailing brackets or "")."""
    folded = fold(text)
    match = _UNIT.match(folded)
    if match is None or not _UNIT_WORDS.match(match["unit"]):
        return folded, ""
    return match["name"], match["unit"]


def split_points(text: str) -> tuple[str, str | None]:
    """(folded text without its trailing points in brackets, the points or None).

    >>> split_points("预算执行情况（万元） （20分）")
    ('预算执行情况(万元)', '20')
    >>> split_points("得分(20分*执行率)"), split_points("满意度(%)")
    (('得分', '20'), ('满意度(%)', None))
    """
    folded = fold(text)
    match = _POINTS.match(folded)
    if match is None:
        return folded, None
    return fold(match["name"]), match["points"]


@dataclass(frozen=True)
class HeaderWords:
    """Role → folded words, for the indicator columns, the labels and the budget block."""

    columns: dict[str, frozenset[str]]
    labels: dict[str, frozenset[str]]
    budget: dict[str, frozenset[str]]
    level1: frozenset[str]
    placeholders: frozenset[str] = frozenset()
    also_level2: frozenset[str] = frozenset()
    level2: frozenset[str] = frozenset()
    parents: dict[str, str] = field(default_factory=dict)  # folded 二级 → its 一级
    marks: tuple[str, ...] = ()  # folded marks of a required field (``*``)
    halves: frozenset[str] = frozenset()  # folded halves in brackets (``长期``, ``年度``)

    def column(self, text: str) -> tuple[str | None, str]:
        """The indicator-table role a header cell names, and its unit.

        >>> words = load_headers()
        >>> words.column("*指标值"), words.column("三级指标（长期）")
        (('target', ''), ('indicator', ''))
        """
        return self._find(self.columns, text)

    def label(self, text: str) -> str | None:
        return self._find(self.labels, text)[0]

    def budget_column(self, text: str) -> str | None:
        return self._find(self.budget, text)[0]

    def _plain(self, folded: str) -> str:
        """A folded word without a leading required-field mark and a trailing half."""
        for mark in self.marks:
            if folded.startswith(mark) and len(folded) > len(mark):
                folded = folded[len(mark):]
                break
        match = _BRACKETED.match(folded)
        return match["name"] if match and match["inner"] in self.halves else folded

    def _find(self, table: dict[str, frozenset[str]], text: str) -> tuple[str | None, str]:
        whole = fold(text)
        for candidate in dict.fromkeys((whole, self._plain(whole))):
            for role, words in table.items():
                if candidate in words:
                    return role, ""
        name, unit = split_unit(text)
        if unit:
            name = self._plain(name)
            for role, words in table.items():
                if name in words:
                    return role, unit
        bare, points = split_points(text)
        if points is not None:  # 分值(10分), 年度目标1:(80分): the word without its points
            return self._find(table, bare)
        return None, ""

    def is_level1(self, text: str) -> bool:
        return fold(text) in self.level1

    def is_level2(self, text: str) -> bool:
        """A 二级指标 cell: a short name ending in 指标 (``数量指标``, ``可持续影响指标``)."""
        folded = fold(text)
        if folded in self.level2 or folded in self.also_level2:
            return True
        return folded.endswith(("指标", "指")) and 2 < len(folded) <= 12 \
            and folded not in self.level1 and not folded[0].isdigit()


def _folded(table: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    return {role: frozenset(fold(word) for word in words) for role, words in table.items()}


def load_headers(extra: Path | None = None) -> HeaderWords:
    """The built-in word lists, with the lists of ``extra`` (same format) added."""
    data = tomllib.loads(resources.files("zhibiao.importer").joinpath("headers.toml")
                         .read_text("utf-8"))
    if extra is not None:
        more = tomllib.loads(extra.read_text("utf-8"))
        for section, table in more.items():
            for role, words in table.items() if isinstance(table, dict) else ():
                data.setdefault(section, {}).setdefault(role, []).extend(words)
    return HeaderWords(columns=_folded(data["columns"]), labels=_folded(data["labels"]),
                       budget=_folded(data["budget"]),
                       level1=frozenset(fold(w) for w in data["level1"]["names"]),
                       placeholders=frozenset(fold(w) for w in data["placeholders"]["texts"]),
                       also_level2=frozenset(fold(w) for w in data["level1"]["also_level2"]),
                       level2=frozenset(fold(w) for w in data["level2"]["names"]),
                       parents={fold(child): parent for parent, children
                                in data["level2"]["parents"].items() for child in children},
                       marks=tuple(fold(m) for m in data["marks"]["required"]),
                       halves=frozenset(fold(h) for h in data["halves"]["words"]))

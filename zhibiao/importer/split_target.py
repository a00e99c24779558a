"""The split layout: a target written in three cells, 指标性质 | 指标值 | 度量单位.

指标性质 (计算符号, 指标值类型) may be an operator (``≥``, ``>=``), a word for one
(``大于等于``), a direction for a bare value (``正向``, ``反向``: the ruleset's
``direction``), ``定性`` or ``定量`` (the 指标值 as written) or empty; the table of these
words is the ``[nature]`` section of ``headers.toml``.

The 度量单位 is written after a 指标值 that is a number (``100`` + ``%`` → ``100%``,
``1.5万`` + ``元`` → ``1.5万元``). A 指标值 with words or a unit of its own (``应保尽保``,
``28.8万元`` beside ``%``) is kept as written and the unit is not joined: the caller
reports it, since gluing it on would make a wrong or unreadable target.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from zhibiao.importer.headers import fold

__all__ = ("SplitTarget", "join_target")

_OPERATOR_START = re.compile(r"^\s*(≥|≤|>=|<=|[<>=≈＞＜＝≧≦]|不低于|不少于|不高于|不超过|至少)")
#: a number, maybe after an operator and before a magnitude (``≥95``, ``1.5万``)
_NUMBER = re.compile(r"^(?:>=|<=|[≥≤><=≈≠＞＜＝≧≦﹦])?\s*[+-]?\d[\d,]*(?:\.\d+)?\s*[千万萬亿億]?$")
_DIRECTIONS = ("正向", "反向")
_AS_WRITTEN = ("定性", "定量")


@cache
def _natures() -> dict[str, str]:
    data = tomllib.loads(resources.files("zhibiao.importer").joinpath("headers.toml")
                         .read_text("utf-8"))
    return {fold(word): meaning for meaning, words in data["nature"].items() for word in words}


@dataclass(frozen=True)
class SplitTarget:
    """The joined 指标值, the direction a word gave (or None), whether the 指标性质 was
    understood, and whether the 度量单位 could be joined (False: the 指标值 has words or
    a unit of its own that differ from it)."""

    text: str
    direction: str | None
    understood: bool
    unit_joined: bool = True


def join_target(nature: str, value: str, unit: str) -> SplitTarget:
    """``("≥", "95", "%")`` → ``≥95%``; ``("反向", "30", "天")`` → ``30天`` + 反向.

    >>> join_target("定量", "28.8万元", "%")
    SplitTarget(text='28.8万元', direction=None, understood=True, unit_joined=False)
    """
    meaning = _natures().get(fold(nature)) if nature else None
    text, unit = value.strip(), unit.strip()
    joined = True
    if unit and text and not text.endswith(unit):
        joined = _NUMBER.match(text) is not None
        if joined:
            text += unit
    if not nature:
        return SplitTarget(text, None, True, joined)
    if meaning is None:
        return SplitTarget(text, None, False, joined)
    if meaning in _DIRECTIONS:
        return SplitTarget(text, meaning, True, joined)
    if meaning in _AS_WRITTEN or not text or _OPERATOR_START.match(text):
        return SplitTarget(text, None, True, joined)
    return SplitTarget(meaning + text, None, True, joined)

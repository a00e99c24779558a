"""The split layout: a target written in three cells, 指标性质 | 指标值 | 度量单位.

指标性质 (计算符号) may be an operator (``≥``, ``>=``), a word for one (``大于等于``),
a direction for a bare value (``正向``, ``反向``: the ruleset's ``direction``), ``定性``
or empty; the table of these words is the ``[nature]`` section of ``headers.toml``.
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
_DIRECTIONS = ("正向", "反向")


@cache
def _natures() -> dict[str, str]:
    data = tomllib.loads(resources.files("zhibiao.importer").joinpath("headers.toml")
                         .read_text("utf-8"))
    return {fold(word): meaning for meaning, words in data["nature"].items() for word in words}


@dataclass(frozen=True)
class SplitTarget:
    """The joined 指标值, the direction a word gave (or None), and whether the
    指标性质 was understood."""

    text: str
    direction: str | None
    understood: bool


def join_target(nature: str, value: str, unit: str) -> SplitTarget:
    """``("≥", "95", "%")`` → ``≥95%``; ``("反向", "30", "天")`` → ``30天`` + 反向."""
    meaning = _natures().get(fold(nature)) if nature else None
    text = value.strip()
    if unit and text and not text.endswith(unit.strip()):
        text += unit.strip()
    if not nature:
        return SplitTarget(text, None, True)
    if meaning is None:
        return SplitTarget(text, None, False)
    if meaning in _DIRECTIONS:
        return SplitTarget(text, meaning, True)
    if meaning == "定性" or not text or _OPERATOR_START.match(text):
        return SplitTarget(text, None, True)
    return SplitTarget(meaning + text, None, True)

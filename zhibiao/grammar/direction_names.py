"""Indicator names that tell a bare value's direction: ``direction_names.toml``.

A bare ``3%`` for 预算调整率 is a ceiling, a bare ``95%`` for 覆盖率 a floor: the name of
the indicator says which way is better when the 指标值 has no operator and the table no
指标性质 (DOMAIN §8). The words are data: the package's ``direction_names.toml`` and the
``[direction_names]`` section of a rule author's ``--vocabulary`` file, which extends it.

:meth:`DirectionNames.match` finds the words a name contains. The longest word found
decides (a more specific word wins: 事故处理率 holds 处理率, 正向, and 事故, 反向); when
the longest words found disagree, or the name holds a word of ``unless`` (a change such
as 下降, 提高: 事故发生率下降幅度 is no 发生率), the name decides nothing. Words of
``lower_by_unit`` / ``higher_by_unit`` count only when the target's unit is of the
dimension they are listed under (成本 is 反向 for an amount of money, not for 成本核算
次数).

>>> from zhibiao.grammar import default_vocabulary
>>> names = default_vocabulary().direction_names
>>> names.match("经费调整率", "ratio")
NameDirection(word='调整率', direction='lower')
>>> names.match("安全事故处理率", "ratio")
NameDirection(word='处理率', direction='higher')
>>> names.match("培训成本", "money"), names.match("培训成本", "counter") is None
(NameDirection(word='成本', direction='lower'), True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from zhibiao.errors import DataFileError

__all__ = ("NO_DIRECTION_NAMES", "DirectionNames", "NameDirection", "load_direction_names",
           "unit_dimension")

Way = Literal["higher", "lower"]
_KEYS = frozenset({"lower", "higher", "lower_by_unit", "higher_by_unit", "unless"})


@dataclass(frozen=True, slots=True)
class NameDirection:
    """The word of the name that decided, and its direction (``higher`` or ``lower``)."""

    word: str
    direction: Way


_DURATIONS = frozenset({"clock", "workday", "calendar"})


def unit_dimension(dimension: str) -> str:
    """The dimension of a unit's numerator as ``direction_names.toml`` names it:
    ``money`` for ``money/counter:人/clock`` (元/人/天); ``duration`` for 分钟, 天,
    工作日, 月; ``counter`` for any counter word."""
    head = dimension.split("/", 1)[0]
    if head.startswith("counter:"):
        return "counter"
    return "duration" if head in _DURATIONS else head


@dataclass(frozen=True)
class DirectionNames:
    """Name words by direction, unit-bound words by dimension, and the words that make a
    name say nothing about its direction."""

    lower: tuple[str, ...] = ()
    higher: tuple[str, ...] = ()
    lower_by_unit: tuple[tuple[str, tuple[str, ...]], ...] = ()
    higher_by_unit: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unless: tuple[str, ...] = ()

    def _candidates(self, dimension: str | None) -> list[tuple[str, Way]]:
        found: list[tuple[str, Way]] = [(w, "lower") for w in self.lower]
        found += [(w, "higher") for w in self.higher]
        if dimension is not None:
            found += [(w, "lower") for dim, words in self.lower_by_unit if dim == dimension
                      for w in words]
            found += [(w, "higher") for dim, words in self.higher_by_unit if dim == dimension
                      for w in words]
        return found

    def match(self, name: str | None, dimension: str | None = None) -> NameDirection | None:
        """The direction ``name`` gives a target whose unit has ``dimension`` (see
        :func:`unit_dimension`; ``None``: only the words bound to no unit count), or
        ``None`` when it gives none."""
        if not name:
            return None
        compact = "".join(name.split())
        if any(word in compact for word in self.unless):
            return None
        hits = [(word, way) for word, way in self._candidates(dimension) if word in compact]
        if not hits:
            return None
        longest = max(len(word) for word, _ in hits)
        best = sorted({(word, way) for word, way in hits if len(word) == longest})
        if len({way for _, way in best}) > 1:
            return None  # equally specific words disagree: the name decides nothing
        word, way = best[0]
        return NameDirection(word, way)


#: No words: a vocabulary without a ``[direction_names]`` section.
NO_DIRECTION_NAMES = DirectionNames()


def _words(value: Any, where: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(source, 0, f"{where} 应为非空字符串的列表（a list of words）")
    return tuple(v.strip() for v in value)


def _merged(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(old + new), key=lambda w: (-len(w), w)))


def _by_unit(section: Any, where: str, source: str,
             inherited: tuple[tuple[str, tuple[str, ...]], ...],
             ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(section, Mapping):
        raise DataFileError(source, 0, f"{where} 应为表，如 {{ money = [\"成本\"] }}"
                                       "（dimension = words）")
    table = dict(inherited)
    for dimension, words in section.items():
        table[str(dimension)] = _merged(table.get(str(dimension), ()),
                                        _words(words, f"{where}.{dimension}", source))
    return tuple(sorted(table.items()))


def load_direction_names(section: Any, source: str,
                         base: DirectionNames | None = None) -> DirectionNames:
    """The ``[direction_names]`` table of a TOML file; its lists extend ``base``'s."""
    old = base or DirectionNames()
    if not isinstance(section, Mapping):
        raise DataFileError(source, 0, "direction_names 应为表（a table）")
    unknown = sorted(set(section) - _KEYS)
    if unknown:
        raise DataFileError(source, 0, f"direction_names 中有未知的键 {unknown}；"
                                       f"可用的键：{', '.join(sorted(_KEYS))}")

    def words(key: str, inherited: tuple[str, ...]) -> tuple[str, ...]:
        extra = _words(section[key], f"direction_names.{key}", source) if key in section else ()
        return _merged(inherited, extra)

    return DirectionNames(
        lower=words("lower", old.lower),
        higher=words("higher", old.higher),
        lower_by_unit=_by_unit(section.get("lower_by_unit", {}),
                               "direction_names.lower_by_unit", source, old.lower_by_unit),
        higher_by_unit=_by_unit(section.get("higher_by_unit", {}),
                                "direction_names.higher_by_unit", source, old.higher_by_unit),
        unless=words("unless", old.unless),
    )

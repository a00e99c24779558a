"""The unit table: reads ``units.txt`` into frozen definitions.

A :class:`UnitTable` knows, for every written form (万元 is 万 + 元; km is an alias of
公里), the canonical unit name, its dimension and its exact scale within the dimension.
It knows nothing of the grammar; the grammar's UNIT and MULTIPLIER terminals are built
from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

from zhibiao.errors import DataFileError

__all__ = ("UnitDefinition", "UnitTable", "default_unit_table", "load_unit_table")

COUNTER = "counter"


@dataclass(frozen=True, slots=True)
class UnitDefinition:
    """One canonical unit: its name, dimension, exact scale to the dimension's base."""

    name: str
    dimension: str
    scale: Fraction
    aliases: tuple[str, ...] = ()

    @property
    def is_time(self) -> bool:
        return self.dimension in ("clock", "calendar", "workday")


@dataclass(frozen=True, slots=True)
class UnitTable:
    """All units and multipliers, keyed by every written form."""

    definitions: dict[str, UnitDefinition]
    written: dict[str, str]  # written form (alias or name) → canonical name
    multipliers: dict[str, Decimal]
    approximations: dict[tuple[str, str], Fraction] = field(default_factory=dict)
    ambiguous: dict[str, str] = field(default_factory=dict)  # word → how to write each reading
    #: ``@accumulates``: dimensions whose amounts add up over the year (``counter`` for
    #: every counter); ``@steady`` takes single units or dimensions out again.
    accumulating: frozenset[str] = frozenset()
    steady: frozenset[str] = frozenset()

    def accumulates(self, dimension: str) -> bool:
        """Whether amounts of ``dimension`` add up over the year (money, counts, areas):
        what ``zhibiao monitor`` projects pro rata. A rate (``元/人/年``) never does.

        >>> table = default_unit_table()
        >>> table.accumulates("money"), table.accumulates("counter:次"), table.accumulates("ratio")
        (True, True, False)
        """
        if not dimension or "/" in dimension or dimension in self.steady:
            return False
        if dimension in self.accumulating:
            return True
        kind, _, name = dimension.partition(":")
        return bool(name) and kind in self.accumulating and name not in self.steady

    def ambiguous_in(self, word: str) -> tuple[str, str] | None:
        """The ambiguous unit word ``word`` starts with (``M`` in ``M以上``, not in ``MW``)
        and its hint, or ``None``."""
        for written, hint in self.ambiguous.items():
            rest = word[len(written):len(written) + 1]
            if word.startswith(written) and not (rest.isascii() and rest.isalnum()):
                return written, hint
        return None

    def canonical(self, written: str) -> str:
        """Canonical name of a written unit (``km`` → ``公里``)."""
        return self.written[written]

    def definition(self, name: str) -> UnitDefinition:
        return self.definitions[self.written.get(name, name)]

    def merged(self, other: UnitTable) -> UnitTable:
        """This table extended with ``other`` (later definitions win)."""
        return UnitTable(
            definitions={**self.definitions, **other.definitions},
            written={**self.written, **other.written},
            multipliers={**self.multipliers, **other.multipliers},
            approximations={**self.approximations, **other.approximations},
            ambiguous={**self.ambiguous, **other.ambiguous},
            accumulating=(self.accumulating - other.steady) | other.accumulating,
            steady=(self.steady - other.accumulating) | other.steady,
        )


_DIMENSION = re.compile(r"^\[(?P<dim>[A-Za-z_.]+)\]$")
_FACTOR = r"(?P<factor>\d+(?:\.\d+)?(?:/\d+)?)"
_SCALED = re.compile(rf"^{_FACTOR}\s+(?P<other>\S+)$")
_MULTIPLIER = re.compile(r"^@multiplier\s+(?P<word>\S+)\s*=\s*(?P<factor>\d+(?:\.\d+)?)$")
_AMBIGUOUS = re.compile(r"^@ambiguous\s+(?P<word>\S+)\s*=\s*(?P<hint>\S.*)$")
_ACCUMULATES = re.compile(r"^@(?P<which>accumulates|steady)\s+(?P<words>\S.*)$")
_APPROX = re.compile(rf"^@approx\s+(?P<name>\S+)\s*=\s*{_FACTOR}\s+(?P<other>\S+)$")


def load_unit_table(text: str, source: str = "<units>", base: UnitTable | None = None) -> UnitTable:
    """Parse a unit table in the ``units.txt`` syntax (see that file's header).

    ``base`` lets an extension file refer to units defined in the package table.
    """
    definitions: dict[str, UnitDefinition] = dict(base.definitions) if base else {}
    written: dict[str, str] = dict(base.written) if base else {}
    multipliers: dict[str, Decimal] = dict(base.multipliers) if base else {}
    approximations: dict[tuple[str, str], Fraction] = dict(base.approximations) if base else {}
    ambiguous: dict[str, str] = dict(base.ambiguous) if base else {}
    accumulating: set[str] = set(base.accumulating) if base else set()
    steady: set[str] = set(base.steady) if base else set()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if match := _MULTIPLIER.match(line):
            multipliers[match["word"]] = Decimal(match["factor"])
            continue
        if match := _ACCUMULATES.match(line):
            words = match["words"].split()
            if match["which"] == "accumulates":
                accumulating.update(words)
                steady.difference_update(words)
            else:
                steady.update(words)
                accumulating.difference_update(words)
            continue
        if match := _APPROX.match(line):
            for name in (match["name"], match["other"]):
                if name not in written:
                    raise DataFileError(source, number, f"未定义的单位 “{name}”（unknown unit）")
            key = (written[match["name"]], written[match["other"]])
            approximations[key] = _fraction(match["factor"])
            continue
        if match := _AMBIGUOUS.match(line):
            if match["word"] in written:
                raise DataFileError(source, number,
                                    f"“{match['word']}” 是单位的写法，不能同时有歧义（duplicate）")
            ambiguous[match["word"]] = match["hint"]
            continue
        name, sep, rest = line.partition("=")
        if not sep:
            raise DataFileError(source, number,
                                "应为 “名称 = 定义”（expected `NAME = DEFINITION`）")
        name = name.strip()
        definition, *aliases = (part.strip() for part in rest.split(";"))
        if not name or any(not alias for alias in aliases):
            raise DataFileError(source, number, "单位名称或别名为空（empty name or alias）")
        if dim := _DIMENSION.match(definition):
            dimension = dim["dim"]
            if dimension == COUNTER:
                dimension = f"{COUNTER}:{name}"
            unit = UnitDefinition(name, dimension, Fraction(1), tuple(aliases))
        elif scaled := _SCALED.match(definition):
            other = scaled["other"]
            if other not in written:
                raise DataFileError(source, number, f"未定义的单位 “{other}”（unknown unit）")
            factor = _fraction(scaled["factor"])
            other_def = definitions[written[other]]
            unit = UnitDefinition(name, other_def.dimension, factor * other_def.scale,
                                  tuple(aliases))
        else:
            raise DataFileError(
                source, number,
                f"无法理解的定义 “{definition}”：应为 [维度]、[counter] 或 “倍数 单位”",
            )
        definitions[name] = unit
        inherited = base.written if base else {}
        for form in (name, *aliases):
            if form in written and written[form] != name and form not in inherited:
                raise DataFileError(source, number,
                                    f"“{form}” 已是单位 “{written[form]}” 的写法（duplicate）")
            written[form] = name
    return UnitTable(definitions, written, multipliers, approximations, ambiguous,
                     frozenset(accumulating), frozenset(steady))


def _fraction(text: str) -> Fraction:
    """``"0.1"`` → 1/10 and ``"2000/3"`` → 2000/3, exactly."""
    numerator, _, denominator = text.partition("/")
    return Fraction(Decimal(numerator)) / Fraction(int(denominator or "1"))


def _package_text(name: str) -> str:
    return resources.files("zhibiao.grammar").joinpath(name).read_text(encoding="utf-8")


_DEFAULT: UnitTable | None = None


def default_unit_table() -> UnitTable:
    """The package's own ``units.txt``, read once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_unit_table(_package_text("units.txt"), "zhibiao/grammar/units.txt")
    return _DEFAULT


def read_unit_file(path: Path, base: UnitTable | None = None) -> UnitTable:
    """Read a rule author's unit file on top of ``base`` (the package table by default)."""
    return load_unit_table(path.read_text(encoding="utf-8"), str(path),
                           base or default_unit_table())

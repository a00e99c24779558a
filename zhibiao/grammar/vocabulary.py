"""The vocabulary table: reads ``vocabulary.toml`` into a frozen :class:`Vocabulary`.

Operator words, OCR'd LaTeX, not-applicable markers, deadline words, qualitative
meaning groups and intensities, grade scales and the words evaluators write as
actuals. The grammar's keyword terminals and the qualitative classifier are built
from it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from zhibiao.errors import DataFileError
from zhibiao.grammar.direction_names import (
    NO_DIRECTION_NAMES,
    DirectionNames,
    load_direction_names,
)

__all__ = (
    "OPERATORS",
    "OperatorWords",
    "QualitativeGroup",
    "Vocabulary",
    "default_vocabulary",
    "load_vocabulary",
    "read_vocabulary_file",
)

#: The comparison operators, in their JSON spelling.
OPERATORS = (">=", "<=", ">", "<", "==", "!=", "~=")


@dataclass(frozen=True, slots=True)
class OperatorWords:
    """How one operator is written: symbols, words before and words after the number."""

    op: str
    symbols: tuple[str, ...]
    prefix: tuple[str, ...]
    suffix: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QualitativeGroup:
    key: str
    label: str
    words: tuple[str, ...]


@dataclass(frozen=True)  # no slots: the classifier's patterns are cached on the instance
class Vocabulary:
    operators: tuple[OperatorWords, ...]
    latex: tuple[tuple[str, str], ...]
    na_phrases: tuple[str, ...]
    na_whole_cell: tuple[str, ...]
    year_end: tuple[str, ...]
    year_within: tuple[str, ...]
    half_year: tuple[tuple[str, int], ...]
    next_year: tuple[str, ...]
    this_year: tuple[str, ...]
    before: tuple[str, ...]
    done: tuple[str, ...]
    month_part: tuple[tuple[str, str], ...]
    groups: tuple[QualitativeGroup, ...]
    intensity: tuple[tuple[str, int], ...]
    grades: tuple[tuple[str, tuple[tuple[str, Decimal, Decimal], ...]], ...]
    actual_words: tuple[tuple[str, int], ...]
    #: Words after a number that make it a condition inside a sentence (的部分, 予以).
    sentence_after: tuple[str, ...] = ()
    #: Words before a number that make it the standard an action follows (按, 按照).
    sentence_basis: tuple[str, ...] = ()
    #: Words holding a basis word that are no basis (按时, 按期).
    sentence_not_basis: tuple[str, ...] = ()
    #: Label endings that name what is measured (率, 数): a basis label ending so stays one.
    sentence_measures: tuple[str, ...] = ()
    #: Verbs of a target relative to a base value: lower (降低) and raise (提高).
    sentence_lower: tuple[str, ...] = ()
    sentence_raise: tuple[str, ...] = ()
    #: Words after a number that make it part of a name (7岁以下, 2型): see sentences.py.
    sentence_name_numbers: tuple[str, ...] = ()
    #: Quotation and title marks, each written as its opening and closing mark (“”, 《》).
    name_marks: tuple[str, ...] = ()
    #: Unit words a Chinese numeral does not count (一起, 十分): see vocabulary.toml.
    not_counted: tuple[str, ...] = ()
    #: Words with a band of their own, between the tiers (基本达到 = 80–90 % of the points).
    actual_word_bands: tuple[tuple[str, Decimal, Decimal], ...] = ()
    #: Actuals that say nothing happened (无, 未发生) and the prefixes of such phrases.
    nothing_words: tuple[str, ...] = ()
    nothing_prefixes: tuple[str, ...] = ()
    #: Indicator names that tell a bare value's direction (``direction_names.toml``).
    direction_names: DirectionNames = NO_DIRECTION_NAMES

    def operator(self, op: str) -> OperatorWords:
        return next(words for words in self.operators if words.op == op)

    def classify(self, phrase: str) -> tuple[str | None, int | None]:
        """Meaning group key and intensity rank (3 strongest) of a qualitative phrase:
        the first group with a word in ``phrase``, the highest rank with a word in it."""
        group = next((key for key, words in self._group_words if words.search(phrase)), None)
        rank = next((r for r, words in self._intensity_words if words.search(phrase)), None)
        return group, rank

    @cached_property
    def _group_words(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((g.key, _any_of(g.words)) for g in self.groups if g.words)

    @cached_property
    def _intensity_words(self) -> tuple[tuple[int, re.Pattern[str]], ...]:
        ranks = sorted({r for _, r in self.intensity}, reverse=True)
        return tuple((r, _any_of(tuple(w for w, rank in self.intensity if rank == r)))
                     for r in ranks)

    def group_label(self, key: str) -> str:
        return next(g.label for g in self.groups if g.key == key)

    def grade_scale(self, phrase: str) -> str | None:
        """Name of the grade scale a target like ``定性 优良中差`` refers to."""
        compact = phrase.replace(" ", "").replace("/", "").replace("、", "")
        return next((name for name, _ in self.grades if name in compact), None)


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that finds any of ``words`` (non-empty) in a text."""
    return re.compile("|".join(re.escape(w) for w in words))


def _strings(value: Any, where: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataFileError(source, 0, f"{where} 应为非空字符串的列表（a list of words）")
    return tuple(value)


def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


def load_vocabulary(data: dict[str, Any], source: str = "<vocabulary>",
                    base: Vocabulary | None = None) -> Vocabulary:
    """Build a vocabulary from parsed TOML; lists in ``data`` extend those of ``base``."""

    def words(section: dict[str, Any], key: str, where: str,
              inherited: tuple[str, ...]) -> tuple[str, ...]:
        extra = _strings(section[key], where, source) if key in section else ()
        return _longest_first(inherited + extra)

    ops = data.get("operators", {})
    unknown = set(ops) - {">=", "<=", ">", "<", "==", "!=", "~="}
    if unknown:
        raise DataFileError(source, 0, f"未知运算符 {sorted(unknown)}（unknown operators）")
    operators = []
    for op in OPERATORS:
        section = ops.get(op, {})
        old = base.operator(op) if base else OperatorWords(op, (), (), ())
        operators.append(OperatorWords(
            op,
            words(section, "symbols", f"operators.{op}.symbols", old.symbols),
            words(section, "prefix", f"operators.{op}.prefix", old.prefix),
            words(section, "suffix", f"operators.{op}.suffix", old.suffix),
        ))

    latex = dict(base.latex) if base else {}
    latex.update({str(k): str(v) for k, v in data.get("latex", {}).items()})

    na = data.get("not_applicable", {})
    dl = data.get("deadline", {})
    qual = data.get("qualitative", {})

    groups = {g.key: g for g in base.groups} if base else {}
    for key, section in qual.get("groups", {}).items():
        old_words = groups[key].words if key in groups else ()
        groups[key] = QualitativeGroup(
            key, str(section.get("label", groups[key].label if key in groups else key)),
            tuple(dict.fromkeys(old_words + _strings(section.get("words", []),
                                                     f"qualitative.groups.{key}.words", source))),
        )

    intensity = dict(base.intensity) if base else {}
    for rank, rank_words in qual.get("intensity", {}).items():
        for word in _strings(rank_words, f"qualitative.intensity.{rank}", source):
            intensity[word] = int(rank)

    grades = {name: scale for name, scale in base.grades} if base else {}
    for name, scale in data.get("grades", {}).items():
        grades[name] = tuple((grade, *_band(band, f"grades.{name}.{grade}", source))
                             for grade, band in scale.items())

    word_bands = {word: (low, high) for word, low, high in base.actual_word_bands} \
        if base else {}
    for word, band in data.get("actual_word_bands", {}).items():
        word_bands[word] = _band(band, f"actual_word_bands.{word}", source)

    sentence = data.get("sentence", {})
    actual_words = dict(base.actual_words) if base else {}
    for tier, tier_words in data.get("actual_words", {}).items():
        for word in _strings(tier_words, f"actual_words.{tier}", source):
            actual_words[word] = int(tier)

    def pairs(section: dict[str, Any], key: str,
              inherited: tuple[tuple[str, Any], ...]) -> tuple[tuple[str, Any], ...]:
        merged = dict(inherited)
        merged.update(section.get(key, {}))
        return tuple(sorted(merged.items(), key=lambda kv: (-len(kv[0]), kv[0])))

    def sentence_words(key: str,
                       inherited: Callable[[Vocabulary], tuple[str, ...]]) -> tuple[str, ...]:
        """The words of ``sentence.<key>`` after those ``base`` has in that field."""
        return words(sentence, key, f"sentence.{key}", inherited(base) if base else ())

    return Vocabulary(
        operators=tuple(operators),
        latex=tuple(sorted(latex.items(), key=lambda kv: (-len(kv[0]), kv[0]))),
        na_phrases=words(na, "phrases", "not_applicable.phrases", base.na_phrases if base else ()),
        na_whole_cell=words(na, "whole_cell", "not_applicable.whole_cell",
                            base.na_whole_cell if base else ()),
        year_end=words(dl, "year_end", "deadline.year_end", base.year_end if base else ()),
        year_within=words(dl, "year_within", "deadline.year_within",
                          base.year_within if base else ()),
        half_year=pairs(dl, "half_year", base.half_year if base else ()),
        next_year=words(dl, "next_year", "deadline.next_year", base.next_year if base else ()),
        this_year=words(dl, "this_year", "deadline.this_year", base.this_year if base else ()),
        before=words(dl, "before", "deadline.before", base.before if base else ()),
        done=words(dl, "done", "deadline.done", base.done if base else ()),
        month_part=pairs(dl, "month_part", base.month_part if base else ()),
        groups=tuple(groups.values()),
        intensity=tuple(sorted(intensity.items(), key=lambda kv: (-len(kv[0]), kv[0]))),
        grades=tuple(grades.items()),
        actual_words=tuple(sorted(actual_words.items(), key=lambda kv: (-len(kv[0]), kv[0]))),
        sentence_after=sentence_words("after", lambda v: v.sentence_after),
        sentence_basis=sentence_words("basis", lambda v: v.sentence_basis),
        sentence_not_basis=sentence_words("not_basis", lambda v: v.sentence_not_basis),
        sentence_measures=sentence_words("measures", lambda v: v.sentence_measures),
        sentence_lower=sentence_words("lower", lambda v: v.sentence_lower),
        sentence_raise=sentence_words("raise", lambda v: v.sentence_raise),
        sentence_name_numbers=sentence_words("name_numbers", lambda v: v.sentence_name_numbers),
        name_marks=_marks(sentence, source, base.name_marks if base else ()),
        not_counted=words(data.get("chinese_numerals", {}), "not_counted",
                          "chinese_numerals.not_counted", base.not_counted if base else ()),
        actual_word_bands=tuple((word, low, high) for word, (low, high) in word_bands.items()),
        nothing_words=words(data.get("nothing_actuals", {}), "words", "nothing_actuals.words",
                            base.nothing_words if base else ()),
        nothing_prefixes=words(data.get("nothing_actuals", {}), "prefixes",
                               "nothing_actuals.prefixes", base.nothing_prefixes if base else ()),
        direction_names=load_direction_names(data.get("direction_names", {}), source,
                                             base.direction_names if base else None),
    )


def _marks(section: dict[str, Any], source: str,
           inherited: tuple[str, ...]) -> tuple[str, ...]:
    marks = _strings(section.get("name_marks", []), "sentence.name_marks", source)
    if any(len(pair) != 2 for pair in marks):
        raise DataFileError(source, 0, "sentence.name_marks 的每一项应为一对标点，如 “”"
                                       "（an opening and a closing mark）")
    return tuple(dict.fromkeys(inherited + marks))


def _band(band: Any, where: str, source: str) -> tuple[Decimal, Decimal]:
    """``[下限, 上限]`` in % of the points: 0 ≤ low < high ≤ 100."""
    if not (isinstance(band, list) and len(band) == 2
            and all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in band)):
        raise DataFileError(source, 0, f"{where} 应为 [下限, 上限]")
    low, high = Decimal(str(band[0])), Decimal(str(band[1]))
    if not 0 <= low < high <= 100:
        raise DataFileError(source, 0, f"{where} 应满足 0 ≤ 下限 < 上限 ≤ 100（占分值的百分比）")
    return low, high


def _read_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(source, getattr(exc, "lineno", 0), f"TOML 语法错误：{exc}") from exc


_DEFAULT: Vocabulary | None = None


def default_vocabulary() -> Vocabulary:
    """The package's own ``vocabulary.toml`` with ``direction_names.toml``, read once."""
    global _DEFAULT
    if _DEFAULT is None:
        package = resources.files("zhibiao.grammar")
        data = {}
        for name in ("vocabulary.toml", "direction_names.toml"):
            source = f"zhibiao/grammar/{name}"
            data[name] = _read_toml(package.joinpath(name).read_text("utf-8"), source)
        words = load_vocabulary(data["vocabulary.toml"], "zhibiao/grammar/vocabulary.toml")
        names = load_direction_names(data["direction_names.toml"].get("direction_names", {}),
                                     "zhibiao/grammar/direction_names.toml")
        _DEFAULT = replace(words, direction_names=names)
    return _DEFAULT


def read_vocabulary_file(path: Path, base: Vocabulary | None = None) -> Vocabulary:
    """Read a rule author's vocabulary file on top of ``base`` (the package's by default)."""
    return load_vocabulary(_read_toml(path.read_text(encoding="utf-8"), str(path)), str(path),
                           base or default_vocabulary())

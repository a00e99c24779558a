"""A fast path for the two commonest cell shapes, built from the grammar's own terminals.

Most 指标值 are a single comparison (``≥95%``, ``≥1.4亿元``, ``每年≥3次``, ``100元/月/人``)
or a single phrase (``显著提升``). For those, the LALR machinery and the generic clause
assembly cost most of the time. :class:`FastPath` recognises exactly these shapes with
one regular expression assembled from the *same* terminal patterns the lexer uses (so
the data files still drive it) and builds the model directly.

It declines — returns ``None`` and lets the grammar parse — whenever the lexer might
read the text differently (a month or a year where the number stands, ``12月``; a
Chinese numeral; a label or a noun; a range; several clauses) and whenever the text is
wrong in any way, so that errors always come from the grammar. A differential test
holds ``fast path == grammar`` (model, span and canonical text) on every golden value
and on generated and fuzzed text.
"""

from __future__ import annotations

import re
from functools import cached_property

from zhibiao.grammar.models import Comparison, Op, Qualitative, Quantity, Span, Target
from zhibiao.grammar.normalize import Normalized
from zhibiao.grammar.numerals import parse_decimal
from zhibiao.grammar.unit_models import UnitBuilder
from zhibiao.grammar.units import UnitTable
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("FastPath",)

_OPERATORS = {"GE": Op.GE, "LE": Op.LE, "GT": Op.GT, "LT": Op.LT, "EQ": Op.EQ, "NE": Op.NE,
              "APPROX": Op.APPROX}
_SUFFIXES = {"GE_SUFFIX": Op.GE, "LE_SUFFIX": Op.LE, "APPROX_SUFFIX": Op.APPROX}
_ONE = parse_decimal("1")
#: ``TEXT`` never contains a digit (``terminals._NOT_TEXT``): such a text is no lone phrase.
_DIGIT = re.compile(r"\d")


def _group(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


class FastPath:
    """Recognise a plain comparison or a lone phrase; ``None`` means "ask the grammar"."""

    def __init__(self, terminals: dict[str, str], build_unit: UnitBuilder,
                 units: UnitTable, vocabulary: Vocabulary) -> None:
        self.build_unit = build_unit
        self.units = units
        self.vocabulary = vocabulary
        self.terminals = terminals

    # The expressions are compiled on first use (compiling them costs ~20 ms, a tenth of
    # the command line's start-up; ``zhibiao parse "≥95%"`` never needs the phrase one).
    @cached_property
    def _comparison(self) -> re.Pattern[str]:
        t = self.terminals
        ops = "|".join(_group(name, f"{t[name]}|{t[name + '_WORD']}") for name in _OPERATORS)
        suffixes = "|".join(_group(name, t[name]) for name in _SUFFIXES if name in t)
        sp = " ?"
        # The lexer tries UNIT before MULTIPLIER (千米 is a unit); an atomic group keeps
        # the regex from backtracking into the other reading, as the lexer never does.
        unit = (rf"(?>{_group('unit', t['UNIT'])}|{_group('mult', t['MULTIPLIER'])}"
                rf"(?:{sp}{_group('unit2', t['UNIT'])})?)")
        join = rf"(?:/|{t['RATE_JOIN']})"
        rate = rf"(?P<rate>{sp}/{sp}(?:{t['UNIT']})(?:{sp}{join}{sp}(?:{t['UNIT']}))*)"
        return re.compile(
            rf"{_group('period', t['PERIOD'])}?{sp}(?:{ops})?{sp}"
            # A month or a year where the number stands is a date to the lexer.
            rf"(?!{t['MONTH_DATE']}|{t['YEAR_DATE']})"
            rf"{_group('number', t['NUMBER'])}{sp}{unit}?{rate}?"
            rf"(?:{sp}(?:{suffixes}))?(?:{sp}{_group('note', t['NOTE'])})?"
        )

    @cached_property
    def _phrase(self) -> re.Pattern[str]:
        return re.compile(self.terminals["TEXT"])

    @cached_property
    def _na_cell(self) -> re.Pattern[str]:
        return re.compile(self.terminals["NA_CELL"])

    @cached_property
    def _unit_token(self) -> re.Pattern[str]:
        return re.compile(self.terminals["UNIT"])

    def parse(self, normalized: Normalized) -> Target | None:
        text = normalized.text
        if not text:
            return None
        if _DIGIT.search(text) is None and self._phrase.fullmatch(text):
            if self._na_cell.fullmatch(text):
                return None
            group, intensity = self.vocabulary.classify(text)
            return Qualitative(text=text, group=group, intensity=intensity,
                               scale=self.vocabulary.grade_scale(text),
                               span=self._span(normalized, 0, len(text)))
        match = self._comparison.fullmatch(text)
        return None if match is None else self._comparison_model(match, normalized)

    def _comparison_model(self, match: re.Match[str], normalized: Normalized,
                          ) -> Comparison | None:
        groups = match.groupdict()
        op = next((_OPERATORS[name] for name in _OPERATORS if groups[name]), None)
        suffix = next((_SUFFIXES[name] for name in _SUFFIXES if groups.get(name)), None)
        if op is not None and suffix is not None and op is not suffix:
            return None  # contradictory: let the grammar say so
        written = self.units.written
        head = groups["unit"] or groups["unit2"]
        numerator = written[head] if head else ""
        denominators: tuple[str, ...] = ()
        if groups["rate"]:
            denominators = tuple(written[m.group()]
                                 for m in self._unit_token.finditer(groups["rate"]))
        if groups["period"]:
            denominators = (*denominators, written[groups["period"][1:]])
        multiplier = groups["mult"] or ""
        factor = self.units.multipliers[multiplier] if multiplier else _ONE
        quantity = Quantity(value=parse_decimal(groups["number"]) * factor,
                            unit=self.build_unit(numerator, denominators),
                            multiplier=multiplier, multiplier_factor=factor)
        implicit = op is None and suffix is None
        note = groups["note"]
        return Comparison(op=op or suffix or Op.EQ, quantity=quantity, implicit_op=implicit,
                          note=note[1:-1] if note else None,
                          span=self._span(normalized, match.start(), match.end()))

    @staticmethod
    def _span(normalized: Normalized, start: int, end: int) -> Span:
        origin = normalized.origin
        return Span(start=origin[start], end=origin[end - 1] + 1)

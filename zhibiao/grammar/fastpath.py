"""A fast path for the commonest cell shapes, built from the grammar's own terminals.

Most 指标值 are a single comparison (``≥95%``, ``≥1.4亿元``, ``每年≥3次``, ``100元/月/人``),
perhaps with a label or a noun (``处置率达100%``, ``≥30个项目``), a single phrase
(``显著提升``) or a not-applicable marker (``本指标不适用``). For those, the LALR machinery
and the generic clause assembly cost most of the time. :class:`FastPath` recognises
exactly these shapes with regular expressions assembled from the *same* terminal patterns
the lexer uses (so the data files still drive it) and builds the model directly.

It declines — returns ``None`` and lets the grammar parse — whenever the lexer might
read the text differently (a month or a year where the number stands, ``12月``; a
Chinese numeral; a keyword where a label or a noun starts; a range; several clauses),
whenever the grammar path would check the canonical text and it differs from the input,
and whenever the text is wrong in any way, so that errors always come from the grammar.
A differential test holds ``fast path == grammar`` (model, span and canonical text) on
every golden value and on generated and fuzzed text.
"""

from __future__ import annotations

import re
from functools import cached_property

from zhibiao.grammar.dates import DateWords
from zhibiao.grammar.direct_models import comparison, qualitative, quantity, span
from zhibiao.grammar.first_characters import Prefiltered
from zhibiao.grammar.models import (
    Comparison,
    Deadline,
    NotApplicable,
    Op,
    Span,
    Target,
)
from zhibiao.grammar.normalize import Normalized
from zhibiao.grammar.numerals import CHINESE_DIGITS, parse_decimal, times
from zhibiao.grammar.sentences import SentenceRule
from zhibiao.grammar.suggestions import Misspellings
from zhibiao.grammar.unit_models import UnitBuilder
from zhibiao.grammar.units import UnitTable
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("NOT_AFTER_NUMBER", "NOT_AFTER_UNIT", "NOT_AT_CLAUSE_START", "FastPath")

_OPERATORS = {"GE": Op.GE, "LE": Op.LE, "GT": Op.GT, "LT": Op.LT, "EQ": Op.EQ, "NE": Op.NE,
              "APPROX": Op.APPROX}
_SUFFIXES = {"GE_SUFFIX": Op.GE, "LE_SUFFIX": Op.LE, "APPROX_SUFFIX": Op.APPROX}
_ONE = parse_decimal("1")
#: ``TEXT`` never contains a digit (``terminals._NOT_TEXT``): such a text is no lone phrase.
_DIGIT = re.compile(r"\d")
#: Terminals the lexer never tries in a context, because the grammar accepts none of
#: them there (a test holds this to lark's parse table): where a clause starts (before a
#: label), after a number, after a unit or a rate (before a noun). Any other terminal that
#: matches where a label or a noun starts means the lexer reads no free text there.
NOT_AT_CLAUSE_START = frozenset({"UNIT", "MULTIPLIER", "SLASH", "RATE_JOIN", "MONTH_PART",
                                 "BEFORE", "DONE"})
NOT_AFTER_NUMBER = frozenset({"MONTH_PART", "BEFORE", "DONE"})
NOT_AFTER_UNIT = NOT_AFTER_NUMBER | {"UNIT", "MULTIPLIER"}


def _group(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


class FastPath:
    """Recognise a comparison (perhaps labelled or with a noun), a phrase or a list of
    phrases, a not-applicable marker or a one-date deadline; ``None`` means "ask the
    grammar"."""

    def __init__(self, terminals: dict[str, str], build_unit: UnitBuilder,
                 units: UnitTable, vocabulary: Vocabulary) -> None:
        self.build_unit = build_unit
        self.units = units
        self.vocabulary = vocabulary
        self.terminals = terminals
        self.misspellings = Misspellings(units, vocabulary)
        self.sentences = SentenceRule(vocabulary)
        self.dates = DateWords(vocabulary)

    # The expressions are compiled on first use (compiling them costs ~20 ms, a tenth of
    # the command line's start-up; ``zhibiao parse "≥95%"`` needs only the comparison
    # and the unit check, never the phrase, label or deadline ones).
    @cached_property
    def _comparison(self) -> re.Pattern[str]:
        note = _group("note", self.terminals["NOTE"])
        return re.compile(rf"{self._value}(?: ?(?:{self._suffixes}))?(?: ?{note})?")

    @cached_property
    def _labelled(self) -> re.Pattern[str]:
        """A comparison with a label before it or a noun after it (free text, taken
        whole: the lexer never gives back part of a token)."""
        t = self.terminals
        return re.compile(
            rf"(?:(?>{_group('label', t['TEXT'])}) ?)?{self._value}"
            rf"(?: ?(?:{self._suffixes}))?(?: ?(?>{_group('noun', t['TEXT'])}))?"
            rf"(?: ?{_group('note', t['NOTE'])})?"
        )

    @cached_property
    def _suffixes(self) -> str:
        """以上, 以内, 左右 after the value, each in the group of its operator."""
        t = self.terminals
        return "|".join(_group(name, t[name]) for name in _SUFFIXES if name in t)

    @cached_property
    def _value(self) -> str:
        """Period, operator, number, multiplier, unit and rate, as the lexer reads them."""
        t = self.terminals
        ops = "|".join(_group(name, f"{t[name]}|{t[name + '_WORD']}") for name in _OPERATORS)
        sp = " ?"
        # The lexer tries UNIT before MULTIPLIER (千米 is a unit); an atomic group keeps
        # the regex from backtracking into the other reading, as the lexer never does.
        unit = (rf"(?>{_group('unit', t['UNIT'])}|{_group('mult', t['MULTIPLIER'])}"
                rf"(?:{sp}{_group('unit2', t['UNIT'])})?)")
        join = rf"(?:/|{t['RATE_JOIN']})"
        rate = rf"(?P<rate>{sp}/{sp}(?:{t['UNIT']})(?:{sp}{join}{sp}(?:{t['UNIT']}))*)"
        return (
            rf"{_group('period', t['PERIOD'])}?{sp}(?:{ops})?{sp}"
            # A month or a year where the number stands is a date to the lexer.
            rf"(?!{t['MONTH_DATE']}|{t['YEAR_DATE']})"
            rf"{_group('number', t['NUMBER'])}{sp}{unit}?{rate}?"
        )

    @cached_property
    def _keyword_at_clause_start(self) -> Prefiltered:
        return _any_terminal(self.terminals, exclude=NOT_AT_CLAUSE_START)

    @cached_property
    def _keyword_after_number(self) -> Prefiltered:
        return _any_terminal(self.terminals, exclude=NOT_AFTER_NUMBER)

    @cached_property
    def _keyword_after_unit(self) -> Prefiltered:
        return _any_terminal(self.terminals, exclude=NOT_AFTER_UNIT)

    @cached_property
    def _deadline(self) -> re.Pattern[str]:
        """A deadline of one date, each token taken whole (atomic), the lexer's first
        choice first: 每年底 is one token before 每年 + 底 could be tried."""
        t = self.terminals

        def token(name: str, group: str | None = None) -> str:
            return f"(?>{_group(group or name.lower(), t[name])})"

        point = (rf"(?:{token('REL_YEAR')} ?)?"
                 rf"(?>{token('DATED_YEAR_END')}|{token('YEAR_DATE')}|{token('MONTH_DATE')}"
                 rf"|{token('YEAR_END')}"
                 rf"|{token('YEAR_WITHIN', 'year_end2')}|{token('HALF_YEAR')})"
                 rf"(?: ?{token('MONTH_PART')})?")
        return re.compile(
            rf"(?>{token('EVERY_YEAR_END')}|(?:{token('EQ')} ?)?(?:{token('PERIOD')} ?)?{point})"
            rf"(?: ?{token('BEFORE')})?(?: ?{token('DONE')})?"
        )

    @cached_property
    def _phrase(self) -> re.Pattern[str]:
        return re.compile(self.terminals["TEXT"])

    @cached_property
    def _separator(self) -> re.Pattern[str]:
        return re.compile(f" ?(?:{self.terminals['SEP']}) ?")

    @cached_property
    def _not_applicable(self) -> re.Pattern[str]:
        """A cell that is one not-applicable token (the lexer's first choice there)."""
        return re.compile(f"{self.terminals['NA_CELL']}|{self.terminals['NA_PHRASE']}")

    @cached_property
    def _unit_token(self) -> re.Pattern[str]:
        return re.compile(self.terminals["UNIT"])

    def parse(self, normalized: Normalized) -> Target | None:
        text = normalized.text
        if not text:
            return None
        if _DIGIT.search(text) is None:
            if self._not_applicable.fullmatch(text):
                return NotApplicable(marker=text, span=self._span(normalized, 0, len(text)))
            if self._is_phrase(text):
                group, intensity = self.vocabulary.classify(text)
                return qualitative(text, group, intensity, self.vocabulary.grade_scale(text),
                                   self._span(normalized, 0, len(text)))
        else:
            match = self._comparison.fullmatch(text) or self._labelled.fullmatch(text)
            if match is not None:
                return self._comparison_model(match, normalized)
        match = self._deadline.fullmatch(text)
        return None if match is None else self._deadline_model(match, normalized)

    def _is_phrase(self, text: str) -> bool:
        """Free text, or free texts joined by separators: clauses with no value, which
        the grammar joins into one phrase (按文件执行,据实拨付)."""
        start = 0
        for separator in self._separator.finditer(text):
            if not self._is_free_text(text, start, separator.start()):
                return False
            start = separator.end()
        return self._is_free_text(text, start, len(text))

    def _is_free_text(self, text: str, start: int, end: int) -> bool:
        """The lexer reads ``text[start:end]``, a clause, as one free-text token: no
        keyword where it starts (以上且 is 以上 + 且, 内/ is 内 + /), and free text runs
        to its end. Matched in the whole text, as the lexer's lookaheads see it (每分;
        is a period before ";")."""
        match = self._phrase.match(text, start)
        return (match is not None and match.end() == end
                and self._keyword_at_clause_start.match(text, start) is None)

    def _comparison_model(self, match: re.Match[str], normalized: Normalized,
                          ) -> Comparison | None:
        groups = match.groupdict()
        op = _named(groups, _OPERATORS)
        suffix = _named(groups, _SUFFIXES)
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
            period = written.get(groups["period"][1:])
            if period is None or not self.units.definitions[period].is_time:
                return None  # 每亩300元, 每人每月100元: the grammar folds the rate
            if denominators and any(self.units.definitions[d].is_time for d in denominators):
                return None  # 每年≥3次/年, 每月≥3次/年: the grammar folds or refuses it
            denominators = (*denominators, period)
        if (head or groups["mult"]) and not self._unit_is_the_lexers(match):
            return None
        label, noun = groups.get("label"), groups.get("noun")
        sentences = self.sentences
        if label is not None and (not self._label_is_free_text(label, match)
                                  or sentences.has_marks(label)
                                  or sentences.label_operator(label) is not None
                                  or sentences.on_basis(label)):
            return None  # a number inside a name, or after an operator or basis word
        if noun is not None and (sentences.in_sentence(noun)
                                 or not self._noun_is_free_text(noun, match)):
            return None  # a number inside a sentence, or a noun the lexer reads otherwise
        if noun and noun[0] in CHINESE_DIGITS and groups["mult"] and not head \
                and not groups["rate"]:
            return None  # 1万五千人: one number written in two ways; the grammar refuses it
        multiplier = groups["mult"] or ""
        factor = self.units.multipliers[multiplier] if multiplier else _ONE
        implicit = op is None and suffix is None
        note = groups["note"]
        try:
            value = parse_decimal(groups["number"])
            # Built directly, with the models' own checks (direct_models.py).
            amount = quantity(times(value, factor) if multiplier else value,
                              self.build_unit(numerator, denominators), multiplier, factor)
            model = comparison(op or suffix or Op.EQ, amount, implicit, label, noun,
                               note[1:-1] if note else None,
                               self._span(normalized, match.start(), match.end()))
        except ValueError:
            return None  # the models refuse it (增长率-5%): the grammar says why
        # The grammar path reads the canonical text back after moving a noun or gluing
        # a label to a bare value or to a 每X period (IndicatorParser._check_canonical);
        # it needs no reading when that text is the input, and the grammar does it
        # otherwise.
        if (noun is not None or (label is not None and (implicit or groups["period"]))) \
                and str(model) != normalized.text:
            return None
        return model

    def _unit_is_the_lexers(self, match: re.Match[str]) -> bool:
        """No other token the lexer may take after a number stands where the multiplier
        or the unit starts (次年 in 3次年2月 is a year, not the unit 次)."""
        keyword, text = self._keyword_after_unit, match.string
        for name in ("mult", "unit", "unit2"):
            start = match.start(name)
            if start >= 0 and keyword.match(text, start) is not None:
                return False
        return True

    def _label_is_free_text(self, label: str, match: re.Match[str]) -> bool:
        """The lexer reads the label as free text (no keyword where it starts), and it
        ends in no misspelt operator word (不底于95%)."""
        return (self._keyword_at_clause_start.match(match.string, match.start("label")) is None
                and self.misspellings.operator_in(label) is None)

    def _noun_is_free_text(self, noun: str, match: re.Match[str]) -> bool:
        """The lexer reads the noun as free text, and it starts with no misspelt unit
        word (≤30个工作曰, ≤4万圆). After a unit or a rate the lexer expects no other unit."""
        written_unit = match.group("unit") or match.group("unit2")
        has_unit = bool(written_unit or match.group("rate"))
        keyword = self._keyword_after_unit if has_unit else self._keyword_after_number
        # Right after the number (no unit word read), a look-alike unit counts too (万圆).
        multiplier = None if written_unit else match.group("mult") or ""
        return (keyword.match(match.string, match.start("noun")) is None
                and self.misspellings.unit_in(noun, multiplier) is None
                and self.misspellings.ambiguous_unit(noun, multiplier) is None)

    def _deadline_model(self, match: re.Match[str], normalized: Normalized) -> Deadline | None:
        g = match.groupdict()
        period = g["period"]
        if period is not None and self.units.written.get(period[1:]) != "年":
            return None  # 每月年底: the grammar says what is wrong
        if g["month_part"] is not None and g["year_date"] is None and g["month_date"] is None:
            return None
        relative = g["rel_year"]
        try:
            if g["every_year_end"] is not None:
                end = self.dates.year_end(None)
            elif g["dated_year_end"] is not None:
                if self.dates.offset(relative):
                    return None  # 次年2027年底: the grammar says what is wrong
                end = self.dates.dated_year_end(g["dated_year_end"])
            elif g["year_date"] is not None:
                if self.dates.offset(relative):
                    return None  # 次年2024年: the grammar says what is wrong
                end = self.dates.absolute(g["year_date"], g["month_part"])
            elif g["month_date"] is not None:
                end = self.dates.month(g["month_date"], relative, g["month_part"])
            elif g["half_year"] is not None:
                end = self.dates.half_year(g["half_year"], relative)
            else:
                end = self.dates.year_end(relative)
            return Deadline(end=end, before=g["before"] is not None,
                            recurring=period is not None or g["every_year_end"] is not None,
                            completion=g["done"] is not None,
                            span=self._span(normalized, match.start(), match.end()))
        except ValueError:
            return None  # a date that does not exist, a recurring deadline with a year

    @staticmethod
    def _span(normalized: Normalized, start: int, end: int) -> Span:
        origin = normalized.origin
        return span(origin[start], origin[end - 1] + 1)


def _named(groups: dict[str, str | None], names: dict[str, Op]) -> Op | None:
    """The operator whose group matched (the groups of ``names`` exclude each other)."""
    for name, op in names.items():
        if groups.get(name) is not None:
            return op
    return None


def _any_terminal(terminals: dict[str, str], exclude: frozenset[str]) -> Prefiltered:
    """Any terminal but free text and those in ``exclude`` (matched where it starts;
    most positions are ruled out by their first character)."""
    names = sorted(name for name in terminals
                   if name != "TEXT" and not name.startswith("__") and name not in exclude)
    return Prefiltered(re.compile("|".join(f"(?:{terminals[name]})" for name in names)))

"""The one door into the grammar: :func:`parse` and :class:`IndicatorParser`.

For any ``str``, ``parse`` returns a model or raises :class:`IndicatorSyntaxError`;
every lark exception is converted (with column, caret excerpt and what was expected,
in domain words), and errors raised inside transformer callbacks are unwrapped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import DecimalException, getcontext, setcontext
from functools import cached_property, lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from zhibiao.decimal_context import ACTIVE_CONTEXT, out_of_range
from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.confusables import default_confusables
from zhibiao.grammar.fastpath import FastPath
from zhibiao.grammar.invisible import refused_character
from zhibiao.grammar.messages import (
    EXPECTED_WORDS,
    HINT,
    INTERNAL_ERROR,
    LARK_OPTIONS,
    invalid_value,
)
from zhibiao.grammar.models import Clause, Compound, Target
from zhibiao.grammar.normalize import MAX_LENGTH, normalize
from zhibiao.grammar.numerals import CHINESE_DIGITS
from zhibiao.grammar.table_values import apply_header_unit, header_quantity, read_amount
from zhibiao.grammar.terminal_cache import load_patterns, save_patterns
from zhibiao.grammar.terminals import generated_terminals
from zhibiao.grammar.unit_models import UnitBuilder
from zhibiao.grammar.units import UnitTable, default_unit_table, read_unit_file
from zhibiao.grammar.vocabulary import Vocabulary, default_vocabulary, read_vocabulary_file

if TYPE_CHECKING:  # lark is imported only when a value needs the LALR parser
    from zhibiao.grammar.actual_models import Actual
    from zhibiao.grammar.actual_reader import ActualReader
    from zhibiao.grammar.lalr import LalrParser
    from zhibiao.grammar.models import Quantity

__all__ = ("EXPECTED_WORDS", "HINT", "INTERNAL_ERROR", "LARK_OPTIONS", "MAX_NUMBERS",
           "IndicatorParser",
           "default_parser", "invalid_value", "parse")


class IndicatorParser:
    """A parser for one unit table and vocabulary. Build once, parse many times."""

    def __init__(self, units: UnitTable | None = None,
                 vocabulary: Vocabulary | None = None) -> None:
        self.units = units or default_unit_table()
        self.vocabulary = vocabulary or default_vocabulary()
        self.grammar = grammar_text(self.units, self.vocabulary)
        self._unit_builder = UnitBuilder(self.units)
        # The fast path needs only the terminals' patterns. Once lark has built this
        # grammar they are kept on disk (terminal_cache.py), so later starts skip lark
        # altogether until a value needs the LALR parser.
        options = repr(sorted(LARK_OPTIONS.items()))
        patterns = load_patterns(self.grammar, options)
        if patterns is None:  # not built before: build (and check) the grammar now
            patterns = self._lalr.terminal_patterns()
            save_patterns(self.grammar, options, patterns)
        self._digit_lookalike = default_confusables().digit_lookalike  # looked up once
        self._fast = FastPath(patterns, self._unit_builder, self.units, self.vocabulary)
        # A value this long may have a canonical text over the limit (see _check_length).
        self._check_length_from = MAX_LENGTH // canonical_growth(self.units)
        self.parse = lru_cache(maxsize=8192)(self._parse)
        # Canonical texts read back without checking them in turn (no recursion).
        self._read_canonical = lru_cache(maxsize=4096)(
            partial(self._parse, check_canonical=False))
        self._header_units = lru_cache(maxsize=256)(partial(header_quantity, self))

    @cached_property
    def _lalr(self) -> LalrParser:
        """The grammar's LALR parser, built (or loaded from lark's cache) on first use."""
        from zhibiao.grammar.lalr import LalrParser

        return LalrParser(self.grammar, self.units, self.vocabulary, self._unit_builder)

    @classmethod
    def from_files(cls, units: Path | None = None,
                   vocabulary: Path | None = None) -> IndicatorParser:
        """A parser whose tables are the package's extended by a rule author's files."""
        return cls(read_unit_file(units) if units else None,
                   read_vocabulary_file(vocabulary) if vocabulary else None)

    @cached_property
    def actuals(self) -> ActualReader:
        """How this parser reads actuals (its units and words), built on first use."""
        from zhibiao.grammar.actual_reader import ActualReader

        return ActualReader(self)

    def parse_actual(self, text: str) -> Actual:
        """Parse the text of an actual (实际完成值) with this parser's units and words.

        Raises :class:`~zhibiao.errors.IndicatorSyntaxError` for text that is neither a
        word evaluators use nor valid 指标值 notation (scoring turns that into a
        ``not_evaluable`` outcome with reason ``unparsable_actual``).

        >>> parser = default_parser()
        >>> parser.parse_actual("≥95%").copied_op
        <Op.GE: '>='>
        >>> parser.parse_actual("部分达成").tier
        2
        >>> parser.parse_actual("基本达到").low, parser.parse_actual("基本达到").high
        (Decimal('80'), Decimal('90'))
        >>> parser.parse_actual("优").grade, parser.parse_actual("—").kind
        ('优', 'blank')
        """
        return self.actuals.parse(text)

    def header_unit(self, unit_text: str) -> Quantity:
        """A column header's unit as the quantity ``1`` in it (``"万元"`` → 1万元).

        Raises :class:`~zhibiao.errors.EvaluationError` when ``unit_text`` is not a unit.
        """
        return self._header_units(unit_text)

    def with_header_unit(self, target: Target, unit_text: str) -> Target:
        """``target`` with the header's unit given to its bare numbers (``90`` + ``%``
        → ``90%``). Raises :class:`~zhibiao.errors.EvaluationError` when ``unit_text``
        is not a unit.

        >>> str(default_parser().with_header_unit(parse("90"), "%"))
        '90%'
        """
        return apply_header_unit(target, self.header_unit(unit_text), self.units)

    def parse_amount(self, text: str, role: str = "金额") -> Quantity:
        """An amount written as text (``20万元``, ``278.4449``); ``role`` names it in the
        :class:`IndicatorSyntaxError` raised for text that is no amount."""
        return read_amount(self, text, role)

    def _parse(self, text: str, use_fast_path: bool = True,
               check_canonical: bool = True) -> Target:
        """:meth:`_read` in zhibiao's Decimal context (``own_context`` written out: its
        generic wrapper cost 2 % of an uncached parse)."""
        saved = getcontext()
        if saved is ACTIVE_CONTEXT:
            return self._read(text, use_fast_path, check_canonical)
        setcontext(ACTIVE_CONTEXT)
        try:
            return self._read(text, use_fast_path, check_canonical)
        except DecimalException as exc:
            raise out_of_range(exc) from exc
        finally:
            setcontext(saved)

    def _read(self, text: str, use_fast_path: bool, check_canonical: bool) -> Target:
        if not isinstance(text, str):
            raise TypeError(f"parse() takes a str, not {type(text).__name__}")
        if len(text) > MAX_LENGTH:
            raise IndicatorSyntaxError(
                text[:80] + "…", 81, f"指标值过长（{len(text)} 个字符，上限 {MAX_LENGTH}）",
                hint="指标值应为一个简短的单元格内容；说明文字请放在“绩效标准”或备注中")
        refused = refused_character(text)
        if refused is not None:  # shown one way, stored another: refused, never guessed
            raise IndicatorSyntaxError(
                text, refused[0] + 1, refused[1],
                hint="请删去这个字符（从网页、聊天或 PDF 复制来的文字常带有它），或重新输入")
        normalized = normalize(text, self.vocabulary)
        if normalized.text is not text and len(normalized.text) > MAX_LENGTH:
            # NFKC writes ﷺ as 18 characters
            raise IndicatorSyntaxError(
                text[:80] + "…", 1,
                f"指标值过长（规范化后 {len(normalized.text)} 个字符，上限 {MAX_LENGTH}）",
                hint="指标值应为一个简短的单元格内容；说明文字请放在“绩效标准”或备注中")
        lookalike = self._digit_lookalike(normalized.text)
        if lookalike is not None:  # 1O0% would read as 1 and O0%: refuse, never split
            raise IndicatorSyntaxError(
                text, normalized.column(lookalike.start),
                f"数字 “{lookalike.written}” 中混有字母", suggestion=lookalike.meant,
                hint="数字中的 0、1 不要写成字母 O、o、l（形近字见 confusables.txt）")
        if use_fast_path:
            try:
                fast = self._fast.parse(normalized)
            except ValueError as exc:  # a model validator rejected the value
                raise invalid_value(text, exc) from None
            if fast is not None:
                if len(normalized.text) >= self._check_length_from:
                    _check_length(text, str(fast))
                return fast
        if len(normalized.text) > 2 * MAX_NUMBERS:  # each number but the last needs a
            _check_numbers(text, normalized.text)  # character after it: shorter is fine
        long = len(normalized.text) >= self._check_length_from
        model, moved = self._lalr.parse(text, normalized)
        if long or (moved and check_canonical):
            clauses = model.clauses if isinstance(model, Compound) else (model,)
            texts = [str(clause) for clause in clauses]
            canonical = ";".join(texts)  # str(model), each clause written once
            if long:
                _check_length(text, canonical)
            if moved and check_canonical and canonical != normalized.text:
                self._check_canonical(text, clauses, texts)
        return model

    def _check_canonical(self, text: str, clauses: Sequence[Clause],
                         texts: list[str]) -> None:
        """Refuse a value whose canonical text would read back as something else.

        The grammar path joins and reorders pieces (a note inside a label, a unit word
        after 以上, a label glued to a date word); for a few odd inputs the canonical
        text then reads differently (每=年底 → 每年底, every year end). Such an input is
        ambiguous, so it is an error rather than a model that breaks ``parse(str(m))``.
        The fast path's shapes need no check (held equal to this path by a test).
        A value written canonically needs no reading (the caller compares first).
        """
        # Clause by clause (the clauses are joined by ";", which nothing crosses), through
        # the cache: repeated clauses of a long cell are checked once.
        for clause, written in zip(clauses, texts, strict=True):
            try:
                again: Target | None = self._read_canonical(written)
            except IndicatorSyntaxError:
                again = None
            if again == clause:
                continue
            if again is None:
                reads = "无法再读回"
            elif str(again) != written:
                reads = f"会读成 “{again}”"
            else:  # same text, other parts: 次年=年底 (label 次年) vs 次年年底 (a date)
                reads = "会读成另一个含义（文字、单位与日期的归属不同）"
            raise IndicatorSyntaxError(
                text, clause.span.start + 1 if clause.span is not None else 1,
                f"写法有歧义：规范写法 “{written}” {reads}",
                hint="请改写：文字与数值之间用运算符（如 “=”、“≥”）隔开，单位紧跟数字，"
                     "括号说明写在最后，例如 “受益户数≥200户（含脱贫户）”")

    def parse_with_grammar(self, text: str) -> Target:
        """Parse without the fast path (for tests that compare the two); not cached."""
        return self._parse(text, use_fast_path=False)


#: How many times longer than the written number its canonical text can be, at most:
#: scientific notation (1e20, 4 characters, is 21 digits; numerals.MAX_EXPONENT), a
#: range's low bound written in the high bound's multiplier (1元-1亿元 → 0.00000001亿-1亿元),
#: Chinese numerals (十 → 10). Unit words are measured in the unit table.
_NUMBER_GROWTH = 16


def canonical_growth(units: UnitTable) -> int:
    """A bound on ``len(str(parse(t))) / len(t)``: the numbers' growth, or a unit's
    (``h`` is printed ``小时``; 月 and 年 may be printed 个月, 个年度)."""
    unit = max((len(name) + 2) // len(form) + 1 for form, name in units.written.items())
    return max(_NUMBER_GROWTH, unit)


#: Most numbers one cell may hold. Real cells hold a dozen at most; each number costs the
#: grammar path ~40 µs, so this keeps every input within the length limit fast (a cell of
#: 500 values, 1e3;1e3;…, took 20 ms).
MAX_NUMBERS = 100
_DIGITS = "".join(CHINESE_DIGITS)
_NUMBER_RUN = re.compile(rf"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[{_DIGITS}十][{_DIGITS}十百千万亿]*")


def _check_numbers(text: str, normalized: str) -> None:
    count = sum(1 for _ in _NUMBER_RUN.finditer(normalized))
    if count > MAX_NUMBERS:
        raise IndicatorSyntaxError(
            text[:80] + "…", 1, f"指标值中的数字过多（{count} 个，上限 {MAX_NUMBERS}）",
            hint="一个单元格只填一项或几项指标；说明文字请放在“绩效标准”或备注中")


def _check_length(text: str, canonical: str) -> None:
    """Refuse a value whose canonical text is longer than the input limit: it would not
    read back (``parse(str(m)) == m`` holds for every accepted value)."""
    length = len(canonical)
    if length > MAX_LENGTH:
        raise IndicatorSyntaxError(
            text[:80] + "…", 1, f"指标值的规范写法过长（{length} 个字符，上限 {MAX_LENGTH}）",
            hint="把一个单元格中的多项指标拆开填写；科学计数法请写成普通数字")


def grammar_text(units: UnitTable, vocabulary: Vocabulary) -> str:
    """The full grammar: ``indicator.lark`` plus the terminals built from the data files."""
    base = resources.files("zhibiao.grammar").joinpath("indicator.lark").read_text("utf-8")
    return base + generated_terminals(units, vocabulary)


_DEFAULT: IndicatorParser | None = None


def default_parser() -> IndicatorParser:
    """The parser for the package's own data files, built on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = IndicatorParser()
    return _DEFAULT


def parse(text: str) -> Target:
    """Parse one 指标值 into a model, or raise :class:`IndicatorSyntaxError`.

    >>> str(parse("≥ 95 %"))
    '≥95%'
    >>> parse("1.4亿元") == parse("140000000元")
    True
    """
    return default_parser().parse(text)

"""The one door into the grammar: :func:`parse` and :class:`IndicatorParser`.

For any ``str``, ``parse`` returns a model or raises :class:`IndicatorSyntaxError`;
every lark exception is converted (with column, caret excerpt and what was expected,
in domain words), and errors raised inside transformer callbacks are unwrapped.
"""

from __future__ import annotations

import functools
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lark import Lark, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.exceptions import VisitError

from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.fastpath import FastPath
from zhibiao.grammar.models import Compound, NotApplicable, Target
from zhibiao.grammar.normalize import MAX_LENGTH, Normalized, normalize
from zhibiao.grammar.suggestions import near_miss
from zhibiao.grammar.terminals import generated_terminals
from zhibiao.grammar.transformer import Cell, IndicatorTransformer, PieceError, assemble
from zhibiao.grammar.units import UnitTable, default_unit_table, read_unit_file
from zhibiao.grammar.vocabulary import Vocabulary, default_vocabulary, read_vocabulary_file

__all__ = ("EXPECTED_WORDS", "INTERNAL_ERROR", "IndicatorParser", "default_parser", "parse")

#: What each terminal is called in an error message (never a lark terminal name).
EXPECTED_WORDS: dict[str, str] = {
    "NUMBER": "数字", "CN_NUMBER": "数字", "UNIT": "单位", "MULTIPLIER": "万/亿",
    "GE": "运算符", "LE": "运算符", "GT": "运算符", "LT": "运算符", "EQ": "运算符",
    "NE": "运算符", "APPROX": "运算符", "GE_WORD": "运算符", "LE_WORD": "运算符",
    "GT_WORD": "运算符", "LT_WORD": "运算符", "EQ_WORD": "运算符", "NE_WORD": "运算符",
    "APPROX_WORD": "运算符", "GE_SUFFIX": "以上/以内", "LE_SUFFIX": "以上/以内",
    "APPROX_SUFFIX": "以上/以内", "DASH": "“-”", "RANGE_SEP": "范围符号“-”",
    "SLASH": "“/”", "RATE_JOIN": "单位", "SEP": "分隔符（，；）", "AND": "分隔符（，；）",
    "NOTE": "括号说明", "TEXT": "文字", "PERIOD": "每年/每月", "YEAR_DATE": "日期",
    "MONTH_DATE": "日期", "REL_YEAR": "日期", "YEAR_END": "日期", "EVERY_YEAR_END": "日期",
    "YEAR_WITHIN": "日期",
    "HALF_YEAR": "日期", "MONTH_PART": "月底/月份", "BEFORE": "“前”", "DONE": "“完成”",
    "NA_PHRASE": "不适用", "NA_CELL": "不适用", "$END": "结尾",
}

#: Reason prefix of an error that is a bug in zhibiao, not in the input.
INTERNAL_ERROR = "内部错误"

_HINT = "指标值写法示例：≥95%、≤30个工作日、每年≥3次、90%-95%、年底前完成、显著提升、本指标不适用"


class IndicatorParser:
    """A parser for one unit table and vocabulary. Build once, parse many times."""

    def __init__(self, units: UnitTable | None = None,
                 vocabulary: Vocabulary | None = None) -> None:
        self.units = units or default_unit_table()
        self.vocabulary = vocabulary or default_vocabulary()
        self.grammar = grammar_text(self.units, self.vocabulary)
        transformer = IndicatorTransformer(self.units, self.vocabulary)
        self._lark = Lark(
            self.grammar,
            parser="lalr",
            lexer="contextual",
            strict=True,
            propagate_positions=True,
            maybe_placeholders=False,
            transformer=transformer,
            # Strict mode's collision check (interegular) takes seconds; lark caches the
            # built tables in the temp directory, keyed by grammar text, options and lark
            # version, so it runs once per grammar and later starts load in milliseconds.
            cache=True,
        )
        self._fast = FastPath(
            {t.name: t.pattern.to_regexp() for t in self._lark.terminals}, transformer,
            self.units, self.vocabulary)
        self.parse = lru_cache(maxsize=8192)(self._parse)
        # Canonical texts read back without checking them in turn (no recursion).
        self._read_canonical = lru_cache(maxsize=4096)(
            functools.partial(self._parse, check_canonical=False))

    @classmethod
    def from_files(cls, units: Path | None = None,
                   vocabulary: Path | None = None) -> IndicatorParser:
        """A parser whose tables are the package's extended by a rule author's files."""
        return cls(read_unit_file(units) if units else None,
                   read_vocabulary_file(vocabulary) if vocabulary else None)

    def _parse(self, text: str, use_fast_path: bool = True,
               check_canonical: bool = True) -> Target:
        if not isinstance(text, str):
            raise TypeError(f"parse() takes a str, not {type(text).__name__}")
        if len(text) > MAX_LENGTH:
            raise IndicatorSyntaxError(
                text[:80] + "…", 81, f"指标值过长（{len(text)} 个字符，上限 {MAX_LENGTH}）",
                hint="指标值应为一个简短的单元格内容；说明文字请放在“绩效标准”或备注中")
        normalized = normalize(text, self.vocabulary)
        try:
            fast = self._fast.parse(normalized) if use_fast_path else None
            if fast is not None:
                return fast
            # The inline transformer makes lark return our Cell, not a Tree.
            cell: Cell | NotApplicable = self._lark.parse(normalized.text)  # type: ignore[assignment]
            model, moved = assemble(cell, normalized, self.units, self.vocabulary)
        except VisitError as exc:
            inner = exc.orig_exc
            if isinstance(inner, PieceError):
                raise self._piece_error(text, normalized, inner) from None
            if isinstance(inner, (ValueError, ArithmeticError)):
                raise IndicatorSyntaxError(text, 1, f"数值不成立：{inner}", hint=_HINT) from None
            # A bug in a callback: still our error (the contract), marked for the fuzzers.
            reason = f"{INTERNAL_ERROR}：{type(inner).__name__}: {inner}"
            raise IndicatorSyntaxError(text, 1, reason,
                                       hint="请把这个指标值报告给 zhibiao 的维护者") from exc
        except PieceError as exc:
            raise self._piece_error(text, normalized, exc) from None
        except UnexpectedInput as exc:
            raise self._lark_error(text, normalized, exc) from None
        except ValueError as exc:  # a model validator rejected the assembled value
            raise IndicatorSyntaxError(text, 1, f"数值不成立：{_first_line(exc)}",
                                       hint=_HINT) from None
        if moved and check_canonical:
            self._check_canonical(text, normalized, model)
        return model

    def _check_canonical(self, text: str, normalized: Normalized, model: Target) -> None:
        """Refuse a value whose canonical text would read back as something else.

        The grammar path joins and reorders pieces (a note inside a label, a unit word
        after 以上, a label glued to a date word); for a few odd inputs the canonical
        text then reads differently (每=年底 → 每年底, every year end). Such an input is
        ambiguous, so it is an error rather than a model that breaks ``parse(str(m))``.
        The fast path's shapes need no check (held equal to this path by a test).
        """
        canonical = str(model)
        if canonical == normalized.text:  # written canonically: reads back the same
            return
        # Clause by clause (the clauses are joined by ";", which nothing crosses), through
        # the cache: repeated clauses of a long cell are checked once.
        clauses = model.clauses if isinstance(model, Compound) else (model,)
        culprit = next((c for c in clauses if not self._reads_back(c)), None)
        if culprit is None:
            return
        column = culprit.span.start + 1 if culprit.span is not None else 1
        raise IndicatorSyntaxError(
            text, column,
            f"写法有歧义：规范写法 “{canonical}” 会读成不同的含义",
            hint="把单位紧跟在数字后、括号说明写在最后，文字与数值之间用运算符隔开，"
                 "例如 “受益户数≥200户（含脱贫户）”")

    def _reads_back(self, clause: Target) -> bool:
        try:
            return self._read_canonical(str(clause)) == clause
        except IndicatorSyntaxError:
            return False

    def parse_with_grammar(self, text: str) -> Target:
        """Parse without the fast path (for tests that compare the two); not cached."""
        return self._parse(text, use_fast_path=False)

    def _piece_error(self, text: str, normalized: Normalized,
                     exc: PieceError) -> IndicatorSyntaxError:
        return IndicatorSyntaxError(text, normalized.column(exc.position), exc.reason,
                                    hint=exc.hint or _HINT, suggestion=exc.suggestion)

    def _lark_error(self, text: str, normalized: Normalized,
                    exc: UnexpectedInput) -> IndicatorSyntaxError:
        position = exc.pos_in_stream if exc.pos_in_stream is not None else len(normalized.text)
        if isinstance(exc, UnexpectedEOF) or (
                isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
            position = len(normalized.text)
        expected_names: set[str] = set()
        if isinstance(exc, UnexpectedToken):
            expected_names = set(exc.accepts or exc.expected)
            found = "结尾" if exc.token.type == "$END" else f"“{exc.token}”"
            reason = f"此处不应出现 {found}"
        elif isinstance(exc, UnexpectedCharacters):
            expected_names = set(exc.allowed or ())
            reason = f"无法识别的字符 “{normalized.text[position]}”"
        else:
            expected_names = set(getattr(exc, "expected", ()) or ())
            reason = "指标值不完整"
        expected = tuple(dict.fromkeys(
            EXPECTED_WORDS.get(name, "其他") for name in sorted(expected_names, key=_rank)
        ))[:_MAX_EXPECTED]
        reason, hint = _labelled(normalized.text, position, reason, expected)
        rest = normalized.text[position:]
        words = list(self.units.written) + [w for ops in self.vocabulary.operators
                                            for w in ops.prefix + ops.suffix]
        suggestion = near_miss(rest, words, at_start=True) if rest else None
        if hint is None:
            hint = ("检查单位的写法；新单位可加入 units.txt（见 docs/extending.md）"
                    if "单位" in expected and rest else _HINT)
        return IndicatorSyntaxError(text, normalized.column(position), reason,
                                    expected=expected, hint=hint, suggestion=suggestion)


_MAX_EXPECTED = 5
_ORDER = ("NUMBER", "UNIT", "GE", "SEP", "$END", "NOTE", "TEXT")


def _rank(name: str) -> tuple[int, str]:
    return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)


_OPERATOR_CHARS = "≥≤<>=≈≠≧≦"
_UNIT_SIGNS = "%‰"


def _labelled(text: str, position: int, reason: str,
              expected: tuple[str, ...]) -> tuple[str, str | None]:
    """A labelled reason for the common mistakes (缺少数字, 重复的单位, 运算符位置)."""
    before = text[:position].rstrip()
    here = text[position:position + 1]
    if here in _UNIT_SIGNS and before.endswith(tuple(_UNIT_SIGNS)):
        return f"重复的单位符号 “{here}”", "删去多余的单位符号，例如 “≥95%”"
    if not here and before.endswith(tuple(_OPERATOR_CHARS)):
        if any(ch.isdigit() for ch in before):
            return "运算符位置错误：运算符写在了数字之后", "运算符应写在数字前，例如 “≥95%”"
        return "运算符后缺少数字", "在运算符后写上数值和单位，例如 “≥95%”"
    if "数字" in expected and before.endswith(tuple(_OPERATOR_CHARS)):
        return "运算符后缺少数字", "在运算符后写上数值和单位，例如 “≥95%”"
    if here == "-" and (not before or not before[-1].isdigit()):
        return ("“-” 前面不是数字", "负数写作 “增长率=-5%”，范围写作 “90%-95%”，"
                "文字中的连接号请写作 “—”")
    if not here and before.endswith(("-", "~", "至", "到")):
        return "范围缺少上限", "范围写作 “下限-上限”，例如 “90%-95%”"
    return reason, None


def _first_line(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for line in lines:
        if not line.startswith(("1 validation error", "For further")):
            return line
    return lines[0] if lines else type(exc).__name__


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

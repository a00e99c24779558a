"""The grammar's LALR parser (lark) and the conversion of lark's errors.

Imported on first use only: importing lark and loading its tables costs ~40 ms, and the
fast path serves most values without them (see ``IndicatorParser``).
"""

from __future__ import annotations

from lark import Lark, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.exceptions import VisitError

from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.assembly import assemble
from zhibiao.grammar.confusables import default_confusables
from zhibiao.grammar.messages import (
    EXPECTED_WORDS,
    HINT,
    INTERNAL_ERROR,
    LARK_OPTIONS,
    invalid_value,
)
from zhibiao.grammar.models import NotApplicable, Target
from zhibiao.grammar.normalize import Normalized
from zhibiao.grammar.pieces import Cell, PieceError
from zhibiao.grammar.sentences import SentenceRule
from zhibiao.grammar.suggestions import Misspellings, near_miss
from zhibiao.grammar.transformer import IndicatorTransformer
from zhibiao.grammar.unit_models import UnitBuilder
from zhibiao.grammar.units import UnitTable
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("LalrParser",)


class LalrParser:
    """Parses with lark's LALR parser and the inline transformer; errors in domain words."""

    def __init__(self, grammar: str, units: UnitTable, vocabulary: Vocabulary,
                 unit_builder: UnitBuilder) -> None:
        self.units = units
        self.vocabulary = vocabulary
        self.misspellings = Misspellings(units, vocabulary)
        self.sentences = SentenceRule(vocabulary)
        transformer = IndicatorTransformer(units, vocabulary, unit_builder)
        self.lark = Lark(grammar, transformer=transformer, **LARK_OPTIONS)

    def terminal_patterns(self) -> dict[str, str]:
        """Every terminal's regular expression, by terminal name (for the fast path)."""
        return {t.name: t.pattern.to_regexp() for t in self.lark.terminals}

    def parse(self, text: str, normalized: Normalized) -> tuple[Target, bool]:
        """The model for ``normalized`` (of the source ``text``), or the syntax error;
        with it, whether pieces were moved so that the canonical text needs a check
        (see :func:`~zhibiao.grammar.assembly.assemble`)."""
        try:
            # The inline transformer makes lark return our Cell, not a Tree.
            cell: Cell | NotApplicable = self.lark.parse(normalized.text)  # type: ignore[assignment]
            return assemble(cell, normalized, self.units, self.vocabulary, self.misspellings,
                            self.sentences)
        except VisitError as exc:
            inner = exc.orig_exc
            if isinstance(inner, PieceError):
                raise self._piece_error(text, normalized, inner) from None
            if isinstance(inner, (ValueError, ArithmeticError)):
                raise IndicatorSyntaxError(text, 1, f"数值不成立：{inner}", hint=HINT) from None
            # A bug in a callback: still our error (the contract), marked for the fuzzers.
            reason = f"{INTERNAL_ERROR}：{type(inner).__name__}: {inner}"
            raise IndicatorSyntaxError(text, 1, reason,
                                       hint="请把这个指标值报告给 zhibiao 的维护者") from exc
        except PieceError as exc:
            raise self._piece_error(text, normalized, exc) from None
        except UnexpectedInput as exc:
            raise self._lark_error(text, normalized, exc) from None
        except ValueError as exc:  # a model validator rejected the assembled value
            raise invalid_value(text, exc) from None

    def _piece_error(self, text: str, normalized: Normalized,
                     exc: PieceError) -> IndicatorSyntaxError:
        return IndicatorSyntaxError(text, normalized.column(exc.position), exc.reason,
                                    hint=exc.hint or HINT, suggestion=exc.suggestion)

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
        if suggestion is None and rest and "单位" in expected:  # 元/入/年: 人
            suggestion = default_confusables().unit_lookalike(rest, self.units)
        if hint is None:
            hint = ("检查单位的写法；新单位可加入 units.txt（见 docs/extending.md）"
                    if "单位" in expected and rest else HINT)
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

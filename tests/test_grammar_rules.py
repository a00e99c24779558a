"""The grammar itself: strict loading, handler coverage, text generated from it."""

from __future__ import annotations

import contextlib
from functools import cache

import lark
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.parser import default_parser, grammar_text, parse
from zhibiao.grammar.terminals import TERMINAL_NAMES
from zhibiao.grammar.transformer import IndicatorTransformer
from zhibiao.grammar.units import default_unit_table
from zhibiao.grammar.vocabulary import default_vocabulary


@cache
def _plain_lark() -> lark.Lark:
    """The grammar built afresh in strict mode (no cache, no inline transformer).

    Building it is the test that the grammar has no shift/reduce conflicts and no
    terminal collisions; its rules and terminals are then inspected below.
    """
    return lark.Lark(grammar_text(default_unit_table(), default_vocabulary()), parser="lalr",
                     lexer="contextual", strict=True)


def test_grammar_loads_in_strict_mode_without_cache() -> None:
    assert _plain_lark().options.strict


def test_every_rule_has_a_transformer_handler() -> None:
    rules = {(r.alias or r.origin.name) for r in _plain_lark().rules}
    rules = {str(name) for name in rules if not str(name).startswith("_")}
    # `?rule`: replaced by their single child
    inlined = {"op_prefix", "op_suffix", "segment", "period_end"}
    missing = {name for name in rules - inlined
               if not callable(getattr(IndicatorTransformer, name, None))}
    assert not missing, f"rules without a handler (lark would pass a Tree on): {missing}"


def test_generated_terminals_are_all_declared() -> None:
    names = {t.name for t in _plain_lark().terminals}
    assert set(TERMINAL_NAMES) <= names


def test_parser_returns_models_not_trees() -> None:
    assert not isinstance(parse("≥95%"), lark.Tree)


_vocabulary = default_vocabulary()
_units = default_unit_table()
_EXPLICIT = {
    "TEXT": st.sampled_from(["处置率", "显著提升", "项目", "高值医用耗材", "达标"]),
    "CN_NUMBER": st.sampled_from(["一", "两", "十二"]),
    "PERIOD": st.sampled_from(["每年", "每月"]),
    "REL_YEAR": st.sampled_from(list(_vocabulary.next_year + _vocabulary.this_year)),
    "YEAR_WITHIN": st.sampled_from(list(_vocabulary.year_within)),
    "YEAR_END": st.sampled_from(list(_vocabulary.year_end)),
    "NA_CELL": st.sampled_from(list(_vocabulary.na_whole_cell)),
    "RATE_JOIN": st.sampled_from(["·", "*", "、"]),
    "UNIT": st.sampled_from(sorted(_units.written)),
    **{f"{stem}_WORD": st.sampled_from(list(_vocabulary.operator(op).prefix) or ["约"])
       for op, stem in ((">=", "GE"), ("<=", "LE"), (">", "GT"), ("<", "LT"),
                        ("==", "EQ"), ("!=", "NE"), ("~=", "APPROX"))},
}


@given(from_lark(_plain_lark(), explicit=_EXPLICIT))
def test_text_generated_from_the_grammar_parses_or_raises_our_error(text: str) -> None:
    with contextlib.suppress(IndicatorSyntaxError):
        parse(text)


@pytest.mark.parametrize("text", ["≥95%", "每年≥3次", "次年2月底前完成", "显著提升"])
def test_cached_parse_is_the_same_object(text: str) -> None:
    assert default_parser().parse(text) is default_parser().parse(text)

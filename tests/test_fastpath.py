"""The fast path and the grammar agree: same model, same span, same text — or the fast
path declines. Errors always come from the grammar."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhibiao import IndicatorSyntaxError
from zhibiao.grammar.fastpath import NOT_AFTER_NUMBER, NOT_AFTER_UNIT, NOT_AT_CLAUSE_START
from zhibiao.grammar.models import Target
from zhibiao.grammar.normalize import normalize
from zhibiao.grammar.parser import default_parser
from zhibiao.testing.strategies import target_texts, targets

GOLDEN = Path(__file__).parent / "golden" / "indicator_values.jsonl"
_ALPHABET = st.sampled_from(list("≥≤<>=≈%‰-/、,;() 0123456789.万亿千元人次个年月日前每"
                                 "不低于达到以上以内左右约提升显著有效工作日天小时分钟台（）：，"))


def _agree(text: str) -> bool:
    """True when the fast path took the text (and agreed with the grammar)."""
    parser = default_parser()
    fast = parser._fast.parse(normalize(text, parser.vocabulary))
    try:
        slow: Target | None = parser.parse_with_grammar(text)
    except IndicatorSyntaxError:
        slow = None
    if fast is None:
        return False
    assert slow is not None, f"fast path accepted {text!r}, which the grammar rejects"
    assert fast == slow
    assert fast.span == slow.span
    assert str(fast) == str(slow)
    return True


def test_fast_path_agrees_on_every_real_value() -> None:
    texts = [json.loads(line)["text"] for line in GOLDEN.read_text("utf-8").splitlines()]
    taken = sum(_agree(text) for text in texts)
    assert taken >= 0.8 * len(texts), "the fast path should serve most real values"


@given(target_texts())
def test_fast_path_agrees_on_generated_notations(pair: tuple[str, Target]) -> None:
    _agree(pair[0])


@given(targets())
def test_fast_path_agrees_on_canonical_texts(model: Target) -> None:
    _agree(str(model))


@given(st.text(_ALPHABET, max_size=16))
def test_fast_path_agrees_on_fuzzed_text(text: str) -> None:
    _agree(text)


# Dates, labels, nouns and phrases: the shapes the fast path takes besides plain values.
_DATE_ALPHABET = st.sampled_from(list("0123456789年月日号底末初份中旬上下半次当本每前之以完成内终"
                                      "=-至 "))
_PIECES = st.sampled_from([
    "处置率", "及时率", "项目", "达", "达到", "不低于", "不底于", "≥", "≤", "=", "95", "100", "3",
    "2024年", "10月", "%", "个", "次", "人", "处", "项", "元", "万", "/", "人/年", "个工作日",
    "个工作曰", "完成", "以上", "以内", "内", "年", "每年", "年底", "前", "、", ",", ";", " ",
    "（注）", "不适用", "本指标不适用", "无", "提升", "显著", "据实", "且", "一", "两",
])


@given(st.text(_DATE_ALPHABET, max_size=14))
def test_fast_path_agrees_on_fuzzed_dates(text: str) -> None:
    _agree(text)


@given(st.lists(_PIECES, max_size=6).map("".join))
def test_fast_path_agrees_on_fuzzed_pieces(text: str) -> None:
    _agree(text)


def _accepted(prefix: str) -> set[str]:
    """The terminals the grammar accepts after ``prefix`` (lark's parse table)."""
    interactive = default_parser()._lalr.lark.parse_interactive(prefix)
    interactive.exhaust_lexer()
    return set(interactive.accepts())


def test_terminals_the_fast_path_ignores_are_not_accepted_where_it_ignores_them() -> None:
    """Where a label or a noun starts, the fast path checks only for the terminals the
    lexer may try there; the others must be ones the grammar accepts nowhere near."""
    for prefix in ["", "≥95%;", "≥95%且", "提升,"]:
        assert not NOT_AT_CLAUSE_START & _accepted(prefix), prefix
    for prefix in ["≥30", "30", "≥30万", "每年≥3"]:
        assert not NOT_AFTER_NUMBER & _accepted(prefix), prefix
    for prefix in ["≥30个", "30元/人", "30万元", "每年≥3次", "30元/人·月", "≥1年"]:
        assert not NOT_AFTER_UNIT & _accepted(prefix), prefix


_SHAPES = [
    "12月", "≥12月", "=10月份", "十二个月", "处置率达100%", "≥10个项目", "90%-95%", "≥90%以下",
    "5千米", "无", "≥ 95 %", "≤1年完成", "≥30个工作曰", "不底于95%", "≥30万项目", "每年底",
    "次年2024年底", "2月30日前", "每月年底前", "提升,以上", "本指标不适用",
    # found by the fuzz profile: a keyword where a phrase starts (内/, 以上且), a lookahead
    # that sees past the clause (每分;), a token the lexer takes before the unit (次年,
    # 年中), a labelled negative value the models refuse (. -1)
    "内/", "提升;以上/", "以上且", "提升且", "内部管理", "DRG / DIP", "每分;万", "0年中",
    "≥5年中", "1万年中", "3次年2月", "3次上半年", ". -1",
]


@pytest.mark.parametrize("text", _SHAPES)
def test_shapes_the_fast_path_leaves_to_the_grammar_or_takes_correctly(text: str) -> None:
    _agree(text)


def test_free_text_never_contains_a_digit() -> None:
    """The fast path skips its phrase expression for a text with a digit (``_DIGIT``)."""
    text = re.compile(default_parser()._fast.terminals["TEXT"])
    for digit in "09٣६０":
        assert text.search(digit) is None
        assert text.fullmatch(f"显著{digit}提升") is None

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


@pytest.mark.parametrize("text", ["12月", "≥12月", "=10月份", "十二个月", "处置率达100%",
                                  "≥10个项目", "90%-95%", "≥90%以下", "5千米", "无", "≥ 95 %"])
def test_shapes_the_fast_path_leaves_to_the_grammar_or_takes_correctly(text: str) -> None:
    _agree(text)


def test_free_text_never_contains_a_digit() -> None:
    """The fast path skips its phrase expression for a text with a digit (``_DIGIT``)."""
    text = re.compile(default_parser()._fast.terminals["TEXT"])
    for digit in "09٣६０":
        assert text.search(digit) is None
        assert text.fullmatch(f"显著{digit}提升") is None

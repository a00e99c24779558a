"""Characters nobody sees, at the grammar's door (zhibiao/grammar/invisible.py).

Text copied from web pages, chat and PDF carries zero-width spaces, byte-order marks and
bidi controls. Before: ``≥9<U+200B>5%`` read silently as two values, ``≥9`` and ``5%``
(a wrong number nobody could see), and a bidi override was accepted although the screen
showed the value in another order than the one read.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhibiao import evaluate, parse
from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar import default_parser
from zhibiao.grammar.invisible import ZERO_WIDTH

VALUES = ["≥95%", "≤30个工作日", "100元/月/人", "≥1.4亿元", "每年≥3次", "年底前完成", "显著提升",
          "本指标不适用", "95%-100%", "≥12次"]


@given(st.sampled_from(VALUES), st.lists(st.tuples(st.integers(0, 20),
                                                   st.sampled_from(sorted(ZERO_WIDTH))),
                                         max_size=4))
def test_zero_width_characters_read_as_shown(value: str,
                                             inserts: list[tuple[int, str]]) -> None:
    text = value
    for at, char in inserts:
        at %= len(text) + 1
        text = text[:at] + char + text[at:]
    model = parse(text)
    assert model == parse(value)
    assert str(model) == str(parse(value))  # no hidden character in the canonical text


@pytest.mark.parametrize(("text", "column", "code"), [
    ("\u202e%59≥", 1, "U+202E"), ("≥95\u200e%", 4, "U+200E"), ("≥95\x07%", 4, "U+0007"),
    ("满意度\u2066≥95%\u2069", 4, "U+2066"), ("≥95%\u061c", 5, "U+061C"),
    ("≥95\ufff9%", 4, "U+FFF9")])
def test_characters_that_reorder_or_control_are_refused_with_their_column(
        text: str, column: int, code: str) -> None:
    with pytest.raises(IndicatorSyntaxError) as raised:
        parse(text)
    assert raised.value.column == column and code in raised.value.reason
    assert f"<{code}>" in str(raised.value)  # shown, not obeyed, in the message
    assert "\u202e" not in str(raised.value) and "\x07" not in str(raised.value)


def test_the_caret_points_under_the_shown_character() -> None:
    with pytest.raises(IndicatorSyntaxError) as raised:
        parse("满意度≥95\u200e%")
    line, caret = raised.value.excerpt.split("\n")
    assert line == "满意度≥95<U+200E>%" and caret == " " * 9 + "^"  # 满意度 are wide


def test_actuals_too() -> None:
    assert evaluate("≥95%", "9\u200b6%", weight=10).score == evaluate("≥95%", "96%",
                                                                      weight=10).score
    assert default_parser().parse_actual("达\u200b成").tier == \
        default_parser().parse_actual("达成").tier
    refused = evaluate("≥95%", "\u202e%69", weight=10)
    assert refused.reason == "unparsable_actual" and "U+202E" in refused.explanation

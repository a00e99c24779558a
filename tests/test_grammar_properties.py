"""Invariants of the language, checked on generated models and texts."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zhibiao import Comparison, IndicatorSyntaxError, Quantity, parse
from zhibiao.grammar.models import Target
from zhibiao.grammar.normalize import normalize
from zhibiao.grammar.numerals import format_decimal
from zhibiao.grammar.vocabulary import default_vocabulary
from zhibiao.testing.strategies import quantities, target_texts, targets, units

_FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@given(targets())
def test_round_trip(model: Target) -> None:
    assert parse(str(model)) == model


@given(targets())
def test_canonical_text_is_a_fixed_point(model: Target) -> None:
    text = str(model)
    assert str(parse(text)) == text


@given(target_texts())
def test_every_real_notation_parses_to_its_model(pair: tuple[str, Target]) -> None:
    text, model = pair
    assert parse(text) == model


@given(target_texts())
def test_full_width_is_the_same_value(pair: tuple[str, Target]) -> None:
    text, _ = pair
    full = "".join(_FULL_WIDTH.get(ch, ch) for ch in text)
    assert parse(full) == parse(text)
    assert parse(unicodedata.normalize("NFKC", full)) == parse(text)


# LaTeX and full-width look-alikes: ＼ is a backslash once folded (a fuzz finding).
_TRICKY_TEXT = st.lists(
    st.sampled_from(["\\", "＼", "$", "＄", "{", "｛", "}", "\\ge", "\\leq", "\\%", "％",
                     "ge", " ", "\u3000", "。", "０", "5", "每年底"]) | st.characters(),
    max_size=12).map("".join)


@given(_TRICKY_TEXT)
def test_normalising_twice_changes_nothing(text: str) -> None:
    vocabulary = default_vocabulary()
    once = normalize(text, vocabulary).text
    assert normalize(once, vocabulary).text == once


def test_full_width_example_from_the_issue() -> None:
    assert parse("≥９５％") == parse("≥95%")


@given(quantities(min_value=0, max_value=10**6, places=4))
def test_multipliers_are_exact(quantity: Quantity) -> None:
    """1.4亿元 = 140000000元: the value is folded exactly, with no float on the way."""
    for word, factor in (("万", 10_000), ("亿", 100_000_000)):
        unit = quantity.unit.name
        number = quantity.written_value
        scaled = parse(f"≥{format_decimal(number)}{word}{unit}")
        plain = parse(f"≥{format_decimal(number * factor)}{unit}")
        assert scaled == plain
        assert isinstance(scaled, Comparison)
        assert type(scaled.quantity.value) is Decimal
        assert scaled.quantity.value == number * factor


def test_issue_multiplier_example() -> None:
    assert parse("1.4亿元") == parse("140000000元")
    assert parse("0.1亿") == parse("1000万")


@given(units(rates=True), st.permutations([0, 1]))
def test_denominator_order_does_not_matter(unit: object, order: list[int]) -> None:
    assert parse("100元/人/年") == parse("100元/年/人")
    assert parse("100元/人·月") == parse("100元/月/人") == parse("100元/人*月")


@given(st.sampled_from(["≥", ">=", "≧", "不低于", "不少于", "至少", "大于等于"]),
       st.decimals(min_value=0, max_value=10**6, places=2))
def test_operator_spellings_are_equal(op: str, value: Decimal) -> None:
    assert parse(f"{op}{value}%") == parse(f"≥{value}%") == parse(f"{value}%以上")


@given(st.text(alphabet=" \u3000\t", max_size=3), st.text(alphabet=" \u3000", max_size=3))
def test_spacing_and_split_cells(before: str, between: str) -> None:
    assert parse(f"{before}≥{between}95{between}%{before}") == parse("≥95%")


# Pieces of the notations that once broke the round trip when put together (issue 12):
# a 每X period with a rate, a label before a period, text after a digit that starts a
# clause once written canonically (两年, 上半年), scientific notation, a year and its end,
# Chinese numerals with 万, sentence words and quoted names.
_ROUND_TRIP_PIECES = st.sampled_from([
    "每年", "每月", "≥", "=", ">", "≤", "3", "0.7", "1", "1e3", "1.5E-2", "e", "两", "十",
    "三万五千", "次", "%", "/年", "/月", "年", "上半年", "年底", "年内", "前", "完成",
    "2027年", "两年", "个", "项目", "处置率", "达", "以上", "的部分", "予以", "“", "”", "《",
    "》", ";", "、", "且", "-", "万", "(注)", " ",
])


@given(st.lists(_ROUND_TRIP_PIECES, max_size=8).map("".join))
def test_every_accepted_text_reads_back(text: str) -> None:
    """The canonical text of any accepted input parses back to an equal model."""
    try:
        model = parse(text)
    except IndicatorSyntaxError:
        return
    again = parse(str(model))
    assert again == model
    assert str(again) == str(model)

"""Errors say what was wrong, where, and how to fix it."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhibiao import IndicatorSyntaxError, ZhibiaoError, parse
from zhibiao.grammar.parser import EXPECTED_WORDS
from zhibiao.grammar.suggestions import near_miss


def _error(text: str) -> IndicatorSyntaxError:
    with pytest.raises(IndicatorSyntaxError) as info:
        parse(text)
    return info.value


def test_error_is_a_value_error_and_ours() -> None:
    exc = _error("≥%")
    assert isinstance(exc, ValueError)
    assert isinstance(exc, ZhibiaoError)


@pytest.mark.parametrize(
    ("text", "column", "expected_word"),
    [
        ("≥%", 2, "数字"),
        ("≥95%≥", 6, None),
        ("≥ 95 % %", 8, None),
        ("90%-", 5, "数字"),
        ("≥95%(说明", 5, None),
    ],
)
def test_column_points_into_the_original_text(text: str, column: int,
                                              expected_word: str | None) -> None:
    exc = _error(text)
    assert exc.column == column
    caret_line = exc.excerpt.splitlines()[1]
    assert caret_line.endswith("^")
    if expected_word is not None:
        assert expected_word in exc.expected


def test_expected_tokens_are_domain_words_never_terminal_names() -> None:
    for text in ("≥%", "90%-", "≥95%≥", "每年≥", "2021年13月"):
        try:
            parse(text)
        except IndicatorSyntaxError as exc:
            for word in exc.expected:
                assert word not in EXPECTED_WORDS, word
                assert not word.isupper()
            assert "UNIT" not in str(exc) and "NUMBER" not in str(exc)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("≤30个工作曰", "工作日"), ("不底于95%", "不低于"), ("≥3人欠", None)],
)
def test_near_miss_words_get_a_suggestion(text: str, suggestion: str | None) -> None:
    try:
        parse(text)
    except IndicatorSyntaxError as exc:
        assert exc.suggestion == suggestion
        assert exc.hint
    else:
        assert suggestion is None


def test_message_is_chinese_with_position_and_hint() -> None:
    text = str(_error("≤30个工作曰"))
    assert "第 5 个字符处" in text
    assert "是否想写“工作日”" in text
    assert "提示：" in text


@pytest.mark.parametrize(
    ("text", "reason"),
    [("≥%", "运算符后缺少数字"), ("≥", "运算符后缺少数字"), ("95%≥", "运算符位置错误"),
     ("≥95%%", "重复的单位符号"), ("90%-", "范围缺少上限")],
)
def test_common_mistakes_are_labelled(text: str, reason: str) -> None:
    assert reason in _error(text).reason


def test_contradictory_operators() -> None:
    assert "矛盾" in _error("≥90%以下").reason


def test_impossible_dates_and_ranges() -> None:
    assert "日期" in _error("2021年2月30日").reason
    assert "下限大于上限" in _error("95%-90%").reason


def test_error_pickles() -> None:
    exc = _error("≤30个工作曰")
    again = pickle.loads(pickle.dumps(exc))
    assert (again.text, again.column, again.reason, again.suggestion) == \
        (exc.text, exc.column, exc.reason, exc.suggestion)
    assert str(again) == str(exc)


@pytest.mark.parametrize(
    ("text", "column", "reason", "example"),
    [
        ("4以上元", 4, "单位 “元” 写在了 “以上” 之后", "4元以上"),
        ("3以上万元", 4, "单位 “万元” 写在了 “以上” 之后", "3万元以上"),
        ("5（注）次", 5, "括号说明把数字和单位 “次” 隔开了", "5次（说明）"),
    ],
)
def test_a_unit_kept_from_its_number_is_an_error(text: str, column: int, reason: str,
                                                 example: str) -> None:
    # Written canonically (≥4元, 5次(注)) the word would read as the unit: no one meaning.
    exc = _error(text)
    assert (exc.column, exc.reason) == (column, reason)
    assert example in exc.hint
    assert parse(example) is not None


@pytest.mark.parametrize(
    ("text", "column", "reason", "fixed"),
    [
        # 增长率 -5% would read back as 增长率-5% (a minus after text is a range dash)
        ("增长率 -5%", 5, "文字后面的负数要写明运算符", "增长率=-5%"),
        ("增长率 -5%-3%", 5, "文字后面的范围下限不能写成负数", "增长率≥-5%且≤3%"),
    ],
)
def test_a_negative_value_after_text_needs_an_operator(text: str, column: int, reason: str,
                                                       fixed: str) -> None:
    exc = _error(text)
    assert (exc.column, exc.reason) == (column, reason)
    assert fixed in exc.hint
    model = parse(fixed)
    assert parse(str(model)) == model


@pytest.mark.parametrize(
    ("text", "column", "reason"),
    [
        # label 每 + 年底 would read as 每年底, every year end
        ("每=年底", 1, "规范写法 “每年底” 会读成 “每年年底”"),
        ("≥95%;每=年底", 6, "规范写法 “每年底” 会读成 “每年年底”"),
        # label 次年 + 年底: the same text, read as one date
        ("次年=年底", 1, "规范写法 “次年年底” 会读成另一个含义（文字、单位与日期的归属不同）"),
        # the note split \g|e; joined, \ge reads as LaTeX ≥
        ("\\g[]eJ8", 1, "规范写法 “\\geJ8()” 无法再读回"),
        # the canonical 平方米 (for m2) lets 年内 read as a date
        ("一m2年内完成", 1, "规范写法 “1平方米年内完成” 会读成 “1平方米;年底完成”"),
    ],
)
def test_a_value_whose_canonical_text_reads_otherwise_is_ambiguous(
        text: str, column: int, reason: str) -> None:
    exc = _error(text)
    assert exc.column == column
    assert exc.reason == f"写法有歧义：{reason}"
    assert "运算符" in exc.hint


@pytest.mark.parametrize("text", ["公路（含乡道）里程≥100公里", "处置率（含县区）达100%",
                                  "项目=年底", "处置率100%以上", "≥2次6批次"])
def test_joined_and_moved_pieces_that_read_back_are_fine(text: str) -> None:
    model = parse(text)
    assert parse(str(model)) == model


def _near_miss_by_hand(text: str, known: list[str], at_start: bool) -> str | None:
    """The definition, word by word: longest word first, then code-point order."""
    if any(text.startswith(w) if at_start else text.endswith(w) for w in known):
        return None
    for word in sorted(set(known), key=lambda w: (-len(w), w)):
        run = text[:len(word)] if at_start else text[-len(word):]
        if len(word) >= 3 and len(run) == len(word) \
                and sum(a != b for a, b in zip(run, word, strict=True)) == 1:
            return word
    return None


_WORDS = ["工作日", "个工作日", "平方公里", "不低于", "不少于", "达到或超过", "元", "%", "人次"]


@given(st.text(st.sampled_from([*"".join(_WORDS), "曰", "底", "项", "x"]), max_size=8),
       st.lists(st.sampled_from(_WORDS), min_size=1), st.booleans())
def test_near_miss_is_one_character_from_a_known_word(text: str, known: list[str],
                                                      at_start: bool) -> None:
    assert near_miss(text, known, at_start=at_start) == _near_miss_by_hand(text, known,
                                                                           at_start)

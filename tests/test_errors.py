"""Errors say what was wrong, where, and how to fix it."""

from __future__ import annotations

import pickle

import pytest

from zhibiao import IndicatorSyntaxError, ZhibiaoError, parse
from zhibiao.grammar.parser import EXPECTED_WORDS


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

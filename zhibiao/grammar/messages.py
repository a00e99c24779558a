"""The grammar's words for errors and its build options: what each terminal is called in
a message, the general hint, the error for a value a model refused, and how lark builds
the grammar. Shared by the parser (zhibiao.grammar.parser) and the LALR door
(zhibiao.grammar.lalr), and importing neither.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from zhibiao.errors import IndicatorSyntaxError

__all__ = ("EXPECTED_WORDS", "HINT", "INTERNAL_ERROR", "LARK_OPTIONS", "invalid_value")

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
    "YEAR_WITHIN": "日期", "DATED_YEAR_END": "日期",
    "HALF_YEAR": "日期", "MONTH_PART": "月底/月份", "BEFORE": "“前”", "DONE": "“完成”",
    "NA_PHRASE": "不适用", "NA_CELL": "不适用", "$END": "结尾",
}

#: How the grammar is built. Strict mode's collision check (interegular) takes seconds;
#: lark caches the built tables in the temp directory, keyed by grammar text, options and
#: lark version, so it runs once per grammar and later builds load in milliseconds.
#: Spans come from the tokens' own positions; ``propagate_positions`` (copying them onto
#: tree nodes, which the inline transformer never builds) would cost a third of lark's time.
LARK_OPTIONS: dict[str, Any] = {
    "parser": "lalr", "lexer": "contextual", "strict": True, "propagate_positions": False,
    "maybe_placeholders": False, "cache": True,
}

#: Reason prefix of an error that is a bug in zhibiao, not in the input.
INTERNAL_ERROR = "内部错误"

HINT = "指标值写法示例：≥95%、≤30个工作日、每年≥3次、90%-95%、年底前完成、显著提升、本指标不适用"


def invalid_value(text: str, exc: ValueError) -> IndicatorSyntaxError:
    """The error for a value a model validator rejected."""
    return IndicatorSyntaxError(text, 1, f"数值不成立：{_first_line(exc)}", hint=HINT)


def _first_line(exc: Exception) -> str:
    """The validator's own words, without pydantic's wrapping (type, input value)."""
    if isinstance(exc, ValidationError):
        return "; ".join(error["msg"].removeprefix("Value error, ") for error in exc.errors())
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for line in lines:
        if not line.startswith(("1 validation error", "For further")):
            return line
    return lines[0] if lines else type(exc).__name__

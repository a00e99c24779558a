"""Chinese messages for pydantic validation errors (ruleset schema, Policy settings).

pydantic's messages are English (``Input should be a valid integer``); a rule author
reads Chinese. :func:`chinese_message` turns one error of
``ValidationError.errors()`` into a Chinese sentence that says what was expected and
what was given, with the accepted values where there is a fixed list. The error's
``type`` stays the stable English key (callers use ``schema.<type>`` as a code).

>>> from pydantic import BaseModel, ValidationError
>>> from typing import Literal
>>> class M(BaseModel):
...     year: int
...     mode: Literal["half_up", "down"]
>>> try:
...     M.model_validate({"year": "二〇二四", "mode": "up"})
... except ValidationError as exc:
...     print("\\n".join(chinese_message(e) for e in exc.errors()))
应为整数，而不是 “二〇二四”
应为以下之一：half_up、down；而不是 “up”
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic_core import ErrorDetails

__all__ = ("chinese_message",)

_SHOWN_CHARS = 40
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")

#: Message templates by pydantic error type; ``{input}`` is the value given, the other
#: names are the error's context (``{ge}``, ``{max_length}`` …).
_TEMPLATES: dict[str, str] = {
    "missing": "缺少必填字段（missing field）",
    "extra_forbidden": "未知字段（unknown field）；检查拼写",
    "string_type": "应为文字（字符串），而不是{input}",
    "string_unicode": "应为文字（字符串），而不是{input}",
    "string_too_long": "最多 {max_length} 个字符，而这里有 {length} 个",
    "string_pattern_mismatch": "格式不符：应符合 {pattern}，而不是{input}",
    "string_not_ascii": "只能含 ASCII 字符（英文字母、数字、符号），而不是{input}",
    "int_type": "应为整数，而不是{input}",
    "int_parsing": "应为整数，而不是{input}",
    "int_from_float": "应为整数（不带小数部分），而不是{input}",
    "int_parsing_size": "整数位数过多",
    "float_type": "应为数字，而不是{input}",
    "float_parsing": "应为数字，而不是{input}",
    "decimal_type": "应为数字，而不是{input}",
    "decimal_parsing": "应为数字，而不是{input}",
    "finite_number": "应为有限数字（不能是 nan 或 inf），而不是{input}",
    "decimal_max_places": "小数最多 {decimal_places} 位，而不是{input}",
    "decimal_max_digits": "数字最多 {max_digits} 位，而不是{input}",
    "decimal_whole_digits": "整数部分最多 {whole_digits} 位，而不是{input}",
    "greater_than": "应大于 {gt}，而不是{input}",
    "greater_than_equal": "应大于或等于 {ge}，而不是{input}",
    "less_than": "应小于 {lt}，而不是{input}",
    "less_than_equal": "应小于或等于 {le}，而不是{input}",
    "multiple_of": "应为 {multiple_of} 的整数倍，而不是{input}",
    "too_short": "至少应有 {min_length} 项，而这里有 {actual_length} 项",
    "too_long": "最多 {max_length} 项，而这里有 {actual_length} 项",
    "bool_type": "应为 true 或 false，而不是{input}",
    "bool_parsing": "应为 true 或 false，而不是{input}",
    "none_required": "应不填，而不是{input}",
    "dict_type": "应为键值表（TOML 的 {{…}} 或 [表]，YAML 的映射），而不是{input}",
    "mapping_type": "应为键值表（TOML 的 {{…}} 或 [表]，YAML 的映射），而不是{input}",
    "model_type": "应为键值表（TOML 的 {{…}} 或 [表]，YAML 的映射），而不是{input}",
    "model_attributes_type": "应为键值表（TOML 的 {{…}} 或 [表]，YAML 的映射），而不是{input}",
    "list_type": "应为列表（[…]），而不是{input}",
    "tuple_type": "应为列表（[…]），而不是{input}",
    "set_type": "应为列表（[…]），而不是{input}",
    "frozen_set_type": "应为列表（[…]），而不是{input}",
    "iterable_type": "应为列表（[…]），而不是{input}",
    "invalid_key": "键应为文字（字符串）",
    "date_type": "应为日期（如 2024-12-31），而不是{input}",
    "date_parsing": "应为日期（如 2024-12-31），而不是{input}",
    "datetime_type": "应为日期时间（如 2024-12-31T08:00:00），而不是{input}",
    "datetime_parsing": "应为日期时间（如 2024-12-31T08:00:00），而不是{input}",
    "recursion_loop": "嵌套过深或循环引用",
    "recursion_depth_exceeded": "嵌套过深",
    "frozen_field": "此字段不能修改",
    "frozen_instance": "此设置不能修改",
}


def chinese_message(error: ErrorDetails) -> str:
    """One pydantic error as a Chinese sentence (the English original only when there
    is no translation for its type, in parentheses)."""
    kind = error["type"]
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    given = error.get("input")
    if kind in ("value_error", "assertion_error"):
        reason = str(ctx.get("error", "")) or error["msg"]
        return reason if _CJK.search(reason) else f"值无效（{reason}）"
    if kind in ("literal_error", "enum"):
        choices = _QUOTED.findall(str(ctx.get("expected", "")))
        if choices:
            return f"应为以下之一：{'、'.join(choices)}；而不是{_shown(given)}"
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        return "不能为空" if minimum == 1 else f"至少应有 {minimum} 个字符，而不是{_shown(given)}"
    template = _TEMPLATES.get(kind)
    if template is None:
        return f"值无效（{error['msg']}）"
    fields = {key: _plain(value) for key, value in ctx.items()}
    fields["input"] = _shown(given)
    fields["length"] = str(len(given)) if isinstance(given, str) else "?"
    try:
        return template.format_map(fields)
    except (KeyError, IndexError, ValueError):  # a context pydantic did not fill
        return f"值无效（{error['msg']}）"


def _plain(value: object) -> str:
    """A context value (a bound, a pattern) as text."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value.is_finite() else str(value)
    return str(value)


def _shown(value: object) -> str:
    """The value given, short enough for one line, after a space: `` “abc”``, `` 12``."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, str):
        text = value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…"
        return f" “{text}”"
    if isinstance(value, int):
        if value.bit_length() > 128:  # str() of a huge int is slow, or refused
            return "一个位数极多的整数"
        return f" {value}"
    if isinstance(value, (Decimal, float)):
        text = str(value)
        return f" {text}" if len(text) <= _SHOWN_CHARS else f" {text[:_SHOWN_CHARS]}…"
    if isinstance(value, Mapping):
        return "一个键值表"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "一个列表"
    return f"一个 {type(value).__name__} 值"

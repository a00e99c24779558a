"""How a rule author may write a :class:`~zhibiao.engine.policy.Policy` setting.

The policy's fields hold normalised Python values (tuples of pairs, Decimals); its
validators also accept the forms a TOML or YAML table holds — words (``倒数``, ``按天``,
``关闭``), percents (``130%``, ``±2%``), tables of pairs. This module holds those words and
readers, and the JSON Schema of the input forms, so that editors validating a ruleset
against ``zhibiao schema`` accept every file the loader accepts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import GetJsonSchemaHandler, WithJsonSchema
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

__all__ = ("LATE_WORDS", "PERCENT", "REVERSE_WORDS", "SCALE_WORDS", "TableOrPairs",
           "decimal_text", "input_form", "is_off")

PERCENT = re.compile(r"^\s*[±+]?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<pct>%|％)?\s*$")


def decimal_text(value: Any, field: str) -> Decimal:
    """A Decimal from an int, a Decimal or a string; a TOML float via its shortest repr."""
    if isinstance(value, bool):
        raise ValueError(f"{field} 应为数字，而不是布尔值")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):  # TOML floats: their repr is what the author wrote
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except ArithmeticError:
            raise ValueError(f"{field} 应为数字，而不是 {value!r}") from None
        if not result.is_finite():
            raise ValueError(f"{field} 应为有限数字")
        return result
    raise ValueError(f"{field} 应为数字，而不是 {type(value).__name__}")


REVERSE_WORDS = {"倒数": "inverse", "比例": "inverse", "线性": "linear"}
LATE_WORDS = {"0": "zero", "零分": "zero", "按天": "proportional_days",
               "proportional": "proportional_days"}
SCALE_WORDS = {"目标": "target", "目标单位": "target", "按目标单位": "target",
                "基本单位": "base", "按基本单位": "base", "拒绝": "refuse", "不评价": "refuse"}
OFF_WORDS = ("", "off", "none", "no", "关闭", "无")
NUMBER: dict[str, Any] = {"anyOf": [{"type": "number"}, {"type": "string"}]}
OFF: list[dict[str, Any]] = [{"type": "boolean", "const": False}, {"type": "null"}]


class TableOrPairs:
    """JSON Schema of a tuple of ``(name, value)`` pairs as a file writes it: a table
    ``{name = value}``, or the same as a list of ``[name, value]`` pairs."""

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        pairs = handler(core_schema)
        if handler.mode != "validation":
            return pairs
        value = pairs["items"]["prefixItems"][1]
        return {"anyOf": [{"type": "object", "additionalProperties": value}, pairs]}


NUMBER_OR_OFF: dict[str, Any] = {"anyOf": [{"type": "number"}, {"type": "string"}, *OFF]}
SCHEMAS: dict[str, dict[str, Any]] = {
    "reverse": {"type": "string", "enum": ["inverse", "linear", *REVERSE_WORDS]},
    "qualitative_bands": {"anyOf": [  # "80/50", "100/80/50/0" or [80, 50]
        {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%?(\s*[/,，、]\s*\d+(\.\d+)?"
                                      r"\s*%?){1,3}\s*$"},
        {"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2},
    ]},
    "late": {"type": "string", "enum": ["zero", "proportional_days", *LATE_WORDS]},
    "bare_actual_scale": {"type": "string", "enum": ["target", "base", "refuse", *SCALE_WORDS]},
    "number_or_off": NUMBER_OR_OFF,  # 1.3, "130%", "±2%", "off", false
    "rounding": NUMBER,  # 0.01, "0.1", "两位小数"
    "year": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\s*\d{4}\s*年?\s*$"},
                       *OFF]},
}


def input_form(name: str) -> WithJsonSchema:
    return WithJsonSchema(SCHEMAS[name], mode="validation")


def is_off(value: Any) -> bool:
    return value is None or value is False or (
        isinstance(value, str) and value.strip().lower() in OFF_WORDS)

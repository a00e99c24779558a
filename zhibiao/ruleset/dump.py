"""Writing a ruleset back to TOML (loads back to an equal ruleset)."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import Enum
from typing import Any

from zhibiao.engine.policy import DEFAULT_POLICY
from zhibiao.ruleset.spec import RulesetSpec

__all__ = ("dump_toml",)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return _value(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string, once DEL (not escaped by JSON) is escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isascii() and key.replace("_", "").replace(
        "-", "").isalnum()
    return key if bare else json.dumps(key, ensure_ascii=False)


def _table(name: str, data: dict[str, Any], lines: list[str]) -> None:
    scalars = {k: v for k, v in data.items() if not isinstance(v, dict) and v is not None}
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    lines.append(f"[{name}]")
    lines.extend(f"{_key(k)} = {_value(v)}" for k, v in scalars.items())
    lines.append("")
    for key, sub in tables.items():
        _table(f"{name}.{_key(key)}", sub, lines)


def dump_toml(spec: RulesetSpec) -> str:
    """TOML text for ``spec``: only what differs from the defaults is written."""
    data = spec.model_dump(exclude_defaults=True, exclude_none=True)
    lines = ["# zhibiao ruleset", ""]
    _table("project", data["project"], lines)
    for section in ("goals", "budget", "monitor"):
        if section in data:
            _table(section, data[section], lines)
    policy = spec.policy.model_dump(exclude_defaults=True)
    if policy and spec.policy != DEFAULT_POLICY:  # the default policy is not written out
        _table("policy", policy, lines)
    if data.get("points"):
        _table("points", data["points"], lines)
    for indicator in data["indicators"]:
        lines.append("[[indicators]]")
        for key, value in indicator.items():
            lines.append(f"{_key(key)} = {_value(value)}")
        lines.append("")
    return "\n".join(lines)

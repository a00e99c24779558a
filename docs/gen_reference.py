"""Generate docs/ruleset-reference.md from the ruleset JSON Schema.

Run ``python docs/gen_reference.py`` after changing ``zhibiao/ruleset/spec.py`` or the
scoring policy; ``tests/test_docs_reference.py`` fails while the file is out of date.
``python docs/gen_reference.py --check`` exits 1 instead of writing when it differs.

Every section, key, type, default and description comes from
``zhibiao.cli.schema_cmd.ruleset_schema()``; the fields of ``[policy]`` are described in
the Policy model's docstring (a ``- ``key`` — text`` list), which is parsed here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from zhibiao.cli.schema_cmd import ruleset_schema

__all__ = ("OUTPUT", "main", "render")

OUTPUT = Path(__file__).with_name("ruleset-reference.md")

Schema = dict[str, Any]

_HEADER = """\
<!-- 本文件由 docs/gen_reference.py 从 JSON Schema 生成，请勿手工修改。
     Generated from the JSON Schema by docs/gen_reference.py; do not edit by hand. -->

# 规则集文件参考 / Ruleset file reference

规则集文件（TOML 或 YAML）中每个表（table）和键（key）的完整说明，由 `zhibiao schema`
输出的 JSON Schema 生成。写法示例见 [规则集文件格式](ruleset-format.md)，逐步教程见
[规则作者指南](guide.md)。

Every table and key of a ruleset file, generated from the JSON Schema that `zhibiao schema`
prints (editors can validate against it). Keys are English; values are the Chinese text of
the published table.

类型说明 / types：**文本** string；**数字** number — 写作 `8.5` 或 `"8.5"`，按精确小数读取
（read as an exact decimal）；**整数** integer；**表** table (TOML `[...]` / `{...}`)；
**列表** array。

"""

_TYPE_WORDS = {"string": "文本", "number": "数字", "integer": "整数", "boolean": "布尔",
               "object": "表", "array": "列表", "null": "空"}
_POLICY_ITEM = re.compile(r"^- ``(?P<key>[a-z_]+)`` — (?P<text>.*)$")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _nullable_parts(prop: Schema) -> tuple[list[Schema], bool]:
    """The alternatives of a property, without ``null``, and whether null is allowed."""
    parts = prop.get("anyOf", [prop])
    real = [p for p in parts if p.get("type") != "null"]
    return real, len(real) != len(parts)


def _sub_table(prop: Schema, defs: Schema) -> tuple[str, bool] | None:
    """``(definition name, is_array)`` when the property is a table or array of tables."""
    real, _ = _nullable_parts(prop)
    if len(real) != 1:
        return None
    only = real[0]
    found: tuple[str, bool] | None = None
    if "$ref" in only:
        found = _ref_name(only["$ref"]), False
    items = only.get("items")
    if only.get("type") == "array" and isinstance(items, dict) and "$ref" in items:
        found = _ref_name(items["$ref"]), True
    if found is None or "properties" not in defs.get(found[0], {}):
        return None  # an enumeration, not a table
    return found


def _link(path: str, is_array: bool) -> str:
    """A markdown link to the section of the table at ``path``."""
    title = f"[[{path}]]" if is_array else f"[{path}]"
    return f"[`{title}`](#{re.sub(r'[^a-z0-9]', '', title.lower())})"


def _type_text(prop: Schema, defs: Schema) -> str:
    real, nullable = _nullable_parts(prop)
    words: list[str] = []
    for part in real:
        if "$ref" in part:
            target = defs[_ref_name(part["$ref"])]
            if "enum" in target:
                words.append(" / ".join(f"`{v}`" for v in target["enum"]))
            else:
                words.append("表")
        elif "enum" in part:
            words.append(" / ".join(f"`{v}`" for v in part["enum"]))
        elif part.get("type") == "array":
            items = part.get("items", {})
            if "prefixItems" in items:
                inner = "，".join(_type_text(p, defs) for p in items["prefixItems"])
                words.append(f"列表，每项为 [{inner}]")
            elif "prefixItems" in part:
                inner = "，".join(_type_text(p, defs) for p in part["prefixItems"])
                words.append(f"列表 [{inner}]")
            else:
                inner = _type_text(items, defs)
                words.append("表的列表" if inner == "表" else f"列表（{inner}）")
        elif part.get("type") == "object":
            extra = part.get("additionalProperties")
            if isinstance(extra, dict):
                words.append(f"表：名称 → {_type_text(extra, defs)}")
            else:
                words.append("表")
        else:
            word = _TYPE_WORDS.get(str(part.get("type")), str(part.get("type", "")))
            if word not in words:
                words.append(word)
    if words == ["数字", "文本"]:
        words = ["数字"]  # pydantic's Decimal: a number, or the same number as text
    text = " 或 ".join(words) if words else "任意"
    return text + ("（可省略）" if nullable else "")


def _constraints(prop: Schema) -> str:
    real, _ = _nullable_parts(prop)
    notes: list[str] = []
    for part in real:
        if "minimum" in part or "maximum" in part:
            low = _plain(part.get("minimum"))
            high = _plain(part.get("maximum"))
            notes.append(f"{low}–{high}")
        if "pattern" in part:
            notes.append(f"格式 `{part['pattern']}`")
        if part.get("minLength"):
            notes.append("不能为空")
        if part.get("minItems") and part.get("type") == "array" and "prefixItems" not in part:
            notes.append(f"至少 {part['minItems']} 项")
    return "；".join(notes)


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _default_text(prop: Schema) -> str:
    if "default" not in prop:
        return ""
    value = prop["default"]
    if value is None:
        return "—"
    if value == "":
        return "（空）"
    if isinstance(value, dict):
        shown = [f"{k} = {v}" for k, v in value.items() if v is not None]
        return "`{" + ", ".join(shown) + "}`"
    if isinstance(value, list):
        if not value:
            return "（空）"
        if all(isinstance(v, list) and len(v) == 2 for v in value):
            return "`{" + ", ".join(f"{k} = {v}" for k, v in value) + "}`"
        return "`" + "/".join(str(v) for v in value) + "`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _policy_descriptions(description: str) -> dict[str, str]:
    """``{field: text}`` from the Policy docstring's ``- ``field`` — text`` list."""
    found: dict[str, str] = {}
    key: str | None = None
    for line in description.splitlines():
        match = _POLICY_ITEM.match(line)
        if match:
            key = match["key"]
            found[key] = match["text"].strip()
        elif key is not None and line.startswith("  ") and line.strip():
            found[key] += line.strip()
        else:
            key = None
    return {k: v.replace("``", "`") for k, v in found.items()}


def _intro(definition: Schema) -> str:
    """The first paragraph of a definition's description, rst quotes made markdown."""
    text = str(definition.get("description", "")).split("\n\n", 1)[0]
    return " ".join(text.split()).replace("``", "`")


def _section(path: str, is_array: bool, name: str, definition: Schema, defs: Schema,
             descriptions: dict[str, str], home: dict[str, tuple[str, bool]]) -> list[str]:
    """One table's section; ``home`` is where each table is documented (first seen)."""
    title = f"[[{path}]]" if is_array else f"[{path}]"
    lines = [f"## `{title}`", ""]
    intro = _intro(definition)
    if intro:
        lines += [intro, ""]
    if name == "Policy":
        lines += ["每个字段也可在 `[[indicators]]` 的 `policy` 表中写，只对该指标生效。"
                  "计分规则的详细说明见 [docs/scoring.md](scoring.md)。", ""]
    lines += ["| 键 key | 类型 type | 必填 | 默认值 default | 说明 description |",
              "|---|---|---|---|---|"]
    required = set(definition.get("required", []))
    for key, prop in definition.get("properties", {}).items():
        description = prop.get("description") or descriptions.get(key, "")
        sub = _sub_table(prop, defs)
        if sub is not None:
            see = f"见 {_link(*home.setdefault(sub[0], (f'{path}.{key}', sub[1])))}"
            description = f"{description}；{see}" if description else see
        limits = _constraints(prop)
        if limits:
            description = f"{description}（{limits}）" if description else limits
        lines.append(f"| `{key}` | {_cell(_type_text(prop, defs))} | "
                     f"{'是' if key in required else ''} | {_cell(_default_text(prop))} | "
                     f"{_cell(description)} |")
    return [*lines, ""]


def render(schema: Schema | None = None) -> str:
    """The whole reference page (markdown) for ``schema`` (default: the current one)."""
    schema = dict(ruleset_schema()) if schema is None else schema
    defs: Schema = schema.get("$defs", {})
    descriptions = _policy_descriptions(str(defs.get("Policy", {}).get("description", "")))
    lines = [_HEADER.rstrip("\n"), ""]
    lines += ["## 文件顶层 / top level", "",
              f"{_intro(schema)} 必须有 `[project]` 和至少一个 `[[indicators]]`。", "",
              "| 键 key | 类型 type | 必填 | 默认值 default | 说明 description |",
              "|---|---|---|---|---|"]
    required = set(schema.get("required", []))
    queue: list[tuple[str, bool, str]] = []
    home: dict[str, tuple[str, bool]] = {}
    for key, prop in schema.get("properties", {}).items():
        sub = _sub_table(prop, defs)
        description = prop.get("description", "")
        if sub is not None:
            queue.append((key, sub[1], sub[0]))
            home.setdefault(sub[0], (key, sub[1]))
            see = f"见 {_link(key, sub[1])}"
            description = f"{description}；{see}" if description else see
        limits = _constraints(prop)
        if limits:
            description = f"{description}（{limits}）"
        lines.append(f"| `{key}` | {_cell(_type_text(prop, defs))} | "
                     f"{'是' if key in required else ''} | {_cell(_default_text(prop))} | "
                     f"{_cell(description)} |")
    lines.append("")
    seen: set[str] = set()
    while queue:
        path, is_array, name = queue.pop(0)
        if name in seen or name not in defs:
            continue
        seen.add(name)
        definition = defs[name]
        lines += _section(path, is_array, name, definition, defs, descriptions, home)
        nested = [(f"{path}.{key}", *sub) for key, prop in
                  definition.get("properties", {}).items()
                  if (sub := _sub_table(prop, defs)) is not None]
        queue[0:0] = [(p, arr, n) for p, n, arr in nested]
    enums = sorted(n for n, d in defs.items() if "enum" in d)
    if enums:
        lines += ["## 取值列表 / enumerations", ""]
        for name in enums:
            values = "、".join(f"`{v}`" for v in defs[name]["enum"])
            lines += [f"- **{name}**：{values}。{_intro(defs[name])}"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in args:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} 已过期，请运行 python docs/gen_reference.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"已写入 {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

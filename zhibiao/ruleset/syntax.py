"""From a ruleset file to plain data: read within the limits, parse, refuse what is odd.

Everything here ends in data (a dict) or in problems with file and line — never an
exception. In order:

1. the file: a folder, a missing or unreadable file, one larger than
   ``Limits.max_ruleset_bytes``, or text that is not UTF-8 (GBK, UTF-16) is a problem;
   a UTF-8 byte-order mark is accepted (Windows Notepad writes one);
2. the syntax (:mod:`zhibiao.ruleset.toml_syntax`, :mod:`zhibiao.ruleset.yaml_syntax`):
   nesting deeper than ``Limits.max_nesting``, YAML anchors/aliases and duplicate keys are
   refused, syntax errors are Chinese with line and column;
3. the data: every number must be finite and of a sane size (``nan``, ``inf`` and
   ``1e999999999`` are schema problems, not arithmetic errors later), and no table or
   list may nest deeper than the limit (TOML's dotted keys nest without brackets).
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from zhibiao.limits import Limits
from zhibiao.ruleset.locate import (
    Locator,
    PlainTomlLocator,
    TomlLocator,
    YamlLocator,
    excerpt,
    field_text,
    position,
)
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.toml_fast import read_plain_toml
from zhibiao.ruleset.toml_syntax import toml_syntax, too_deep_at
from zhibiao.ruleset.yaml_syntax import RulesetYamlError, load_yaml, yaml_syntax

__all__ = ("MAX_EXPONENT", "parse_ruleset_file", "parse_ruleset_text")

#: Numbers in a ruleset are points, percentages, years and quanta: anything beyond
#: 10^±30 is a typo or an attack (Decimal arithmetic on 1E+999999999 overflows).
MAX_EXPONENT = 30
_RANGE = f"规则集中的数字应在 1e-{MAX_EXPONENT} 到 1e{MAX_EXPONENT} 之间"
_LONG_DIGITS = re.compile(r"[0-9_]{4000,}")
_YAML_SUFFIXES = (".yaml", ".yml")


def parse_ruleset_file(path: Path, limits: Limits,
                       ) -> tuple[dict[str, Any] | None, Locator, list[Problem]]:
    """The data of a ruleset file (``None`` when refused), its line locator, problems."""
    name = str(path)
    text, problems = _read_text(path, limits)
    if text is None:
        return None, Locator(), problems
    return _parse_text(text, name, limits)


def parse_ruleset_text(text: str, name: str, limits: Limits,
                       ) -> tuple[dict[str, Any] | None, Locator, list[Problem]]:
    """:func:`parse_ruleset_file` for a text already read; ``name`` is what problems
    call it, and its suffix (``.yaml``/``.yml``, else TOML) says how it is read. The
    text must hold no more than ``Limits.max_ruleset_bytes`` in UTF-8."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_ruleset_bytes:
        return None, Locator(), [_too_large(name, limits.max_ruleset_bytes)]
    return _parse_text(text, name, limits)


def _parse_text(text: str, name: str, limits: Limits,
                ) -> tuple[dict[str, Any] | None, Locator, list[Problem]]:
    if Path(name).suffix in _YAML_SUFFIXES:
        data, locator, problems = _parse_yaml(name, text, limits)
    elif (plain := read_plain_toml(text, limits.max_nesting, key_lines=False)) is not None:
        # The common case, read ten times faster; plain TOML holds no number and no
        # nesting that the data checks below would refuse (the reader declines those).
        data, tables = plain
        return data, PlainTomlLocator(text, tables), []
    else:
        data, locator, problems = _parse_toml(name, text, limits)
    if problems:
        return None, locator, problems
    if not isinstance(data, dict):
        message = "规则集文件应为键值表（[project]、[[indicators]] …）"
        return None, locator, [_error(name, 1, "syntax", message)]
    problems = _data_problems(data, name, locator, limits)
    return (None if problems else data), locator, problems


def _error(name: str, line: int, code: str, message: str, field: str = "") -> Problem:
    return Problem(severity="error", code=code, file=name, line=line, field=field,
                   message=message)


def _too_large(name: str, limit: int) -> Problem:
    return _error(name, 0, "too_large", f"文件超过 {limit:,} 字节（Limits.max_ruleset_bytes）："
                                        "规则集一般只有几十 KB；确实需要时可调高此设置")


def _read_text(path: Path, limits: Limits) -> tuple[str | None, list[Problem]]:
    name = str(path)
    limit = limits.max_ruleset_bytes
    try:
        if path.is_dir():
            return None, [_error(name, 0, "unreadable", "这是一个文件夹，不是规则集文件")]
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except FileNotFoundError:
        return None, [_error(name, 0, "unreadable", "文件不存在")]
    except PermissionError:
        return None, [_error(name, 0, "unreadable", "没有读取这个文件的权限")]
    except OSError as exc:
        return None, [_error(name, 0, "unreadable", f"无法读取文件（{exc.strerror or exc}）")]
    if len(raw) > limit:
        return None, [_too_large(name, limit)]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [_error(name, raw.count(b"\n", 0, exc.start) + 1, "encoding",
                             _not_utf8(raw, exc.start))]


def _not_utf8(raw: bytes, at: int) -> str:
    found = f"文件不是 UTF-8 编码（第 {at + 1} 个字节 0x{raw[at]:02X} 无法按 UTF-8 读取）"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        found += "，它是 UTF-16 编码"
    else:
        try:
            raw.decode("gb18030")
            found += "，看起来是 GBK/GB18030 编码"
        except UnicodeDecodeError:
            pass
    return found + "；请用 UTF-8 另存（如记事本“另存为”时选择 UTF-8）"


def _parse_toml(name: str, text: str, limits: Limits,
                ) -> tuple[Any, Locator, list[Problem]]:
    locator = TomlLocator(text)
    deep = too_deep_at(text, limits.max_nesting)
    if deep is not None:
        line, column = position(text, deep)
        return None, locator, [_error(
            name, line, "nesting",
            f"第 {line} 行第 {column} 列：方括号、花括号或点号分隔的键嵌套超过"
            f" {limits.max_nesting} 层（Limits.max_nesting）；规则集不需要这样深的结构\n"
            + excerpt(text, line, column))]
    try:
        return tomllib.loads(text, parse_float=Decimal), locator, []
    except tomllib.TOMLDecodeError as exc:
        found = toml_syntax(exc, text)
        return None, locator, [_error(name, found.line, "syntax", found.message)]
    except RecursionError:
        return None, locator, [_error(name, 0, "nesting",
                                      "嵌套过深（Limits.max_nesting 设得过大）")]
    except ValueError as exc:  # an integer of more than 4300 digits
        digits = _LONG_DIGITS.search(text)
        line = position(text, digits.start())[0] if digits else 0
        return None, locator, [_error(name, line, "schema.number_range",
                                      f"数字位数过多：{_RANGE}（{exc}）")]


def _parse_yaml(name: str, text: str, limits: Limits,
                ) -> tuple[Any, Locator, list[Problem]]:
    try:
        data, root = load_yaml(text, limits.max_nesting)
    except RulesetYamlError as exc:
        return None, Locator(), [_error(name, exc.line, exc.code, exc.message)]
    except yaml.YAMLError as exc:
        line, message = yaml_syntax(exc, text)
        return None, Locator(), [_error(name, line, "syntax", message)]
    return data, YamlLocator(root), []


def _data_problems(data: dict[str, Any], name: str, locator: Locator,
                   limits: Limits) -> list[Problem]:
    """Nesting deeper than the limit, and numbers that are not finite or of absurd size."""
    problems: list[Problem] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:  # not recursive: the depth is the file's
        path, value = stack.pop()
        children: list[tuple[str | int, Any]] = []
        if isinstance(value, dict):
            children = list(value.items())
        elif isinstance(value, list):
            children = list(enumerate(value))
        elif isinstance(value, (int, Decimal)) and (odd := _odd_number(value)):
            problems.append(_error(name, locator.line(path), *odd, field_text(path)))
        if children and len(path) >= limits.max_nesting:
            problems.append(_error(name, locator.line(path), "nesting",
                                   f"嵌套超过 {limits.max_nesting} 层（Limits.max_nesting）：规则集"
                                   "不需要这样深的结构", field_text(path)))
            continue
        stack.extend(((*path, key), child) for key, child in reversed(children))
    return problems


def _odd_number(value: int | Decimal) -> tuple[str, str] | None:
    """(code, message) for a number a ruleset cannot mean, else ``None``."""
    if isinstance(value, Decimal) and not value.is_finite():
        return "schema.finite_number", f"应为有限数字，而不是 {value}（nan、inf 不是数字）"
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if value.bit_length() <= 100:  # 2^100 ≈ 1.3e30
            return None
        return "schema.number_range", f"数字太大：{_RANGE}"
    if abs(value.adjusted()) > MAX_EXPONENT:
        return "schema.number_range", f"数字 {value} 超出范围：{_RANGE}"
    return None

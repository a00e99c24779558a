"""Reading a YAML ruleset: a strict safe loader that refuses what a ruleset never needs.

:class:`RulesetYamlLoader` is PyYAML's safe loader, with four changes made while the
node tree is composed — before anything is built from it:

- anchors and aliases (``&a`` / ``*a``) are refused: rulesets have no use for them, and
  a few hundred bytes of nested aliases expand to billions of nodes (an alias bomb);
- nesting deeper than a limit is refused (the composer recurses, so ``[`` × 100,000
  would end in ``RecursionError``);
- a key written twice in one mapping is refused, naming both lines (YAML would keep the
  last one silently);
- floats are read as exact decimals (``.nan`` and ``.inf`` included, refused later as
  not finite); a value that cannot be built (a date such as 2024-02-30, an integer of
  5,000 digits) is a YAML error at its line, not an exception.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from zhibiao.limits import DEFAULT_LIMITS
from zhibiao.ruleset.locate import excerpt, position

__all__ = ("YAML_MESSAGES", "RulesetYamlError", "RulesetYamlLoader", "load_yaml", "yaml_syntax")

#: PyYAML's messages (a part of them) → Chinese; the English original is kept after.
YAML_MESSAGES: tuple[tuple[str, str], ...] = (
    ("found character '\\t' that cannot start any token", "不能用制表符（Tab）缩进，请用空格"),
    ("mapping values are not allowed here",
     "此处不能有 “键: 值”（文字中含 “: ” 时请整体加引号，或检查缩进）"),
    ("could not find expected ':'", "缺少 “:”（键后应为冒号和空格）"),
    ("did not find expected key", "缩进不对：此处应为一个键"),
    ("did not find expected '-' indicator", "缩进不对：此处应为列表项（“- ”开头）"),
    ("did not find expected node content", "此处缺少值"),
    ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了（缺少右引号、] 或 }？）"),
    ("found unknown escape character", "双引号文字中有未知的转义字符（“\\” 之后）"),
    ("expected ',' or ']'", "列表中缺少 “,” 或 “]”"),
    ("expected ',' or '}'", "映射中缺少 “,” 或 “}”"),
    ("but found another document", "规则集只能有一个 YAML 文档（不要写第二个 ---）"),
    ("could not determine a constructor for the tag", "不支持的 YAML 标签（!…）"),
    ("found undefined tag handle", "不支持的 YAML 标签（!…）"),
    ("found unhashable key", "键不能是列表或映射"),
    ("special characters are not allowed", "文件中有不允许的控制字符"),
)


class RulesetYamlError(yaml.YAMLError):
    """Something a ruleset refuses: ``code`` (stable), ``message`` (Chinese), ``line``."""

    def __init__(self, code: str, message: str, line: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


class RulesetYamlLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors, aliases, deep nesting and duplicate keys."""

    max_nesting = DEFAULT_LIMITS.max_nesting

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise RulesetYamlError(
                "yaml_alias", f"第 {line} 行使用了 YAML 别名 “*{event.anchor}”：规则集不支持"
                              "锚点和别名（&…、*…），请把内容直接写出", line)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise RulesetYamlError(
                "yaml_alias", f"第 {line} 行定义了 YAML 锚点 “&{anchor}”：规则集不支持"
                              "锚点和别名（&…、*…），请把内容直接写出", line)
        self._depth += 1
        try:
            if self._depth > self.max_nesting:
                raise RulesetYamlError(
                    "nesting", f"第 {line} 行嵌套超过 {self.max_nesting} 层（Limits.max_nesting）："
                               "规则集不需要这样深的结构", line)
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicate_keys(node)
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, ArithmeticError, TypeError) as exc:
            raise ConstructorError(None, None, f"无法读取这个值（{exc}）",
                                   node.start_mark) from None


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | str:
    """A YAML float as an exact decimal; ``.nan`` and ``±.inf`` as Decimal NaN/Infinity."""
    text = str(loader.construct_scalar(node)).replace("_", "").lower()
    if ":" in text:  # YAML 1.1 base 60 (1:30.5): kept as written
        return text
    return Decimal(text.replace(".inf", "inf").replace(".nan", "nan"))


RulesetYamlLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    seen: dict[tuple[str, str], int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        first = seen.get((key.tag, key.value))
        if first is not None:
            raise RulesetYamlError(
                "duplicate_key", f"键 “{key.value}” 写了两次（第 {first} 行和第 {line} 行）："
                                 "YAML 只会保留后一个；请删去或改名其中一个", line)
        seen[(key.tag, key.value)] = line


def load_yaml(text: str, max_nesting: int) -> tuple[Any, yaml.Node | None]:
    """The data of a one-document YAML text, and its node tree (for line numbers).

    Raises :class:`yaml.YAMLError` (:class:`RulesetYamlError` for what rulesets refuse).
    """
    loader = RulesetYamlLoader(text)
    loader.max_nesting = max_nesting
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        return loader.construct_document(node), node
    except RecursionError:
        raise RulesetYamlError("nesting", "嵌套过深（Limits.max_nesting 设得过大）", 0) from None
    finally:
        loader.dispose()


def yaml_syntax(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    """PyYAML's error as (line, Chinese message with the English original and an excerpt)."""
    if isinstance(exc, yaml.reader.ReaderError):  # a control character, such as NUL
        line, column = position(text, exc.position)
    elif (mark := getattr(exc, "problem_mark", None)) is not None:
        line, column = mark.line + 1, mark.column + 1
    else:
        line = column = 0
    parts = [getattr(exc, key, None) for key in ("context", "problem")]
    english = "; ".join(str(p) for p in parts if p) or " ".join(str(exc).split())
    chinese = next((c for e, c in YAML_MESSAGES if e in english), "")
    where = f"（第 {line} 行第 {column} 列）" if line else ""
    message = f"YAML 语法错误{where}：{chinese}（{english}）" if chinese else \
        f"YAML 语法错误{where}：{english}"
    return line, f"{message}\n{excerpt(text, line, column)}" if line else message

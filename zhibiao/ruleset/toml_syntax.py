"""Reading a TOML ruleset: a nesting limit checked before parsing, errors in Chinese.

``tomllib`` parses inline arrays and tables by recursion, so ``a = [[[[…`` a hundred
thousand deep ends in ``RecursionError``; :func:`too_deep_at` finds the first bracket
beyond the limit with one cheap scan (strings and comments skipped) before ``tomllib``
sees the text. ``tomllib``'s English messages (``Illegal character '\\n' (at line 6,
column 15)``) are translated by the table :data:`TOML_MESSAGES`; the English original
is kept after the Chinese, and the offending line is shown with a caret.
"""

from __future__ import annotations

import re
import tomllib
from typing import NamedTuple

from zhibiao.ruleset.locate import excerpt, position

__all__ = ("TOML_MESSAGES", "TomlSyntax", "toml_syntax", "too_deep_at")

_TOKEN = re.compile(r"""[\[\]{}#"'.=,\n]""")
_STRINGS = {
    '"""': re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""(?:"{0,2})'),
    "'''": re.compile(r"'''[\s\S]*?'''(?:'{0,2})"),
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*"'),
    "'": re.compile(r"'[^'\n]*'"),
}
_POSITION = re.compile(r"^(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)"
                       r"|end of document)\)$", re.DOTALL)
_KEY_PART = re.compile(r"'((?:[^'\\]|\\.)*)'")

#: tomllib's messages (the part before "(at line …)") → Chinese; ``{0}`` is the part the
#: pattern captures (a character, a key).
TOML_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), chinese) for pattern, chinese in (
        (r"Illegal character '\\n'",
         "字符串在行末没有结束（缺少右引号？多行文字请用 \"\"\"…\"\"\"）"),
        (r"Illegal character (.+)", "非法字符 {0}（字符串中不能有控制字符）"),
        (r"Unterminated string", "字符串没有结束（缺少右引号）"),
        (r"Invalid statement", "无法识别的语句（每行应为 键 = 值、[表] 或 [[数组表]]）"),
        (r"Invalid value", "无效的值（文字要加引号，如 value = \"≥95%\"；"
                           "数字、true/false、[…]、{…} 不加引号）"),
        (r"Invalid initial character for a key part",
         "键的开头字符无效（含中文、空格或符号的键要加引号，如 \"产出指标\" = 50）"),
        (r"Expected '=' after a key in a key/value pair", "键后面应为 “=”"),
        (r"Expected newline or end of document after a statement",
         "一条语句之后应换行（一行只能写一个 键 = 值；文字要整体加引号）"),
        (r"Unclosed array", "数组没有结束（缺少 “]”，或元素之间缺少逗号）"),
        (r"Unclosed inline table",
         "内联表没有结束（缺少 “}”，或键值之间缺少逗号；内联表须写在一行内）"),
        (r"Expected '\]' at the end of a table declaration", "表头末尾应为 “]”"),
        (r"Expected '\]\]' at the end of an array declaration", "数组表头末尾应为 “]]”"),
        (r"Cannot declare (.+) twice", "表 {0} 声明了两次"),
        (r"Cannot overwrite a value", "键重复：这个键（或同名的表）已经写过"),
        (r"Cannot mutate immutable namespace (.+)", "{0} 已经写完（内联表或数组），不能再添加"),
        (r"Cannot redefine namespace (.+)", "{0} 已经定义过，不能重新定义"),
        (r"Duplicate inline table key (.+)", "内联表中的键 {0} 重复"),
        (r"Unescaped '\\' in a string",
         "字符串中有未转义的 “\\”（写作 \\\\，或改用单引号字符串 '…'）"),
        (r"Invalid hex value", "无效的 Unicode 转义（应为 \\uXXXX 或 \\UXXXXXXXX）"),
        (r"Escaped character is not a Unicode scalar value", "转义的字符不是有效的 Unicode 字符"),
        (r"Invalid date or datetime", "无效的日期或时间"),
        (r"Found invalid character (.+)", "非法字符 {0}"),
        (r"Expected (.+)", "此处应为 {0}"),
    )
)


class TomlSyntax(NamedTuple):
    """A TOML syntax error: 1-based line and column, and the Chinese message."""

    line: int
    column: int
    message: str


def too_deep_at(text: str, limit: int) -> int | None:
    """Index of the first ``[``, ``{`` or ``.`` nesting deeper than ``limit``, or ``None``.

    Brackets count, and so do the dots of a dotted key (``a.b.c = 1`` nests three
    tables; tomllib's time is quadratic in a key's length). Brackets and dots inside
    strings and comments do not count; ``=``, ``,`` and line ends end a dotted key, so
    the one dot of a number (``8.5``) never adds up. An unterminated string ends the scan
    (``tomllib`` reports it, with its position).
    """
    depth = dots = 0
    pos = 0
    while found := _TOKEN.search(text, pos):
        char, at = found.group(), found.start()
        pos = at + 1
        if char == "#":
            pos = text.find("\n", at)
            if pos < 0:
                return None
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, at) else char
            string = _STRINGS[quote].match(text, at)
            if string is None:
                return None
            pos = string.end()
        elif char == ".":
            dots += 1
            if depth + dots > limit:
                return at
        else:
            dots = 0
            if char in "[{":
                depth += 1
                if depth > limit:
                    return at
            elif char in "]}":
                depth = max(depth - 1, 0)
    return None


def toml_syntax(exc: tomllib.TOMLDecodeError, text: str) -> TomlSyntax:
    """``tomllib``'s error as a Chinese message with line, column and the line itself."""
    found = _POSITION.match(str(exc))
    english = found["what"] if found else str(exc)
    if found and found["line"]:
        line, column = int(found["line"]), int(found["column"])
    else:  # at the end of the document: the end of its last line with text
        end = len(text.rstrip())
        line, column = position(text, end)
    chinese = _translate(english)
    message = f"TOML 语法错误（第 {line} 行第 {column} 列）：{chinese}（{english}）"
    return TomlSyntax(line, column, f"{message}\n{excerpt(text, line, column)}")


def _translate(english: str) -> str:
    for pattern, chinese in TOML_MESSAGES:
        if found := pattern.fullmatch(english):
            captured = found.groups()
            if not captured:
                return chinese
            part = captured[0]
            if part.startswith("("):  # a key as a tuple: ('project', 'funds')
                part = ".".join(_KEY_PART.findall(part)) or part
            elif len(part) >= 2 and part[0] == part[-1] == "'":  # a repr: '\\x00'
                part = part[1:-1]
            return chinese.format(f"“{part}”")
    return "无法解析"

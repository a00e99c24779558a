"""Reading an actuals CSV strictly: encodings, quotes, line endings — nothing swallowed.

Encodings: UTF-8 (with or without BOM), UTF-16 with a BOM (LE or BE), GBK/GB18030. A
file without BOM whose NUL bytes all sit in one byte of the pairs is UTF-16 saved
without a BOM: it is read as such, with a warning. A UTF-8 file cut off inside its
last character is read without that character, with a warning. Line endings may be
``\\r\\n``, ``\\n`` or ``\\r``, mixed. The delimiter is ``,`` — or a tab or ``;`` when
only that finds the header.

Quotes follow RFC 4180, and a quote that is never closed does not swallow the rest of
the file: a quoted cell that runs to the end of the file, across a line break onto
lines that hold a delimiter, or onto a line where its closing quote is followed by
more text (it paired with the opening quote of another row), is reported
(``unclosed_quote``, with the line it opened on) and the lines after it are read as
rows of their own. A quoted cell spanning lines
without a delimiter in them (a 偏差原因 with a line break, as Excel writes it) is fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from zhibiao.errors import ActualsError
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals_header import HEADER_SEARCH_ROWS, header_of
from zhibiao.ruleset.actuals_table import RawRow
from zhibiao.ruleset.problems import Problem

__all__ = ("decode_bytes", "decode_csv", "iter_csv", "split_csv")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DELIMITERS = (",", "\t", ";")


def decode_csv(raw: bytes, source: str) -> tuple[str, list[Problem]]:
    """The text of a CSV file, and a warning when its encoding had to be guessed."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return decode_bytes(raw[3:], "utf-8", source), []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if raw.startswith(b"\xff\xfe") else "utf-16-be"
        return decode_bytes(raw[2:], encoding, source), []
    if b"\x00" in raw:
        guessed = _utf16_without_bom(raw)
        if guessed is None:
            raise ActualsError(source, "文件含有 NUL 字节，不是文本文件；请另存为 UTF-8 的 CSV")
        encoding, text = guessed
        warning = Problem(severity="warning", code="utf16_without_bom", file=source,
                          message=f"文件没有 BOM，按 {encoding.upper()} 读取；"
                                  "请另存为 UTF-8，或 UTF-16 带 BOM")
        return text, [warning]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(raw):
            # a UTF-8 file cut off inside its last character: the rest is UTF-8
            cut = Problem(severity="warning", code="truncated_text", file=source,
                          message="文件在一个字的中间结束（文件不完整？），最后不完整的字已去掉；"
                                  "请核对最后一行")
            return raw[:exc.start].decode("utf-8"), [cut]
        return decode_bytes(raw, "gb18030", source), []


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """(encoding, text) when the bytes read as UTF-16 (no BOM) give the text of a table:
    a delimiter, no control characters, and almost only the characters of a 自评表
    (ASCII, CJK, full-width forms). NUL bytes alone do not tell the byte order: ASCII
    puts them in one byte of each pair, but so does every CJK character U+xx00 in the
    other, and a table of Chinese text may hold few ASCII characters."""
    if len(raw) % 2:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    orders = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for encoding in orders:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(d in text for d in _DELIMITERS) and _table_like(text):
            return encoding, text
    return None


def _table_like(text: str) -> bool:
    usual = sum(1 for ch in text if ch in "\t\r\n" or " " <= ch <= "~"
                or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n")
    return not controls and usual >= 0.9 * len(text)


def decode_bytes(raw: bytes, encoding: str, source: str) -> str:
    """``raw`` decoded; bytes that are not that encoding raise ActualsError in Chinese."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ActualsError(source, f"无法按 {encoding.upper()} 解码：第 {exc.start + 1} 个字节"
                                   "处不是有效的文字；请另存为 UTF-8") from exc


@dataclass
class _Field:
    text: str
    end_line: int  # index of the line the field ends on
    end: int  # position after the field (at the delimiter or the end of the line)
    quoted: bool = False
    closed: bool = True
    crosses_rows: bool = False  # a continuation line holds a delimiter


def split_csv(text: str, source: str, limits: Limits) -> list[RawRow]:
    """The records of a CSV text, each with the problems its quoting had."""
    return list(iter_csv(text, source, limits))


def iter_csv(text: str, source: str, limits: Limits, delimiter: str | None = None,
             ) -> Iterator[RawRow]:
    """:func:`split_csv` one record at a time (a large file is never held as records).
    ``delimiter``: the one to split by (default: the one an actuals header is found with)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    delimiter = delimiter or _delimiter(lines)
    count = 0
    index = 0
    while index < len(lines):
        if count >= limits.max_rows:
            raise ActualsError(source, f"超过行数上限 {limits.max_rows}（设置 max_rows）；"
                                       "请拆分文件，或调高上限")
        row, index = _record(lines, index, delimiter, source)
        count += 1
        yield row


def _delimiter(lines: list[str]) -> str:
    head = lines[:HEADER_SEARCH_ROWS]
    for delimiter in _DELIMITERS:
        if any(header_of(line.split(delimiter)).complete for line in head):
            return delimiter
    return ","


def _record(lines: list[str], start: int, delimiter: str, source: str,
            ) -> tuple[RawRow, int]:
    """The record that starts on line ``start``, and the index of the line after it."""
    line = lines[start]
    row = RawRow(line=start + 1, cells=[])
    if '"' not in line:
        row.cells = line.split(delimiter)
        return row, start + 1
    at, position = start, 0
    while True:
        found = _field(lines, at, position, delimiter)
        tail_after_quote = found.quoted and found.end < len(lines[found.end_line]) \
            and lines[found.end_line][found.end] != delimiter
        if found.quoted and (not found.closed or found.crosses_rows or (
                tail_after_quote and found.end_line > at)):
            # The quote opened here pairs with none, or with the quote of another row.
            opened = line if len(line) <= 40 else line[:39] + "…"
            row.problems.append(row.problem(
                source, "unclosed_quote",
                f"引号没有闭合（“{opened}”）：其后的行会被当作这一格的内容；"
                "此行未采用，其后的行按各自一行读取。请补上右引号，或删去左引号"))
            row.cells.append(found.text)
            return row, start + 1
        if tail_after_quote:
            tail = lines[found.end_line][found.end:].split(delimiter, 1)[0]
            row.problems.append(row.problem(
                source, "text_after_quote",
                f"第 {len(row.cells) + 1} 格的右引号之后还有文字（“{tail}”）："
                "一格要么整格用引号括起，要么不用引号；此行未采用"))
            found.text += tail
            found.end += len(tail)
        elif not found.quoted and '"' in found.text:
            row.problems.append(row.problem(
                source, "stray_quote",
                f"第 {len(row.cells) + 1} 格（“{found.text}”）中有未配对的引号，按原样读取；"
                "若这格本应用引号括起，请补全", severity="warning"))
        row.cells.append(found.text)
        at, position = found.end_line, found.end
        if position >= len(lines[at]):
            return row, at + 1
        position += 1  # the delimiter


def _field(lines: list[str], at: int, position: int, delimiter: str) -> _Field:
    line = lines[at]
    if not line.startswith('"', position):
        end = line.find(delimiter, position)
        end = len(line) if end < 0 else end
        return _Field(line[position:end], at, end)
    parts: list[str] = []
    position += 1
    crosses = False
    while True:
        quote = line.find('"', position)
        if quote < 0:
            parts.append(line[position:] + "\n")
            at += 1
            if at >= len(lines):
                return _Field("".join(parts).rstrip("\n"), at - 1, len(line), quoted=True,
                              closed=False, crosses_rows=crosses)
            line, position = lines[at], 0
            head = line.split('"', 1)[0]
            crosses = crosses or delimiter in head
            continue
        parts.append(line[position:quote])
        if line.startswith('"', quote + 1):
            parts.append('"')
            position = quote + 2
            continue
        return _Field("".join(parts), at, quote + 1, quoted=True, crosses_rows=crosses)

"""Text as zhibiao writes it: the one set of rules every report format and the CLI use.

Text from users (project and indicator names, targets, actuals, 偏差原因, and the
explanations and problems that quote them) is data. Before it is written:

- :func:`visible` shows hidden characters as ``<U+202E>``: control and format characters
  (Unicode categories Cc, Cf — bidi overrides U+202A–U+202E, isolates U+2066–U+2069,
  marks U+200E/U+200F/U+061C, zero-width characters, BOM —, Cs, Zl, Zp) and the
  noncharacters (U+FFFE, U+FFFF, …). Tab and line breaks (LF, CR) stay as they are.
  An auditor sees that something was there and what it was; nothing is dropped.
- :func:`csv_field` puts ``'`` before a field that starts with ``= + - @``, tab or CR,
  also after blanks (a spreadsheet would read it as a formula), or with ``'`` itself, so
  that removing one leading ``'`` always gives the text back.
- :func:`xlsx_text` is the text of an xlsx string cell (the writer never lets a string
  become a formula; see :mod:`zhibiao.report.xlsx_cells`).
- :func:`markdown_text` escapes what Markdown would read as markup, and writes line
  breaks as ``<br>``, so a ``|`` or a newline never breaks a table.
- :func:`html_text` is visible text escaped for HTML (``<script>`` shows as that text).
- :func:`json_text` writes JSON with hidden characters as ``\\uXXXX`` escapes: a JSON
  reader gets the exact text back, a person reading the file sees the escape.

>>> visible("≥95%\\u202e")
'≥95%<U+202E>'
>>> csv_field("=1+1"), csv_field("-5%"), csv_field("'x"), csv_field("92%")
("'=1+1", "'-5%", "''x", '92%')
>>> markdown_text("a|b\\nc")
'a\\\\|b<br>c'
>>> html_text('<b title="x">\\u202e')
'&lt;b title=&quot;x&quot;&gt;&lt;U+202E&gt;'
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any

__all__ = ("EXCEL_MAX_CELL_CHARS", "FORMULA_STARTS", "csv_field", "html_text", "json_shown",
           "json_text", "markdown_text", "may_hide", "starts_like_formula", "visible",
           "xlsx_text")

#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = frozenset("=+-@\t\r")
#: The longest text an Excel cell holds.
EXCEL_MAX_CELL_CHARS = 32_767

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_KEPT = frozenset("\t\n\r")
# Characters that may be hidden: all but the line breaks and the ranges that hold none
# (printable ASCII, Latin to Hebrew without U+00AD, punctuation without U+200B–U+200F and
# U+2028–U+202E, symbols, CJK, private use, forms without U+FDD0–U+FDEF and U+FEFF,
# full-width forms), so that common text is scanned at C speed. A test checks the ranges
# against the Unicode database.
_CANDIDATES = re.compile("[^\t\n\r\x20-\x7e\u00a0-\u00ac\u00ae-\u05ff\u2010-\u2027\u2030-\u205f"
                         "\u2070-\ud7ff\ue000-\ufdcf\ufdf0-\ufefe\uff00-\ufff8]")
_LINE_BREAKS = re.compile("\r\n?|\n")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
# Where a backslash keeps the start of a list item's text from being a heading or a list
# marker: before ``#``, ``+`` or ``-``, and between the digits and the ``.`` of ``1. ``.
_MARKDOWN_BLOCK_START = re.compile(r"^(?:\d{1,9}(?=[.)](?:[ \t]|$))|(?=[#+\-]))")
_TRUNCATED = "…（超出 Excel 单元格长度上限，以下从略；完整内容见 JSON 报告）"


def _hidden(char: str) -> bool:
    """True for a character that shows as nothing (or moves other text) when printed."""
    if char in _KEPT:
        return False
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:  # noncharacters
        return True
    return unicodedata.category(char) in _HIDDEN_CATEGORIES


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    return f"<U+{ord(char):04X}>" if _hidden(char) else char


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if not _hidden(char):
        return char
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def visible(text: str) -> str:
    """``text`` with every hidden character written as ``<U+XXXX>`` (tab, LF, CR kept)."""
    return _CANDIDATES.sub(_shown, text)


def csv_field(text: str) -> str:
    """A csv field from user text: visible, with ``'`` before a field starting with a
    formula character (also after blanks: `` =1+1``) or with ``'``."""
    shown = visible(text)
    return "'" + shown if shown.startswith("'") or starts_like_formula(shown) else shown


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula: it starts with one of
    :data:`FORMULA_STARTS`, or its first character after blanks is one."""
    return text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS


def xlsx_text(text: str) -> str:
    """The text of an xlsx string cell: visible, line breaks as LF (XML keeps no CR),
    cut with a note at the Excel cell limit."""
    shown = _LINE_BREAKS.sub("\n", visible(text))
    if len(shown) > EXCEL_MAX_CELL_CHARS:
        return shown[:EXCEL_MAX_CELL_CHARS - len(_TRUNCATED)] + _TRUNCATED
    return shown


def markdown_text(text: str) -> str:
    """Inline Markdown showing ``text`` as written: markup characters escaped with ``\\``,
    a block marker at the start escaped, line breaks as ``<br>``."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))
    escaped = _MARKDOWN_BLOCK_START.sub(r"\g<0>\\", escaped, count=1)
    return _LINE_BREAKS.sub("<br>", escaped)


def html_text(text: str) -> str:
    """``text`` in HTML, as element content or an attribute's value: visible, then
    ``&``, ``<``, ``>`` and both quotes escaped."""
    return html.escape(visible(text))


def json_text(data: Any, indent: int | None = 2) -> str:
    """``data`` as JSON (UTF-8 text, not ASCII), hidden characters as ``\\uXXXX``."""
    return json_shown(json.dumps(data, ensure_ascii=False, indent=indent))


def may_hide(text: str) -> bool:
    """Whether ``text`` holds a character that may be hidden: when it does not,
    :func:`visible` and :func:`json_shown` return it as it is, and so they do for its
    JSON string (``json.dumps`` writes nothing but its characters and ASCII)."""
    return _CANDIDATES.search(text) is not None


def json_shown(dumped: str) -> str:
    """JSON text written with ``ensure_ascii=False``, its hidden characters as
    ``\\uXXXX`` (what :func:`json_text` does after ``json.dumps``)."""
    return _CANDIDATES.sub(_json_escape, dumped)

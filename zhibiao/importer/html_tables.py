"""The tables of a web page: the form published 绩效目标表 and 自评表 are read in.

Governments publish these tables as web pages, and many systems' “export to Excel” write
a web page under a ``.xls`` name. Each ``<table>`` becomes a list of rows of
:class:`HtmlCell` (text, ``rowspan``, ``colspan``); :mod:`zhibiao.importer.sources` lays
them out on a grid as it does a workbook's merged cells.

Read with the standard library's ``html.parser``: nothing is fetched, run or expanded
(no scripts, no external entities; character references only), text in ``<script>`` and
``<style>`` is skipped, a table inside a cell is a table of its own. Spans are clamped
to :data:`MAX_SPAN`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from zhibiao.ruleset.actuals_csv import decode_bytes

__all__ = ("MAX_SPAN", "HtmlCell", "decode_html", "html_tables", "looks_like_html")

#: The largest rowspan or colspan taken (a larger one is clamped to it).
MAX_SPAN = 1000
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
#: white space a browser collapses (a no-break space is shown as one space, each)
_SPACES = re.compile(r"[ \t\f\v]+")
_BREAKS = frozenset({"br", "p", "div", "li", "tr"})
_SKIPPED = frozenset({"script", "style", "template", "head", "title"})


@dataclass
class HtmlCell:
    """One ``<td>``/``<th>``: its text (lines kept), and how many rows and columns it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def looks_like_html(raw: bytes) -> bool:
    """Whether the bytes are a web page (or an HTML table saved under another name)."""
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head",
                            b"<body", b"<!--"))


def decode_html(raw: bytes, source: str) -> str:
    """The text of a web page: by its byte-order mark, else the charset it declares
    (GB2312 and GBK read as their superset GB18030), else UTF-8, else GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return decode_bytes(raw[3:], "utf-8", source)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(raw, "utf-16", source)
    declared = _CHARSET.search(raw[:4096])
    if declared is not None:
        name = declared[1].decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else name
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: try the usual ones
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(raw, "gb18030", source)


def html_tables(text: str) -> list[list[list[HtmlCell]]]:
    """The rows of every table of the page, in the order the tables open (so the
    n-th is the page's n-th ``<table>``; an empty one has no rows)."""
    reader = _TableReader()
    reader.feed(text)
    reader.close()
    return [table.rows for table in reader.done]


@dataclass
class _Table:
    rows: list[list[HtmlCell]] = field(default_factory=list)
    cell: HtmlCell | None = None
    parts: list[str] = field(default_factory=list)


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[_Table] = []
        self.done: list[_Table] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "table":
            self.open.append(_Table())
            self.done.append(self.open[-1])
        elif self.open and tag == "tr":
            self._end_cell()
            self.open[-1].rows.append([])
        elif self.open and tag in ("td", "th"):
            self._end_cell()
            table = self.open[-1]
            if not table.rows:
                table.rows.append([])
            spans = dict(attrs)
            table.cell = HtmlCell("", _span(spans.get("rowspan")), _span(spans.get("colspan")))
            table.rows[-1].append(table.cell)
        elif tag in _BREAKS:
            self._text("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "table" and self.open:
            self._end_cell()
            self.open.pop()
        elif self.open and tag in ("td", "th"):
            self._end_cell()
        elif tag in _BREAKS:
            self._text("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.open and self.open[-1].cell is not None:
            self.open[-1].parts.append(data)

    def _end_cell(self) -> None:
        table = self.open[-1]
        if table.cell is not None:
            text = "".join(table.parts)
            lines = (_SPACES.sub(" ", line).replace("\u00a0", " ").strip()
                     for line in text.splitlines())
            table.cell.text = "\n".join(line for line in lines if line)
            table.cell, table.parts = None, []


def _span(value: str | None) -> int:
    digits = re.match(r"\s*(\d{1,9})", value or "")
    return min(MAX_SPAN, max(1, int(digits[1]))) if digits else 1

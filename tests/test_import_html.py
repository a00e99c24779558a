"""Web pages: the form tables are published in, and what systems export as “.xls”.

Differential: every workbook ``selfeval_workbooks()`` draws, written out as the HTML
table a browser would show (merged ranges as ``rowspan``/``colspan``), imports to the
same documents as the workbook itself — only the addresses differ (表1!C8 for
自评表!C8). Plus the page-level rules: charsets, nested tables, scripts, spans.
"""

from __future__ import annotations

import html
import io
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from zhibiao.cli import main
from zhibiao.importer import ImportResult, read
from zhibiao.importer.html_tables import MAX_SPAN, html_tables
from zhibiao.importer.sources import cell_value_text
from zhibiao.testing.form_render import RenderedWorkbook
from zhibiao.testing.strategies import selfeval_workbooks

_PLACES = frozenset({"cells", "cell", "total_cell", "source", "sheet", "key", "origin"})


def as_html(data: bytes) -> str:
    """The workbook as a browser shows it: one table a sheet, merged ranges spanning."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>表</title>'
             "<script>document.write('<td>x</td>')</script></head><body>"]
    for sheet in book.worksheets:
        spans, covered = {}, set()
        for merged in sheet.merged_cells.ranges:
            spans[(merged.min_row, merged.min_col)] = (merged.max_row - merged.min_row + 1,
                                                       merged.max_col - merged.min_col + 1)
            covered |= {(r, c) for r in range(merged.min_row, merged.max_row + 1)
                        for c in range(merged.min_col, merged.max_col + 1)}
            covered.discard((merged.min_row, merged.min_col))
        parts.append(f"<h2>{html.escape(sheet.title)}</h2><table border=1>")
        for r in range(1, sheet.max_row + 1):
            parts.append("<tr>")
            for c in range(1, sheet.max_column + 1):
                if (r, c) in covered:
                    continue
                cell = sheet.cell(r, c)
                text = cell_value_text(cell.value, cell.number_format or "General")
                rows, cols = spans.get((r, c), (1, 1))
                attrs = (f' rowspan="{rows}"' if rows > 1 else "") + \
                    (f" colspan={cols}" if cols > 1 else "")
                shown = html.escape(text).replace("\n", "<br>").replace(" ", "&nbsp;")
                parts.append(f"<td{attrs}>{shown}&nbsp;</td>")
            parts.append("</tr>")
        parts.append("</table>")
    return "".join(parts) + "</body></html>"


def _without_places(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_places(v) for k, v in value.items() if k not in _PLACES}
    if isinstance(value, list):
        return [_without_places(v) for v in value]
    return value


def _read(data: bytes, name: str) -> ImportResult:
    with tempfile.TemporaryDirectory(prefix="zhibiao-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return read(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(selfeval_workbooks(max_tables=2, max_indicators=5))
def test_a_page_imports_as_its_workbook(book: RenderedWorkbook) -> None:
    from_book = _read(book.data, "自评表.xlsx")
    from_page = _read(as_html(book.data).encode("utf-8"), "自评表.html")
    assert [_without_places(d.model_dump()) for d in from_page.documents] == \
        [_without_places(d.model_dump()) for d in from_book.documents]
    assert sorted(p.code for p in from_page.problems) == \
        sorted(p.code for p in from_book.problems)


PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<style>td {{ color: red }}</style></head><body>
<table><tr><td>版面</td><td>
<table>
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th></tr>
<tr><td rowspan="2">产出指标</td><td>数量指标</td><td>培训人数</td><td>≥100人</td></tr>
<tr><td>质量指标</td><td>合格<br/>率</td><td>≥95%</td></tr>
<tr><td>满意度指标</td><td colspan="1">服务对象满意度指标</td><td>满意度</td><td>≥90%</td></tr>
</table></td></tr></table>{tail}</body></html>"""


def test_a_published_page_in_gb2312_with_a_layout_table(tmp_path: Path) -> None:
    path = tmp_path / "公开.htm"
    path.write_bytes(PAGE.format(tail="").encode("gb18030"))
    result = read(path)
    document, = result.documents
    assert [(r.level1, r.level2, r.indicator, r.target) for r in document.rows] == [
        ("产出指标", "数量指标", "培训人数", "≥100人"),
        ("产出指标", "质量指标", "合格率", "≥95%"),  # a <br> inside a name joins
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%")]
    assert document.sheet == "表2"  # the page's second <table>, inside the first


def test_an_export_named_xls_is_read_as_the_page_it_is(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "导出.xls"
    path.write_bytes(PAGE.format(tail="").encode("gb18030"))
    assert main(["import", str(path), "-o", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "html_table" in out and "按网页中的表格读取" in out
    assert len(list((tmp_path / "out").glob("*.toml"))) == 1


def test_spans_are_clamped_and_never_run_past_the_table() -> None:
    rows = html_tables('<table><tr><td rowspan="99999999" colspan="-3">a</td></tr></table>')
    assert rows[0][0][0].rowspan == MAX_SPAN and rows[0][0][0].colspan == 1
    result_rows = html_tables("<table><tr><td>x<script>alert(1)</script>&amp;&lt;b&gt;</td>"
                              "</tr></table>")
    assert result_rows[0][0][0].text == "x&<b>"

"""Formulas in filled 自评表: read as the value Excel/WPS saved, never computed.

Published workbooks often compute 得分 and 总分 with formulas (``=F12*0.9``,
``=SUM(G8:G20)``). Before, the import read the formula's text, so audit said 未填得分
(not_published) for scores the table plainly showed. Now a formula cell reads as the
value saved with it; one without a saved value (a file written by a program that does
not calculate) still reads as its text, reported (``formula_cell``).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from zhibiao.audit import audit_file
from zhibiao.importer import read

from .test_xlsx_forms import needs_soffice, soffice

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def _book() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "自评表"
    sheet.append(["项目名称", "饮水安全"])
    sheet.append(HEADER)
    sheet.append(["产出指标", "数量指标", "维修处数", "≥12处", "13处", 50, "=F3"])
    sheet.append(["满意度指标", "服务对象满意度指标", "群众满意度", "≥95%", "=0.9",
                  50, "=ROUND(F4*0.9/0.95,2)"])
    sheet["E4"].number_format = "0%"
    sheet.append(["总分", None, None, None, None, 100, "=SUM(G3:G4)"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_saved_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook as Excel saves it: each formula cell with its computed value."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                for cell, value in values.items():
                    content, count = re.subn(
                        rb'(<c r="' + cell.encode() + rb'"[^>]*>)(<f>[^<]*</f>)<v\s*/>',
                        rb"\1\2<v>" + value.encode() + rb"</v>", content)
                    assert count == 1, cell
            target.writestr(info, content)
    return out.getvalue()


SAVED = {"G3": "50", "E4": "0.9", "G4": "47.37", "G5": "97.37"}


def test_saved_values_are_read_not_the_formulas(tmp_path: Path) -> None:
    path = tmp_path / "filled.xlsx"
    path.write_bytes(_with_saved_values(_book(), SAVED))
    result = read(path)
    rows = result.documents[0].rows
    assert [r.published_score for r in rows] == ["50", "47.37"]
    assert rows[1].actual == "90%"  # its percent format, as the table shows it
    assert result.documents[0].total_score == "97.37"
    assert "formula_cell" not in {p.code for p in result.problems}
    document, = audit_file(path)
    assert [row.verdict for row in document.rows] == ["match", "match"]
    assert document.total.verdict == "match"


def test_a_formula_without_a_saved_value_is_its_text_reported(tmp_path: Path) -> None:
    path = tmp_path / "unsaved.xlsx"
    path.write_bytes(_book())  # as openpyxl writes it: no values
    result = read(path)
    assert [r.published_score for r in result.documents[0].rows] == ["=F3",
                                                                     "=ROUND(F4*0.9/0.95,2)"]
    flagged = {p.cell for p in result.problems if p.code == "formula_cell"}
    assert flagged == {"自评表!G3", "自评表!E4", "自评表!G4", "自评表!G5"}


@needs_soffice
def test_a_workbook_saved_by_an_office_suite_audits_as_shown(tmp_path: Path) -> None:
    """The real thing: LibreOffice opens the workbook, calculates it and saves it."""
    source = tmp_path / "filled.xlsx"
    source.write_bytes(_book())
    saved = soffice(source, "xlsx", tmp_path)
    document, = audit_file(saved)
    assert [row.published_score for row in document.rows] == ["50", "47.37"]
    assert [row.verdict for row in document.rows] == ["match", "match"]
    assert document.total.published == "97.37" and document.total.verdict == "match"


@pytest.mark.parametrize("saved", [True, False])
def test_formulas_are_never_computed(tmp_path: Path, saved: bool) -> None:
    """A formula whose saved value disagrees with what it would compute reads as the
    saved value: zhibiao shows what the table showed and computes nothing itself."""
    path = tmp_path / "stale.xlsx"
    data = _book()
    path.write_bytes(_with_saved_values(data, {**SAVED, "G3": "7"}) if saved else data)
    rows = read(path).documents[0].rows
    assert rows[0].published_score == ("7" if saved else "=F3")

"""The xlsx 自评表 forms (issue 14): cell by cell against reviewed golden files, the
formulas against the JSON totals (as cached, and as LibreOffice recalculates them), and
the printed page (LibreOffice → PDF: A4 landscape, one page wide).

The golden files are written by running this module:
``PYTHONPATH=. python tests/test_xlsx_forms.py`` — then review the diff cell by cell.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from zhibiao.report import Report, get_writer
from zhibiao.report.xlsx_format import xlsx_bytes
from zhibiao.ruleset import load_ruleset, score_ruleset

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "report"
GOLDEN = ROOT / "tests" / "golden"
FORMS = {
    "project": (ROOT / "rulesets" / "002-xinzhou-2024" / "03-falv-guwen.toml",
                DATA / "falv-guwen.actuals.csv"),
    "unit": (ROOT / "rulesets" / "001-anyang-2021" / "00-unit-wide.toml",
             DATA / "anyang-unit-wide.actuals.csv"),
}


def form_report(kind: str) -> Report:
    ruleset, actuals = FORMS[kind]
    return score_ruleset(load_ruleset(ruleset), actuals)


def describe(data: bytes) -> str:
    """Every cell of every sheet (type, number format, bold, value, and for a formula
    its cached value), the merged ranges, the column widths and the print set-up."""
    book = load_workbook(io.BytesIO(data))
    values = load_workbook(io.BytesIO(data), data_only=True)
    lines: list[str] = []
    for sheet in book.worksheets:
        cached = values[sheet.title]
        lines.append(f"sheet {sheet.title}")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                fmt = "" if cell.number_format == "General" else cell.number_format
                bold = "b" if cell.font.bold else ""
                text = repr(cell.value) if not isinstance(cell.value, str) else cell.value
                if cell.data_type == "f":
                    text += f" -> {cached[cell.coordinate].value!r}"
                lines.append("\t".join((cell.coordinate, cell.data_type, fmt, bold,
                                        text.replace("\n", "\\n"))))
        lines.append("merged " + " ".join(sorted(str(r) for r in sheet.merged_cells.ranges)))
        widths = {key: dim.width for key, dim in sorted(sheet.column_dimensions.items())}
        lines.append(f"widths {widths}")
        setup = sheet.page_setup
        lines.append(f"print paper={setup.paperSize} orientation={setup.orientation} "
                     f"fit={setup.fitToWidth}x{setup.fitToHeight} "
                     f"titles={sheet.print_title_rows} area={sheet.print_area}")
    return "\n".join(lines) + "\n"


def golden_path(kind: str) -> Path:
    return GOLDEN / f"xlsx_form_{kind}.txt"


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_the_form_equals_its_golden_file_cell_by_cell(kind: str) -> None:
    expected = golden_path(kind).read_text(encoding="utf-8").splitlines()
    actual = describe(xlsx_bytes([form_report(kind)])).splitlines()
    assert actual == expected


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_same_input_same_bytes(kind: str) -> None:
    assert xlsx_bytes([form_report(kind)]) == xlsx_bytes([form_report(kind)])


def test_the_form_shows_no_file_name() -> None:
    for kind in FORMS:
        text = describe(xlsx_bytes([form_report(kind)]))
        assert ".toml" not in text and ".csv" not in text and "规则集" not in text
        assert form_report(kind).to_json()["ruleset"].endswith(".toml")  # the JSON has it


def test_write_to_a_binary_stream_a_text_stream_is_refused() -> None:
    report = form_report("project")
    stream = io.BytesIO(b"head")
    stream.seek(4)
    get_writer("xlsx").write([report], stream)
    assert stream.getvalue()[4:] == xlsx_bytes([report])
    with pytest.raises(TypeError, match="二进制流"):
        get_writer("xlsx").write([report], io.StringIO())


# ---- formulas ------------------------------------------------------------------------------

def formula_cells(data: bytes) -> dict[tuple[str, str], str]:
    """(sheet, cell) → formula, of every formula cell."""
    book = load_workbook(io.BytesIO(data))
    return {(sheet.title, cell.coordinate): str(cell.value)
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f"}


def json_totals(report: Report) -> dict[str, Decimal]:
    """What each kind of formula cell must equal, from the JSON export."""
    data = report.to_json()
    found = {f"{b['name']}小计": (Decimal(b["points"]), Decimal(b["score"]))
             for b in data["blocks"] if b["level"] == 1 and b["name"] != "预算执行率"}
    found["总分"] = (Decimal(data["total_points"]), Decimal(data["total"]))
    found["各项得分合计（适用分值）"] = (Decimal(data["applicable_points"]),
                                   Decimal(data["raw_score"]))
    return {f"{label}/{column}": value for label, pair in found.items()
            for column, value in zip("GH", pair, strict=True)}


def check_values(report: Report, data: bytes, values: Any) -> int:
    """Every formula cell of the form in ``values`` (an openpyxl book read with
    ``data_only``) equals the JSON total it stands for; the number checked."""
    expected = json_totals(report)
    book = load_workbook(io.BytesIO(data))
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            label = next((c.value for c in row[:2] if isinstance(c.value, str)), "")
            for cell in row:
                if cell.data_type != "f":
                    continue
                value = values[sheet.title][cell.coordinate].value
                assert isinstance(value, int | float), (cell.coordinate, value)
                key = f"{label}/{cell.column_letter}"
                assert key in expected, key
                assert Decimal(str(value)) == expected[key], (cell.coordinate, value, key)
                checked += 1
    return checked


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_subtotals_and_total_are_formulas_with_the_json_values_cached(kind: str) -> None:
    report = form_report(kind)
    data = xlsx_bytes([report])
    formulas = formula_cells(data)
    assert all(re.fullmatch(r"=(SUM|ROUND)\(.*\)", f) for f in formulas.values())
    blocks = sum(1 for b in report.totals.blocks if b.level == 1) - 1  # without 预算执行率
    extra = 2 if report.totals.not_applicable else 0
    assert len(formulas) == 2 * blocks + 2 + extra
    assert check_values(report, data, load_workbook(io.BytesIO(data), data_only=True)) \
        == len(formulas)


def test_the_summary_sheet_takes_each_total_from_its_form() -> None:
    reports = [form_report("project"), form_report("unit")]
    data = xlsx_bytes(reports)
    values = load_workbook(io.BytesIO(data), data_only=True)["汇总"]
    formulas = load_workbook(io.BytesIO(data))["汇总"]
    for row, report in enumerate(reports, start=2):
        assert re.fullmatch(r"='[^']+'!H[0-9]+", str(formulas[f"G{row}"].value))
        assert Decimal(str(values[f"G{row}"].value)) == report.total
        assert Decimal(str(values[f"F{row}"].value)) == report.totals.total_weight


# ---- LibreOffice -----------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not "
                                   "installed (Debian: libreoffice-calc-nogui)")
#: A LibreOffice profile that recalculates every formula of an xlsx file on load.
_RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice(source: Path, target: str, out: Path) -> Path:
    """Convert ``source`` with LibreOffice headless (a private profile that always
    recalculates); the converted file."""
    assert SOFFICE is not None
    profile = out / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_PROFILE,
                                                                 encoding="utf-8")
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", target, "--outdir", str(out / "converted"), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    converted = out / "converted" / f"{source.stem}.{target}"
    assert converted.exists(), result.stdout + result.stderr
    return converted


def with_stale_values(data: bytes) -> bytes:
    """The workbook with every cached formula value replaced by 999: a viewer that
    showed them without recalculating would fail the comparison."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if re.fullmatch(r"xl/worksheets/sheet[0-9]+\.xml", info.filename):
                content, count = re.subn(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1<v>999</v>",
                                         content)
                assert count
            target.writestr(info, content)
    return out.getvalue()


@needs_soffice
@pytest.mark.parametrize("kind", sorted(FORMS))
def test_libreoffice_recalculates_the_formulas_to_the_json_totals(kind: str,
                                                                  tmp_path: Path) -> None:
    report = form_report(kind)
    data = xlsx_bytes([report])
    stale = tmp_path / f"{kind}.xlsx"
    stale.write_bytes(with_stale_values(data))
    recalculated = soffice(stale, "xlsx", tmp_path)
    values = load_workbook(recalculated, data_only=True)
    assert check_values(report, data, values) == len(formula_cells(data))


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (poppler's pdftotext)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    return [page for page in text.split("\f") if page.strip()]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run([tool, "-f", "1", "-l", "99", str(pdf)], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)]


@needs_soffice
@pytest.mark.parametrize("kind", sorted(FORMS))
def test_printed_the_form_is_one_a4_landscape_page_wide(kind: str, tmp_path: Path) -> None:
    report = form_report(kind)
    workbook = tmp_path / f"{kind}.xlsx"
    workbook.write_bytes(xlsx_bytes([report]))
    pdf = soffice(workbook, "pdf", tmp_path)
    sizes = page_sizes(pdf)
    assert sizes and all(abs(w - 841.89) < 1 and abs(h - 595.28) < 1 for w, h in sizes)
    pages = pdf_pages(pdf)
    assert len(pages) == len(sizes) <= 2  # one page wide: no column spills onto a page
    text = "".join(pages)
    for page in pages:  # the header row is on every page, its first and last column
        headers = [line for line in page.splitlines() if "一级指标" in line and "二级指标" in line]
        assert len(headers) == 1 and "偏差原因分析及改进措施" in headers[0]
    squeezed = re.sub(r"\s+", "", text)
    for row in report.rows:  # every indicator is printed whole
        assert re.sub(r"\s+", "", row.name) in squeezed
    assert "总分" in text and str(report.total) in text


def main() -> None:
    for kind in FORMS:
        path = golden_path(kind)
        path.write_text(describe(xlsx_bytes([form_report(kind)])), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

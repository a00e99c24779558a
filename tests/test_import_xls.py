"""Excel 97-2003 workbooks (``.xls``) at the import and audit door.

Differential: workbooks drawn by ``selfeval_workbooks()``, saved as ``.xls`` by
LibreOffice (a real office suite), import to the same documents as the ``.xlsx`` they
came from. The committed ``tests/data/import/xls/formulas-libreoffice.xls`` (a filled
自评表 whose 得分 are formulas, a percent format, a date cell, merged 一级指标) keeps the
door tested where LibreOffice is missing.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhibiao.audit import audit_file
from zhibiao.cli import main
from zhibiao.errors import ActualsError
from zhibiao.importer import read
from zhibiao.importer.xls_sheets import xls_sheets
from zhibiao.testing.form_render import RenderedWorkbook
from zhibiao.testing.strategies import selfeval_workbooks

from .test_import_html import _without_places
from .test_xlsx_forms import SOFFICE, needs_soffice

FIXTURE = Path(__file__).parent / "data" / "import" / "xls" / "formulas-libreoffice.xls"


def test_a_filled_form_saved_as_xls_reads_as_shown() -> None:
    result = read(FIXTURE)
    document, = result.documents
    assert document.project == "农村饮水安全维修养护" and document.year == 2024
    assert [(r.level1, r.indicator, r.target, r.actual, r.points, r.published_score)
            for r in document.rows][:3] == [
        ("产出指标", "维修工程处数", "≥12处", "13处", "10", "10"),
        ("产出指标", "工程验收合格率", "100%", "98%", "10", "9.8"),  # a 0% format; a formula
        ("产出指标", "完成时间", "2024年11月底前", "2024-11-20", "10", "10")]  # a date cell
    assert document.total_score == "79.8"  # =SUM(G4:G10), as saved
    assert document.rows[0].cells["indicator"] == "Sheet1!C4"
    audited, = audit_file(FIXTURE)
    assert [row.verdict for row in audited.rows].count("match") == 6


def test_an_xls_named_xlsx_is_read_as_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "自评表.xlsx"
    path.write_bytes(FIXTURE.read_bytes())
    result = read(path)
    assert len(result.documents) == 1
    assert "xls_workbook" in {p.code for p in result.problems}


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_damaged_xls_is_refused_in_chinese_or_read(tmp_path_factory: pytest.TempPathFactory,
                                                     seed: int) -> None:
    rng = random.Random(seed)
    data = bytearray(FIXTURE.read_bytes())
    for _ in range(rng.randrange(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if rng.random() < 0.3:
        data = data[: rng.randrange(len(data))]
    path = tmp_path_factory.mktemp("xls") / "damaged.xls"
    path.write_bytes(bytes(data))
    try:
        xls_sheets(bytes(data), "damaged.xls", 1000)
    except ActualsError as exc:
        assert "无法读取 .xls" in exc.reason
    result = read(path)  # the door: a result or a problem, never a raise
    assert all(p.message for p in result.problems)


def test_without_xlrd_the_door_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xlrd", None)
    with pytest.raises(ActualsError, match=r"pip install 'zhibiao\[xls\]'"):
        xls_sheets(FIXTURE.read_bytes(), "a.xls", 10)


def test_the_cli_imports_xls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURE), "-o", str(tmp_path / "out")]) == 1  # 万圆, 分值 80
    assert len(list((tmp_path / "out").glob("*.toml"))) == 1
    assert "内部错误" not in capsys.readouterr().err


_DRAWN: list[RenderedWorkbook] = []


@settings(max_examples=6, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(selfeval_workbooks(max_tables=2, max_indicators=5))
def _draw(book: RenderedWorkbook) -> None:
    _DRAWN.append(book)


@needs_soffice
def test_workbooks_saved_as_xls_by_libreoffice_import_as_the_xlsx(tmp_path: Path) -> None:
    import subprocess

    _DRAWN.clear()
    _draw()
    sources = []
    for n, book in enumerate(_DRAWN):
        path = tmp_path / f"book{n}.xlsx"
        path.write_bytes(book.data)
        sources.append(path)
    profile = tmp_path / "profile"
    assert SOFFICE is not None
    subprocess.run([SOFFICE, "--headless", "--norestore",
                    f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "xls",
                    "--outdir", str(tmp_path / "xls"), *map(str, sources)],
                   capture_output=True, timeout=300, check=False)
    for source in sources:
        converted = tmp_path / "xls" / f"{source.stem}.xls"
        assert converted.exists(), source
        want = [_without_places(d.model_dump()) for d in read(source).documents]
        got = [_without_places(d.model_dump()) for d in read(converted).documents]
        assert got == want, source.name

"""Damaged and hostile workbooks at every door that opens one: refused in Chinese.

A workbook is a zip of XML parts. A part missing, cut short, garbled or declaring XML
entities (billion laughs, an external entity naming a local file) must give an
:class:`~zhibiao.errors.ActualsError` that says what is wrong — at the actuals door
(``score``, ``monitor``), the table door (``batch``) and the form door (``import``,
``audit``) alike — never an internal error.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhibiao.audit import audit_file
from zhibiao.batch.files import read_table
from zhibiao.cli import main
from zhibiao.errors import ActualsError
from zhibiao.importer import read as import_read
from zhibiao.importer.sources import read_grids
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals import read_actuals

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "rulesets" / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml"
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _workbook() -> bytes:
    """A small workbook that every door reads: a title, a merged cell, a formula, a
    header of the actuals, the batch and the 自评表 words, five rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "自评表"
    sheet.append(["项目支出绩效自评表"])
    sheet.append(["项目", "指标", "三级指标", "指标值", "实际完成值", "分值", "得分"])
    for i in range(5):
        sheet.append(["p1", f"1.{i}", f"指标{i}", "≥90%", "93%", 10, 10])
    sheet.merge_cells("A1:C1")
    sheet["G7"] = "=SUM(F3:F7)"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BASE = _workbook()
PARTS = zipfile.ZipFile(io.BytesIO(BASE)).namelist()
DAMAGE = ("drop", "garbage", "truncate", "flip", "empty")
_FLIPS = b"<>\"/=& \x00az09"


def _damaged(part: str, how: str, seed: int = 0) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(BASE))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in PARTS:
            content = source.read(name)
            if name == part:
                if how == "drop":
                    continue
                if how == "garbage":
                    content = bytes((seed * 7 + i * 31) % 256 for i in range(64))
                elif how == "truncate":
                    content = content[: seed % (len(content) + 1)]
                elif how == "empty":
                    content = b""
                elif how == "flip":
                    changed = bytearray(content)
                    for k in range(1 + seed % 5):
                        at = (seed * 131 + k * 977) % len(changed)
                        changed[at] = _FLIPS[(seed + k) % len(_FLIPS)]
                    content = bytes(changed)
            target.writestr(name, content)
    return out.getvalue()


def _with_sheet_xml(edit: Callable[[str], str]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(BASE))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in PARTS:
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = edit(content.decode("utf-8")).encode("utf-8")
            target.writestr(name, content)
    return out.getvalue()


def _entity_bomb() -> bytes:
    entities = '<!ENTITY a0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    return _with_sheet_xml(lambda xml: f'<?xml version="1.0"?><!DOCTYPE worksheet '
                                       f'[{entities}]>' + xml.replace("<t>93%</t>", "<t>&a9;</t>"))


def _external_entity() -> bytes:
    return _with_sheet_xml(lambda xml: '<?xml version="1.0"?><!DOCTYPE worksheet '
                                       '[<!ENTITY e SYSTEM "file:///etc/hostname">]>'
                                       + xml.replace("<t>93%</t>", "<t>&e;</t>"))


def _doors(path: Path) -> dict[str, Callable[[], object]]:
    limits = Limits()
    return {"actuals": lambda: read_actuals(path, limits=limits),
            "batch": lambda: read_table(path, limits),
            "import": lambda: read_grids(path, limits)}


def _refused_in_chinese(call: Callable[[], object]) -> str | None:
    """The message when ``call`` refuses the file (None when it reads it); anything
    raised but an ActualsError fails the test."""
    try:
        call()
    except ActualsError as exc:
        assert _CHINESE.search(exc.reason), exc.reason
        return exc.reason
    return None


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(part=st.sampled_from(PARTS), how=st.sampled_from(DAMAGE),
       seed=st.integers(0, 10_000))
def test_a_damaged_part_is_refused_in_chinese_or_read(tmp_path: Path, part: str, how: str,
                                                      seed: int) -> None:
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(_damaged(part, how, seed=seed))
    for call in _doors(path).values():
        _refused_in_chinese(call)
    result = import_read(path)  # the import and audit door: a problem, never a raise
    assert all(_CHINESE.search(p.message) for p in result.problems)
    audit_file(path)


@pytest.mark.parametrize("door", ["actuals", "batch", "import"])
def test_every_door_reads_the_undamaged_workbook(tmp_path: Path, door: str) -> None:
    path = tmp_path / "whole.xlsx"
    path.write_bytes(BASE)
    assert _refused_in_chinese(_doors(path)[door]) is None


@pytest.mark.parametrize("door", ["actuals", "batch", "import"])
@pytest.mark.parametrize("build", [_entity_bomb, _external_entity], ids=["laughs", "external"])
def test_xml_entities_are_refused_at_every_door(tmp_path: Path, door: str,
                                               build: Callable[[], bytes]) -> None:
    path = tmp_path / "entities.xlsx"
    path.write_bytes(build())
    reason = _refused_in_chinese(_doors(path)[door])
    assert reason is not None and "XML 实体或 DTD" in reason, reason


def test_defusedxml_guards_openpyxl() -> None:
    """openpyxl parses through defusedxml when it is installed (a dependency)."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


@pytest.mark.parametrize("door", ["actuals", "batch"])
def test_a_missing_content_types_part_is_named(tmp_path: Path, door: str) -> None:
    path = tmp_path / "parts.xlsx"
    path.write_bytes(_damaged("[Content_Types].xml", "drop"))
    reason = _refused_in_chinese(_doors(path)[door])
    assert reason is not None and "缺少必需的部件" in reason and "[Content_Types].xml" in reason


def test_a_workbook_without_sheets_is_said(tmp_path: Path) -> None:
    path = tmp_path / "nosheet.xlsx"
    path.write_bytes(_damaged("xl/worksheets/sheet1.xml", "drop"))
    for door, call in _doors(path).items():
        if door != "import":
            assert _refused_in_chinese(call) is not None, door


@pytest.mark.parametrize("command", [
    ["batch", "{path}", "-o", "{out}/o.csv"],
    ["score", str(RULESET), "--actuals", "{path}"],
    ["monitor", str(RULESET), "-a", "{path}", "--as-of", "2024-06-30"],
], ids=["batch", "score", "monitor"])
def test_the_cli_says_why_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      command: list[str]) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_entity_bomb())
    argv = [part.format(path=path, out=tmp_path) for part in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "XML 实体或 DTD" in err and "内部错误" not in err and "Traceback" not in err


def test_import_and_audit_report_the_broken_file(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(_damaged("xl/workbook.xml", "truncate", seed=40))
    assert main(["import", str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr()
    assert "XML 已损坏" in err.out + err.err and "内部错误" not in err.out + err.err
    assert main(["audit", str(path)]) == 2
    err = capsys.readouterr()
    assert "内部错误" not in err.out + err.err


def test_openpyxl_warnings_stay_out_of_the_terminal(tmp_path: Path) -> None:
    """openpyxl warns (in English) about a damaged part before refusing it; the console
    script prints only zhibiao's Chinese message (the library leaves warnings to its
    callers)."""
    import subprocess
    import sys
    import warnings

    path = tmp_path / "rels.xlsx"
    path.write_bytes(_damaged("xl/_rels/workbook.xml.rels", "flip", seed=32))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        _refused_in_chinese(lambda: read_table(path, Limits()))
    assert any(issubclass(w.category, UserWarning) for w in seen)  # what is filtered
    done = subprocess.run([sys.executable, "-m", "zhibiao", "batch", str(path), "-o",
                           str(tmp_path / "o.csv")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and "文件结构已损坏" in done.stderr, done.stderr
    assert "Warning" not in done.stderr and "warn(" not in done.stderr, done.stderr


@pytest.mark.parametrize(("head", "said"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "Excel 97-2003 的 .xls 格式"),
    ("<html><body><table><tr><td>指标值</td></tr></table>".encode(), "网页或 XML 格式的表格"),
    (b"\xef\xbb\xbf<?xml version='1.0'?><Workbook/>", "网页或 XML 格式的表格"),
    (b"hello", "无法按 zip 读取")], ids=["xls", "html", "xml", "other"])
def test_what_a_file_under_a_workbook_name_really_is_is_said(tmp_path: Path, head: bytes,
                                                            said: str) -> None:
    """Systems export old .xls and web pages named .xlsx: say which, at every door."""
    path = tmp_path / "export.xlsx"
    path.write_bytes(head)
    for door, call in _doors(path).items():
        reason = _refused_in_chinese(call)
        if door == "import" and head.startswith(b"<html"):  # the form door reads pages
            assert reason is None
            assert "html_table" in {p.code for p in import_read(path).problems}
            continue
        if door == "import" and head.startswith(b"\xd0\xcf"):  # … and .xls, here broken
            assert reason is not None and "无法读取 .xls" in reason
            continue
        assert reason is not None and said in reason and "另存为 .xlsx" in reason

"""Properties of `zhibiao.importer.read` on drawn tables: it never raises, and no cell is
dropped — every cell that is not a header word is read into a document or named by a
problem (its address in the problem's cell or message)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.import_cells import named
from zhibiao.importer import ImportResult, read

#: header words, labels and level names: a drawn table is made of these and of markers
WORDS = ("一级指标", "二级指标", "三级指标", "指标值", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施", "指标性质", "度量单位", "绩效标准", "项目名称", "实施单位",
         "主管部门", "年度资金总额", "全年预算数", "全年执行数", "年初预算数", "执行率", "总分",
         "产出指标小计", "项目支出绩效自评表", "（2023年度）", "产出指标", "效益指标", "满意度指标",
         "数量指标", "质量指标", "社会效益指标", "成本指标", "总体目标", "预期目标", "实际完成情况",
         "中期目标", "年度目标", "绩效指标", "项目资金（万元）", "其中：当年财政拨款", "≥", "=",
         "%", "须填写", "得分说明", "------")


def _cell(marker: int) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(WORDS), st.just(f"甲{marker}"), st.just(""),
                     st.just(f"≥{marker}%"))


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    rows = draw(st.integers(1, 14))
    cols = draw(st.integers(1, 10))
    counter = iter(range(10_000))
    return [[draw(_cell(next(counter))) for _ in range(cols)] for _ in range(rows)]


def _named(result: ImportResult) -> str:
    """Every address the result names, in one text."""
    return named(result) + "\n"


def _check(table: list[list[str]], path: Path, result: ImportResult) -> None:
    named = _named(result)
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            if text.startswith("甲") or (text.startswith("≥") and text[1:-1].isdigit()):
                address = f"{path.name}:{r + 1}:{c + 1}"
                assert any(named[i + len(address)] in "」（）；，、\n 「"
                           for i in _find_all(named, address)), (address, text, table)


def _find_all(text: str, part: str) -> list[int]:
    found, start = [], 0
    while (i := text.find(part, start)) >= 0:
        found.append(i)
        start = i + 1
    return found


@settings(max_examples=150)
@given(table=tables())
def test_csv_tables_drop_nothing(tmp_path_factory: object, table: list[list[str]]) -> None:
    folder = Path(tmp_path_factory.mktemp("props"))
    path = folder / "t.csv"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")
    _check(table, path, read(path))


@settings(max_examples=150)
@given(table=tables())
def test_pdf_text_tables_drop_nothing(tmp_path_factory: object,
                                      table: list[list[str]]) -> None:
    folder = Path(tmp_path_factory.mktemp("props"))
    path = folder / "t.txt"
    path.write_text("\n".join("\t".join(row) for row in table) + "\n", encoding="utf-8")
    _check(table, path, read(path))


@settings(max_examples=30)
@given(table=tables(), merges=st.lists(st.tuples(st.integers(1, 14), st.integers(1, 10),
                                                 st.integers(0, 3), st.integers(0, 3)),
                                       max_size=6))
def test_workbooks_with_merged_cells_drop_nothing(
        tmp_path_factory: object, table: list[list[str]],
        merges: list[tuple[int, int, int, int]]) -> None:
    from openpyxl import Workbook

    folder = Path(tmp_path_factory.mktemp("props"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "表"
    for row in table:
        sheet.append([text or None for text in row])
    taken: set[tuple[int, int]] = set()
    for top, left, down, right in merges:
        cells = {(r, c) for r in range(top, top + down + 1) for c in range(left, left + right + 1)}
        if cells & taken or len(cells) == 1:
            continue
        taken |= cells
        sheet.merge_cells(start_row=top, start_column=left, end_row=top + down,
                          end_column=left + right)
    path = folder / "t.xlsx"
    book.save(path)
    result = read(path)
    named = _named(result)
    from openpyxl import load_workbook
    kept = load_workbook(path)["表"]  # merging clears all but the top-left cell
    for row in kept.iter_rows():
        for cell in row:
            text = cell.value
            if isinstance(text, str) and text.startswith("甲"):
                address = f"表!{cell.coordinate}"
                assert any(named[i + len(address)] in "」（）；，、\n 「"
                           for i in _find_all(named, address)), (address, table, merges)


def test_a_repeated_label_names_the_merged_cell_its_value_was_typed_in(
        tmp_path: Path) -> None:
    """(Found by the property above.) A label met a second time whose value is filled
    from a merged range above it: the report names the range's top-left cell too."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "表"
    sheet["A1"], sheet["B1"] = "项目名称", "甲"
    sheet["A9"], sheet["B6"] = "项目名称", "乙"
    sheet.merge_cells("B6:B9")
    sheet["A12"], sheet["B12"], sheet["C12"], sheet["D12"] = "一级指标", "二级指标", "三级指标", \
        "指标值"
    path = tmp_path / "t.xlsx"
    book.save(path)
    repeated = [p for p in read(path).problems if p.code == "repeated_label"]
    assert repeated and "表!B9（合并自 表!B6）「乙」" in repeated[0].message

"""`zhibiao import`: the round trip through the 自评表 workbook `zhibiao score` writes,
the official 项目支出绩效自评表 layout, the split target layout, and hostile workbooks."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from zhibiao.cli import main
from zhibiao.importer import read
from zhibiao.importer.export import actuals_csv
from zhibiao.importer.split_target import join_target
from zhibiao.limits import Limits
from zhibiao.ruleset.load import load_ruleset, read_ruleset

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT / "rulesets" / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu"


def _total(ruleset: Path, actuals: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["score", str(ruleset), "-a", str(actuals), "-f", "json", "-o", str(out)]) in (0, 1)
    capsys.readouterr()
    import json
    data = json.loads(out.read_text(encoding="utf-8"))
    project = data["projects"][0] if "projects" in data else data[0]
    return str(project["total"])


def test_round_trip_through_the_score_workbook(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    ruleset, actuals = PROJECT.with_suffix(".toml"), PROJECT.parent / (PROJECT.name +
                                                                        ".actuals.csv")
    workbook = tmp_path / "report.xlsx"
    assert main(["score", str(ruleset), "-a", str(actuals), "-f", "xlsx", "-o",
                 str(workbook)]) in (0, 1)
    out = tmp_path / "imported"
    assert main(["import", str(workbook), "-o", str(out)]) == 0
    capsys.readouterr()
    [toml] = sorted(out.glob("*.toml"))
    [imported_actuals] = sorted(out.glob("*.actuals.csv"))
    original, back = load_ruleset(ruleset), load_ruleset(toml)
    assert [(i.spec.id, i.spec.level1, i.spec.level2, i.spec.name, i.spec.value)
            for i in back.indicators] == [
        (i.spec.id, i.spec.level1, i.spec.level2, i.spec.name, i.spec.value)
        for i in original.indicators]
    given = {r[0]: r[1:3] for r in csv.reader(io.StringIO(actuals.read_text("utf-8")))}
    got = {r[0]: r[1:3] for r in csv.reader(io.StringIO(imported_actuals.read_text("utf-8")))}
    del given["指标编号"], got["指标编号"]
    assert got == given
    assert _total(toml, imported_actuals, tmp_path / "a.json", capsys) == _total(
        ruleset, actuals, tmp_path / "b.json", capsys)
    text = toml.read_text(encoding="utf-8")
    assert "# 01-chengxiang-yiliao-jiuzhu!D13" in text  # the source cell of each indicator


def _official(path: Path, *, project: str = "社区养老服务补助", points: int = 10) -> None:
    """A 项目支出绩效自评表 as in 财预〔2020〕10号, with merged cells."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "自评表"
    rows: list[list[object]] = [
        ["项目支出绩效自评表"], ["（2023年度）"],
        ["项目名称", project],
        ["主管部门", "某市民政局", None, None, "实施单位", "某市养老服务中心"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
         "得分"],
        [None, "年度资金总额", 100, 100, 95, points, "95%", 9.5],
        [None, "其中：当年财政拨款", 100, 100, 95],
        [None, "上年结转资金", 0, 0, 0],
        [None, "其他资金", 0, 0, 0],
        ["年度总体目标", "预期目标", None, None, "实际完成情况"],
        [None, "为老年人提供助餐服务", None, None, "已完成"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "助餐服务人次", "≥3000人次", "3200人次", 25, 25],
        [None, None, "质量指标", "服务合格率", "≥95%", "90%", 25, 23.68, "部分站点验收推迟"],
        [None, "效益指标", "社会效益指标", "老年人生活便利程度", "显著提升", "达成预期指标",
         30, 30],
        [None, "满意度指标", "服务对象满意度指标", "老年人满意度", "≥90%", "92%", 10, 10],
        ["总分", None, None, None, None, None, 100, 98.18],
    ]
    for row in rows:
        sheet.append(row)
    for merged in ("A1:I1", "A2:I2", "B3:I3", "A5:B5", "A6:A9", "A10:A11", "B10:D10",
                   "B11:D11", "A12:A16", "A17:F17"):
        sheet.merge_cells(merged)
    sheet.merge_cells("B13:B14")  # 一级 written once over its block
    book.save(path)


def test_official_layout(tmp_path: Path) -> None:
    path = tmp_path / "official.xlsx"
    _official(path)
    result = read(path)
    [document] = result.documents
    assert (document.project, document.department, document.unit, document.year) == (
        "社区养老服务补助", "某市民政局", "某市养老服务中心", 2023)
    assert document.kind == "project"
    assert [(r.level1, r.level2, r.indicator, r.target, r.actual, r.points,
             r.published_score) for r in document.rows] == [
        ("产出指标", "数量指标", "助餐服务人次", "≥3000人次", "3200人次", "25", "25"),
        ("产出指标", "质量指标", "服务合格率", "≥95%", "90%", "25", "23.68"),
        ("效益指标", "社会效益指标", "老年人生活便利程度", "显著提升", "达成预期指标", "30", "30"),
        ("满意度指标", "服务对象满意度指标", "老年人满意度", "≥90%", "92%", "10", "10")]
    assert document.rows[1].reason == "部分站点验收推迟"
    assert document.rows[1].cells["level1"] == "自评表!B13"  # the merged cell it was typed in
    assert document.rows[0].cell == "自评表!D13"
    assert document.budget is not None
    assert (document.budget.total, document.budget.spent, document.budget.points) == (
        "100万元", "95万元", "10")
    assert document.total_score == "98.18" and document.total_cell == "自评表!A17"
    assert document.goals == "为老年人提供助餐服务"
    assert document.ruleset is not None and document.ruleset.budget.points == Decimal(10)
    assert actuals_csv(document) is not None


def test_official_layout_through_the_command(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "official.xlsx"
    _official(path)
    assert main(["import", str(path), "-o", str(tmp_path / "out")]) == 0
    [toml] = sorted((tmp_path / "out").glob("*.toml"))
    ruleset, problems = read_ruleset(toml)
    assert ruleset is not None and not [p for p in problems if p.severity == "error"]
    assert main(["check", str(toml)]) == 0
    assert "# 自评表!D13" in toml.read_text(encoding="utf-8")
    capsys.readouterr()


SPLIT = """四川省省级部门项目支出绩效目标表
项目名称,农村公路养护补助
一级指标,二级指标,三级指标,指标性质,指标值,度量单位
产出指标,数量指标,养护里程,≥,1200,公里
产出指标,质量指标,优良路率,大于等于,85,%
产出指标,时效指标,完成时限,≤,12,月
产出指标,成本指标,每公里养护成本,反向,2.5,万元
效益指标,社会效益指标,群众出行条件,定性,明显改善,
满意度指标,服务对象满意度指标,群众满意度,,90,%
"""


def test_split_layout(tmp_path: Path) -> None:
    path = tmp_path / "split.csv"
    path.write_text(SPLIT, encoding="utf-8")
    [document] = read(path).documents
    assert [r.target for r in document.rows] == [
        "≥1200公里", "≥85%", "≤12月", "2.5万元", "明显改善", "90%"]
    assert document.ruleset is not None
    specs = document.ruleset.indicators
    assert specs[3].direction is not None and specs[3].direction.value == "反向"
    assert document.rows[0].cells["nature"] == "split.csv:4:4"


def test_split_layout_with_budget_system_headers(tmp_path: Path) -> None:
    text = SPLIT.replace("指标性质,指标值,度量单位", "计算符号,指标值,计量单位")
    path = tmp_path / "split2.csv"
    path.write_text(text, encoding="utf-8")
    [document] = read(path).documents
    assert [r.target for r in document.rows][:2] == ["≥1200公里", "≥85%"]


@pytest.mark.parametrize(("nature", "value", "unit", "text", "direction"), [
    ("≥", "95", "%", "≥95%", None), ("", "95%", "%", "95%", None),
    ("等于", "1", "套", "=1套", None), ("正向", "85", "%", "85%", "正向"),
    (">=", "≥3次", "", "≥3次", None), ("定性", "显著提升", "", "显著提升", None)])
def test_join_target(nature: str, value: str, unit: str, text: str,
                     direction: str | None) -> None:
    joined = join_target(nature, value, unit)
    assert (joined.text, joined.direction, joined.understood) == (text, direction, True)


def test_unknown_nature_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(SPLIT.replace(",≥,1200", ",约莫,1200"), encoding="utf-8")
    result = read(path)
    assert [p.code for p in result.problems if p.code == "unknown_nature"] == ["unknown_nature"]


def test_header_unit_goes_to_bare_values(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("一级指标,二级指标,三级指标,指标值(%),实际完成值(%)\n"
                    "满意度指标,服务对象满意度指标,满意度,90,93\n", encoding="utf-8")
    [document] = read(path).documents
    assert document.rows[0].unit == "%" and document.rows[0].actual == "93%"
    assert document.ruleset is not None and document.ruleset.indicators[0].unit == "%"


def test_two_tables_on_one_sheet_and_across_sheets(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    for name in ("甲项目", "乙项目"):
        first.append(["项目支出绩效目标表"])
        first.append(["项目名称", name])
        first.append(["一级指标", "二级指标", "三级指标", "指标值"])
        first.append(["产出指标", "数量指标", "培训次数", "≥2次"])
        first.append([])
    second = book.create_sheet("第二张")
    second.append(["项目名称", "丙项目"])
    second.append(["一级指标", "二级指标", "三级指标", "指标值"])
    second.append(["产出指标", "数量指标", "宣传次数", "≥4次"])
    book.save(tmp_path / "many.xlsx")
    result = read(tmp_path / "many.xlsx")
    assert [d.project for d in result.documents] == ["甲项目", "乙项目", "丙项目"]
    assert len({d.key for d in result.documents}) == 3


def test_unmapped_cells_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("填表说明：本表由单位填写\n一级指标,二级指标,三级指标,指标值\n"
                    "产出指标,数量指标,培训次数,≥2次\n", encoding="utf-8")
    result = read(path)
    unmapped = [p for p in result.problems if p.code == "unmapped_cell"]
    assert unmapped and "extra.csv:1:1" in unmapped[0].message


def test_hostile_workbook_gives_problems_not_tracebacks(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "自评表"
    sheet.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
    sheet.append(["产出指标", "数量指标", "=HYPERLINK(\"http://x\")", "≥2次", "=1/0", "=SUM(1,2)",
                  "x" * 50])
    for row in range(3, 400):
        sheet.cell(row=row, column=(row % 7) + 1, value=f"噪声{row}")
        sheet.cell(row=row, column=30, value=f"表外{row}")
    for start in range(3, 300, 3):
        sheet.merge_cells(start_row=start, start_column=1, end_row=start + 2, end_column=5)
    sheet.merge_cells("H1:Z5000")
    book.save(tmp_path / "hostile.xlsx")
    result = read(tmp_path / "hostile.xlsx", limits=Limits(max_cell_chars=20, max_rows=350))
    codes = {p.code for p in result.problems}
    assert {"formula_cell", "cell_too_long", "too_many_rows", "unmapped_cell"} <= codes
    row = result.documents[0].rows[0]
    assert row.actual == "=1/0" and row.indicator.startswith("=HYPERLINK")


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04broken", b"\x00\x01\x02" * 10])
def test_broken_files_are_problems(tmp_path: Path, content: bytes) -> None:
    for suffix in (".xlsx", ".csv", ".txt"):
        path = tmp_path / f"broken{suffix}"
        path.write_bytes(content)
        result = read(path)
        assert result.has_errors and not result.documents


def test_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path)]) == 2
    empty = tmp_path / "empty.csv"
    empty.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["import", str(empty), "-o", str(tmp_path / "o")]) == 1
    assert "no_table" in capsys.readouterr().out


def test_header_words_are_extended_by_a_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "own.csv"
    path.write_text("一级指标,二级指标,考核内容,考核指标值\n产出指标,数量指标,培训次数,≥2次\n",
                    encoding="utf-8")
    assert not read(path).documents
    extra = tmp_path / "own.toml"
    extra.write_text('[columns]\nindicator = ["考核内容"]\ntarget = ["考核指标值"]\n',
                     encoding="utf-8")
    [document] = read(path, headers=extra).documents
    assert (document.rows[0].indicator, document.rows[0].target) == ("培训次数", "≥2次")
    assert main(["import", str(path), "--headers", str(extra), "-o", str(tmp_path / "o")]) == 0
    capsys.readouterr()


def test_direction_word_of_the_split_layout(tmp_path: Path) -> None:
    path = tmp_path / "dir.csv"
    path.write_text("一级指标,二级指标,三级指标,指标性质,指标值,计量单位\n"
                    "产出指标,时效指标,办结时间,反向指标,30,天\n"
                    "产出指标,数量指标,覆盖人数,正向指标,500,人\n", encoding="utf-8")
    [document] = read(path).documents
    assert [(r.nature, r.direction, r.target) for r in document.rows] == [
        ("反向指标", "反向", "30天"), ("正向指标", "正向", "500人")]
    assert document.ruleset is not None
    assert [i.direction.value if i.direction else None
            for i in document.ruleset.indicators] == ["反向", "正向"]


def _with_merges(path: Path, refs: list[str]) -> None:
    """Write ``<mergeCells>`` into the first sheet's XML directly (openpyxl would build a
    cell object for every merged cell)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    parts[sheet] = parts[sheet].replace(
        b"</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{merges}</mergeCells>'
        .encode(), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_merged_cell_chaos_is_bounded(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    for row in range(2, 1200):
        sheet.append([f"产出指标{row}", None, f"指标{row}", "≥1次", "宽"])
    path = tmp_path / "chaos.xlsx"
    book.save(path)
    # a thousand wide ranges that cannot all be followed, and nonsense
    _with_merges(path, [f"E{row}:WZZ{row}" for row in range(2, 1200)] + ["A1:A1"])
    result = read(path)
    assert "too_many_merged_cells" in {p.code for p in result.problems}
    assert len(result.documents[0].rows) == 1198


def test_a_damaged_sheet_is_a_problem(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    sheet.append(["产出指标", "数量指标", "培训次数", "≥2次"])
    path = tmp_path / "damaged.xlsx"
    book.save(path)
    _with_merges(path, ["C5:B2"])  # a range that ends before it starts
    result = read(path)
    assert "unreadable_sheet" in {p.code for p in result.problems}


def test_a_table_of_level_labels_only_writes_no_ruleset(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("项目名称,空表\n一级指标,二级指标,三级指标,指标值\n效益指标,生态效益指标,,\n",
                    encoding="utf-8")
    result = read(path)
    [document] = result.documents
    assert document.ruleset is None and not document.rows
    codes = [p.code for p in result.problems]
    assert "empty_indicator_row" in codes and "table_without_indicators" in codes


def test_several_files_keep_their_names_apart(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("east", "west"):
        (tmp_path / f"{name}.csv").write_text(
            "一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,培训次数,≥2次\n",
            encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", str(tmp_path / "east.csv"), str(tmp_path / "west.csv"), "-o",
                 str(out)]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["east-01-project.toml",
                                                      "west-01-project.toml"]

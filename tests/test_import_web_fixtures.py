"""`zhibiao import` and `zhibiao audit` on two more layouts of issue 15, rebuilt from
published tables (tests/data/import/README.md):

- a 项目支出绩效目标表 with a 长期 (中期) and a 年度 half side by side, each with its own
  二级指标 | 三级指标 | 指标值 columns (武汉市青山区, 2020): the ruleset holds the 年度
  half; the 中期 half's cells are kept with the row (``mid_term_*``);
- a 整体绩效目标表 whose target is three cells, 指标值类型 | 指标值 | 计量单位 (the
  wording of 湖南's budget system; 岳阳楼区, 2023, shown in traditional characters).

The expected values are read from the published tables, cell by cell.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.import_cells import dropped
from zhibiao.audit import audit
from zhibiao.cli import main
from zhibiao.importer import ImportResult, read
from zhibiao.ruleset.load import read_ruleset

DATA = Path(__file__).resolve().parent / "data" / "import"
QINGSHAN = "midterm-hubei-wuhan-qingshan-jiaoyu.csv"
YUEYANGLOU = "split-type-hunan-yueyanglou-jiage.csv"


def _cells(name: str) -> list[tuple[str, str]]:
    """Every non-empty cell of a fixture with its address (``file:line:column``)."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return [(f"{name}:{r}:{c}", text.strip())
                for r, row in enumerate(csv.reader(handle), start=1)
                for c, text in enumerate(row, start=1) if text.strip()]


def _codes(result: ImportResult) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in result.problems:
        found.setdefault(problem.code, []).append(problem.cell)
    return found


# ---- 中期 | 年度 halves: 武汉市青山区教育局 ------------------------------------------

def test_midterm_halves_qingshan_every_row() -> None:
    """二级指标(长期) | 三级指标(长期) | 指标值(长期) beside the same three (年度): the
    header words carry the half in brackets. The published 长期 half names only its
    二级指标; the 年度 half holds the indicators."""
    result = read(DATA / QINGSHAN)
    assert not result.has_errors, [str(p) for p in result.problems]
    [document] = result.documents
    assert (document.kind, document.year) == ("target", 2020)
    assert document.project == "教育系统基础设施建设和设备购置"
    assert (document.department, document.unit) == ("[015001]武汉市青山区教育局",
                                                    "武汉市青山区教育局")
    assert document.attribute == "基础建设、修缮类"
    assert document.mid_term_goals == ("优化教育布局,推进教育领域综合改革全面提升育人质量"
                                       "实现基础教育持续发展")
    assert document.goals == "按工作计划完成教育局重点项目建设经费预算安排"
    assert document.funds_total == "10000万元"  # 当年资金总额
    assert [(r.level1, r.level2, r.indicator, r.target, r.mid_term_target)
            for r in document.rows] == [
        ("产出指标", "数量指标", "重点建设工程安排数量", "2", None),
        ("产出指标", "质量指标", "重点建设工程验收合格率", "100%", None),
        ("产出指标", "成本指标", "建设项目成本", "参照政府采购成本控制", None),
        ("产出指标", "时效指标", "重点建设工程按期完成率", "100%", None),
        ("效益指标", "可持续影响指标", "基础教育巩固提高情况", "巩固提高", None),
        ("效益指标", "社会效益指标", "基础教育学校办学条件", "持续改善", None),
        ("满意度指标", "服务对象满意度指标", "学生、家长、社会满意度", "≥90%", None)]
    first = document.rows[0].cells
    assert (first["indicator"], first["target"], first["level2"]) == (
        f"{QINGSHAN}:13:6", f"{QINGSHAN}:13:7", f"{QINGSHAN}:13:5")
    assert first["mid_term_level2"] == f"{QINGSHAN}:13:2"  # the 长期 half's 二级指标
    assert document.ruleset is not None
    assert [i.value for i in document.ruleset.indicators][-1] == "≥90%"


def test_midterm_halves_qingshan_nothing_dropped() -> None:
    """The cells the form has and the import does not read (资金总额 and its 其中 lines,
    项目起止时间, 绩效项目指标表) are reported with their address."""
    result = read(DATA / QINGSHAN)
    heads = {"项目支出绩效目标表", "主管部门及编码", "项目属性", "项目资金", "当年资金总额:",
             "总体目标", "中期目标", "年度目标", "二级指标(长期)", "三级指标(长期)",
             "指标值(长期)", "二级指标(年度)", "三级指标(年度)", "指标值(年度)"}
    cells = [(a, t) for a, t in _cells(QINGSHAN) if t not in heads]
    assert dropped(cells, result) == []
    unmapped = _codes(result)["unmapped_cell"]
    assert {f"{QINGSHAN}:5:5", f"{QINGSHAN}:6:2", f"{QINGSHAN}:11:1"} <= set(unmapped)


def test_midterm_halves_qingshan_audit_cannot_rescore_a_target_table() -> None:
    """A target table has no 实际完成值 and no 分值: the audit names every row and says
    it cannot re-score it, rather than failing."""
    [document] = audit([DATA / QINGSHAN]).documents
    assert [r.indicator for r in document.rows][:2] == ["重点建设工程安排数量",
                                                        "重点建设工程验收合格率"]
    assert {r.verdict for r in document.rows} == {"not_evaluable"}
    assert document.verdict == "incomplete"


# ---- split target, 指标值类型 | 指标值 | 计量单位: 岳阳楼区价格认证鉴定中心 ----------------

def test_split_value_type_yueyanglou_every_row() -> None:
    """指标值类型 (定量/定性) is the 指标性质 of 湖南's form: no operator, so the 指标值 is
    joined with its 计量单位 only where it is a bare number (100 + % → 100%). A 指标值 that
    carries words or a unit of its own (28.8萬元, 應保盡保) keeps them, and the % beside it
    is reported, not glued on. Headers marked required (*指標值) are read as the word."""
    result = read(DATA / YUEYANGLOU)
    assert not result.has_errors, [str(p) for p in result.problems]
    [document] = result.documents
    assert (document.kind, document.year) == ("unit", 2023)
    assert document.project == "岳陽樓區價格認證鑒定中心"
    assert document.goals == "做好涉案、價格認定工作。"
    explain = "該指標主要考察"
    assert [(r.level1, r.level2, r.indicator, r.nature, r.target, r.unit, r.standard)
            for r in document.rows] == [
        ("產出指標", "數量指標", "業務工作支出安排金額", "定量", "28.8萬元", "%",
         explain + "業務工作支出安排情況"),
        ("產出指標", "質量指標", "業務工作支出到位率", "定量", "100%", "%",
         explain + "業務工作支出安排到位情況"),
        ("產出指標", "時效指標", "工作安排時間", "定量", "按月安排", None,
         explain + "業務工作支出安排時間"),
        ("產出指標", "成本指標", "社會成本指標", "定量", "100%", "%",
         explain + "總成本控制情況"),
        ("效益指標", "社會效益指標", "保證單位正常運轉", "定性", "應保盡保", "%",
         explain + "單位運轉需要保障范圍應保盡保")]
    assert all(r.direction is None for r in document.rows)
    assert document.rows[1].cells["nature"] == f"{YUEYANGLOU}:8:4"
    codes = _codes(result)
    assert "unknown_nature" not in codes
    assert codes["unit_not_joined"] == [f"{YUEYANGLOU}:7:6", f"{YUEYANGLOU}:12:6"]
    # the 經濟效益指標 line has only its levels and a 評(扣)分標準: reported, not a row
    assert codes["empty_indicator_row"] == [f"{YUEYANGLOU}:11:2"]
    assert document.ruleset is not None
    assert [i.value for i in document.ruleset.indicators] == [
        "28.8萬元", "100%", "按月安排", "100%", "應保盡保"]


def test_split_value_type_yueyanglou_nothing_dropped() -> None:
    result = read(DATA / YUEYANGLOU)
    heads = {"一級指標", "二級指標", "三級指標", "指標值類型", "*指標值", "計量單位",
             "*指標解釋", "*評(扣)分標準", "備注", "部門(單位)名稱", "*年度總體績效目標"}
    cells = [(a, t) for a, t in _cells(YUEYANGLOU) if t not in heads]
    assert dropped(cells, result) == []
    # 部門(單位)職責 and the lone 績效指標 row are not imported: reported
    assert {f"{YUEYANGLOU}:3:1", f"{YUEYANGLOU}:5:1"} <= set(_codes(result)["unmapped_cell"])


def test_split_value_type_yueyanglou_audit() -> None:
    [document] = audit([DATA / YUEYANGLOU]).documents
    assert len(document.rows) == 5
    assert {r.verdict for r in document.rows} == {"not_evaluable"}
    assert "unit_not_joined" in {p.code for p in document.problems}


@pytest.mark.parametrize("name", [QINGSHAN, YUEYANGLOU])
def test_web_fixture_writes_a_ruleset_that_checks(name: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DATA / name), "-o", str(tmp_path)]) == 0
    [toml] = tmp_path.glob("*.toml")
    ruleset, problems = read_ruleset(toml)
    assert ruleset is not None, [str(p) for p in problems]
    assert not [p for p in problems if p.severity == "error"]
    capsys.readouterr()


# ---- regressions: each gap the two published tables showed ----------------------------

def _import_csv(tmp_path: Path, rows: list[list[str]], name: str = "t.csv") -> ImportResult:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return read(path)


def test_header_words_with_the_half_in_brackets(tmp_path: Path) -> None:
    """(长期)/(中期)/(年度) after a header word name its half: the 中期 value is kept as
    mid_term_target, the 年度 one is the target (before: no header found at all)."""
    result = _import_csv(tmp_path, [
        ["一级指标", "二级指标（中期）", "三级指标（中期）", "指标值（中期）",
         "二级指标（年度）", "三级指标（年度）", "指标值（年度）"],
        ["产出指标", "数量指标", "培训人次", "≥1500人次", "数量指标", "培训人次", "≥500人次"]])
    [document] = result.documents
    [row] = document.rows
    assert (row.indicator, row.target, row.mid_term_target) == ("培训人次", "≥500人次",
                                                                "≥1500人次")
    assert row.cells["mid_term_target"] == "t.csv:2:4"


def test_a_bracket_that_names_no_half_is_part_of_the_word() -> None:
    from zhibiao.importer.headers import load_headers

    words = load_headers()
    assert words.column("三级指标(说明)") == (None, "")
    assert words.column("指标值（实施期）") == ("target", "")
    assert words.column("满意度（年度）") == (None, "")  # a half, but no header word


def test_required_mark_before_a_header_word() -> None:
    from zhibiao.importer.headers import load_headers

    words = load_headers()
    assert words.column("*指标值") == ("target", "")
    assert words.column("＊计量单位") == ("unit", "")  # full-width, folded by NFKC
    assert words.column("*实际完成值(%)") == ("actual", "%")
    assert words.label("*年度总体绩效目标") == "goals"
    assert words.column("*") == (None, "")


def test_value_type_words_and_units_that_do_not_join() -> None:
    from zhibiao.importer.split_target import join_target

    assert join_target("定量", "100", "%").text == "100%"
    assert join_target("定量", "按月安排", "") == join_target("", "按月安排", "")
    assert join_target("定性", "应保尽保", "%").unit_joined is False
    assert join_target("≥", "1.5万", "元").text == "≥1.5万元"
    joined = join_target("≤", "30天", "个工作日")
    assert (joined.text, joined.unit_joined) == ("≤30天", False)
    assert join_target("", "95%", "%").unit_joined  # already written: nothing to join


def test_unit_not_joined_is_reported_with_the_unit_cell(tmp_path: Path) -> None:
    result = _import_csv(tmp_path, [
        ["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位"],
        ["产出指标", "数量指标", "维修次数", "≥", "2280次", "%"],
        ["产出指标", "质量指标", "验收合格率", "≥", "95", "%"]])
    [document] = result.documents
    assert [r.target for r in document.rows] == ["≥2280次", "≥95%"]
    [problem] = [p for p in result.problems if p.code == "unit_not_joined"]
    assert problem.cell == "t.csv:2:6" and "2280次" in problem.message


def test_unit_wide_title_in_traditional_characters(tmp_path: Path) -> None:
    """整體 in a title names a unit-wide table as 整体 does."""
    result = _import_csv(tmp_path, [
        ["某中心2023年度整體績效目標表"],
        ["一級指標", "二級指標", "三級指標", "指標值"],
        ["產出指標", "數量指標", "認定件數", "≥100件"]])
    [document] = result.documents
    assert document.kind == "unit"


_UNITS = st.sampled_from(["%", "元", "万元", "人次", "个工作日", "天"])


@given(number=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
       operator=st.sampled_from(["", "≥", "≤", ">", "<"]), unit=_UNITS)
def test_a_number_always_takes_its_unit(number: Decimal, operator: str, unit: str) -> None:
    from zhibiao.importer.split_target import join_target

    joined = join_target(operator, str(number), unit)
    assert joined.unit_joined and joined.text == f"{operator}{number}{unit}"


@given(words=st.text(alphabet="应保尽保按月安排提高显著", min_size=1, max_size=6), unit=_UNITS)
def test_words_never_take_a_unit(words: str, unit: str) -> None:
    from zhibiao.importer.split_target import join_target

    joined = join_target("定性", words, unit)
    assert (joined.text, joined.unit_joined) == (words, False)


def test_a_label_beside_a_merged_value_names_its_top_left_cell(tmp_path: Path) -> None:
    """A value merged over several rows (B2:B4) read for the label on its last row (A4)
    is named by the cell that holds its text, B2 — before, by B4, so B2 was named nowhere
    (found by the property test of merged workbooks)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "表"
    for row in (["说明"], ["甲", "合并的文字"], ["乙"], ["总体目标"]):
        sheet.append(row)
    sheet.merge_cells("B2:B4")
    path = tmp_path / "t.xlsx"
    book.save(path)
    result = read(path)
    [problem] = [p for p in result.problems if p.code == "table_without_indicators"]
    assert "goals 表!B2" in problem.message

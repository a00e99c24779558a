"""Regressions from the published fixtures (tests/data/import/README.md): header words in
traditional characters, and a two-row header whose 三级指标 stands in its second row."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhibiao.importer import read
from zhibiao.importer.headers import fold, load_headers

TWO_ROW = ("项目支出绩效自评表\n"
           "绩效指标,,,年度指标值,,,实际完成值,分值,得分\n"
           "一级指标,二级指标,三级指标,指标性质,指标值,度量单位,,,\n"
           "产出指标,数量指标,培训人次,≥,300,人次,270,10,9\n")


@pytest.mark.parametrize(("traditional", "simplified"), [
    ("績效指標", "绩效指标"), ("三級指標", "三级指标"), ("指標性質", "指标性质"),
    ("度量單位", "度量单位"), ("實際完成值", "实际完成值"), ("項目資金 (萬元)", "项目资金(万元)"),
    ("偏差原因分析及改進措施", "偏差原因分析及改进措施")])
def test_traditional_header_words_fold_to_simplified(traditional: str, simplified: str) -> None:
    assert fold(traditional) == fold(simplified)
    assert load_headers(None).column(traditional)[0] == load_headers(None).column(simplified)[0]


def test_fold_keeps_characters_without_a_pair() -> None:
    assert fold("满意度") == "满意度" and fold("受益群众") == "受益群众"


def _rows(tmp_path: Path, text: str) -> list[tuple[str | None, ...]]:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    result = read(path)
    assert not result.has_errors, [str(p) for p in result.problems]
    assert not [p for p in result.problems if p.code == "unmapped_cell"], [
        str(p) for p in result.problems]
    [document] = result.documents
    return [(r.indicator, r.target, r.actual, r.points, r.published_score)
            for r in document.rows]


def test_two_row_header_with_the_indicator_in_its_second_row(tmp_path: Path) -> None:
    assert _rows(tmp_path, TWO_ROW) == [("培训人次", "≥300人次", "270", "10", "9")]


def test_two_row_header_in_traditional_characters(tmp_path: Path) -> None:
    text = TWO_ROW.replace("绩效", "績效").replace("指标", "指標").replace("级", "級") \
        .replace("实际", "實際").replace("单位", "單位").replace("性质", "性質")
    assert _rows(tmp_path, text) == [("培训人次", "≥300人次", "270", "10", "9")]


def test_a_title_row_above_a_one_row_header_stays_the_title(tmp_path: Path) -> None:
    """The row above is not merged into the header unless all its cells are header words."""
    path = tmp_path / "t.csv"
    path.write_text("项目支出绩效自评表,,,\n三级指标,年度指标值,实际完成值,分值\n"
                    "培训人次,≥300人次,300人次,10\n", encoding="utf-8")
    [document] = read(path).documents
    assert document.title == "项目支出绩效自评表"
    assert [(r.indicator, r.actual) for r in document.rows] == [("培训人次", "300人次")]


def test_a_spanning_row_without_a_second_header_row_is_not_a_header(tmp_path: Path) -> None:
    """績效指標 | 年度指標值 | 實際完成值 alone (no 三级指标 anywhere) finds no table and
    reports its cells."""
    path = tmp_path / "t.csv"
    path.write_text("绩效指标,年度指标值,实际完成值,分值\n产出指标,≥300人次,270人次,10\n",
                    encoding="utf-8")
    result = read(path)
    assert not result.documents or not any(d.rows for d in result.documents)
    assert any(p.code == "no_table" for p in result.problems)

"""``zhibiao audit``: published 自评表 rows re-scored and compared (issue 15 item 5).

The published rows of ``tests/data/selfeval_dev.tsv`` (a copy of the shared data) are
laid out as one national 项目支出绩效自评表 per document and audited: every row's score
must be what ``evaluate`` (``evaluate_budget`` for the 项目资金 block) gives for the same
target, actual and points under the audit's policy, and exactly the 20 rows of the four
hand-adjusted documents that differ from the rules must be ``differs``.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.test_selfeval import KNOWN_HAND_ADJUSTED, document, rows, weight_of
from zhibiao.audit import (
    AUDIT_POLICY,
    AuditDocument,
    AuditResult,
    AuditRow,
    audit,
    audit_file,
)
from zhibiao.audit.rows import verdict_of
from zhibiao.cli import main
from zhibiao.engine import Policy, evaluate, evaluate_budget
from zhibiao.report import format_names, get_writer
from zhibiao.safe_text import json_text

_HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"]


def _csv(lines: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(lines)
    return out.getvalue()


def _table(path: Path, indicators: list[list[str]], *, budget: list[str] | None = None,
           total: list[str] | None = None, project: str = "测试项目") -> Path:
    """A national 自评表 as CSV: title, 项目名称, the 项目资金 block (全年预算数, 全年执行数,
    分值, 得分), the indicator rows (一级 … 偏差原因) and a 总分 row (分值, 得分)."""
    lines = [["项目支出绩效自评表"], ["项目名称", project]]
    if budget is not None:
        lines += [["项目资金（万元）", "", "全年预算数", "全年执行数", "分值", "得分"],
                  ["", "年度资金总额", *budget]]
    lines += [_HEAD, *indicators]
    if total is not None:
        lines.append(["总分", "", "", "", "", *total])
    path.write_text(_csv(lines), encoding="utf-8")
    return path


# ---- the published rows ------------------------------------------------------------

def _documents(folder: Path) -> dict[str, list[dict[str, str]]]:
    """One CSV per project of selfeval_dev.tsv (``池州1.csv``, ``池州2.csv`` …: a
    document may hold several projects); the rows by file stem."""
    by_project: dict[str, list[dict[str, str]]] = {}
    for row in rows():
        by_project.setdefault(row["project"], []).append(row)
    by_document: dict[str, list[dict[str, str]]] = {}
    for items in by_project.values():
        name = document(items[0])
        number = sum(stem.startswith(name) for stem in by_document) + 1
        by_document[f"{name}{number}"] = items
    for name, items in by_document.items():
        budget = None
        for row in items:
            if row["level1"] == "预算执行率":  # 池州 publishes its 年度资金总额 line as 0/0/0
                zero = "0/0/0" in row["note"]
                budget = ["0" if zero else row["target"], "0" if zero else row["actual"],
                          weight_of(row), row["score"]]
        indicators = [[r["level1"], r["level2"], r["indicator"], r["target"], r["actual"],
                       weight_of(r), r["score"], ""]
                      for r in items if r["level1"] != "预算执行率"]
        _table(folder / f"{name}.csv", indicators, budget=budget, project=items[0]["project"])
    return by_document


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[AuditResult, dict[str, list[dict[str, str]]]]:
    folder = tmp_path_factory.mktemp("selfeval")
    by_document = _documents(folder)
    return audit([folder]), by_document


def _expected(row: dict[str, str]) -> Decimal:
    if row["level1"] == "预算执行率":
        if "0/0/0" in row["note"]:
            return evaluate_budget(0, 0, weight=weight_of(row), policy=AUDIT_POLICY).score
        return evaluate_budget(row["target"], row["actual"], weight=weight_of(row),
                               policy=AUDIT_POLICY).score
    return evaluate(row["target"], row["actual"], weight=weight_of(row), policy=AUDIT_POLICY,
                    category=row["level2"] or None, indicator=row["indicator"]).score


def test_published_rows_reproduce_through_audit_as_through_evaluate(
        published: tuple[AuditResult, dict[str, list[dict[str, str]]]]) -> None:
    result, by_document = published
    assert len(result.documents) == len(by_document) == 11
    seen = 0
    for audited in result.documents:
        items = by_document[audited.source.removesuffix(".csv")]
        budget = [r for r in items if r["level1"] == "预算执行率"]
        ordered = [r for r in items if r["level1"] != "预算执行率"] + budget
        assert len(audited.all_rows) == len(ordered), audited.source
        for got, row in zip(audited.all_rows, ordered, strict=True):
            assert got.indicator == (row["indicator"] if got.level1 != "预算执行率"
                                     else "预算执行率")
            assert got.published_score == row["score"]
            assert got.score == _expected(row), (row["indicator"], got.explanation)
            seen += 1
    assert seen == 116


def test_exactly_the_hand_adjusted_rows_differ(
        published: tuple[AuditResult, dict[str, list[dict[str, str]]]]) -> None:
    result, _ = published
    differing = {(d.source.rstrip(".csv0123456789"), r.indicator):
                 (r.published_score, str(r.score))
                 for d in result.documents for r in d.all_rows if r.verdict == "differs"}
    assert differing == KNOWN_HAND_ADJUSTED
    assert len(differing) == 20
    adjusted = {"永德1", "稷山1", "濉溪1", "廊坊1"}
    verdicts = {d.source.removesuffix(".csv"): d.verdict for d in result.documents}
    assert {name for name, v in verdicts.items() if v == "differs"} == adjusted
    assert {v for name, v in verdicts.items() if name not in adjusted} == {"match"}


def test_each_differing_row_says_both_scores(
        published: tuple[AuditResult, dict[str, list[dict[str, str]]]]) -> None:
    result, _ = published
    for audited in result.documents:
        for row in audited.all_rows:
            if row.verdict == "differs":
                assert f"表中得分 {row.published_score}，重新计算为 {row.score}" in \
                    row.explanation


# ---- verdicts ----------------------------------------------------------------------

@pytest.mark.parametrize(("published", "score", "allowed", "verdict"), [
    ("9.68", "9.68", None, "match"),
    ("9.7", "9.68", None, "differs"),  # 0.02 away
    ("9.69", "9.68", None, "match"),
    ("9.67", "9.68", None, "match"),
    ("9.66", "9.68", None, "differs"),
    ("10", "9.68", None, "differs"),
    ("1,000", "1000.00", None, "match"),
    ("9", "10.00", ("8.00", "10.00"), "match"),
    ("8", "10.00", ("8.00", "10.00"), "match"),
    ("7.99", "10.00", ("8.00", "10.00"), "differs"),
    (None, "9.68", None, "not_published"),
    ("", "9.68", None, "not_published"),
    ("九分", "9.68", None, "not_published"),
    ("9.68", None, None, "not_evaluable"),
])
def test_verdict_of(published: str | None, score: str | None,
                    allowed: tuple[str, str] | None, verdict: str) -> None:
    score_range = None if allowed is None else (Decimal(allowed[0]), Decimal(allowed[1]))
    assert verdict_of(published, None if score is None else Decimal(score),
                      score_range) == verdict


def _one(tmp_path: Path, *row: str, policy: Policy = AUDIT_POLICY
         ) -> tuple[AuditRow, AuditDocument]:
    path = _table(tmp_path / "t.csv", [["产出指标", "数量指标", *row]])
    (audited,) = audit_file(path, policy=policy)
    return audited.rows[0], audited


def test_row_match_and_differs(tmp_path: Path) -> None:
    row, _ = _one(tmp_path, "培训人次", "≥300人次", "270人次", "10", "9", "场地不足")
    assert (row.verdict, str(row.score), row.cell) == ("match", "9.00", "t.csv:4:3")
    row, _ = _one(tmp_path, "培训人次", "≥300人次", "270人次", "10", "10", "场地不足")
    assert row.verdict == "differs"
    assert "表中得分 10，重新计算为 9.00" in row.explanation


def test_qualitative_row_inside_its_tier_matches(tmp_path: Path) -> None:
    row, _ = _one(tmp_path, "群众生活改善", "显著提升", "显著提升", "10", "8.5", "")
    assert row.score_range == (Decimal("8.00"), Decimal("10.00"))
    assert row.verdict == "match"
    assert "在定性档允许的 8.00–10.00 分之内" in row.explanation
    row, _ = _one(tmp_path, "群众生活改善", "显著提升", "显著提升", "10", "7", "")
    assert row.verdict == "differs"


def test_not_published(tmp_path: Path) -> None:
    row, _ = _one(tmp_path, "培训人次", "≥300人次", "300人次", "10", "", "")
    assert (row.verdict, str(row.score), row.published_score) == ("not_published", "10.00",
                                                                   None)
    row, _ = _one(tmp_path, "培训人次", "≥300人次", "300人次", "10", "满分", "")
    assert row.verdict == "not_published"
    assert "表中得分“满分”不是数字" in row.explanation


@pytest.mark.parametrize(("target", "actual", "points", "why"), [
    ("≥300人次", "", "10", "缺少实际完成值"),
    ("≥300人次", "很多", "10", "无法评价"),
    ("≥300人次", "300人次", "", "没有分值"),
    ("≥300人次", "300人次", "十", "分值“十”不是数字"),
    ("≥≥300", "300", "10", "无法评分"),
])
def test_not_evaluable(tmp_path: Path, target: str, actual: str, points: str,
                       why: str) -> None:
    row, _ = _one(tmp_path, "培训人次", target, actual, points, "10", "")
    assert row.verdict == "not_evaluable"
    assert why in row.explanation


def test_direction_from_name_is_on_and_can_be_turned_off(tmp_path: Path) -> None:
    row, _ = _one(tmp_path, "群众投诉率", "5%", "3%", "10", "10", "")
    assert (row.verdict, str(row.score)) == ("match", "10.00")
    assert "指标名称含“投诉率”" in row.explanation
    row, _ = _one(tmp_path, "群众投诉率", "5%", "3%", "10", "10", "",
                  policy=Policy(direction_from_name=False))
    assert (row.verdict, str(row.score)) == ("differs", "6.00")


# ---- document checks ---------------------------------------------------------------

def _codes(audited: AuditDocument) -> list[str]:
    return [p.code for p in audited.problems]


def test_reason_missing_where_the_engine_requires_one(tmp_path: Path) -> None:
    _, audited = _one(tmp_path, "培训人次", "≥300人次", "270人次", "10", "9", "")
    (problem,) = [p for p in audited.problems if p.code == "reason_missing"]
    assert problem.cell == "t.csv:4:3"  # the empty 偏差原因 cell is not read: the row's
    assert "须填写偏差原因分析及改进措施" in problem.message
    _, audited = _one(tmp_path, "培训人次", "≥300人次", "270人次", "10", "9", "场地不足")
    assert "reason_missing" not in _codes(audited)
    _, audited = _one(tmp_path, "培训人次", "≥300人次", "300人次", "10", "10", "")
    assert "reason_missing" not in _codes(audited)


def _full(tmp_path: Path, *, scores: tuple[str, str, str], total: list[str],
          points: tuple[str, str, str] = ("50", "40", "10")) -> AuditDocument:
    path = _table(tmp_path / "full.csv", [
        ["产出指标", "数量指标", "培训人次", "≥300人次", "300人次", points[0], scores[0], ""],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", points[1], scores[1], ""]],
        budget=["20", "20", points[2], scores[2]], total=total)
    (audited,) = audit_file(path)
    return audited


def test_a_clean_table(tmp_path: Path) -> None:
    audited = _full(tmp_path, scores=("50", "40", "10"), total=["100", "100"])
    assert audited.verdict == "match"
    assert audited.problems == []
    total = audited.total
    assert (total.published, str(total.recomputed), total.verdict) == ("100", "100.00",
                                                                        "match")
    budget = audited.budget
    assert budget is not None
    assert (budget.indicator, budget.verdict, budget.cell) == ("预算执行率", "match",
                                                               "full.csv:4:6")


def test_points_that_do_not_sum_to_100(tmp_path: Path) -> None:
    audited = _full(tmp_path, scores=("50", "30", "10"), total=["90", "90"],
                    points=("50", "30", "10"))
    assert _codes(audited) == ["points_sum"]
    assert "合计 90，不等于 100" in audited.problems[0].message
    audited = _full(tmp_path, scores=("50", "40", "10"), total=["90", "100"])
    assert _codes(audited) == ["total_points_sum"]


def test_a_total_that_is_not_the_sum_of_the_scores(tmp_path: Path) -> None:
    audited = _full(tmp_path, scores=("50", "40", "10"), total=["100", "98"])
    assert _codes(audited) == ["total_not_sum", "total_differs"]
    assert audited.total.verdict == "differs"
    assert audited.verdict == "differs"
    cell = audited.problems[0].cell
    assert cell == "full.csv:8:1"


def test_a_total_that_adds_up_but_is_not_what_the_rows_score(tmp_path: Path) -> None:
    audited = _full(tmp_path, scores=("50", "40", "8"), total=["100", "98"])
    assert _codes(audited) == ["total_differs"]
    assert audited.budget is not None and audited.budget.verdict == "differs"


def test_a_file_without_a_table_keeps_its_problem(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("这里没有表格\n", encoding="utf-8")
    (audited,) = audit_file(path)
    assert audited.rows == [] and audited.verdict == "incomplete"
    assert "no_table" in _codes(audited)


def test_import_problems_stay_with_their_table(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(_csv([["项目支出绩效自评表"], ["项目名称", "测试项目"],
                          ["说明", "", "", "", "一段说明"], _HEAD,
                          ["产出指标", "数量指标", "培训人次", "≥300人次", "300人次", "10",
                           "10", ""]]), encoding="utf-8")
    (audited,) = audit_file(path)
    assert [r.verdict for r in audited.rows] == ["match"]
    assert any(p.code == "unmapped_cell" and "一段说明" in p.message for p in audited.problems)


# ---- formats and the command -------------------------------------------------------

def test_audit_formats_are_registered() -> None:
    assert format_names("audit") == ("table", "json", "xlsx", "md")


def _text(fmt: str, documents: list[AuditDocument]) -> str:
    return get_writer(fmt, "audit").to_bytes(documents).decode("utf-8")


def test_json_is_the_issue_shape(tmp_path: Path) -> None:
    audited = _full(tmp_path, scores=("50", "40", "10"), total=["100", "98"])
    text = _text("json", [audited])
    assert text == json_text(AuditResult(documents=[audited]).as_json()) + "\n"
    data = json.loads(text)
    (document_json,) = data["documents"]
    assert list(document_json) == ["source", "sheet", "project", "rows", "budget", "total",
                                   "problems", "verdict"]
    fields = ["cell", "level1", "level2", "indicator", "target", "actual", "points",
              "published_score", "score", "score_range", "verdict", "explanation"]
    assert [list(r) for r in document_json["rows"]] == [fields, fields]
    assert list(document_json["budget"]) == fields
    assert document_json["total"] == {"published": "98", "recomputed": "100.00",
                                      "verdict": "differs"}
    assert _text("json", []) == '{\n  "documents": []\n}\n'


def test_md_and_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    audited = _full(tmp_path, scores=("50", "40", "8"), total=["100", "98"])
    md = _text("md", [audited])
    assert "| full.csv:4:6 | 预算执行率 |" in md and "**不一致**" in md
    assert "total\\_differs" in md
    writer = get_writer("xlsx", "audit")
    data = writer.to_bytes([audited])
    assert data == writer.to_bytes([audited])  # the same audit, the same bytes
    path = tmp_path / "a.xlsx"
    path.write_bytes(data)
    book = load_workbook(path)
    assert book.sheetnames == ["汇总", "逐行核对", "问题"]
    lines = [[c.value for c in row] for row in book["逐行核对"].iter_rows(min_row=2)]
    assert [line[13] for line in lines] == ["一致", "一致", "不一致"]
    assert lines[2][10] == "8" and lines[2][11] == 10  # published text, recomputed number
    assert book["汇总"]["E2"].value == 1


def test_cli_exit_codes_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                    ) -> None:
    clean = _table(tmp_path / "clean.csv", [
        ["产出指标", "数量指标", "培训人次", "≥300人次", "300人次", "90", "90", ""]],
        budget=["20", "20", "10", "10"], total=["100", "100"])
    assert main(["audit", str(clean)]) == 0
    out, err = capsys.readouterr()
    assert "培训人次" in out and "一致" in out and "核对汇总" in err
    wrong = _table(tmp_path / "wrong.csv", [
        ["产出指标", "数量指标", "培训人次", "≥300人次", "270人次", "90", "90", "原因"]],
        budget=["20", "20", "10", "10"], total=["100", "100"])
    assert main(["audit", str(wrong), "--format", "json", "-q"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["documents"][0]["rows"][0]["verdict"] == "differs"
    assert err == ""
    assert main(["audit", str(tmp_path / "none.csv")]) == 2
    assert "找不到" in capsys.readouterr().err
    assert main(["audit", str(clean), "--format", "xlsx"]) == 2
    assert "须用 -o" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.csv").write_text("没有表\n", encoding="utf-8")
    assert main(["audit", str(empty)]) == 2
    assert "没有找到可核对的自评表" in capsys.readouterr().err
    policy = tmp_path / "policy.toml"
    policy.write_text('rounding = "三位"\n', encoding="utf-8")
    assert main(["audit", str(clean), "--policy", str(policy)]) == 2
    assert "rounding" in capsys.readouterr().err


def test_cli_over_a_folder_writes_xlsx_and_a_summary(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _documents(folder)
    out = tmp_path / "audit.xlsx"
    assert main(["audit", str(folder), "--format", "xlsx", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert out.read_bytes()[:2] == b"PK"
    assert "稷山1.csv" in err and "合计" in err and "已写入" in err
    total_line = next(line for line in err.splitlines() if "合计" in line)
    assert total_line.split()[1:4] == ["11", "116", "20"]  # tables, rows, differing


def test_policy_file_turns_direction_from_name_off(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = _table(tmp_path / "t.csv", [
        ["产出指标", "质量指标", "群众投诉率", "5%", "3%", "100", "100", ""]])
    assert main(["audit", str(path), "-q", "-f", "json"]) == 0
    capsys.readouterr()
    policy = tmp_path / "policy.toml"
    policy.write_text("[policy]\ndirection_from_name = false\n", encoding="utf-8")
    assert main(["audit", str(path), "-q", "-f", "json", "--policy", str(policy)]) == 1
    row = json.loads(capsys.readouterr().out)["documents"][0]["rows"][0]
    assert (row["score"], row["verdict"]) == ("60.00", "differs")


def test_deadlines_are_read_against_the_tables_year(tmp_path: Path) -> None:
    path = tmp_path / "dated.csv"
    path.write_text(_csv([["项目支出绩效自评表"], ["（2023年度）"], ["项目名称", "测试项目"], _HEAD,
                          ["产出指标", "时效指标", "完成时间", "9月前", "2023年8月", "10",
                           "10", ""],
                          ["产出指标", "时效指标", "验收时间", "年底前", "2024年1月", "10",
                           "10", ""]]), encoding="utf-8")
    (audited,) = audit_file(path)
    assert [(r.verdict, str(r.score)) for r in audited.rows] == [("match", "10.00"),
                                                                  ("differs", "0.00")]
    assert "2023年12月31日" in audited.rows[1].explanation


def test_a_published_zero_inside_the_lowest_tier_says_so(tmp_path: Path) -> None:
    row, _ = _one(tmp_path, "群众生活改善", "显著提升", "未完成", "10", "0", "原因")
    assert row.score_range is not None and row.score_range[0] == Decimal("0.00")
    assert row.verdict == "match"
    assert "表中得分 0 在定性档允许的" in row.explanation

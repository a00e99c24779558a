"""Actuals from the fresh check set (``data/fresh``) that were scored wrong, and variants.

1. A deadline written again as the actual (``2023年12月前`` ← ``2023年12月前``) is met on
   its due date; any deadline-shaped actual is done by its own due date.
2. A nothing-word (``无``, ``未发生``) is 0 where 0 meets the target (``≤1起``, ``=0起``)
   and otherwise not evaluable, 须复核 — never a silent 0.
3. A bounded rate (合格率, 满意度 …) above 100 %: ``zhibiao check`` warns
   (``implausible_percent``, “是否为 ≥90% 的识别错误？”), ``zhibiao score`` flags 须复核.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhibiao.cli import main
from zhibiao.engine import Policy, evaluate
from zhibiao.engine.actuals import actual_json, parse_actual
from zhibiao.engine.outcome import REVIEW_FLAGS
from zhibiao.engine.rate_bounds import (
    bounded_rate,
    implausible_percents,
    load_rate_names,
    with_rate_review,
)
from zhibiao.errors import DataFileError
from zhibiao.grammar.parser import parse
from zhibiao.grammar.vocabulary import default_vocabulary, load_vocabulary
from zhibiao.report.md_format import report_markdown
from zhibiao.ruleset import load_ruleset

A, N, E = "achieved", "not_achieved", "not_evaluable"

# --- 1. deadline actuals ------------------------------------------------------------------


def test_check_set_a006_copied_deadline_is_met_on_its_due_date() -> None:
    outcome = evaluate("2023年12月前", "2023年12月前", weight=10)
    assert (outcome.status.value, str(outcome.score)) == (A, "10.00")
    assert "copied_target" in outcome.flags
    assert "照抄了时限目标“2023年12月前”" in outcome.explanation
    assert "按在截止日 2023年11月30日 完成计" in outcome.explanation


@pytest.mark.parametrize(("target", "actual", "policy", "status", "done"), [
    ("2023年12月前", "2023年11月前完成", {}, A, "实际 2023年10月31日"),
    ("2023年12月前", "已于2023年11月完成", {}, A, "实际 2023年11月30日"),
    ("2023年12月前", "12月前", {}, A, "实际 2023年11月30日"),
    ("2023年12月前", "2023年11月30日前", {}, A, "实际 2023年11月30日"),
    ("2023年12月前", "2023年12月1日前", {}, N, "逾期 1 天"),
    ("2023年12月前", "2023年12月底前", {}, N, "实际 2023年12月31日"),
    ("2023年12月前", "2023年12月完成", {}, N, "实际 2023年12月31日"),
    ("2023年12月前", "2024年1月前", {}, N, "实际 2023年12月31日"),
    ("年底前完成", "年底前完成", {"year": 2023}, A, "实际 2023年12月31日"),
    ("2023年6月30日前", "2023年6月30日前", {}, A, "实际 2023年6月30日"),
    ("9月前", "8月前", {"year": 2022}, A, "实际 2022年7月31日"),
    ("9月前", "9月底前", {"year": 2022}, N, "实际 2022年9月30日"),
    ("2021年12月完成", "2021年12月完成", {}, A, "实际 2021年12月31日"),
])
def test_a_deadline_actual_is_done_by_its_own_due_date(
        target: str, actual: str, policy: dict[str, int], status: str, done: str) -> None:
    outcome = evaluate(target, actual, weight=10, policy=Policy(**policy))
    assert outcome.status.value == status, outcome.explanation
    assert done in outcome.explanation


def test_only_the_same_deadline_is_a_copy() -> None:
    assert "copied_target" in evaluate("年底前完成", "年底前完成", weight=10).flags
    other = evaluate("2023年12月前", "2023年11月前完成", weight=10)
    assert "copied_target" not in other.flags
    assert "实际值写作期限“2023年11月前完成”" in other.explanation


def test_the_deadline_reading_is_in_the_actual_json() -> None:
    assert actual_json(parse_actual("2023年12月前"))["before"] is True
    assert "before" not in actual_json(parse_actual("2023年12月"))


@settings(max_examples=80, deadline=None)
@given(due=st.integers(1, 12), done=st.integers(1, 12), year=st.sampled_from([None, 2023]))
def test_a_month_deadline_actual_is_met_exactly_when_it_is_not_later(
        due: int, done: int, year: int | None) -> None:
    outcome = evaluate(f"2023年{due}月前", f"2023年{done}月前", weight=10,
                       policy=Policy(year=year))
    assert outcome.achieved == (done <= due)
    written_as_date = evaluate(f"2023年{due}月前", _day_before(done), weight=10)
    assert (outcome.status, outcome.score) == (written_as_date.status, written_as_date.score)


def _day_before(month: int) -> str:
    """The last day before ``month`` of 2023 as a date actual."""
    return "2022年12月31日" if month == 1 else f"2023年{month - 1}月{_last(month - 1)}日"


def _last(month: int) -> int:
    return 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31


# --- 2. nothing-words ---------------------------------------------------------------------

_NOTHING = ["无", "无发生", "未发生", "没有", "暂无", "本年未发生"]


def test_check_set_a092_nothing_against_a_full_rate_is_not_a_silent_zero() -> None:
    outcome = evaluate("100%", "无", weight=10)
    assert (outcome.status.value, outcome.reason) == (E, "nothing_actual")
    assert "nothing_word" in outcome.flags and "nothing_word" in REVIEW_FLAGS
    assert "按 0 计则未达成" in outcome.explanation and "须复核" in outcome.explanation
    assert "不适用" in outcome.explanation


@pytest.mark.parametrize("target", ["=0起", "≤1起", "<5次", "0", "0-2起", "≤5%", "小于5次"])
@pytest.mark.parametrize("actual", [*_NOTHING, "无上访", "未发生安全事故"])
def test_nothing_is_zero_where_zero_meets_the_target(target: str, actual: str) -> None:
    outcome = evaluate(target, actual, weight=10)
    assert outcome.status.value == A, outcome.explanation
    assert outcome.flags == ("zero_word",) and "按 0" in outcome.explanation


@pytest.mark.parametrize("target", ["≥90%", "100%", "≥5个", "5次", "=3起", "90%-95%",
                                    "2023年12月前", "年底前完成", "显著提升", "按时完成"])
@pytest.mark.parametrize("actual", _NOTHING)
def test_nothing_against_a_target_it_cannot_meet_is_for_review(target: str, actual: str) -> None:
    outcome = evaluate(target, actual, weight=10)
    assert (outcome.status.value, outcome.reason) == (E, "nothing_actual"), outcome.explanation
    assert outcome.flags == ("nothing_word",) and str(outcome.score) == "0.00"
    assert f"“{actual}”可能表示实际为 0" in outcome.explanation


@pytest.mark.parametrize("target", ["≥90%", "≥3次"])
def test_a_nothing_phrase_against_a_floor_is_for_review(target: str) -> None:
    assert evaluate(target, "无上访", weight=10).reason == "nothing_actual"


def test_a_number_zero_is_a_number() -> None:
    outcome = evaluate("≥3起", "0起", weight=10)
    assert (outcome.status.value, str(outcome.score)) == (N, "0.00")
    assert outcome.flags == ()


@pytest.mark.parametrize("target", ["无上访", "无重大安全事故", "零事故", "未发生安全事故"])
@pytest.mark.parametrize("actual", ["无", "未发生", "没有"])
def test_nothing_meets_a_qualitative_target_that_says_none(target: str, actual: str) -> None:
    outcome = evaluate(target, actual, weight=10)
    assert outcome.status.value == A and "同为“没有发生”" in outcome.explanation


def test_a_phrase_naming_something_else_is_still_a_judgement() -> None:
    assert evaluate("无重大安全事故", "无上访", weight=10).reason == "judgement_needed"


def test_nothing_in_a_compound_is_judged_clause_by_clause() -> None:
    outcome = evaluate("≤1起,≥90%", "无,95%", weight=10)
    assert outcome.status.value == A, outcome.explanation


def test_nothing_words_are_data_a_rule_author_extends() -> None:
    default = default_vocabulary()
    assert "无" in default.nothing_words and "无" in default.nothing_prefixes
    extended = load_vocabulary({"nothing_actuals": {"words": ["本期未见"]}}, "mine.toml",
                               default)
    assert {"本期未见", "无"} <= set(extended.nothing_words)
    assert load_vocabulary({}, "empty.toml").nothing_words == ()
    with pytest.raises(DataFileError):
        load_vocabulary({"nothing_actuals": {"words": [""]}}, "bad.toml")


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 10_000), word=st.sampled_from(_NOTHING),
       unit=st.sampled_from(["起", "次", "%", "人", "万元"]))
def test_nothing_is_met_against_every_ceiling_and_reviewed_against_every_floor(
        n: int, word: str, unit: str) -> None:
    ceiling = evaluate(f"≤{n}{unit}", word, weight=10)
    assert ceiling.achieved and ceiling.flags == ("zero_word",)
    floor = evaluate(f"≥{n + 1}{unit}", word, weight=10)
    assert floor.reason == "nothing_actual" and not REVIEW_FLAGS.isdisjoint(floor.flags)


# --- 3. rates above 100 % -----------------------------------------------------------------

_RULESET = """\
[project]
name = "试验项目"
year = 2022

[[indicators]]
id = "1"
level1 = "产出指标"
level2 = "质量指标"
name = "采购的原原种合格率"
value = "290%"
points = 30

[[indicators]]
id = "2"
level1 = "产出指标"
level2 = "质量指标"
name = "项目验收合格率"
value = "≥95%"
points = 20

[[indicators]]
id = "3"
level1 = "效益指标"
level2 = "社会效益指标"
name = "政策性挂账利息补贴保障率"
value = "100%"
points = 30

[[indicators]]
id = "4"
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "人才补助资金到位时间"
value = "2023年12月前"
points = 10
"""


def _ruleset(tmp_path: Path) -> Path:
    path = tmp_path / "r.toml"
    path.write_text(_RULESET, encoding="utf-8")
    return path


def test_check_warns_on_an_ocr_read_rate_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _ruleset(tmp_path)
    assert main(["check", str(path), "--json"]) == 0
    problems = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    found = [p for p in problems if p["code"] == "implausible_percent"]
    assert len(found) == 1 and found[0]["severity"] == "warning"
    assert found[0]["file"] == str(path) and found[0]["line"] == 10
    assert found[0]["message"] == ("指标值 290% 超过 100%，而“合格率”不会超过 100%；"
                                   "是否为 “≥90%” 的识别错误？")


@pytest.mark.parametrize(("name", "value", "message"), [
    ("经常性大型设备更新验收合格率", "292%", "是否为 “≥92%” 的识别错误？"),
    ("市民满意度调查", "290%", "而“满意度”不会超过 100%"),
    ("群众对脱毒种薯和主食化专用品种的认知度", "250%", "是否为 “≥50%” 的识别错误？"),
    ("资金到位率", "2100%", "是否为 “≥100%” 的识别错误？"),
    ("政策知晓率", "150%", "请核对指标值"),
    ("政策知晓率", "=290%", "请核对指标值"),
    ("覆盖率", "≥120%", "请核对指标值"),
    ("覆盖率", "2000‰", "请核对指标值"),
    ("服务对象满意度", "≥1,≥200%", "指标值 ≥200% 超过 100%"),
])
def test_a_rate_above_100_percent_is_implausible(name: str, value: str, message: str) -> None:
    messages = implausible_percents(parse(value), name)
    assert len(messages) == 1 and message in messages[0], messages


@pytest.mark.parametrize(("name", "value"), [
    ("采购的原原种合格率", "≥90%"), ("采购的原原种合格率", "100%"),
    ("创业担保贷款发放额增长率", "≥150%"), ("任务完成率", "≥120%"),
    ("办公大楼日常维修维护次数", "2280次"), ("验收合格率", "≤120%"),
    ("合格率较上年提高", "200%"), ("创业担保基金放大倍数", "≥200%"),
    ("验收合格率", "显著提升"), ("", "290%"),
])
def test_no_warning_where_the_value_can_exceed_100_or_is_no_rate(name: str, value: str) -> None:
    assert implausible_percents(parse(value), name) == []


def test_bounded_rate_words_come_from_the_data_file() -> None:
    assert bounded_rate("项目验收合格率") == "合格率"
    assert bounded_rate("贷款发放额增长率") is None and bounded_rate(None) is None
    names = load_rate_names('[bounded_rates]\nwords = ["出栏率"]\nexcept = ["同比"]\n')
    assert names.match("生猪出栏率") == "出栏率" and names.match("生猪出栏率同比") is None
    for bad in ('[bounded_rates]\nwords = [1]\n', "[bounded_rates\n"):
        with pytest.raises(DataFileError):
            load_rate_names(bad, "mine.toml")


@pytest.mark.parametrize(("name", "target", "actual", "flagged", "note"), [
    ("项目验收合格率", "≥95%", "120%", True, "实际 120% 超过 100%"),
    ("项目验收合格率", "≥95%", "120", True, "实际 120% 超过 100%"),
    ("项目验收合格率", "≥95%", "1200‰", True, "实际 120% 超过 100%"),
    ("采购的原原种合格率", "290%", "100%", True, "是否为 “≥90%” 的识别错误？"),
    ("采购的原原种合格率", "290%", "290%", True, "实际 290% 超过 100%"),
    ("项目验收合格率", "≥95%", "100%", False, ""),
    ("项目验收合格率", "≥95%", "无", False, ""),
    ("贷款发放额增长率", "≥10%", "115.25%", False, ""),
    ("培训次数", "≥3次", "120次", False, ""),
])
def test_score_flags_a_rate_above_100_for_review(name: str, target: str, actual: str,
                                                 flagged: bool, note: str) -> None:
    alone = evaluate(target, actual, weight=10)
    reviewed = with_rate_review(alone, name, Policy())
    assert ("implausible_percent" in reviewed.flags) == flagged
    assert (reviewed.status, reviewed.score) == (alone.status, alone.score)
    if flagged:
        assert note in reviewed.explanation and reviewed.explanation.endswith("（须复核）")
    else:
        assert reviewed is alone


def test_the_base_reading_of_a_bare_rate_is_checked_under_base() -> None:
    alone = evaluate("≥95%", "1.2", weight=10, policy=Policy(bare_actual_scale="base"))
    reviewed = with_rate_review(alone, "验收合格率", Policy(bare_actual_scale="base"))
    assert "实际 120% 超过 100%" in reviewed.explanation


def test_score_lists_every_review_row_with_its_reason(tmp_path: Path) -> None:
    ruleset = load_ruleset(_ruleset(tmp_path))
    report = ruleset.score({"1": "100%", "2": "120%", "3": "无", "4": "2023年12月前"})
    rows = {row.id: row for row in report.rows}
    assert [i for i, row in rows.items() if row.review_required] == ["1", "2", "3"]
    assert rows["3"].review_reasons == ("实际值写作“无”，读不出完成情况",)
    assert rows["4"].outcome.achieved and "copied_target" in rows["4"].outcome.flags
    markdown = report_markdown(report)
    assert "**须复核：1、2、3**（比率超过 100%；实际值写作“无”，读不出完成情况）" in markdown


@pytest.mark.parametrize(("target", "actual"), [
    ("2023年12月前", "2023年12月前"), ("2023年12月前", "2023年11月前完成"),
    ("2023年12月前", "2023年12月底前"), ("≤1起", "无"), ("100%", "无"), ("无重大安全事故", "无")])
def test_the_docs_show_the_engine_own_words(target: str, actual: str) -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "scoring.md").read_text("utf-8")
    assert f"\n{evaluate(target, actual, weight=10).explanation}\n" in docs
    assert "指标值 290% 超过 100%，而“合格率”不会超过 100%；是否为 “≥90%” 的识别错误？" in docs

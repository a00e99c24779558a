"""Actuals as people and spreadsheets write them (issue 12, items 7, 8 and 11).

- dates: ``2023-12-15``, ``2023/12/15``, ``2023.11.28``, ``2023-12-15 00:00:00`` (a date
  cell as text), ``2023 年 12 月 15 日``; ``2023.11`` is a date against a deadline only;
- the scale of a bare actual: ``43000`` against ``≤4万元``, ``0.965`` against ``≥95%``
  (``bare_actual_scale``, the ``scale_ambiguous`` flag, 须复核 in reports);
- ``基本达到`` / ``基本完成``: a band of its own, 80–90 % of the points.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from zhibiao.engine import Policy, evaluate
from zhibiao.engine.actuals import DateActual, GradeActual, NumberActual, parse_actual
from zhibiao.engine.evaluate import evaluate_reference
from zhibiao.engine.outcome import Status
from zhibiao.errors import DataFileError, IndicatorSyntaxError
from zhibiao.grammar.vocabulary import default_vocabulary, load_vocabulary
from zhibiao.report.csv_format import CSV_COLUMNS, reports_to_csv
from zhibiao.report.md_format import report_markdown
from zhibiao.ruleset.load import load_ruleset

A, N, E = Status.ACHIEVED, Status.NOT_ACHIEVED, Status.NOT_EVALUABLE
MINGGUANG = (Path(__file__).resolve().parents[1] / "rulesets" / "000-mingguang-2024"
             / "01-chengxiang-yiliao-jiuzhu.toml")

# ---- item 7: actual dates -----------------------------------------------------------------

ON_TIME = ["2023-12-15", "2023/12/15", "2023.12.15", "2023-12-15 00:00:00", "2023年12月15日",
           "2023-12-15T08:30", "2023/12/15 0:00", "2023-12-15 23:59:59.5", "2023-1-5",
           "2023/1/5", "2023.1.5", "２０２３－１２－１５", "2023 年 12 月 15 日", "2023年12月15号",
           "2023.11.28", "2023.11.28日", " 2023-12-15 。", "2023-12", "2023/12"]


@pytest.mark.parametrize("actual", ON_TIME)
def test_dates_as_written_meet_a_year_end_deadline(actual: str) -> None:
    outcome = evaluate("年底前完成", actual, weight=15, policy=Policy(year=2023))
    assert outcome.status is A, outcome.explanation
    assert outcome.score == Decimal("15.00")
    assert isinstance(outcome.actual, DateActual)
    assert "时限指标按期完成" in outcome.explanation


@pytest.mark.parametrize(("actual", "status", "score"), [
    ("2024-01-05", N, "0.00"), ("2024/1/5 00:00:00", N, "0.00"), ("2023-12-31", A, "15.00"),
    ("2023.12.31", A, "15.00"), ("2024-01", N, "0.00")])
def test_dates_against_a_dated_deadline(actual: str, status: Status, score: str) -> None:
    outcome = evaluate("2023年12月31日前", actual, weight=15)
    assert (outcome.status, str(outcome.score)) == (status, score), outcome.explanation


def test_the_issue_examples_no_longer_score_zero() -> None:
    for actual in ("2023-12-15", "2023/12/15", "2023.11.28", "2023-12-15 00:00:00"):
        outcome = evaluate("年底前完成", actual, weight=10)
        assert outcome.reason is None and outcome.score == Decimal("10.00"), outcome.explanation
        assert "评价年度按实际日期推定为 2023 年" in outcome.explanation


def test_a_dot_month_is_a_date_against_a_deadline_and_a_number_otherwise() -> None:
    deadline = evaluate("年底前完成", "2023.11", weight=10)
    assert deadline.status is A
    assert "实际值“2023.11”对时限目标按日期 2023年11月 读取" in deadline.explanation
    number = evaluate("≥2023.5", "2023.11", weight=10)
    assert isinstance(number.actual, NumberActual) and number.status is N
    assert number.ratio == Decimal("2023.11") / Decimal("2023.5")
    assert isinstance(parse_actual("2023.11。"), NumberActual)  # a trailing stop changes nothing
    # the text decides the month: 2023.1 is January, 2023.10 October
    assert evaluate("2023年9月30日前", "2023.1", weight=10).status is A
    assert evaluate("2023年9月30日前", "2023.10", weight=10).status is N
    assert evaluate("2023年9月30日前", "20230915", weight=10).status is A
    assert evaluate("2023年9月30日前", "20231015", weight=10).status is N


@pytest.mark.parametrize("actual", ["2023.13", "1850.11", "2023.11万元", "20231315", "100"])
def test_numbers_that_are_not_dates_stay_numbers_against_a_deadline(actual: str) -> None:
    outcome = evaluate("年底前完成", actual, weight=10)
    assert outcome.reason == "kind_mismatch", outcome.explanation


def test_a_period_of_two_dates() -> None:
    actual = parse_actual("2023-01-01至2023-01-21")
    assert isinstance(actual, DateActual) and actual.start is not None
    for text in ("2023-01-01至2023-01-21", "2023/1/1~2023/1/21", "2023-01-01--2023-01-21",
                 "2023.1.1 - 2023.1.21", "2023-01-01 到 2023-01-21"):
        outcome = evaluate("≤30天", text, weight=10)
        assert outcome.status is A and "计 20 天" in outcome.explanation, outcome.explanation


@pytest.mark.parametrize(("actual", "reason"), [
    ("2023-02-30", "2023年2月没有 30 日"), ("2023-13-01", "月份 13 不存在"),
    ("2023/00/10", "月份 0 不存在"), ("2023-12-15 25:00:00", "时间"),
    ("2023-03-31至2023-01-01", "开始晚于结束")])
def test_dates_that_do_not_exist_are_refused_with_a_reason(actual: str, reason: str) -> None:
    with pytest.raises(IndicatorSyntaxError) as info:
        parse_actual(actual)
    assert reason in info.value.reason
    outcome = evaluate("年底前完成", actual, weight=10)
    assert outcome.reason == "unparsable_actual" and reason in outcome.explanation


def test_a_date_against_a_number_is_a_kind_mismatch() -> None:
    outcome = evaluate("≥95%", "2023-12-15", weight=10)
    assert outcome.reason == "kind_mismatch" and "实际为日期" in outcome.explanation


_DEADLINES = ["年底前完成", "2023年6月30日前", "9月底前", "次年2月底前完成", "2024年12月31日"]


def _same_score(target: str, written: str, canonical: str, policy: Policy) -> None:
    one = evaluate(target, written, weight=10, policy=policy)
    other = evaluate(target, canonical, weight=10, policy=policy)
    assert (one.status, one.score, one.ratio, one.flags, one.reason) == \
        (other.status, other.score, other.ratio, other.flags, other.reason), \
        (one.explanation, other.explanation)


@settings(max_examples=150, deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)),
       target=st.sampled_from(_DEADLINES), year=st.sampled_from([None, 2023]),
       form=st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m:02d}.{d}",
                             "{y}-{m:02d}-{d:02d} 00:00:00", "{y}-{m}-{d}T12:30",
                             "{y} 年 {m} 月 {d} 日", "{y}年{m}月{d}号", "{y}{m:02d}{d:02d}"]))
def test_any_accepted_date_form_scores_as_its_canonical_form(
        day: dt.date, target: str, year: int | None, form: str) -> None:
    written = form.format(y=day.year, m=day.month, d=day.day)
    _same_score(target, written, f"{day.year}年{day.month}月{day.day}日", Policy(year=year))


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)),
       target=st.sampled_from(_DEADLINES),
       form=st.sampled_from(["{y}-{m:02d}", "{y}/{m}", "{y}.{m}", "{y}.{m:02d}"]))
def test_any_accepted_month_form_scores_as_its_canonical_form(
        day: dt.date, target: str, form: str) -> None:
    if form == "{y}.{m}" and day.month in (10, 11, 12):
        return  # 2023.10 is written with its zero; 2023.1 is January
    written = form.format(y=day.year, m=day.month)
    _same_score(target, written, f"{day.year}年{day.month}月", Policy(year=2023))


# ---- item 8: the scale of bare actuals ----------------------------------------------------

def test_the_issue_examples_are_flagged_with_both_readings() -> None:
    money = evaluate("≤4万元", "43000", weight=10)
    assert money.score == Decimal("0.00") and "scale_ambiguous" in money.flags
    assert "按目标单位读作 43000万元，完成率 1075000%" in money.explanation
    assert "按基本单位读作 43000元（即 4.3万元），完成率 107.5%" in money.explanation
    assert "只有后者在 10%–1000% 之内" in money.explanation
    percent = evaluate("≥95%", "0.965", weight=10)
    assert percent.score == Decimal("0.10") and "scale_ambiguous" in percent.flags
    assert "按小数读作 0.965（即 96.5%），完成率 101.58%" in percent.explanation


@pytest.mark.parametrize(("target", "actual", "flagged"), [
    ("≤4万元", "43000", True), ("≤4万元", "3.8", False), ("≤4万元", "43000元", False),
    ("≤4万元", "4.3万", False), ("≥95%", "0.965", True), ("≥95%", "96.5", False),
    ("≥95%", "1", True), ("=100%", "100", False), ("=100%", "1", True), ("≥95%", "0", False),
    ("≥95%", "0.965%", False), ("90%-95%", "0.93", True), ("≥2‰", "0.002", True),
    ("≥14000万元", "145000000", True), ("≥14000万元", "14500", False), ("≥30万", "300000", True),
    ("≥60个", "50", False), ("≤30天", "0.5", False), ("≥1.2万人", "11000", True),
    ("受益户数≥200户,满意度≥95%", "250户,0.97", True)])
def test_the_flag_appears_when_only_the_other_reading_is_plausible(
        target: str, actual: str, flagged: bool) -> None:
    outcome = evaluate(target, actual, weight=10)
    assert ("scale_ambiguous" in outcome.flags) is flagged, outcome.explanation
    assert ("量级存疑（须复核）" in outcome.explanation) is flagged
    reference = evaluate_reference(target, actual, weight=10)
    assert reference == outcome  # the fused path declines what the general path flags


def test_a_decimal_from_a_percent_cell_is_flagged_too() -> None:
    outcome = evaluate("≥95%", Decimal("0.965"), weight=10)
    assert "scale_ambiguous" in outcome.flags


def test_bare_actual_scale_base_reads_the_base_unit() -> None:
    base = Policy(bare_actual_scale="base")
    money = evaluate("≤4万元", "43000", weight=10, policy=base)
    assert money.score == Decimal("9.30") and money.flags == ("unit_assumed",)
    assert "按基本单位计为 43000元（即 4.3万元）" in money.explanation
    percent = evaluate("≥95%", "0.965", weight=10, policy=base)
    assert percent.status is A and "按小数计为 0.965（即 96.5%）" in percent.explanation
    doubtful = evaluate("≥95%", "96.5", weight=10, policy=base)  # 9650%: the other reading fits
    assert "scale_ambiguous" in doubtful.flags and "只有前者" in doubtful.explanation
    assert evaluate("≥60个", "50", weight=10, policy=base).score == Decimal("8.33")


def test_bare_actual_scale_refuse_states_both_readings() -> None:
    refuse = Policy(bare_actual_scale="refuse")
    outcome = evaluate("≤4万元", "43000", weight=10, policy=refuse)
    assert outcome.status is E and outcome.reason == "ambiguous_scale"
    assert "scale_ambiguous" in outcome.flags
    assert "按目标单位读作 43000万元" in outcome.explanation and "请写明单位" in outcome.explanation
    both_implausible = evaluate("≥95%", "0", weight=10, policy=refuse)
    assert both_implausible.reason == "ambiguous_scale" and both_implausible.flags == ()
    assert evaluate("≥60个", "50", weight=10, policy=refuse).status is N  # one reading only


@pytest.mark.parametrize(("written", "value"), [
    ("target", "target"), ("目标单位", "target"), ("基本单位", "base"), ("BASE", "base"),
    ("拒绝", "refuse"), (" refuse ", "refuse")])
def test_policy_forms_of_bare_actual_scale(written: str, value: str) -> None:
    assert Policy.model_validate({"bare_actual_scale": written}).bare_actual_scale == value


def test_an_unknown_bare_actual_scale_is_refused() -> None:
    with pytest.raises(ValidationError):
        Policy.model_validate({"bare_actual_scale": "guess"})


_TARGETS = st.sampled_from(["≥{t}%", "≤{t}%", "≥{t}万元", "≤{t}万元", "{t}%", "≥{t}‰",
                            "≥{t}亿元", "≥{t}万人"])
_NUMBERS = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10) ** 9, places=3,
                       allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(form=_TARGETS, t=_NUMBERS, a=_NUMBERS,
       setting=st.sampled_from(["target", "base", "refuse"]))
def test_the_flag_follows_the_definition(form: str, t: Decimal, a: Decimal,
                                         setting: str) -> None:
    target = form.format(t=format(t.normalize(), "f"))
    actual = format(a.normalize(), "f")
    outcome = evaluate(target, actual, weight=10, policy=Policy(bare_actual_scale=setting))
    # the definition, worked out here independently: both readings in the target's terms
    if "万" in form or "亿" in form:
        as_target, as_base = a, a / (10000 if "万" in form else 100000000)
    else:
        as_target, as_base = a, a * (1000 if "‰" in form else 100)

    def fits(value: Decimal) -> bool:
        return Decimal("0.1") <= value / t <= 10

    if setting == "target":
        expected = not fits(as_target) and fits(as_base)
    elif setting == "base":
        expected = not fits(as_base) and fits(as_target)
    else:  # refuse takes neither reading
        expected = fits(as_target) != fits(as_base)
    assert ("scale_ambiguous" in outcome.flags) is expected, outcome.explanation


def test_reports_list_the_row_under_review(tmp_path: Path) -> None:
    report = load_ruleset(MINGGUANG).score({"1.1.1": "0.965", "1.2.1": "70%"})
    row = report.rows[0]
    assert row.target == "≥95%" and row.review_required
    assert not any(r.review_required for r in report.rows[1:])
    assert row.to_json()["review_required"] is True
    table = list(csv.reader(io.StringIO(reports_to_csv([report]))))
    column = CSV_COLUMNS.index("须复核")
    assert CSV_COLUMNS[column - 1] == "须填写偏差原因"
    assert table[1][column] == "是" and all(r[column] == "" for r in table[2:])
    markdown = report_markdown(report)
    assert "**（须复核）**" in markdown and f"**须复核：{row.id}**" in markdown
    from openpyxl import load_workbook

    from zhibiao.report.xlsx_format import write_xlsx
    path = tmp_path / "report.xlsx"
    write_xlsx([report], path)
    sheet = load_workbook(path).active
    assert sheet is not None
    comments = [c.comment.text for r in sheet.iter_rows() for c in r if c.comment is not None]
    assert any(text.startswith("须复核") for text in comments)


# ---- item 11: 基本达到 / 基本完成 ------------------------------------------------------------

@pytest.mark.parametrize("word", ["基本达到", "基本完成", "基本达成", "基本实现"])
def test_basically_met_is_a_band_of_its_own(word: str) -> None:
    actual = parse_actual(word)
    assert isinstance(actual, GradeActual) and (actual.low, actual.high) == (80, 90)
    outcome = evaluate("显著提升", word, weight=15)
    assert outcome.status is A and outcome.score == Decimal("13.49")
    assert outcome.score_range == (Decimal("12.00"), Decimal("13.49"))
    assert f"按评价用语计分：“{word}”对应分值的 90%–80%（含80%，不含90%）" in outcome.explanation


def test_the_published_seven_of_eight_is_within_the_band() -> None:
    outcome = evaluate("显著提升", "基本达到", weight=8)
    assert outcome.score_range is not None
    low, high = outcome.score_range
    assert low <= Decimal(7) <= high


@pytest.mark.parametrize(("target", "status", "score"), [
    ("≥95%", A, "8.99"), ("年底前完成", A, "8.99"), ("据实支付", A, "8.99"),
    ("定性 优良中差", A, "8.99")])
def test_basically_met_against_other_targets(target: str, status: Status, score: str) -> None:
    outcome = evaluate(target, "基本完成", weight=10)
    assert (outcome.status, str(outcome.score)) == (status, score), outcome.explanation


def test_middle_words_of_three_level_scales_stay_in_tier_two() -> None:
    for word in ("基本满意", "基本合格", "部分达成"):
        outcome = evaluate("显著提升", word, weight=15)
        assert outcome.status is N and outcome.score == Decimal("11.99"), word


def test_the_band_is_vocabulary_a_rule_author_can_change() -> None:
    base = default_vocabulary()
    assert ("基本达到", Decimal(80), Decimal(90)) in base.actual_word_bands
    changed = load_vocabulary({"actual_word_bands": {"基本达到": [60, 80]}}, "mine.toml", base)
    assert ("基本达到", Decimal(60), Decimal(80)) in changed.actual_word_bands
    assert ("基本完成", Decimal(80), Decimal(90)) in changed.actual_word_bands
    back_to_tier = load_vocabulary({"actual_words": {"2": ["基本达到"]}}, "mine.toml", base)
    assert ("基本达到", 2) in back_to_tier.actual_words
    with pytest.raises(DataFileError, match=r"actual_word_bands\.基本达到"):
        load_vocabulary({"actual_word_bands": {"基本达到": [90, 80]}}, "bad.toml", base)
    with pytest.raises(DataFileError, match="应为"):
        load_vocabulary({"actual_word_bands": {"基本达到": "80-90"}}, "bad.toml", base)


# ---- the worked examples docs/scoring.md shows (§4.6, §4.7, §4.14) ------------------------

@pytest.mark.parametrize(("target", "actual", "weight", "policy"), [
    ("年底前完成", "2023-12-15 00:00:00", 10, {}), ("年底前完成", "2023.11", 10, {}),
    ("≥2023.5", "2023.11", 10, {}), ("显著提升", "基本达到", 8, {}),
    ("≤4万元", "43000", 10, {}), ("≥95%", "0.965", 10, {}),
    ("≤4万元", "43000", 10, {"bare_actual_scale": "base"}),
    ("≥95%", "0.965", 10, {"bare_actual_scale": "refuse"})])
def test_the_docs_show_the_engine_own_words(target: str, actual: str, weight: int,
                                            policy: dict[str, str]) -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "scoring.md").read_text("utf-8")
    outcome = evaluate(target, actual, weight=weight, policy=Policy.model_validate(policy))
    assert f"\n{outcome.explanation}\n" in docs

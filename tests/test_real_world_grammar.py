"""What people actually type (issue 12): scientific notation, dated year ends, sentences
that mention a number, round trips, numerals. Every example of the issue, with variants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, Inexact, localcontext
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhibiao import IndicatorSyntaxError, parse
from zhibiao.errors import DataFileError
from zhibiao.grammar.contract import result_json
from zhibiao.grammar.models import Comparison, Deadline, Qualitative, Range, Target
from zhibiao.grammar.normalize import MAX_LENGTH
from zhibiao.grammar.numerals import MAX_EXPONENT, format_decimal, parse_chinese_numeral
from zhibiao.grammar.parser import MAX_NUMBERS, IndicatorParser, default_parser


def _error(text: str) -> IndicatorSyntaxError:
    with pytest.raises(IndicatorSyntaxError) as info:
        parse(text)
    return info.value


def _reads_back(model: Target) -> None:
    assert parse(str(model)) == model
    assert str(parse(str(model))) == str(model)


def _both_paths(text: str) -> Target:
    """The model, the same through the fast path and through the grammar alone."""
    model = parse(text)
    assert default_parser().parse_with_grammar(text) == model
    return model


# ---- 4. scientific notation: one exact number, never two clauses ---------------------

@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        ("≥1e3%", ">=", "1000", "%"),  # the example: once ≥1;e3%
        ("1E+3", "==", "1000", ""),
        ("1e+3", "==", "1000", ""),
        ("1E3", "==", "1000", ""),
        ("1.5e-3元", "==", "0.0015", "元"),
        ("≥1.2E+07元", ">=", "12000000", "元"),  # as a spreadsheet exports it
        ("≥1e-2%", ">=", "0.01", "%"),
        ("-1e2", "==", "-100", ""),
        ("９.５Ｅ２", "==", "950", ""),  # full width, folded by NFKC
        ("1,000e3", "==", "1000000", ""),
        ("1e3个", "==", "1000", "个"),
        ("≥1e3%以上", ">=", "1000", "%"),
        ("不低于2.5E+1%", ">=", "25", "%"),
        (f"1e{MAX_EXPONENT}", "==", "1" + "0" * MAX_EXPONENT, ""),
        (f"1e-{MAX_EXPONENT}", "==", "0." + "0" * (MAX_EXPONENT - 1) + "1", ""),
    ],
)
def test_scientific_notation_is_one_exact_number(text: str, op: str, value: str,
                                                 unit: str) -> None:
    model = _both_paths(text)
    assert isinstance(model, Comparison)
    record = result_json(text, model)
    assert (record["op"], record["value"], record["unit"]) == (op, value, unit)
    assert "e" not in str(model).lower()  # the canonical text writes the number out
    _reads_back(model)


def test_scientific_notation_in_a_range_and_a_compound() -> None:
    model = parse("1e3-2e3元")
    assert isinstance(model, Range)
    assert (model.low.value, model.high.value) == (1000, 2000)
    assert str(parse("≥1e3%;≤1e4元")) == "≥1000%;≤10000元"


@pytest.mark.parametrize("text", ["1E+31", "1e21", f"≥1e-{MAX_EXPONENT + 1}%", "1e999999"])
def test_an_exponent_beyond_the_limit_is_refused(text: str) -> None:
    exc = _error(text)
    assert "科学计数法的指数" in exc.reason
    assert "1e3" in exc.hint


@pytest.mark.parametrize("text", ["1.e3", "1e3e3", "≥1.E3%"])
def test_scientific_notation_written_wrong_is_an_error_not_two_values(text: str) -> None:
    exc = _error(text)
    assert "科学计数法" in exc.reason
    assert exc.column == 1


@pytest.mark.parametrize("text", ["≥5e", "5e个"])
def test_a_letter_e_without_an_exponent_is_a_noun(text: str) -> None:
    model = parse(text)
    assert isinstance(model, Comparison)
    assert model.noun is not None and model.noun.startswith("e")


# ---- 5. a year and its end: one deadline ------------------------------------------------

@pytest.mark.parametrize(
    ("text", "canonical", "before", "completion"),
    [
        ("2027年年底前", "2027年底前", True, False),  # the example
        ("2027年底前完成", "2027年底前完成", True, True),
        ("2027年内完成", "2027年底完成", False, True),
        ("2027年年内完成", "2027年底完成", False, True),
        ("2027年度内完成", "2027年底完成", False, True),
        ("2027年年底前完成", "2027年底前完成", True, True),
        ("2027年年末", "2027年底", False, False),
        ("2027年年终前完成", "2027年底前完成", True, True),
        ("=2027年年底", "2027年底", False, False),
        ("2027年内", "2027年底", False, False),
    ],
)
def test_a_year_and_its_end_are_one_deadline(text: str, canonical: str, before: bool,
                                             completion: bool) -> None:
    model = _both_paths(text)
    assert isinstance(model, Deadline)
    assert (model.end.year, model.end.month, model.end.part) == (2027, None, "end")
    assert (model.before, model.completion, model.recurring) == (before, completion, False)
    assert model.due_date(2024) == dt.date(2027, 12, 31)
    assert str(model) == canonical
    _reads_back(model)


def test_a_period_ending_at_a_year_end() -> None:
    model = parse("2026年--2027年年底")
    assert isinstance(model, Deadline)
    assert model.start is not None and model.start.year == 2026
    assert model.due_date(2026) == dt.date(2027, 12, 31)


def test_a_year_and_a_year_end_in_two_clauses_stay_two() -> None:
    assert parse("2027年;年底前").kind == "compound"


@pytest.mark.parametrize(("text", "reason"), [
    ("次年2027年年底", "“次年”后不能再写具体年份"),
    ("每年2027年年底", "a recurring (每年) deadline cannot name a year"),
])
def test_a_dated_year_end_with_a_relative_year_is_an_error(text: str, reason: str) -> None:
    assert reason in _error(text).reason


# ---- 6. sentences that mention a number ------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "对困难家庭超出2个月的部分予以补贴",  # the example: once ==2月
        "对困难家庭超过2个月的部分予以补贴",  # with an operator word
        "超出2个月的部分予以补贴",
        "对超过3个月未缴费的人员给予提醒",
        "对困难家庭超出2个月的部分予以补贴3000元",  # a second value in the sentence
        "对推动基建项目“四项制度”健全和落实的持续性影响",  # a number inside a name
        "《2023年度工作方案》落实到位",
        "“95%以上”的说法",
    ],
)
def test_a_sentence_that_mentions_a_number_is_a_phrase(text: str) -> None:
    _is_the_phrase_as_written(text)


def _is_the_phrase_as_written(text: str) -> None:
    model = _both_paths(text)
    assert isinstance(model, Qualitative)
    assert model.text == text
    _reads_back(model)


def test_a_sentence_clause_leaves_the_other_clauses_alone() -> None:
    model = parse("≥95%;超出2个月的部分予以补贴")
    assert [c.kind for c in model.clauses] == ["comparison", "qualitative"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "label", "noun", "op", "value"),
    [
        ("处置率达100%", "处置率", None, ">=", "100"),
        ("≥10个项目", None, "项目", ">=", "10"),
        ("培训人数≥300人", "培训人数", None, ">=", "300"),
        ("完成3个项目", "完成", "项目", "==", "3"),
        ("覆盖全县12个乡镇", "覆盖全县", "乡镇", "==", "12"),
        ("90%以上的农户受益", None, "的农户受益", ">=", "90"),
        ("全年开展2次以上督导", "全年开展", "督导", ">=", "2"),
        ("30个工作日内完成", None, "完成", "<=", "30"),
        ("国谈药品落地数据报送及时率100%", "国谈药品落地数据报送及时率", None, "==", "100"),
        ("“四项制度”落实率≥95%", "“四项制度”落实率", None, ">=", "95"),  # a closed name
        ("《十四五规划》项目≥3个", "《十四五规划》项目", None, ">=", "3"),
        ("新增就业岗位100个", "新增就业岗位", None, "==", "100"),
    ],
)
def test_a_comparison_with_a_label_or_a_noun_stays_a_comparison(
        text: str, label: str | None, noun: str | None, op: str, value: str) -> None:
    model = _both_paths(text)
    assert isinstance(model, Comparison)
    assert (model.label, model.noun, model.op.value, format_decimal(model.quantity.value)) \
        == (label, noun, op, value)
    _reads_back(model)


def test_sentence_words_come_from_the_vocabulary(tmp_path: Path) -> None:
    words = tmp_path / "vocabulary.toml"
    words.write_text('[sentence]\nafter = ["的标准"]\n', encoding="utf-8")
    parser = IndicatorParser.from_files(vocabulary=words)
    assert parser.parse("超出2个月的标准").kind == "qualitative"
    assert parser.parse("超出2个月的部分予以补贴").kind == "qualitative"  # the package's
    assert default_parser().parse("超出2个月的标准").kind == "comparison"


def test_a_name_mark_is_an_opening_and_a_closing_character(tmp_path: Path) -> None:
    words = tmp_path / "vocabulary.toml"
    words.write_text('[sentence]\nname_marks = ["“"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="name_marks"):
        IndicatorParser.from_files(vocabulary=words)


# ---- 9. round trips -----------------------------------------------------------------------

def test_a_period_that_the_rate_names_is_counted_once() -> None:
    model = _both_paths("每年≥3次/年")  # once 次/年/年
    assert model == parse("≥3次/年") == parse("每年≥3次")
    assert str(model) == "≥3次/年"
    assert parse("每年1-3次/年") == parse("1-3次/年")
    assert parse("每月100元/人/月") == parse("100元/人/月")


@pytest.mark.parametrize("text", ["每月≥3次/年", "每年≥100元/人/月", "每周1-3次/天"])
def test_a_period_against_another_time_unit_is_an_error(text: str) -> None:
    exc = _error(text)
    assert exc.reason.startswith(f"“{text[:2]}” 与单位")
    assert "时间单位矛盾" in exc.reason
    assert "只写一处周期" in exc.hint
    assert exc.column == 1  # at the period


@pytest.mark.parametrize(
    ("text", "column", "written", "reads"),
    [
        # label 每年 before the period 每年: written canonically it is the period
        ("每年每年≥3次", 1, "每年≥3次/年", "≥3次/年"),
        ("每月每月≥3次", 1, "每月≥3次/月", "≥3次/月"),
        # after a digit 两年 / 上半年 are text; starting a clause, a number / a date
        ("≤1两年=100%", 3, "两年=100%", "2年;=100%"),
        (">0.7上半年=5%", 5, "上半年=5%", "6月底;=5%"),
    ],
)
def test_values_whose_canonical_text_reads_otherwise_are_refused(
        text: str, column: int, written: str, reads: str) -> None:
    exc = _error(text)
    assert exc.reason == f"写法有歧义：规范写法 “{written}” 会读成 “{reads}”"
    assert exc.column == column


@pytest.mark.parametrize("text", ["≥2次6批次", "≥2次;6批次", "受益户数≥200户,受益脱贫户数≥15户",
                                  "1个-3个", "≥90%且≤95%"])
def test_juxtaposed_and_separated_values_that_read_back_are_fine(text: str) -> None:
    _reads_back(parse(text))


@pytest.mark.parametrize(
    "text",
    [
        ";".join(["1e20"] * 100),  # 499 characters, 2,199 once written out
        ",".join(["1e-20元-1e20亿元"] * 50),  # the low bound in the high bound's multiplier
        "1e20次" * 100,
    ],
)
def test_a_value_whose_canonical_text_is_over_the_limit_is_refused(text: str) -> None:
    assert len(text) <= MAX_LENGTH
    exc = _error(text)
    assert exc.reason.startswith("指标值的规范写法过长")
    assert str(MAX_LENGTH) in exc.reason


def test_a_long_value_within_the_limit_reads_back() -> None:
    text = ";".join(["≥95%"] * MAX_NUMBERS)
    assert len(text) <= MAX_LENGTH
    model = parse(text)
    assert len(str(model)) <= MAX_LENGTH
    _reads_back(model)
    digits = "9" * MAX_LENGTH  # exact: 1,000 nines, not 10^1000
    assert str(parse(digits)) == digits


def test_text_that_normalisation_makes_too_long_is_refused() -> None:
    text = "\ufdfa" * 100  # NFKC writes each as 18 characters
    assert "规范化后" in _error(text).reason


def test_a_value_does_not_depend_on_the_callers_decimal_context() -> None:
    expected = parse("12345678901234567890123456789012万元")
    with localcontext() as context:
        context.prec = 5
        default_parser().parse.cache_clear()  # type: ignore[attr-defined]
        inside = default_parser().parse("12345678901234567890123456789012万元")
        ranged = default_parser().parse("1.23456789元-1.23456789亿元")
    assert inside == expected
    assert isinstance(inside, Comparison)
    assert inside.quantity.value == Decimal("123456789012345678901234567890120000")
    assert str(ranged) == "0.0000000123456789亿-1.23456789亿元"


def test_scientific_notation_times_a_multiplier_is_exact_in_any_context() -> None:
    text = "≥1.2345678901234567890123456789E+7万元"
    with localcontext() as context:
        context.prec = 3
        context.traps[Inexact] = True
        model = IndicatorParser().parse(text)
    assert isinstance(model, Comparison)
    assert model.quantity.value == Decimal("123456789012.34567890123456789")
    assert str(model) == "≥12345678.901234567890123456789万元"
    _reads_back(model)


# ---- 10. numerals ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("一百一十", 110),
        ("九千九百九十九", 9999), ("一千零一", 1001), ("三万", 30000), ("三万五千", 35000),
        ("一亿两千万", 120_000_000), ("一亿零五百万", 105_000_000), ("两", 2), ("零", 0),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["十十", "一百十", "一百五", "两三", "一百千", "三万五", "万", ""])
def test_malformed_chinese_numerals_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_chinese_numeral(text)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("三万五千人", "35000人"),  # once label 三万 and 5000人
        ("≥三万五千人", "≥35000人"),
        ("一亿两千万元", "120000000元"),  # once 100002000万元
        ("不少于十二万三千人次", "≥123000人次"),
        ("三万人", "3万人"),  # 万 before the unit is the multiplier
        ("十万人", "10万人"),
    ],
)
def test_chinese_numerals_with_large_units(text: str, canonical: str) -> None:
    model = _both_paths(text)
    assert str(model) == canonical
    _reads_back(model)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("三萬五千人", "35000人"),  # traditional 萬 inside a numeral, simplified first
        ("一億兩千萬元", "120000000元"),
        ("第一批三万五千人", "第一批35000人"),  # 第一 is an ordinal, the run after it a number
        ("十分钟", "10分钟"),  # 分钟 is counted; only 分 alone is not (十分满意)
    ],
)
def test_numerals_with_traditional_characters_and_ordinals(text: str, canonical: str) -> None:
    model = _both_paths(text)
    assert isinstance(model, Comparison)
    assert str(model) == canonical
    _reads_back(model)


@pytest.mark.parametrize("text", ["一起", "十分满意", "统一部署", "一条龙", "三万五千起"])
def test_a_numeral_before_a_word_it_does_not_count_is_text(text: str) -> None:
    """Words a numeral forms with a unit ([chinese_numerals] not_counted) stay words, also
    where the numeral holds 万 (the run-start rule does not reach past them)."""
    model = _both_paths(text)
    assert isinstance(model, Qualitative) and str(model) == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("十十次", "“十十” 中 “十” 的位置不对"),  # once 20次
        ("一百五次", "“一百五” 的末位数字没有写明数位"),  # 150 or 105?
        ("三万五人", "“三万五” 的末位数字没有写明数位"),
        ("1万五千人", "在 “万/亿” 之后还有数字"),  # once 1万 with the noun 五千人
        ("1万5千人", "在 “万/亿” 之后还有数字"),  # once 1万;5千人
    ],
)
def test_numbers_written_in_two_ways_are_refused(text: str, reason: str) -> None:
    assert reason in _error(text).reason


@pytest.mark.parametrize("pattern", ["十", "九", "十次", "一百二十三万", "两"])
def test_a_run_of_numerals_reads_as_text_or_an_error(pattern: str) -> None:
    """A run of 1,000 numeral characters (once 0.5 s: benchmarks/parse.py times it)."""
    text = (pattern * MAX_LENGTH)[:MAX_LENGTH]
    try:
        model = parse(text)
    except IndicatorSyntaxError as exc:
        assert exc.reason
    else:
        assert isinstance(model, Qualitative)


# ---- 10. linear time: a cell holds at most MAX_NUMBERS numbers --------------------------------

def test_a_cell_with_too_many_numbers_is_refused_at_once() -> None:
    text = ";".join(["1"] * (MAX_NUMBERS + 1))
    exc = _error(text)
    assert exc.reason == f"指标值中的数字过多（{MAX_NUMBERS + 1} 个，上限 {MAX_NUMBERS}）"
    assert "备注" in exc.hint


@pytest.mark.parametrize("number", ["1", "1.5", "1e3", "十二", "三万五千"])
def test_a_cell_at_the_number_limit_is_read(number: str) -> None:
    text = ";".join([f"≥{number}次"] * MAX_NUMBERS)
    assert len(text) <= MAX_LENGTH
    model = parse(text)
    assert len(model.clauses) == MAX_NUMBERS  # type: ignore[union-attr]


def test_a_long_phrase_without_numbers_is_no_number() -> None:
    assert parse("提升;" * 300).kind == "qualitative"


# ---- periods of months and dotted dates: a deadline at the end, never a numeric range -----

@pytest.mark.parametrize(
    ("text", "start", "end", "canonical"),
    [
        ("1-12月", (None, 1, None), (None, 12, None), "1月--12月"),  # once the range 1–12个月
        ("1～12月", (None, 1, None), (None, 12, None), "1月--12月"),
        ("1至12月", (None, 1, None), (None, 12, None), "1月--12月"),
        ("3-6月份", (None, 3, None), (None, 6, None), "3月--6月份"),
        ("1-12月底前", (None, 1, None), (None, 12, None), "1月--12月底前"),
        ("2023.07-2024.01", (2023, 7, None), (2024, 1, None), "2023年7月--2024年1月"),
        ("2023.7—2024.1", (2023, 7, None), (2024, 1, None), "2023年7月--2024年1月"),
        ("2021.1.1-12.31", (2021, 1, 1), (2021, 12, 31), "2021年1月1日--2021年12月31日"),
        ("2021.1.1至2021.12.31", (2021, 1, 1), (2021, 12, 31), "2021年1月1日--2021年12月31日"),
        ("2021年1月-12月", (2021, 1, None), (2021, 12, None), "2021年1月--2021年12月"),
        ("2021年3月至6月底", (2021, 3, None), (2021, 6, None), "2021年3月--2021年6月底"),
    ],
)
def test_a_period_of_months_or_dotted_dates_is_a_deadline(
        text: str, start: tuple[int | None, int, int | None],
        end: tuple[int | None, int, int | None], canonical: str) -> None:
    model = _both_paths(text)
    assert isinstance(model, Deadline)
    assert model.start is not None
    assert (model.start.year, model.start.month, model.start.day) == start
    assert (model.end.year, model.end.month, model.end.day) == end
    assert str(model) == canonical
    _reads_back(model)


@given(st.integers(1, 12), st.integers(1, 12), st.sampled_from(["-", "~", "至", "--", "—"]))
def test_a_month_period_is_a_deadline_and_a_month_count_a_range(
        first: int, last: int, sign: str) -> None:
    """M-N月 is the months M to N (a deadline, or an error when N < M); M-N个月 stays a
    range of durations. Both paths agree and the canonical text reads back."""
    try:
        model = _both_paths(f"{first}{sign}{last}月")
    except IndicatorSyntaxError as exc:
        assert last < first and "终点早于起点" in exc.reason
    else:
        assert isinstance(model, Deadline) and model.end.month == last
        _reads_back(model)
    if first <= last:
        assert _both_paths(f"{first}{sign}{last}个月").kind == "range"


def test_the_end_of_a_period_without_a_year_is_due_in_the_start_year() -> None:
    model = parse("2021.1.1-12.31")
    assert isinstance(model, Deadline)
    assert model.due_date(2030) == dt.date(2021, 12, 31)
    relative = parse("次年1-3月")
    assert isinstance(relative, Deadline)
    assert relative.due_date(2023) == dt.date(2024, 3, 31)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("3-6个月", "range"),  # 个月 is a duration
        ("1-12个月", "range"),
        ("10-20万元", "range"),
        ("1-3个", "range"),
        ("1.5-2.5", "range"),
        ("2023.07", "comparison"),  # a dotted year-month alone is a number
        ("≥2023.5", "comparison"),
        ("2023.13-2024.01", "range"),  # no month 13: numbers
        ("1899.1-1899.12", "range"),  # no plausible year: numbers
        ("每年1-3次", "range"),
    ],
)
def test_durations_and_numeric_ranges_stay_numbers(text: str, kind: str) -> None:
    assert _both_paths(text).kind == kind


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12-1月", "期间的终点早于起点"),  # across the year end: write the end's year
        ("2021.12.1-2.28", "期间的终点早于起点"),
        ("2021.2.1-2.30", "日期 “2.30” 不成立"),
    ],
)
def test_a_period_that_cannot_be_is_an_error(text: str, reason: str) -> None:
    assert reason in _error(text).reason


# ---- an operator word that starts a label is the operator ---------------------------------

@pytest.mark.parametrize(
    ("text", "op", "label", "noun", "canonical"),
    [
        ("至少全年完成2次宣传", ">=", "全年完成", "宣传", "全年完成≥2次宣传"),  # once =2次
        ("至少全年完成2次", ">=", "全年完成", None, "全年完成≥2次"),
        ("不低于全年目标95%", ">=", "全年目标", None, "全年目标≥95%"),
        ("不超过全年预算100万元", "<=", "全年预算", None, "全年预算≤100万元"),
        ("最多全年3次以下", "<=", "全年", None, "全年≤3次"),
    ],
)
def test_an_operator_word_that_starts_a_label_sets_the_operator(
        text: str, op: str, label: str, noun: str | None, canonical: str) -> None:
    model = _both_paths(text)
    assert isinstance(model, Comparison)
    assert (model.op.value, model.label, model.noun, model.implicit_op) == (op, label, noun, False)
    assert str(model) == canonical
    _reads_back(model)


def test_an_operator_word_in_a_label_against_the_suffix_is_a_contradiction() -> None:
    assert "运算符矛盾" in _error("至少全年3次以下").reason


@pytest.mark.parametrize("text", ["达标率95%", "约束性指标100%"])
def test_a_one_character_operator_word_starts_an_ordinary_label(text: str) -> None:
    model = _both_paths(text)
    assert isinstance(model, Comparison)
    assert model.implicit_op and model.label == text[: text.index(next(filter(str.isdigit, text)))]


# ---- a deadline, then a value and a verb ----------------------------------------------------

@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("12月底前100%到位", "12月底前;100%到位"),  # once an error at 位
        ("年底前100%到位", "年底前;100%到位"),
        ("12月底前完成100%", "12月底前完成;100%"),
    ],
)
def test_a_deadline_and_a_value_are_a_compound(text: str, canonical: str) -> None:
    model = _both_paths(text)
    assert [c.kind for c in model.clauses] == ["deadline", "comparison"]  # type: ignore[union-attr]
    assert str(model) == canonical
    _reads_back(model)


@pytest.mark.parametrize(("text", "kind"), [("100%到位", "comparison"), ("90%至95%", "range"),
                                            ("1月到12月", "deadline"), ("5月至次年3月", "deadline"),
                                            ("上半年至年底", "deadline")])
def test_zhi_and_dao_join_a_range_only_before_a_number_or_a_date(text: str, kind: str) -> None:
    assert _both_paths(text).kind == kind


# ---- sentences: basis words and conditions --------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "第一年按总投资额返本20%,分红按8%分红",
        "严格按照预算标准1000元/人给补助对象兑付补助",
        "1-6期培训结束后及时考核",
        "分红按8%",
        "按照标准100元/人发放",
        "依据合同按30%预付",
        "2个项目完成后组织验收",
    ],
)
def test_a_number_a_sentence_applies_is_a_phrase(text: str) -> None:
    _is_the_phrase_as_written(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("按时完成率100%", "按时完成率"),  # 按时 is no basis word
        ("按期完成≥95%", "按期完成"),
        ("按标准发放率100%", "按标准发放率"),  # names what is measured
        ("按病种付费医院数≥5家", "按病种付费医院数"),
        ("资金按规定拨付到位率100%", "资金按规定拨付到位率"),
    ],
)
def test_a_measured_label_with_a_basis_word_stays_a_comparison(text: str, label: str) -> None:
    model = _both_paths(text)
    assert isinstance(model, Comparison)
    assert model.label == label


def test_basis_words_come_from_the_vocabulary(tmp_path: Path) -> None:
    words = tmp_path / "vocabulary.toml"
    words.write_text('[sentence]\nbasis = ["参照"]\n', encoding="utf-8")
    parser = IndicatorParser.from_files(vocabulary=words)
    assert parser.parse("参照标准100元").kind == "qualitative"
    assert default_parser().parse("参照标准100元").kind == "comparison"

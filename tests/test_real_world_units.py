"""Issue 12, items 1–3: what people type after a number.

Counter words (量词) are units, a unit typed with a look-alike character is refused with
a suggestion (never read as a noun), traditional characters are read as simplified, and
a word in the unit position that the unit table does not know is flagged.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhibiao import (
    Comparison,
    DataFileError,
    IndicatorParser,
    IndicatorSyntaxError,
    Qualitative,
    parse,
)
from zhibiao.cli import main
from zhibiao.engine.actuals import parse_actual
from zhibiao.engine.evaluate import evaluate
from zhibiao.grammar.confusables import default_confusables, load_confusables
from zhibiao.grammar.contract import result_json
from zhibiao.grammar.models import Compound, Range, Target
from zhibiao.grammar.normalize import normalize
from zhibiao.grammar.parser import default_parser
from zhibiao.grammar.traditional import default_traditional_table, load_traditional_table
from zhibiao.grammar.units import default_unit_table
from zhibiao.grammar.value_warnings import UNREGISTERED_UNIT, value_warnings
from zhibiao.grammar.vocabulary import default_vocabulary

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "rulesets" / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.toml"


def _both(text: str) -> Target:
    """The model of ``text``, checked equal on the fast path and the grammar path."""
    parser = default_parser()
    model = parser.parse(text)
    slow = parser.parse_with_grammar(text)
    assert model == slow and model.span == slow.span and str(model) == str(slow)
    return model


def _refused(text: str) -> IndicatorSyntaxError:
    """The error for ``text``, the same on both paths."""
    parser = default_parser()
    with pytest.raises(IndicatorSyntaxError) as fast:
        parser.parse(text)
    with pytest.raises(IndicatorSyntaxError) as slow:
        parser.parse_with_grammar(text)
    assert (fast.value.reason, fast.value.column, fast.value.suggestion) == \
        (slow.value.reason, slow.value.column, slow.value.suggestion)
    return fast.value


# ---- item 2: counter words -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        # the issue's examples
        ("=2单", "==", "2", "单"), ("3种", "==", "3", "种"), ("≤1起", "<=", "1", "起"),
        ("500 种次", "==", "500", "种次"), ("≥3宗", ">=", "3", "宗"),
        ("650元/生/年", "==", "650", "元/生/年"),
        # variants: compound counters, collective counters, the brief's list
        ("≥1200人日", ">=", "1200", "人日"), ("≥300人天", ">=", "300", "人日"),
        ("≥5000床日", ">=", "5000", "床日"), ("≥48课时", ">=", "48", "课时"),
        ("≥32学时", ">=", "32", "学时"), ("≥20户次", ">=", "20", "户次"),
        ("≥20人次", ">=", "20", "人次"), ("≥2届", ">=", "2", "届"), ("≥3轮", ">=", "3", "轮"),
        ("≥4班", ">=", "4", "班"), ("≥2队", ">=", "2", "队"), ("≥3支", ">=", "3", "支"),
        ("≥50头", ">=", "50", "头"), ("≥100只", ">=", "100", "只"), ("≥20匹", ">=", "20", "匹"),
        ("≥500株", ">=", "500", "株"), ("≥1000棵", ">=", "1000", "棵"),
        ("=120亩", "==", "120", "亩"), ("≥2艘", ">=", "2", "艘"), ("≥3架", ">=", "3", "架"),
        ("≥10架次", ">=", "10", "架次"), ("≥5座", ">=", "5", "座"), ("≥2栋", ">=", "2", "栋"),
        ("≥30间", ">=", "30", "间"), ("≥100张", ">=", "100", "张"), ("≥200份", ">=", "200", "份"),
        ("≥3册", ">=", "3", "册"), ("≥3本", ">=", "3", "本"), ("≥2篇", ">=", "2", "篇"),
        ("≥2部", ">=", "2", "部"), ("≥6场", ">=", "6", "场"), ("≥4期", ">=", "4", "期"),
        ("≥3批", ">=", "3", "批"), ("≥2套", ">=", "2", "套"), ("≥5台", ">=", "5", "台"),
        ("≥3辆", ">=", "3", "辆"), ("≥4组", ">=", "4", "组"), ("≥10件", ">=", "10", "件"),
        ("≥100笔", ">=", "100", "笔"), ("≥5门", ">=", "5", "门"), ("≥20口", ">=", "20", "口"),
        ("≥10万尾", ">=", "100000", "尾"), ("≥300盏", ">=", "300", "盏"),
        ("≥10部门", ">=", "10", "部门"), ("≥50单位", ">=", "50", "单位"),
        ("≤200元/人日", "<=", "200", "元/人日"), ("每年≥2届", ">=", "2", "届/年"),
        ("≥1.2万人次", ">=", "12000", "人次"), ("三宗", "==", "3", "宗"),
        ("两届", "==", "2", "届"),
    ],
)
def test_counter_words_keep_their_unit(text: str, op: str, value: str, unit: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.op.value, model.quantity.value, model.quantity.unit.name) == \
        (op, Decimal(value), unit)
    assert model.noun is None
    assert parse(str(model)) == model
    assert value_warnings(model) == ()


def test_rate_per_student_orders_like_per_person() -> None:
    """生 is a counter, so it goes before the time unit as 人 does (元/人/年)."""
    per_student = _both("650元/生/年")
    assert per_student == _both("650元/年/生")
    assert str(per_student) == "650元/生/年"
    assert default_unit_table().definition("生").dimension != \
        default_unit_table().definition("人").dimension


def test_every_counter_of_the_issue_is_in_the_table() -> None:
    written = default_unit_table().written
    wanted = ["人次", "户次", "种次", "人日", "床日", "课时", "学时", "单", "种", "起", "宗",
              "件", "批", "套", "台", "辆", "艘", "架", "座", "栋", "间", "张", "份", "册", "本",
              "篇", "部", "场", "期", "届", "轮", "班", "组", "队", "支", "头", "只", "匹", "株",
              "棵", "亩"]
    assert [w for w in wanted if w not in written] == []


@pytest.mark.parametrize("text", ["一起抓", "受益一生", "统一部署", "两部分组成", "群众十分满意",
                                  "十分重要", "一村一品", "一条龙服务", "三支一扶", "新一轮改革",
                                  "办理、一单制结算", "一口价"])
def test_a_chinese_numeral_in_a_word_is_no_count(text: str) -> None:
    """一起, 十分, 统一部署: the numeral forms a word with a counter; the text is a phrase."""
    model = _both(text)
    assert isinstance(model, Qualitative)
    assert model.text == text.replace(" ", "")


@pytest.mark.parametrize(("text", "value", "unit"),
                         [("三次", "3", "次"), ("十分钟", "10", "分钟"), ("两万人", "20000", "人"),
                          ("十二个月", "12", "月"), ("≥三个", "3", "个")])
def test_chinese_numerals_still_count_other_units(text: str, value: str, unit: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (model.quantity.value, model.quantity.unit.name) == (Decimal(value), unit)


def test_not_counted_words_are_units_of_the_table() -> None:
    written = default_unit_table().written
    assert [w for w in default_vocabulary().not_counted if w not in written] == []


# ---- item 1: look-alike characters -------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "written", "suggestion", "column"),
    [
        ("≥1.2万入", "万入", "万人", 6), ("≤4万圆", "万圆", "万元", 4),
        ("≥3曰", "曰", "日", 3), ("≥20囗", "囗", "口", 4), ("5仟元", "仟元", "千元", 2),
        ("≤5仟", "仟", "千", 3), ("≥1.2 万 入", "万入", "万人", 8), ("1-3入", "入", "人", 4),
        ("每年≥3欠", "欠", "次", 5), ("≤30夭", "夭", "天", 4), ("≥500屯", "屯", "吨", 5),
        ("≥10尸", "尸", "户", 4), ("≥2佰万元", "佰万元", "百万元", 3),
        ("受益人数≥1.2万入", "万入", "万人", 10), ("≤4万圆（含税）", "万圆", "万元", 4),
    ],
)
def test_a_unit_typed_with_a_lookalike_is_refused(text: str, written: str, suggestion: str,
                                                  column: int) -> None:
    error = _refused(text)
    assert error.reason == f"无法识别的单位 “{written}”"
    assert error.suggestion == suggestion
    assert error.column == column
    assert f"是否想写“{suggestion}”" in str(error)


@pytest.mark.parametrize("text", ["≥10个入户", "≥3次入户走访", "≥95%入学率", "≥10人曰常"])
def test_after_a_unit_a_lookalike_is_an_ordinary_noun(text: str) -> None:
    """Only the word right after the number stands where the unit goes."""
    model = _both(text)
    assert isinstance(model, Comparison) and model.noun is not None


@pytest.mark.parametrize(
    ("text", "written", "meant", "column"),
    [("≥1O0%", "1O0", "100", 2), ("≥9O%", "9O", "90", 2), ("l00%", "l00", "100", 1),
     ("≥95.O%", "95.O", "95.0", 2), ("≤1o个工作日", "1o", "10", 2), ("≥1OO万元", "1OO", "100", 2),
     ("≥95%,≥1O0%", "1O0", "100", 7), ("≥１Ｏ０％", "1O0", "100", 2)],
)
def test_a_letter_for_a_digit_is_refused(text: str, written: str, meant: str,
                                         column: int) -> None:
    error = _refused(text)
    assert error.reason == f"数字 “{written}” 中混有字母"
    assert (error.suggestion, error.column) == (meant, column)


@pytest.mark.parametrize("text", ["ISO9001认证", "O2O模式", "≥95%", "5%o", "GB/T 19001"])
def test_letters_in_words_are_no_digits(text: str) -> None:
    assert default_confusables().digit_lookalike(normalize(text, default_vocabulary()).text) \
        is None


@pytest.mark.parametrize(("actual", "suggestion"), [("4.3万圆", "万元"), ("1.3万入", "万人"),
                                                    ("1O0%", "100")])
def test_an_actual_with_a_lookalike_is_not_scored_silently(actual: str,
                                                            suggestion: str) -> None:
    with pytest.raises(IndicatorSyntaxError) as info:
        parse_actual(actual)
    assert info.value.suggestion == suggestion
    outcome = evaluate("≤4万元", actual, weight=Decimal(10))
    assert outcome.status == "not_evaluable" and outcome.score == 0
    assert suggestion in outcome.explanation


def test_the_confusable_check_is_a_function_of_the_grammar_layer() -> None:
    units = default_unit_table()
    confusables = default_confusables()
    assert confusables.unit_lookalike("圆", units, "万") == "万元"
    assert confusables.unit_lookalike("入户", units) == "人"
    assert confusables.unit_lookalike("项目", units) is None
    assert confusables.unit_lookalike("圆形", units, "") == "元"


def test_confusables_file_errors_name_the_line() -> None:
    with pytest.raises(DataFileError) as info:
        load_confusables("圆 = 元\n圆元\n", "my.txt")
    assert str(info.value).startswith("my.txt:2")
    with pytest.raises(DataFileError):
        load_confusables("@digit 0 = O\n", "my.txt")
    table = load_confusables("# c\n@digit Q = 0  # note\n圆 = 元\n")
    assert (table.digits, table.characters) == ({"Q": "0"}, {"圆": "元"})


def test_confusables_map_to_characters_of_units_or_multipliers() -> None:
    units = default_unit_table()
    words = "".join((*units.written, *units.multipliers))
    assert [c for c in default_confusables().characters.values() if c not in words] == []
    assert [w for w in default_confusables().characters if w in words] == []


# ---- item 3: traditional characters ------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "canonical", "value", "unit"),
    [("5萬", "5万", "50000", ""), ("=120畝", "=120亩", "120", "亩"),
     ("≤3億元", "≤3亿元", "300000000", "元"), ("100個", "100个", "100", "个"),
     ("≥30個工作日", "≥30工作日", "30", "工作日"), ("≥1.2萬人次", "≥1.2万人次", "12000", "人次"),
     ("處置率達100%", "处置率≥100%", "100", "%"), ("≤620萬/月", "≤620万/月", "6200000", "/月"),
     ("每年≥3場", "≥3场/年", "3", "场/年"), ("=2單", "=2单", "2", "单")],
)
def test_traditional_characters_read_as_simplified(text: str, canonical: str, value: str,
                                                   unit: str) -> None:
    model = _both(text)
    assert isinstance(model, Comparison)
    assert (str(model), model.quantity.value, model.quantity.unit.name) == \
        (canonical, Decimal(value), unit)
    assert model.noun is None
    assert model.span is not None and (model.span.start, model.span.end) == (0, len(text))


def test_traditional_phrases_and_deadlines_are_simplified() -> None:
    phrase = _both("顯著提升")
    assert isinstance(phrase, Qualitative) and phrase.text == "显著提升"
    assert phrase.group == parse("显著提升").group
    assert _both("年底前完成") == _both("年底前完成")
    assert str(_both("本指標不適用")) == "本指标不适用"


def test_errors_in_traditional_text_point_into_the_text_as_written() -> None:
    error = _refused("≤30個工作曰")
    assert (error.column, error.suggestion) == (5, "工作日")
    error = _refused("≤4萬圓")
    assert (error.column, error.suggestion) == (4, "万元")


def test_traditional_table_is_one_for_one_and_stable() -> None:
    table = default_traditional_table()
    assert len(table.simplified) > 3000
    assert not set(table.simplified) & set(table.simplified.values())
    for ambiguous in "乾著於":  # the word decides: left alone
        assert ambiguous not in table.simplified


def test_no_word_of_the_data_files_is_written_in_traditional_characters() -> None:
    """A unit or vocabulary word with a traditional character could never match."""
    table = default_traditional_table()
    vocabulary = default_vocabulary()
    words = [*default_unit_table().written, *default_unit_table().multipliers,
             *(w for ops in vocabulary.operators for w in (*ops.prefix, *ops.suffix)),
             *vocabulary.na_phrases, *vocabulary.year_end, *vocabulary.done,
             *(w for g in vocabulary.groups for w in g.words)]
    assert [w for w in words if table.convert(w) != w] == []


def test_traditional_file_errors_name_the_line() -> None:
    with pytest.raises(DataFileError) as info:
        load_traditional_table("萬 万\n億億 亿\n", "my.txt")
    assert str(info.value).startswith("my.txt:2")
    with pytest.raises(DataFileError):
        load_traditional_table("萬 万\n万 萬\n", "my.txt")
    with pytest.raises(DataFileError):  # has_traditional skips text below CJK
        load_traditional_table("A a\n", "my.txt")


_TRADITIONAL = sorted(default_traditional_table().simplified)


@given(st.text(st.sampled_from([*_TRADITIONAL[:200], "萬", "億", "個", "畝", "≥", "1", "%", " "]),
               max_size=20))
def test_normalising_converts_one_for_one_and_twice_changes_nothing(text: str) -> None:
    vocabulary = default_vocabulary()
    once = normalize(text, vocabulary)
    assert len(once.text) == len(once.origin)
    assert not default_traditional_table().found_in(once.text)
    again = normalize(once.text, vocabulary)
    assert again.text == once.text


# ---- warnings: a word in the unit position that is not in the unit table -----------------

@pytest.mark.parametrize(("text", "word"), [("≥3桌", "桌"), ("≥1.2万受益群众", "受益群众"),
                                            ("1-3桌", "桌")])
def test_an_unregistered_unit_is_a_warning(text: str, word: str) -> None:
    model = _both(text)
    warnings = value_warnings(model)
    assert [w.code for w in warnings] == [UNREGISTERED_UNIT]
    assert warnings[0].message.startswith(f"未登记的计量单位 “{word}”")
    record = result_json(text, model)
    assert record["warnings"] == [{"code": UNREGISTERED_UNIT, "message": warnings[0].message,
                                   "hint": warnings[0].hint}]


def test_warnings_of_a_compound_are_per_clause() -> None:
    model = _both("≥3桌;≥2单;≥5席")
    assert isinstance(model, Compound)
    assert [w.message.split("：")[0] for w in value_warnings(model)] == \
        ["未登记的计量单位 “桌”", "未登记的计量单位 “席”"]


@pytest.mark.parametrize("text", ["≥95%", "≥10个项目", "=2单", "≈30万", "显著提升", "年底前完成",
                                  "90%-95%"])
def test_registered_units_have_no_warning(text: str) -> None:
    model = _both(text)
    assert value_warnings(model) == ()
    assert "warnings" not in result_json(text, model)


def test_parse_json_carries_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--json", "≥3桌", "=2单"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["warnings"][0]["code"] == UNREGISTERED_UNIT
    assert set(first["warnings"][0]) == {"code", "message", "hint"}
    assert "warnings" not in second and second["unit"] == "单"


def test_parse_text_output_shows_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "≥3桌"]) == 0
    assert "⚠ 未登记的计量单位 “桌”" in capsys.readouterr().out


def test_parse_json_refuses_a_lookalike_with_a_suggestion(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--json", "≤4万圆"]) == 1
    record = json.loads(capsys.readouterr().out)
    assert record["ok"] is False and record["error"]["suggestion"] == "万元"


def test_check_warns_on_an_unregistered_unit_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = RULESET.read_text(encoding="utf-8")
    assert 'value = "≥95%"' in source
    ruleset = tmp_path / "units.toml"
    ruleset.write_text(source.replace('value = "≥95%"', 'value = "≥3桌"', 1), encoding="utf-8")
    line = ruleset.read_text(encoding="utf-8").splitlines().index('value = "≥3桌"') + 1
    assert main(["check", str(ruleset), "--json"]) == 0
    problems = [json.loads(text) for text in capsys.readouterr().out.splitlines()]
    found = [p for p in problems if p["code"] == UNREGISTERED_UNIT]
    assert len(found) == 1
    assert (found[0]["severity"], found[0]["file"], found[0]["line"]) == \
        ("warning", str(ruleset), line)
    assert "未登记的计量单位 “桌”" in found[0]["message"]


def test_range_and_comparison_read_the_same_unit_position() -> None:
    model = _both("1-3单")
    assert isinstance(model, Range) and model.high.unit.name == "单"


def test_a_rule_author_extends_the_words_chinese_numerals_do_not_count(tmp_path: Path) -> None:
    words = tmp_path / "vocabulary.toml"
    words.write_text('[chinese_numerals]\nnot_counted = ["届"]\n', encoding="utf-8")
    parser = IndicatorParser.from_files(vocabulary=words)
    assert isinstance(parser.parse("历届"), Qualitative)
    assert isinstance(parser.parse("两届"), Qualitative)
    assert isinstance(parser.parse("≥2届"), Comparison)
    assert "起" in parser.vocabulary.not_counted  # the package's words are kept


@pytest.mark.parametrize(("text", "suggestion"), [("650元/入/年", "人"), ("≥3次/曰", "日")])
def test_a_lookalike_in_a_rate_gets_a_suggestion(text: str, suggestion: str) -> None:
    error = _refused(text)
    assert error.suggestion == suggestion
    assert "单位" in error.expected


def test_traditional_actuals_read_as_simplified() -> None:
    number = parse_actual("4.3萬元")
    assert number.kind == "number"
    assert (number.quantity.value, number.quantity.unit.name) == (Decimal(43000), "元")
    traditional, simplified = parse_actual("基本達到"), parse_actual("基本达到")
    assert traditional.kind == simplified.kind  # a word of the evaluators' vocabulary
    assert traditional.model_dump(exclude={"text"}) == simplified.model_dump(exclude={"text"})
    assert parse_actual("不適用").kind == "not_applicable"


def test_check_refuses_a_lookalike_target_with_its_suggestion(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ruleset = tmp_path / "lookalike.toml"
    ruleset.write_text(RULESET.read_text(encoding="utf-8").replace(
        'value = "≥95%"', 'value = "≤4万圆"', 1), encoding="utf-8")
    assert main(["check", str(ruleset), "--json"]) == 1
    problems = [json.loads(text) for text in capsys.readouterr().out.splitlines()]
    errors = [p for p in problems if p["severity"] == "error"]
    assert [p["code"] for p in errors] == ["unparsable_value"]
    assert "万元" in errors[0]["message"] and errors[0]["line"] > 0


_RIGHT_TO_WRONG = {right: wrong for wrong, right in default_confusables().characters.items()}
_MISTYPABLE = sorted(form for form in default_unit_table().written
                     if form[0] in _RIGHT_TO_WRONG)


@given(st.sampled_from(_MISTYPABLE), st.sampled_from(["", *default_unit_table().multipliers]),
       st.sampled_from(["", "≥", "≤", "不低于", "="]), st.integers(1, 10**6))
def test_any_unit_typed_with_a_lookalike_is_refused(unit: str, multiplier: str, op: str,
                                                    number: int) -> None:
    """Every unit that starts with a character of confusables.txt, typed with its
    look-alike after any number and multiplier, is refused with the unit suggested."""
    written = _RIGHT_TO_WRONG[unit[0]] + unit[1:]
    error = _refused(f"{op}{number}{multiplier}{written}")
    assert error.suggestion == multiplier + unit

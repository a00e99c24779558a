"""Direction of a bare value from the indicator's name (issue 15 item 4, DOMAIN §8).

The words are data (``zhibiao/grammar/direction_names.toml``, extended by a rule author's
``--vocabulary``); the engine reads them only with the policy setting
``direction_from_name`` on, only for a target without an operator, after an explicit
``direction`` and ``bare_value_by_category`` — and says so in the explanation and the
flag ``direction_from_name``. The regression rows are variants written for this test, not
rows of the held-out sets.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhibiao.engine import Direction, Policy, Scorer, Status, evaluate
from zhibiao.engine.evaluate import evaluate_reference
from zhibiao.engine.name_direction import NAME_FLAG, direction_from_name, name_match
from zhibiao.errors import DataFileError
from zhibiao.grammar import (
    Comparison,
    IndicatorParser,
    NameDirection,
    default_vocabulary,
    parse,
    unit_dimension,
)
from zhibiao.grammar.direction_names import DirectionNames, load_direction_names
from zhibiao.ruleset import load_ruleset
from zhibiao.testing.strategies import target_texts

ON = Policy(direction_from_name=True)
ROOT = Path(__file__).resolve().parents[1]
NAMES = default_vocabulary().direction_names


# ---- the word list ---------------------------------------------------------------------

@pytest.mark.parametrize(("name", "dimension", "word", "way"), [
    ("年度预算调整率", "ratio", "预算调整率", "lower"),
    ("项目结转结余率", "ratio", "结转结余率", "lower"),
    ("农作物病虫害受害率", "ratio", "受害率", "lower"),
    ("安全生产事故起数", "counter", "事故", "lower"),
    ("群众有效投诉率", "ratio", "投诉率", "lower"),
    ("档案整理差错率", "ratio", "差错率", "lower"),
    ("保障性住房空置率", "ratio", "空置率", "lower"),
    ("人员经费控制率", "ratio", "控制率", "lower"),
    ("会议费控制数", "money", "控制数", "lower"),
    ("疫苗接种覆盖率", "ratio", "覆盖率", "higher"),
    ("服务对象满意度", "ratio", "满意度", "higher"),
    ("验收合格率", "ratio", "合格率", "higher"),
    # A more specific (longer) word wins over a shorter one of the other direction.
    ("安全事故处理率", "ratio", "处理率", "higher"),
    ("群众投诉办结率", "ratio", "办结率", "higher"),
    ("高血压患者血压控制率", "ratio", "血压控制率", "higher"),
    # Words bound to a dimension.
    ("单位培训成本", "money", "成本", "lower"),
    ("业务办理时限", "duration", "时限", "lower"),
    ("图书馆每周开放时间", "duration", "开放时间", "higher"),
])
def test_words_give_directions(name: str, dimension: str, word: str, way: str) -> None:
    assert NAMES.match(name, dimension) == NameDirection(word, way)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "dimension"), [
    ("成本核算次数", "counter"),            # 成本 is bound to money
    ("高血压随访控制数", "counter"),        # 控制数 is bound to money: a count of patients
    ("事故发生率下降幅度", "ratio"),        # a change: unless
    ("满意度较上年提高", "ratio"),
    ("持续加强打击欺诈骗保的违法行为", "duration"),  # an action against the harm
    ("违规问题整改率", "ratio"),
    ("培训人数", "counter"),                # no word
    ("", "ratio"),
])
def test_names_that_decide_nothing(name: str, dimension: str) -> None:
    assert NAMES.match(name, dimension) is None


def test_equally_specific_words_that_disagree_decide_nothing() -> None:
    names = DirectionNames(lower=("事故",), higher=("数量",))
    assert names.match("事故数量") is None
    assert names.match("事故起数") == NameDirection("事故", "lower")


def test_spaces_in_a_name_do_not_hide_a_word() -> None:
    assert NAMES.match("预算 调整率", "ratio") == NameDirection("预算调整率", "lower")


@pytest.mark.parametrize(("dimension", "expected"), [
    ("money", "money"), ("money/counter:人/clock", "money"), ("clock", "duration"),
    ("workday", "duration"), ("calendar", "duration"), ("counter:人", "counter"),
    ("ratio", "ratio")])
def test_unit_dimensions(dimension: str, expected: str) -> None:
    assert unit_dimension(dimension) == expected


def test_the_package_words_are_sorted_and_unique() -> None:
    for words in (NAMES.lower, NAMES.higher, NAMES.unless):
        assert len(set(words)) == len(words)
        assert list(words) == sorted(words, key=lambda w: (-len(w), w))
    assert set(NAMES.lower).isdisjoint(NAMES.higher)


def test_a_vocabulary_file_extends_the_words(tmp_path: Path) -> None:
    extra = tmp_path / "words.toml"
    extra.write_text('[direction_names]\nlower = ["返贫率"]\nunless = ["防止"]\n'
                     '[direction_names.lower_by_unit]\nmoney = ["管护费"]\n', encoding="utf-8")
    parser = IndicatorParser.from_files(vocabulary=extra)
    names = parser.vocabulary.direction_names
    assert names.match("脱贫人口返贫率", "ratio") == NameDirection("返贫率", "lower")
    assert names.match("防止脱贫人口返贫率", "ratio") is None
    assert names.match("林地管护费", "money") == NameDirection("管护费", "lower")
    assert names.match("预算调整率", "ratio") == NameDirection("预算调整率", "lower")  # kept
    outcome = evaluate("1%", "2%", weight=10, policy=ON, parser=parser, indicator="返贫率")
    assert outcome.flags == (NAME_FLAG,) and outcome.score == Decimal("5.00")


@pytest.mark.parametrize(("section", "piece"), [
    ({"lower": "事故"}, "direction_names.lower"),
    ({"higher": ["覆盖率", ""]}, "direction_names.higher"),
    ({"lower_by_unit": ["成本"]}, "direction_names.lower_by_unit"),
    ({"lower_by_unit": {"money": [1]}}, "direction_names.lower_by_unit.money"),
    ({"lowr": ["事故"]}, "未知的键"),
])
def test_a_bad_section_is_refused_in_chinese(section: dict[str, object], piece: str) -> None:
    with pytest.raises(DataFileError) as caught:
        load_direction_names(section, "words.toml")
    assert piece in str(caught.value) and "words.toml" in str(caught.value)


# ---- the engine ------------------------------------------------------------------------

#: Variants written for this test: (name, target, actual, weight, status, score).
REGRESSIONS = [
    ("年度预算调整率", "5%", "2%", "10", Status.ACHIEVED, "10.00"),
    ("年度预算调整率", "5%", "8%", "10", Status.NOT_ACHIEVED, "6.25"),
    ("项目结转结余率", "8%", "0", "5", Status.ACHIEVED, "5.00"),
    ("人员经费控制率", "100%", "95%", "4", Status.ACHIEVED, "4.00"),
    ("安全生产事故发生率", "1‰", "0‰", "5", Status.ACHIEVED, "5.00"),
    ("群众投诉率", "2%", "4%", "10", Status.NOT_ACHIEVED, "5.00"),
    ("会议费用", "5万元", "4万元", "6", Status.ACHIEVED, "6.00"),
    ("专家评审成本", "800元/人/天", "600元/人、天", "3", Status.ACHIEVED, "3.00"),
    ("业务办理时限", "5个工作日", "4个工作日", "5", Status.ACHIEVED, "5.00"),
    ("疫苗接种覆盖率", "95%", "90%", "10", Status.NOT_ACHIEVED, "9.47"),
    ("安全事故处理率", "100%", "100%", "10", Status.ACHIEVED, "10.00"),
]


@pytest.mark.parametrize(("name", "target", "actual", "weight", "status", "score"), REGRESSIONS)
def test_regressions_with_the_name(name: str, target: str, actual: str, weight: str,
                                   status: Status, score: str) -> None:
    outcome = evaluate(target, actual, weight=weight, policy=ON, indicator=name)
    assert (outcome.status, str(outcome.score)) == (status, score), outcome.explanation
    assert NAME_FLAG in outcome.flags
    found = name_match(name, parse(target))  # type: ignore[arg-type]
    assert found is not None
    way = "反向指标（越低越好）" if found.direction == "lower" else "正向指标（越高越好）"
    assert f"未写运算符的指标，指标名称含“{found.word}”，按{way}计分，" in outcome.explanation
    reference = evaluate_reference(target, actual, weight=weight, policy=ON, indicator=name)
    assert reference == outcome  # the fused kernel and the step-by-step path agree


def test_the_issue_example_a_bare_three_percent_for_budget_adjustment() -> None:
    outcome = evaluate("3%", "4%", weight=10, policy=ON, indicator="预算调整率")
    assert outcome.score == Decimal("7.50") and outcome.polarity == "lower"
    assert "指标名称含“预算调整率”，按反向指标（越低越好）计分" in outcome.explanation


def test_off_by_default_the_name_changes_nothing() -> None:
    with_name = evaluate("3%", "4%", weight=10, indicator="预算调整率")
    assert with_name == evaluate("3%", "4%", weight=10)
    assert with_name.polarity == "higher" and NAME_FLAG not in with_name.flags


def test_precedence() -> None:
    # an explicit direction (a ruleset's, a table's 指标性质) wins over the name
    explicit = evaluate("3%", "4%", weight=10, policy=ON, indicator="预算调整率",
                        direction=Direction.HIGHER)
    assert explicit.polarity == "higher" and NAME_FLAG not in explicit.flags
    # an operator, = included, wins over the name
    for text in ("≥3%", "=3%", "≈3%"):
        outcome = evaluate(text, "4%", weight=10, policy=ON, indicator="预算调整率")
        assert outcome == evaluate(text, "4%", weight=10, policy=ON), text
    # the policy's table by 二级指标 wins over the name
    table = Policy(direction_from_name=True, bare_value_by_category={"成本指标": "等于"})
    by_category = evaluate("3%", "4%", weight=10, policy=table, indicator="预算调整率",
                           category="成本指标")
    assert by_category.polarity == "exact" and NAME_FLAG not in by_category.flags
    # the name wins over the policy's bare_value
    lower_default = Policy(direction_from_name=True, bare_value="反向")
    named = evaluate("95%", "90%", weight=10, policy=lower_default, indicator="覆盖率")
    assert named.polarity == "higher" and named.score == Decimal("9.47")
    assert evaluate("95%", "90%", weight=10, policy=lower_default).polarity == "lower"


def test_direction_from_name_helper_follows_the_precedence() -> None:
    target = parse("3%")
    assert isinstance(target, Comparison)
    assert direction_from_name(target, "预算调整率", Policy(), None) is None
    found = direction_from_name(target, "预算调整率", ON, None)
    assert found is not None and found.direction is Direction.LOWER
    ruled = Policy(direction_from_name=True, bare_value_by_category={"成本指标": "正向"})
    assert direction_from_name(target, "预算调整率", ruled, "成本指标") is None
    assert direction_from_name(target, "预算调整率", ruled, "数量指标") is not None


def test_compound_clauses_read_the_name() -> None:
    outcome = evaluate("3%，5万元", "4%，4万元", weight=10, policy=ON, indicator="预算调整率")
    assert NAME_FLAG in outcome.flags
    assert outcome.score == evaluate("≤3%，≤5万元", "4%，4万元", weight=10).score


def test_scorer_keeps_the_name() -> None:
    scorer = Scorer.compile("3%", policy=ON, indicator="预算调整率")
    assert scorer.indicator == "预算调整率"
    rule = scorer.numeric_rule
    assert rule is not None and rule.kind == "inverse" and NAME_FLAG in rule.flags
    assert "indicator='预算调整率'" in repr(scorer)


_NAMES = st.sampled_from(sorted(NAMES.lower + NAMES.higher))


@settings(max_examples=150, deadline=None)
@given(pair=target_texts(kinds=["comparison"]), name=_NAMES,
       actual=st.decimals(min_value=0, max_value=1000, places=2))
def test_names_never_override_an_operator(pair: tuple[str, object], name: str,
                                          actual: Decimal) -> None:
    text, model = pair
    assert isinstance(model, Comparison)
    named = evaluate(text, actual, weight=10, policy=ON, indicator=name)
    plain = evaluate(text, actual, weight=10, policy=ON)
    if not model.implicit_op:
        assert named == plain
        return
    found = name_match(name, model)
    if found is not None and named.status in (Status.ACHIEVED, Status.NOT_ACHIEVED):
        assert named.polarity == found.direction, named.explanation


# ---- rulesets and the command line -----------------------------------------------------

def _ruleset(tmp_path: Path, policy: str, direction: str = "") -> Path:
    path = tmp_path / "r.toml"
    path.write_text(f"""
[project]
name = "测试项目"
year = 2024
{policy}
[[indicators]]
id = "1"
level1 = "产出指标"
level2 = "质量指标"
name = "年度预算调整率"
value = "3%"
points = 90
{direction}
""", encoding="utf-8")
    return path


def test_a_ruleset_turns_it_on_and_an_indicator_overrides_it(tmp_path: Path) -> None:
    off = load_ruleset(_ruleset(tmp_path, "")).indicators[0].scorer
    assert off.score("4%", 10).polarity == "higher"
    on = load_ruleset(_ruleset(tmp_path, "[policy]\ndirection_from_name = true\n"))
    outcome = on.indicators[0].scorer.score("4%", 10)
    assert outcome.polarity == "lower" and NAME_FLAG in outcome.flags
    kept = load_ruleset(_ruleset(tmp_path, "[policy]\ndirection_from_name = true\n",
                                 'direction = "正向"'))
    assert kept.indicators[0].scorer.score("4%", 10).polarity == "higher"


def test_the_readme_totals_do_not_change() -> None:
    command = [sys.executable, "-m", "zhibiao", "score",
               "rulesets/000-mingguang-2024/01-chengxiang-yiliao-jiuzhu.toml",
               "rulesets/002-xinzhou-2024/03-falv-guwen.toml",
               "rulesets/003-suzhou-2023/04-jijin-anquan-jianguan.toml",
               "--actuals", "rulesets/examples.actuals.csv"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    for total in ("96.74", "96.20", "97.94"):
        assert total in result.stdout, result.stdout + result.stderr


def test_evaluate_command_reads_the_name() -> None:
    command = [sys.executable, "-m", "zhibiao", "evaluate", "3%", "4%", "-w", "10",
               "--indicator", "预算调整率", "--json"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert '"direction_from_name"' in result.stdout and '"7.50"' in result.stdout


def test_published_rows_score_no_worse_with_names() -> None:
    """selfeval_dev.tsv (DOMAIN §6): with the names read, no published row gets further
    from its published score (today none changes; 14 gain the flag)."""
    path = ROOT / "tests" / "data" / "selfeval_dev.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t")
                if row["level1"] != "预算执行率"]
    flagged = 0
    for row in rows:
        weight = row["weight"] or row["score"]
        category = row["level2"] or None
        plain = evaluate(row["target"], row["actual"], weight=weight, category=category)
        named = evaluate(row["target"], row["actual"], weight=weight, category=category,
                         policy=ON, indicator=row["indicator"])
        published = Decimal(row["score"])
        assert abs(named.score - published) <= abs(plain.score - published), row["indicator"]
        flagged += NAME_FLAG in named.flags
    assert flagged == 14

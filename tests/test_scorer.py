"""``Scorer``: the single scoring path, its fused kernel and the parser it reads with.

- ``Scorer.compile(t, …).score(a, w)`` is ``evaluate(t, a, weight=w, …)``;
- a parser with a rule author's extra units scores everything else exactly like the
  package's own parser, and reads actuals in those units (issue 13: ``30市尺`` against a
  市尺 target keeps its unit through ``evaluate``, ``score`` and ``check``);
- the fused kernel is the step-by-step rules for a non-default value of every
  :class:`Policy` setting (a setting added later without an example here fails
  :func:`test_every_policy_setting_has_an_example`).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhibiao.cli import main
from zhibiao.engine import Outcome, Policy, Scorer, evaluate
from zhibiao.engine.fast import KERNEL_SETTINGS
from zhibiao.errors import ZhibiaoError
from zhibiao.grammar import Comparison, IndicatorParser, Quantity, Target, format_decimal
from zhibiao.ruleset import load_ruleset
from zhibiao.testing.strategies import quantities, targets

UNITS = "市尺 = 1/3 米\n"
RULESET = """\
[project]
name = "围墙修缮"
year = 2024

[budget]
total = "20万元"

[[indicators]]
id = "1"
level1 = "产出指标"
level2 = "数量指标"
name = "修缮围墙长度"
value = "≥30市尺"

[[indicators]]
id = "2"
level1 = "产出指标"
level2 = "质量指标"
name = "墙高"
value = "30"
unit = "市尺"
"""
ACTUALS = "指标编号,实际完成值\n1,30市尺\n2,300市尺\n预算执行率,20万元\n"
NO_UNIT = "实际值未写单位"


@cache
def _units_file() -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="zhibiao-units-"))
    path = folder / "units.txt"
    path.write_text(UNITS, encoding="utf-8")
    return path


@cache
def _extra_parser() -> IndicatorParser:
    return IndicatorParser.from_files(_units_file())


def _comparable(outcome: Outcome) -> tuple[object, ...]:
    fields = tuple((name, type(value).__name__, repr(value))
                   for name, value in outcome.__dict__.items())
    return (fields, sorted(outcome.model_fields_set),
            json.dumps(outcome.to_json(), ensure_ascii=False))


def _run(function: Any, *args: Any, **kwargs: Any) -> tuple[object, ...]:
    try:
        outcome = function(*args, **kwargs)
    except ZhibiaoError as exc:
        return ("raised", type(exc), str(exc))
    assert isinstance(outcome, Outcome)
    return _comparable(outcome)


# ---- the regression of issue 13: a rule author's unit in actuals ------------------------

def test_evaluate_reads_the_actual_with_the_targets_parser() -> None:
    parser = _extra_parser()
    outcome = evaluate("≥30市尺", "30市尺", weight=10, parser=parser)
    assert NO_UNIT not in outcome.explanation and "unit_assumed" not in outcome.flags
    assert outcome.actual is not None and outcome.actual.quantity.unit.name == "市尺"  # type: ignore[union-attr]
    assert outcome.explanation == "目标 ≥30市尺，实际 30市尺，达成；正向指标达到目标，得满分 10.00"
    # a target parsed beforehand and scored through a Scorer: the same
    scorer = Scorer.compile(parser.parse("≥30市尺"), parser=parser)
    assert _comparable(scorer.score("30市尺", 10)) == _comparable(outcome)


@pytest.mark.parametrize(("target", "actual", "expected"), [
    ("≥90米", "300市尺", "折合 100米"),            # converted exactly (1/3 米)
    ("≥30市尺", "10米", "折合 30市尺"),
    ("≥30市尺", "30", "实际值未写单位，按目标单位计为 30市尺"),  # a bare number: assumed, said
    ("≥30市尺", "30公斤", "二者不能换算"),          # another dimension: a mismatch
])
def test_extra_units_convert_and_still_flag(target: str, actual: str, expected: str) -> None:
    outcome = evaluate(target, actual, weight=10, parser=_extra_parser())
    assert expected in outcome.explanation


def test_without_the_units_file_the_unit_is_a_noun() -> None:
    """The default parser reads 市尺 as a word; the note then says so (the old path)."""
    outcome = evaluate("≥30市尺", "30市尺", weight=10)
    assert outcome.actual is not None and outcome.actual.quantity.unit.name == ""  # type: ignore[union-attr]


def test_cli_evaluate_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "≥30市尺", "30市尺", "-w", "10", "--json",
                 "--units", str(_units_file())]) == 0
    result = json.loads(capsys.readouterr().out)
    assert NO_UNIT not in result["explanation"]
    assert result["actual"]["unit"] == "市尺" and result["target"]["unit"] == "市尺"


def _ruleset(tmp_path: Path) -> tuple[Path, Path]:
    ruleset = tmp_path / "weiqiang.toml"
    ruleset.write_text(RULESET, encoding="utf-8")
    actuals = tmp_path / "weiqiang.actuals.csv"
    actuals.write_text(ACTUALS, encoding="utf-8")
    return ruleset, actuals


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_score_units(tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    """Worker processes build the same parser from the files (``--jobs 2``)."""
    rulesets = []
    for key in ("a", "b"):  # two rulesets: with --jobs 2 they go to the workers
        path = tmp_path / f"{key}.toml"
        path.write_text(RULESET.replace("[project]\n", f'[project]\nkey = "{key}"\n'),
                        encoding="utf-8")
        rulesets.append(str(path))
    actuals = tmp_path / "actuals.csv"
    rows = ACTUALS.splitlines()
    actuals.write_text("\n".join(["项目," + rows[0], *(f"{key},{row}" for key in "ab"
                                                       for row in rows[1:])]) + "\n",
                       encoding="utf-8")
    assert main(["score", *rulesets, "-a", str(actuals), "-f", "json", "-q",
                 "--units", str(_units_file()), "--jobs", jobs]) == 0
    out = capsys.readouterr().out
    assert NO_UNIT not in out
    assert "目标 ≥30市尺，实际 30市尺，达成" in out
    assert "目标 30市尺，实际 300市尺（折合 100市尺），达成" not in out  # 300市尺 is 300市尺
    assert "目标 30市尺，实际 300市尺，达成" in out


def test_cli_check_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ruleset, _ = _ruleset(tmp_path)
    assert main(["check", str(ruleset)]) == 1  # unit = "市尺" is unknown without the file
    assert "unknown_unit" in capsys.readouterr().out
    assert main(["check", str(ruleset), "--units", str(_units_file())]) == 0
    out = capsys.readouterr().out
    assert "0 errors, 0 warnings" in out


def test_ruleset_indicators_hold_scorers_with_the_rulesets_parser(tmp_path: Path) -> None:
    ruleset_path, _ = _ruleset(tmp_path)
    parser = _extra_parser()
    ruleset = load_ruleset(ruleset_path, parser)
    assert ruleset.parser is parser
    for indicator in ruleset.indicators:
        assert indicator.scorer.parser is parser
        assert indicator.scorer.policy == indicator.policy
        outcome = indicator.scorer.score("30市尺", indicator.points)
        assert NO_UNIT not in outcome.explanation and outcome.achieved
    assert str(ruleset.indicators[1].scorer.model) == "30市尺"  # the header unit applied


@pytest.mark.parametrize("command", [
    ["evaluate", "≥95%", "92%", "-w", "10"], ["check", "."], ["score", ".", "-a", "."],
    ["parse", "≥95%"]])
def test_unreadable_units_file_is_a_usage_error(tmp_path: Path, command: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--units", str(tmp_path / "无.txt")]) == 2
    assert "无.txt" in capsys.readouterr().err


# ---- Scorer is evaluate -----------------------------------------------------------------

policies = st.builds(
    Policy,
    reverse=st.sampled_from(["inverse", "linear"]),
    bare_value=st.sampled_from(["正向", "反向", "等于"]),
    rounding=st.sampled_from(["0.01", "0.1", "1"]),
    overshoot_flag=st.sampled_from(["1.3", "off", "1.05"]),
    tolerance=st.sampled_from([None, None, "2"]),
)
_WORDS = ("达成预期指标", "部分达成", "优", "", "不适用", "无", "7月", "90%-95%", "abc")


@st.composite
def _actual_for(draw: st.DrawFn, target: Target) -> Any:
    if isinstance(target, Comparison) and draw(st.booleans()):
        like = target.quantity
        if draw(st.booleans()):
            return str(draw(quantities(units=like.unit, min_value=0, max_value=10**6)))
        share = draw(st.decimals(min_value=0, max_value=3, places=3))
        return f"{format_decimal(like.value * share)}{like.unit.name}"
    return draw(st.one_of(
        st.sampled_from(_WORDS),
        st.decimals(min_value=-5, max_value=10**6, places=2, allow_nan=False,
                    allow_infinity=False),
        st.integers(min_value=0, max_value=10**6),
        quantities(max_value=10**5).map(str)))


@st.composite
def _rows(draw: st.DrawFn) -> tuple[Target, Any, Any, dict[str, Any]]:
    target = draw(targets())
    settings_ = {
        "policy": draw(policies),
        "direction": draw(st.sampled_from([None, "正向", "反向", "等于"])),
        "category": draw(st.sampled_from([None, "成本指标"])),
        "unit": draw(st.sampled_from([None, None, "%", "万元"])),
    }
    weight = draw(st.sampled_from([Decimal(10), Decimal("12.5"), 5, "8分", Decimal(0)]))
    return target, draw(_actual_for(target)), weight, settings_


def _scored(target: Target | str, actual: Any, weight: Any, parser: IndicatorParser | None,
            **settings_: Any) -> tuple[object, ...]:
    try:
        scorer = Scorer.compile(target, parser=parser, **settings_)
    except ZhibiaoError as exc:
        return ("raised", type(exc), str(exc))
    return _run(scorer.score, actual, weight)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=_rows())
def test_scorer_is_evaluate(row: tuple[Target, Any, Any, dict[str, Any]]) -> None:
    target, actual, weight, settings_ = row
    expected = _run(evaluate, target, actual, weight=weight, **settings_)
    assert _scored(target, actual, weight, None, **settings_) == expected
    assert _scored(str(target), actual, weight, None, **settings_) == \
        _run(evaluate, str(target), actual, weight=weight, **settings_)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=_rows())
def test_extra_units_score_like_the_default_parser(
        row: tuple[Target, Any, Any, dict[str, Any]]) -> None:
    """Targets and actuals without the added unit: the same outcome, field for field."""
    target, actual, weight, settings_ = row
    text = str(target)
    assert _scored(text, actual, weight, _extra_parser(), **settings_) == \
        _scored(text, actual, weight, None, **settings_)


# ---- the fused kernel under every Policy setting -----------------------------------------

#: A non-default value of every Policy setting. A new setting needs one here: the test
#: below then holds the fused kernel equal to the step-by-step rules under it.
POLICY_EXAMPLES: dict[str, Any] = {
    "reverse": "linear",
    "bare_value": "反向",
    "bare_value_by_category": {"成本指标": "反向"},
    "direction_from_name": True,
    "qualitative_bands": "90/70",
    "qualitative_position": "bottom",
    "late": "proportional_days",
    "overshoot_flag": "1.05",
    "overshoot_cut": "1.2",
    "tolerance": "±5%",
    "rounding": "0.1",
    "rounding_mode": "down",
    "rate_quantum": "0.001",
    "budget_rate_quantum": "off",
    "grades": {"优": 95, "良": 85, "中": 70},
    "year": 2023,
    "bare_actual_scale": "base",
}


def test_every_policy_setting_has_an_example() -> None:
    assert set(POLICY_EXAMPLES) == set(Policy.model_fields)
    for name, value in POLICY_EXAMPLES.items():
        policy = Policy.model_validate({name: value})
        assert getattr(policy, name) != getattr(Policy(), name), name
    assert set(Policy.model_fields) >= KERNEL_SETTINGS


#: Completions where settings act: just under or over the target (tolerance, strict
#: bounds), at the overshoot flag and cut, twice the target (the linear rule's zero).
_SHARES = [Decimal(share) for share in ("0.9", "0.95", "0.96", "0.98", "0.999", "1", "1.001",
                                        "1.02", "1.05", "1.2", "1.21", "1.3", "1.31", "2",
                                        "2.5")]


@st.composite
def _numbers_against(draw: st.DrawFn) -> tuple[Target, Any, Any, str | None]:
    target = draw(targets(kinds=["comparison"]).filter(
        lambda t: isinstance(t, Comparison) and t.quantity.value > 0))
    assert isinstance(target, Comparison)
    like = target.quantity
    choice = draw(st.sampled_from(["near", "near", "over", "multiplier", "bare", "decimal"]))
    if choice in ("near", "over"):
        top = 3 if choice == "near" else 20
        share = draw(st.one_of(st.decimals(min_value=0, max_value=top, places=3),
                               st.sampled_from(_SHARES)))
        actual: Any = str(Quantity(value=like.value * share, unit=like.unit))
    elif choice == "multiplier":
        actual = str(draw(quantities(units=like.unit, min_value=0, max_value=10**6)))
    elif choice == "bare":
        actual = format_decimal(like.value * draw(st.decimals(min_value=0, max_value=3,
                                                              places=2)))
    else:
        actual = draw(st.decimals(min_value=0, max_value=10**6, places=3))
    weight = draw(st.sampled_from([Decimal(10), Decimal("7.5"), Decimal("0.05"), 3]))
    return target, actual, weight, draw(st.sampled_from([None, "成本指标"]))


@pytest.mark.parametrize("setting", sorted(POLICY_EXAMPLES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=_numbers_against(), direction=st.sampled_from([None, "正向", "反向"]))
def test_kernel_follows_every_policy_setting(setting: str,
                                             row: tuple[Target, Any, Any, str | None],
                                             direction: str | None) -> None:
    target, actual, weight, category = row
    policy = Policy.model_validate({setting: POLICY_EXAMPLES[setting]})
    scorer = Scorer.compile(target, policy=policy, direction=direction, category=category)
    fused = _run(scorer.score, actual, weight)
    assert fused == _run(scorer.score_steps, actual, weight)
    assert fused == _run(scorer.score, actual, weight)  # again, from what it remembered


@pytest.mark.parametrize("setting", ["tolerance", "rate_quantum", "overshoot_cut"])
def test_settings_the_kernel_does_not_carry_leave_it_out(setting: str) -> None:
    policy = Policy.model_validate({setting: POLICY_EXAMPLES[setting]})
    assert Scorer.compile("≥95%", policy=policy).numeric_rule is None
    assert Scorer.compile("≥95%").numeric_rule is not None


def test_numeric_rule_carries_the_policy() -> None:
    policy = Policy(rounding="0.1", rounding_mode="down", overshoot_flag="1.05",
                    reverse="linear")
    higher = Scorer.compile("≥95%", policy=policy).numeric_rule
    lower = Scorer.compile("≤90万元", policy=policy).numeric_rule
    assert higher is not None and lower is not None
    assert (higher.kind, higher.quantum, higher.rounding, higher.overshoot_flag) == \
        ("higher", Decimal("0.1"), "ROUND_DOWN", Decimal("1.05"))
    assert (lower.kind, lower.overshoot_flag, lower.target) == ("linear", None, Decimal(900000))


def test_header_unit_keeps_how_each_target_is_written() -> None:
    """Equal targets written differently (≥4万元, ≥40000元) under a header unit: each
    keeps its own writing (a cache keyed by model value once gave the second the
    first's)."""
    first = evaluate(Scorer.compile("≥4万元").model, "5万元", weight=10, unit="万元")
    second = evaluate(Scorer.compile("≥40000元").model, "5万元", weight=10, unit="万元")
    assert first.explanation.startswith("目标 ≥4万元，")
    assert second.explanation.startswith("目标 ≥40000元，")


WORDS = '[actual_words]\n"1" = ["圆满完成"]\n\n[nothing_actuals]\nwords = ["全年空白"]\n'


def test_a_rule_authors_words_count_in_actuals(tmp_path: Path) -> None:
    """Judgement words and nothing-words of a vocabulary file are read in actuals by the
    parser that has them (and only by it)."""
    path = tmp_path / "words.toml"
    path.write_text(WORDS, encoding="utf-8")
    parser = IndicatorParser.from_files(vocabulary=path)
    tier = evaluate("显著提升", "圆满完成", weight=10, parser=parser)
    assert tier.achieved and "“圆满完成”属第一档" in tier.explanation
    assert evaluate("显著提升", "圆满完成", weight=10).reason == "judgement_needed"
    zero = evaluate("≤1起", "全年空白", weight=10, parser=parser)
    assert zero.achieved and "zero_word" in zero.flags
    assert evaluate("≤1起", "全年空白", weight=10).reason == "kind_mismatch"


@pytest.mark.parametrize("text", ["1" + "0" * 20001 + "%", "0." + "0" * 20001 + "1"])
def test_a_plain_number_no_table_holds_is_left_to_the_grammar(text: str) -> None:
    """The plain-number shortcut declines a value out of range; the grammar then says
    what is wrong (never a pydantic error escaping the engine)."""
    assert Scorer.compile("≥95%").parser.actuals.plain_number(text) is None
    outcome = evaluate("≥95%", text, weight=10)
    assert outcome.reason == "unparsable_actual" and "过长" in outcome.explanation

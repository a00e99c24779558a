"""The public strategies of ``zhibiao.testing.strategies``: their contracts and arguments.

- ``zhibiao.testing.strategies`` re-exports every public name of the modules that define
  the strategies (targets, actuals, rulesets);
- every strategy's docstring example runs (doctest), and every public strategy has one;
- ``actuals_for`` gives texts whose evaluation has exactly the requested status, for
  generated targets of every kind, under generated policies and directions;
- arguments are checked with clear ``InvalidArgument`` messages;
- ``rulesets`` gives rulesets that loaded through the real loader; ``actuals_tables``
  gives rows that ``Ruleset.score`` accepts without a problem.
"""

from __future__ import annotations

import doctest
import inspect
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, NonInteractiveExampleWarning

import zhibiao.testing.actual_strategies
import zhibiao.testing.form_strategies
import zhibiao.testing.ruleset_strategies
import zhibiao.testing.strategies as strategies_module
import zhibiao.testing.target_strategies
from zhibiao import parse as zhibiao_parse
from zhibiao.engine import Policy, Status, evaluate
from zhibiao.grammar.models import Target
from zhibiao.ruleset import Ruleset
from zhibiao.testing.strategies import (
    OUTCOMES,
    actuals_for,
    actuals_tables,
    rulesets,
    targets,
)

#: The modules that define the strategies ``zhibiao.testing.strategies`` re-exports.
STRATEGY_MODULES = (zhibiao.testing.target_strategies, zhibiao.testing.actual_strategies,
                    zhibiao.testing.ruleset_strategies, zhibiao.testing.form_strategies)
PUBLIC_STRATEGIES = ["units", "quantities", "targets", "target_texts", "actuals_for",
                     "rulesets", "actuals_tables", "selfeval_workbooks"]

# Policies that change which actuals achieve: tolerance, direction of bare values,
# qualitative bands (which grades achieve), the evaluation year (deadlines).
policies = st.builds(
    Policy,
    tolerance=st.sampled_from([None, "2", "±5%"]),
    bare_value=st.sampled_from(["正向", "反向", "等于"]),
    qualitative_bands=st.sampled_from(["80/60", "80/50", "85/60"]),
    year=st.sampled_from([None, None, 2022, 2024]),
    reverse=st.sampled_from(["inverse", "linear"]),
)
directions = st.sampled_from([None, None, "正向", "反向", "等于"])


def test_every_public_strategy_is_exported_and_has_an_example() -> None:
    for name in PUBLIC_STRATEGIES:
        assert name in strategies_module.__all__
        doc = inspect.getdoc(getattr(strategies_module, name)) or ""
        assert ">>> " in doc, f"{name} has no example in its docstring"


def test_every_public_name_is_re_exported_from_its_module() -> None:
    """``strategies`` is the door: each public name is the one its own module defines."""
    for module in STRATEGY_MODULES:
        for name in module.__all__:
            assert name in strategies_module.__all__, (module.__name__, name)
            assert getattr(strategies_module, name) is getattr(module, name)
    defined = {name for module in STRATEGY_MODULES for name in module.__all__}
    assert defined == set(strategies_module.__all__)


def test_docstring_examples_run() -> None:
    attempted = failed = 0
    with warnings.catch_warnings():  # the lead's examples call .example() on purpose
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        for module in (strategies_module, *STRATEGY_MODULES):
            result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
            attempted += result.attempted
            failed += result.failed
    assert attempted >= len(PUBLIC_STRATEGIES)
    assert failed == 0


def test_strategy_arguments_are_keyword_only() -> None:
    for name in PUBLIC_STRATEGIES:
        parameters = inspect.signature(getattr(strategies_module, name)).parameters.values()
        positional = [p.name for p in parameters
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        # Only the subject of the strategy (a target, a ruleset) is positional.
        assert positional in ([], ["target"], ["ruleset"]), (name, positional)


# ---- actuals_for: the status asked for is the status evaluated ------------------------

@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.filter_too_much])
@given(data=st.data(), target=targets(), outcome=st.sampled_from(OUTCOMES),
       policy=policies, direction=directions,
       weight=st.decimals(min_value=0, max_value=100, places=2))
def test_actual_gives_the_requested_status(data: st.DataObject, target: Target, outcome: str,
                                           policy: Policy, direction: str | None,
                                           weight: Decimal) -> None:
    try:
        strategy = actuals_for(target, outcome=outcome,  # type: ignore[arg-type]
                               policy=policy, direction=direction)
    except InvalidArgument:
        return  # this target can never give this outcome (checked in its own test)
    actual = data.draw(strategy, label="actual")
    result = evaluate(target, actual, weight=weight, policy=policy, direction=direction)
    assert result.status == outcome, result.explanation


@pytest.mark.parametrize("text", ["≥0.0001万", "≤3亿", "=2万"])
@given(data=st.data())
def test_bare_actuals_are_read_in_the_targets_scale(text: str, data: st.DataObject) -> None:
    """A bare number against a target with a multiplier but no unit is read in that
    multiplier (0.5 against ≥0.0001万 is 0.5万): the strategy writes it so."""
    target = zhibiao_parse(text)
    for outcome in ("achieved", "not_achieved"):
        actual = data.draw(actuals_for(target, outcome=outcome), label=outcome)
        assert evaluate(target, actual, weight=10).status == outcome, actual


@given(data=st.data(), target=targets(kinds=["comparison", "range"]),
       achieved=st.booleans())
def test_actuals_in_the_targets_own_scale(data: st.DataObject, target: Target,
                                          achieved: bool) -> None:
    outcome = "achieved" if achieved else "not_achieved"
    try:
        strategy = actuals_for(target, outcome=outcome, scales=False)
    except InvalidArgument:
        return
    actual = data.draw(strategy)
    assert evaluate(target, actual, weight=10).status == outcome


@given(data=st.data(), target=targets(kinds=["comparison", "range", "deadline"]))
def test_an_outcome_strategy_mixes_outcomes(data: st.DataObject, target: Target) -> None:
    actual = data.draw(actuals_for(target, outcome=st.sampled_from(["achieved",
                                                                    "not_achieved"])))
    assert evaluate(target, actual, weight=10).status in (Status.ACHIEVED,
                                                          Status.NOT_ACHIEVED)


@pytest.mark.parametrize(("target", "outcome", "actual"), [
    ("≥14000万元", "achieved", "1.45亿元"),
    ("≤120分钟", "achieved", "2小时"),
    ("≤-5%", "achieved", "-6%"),
    ("显著提升", "not_achieved", "部分达成"),
    ("年底前完成", "not_achieved", "次年1月15日"),
    ("据实支付", "achieved", "12万元"),
])
def test_examples_from_the_issue_are_in_reach(target: str, outcome: str, actual: str) -> None:
    # The notations the strategy draws from are the ones the engine documents.
    assert evaluate(target, actual, weight=10).status == outcome


@pytest.mark.parametrize("outcome", ["achieved", "not_achieved", "not_evaluable"])
def test_a_not_applicable_target_is_only_not_applicable(outcome: str) -> None:
    with pytest.raises(InvalidArgument, match="not-applicable target"):
        actuals_for("本指标不适用", outcome=outcome)  # type: ignore[arg-type]


@given(actuals_for("本指标不适用", outcome="not_applicable"))
def test_anything_filled_in_against_not_applicable(actual: str) -> None:
    assert evaluate("本指标不适用", actual, weight=5).status == Status.NOT_APPLICABLE


def test_a_compound_part_cannot_carry_a_sign() -> None:
    with pytest.raises(InvalidArgument, match="no actual can give that"):
        actuals_for("A≤-5%;B≥3个", outcome="achieved")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"outcome": "done"}, "outcome='done'"),
    ({"outcome": "achieved", "scales": "yes"}, "scales='yes'"),
    ({"direction": "up"}, "direction='up'"),
    ({"policy": {"reverse": "linear"}}, "not a zhibiao.engine.Policy"),
    ({"category": 3}, "category=3"),
])
def test_actuals_for_checks_its_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message.replace("(", r"\(")):
        actuals_for("≥95%", **kwargs)  # type: ignore[arg-type]


def test_actuals_for_checks_its_target() -> None:
    with pytest.raises(InvalidArgument, match="does not parse"):
        actuals_for("≥≥95%")
    with pytest.raises(InvalidArgument, match="not int"):
        actuals_for(95)  # type: ignore[arg-type]


def test_a_drawn_outcome_outside_the_list_is_refused() -> None:
    @given(actuals_for("≥95%", outcome=st.just("maybe")))  # type: ignore[arg-type]
    def draw_one(actual: str) -> None:
        raise AssertionError("unreachable")  # pragma: no cover

    with pytest.raises(InvalidArgument, match="outcome='maybe'"):
        draw_one()


# ---- rulesets and actuals tables ---------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "message"), [
    ({"min_indicators": 0}, "min_indicators=0"),
    ({"max_indicators": 61}, "max_indicators=61"),
    ({"min_indicators": 5, "max_indicators": 2}, "min_indicators=5 > max_indicators=2"),
    ({"kinds": ["percent"]}, "choose from"),
    ({"policies": 1}, "policies=1"),
])
def test_rulesets_checks_its_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        rulesets(**kwargs)  # type: ignore[arg-type]


@settings(max_examples=1)
@given(rulesets(max_indicators=2))
def test_actuals_tables_checks_its_arguments(ruleset: Ruleset) -> None:
    with pytest.raises(InvalidArgument, match="should be a zhibiao Ruleset"):
        actuals_tables("ruleset.toml")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="non-empty"):
        actuals_tables(ruleset, outcomes=())
    with pytest.raises(InvalidArgument, match="outcome='late'"):
        actuals_tables(ruleset, outcomes=["late"])  # type: ignore[list-item]


@settings(max_examples=40)
@given(rulesets(max_indicators=6))
def test_generated_rulesets_are_loaded_and_add_up(ruleset: Ruleset) -> None:
    assert isinstance(ruleset, Ruleset)
    assert not [w for w in ruleset.warnings if w.severity == "error"]
    total = sum((i.points for i in ruleset.indicators), Decimal(0)) + ruleset.budget_points
    assert total == 100
    assert len({i.id for i in ruleset.indicators}) == len(ruleset.indicators)


@settings(max_examples=30)
@given(rulesets(max_indicators=6, kinds=["qualitative", "deadline"]))
def test_rulesets_keep_to_the_kinds_asked_for(ruleset: Ruleset) -> None:
    assert {i.target.kind for i in ruleset.indicators} <= {"qualitative", "deadline"}


@settings(max_examples=40)
@given(st.data(), rulesets(max_indicators=6))
def test_every_row_of_an_actuals_table_is_used(data: st.DataObject, ruleset: Ruleset) -> None:
    rows = data.draw(actuals_tables(ruleset, missing=False, budget=False))
    assert {r["indicator"] for r in rows} <= {i.id for i in ruleset.indicators} | {
        i.name for i in ruleset.indicators}
    report = ruleset.score(rows)
    assert report.problems == ()
    # A row with a blank actual leaves the indicator unevaluable (or not applicable).
    assert all(row.actual is not None or row.status in ("not_evaluable", "not_applicable")
               for row in report.rows)


# ---- docs/testing.md: its examples run ---------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "testing.md"


def test_docs_examples_run() -> None:
    result = doctest.testfile(str(DOCS), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 4
    assert result.failed == 0


def test_docs_install_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    scripts = [b for b in blocks if not b.lstrip().startswith(">>>")]
    assert scripts, "the install example is missing"
    for script in scripts:
        namespace: dict[str, object] = {}
        exec(compile(script, "<docs/testing.md example>", "exec"), namespace)
        tests = [v for k, v in namespace.items() if k.startswith("test_") and callable(v)]
        assert tests
        for test in tests:
            test()

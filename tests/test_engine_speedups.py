"""The engine's shortcuts give exactly what the step-by-step path gives.

``evaluate`` (a :class:`~zhibiao.engine.scorer.Scorer`) scores the common rows (a number
against ``≥T``/``≤T``/a bare value) with its fused kernel
(:class:`zhibiao.engine.fast.FusedComparison`), remembers bare Decimal/int actuals and
keeps per-weight text; ``evaluate_reference`` runs every step as before. On generated
targets, actuals, weights and policies both must give the same outcome: equal, with the
same ``repr`` (so Decimals keep their exponents), the same fields set and byte-for-byte
the same JSON — or raise the same error.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from zhibiao.engine import Outcome, Policy, Scorer, evaluate, evaluate_many
from zhibiao.engine.actuals import (
    NumberActual,
    coerce_actual,
    number_actual,
    parse_actual,
    read_actual,
)
from zhibiao.engine.evaluate import evaluate_reference
from zhibiao.engine.steps import coerce_weight
from zhibiao.errors import ZhibiaoError
from zhibiao.grammar.models import Comparison, Quantity, Target
from zhibiao.grammar.numerals import format_decimal
from zhibiao.testing.strategies import quantities, targets, units

_NO_UNIT = parse_actual("1").quantity.unit  # type: ignore[union-attr]

policies = st.builds(
    Policy,
    reverse=st.sampled_from(["inverse", "linear"]),
    bare_value=st.sampled_from(["正向", "反向", "等于"]),
    bare_value_by_category=st.sampled_from([{}, {"成本指标": "反向"}, {"成本指标": "等于"}]),
    rounding=st.sampled_from(["0.01", "0.1", "1", "0.0001"]),
    rounding_mode=st.sampled_from(["half_up", "half_even", "down", "up"]),
    overshoot_flag=st.sampled_from(["1.3", "off", "1.05", "200%"]),
    overshoot_cut=st.sampled_from([None, None, None, "1.3"]),
    tolerance=st.sampled_from([None, None, None, "2", "±5%"]),
    rate_quantum=st.sampled_from([None, None, None, "0.001"]),
)
weights: st.SearchStrategy[Any] = st.one_of(
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal(10), Decimal("10.0"), Decimal("10.000"), Decimal("1E+1"),
                     Decimal(0), Decimal("-0"), Decimal("0.00"), Decimal("12.5"),
                     Decimal("0.005"), Decimal("10.005")]),
    st.integers(min_value=0, max_value=100),
    st.sampled_from(["10", "5分", "12.5"]),
)
_WORDS = ("达成预期指标", "部分达成", "未完成", "优", "良", "", "/", "不适用", "无上访",
          "7月", "效果很好", "90%-95%", "250户,12户", "abc", "1,000")


def _comparable(outcome: Outcome) -> tuple[object, ...]:
    fields = tuple((name, type(value).__name__, repr(value))
                   for name, value in outcome.__dict__.items())
    return (type(outcome), fields, sorted(outcome.model_fields_set),
            outcome.__pydantic_extra__, outcome.__pydantic_private__,
            json.dumps(outcome.to_json(), ensure_ascii=False), outcome.model_dump_json())


def _run(function: Any, *args: Any, **kwargs: Any) -> tuple[object, ...]:
    try:
        outcome = function(*args, **kwargs)
    except ZhibiaoError as exc:  # the same error, whichever path
        return ("raised", type(exc), str(exc))
    assert isinstance(outcome, Outcome)
    return _comparable(outcome)


def _check(target: Target | str, actual: Any, weight: Any, **settings_: Any) -> None:
    fast = _run(evaluate, target, actual, weight=weight, **settings_)
    reference = _run(evaluate_reference, target, actual, weight=weight, **settings_)
    assert fast == reference
    if currently_in_test_context():
        event("raised" if fast[0] == "raised" else
              f"shortcut taken: {_shortcut_taken(target, actual, weight, **settings_)}")


def _shortcut_taken(target: Target | str, actual: Any, weight: Any, **settings_: Any) -> bool:
    scorer = Scorer.compile(target, **settings_)
    parsed = coerce_actual(actual)
    fused = scorer._fused
    if fused is None or not isinstance(parsed, NumberActual):
        return False
    text = actual.strip() if isinstance(actual, str) else parsed.text
    return fused(parsed, text, coerce_weight(weight)) is not None


@st.composite
def _actual_for(draw: st.DrawFn, target: Target) -> Any:
    """Mostly numbers in or near the target's unit (the rows the shortcut takes)."""
    like: Quantity | None = target.quantity if isinstance(target, Comparison) else None
    choice = draw(st.sampled_from(["same", "same", "near", "bare", "decimal", "int",
                                   "other_unit", "copied", "word"]))
    if like is not None and choice in ("same", "near"):
        if choice == "near" and like.value != 0:
            share = draw(st.decimals(min_value=0, max_value=3, places=3))
            value = like.value * share
        else:
            value = draw(st.decimals(min_value=-10, max_value=10**7, places=3))
        quantity = Quantity(value=value, unit=like.unit)
        if draw(st.booleans()):  # the same unit written with another multiplier
            quantity = draw(quantities(units=like.unit, min_value=0, max_value=10**6))
        return str(quantity)
    if choice == "bare":
        return format_decimal(draw(st.decimals(min_value=0, max_value=10**6, places=2)))
    if choice == "decimal":
        value = draw(st.decimals(min_value=-5, max_value=10**6, places=4, allow_nan=False,
                                 allow_infinity=False))
        return value.scaleb(draw(st.integers(-2, 2))) if draw(st.booleans()) else value
    if choice == "int":
        return draw(st.integers(min_value=-5, max_value=10**6))
    if choice == "other_unit":
        return str(draw(quantities(units=units(rates=False), max_value=10**5)))
    if choice == "copied":
        return str(target)
    return draw(st.sampled_from(_WORDS))


@st.composite
def _rows(draw: st.DrawFn) -> tuple[Target, Any, Any, dict[str, Any]]:
    target = draw(st.one_of(targets(kinds=["comparison"]), targets(kinds=["comparison"]),
                            targets()))
    settings_ = {
        "policy": draw(policies),
        "direction": draw(st.sampled_from([None, None, "正向", "反向", "等于", "lower"])),
        "category": draw(st.sampled_from([None, None, "成本指标", "产出指标"])),
        "unit": draw(st.sampled_from([None, None, None, "%", "万元", "个"])),
    }
    return target, draw(_actual_for(target)), draw(weights), settings_


#: Policies the shortcut takes (no tolerance, rate_quantum or overshoot_cut).
common_policies = st.builds(
    Policy,
    reverse=st.sampled_from(["inverse", "linear"]),
    bare_value=st.sampled_from(["正向", "反向", "等于"]),
    rounding=st.sampled_from(["0.01", "0.1", "1", "0.0001"]),
    rounding_mode=st.sampled_from(["half_up", "half_even", "down", "up"]),
    overshoot_flag=st.sampled_from(["1.3", "off", "1.05"]),
)


@st.composite
def _common_rows(draw: st.DrawFn) -> tuple[Target, Any, Any, dict[str, Any]]:
    """Rows of the kind the shortcut scores: a positive comparison target and a number."""
    target = draw(targets(kinds=["comparison"]).filter(
        lambda t: isinstance(t, Comparison) and t.quantity.value > 0))
    settings_ = {
        "policy": draw(common_policies),
        "direction": draw(st.sampled_from([None, None, "正向", "反向"])),
        "category": draw(st.sampled_from([None, "成本指标"])),
        "unit": None,
    }
    actual = draw(_actual_for(target).filter(lambda a: not isinstance(a, str)
                                             or a not in _WORDS))
    return target, actual, draw(weights), settings_


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=_common_rows())
def test_common_rows_match_reference(row: tuple[Target, Any, Any, dict[str, Any]]) -> None:
    target, actual, weight, settings_ = row
    _check(target, actual, weight, **settings_)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=_rows())
def test_evaluate_matches_reference(row: tuple[Target, Any, Any, dict[str, Any]]) -> None:
    target, actual, weight, settings_ = row
    _check(target, actual, weight, **settings_)
    # As text, too: a target given as 指标值 text goes through the same preparation.
    _check(str(target), actual, weight, **settings_)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_rows(), min_size=2, max_size=12), again=st.booleans())
def test_sequences_match_reference(rows: list[tuple[Target, Any, Any, dict[str, Any]]],
                                   again: bool) -> None:
    """Rows one after another (and repeated), so the per-target and per-weight text
    kept between calls is exercised."""
    for target, actual, weight, settings_ in rows + (rows if again else []):
        _check(target, actual, weight, **settings_)


@settings(max_examples=300, deadline=None)
@given(target=targets(kinds=["comparison"]),
       values=st.lists(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False,
                                   allow_infinity=False), min_size=1, max_size=6),
       weight=weights, policy=policies)
def test_evaluate_many_matches_reference(target: Target, values: list[Decimal], weight: Any,
                                         policy: Policy) -> None:
    assert isinstance(target, Comparison)
    actuals = [f"{format_decimal(v)}{target.quantity.unit.name}" for v in values]
    rows = [(target, a, weight) for a in actuals + actuals]
    try:
        many = [_comparable(o) for o in evaluate_many(rows, policy=policy)]
    except ZhibiaoError:
        return
    assert many == [_run(evaluate_reference, t, a, weight=w, policy=policy) for t, a, w in rows]


_WEIGHT_FORMS = [Decimal(0), Decimal("-0"), Decimal("0.00"), Decimal("-0.000"), Decimal(10),
                 Decimal("10.0"), Decimal("1E+1"), Decimal("10.005"), Decimal("10.0050"),
                 Decimal("0.004"), 10, "10", "10.0", "10分", 0, "-0"]


@pytest.mark.parametrize("rounding", ["0.01", "1"])
@pytest.mark.parametrize(("target", "actual"), [
    ("≥95%", "97%"), ("≥95%", "92%"), ("≤90万元", "80万元"), ("≤90万元", "100万元"),
    ("≥95%", Decimal("97")), (">95%", "95%"), ("≥60个", "105个")])
def test_weights_written_differently(target: str, actual: object, rounding: str) -> None:
    """Equal weights written differently (0 and -0, 10 and 10.0) one after another: the
    text kept per weight must not leak from one to the other."""
    policy = Policy(rounding=rounding, reverse="linear")
    for weight in _WEIGHT_FORMS + _WEIGHT_FORMS[::-1]:
        _check(target, actual, weight, policy=policy, direction=None, category=None,
               unit=None)


# ---- the bare-number memo ---------------------------------------------------------

_SAME_VALUE = [Decimal("92"), Decimal("92.0"), 92, Decimal("9.2E+1"), Decimal("92.000"),
               Decimal("0"), Decimal("-0"), 0, Decimal("0E+3"), Decimal("-0.00"),
               Decimal("1E+30"), 10**30, Decimal("-5"), -5]


def _fresh(value: Decimal | int) -> object:
    number = Decimal(value)
    return number_actual(format_decimal(number), number, _NO_UNIT, "", Decimal(1))


@pytest.mark.parametrize("order", [_SAME_VALUE, list(reversed(_SAME_VALUE))])
def test_remembered_numbers_keep_their_exponent_and_sign(order: list[Decimal | int]) -> None:
    for _ in range(2):
        for value in order:
            remembered = coerce_actual(value)
            assert repr(remembered) == repr(_fresh(value))
            assert repr(remembered.quantity.value) == repr(Decimal(value))  # type: ignore[union-attr]


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-100,
                max_value=100).map(lambda d: d.scaleb(-1)),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-100, max_value=100),
    st.integers(-100, 100)), min_size=1, max_size=20))
def test_remembered_numbers_match_fresh_ones(values: list[Decimal | int]) -> None:
    for value in values:
        assert repr(coerce_actual(value)) == repr(_fresh(value))


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.one_of(
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False,
                allow_infinity=False).map(format_decimal),
    quantities(max_value=10**5).map(str),
    st.sampled_from((*_WORDS, "92%", "92.0%", "092%", "1.45亿元", " 92% "))), min_size=1,
    max_size=10))
def test_read_actual_is_parse_actual(texts: list[str]) -> None:
    """Texts read once, twice, three times (remembered from the second): the same model."""
    for text in texts * 3:
        try:
            expected = repr(parse_actual(text))
        except ZhibiaoError as exc:
            with pytest.raises(type(exc)):
                read_actual(text)
            continue
        assert repr(read_actual(text)) == expected


# ---- the shortcut is taken where it should be ----------------------------------------

@pytest.mark.parametrize(("target", "actual"), [
    ("≥95%", "92%"), ("≥95%", "97%"), ("≥95%", Decimal(92)), ("≥95%", "92"),
    ("≤90万元", "100万元"), ("≤90万元", "80万元"), ("20万元", "10万元"), (">95%", "95%"),
    ("≥60个", "105个"), ("≥14000万元", "1.45亿元"), ("每年≥3次", "4次"),
])
def test_common_rows_take_the_shortcut(target: str, actual: object) -> None:
    fused = Scorer.compile(target)._fused
    assert fused is not None
    parsed = coerce_actual(actual)
    text = actual.strip() if isinstance(actual, str) else parsed.text  # type: ignore[union-attr]
    outcome = fused(parsed, text, Decimal(10))  # type: ignore[arg-type]
    assert outcome is not None
    reference = evaluate_reference(target, actual, weight=Decimal(10))  # type: ignore[arg-type]
    assert _comparable(outcome) == _comparable(reference)


@pytest.mark.parametrize("policy", [Policy(tolerance="2"), Policy(rate_quantum="0.001"),
                                    Policy(overshoot_cut="1.3")])
def test_policies_the_shortcut_leaves_to_the_general_path(policy: Policy) -> None:
    assert Scorer.compile("≥95%", policy=policy).numeric_rule is None

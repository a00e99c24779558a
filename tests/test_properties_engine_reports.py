"""Properties of the engine, the reports and the ruleset files, on generated data.

Built on ``zhibiao.testing.strategies`` (the language's own properties — round trip,
equivalent notations — are in ``test_grammar_properties.py``):

- evaluation never raises for generated (target, actual) pairs, nor for any text actual;
- the score is within [0, w]; an achieved indicator is worth at least the first tier's
  lower bound (80% by default) unless the policy cuts overshoot;
- the score is monotonic in a bare actual for every generated comparison target whose
  rule is 正向 or 反向, whatever its unit, multiplier and policy;
- writing the actual in another scale of the target's unit changes nothing;
- ``evaluate_many`` gives what ``evaluate`` gives, row by row, repeated rows included;
- a report's total equals the sum of its rows and budget block, rescaled over the
  applicable points (DOMAIN §3), recomputed here with the policy's rounding;
- a report row is what ``evaluate`` gives for that indicator on its own;
- a ruleset written with ``Ruleset.to_toml`` and loaded back is equal.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zhibiao.engine import Outcome, Policy, Status, evaluate, evaluate_many
from zhibiao.engine.rate_bounds import with_rate_review
from zhibiao.grammar.models import Comparison, Op, Range, Target
from zhibiao.grammar.numerals import format_decimal
from zhibiao.grammar.units import default_unit_table
from zhibiao.ruleset import Ruleset, load_ruleset
from zhibiao.testing.strategies import OUTCOMES, actuals_for, actuals_tables, rulesets, targets

weights = st.decimals(min_value=0, max_value=100, places=2)
policies = st.builds(
    Policy,
    reverse=st.sampled_from(["inverse", "linear"]),
    bare_value=st.sampled_from(["正向", "反向", "等于"]),
    rounding=st.sampled_from(["0.01", "0.1", "1"]),
    rounding_mode=st.sampled_from(["half_up", "half_even", "down", "up"]),
    tolerance=st.sampled_from([None, "2", "±5%"]),
    overshoot_cut=st.sampled_from([None, None, "1.3"]),
    qualitative_bands=st.sampled_from(["80/60", "80/50"]),
    qualitative_position=st.sampled_from(["top", "middle", "bottom"]),
    late=st.sampled_from(["zero", "proportional_days"]),
    rate_quantum=st.sampled_from([None, "0.001"]),
    year=st.sampled_from([None, 2020, 2024]),
)
categories = st.sampled_from([None, "数量指标", "成本指标"])
directions = st.sampled_from([None, None, "正向", "反向", "等于"])


def pairs(draw: st.DrawFn) -> tuple[Target, str, str]:
    target = draw(targets())
    outcome = draw(st.sampled_from(OUTCOMES))
    actual = draw(actuals_for(target, outcome=st.just(outcome)))  # rejects impossible pairs
    return target, actual, outcome


generated_pairs = st.composite(pairs)()


def _well_formed(outcome: Outcome, weight: Decimal) -> None:
    assert outcome.status in set(Status)
    assert Decimal(0) <= outcome.score <= weight
    if outcome.status in (Status.NOT_EVALUABLE, Status.NOT_APPLICABLE):
        assert outcome.score == 0
    if outcome.status is Status.NOT_EVALUABLE:
        assert outcome.reason is not None
    if outcome.score_range is not None:
        low, high = outcome.score_range
        assert Decimal(0) <= low <= outcome.score <= high <= weight
    assert str(outcome.score) in outcome.explanation


# ---- evaluation never raises; scores stay in bounds -------------------------------------

@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.filter_too_much])
@given(pair=generated_pairs, weight=weights, policy=policies, direction=directions,
       category=categories)
def test_generated_pairs_evaluate_without_raising(pair: tuple[Target, str, str],
                                                  weight: Decimal, policy: Policy,
                                                  direction: str | None,
                                                  category: str | None) -> None:
    target, actual, _ = pair
    _well_formed(evaluate(target, actual, weight=weight, policy=policy, direction=direction,
                          category=category), weight)


# Characters that matter to actuals (numbers, units, dates, words) mixed with any text.
_ACTUAL_ALPHABET = st.one_of(
    st.sampled_from(list("0123456789.,%‰-~/；;、（）≥≤<>=年月日底前次万亿元人个天小时分钟"
                         "达成完基本未不适用优良中差好无 \u3000")),
    st.characters(),
)


@settings(max_examples=300)
@given(target=targets(), actual=st.text(_ACTUAL_ALPHABET, max_size=25), weight=weights,
       policy=policies)
def test_any_text_actual_evaluates_without_raising(target: Target, actual: str,
                                                   weight: Decimal, policy: Policy) -> None:
    _well_formed(evaluate(target, actual, weight=weight, policy=policy), weight)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.filter_too_much])
@given(data=st.data(), target=targets(), weight=weights, policy=policies)
def test_achieved_is_worth_at_least_the_first_tier(data: st.DataObject, target: Target,
                                                   weight: Decimal, policy: Policy) -> None:
    assume(policy.overshoot_cut is None)
    actual = data.draw(actuals_for(target, outcome=st.just("achieved"), policy=policy))
    outcome = evaluate(target, actual, weight=weight, policy=policy)
    assert outcome.status is Status.ACHIEVED
    floor = policy.floor_to_quantum(weight * policy.qualitative_bands[0] / 100)
    assert outcome.score >= min(floor, weight), outcome.explanation


# ---- monotonicity and scale invariance --------------------------------------------------

bare_values = st.decimals(min_value=-10**4, max_value=10**6, places=3)


def _bare(value: Decimal, target: Comparison) -> str:
    """A bare number: it takes the target's unit and multiplier as written."""
    return format_decimal(value / target.quantity.multiplier_factor)


def _direction(target: Comparison, policy: Policy) -> int:
    """+1 when more is better (正向), -1 when less is (反向), 0 otherwise."""
    if target.op in (Op.GE, Op.GT):
        return 1
    if target.op in (Op.LE, Op.LT):
        return -1
    if target.op in (Op.EQ, Op.APPROX):
        bare = policy.bare_value.polarity
        if bare == "lower":
            return -1
        if bare == "higher" and target.quantity.value > 0:
            return 1
    return 0


@settings(max_examples=300)
@given(target=targets(kinds=["comparison"]), a=bare_values, b=bare_values, weight=weights,
       policy=policies)
def test_score_is_monotonic_in_the_actual(target: Comparison, a: Decimal, b: Decimal,
                                          weight: Decimal, policy: Policy) -> None:
    sign = _direction(target, policy)
    assume(sign != 0)
    # overshoot_cut lowers the score of a large overshoot on purpose (DOMAIN §3).
    assume(sign < 0 or policy.overshoot_cut is None)
    low, high = sorted((a, b))
    first = evaluate(target, _bare(low, target), weight=weight, policy=policy)
    second = evaluate(target, _bare(high, target), weight=weight, policy=policy)
    if sign > 0:
        assert first.score <= second.score, (first.explanation, second.explanation)
    else:
        assert first.score >= second.score, (first.explanation, second.explanation)


_DATE_FORMS = frozenset({"月", "年", "年度"})  # 7月 and 2024年 read as dates


def _equivalent_texts(value: Decimal, target: Comparison | Range) -> list[str]:
    """``value`` (canonical) in every exactly equivalent notation of the target's unit."""
    table = default_unit_table()
    like = target.quantity if isinstance(target, Comparison) else target.high
    unit = like.unit
    rate = "".join("/" + d for d in unit.denominators)
    sign, magnitude = ("-" if value < 0 else ""), abs(value)
    texts = [sign + format_decimal(magnitude / like.multiplier_factor)]  # bare
    if not unit.numerator:
        return texts
    names = [n for n, d in table.definitions.items()
             if d.dimension == table.definitions[unit.numerator].dimension]
    for name in names if not unit.denominators else [unit.numerator]:
        scaled = Fraction(magnitude) * table.definitions[unit.numerator].scale \
            / table.definitions[name].scale
        den = scaled.denominator
        while den % 2 == 0:
            den //= 2
        while den % 5 == 0:
            den //= 5
        if den != 1 or name in _DATE_FORMS:
            continue
        number = Decimal(scaled.numerator) / Decimal(scaled.denominator)
        texts.append(f"{sign}{format_decimal(number)}{name}{rate}")
        for word, factor in table.multipliers.items():
            if word + name not in table.written:
                texts.append(f"{sign}{format_decimal(number / factor)}{word}{name}{rate}")
    return texts


@settings(max_examples=300)
@given(target=targets(kinds=["comparison", "range"]), value=bare_values, weight=weights,
       policy=policies)
def test_unit_scale_does_not_change_the_outcome(target: Comparison | Range, value: Decimal,
                                               weight: Decimal, policy: Policy) -> None:
    outcomes = [evaluate(target, text, weight=weight, policy=policy)
                for text in _equivalent_texts(value, target)]
    first = outcomes[0]
    for other in outcomes[1:]:
        assert (other.status, other.score, other.ratio) == (first.status, first.score,
                                                            first.ratio), \
            (first.explanation, other.explanation)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.filter_too_much])
@given(rows=st.lists(st.tuples(generated_pairs, weights), min_size=1, max_size=8),
       repeat=st.lists(st.integers(0, 7), max_size=6), policy=policies)
def test_evaluate_many_agrees_with_evaluate(rows: list[tuple[tuple[Target, str, str],
                                                                Decimal]],
                                            repeat: list[int], policy: Policy) -> None:
    table = [(target, actual, weight) for (target, actual, _), weight in rows]
    table += [table[i % len(table)] for i in repeat]
    many = list(evaluate_many(table, policy=policy))
    one = [evaluate(t, a, weight=w, policy=policy) for t, a, w in table]
    assert [o.model_dump() for o in many] == [o.model_dump() for o in one]


# ---- reports and ruleset files ------------------------------------------------------------

def _with_table(ruleset: Ruleset) -> st.SearchStrategy[tuple[Ruleset, list[dict[str, str]]]]:
    return actuals_tables(ruleset).map(lambda rows: (ruleset, rows))


reports = rulesets(max_indicators=8).flatmap(_with_table)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
def test_report_total_is_the_rescaled_sum_of_its_rows(
        case: tuple[Ruleset, list[dict[str, str]]]) -> None:
    ruleset, rows = case
    report = ruleset.score(rows)
    policy = ruleset.spec.policy
    outcomes = [row.outcome for row in report.rows] + [report.budget.outcome]
    raw = sum((o.score for o in outcomes), Decimal(0))
    applicable = sum((o.weight for o in outcomes if o.status is not Status.NOT_APPLICABLE),
                     Decimal(0))
    if any(o.status is Status.NOT_APPLICABLE for o in outcomes):
        expected = policy.round(raw / applicable * 100) if applicable > 0 \
            else policy.round(Decimal(0))
    else:
        expected = policy.round(raw)
    totals = report.totals
    assert totals.raw_score == raw
    assert totals.total == expected
    assert totals.total_weight == sum((o.weight for o in outcomes), Decimal(0)) == 100
    assert totals.grade == policy.grade(totals.total)
    level1 = sum((b.score for b in totals.blocks if b.level == 1), Decimal(0))
    assert level1 == raw
    if any(o.status is Status.NOT_APPLICABLE for o in outcomes):
        assert Decimal(0) <= totals.total <= 100


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
def test_report_rows_are_the_engines_outcomes(
        case: tuple[Ruleset, list[dict[str, str]]]) -> None:
    ruleset, rows = case
    report = ruleset.score(rows)
    assert report.problems == ()
    given_for = {}
    for row in rows:
        indicator = ruleset.indicator(row["indicator"])
        if indicator is not None:
            given_for[indicator.id] = row["actual"].strip() or None
    assert [r.id for r in report.rows] == [i.id for i in ruleset.indicators]
    for row, indicator in zip(report.rows, ruleset.indicators, strict=True):
        alone = evaluate(indicator.target, given_for.get(indicator.id),
                         weight=indicator.points, policy=indicator.policy,
                         direction=indicator.direction, category=indicator.spec.level2,
                         unit=indicator.spec.unit)
        # The report adds what only the name tells: a 合格率 above 100 % (须复核).
        reviewed = with_rate_review(alone, indicator.name, indicator.policy)
        assert row.outcome.model_dump() == reviewed.model_dump()
        assert (reviewed is alone) == ("implausible_percent" not in row.outcome.flags)
        assert row.outcome.score == alone.score and row.outcome.status == alone.status
        if indicator.id not in given_for and row.status != "not_applicable":
            assert row.outcome.reason == "missing_actual"


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(rulesets(max_indicators=8))
def test_ruleset_written_to_toml_loads_back_equal(ruleset: Ruleset) -> None:
    text = ruleset.to_toml()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "again.toml"
        path.write_text(text, encoding="utf-8")
        again = load_ruleset(path)
    assert again.spec == ruleset.spec
    assert [(i.target, i.mid_term_target, i.points, i.policy) for i in again.indicators] == \
        [(i.target, i.mid_term_target, i.points, i.policy) for i in ruleset.indicators]
    assert again.blocks == ruleset.blocks
